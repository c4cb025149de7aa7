//! `cloud service query-endpoint …`

mod create;
mod delete;
mod get;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::QueryEndpoint;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table, join};

#[derive(Debug, Subcommand)]
pub enum QueryEndpointCommand {
    /// Show a service's query API endpoint
    Get(get::Args),
    /// Create (or replace) a service's query API endpoint
    Create(create::Args),
    /// Delete a service's query API endpoint
    Delete(delete::Args),
}

impl Classified for QueryEndpointCommand {
    fn access(&self) -> Access {
        match self {
            QueryEndpointCommand::Get(_) => Access::Read,
            QueryEndpointCommand::Create(_) => Access::Write,
            QueryEndpointCommand::Delete(_) => Access::Write,
        }
    }
}

impl QueryEndpointCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            QueryEndpointCommand::Get(_) => None,
            QueryEndpointCommand::Create(_) => None,
            QueryEndpointCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for QueryEndpointCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            QueryEndpointCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceQueryEndpointGet",
            ],
            QueryEndpointCommand::Create(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceQueryEndpointUpsert",
            ],
            QueryEndpointCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "instanceQueryEndpointDelete",
            ],
        }
    }
}

impl ApiCommand for QueryEndpointCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            QueryEndpointCommand::Get(args) => get::run(args, session.read(), out).await,
            QueryEndpointCommand::Create(args) => create::run(args, session.write()?, out).await,
            QueryEndpointCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

/// The detail view shared by `get` and `create`.
fn detail(endpoint: &QueryEndpoint) -> comfy_table::Table {
    detail_table([
        ("ID", endpoint.id.clone()),
        ("Roles", join(&endpoint.roles)),
        ("OpenAPI keys", join(&endpoint.open_api_keys)),
        ("Allowed origins", endpoint.allowed_origins.clone()),
    ])
}
