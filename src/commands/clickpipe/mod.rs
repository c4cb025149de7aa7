//! `cloud clickpipe …`: ClickPipes, the managed ingestion of a service.

pub mod create;
pub mod schema_discover;
pub mod secrets;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::commands::agents;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum ClickpipeCommand {
    /// Create a ClickPipe from a source (Kafka, object storage, Kinesis, Pub/Sub, Postgres, MySQL, BigQuery, MongoDB)
    #[command(
        subcommand,
        after_help = agents::noun(
            "A new ClickPipe of a service, one leaf per source, from flags or from a JSON body \
(--file). The body is checked against the API's schema before anything is sent; secrets come \
from stdin, the environment or files, never only from the command line.",
            "none",
            "kafka, object-storage, kinesis, pubsub, postgres, mysql, bigquery, mongodb",
        )
    )]
    Create(create::CreateCommand),
    /// Infer the fields of a Kafka or Kinesis source, without creating a pipe (needs an API key)
    #[command(
        subcommand,
        after_help = agents::noun(
            "The fields (names, ClickHouse types) of a streaming source's messages, inferred from \
a sample without creating a pipe. It changes nothing, but it is a POST, which ClickHouse Cloud \
refuses under an OAuth login, so it is classified as a write.",
            "none",
            "kafka, kinesis",
        )
    )]
    SchemaDiscover(schema_discover::DiscoverCommand),
}

impl Classified for ClickpipeCommand {
    fn access(&self) -> Access {
        match self {
            ClickpipeCommand::Create(command) => command.access(),
            ClickpipeCommand::SchemaDiscover(command) => command.access(),
        }
    }
}

impl Operations for ClickpipeCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ClickpipeCommand::Create(command) => command.operations(),
            ClickpipeCommand::SchemaDiscover(command) => command.operations(),
        }
    }
}

impl ApiCommand for ClickpipeCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            ClickpipeCommand::Create(command) => command.run(session, out).await,
            ClickpipeCommand::SchemaDiscover(command) => command.run(session, out).await,
        }
    }
}
