//! `cloud org …`

mod get;
mod list;
mod private_endpoint_config;
mod prometheus;
mod quota;
mod update;
mod usage;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// List the organizations the credential can see
    List(list::Args),
    /// Show one organization
    Get(get::Args),
    /// Change an organization's name, private endpoints or core dump setting
    Update(update::Args),
    /// Print the organization's Prometheus metrics
    Prometheus(prometheus::Args),
    /// Show usage costs (ClickHouse Credits) per day and entity
    Usage(usage::Args),
    /// The organization's resource quotas
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "Limits on the organization's resources (services per organization, replicas per warehouse…) with their current use (beta).",
            "list, get",
            "",
        )
    )]
    Quota(quota::QuotaCommand),
    /// Show the organization's private endpoint service for a cloud region (deprecated by the API)
    PrivateEndpointConfig(private_endpoint_config::Args),
}

impl Classified for OrgCommand {
    fn access(&self) -> Access {
        match self {
            OrgCommand::List(_) => Access::Read,
            OrgCommand::Get(_) => Access::Read,
            OrgCommand::Update(_) => Access::Write,
            OrgCommand::Prometheus(_) => Access::Read,
            OrgCommand::Usage(_) => Access::Read,
            OrgCommand::Quota(command) => command.access(),
            OrgCommand::PrivateEndpointConfig(_) => Access::Read,
        }
    }
}

impl Operations for OrgCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            OrgCommand::List(_) => &["organizationGetList"],
            OrgCommand::Get(_) => &["organizationGet"],
            OrgCommand::Update(_) => &["organizationGet", "organizationUpdate"],
            OrgCommand::Prometheus(_) => &["organizationGetList", "organizationPrometheusGet"],
            OrgCommand::Usage(_) => &["organizationGetList", "usageCostGet"],
            OrgCommand::Quota(command) => command.operations(),
            OrgCommand::PrivateEndpointConfig(_) => &[
                "organizationGetList",
                "organizationPrivateEndpointConfigGetList",
            ],
        }
    }
}

impl ApiCommand for OrgCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            OrgCommand::List(args) => list::run(args, session.read(), out).await,
            OrgCommand::Get(args) => get::run(args, session.read(), out).await,
            OrgCommand::Update(args) => update::run(args, session.write()?, out).await,
            OrgCommand::Prometheus(args) => prometheus::run(args, session.read(), out).await,
            OrgCommand::Usage(args) => usage::run(args, session.read(), out).await,
            OrgCommand::Quota(command) => command.run(session, out).await,
            OrgCommand::PrivateEndpointConfig(args) => {
                private_endpoint_config::run(args, session.read(), out).await
            }
        }
    }
}

/// The detail view shared by `get` and `update`.
fn detail(org: &crate::api::models::Organization) -> comfy_table::Table {
    use crate::output::{detail_table, flag};
    let endpoints = org.private_endpoints.as_ref().map(|eps| {
        if eps.is_empty() {
            "-".to_owned()
        } else {
            // With its description, which commands also take in place of the ID.
            eps.iter()
                .filter_map(|e| {
                    let id = e.id.clone()?;
                    Some(match e.description.as_deref().filter(|d| !d.is_empty()) {
                        Some(description) => format!("{id} ({description})"),
                        None => id,
                    })
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    });
    detail_table([
        ("ID", org.id.clone()),
        ("Name", org.name.clone()),
        (
            "Created",
            org.created_at.as_deref().map(crate::output::local_time),
        ),
        ("Private endpoints", endpoints),
        ("Core dumps", flag(org.enable_core_dumps)),
    ])
}
