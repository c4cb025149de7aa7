//! `cloud clickpipe …`: ClickPipes, the managed ingestion pipelines of a service (Kafka,
//! object storage, Kinesis, Pub/Sub and database CDC sources), with their state, scaling and
//! settings, the service's CDC scaling and its reverse private endpoints.
//!
//! `create <source>` and `schema-discover` have their own enums (`create/`,
//! `schema_discover.rs`), one leaf per source, that the variants below delegate to.

mod cdc_scaling;
pub mod create;
mod delete;
mod get;
mod list;
mod reverse_private_endpoint;
mod scale;
pub mod schema_discover;
pub mod secrets;
mod settings;
mod state;
mod update;

use clap::Subcommand;
use uuid::Uuid;

use crate::access::{Access, Classified, Operations};
use crate::api::clickpipes::ClickPipe;
use crate::api::{ReadApi, Reply};
use crate::app::{ApiCommand, Session};
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::commands::agents;
use crate::commands::service::wait::{self, Subject, Target};
use crate::error::Result;
use crate::output::{Output, detail_table, number};

#[derive(Debug, Subcommand)]
pub enum ClickpipeCommand {
    /// List the ClickPipes of a service
    List(list::Args),
    /// Show one ClickPipe
    Get(get::Args),
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
    /// Rename a ClickPipe, or change its source, destination, mappings or settings from a file
    Update(update::Args),
    /// Delete a ClickPipe
    Delete(delete::Args),
    /// Start a stopped or paused ClickPipe
    Start(state::Args),
    /// Stop a ClickPipe (database pipes pause)
    Stop(state::Args),
    /// Resync a database ClickPipe: load its tables again from the source
    Resync(state::Args),
    /// Scale a streaming or object storage ClickPipe (replicas, CPU and memory per replica)
    Scale(scale::Args),
    /// The advanced settings of a ClickPipe (insert batching, threads, polling)
    #[command(
        subcommand,
        after_help = agents::noun(
            "The advanced settings of one ClickPipe: how long and how much it batches before inserting, concurrency and threads, object storage polling.",
            "get",
            "update",
        )
    )]
    Settings(settings::SettingsCommand),
    /// The CPU and memory of a service's database (CDC) ClickPipes, together
    #[command(
        subcommand,
        after_help = agents::noun(
            "The resources shared by every database (CDC) ClickPipe of a service: Postgres, MySQL, MongoDB and BigQuery pipes.",
            "get",
            "update",
        )
    )]
    CdcScaling(cdc_scaling::CdcScalingCommand),
    /// Reverse private endpoints: private connections from ClickPipes to your sources
    #[command(
        subcommand,
        after_help = agents::noun(
            "Reverse private endpoints of a service: private network paths (AWS VPC endpoint services or resources, MSK multi-VPC, GCP Private Service Connect) from ClickPipes to the sources they read.",
            "list, get",
            "create, update, delete",
        )
    )]
    ReversePrivateEndpoint(reverse_private_endpoint::EndpointCommand),
}

impl Classified for ClickpipeCommand {
    fn access(&self) -> Access {
        match self {
            ClickpipeCommand::List(_) => Access::Read,
            ClickpipeCommand::Get(_) => Access::Read,
            ClickpipeCommand::Create(command) => command.access(),
            ClickpipeCommand::SchemaDiscover(command) => command.access(),
            ClickpipeCommand::Update(_) => Access::Write,
            ClickpipeCommand::Delete(_) => Access::Write,
            ClickpipeCommand::Start(_) => Access::Write,
            ClickpipeCommand::Stop(_) => Access::Write,
            ClickpipeCommand::Resync(_) => Access::Write,
            ClickpipeCommand::Scale(_) => Access::Write,
            ClickpipeCommand::Settings(command) => command.access(),
            ClickpipeCommand::CdcScaling(command) => command.access(),
            ClickpipeCommand::ReversePrivateEndpoint(command) => command.access(),
        }
    }
}

impl ClickpipeCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            ClickpipeCommand::Delete(args) => Some(args.confirm),
            ClickpipeCommand::ReversePrivateEndpoint(command) => command.confirmation(),
            ClickpipeCommand::List(_)
            | ClickpipeCommand::Get(_)
            | ClickpipeCommand::Create(_)
            | ClickpipeCommand::SchemaDiscover(_)
            | ClickpipeCommand::Update(_)
            | ClickpipeCommand::Start(_)
            | ClickpipeCommand::Stop(_)
            | ClickpipeCommand::Resync(_)
            | ClickpipeCommand::Scale(_)
            | ClickpipeCommand::Settings(_)
            | ClickpipeCommand::CdcScaling(_) => None,
        }
    }
}

impl ClickpipeCommand {
    /// Before the session: input that is wrong without asking the API is a usage error, so
    /// nothing at all is sent (not even the key-role lookup of a write).
    pub fn prepare(mut self) -> Result<ClickpipeCommand> {
        match &mut self {
            ClickpipeCommand::Update(args) => args.prepare()?,
            ClickpipeCommand::Scale(args) => {
                args.patch()?;
            }
            ClickpipeCommand::Settings(command) => command.prepare()?,
            ClickpipeCommand::CdcScaling(command) => command.prepare()?,
            ClickpipeCommand::ReversePrivateEndpoint(command) => command.prepare()?,
            ClickpipeCommand::List(_)
            | ClickpipeCommand::Get(_)
            | ClickpipeCommand::Create(_)
            | ClickpipeCommand::SchemaDiscover(_)
            | ClickpipeCommand::Delete(_)
            | ClickpipeCommand::Start(_)
            | ClickpipeCommand::Stop(_)
            | ClickpipeCommand::Resync(_) => {}
        }
        Ok(self)
    }
}

impl Operations for ClickpipeCommand {
    fn operations(&self) -> &'static [&'static str] {
        // Every leaf names a service, which may be a name (instanceGetList), and a pipe named
        // by name is looked up in the service's list (clickPipeGetList).
        match self {
            ClickpipeCommand::List(_) => {
                &["organizationGetList", "instanceGetList", "clickPipeGetList"]
            }
            ClickpipeCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeGet",
            ],
            ClickpipeCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeUpdate",
            ],
            // The confirmation names the pipe, and --wait polls it until it is gone.
            ClickpipeCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeGet",
                "clickPipeDelete",
            ],
            ClickpipeCommand::Start(_)
            | ClickpipeCommand::Stop(_)
            | ClickpipeCommand::Resync(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeStateUpdate",
                "clickPipeGet",
            ],
            ClickpipeCommand::Scale(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeScalingUpdate",
            ],
            ClickpipeCommand::Create(command) => command.operations(),
            ClickpipeCommand::SchemaDiscover(command) => command.operations(),
            ClickpipeCommand::Settings(command) => command.operations(),
            ClickpipeCommand::CdcScaling(command) => command.operations(),
            ClickpipeCommand::ReversePrivateEndpoint(command) => command.operations(),
        }
    }
}

impl ApiCommand for ClickpipeCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            ClickpipeCommand::List(args) => list::run(args, session.read(), out).await,
            ClickpipeCommand::Get(args) => get::run(args, session.read(), out).await,
            ClickpipeCommand::Create(command) => command.run(session, out).await,
            ClickpipeCommand::SchemaDiscover(command) => command.run(session, out).await,
            ClickpipeCommand::Update(args) => update::run(args, session.write()?, out).await,
            ClickpipeCommand::Delete(args) => delete::run(args, session.write()?, out).await,
            ClickpipeCommand::Start(args) => {
                state::run(state::Change::Start, args, session.write()?, out).await
            }
            ClickpipeCommand::Stop(args) => {
                state::run(state::Change::Stop, args, session.write()?, out).await
            }
            ClickpipeCommand::Resync(args) => {
                state::run(state::Change::Resync, args, session.write()?, out).await
            }
            ClickpipeCommand::Scale(args) => scale::run(args, session.write()?, out).await,
            ClickpipeCommand::Settings(command) => command.run(session, out).await,
            ClickpipeCommand::CdcScaling(command) => command.run(session, out).await,
            ClickpipeCommand::ReversePrivateEndpoint(command) => command.run(session, out).await,
        }
    }
}

/// `<SERVICE> <CLICKPIPE> [--org-id]`: one pipe of one service, each by ID or name.
#[derive(Debug, Clone, clap::Args)]
pub struct PipeRef {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// ClickPipe ID or name
    #[arg(value_name = "CLICKPIPE", value_parser = crate::args::CLICKPIPE_REF)]
    pub pipe: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

/// A pipe, its service and their organization, as IDs.
#[derive(Debug, Clone, Copy)]
pub struct Pipe {
    pub org: Uuid,
    pub service: Uuid,
    pub id: Uuid,
}

impl PipeRef {
    /// The IDs, with a list request for each part given by name.
    pub async fn resolve(&self, api: &ReadApi) -> Result<Pipe> {
        let org = self.org.resolve(api).await?;
        let service = crate::commands::lookup::service(api, org, &self.service).await?;
        let id = crate::commands::lookup::clickpipe(api, org, service, &self.pipe).await?;
        Ok(Pipe { org, service, id })
    }
}

/// `<SERVICE> [--org-id]`: the service whose ClickPipes (or CDC scaling, or endpoints) these are.
#[derive(Debug, Clone, clap::Args)]
pub struct ServiceRef {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

impl ServiceRef {
    /// The organization's and the service's IDs.
    pub async fn resolve(&self, api: &ReadApi) -> Result<(Uuid, Uuid)> {
        let org = self.org.resolve(api).await?;
        let service = crate::commands::lookup::service(api, org, &self.service).await?;
        Ok((org, service))
    }
}

/// The detail view of one ClickPipe.
fn detail(pipe: &ClickPipe) -> comfy_table::Table {
    let scaling = pipe.scaling.clone().unwrap_or_default();
    detail_table([
        ("ID", pipe.id.clone()),
        ("Name", pipe.name.clone()),
        ("State", pipe.state.clone()),
        ("Source", pipe.source_kind()),
        ("Destination", pipe.destination_table()),
        ("Replicas", scaling.replicas.map(|r| r.to_string())),
        (
            "CPU per replica (millicores)",
            scaling.replica_cpu_millicores.map(|c| c.to_string()),
        ),
        ("Memory per replica (GB)", number(scaling.replica_memory_gb)),
        ("Concurrency", scaling.concurrency.map(|c| c.to_string())),
        ("Service", pipe.service_id.clone()),
        ("Created", Some(crate::output::time(&pipe.created_at))),
        (
            "Updated",
            pipe.updated_at
                .as_ref()
                .map(|_| crate::output::time(&pipe.updated_at)),
        ),
    ])
}

/// `--wait` and `--wait-timeout` of the pipe writes (the service writes' own say `service get`).
#[derive(Debug, Clone, clap::Args)]
pub struct WaitArgs {
    /// Wait until the change is done (polls `cloud clickpipe get`), then print the pipe
    #[arg(long)]
    pub wait: bool,

    /// How long --wait waits, e.g. 90s or 10m [default: 10m]
    #[arg(
        long,
        value_name = "DURATION",
        requires = "wait",
        value_parser = crate::api::transport::parse_duration
    )]
    pub wait_timeout: Option<std::time::Duration>,
}

impl WaitArgs {
    pub fn timeout(&self) -> std::time::Duration {
        self.wait_timeout.unwrap_or(wait::DEFAULT_TIMEOUT)
    }
}

/// Polls `clickpipe get` until the pipe reaches `target` (`None`: it is gone).
async fn until(
    api: &ReadApi,
    pipe: Pipe,
    target: Target,
    timeout: std::time::Duration,
    out: Output,
) -> Result<Option<Reply<ClickPipe>>> {
    let subject = Subject {
        named: format!("ClickPipe {}", pipe.id),
        check: format!(
            "cloud clickpipe get {} {} --org-id {}",
            pipe.service, pipe.id, pipe.org
        ),
    };
    wait::poll_as(
        subject,
        target,
        timeout,
        out,
        || api.clickpipe(pipe.org, pipe.service, pipe.id),
        |p: &ClickPipe| p.state.clone(),
    )
    .await
}
