//! `cloud org …`

mod byoc;
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
    /// Bring-your-own-cloud infrastructures of the organization
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "The organization's BYOC (bring your own cloud) infrastructures: ClickHouse Cloud \
running in your own cloud account. `cloud org get` lists them (byocConfig under --json).",
            "none here; `cloud org get`",
            "create, update, delete",
        )
    )]
    Byoc(byoc::ByocCommand),
}

impl OrgCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            OrgCommand::List(_) => None,
            OrgCommand::Get(_) => None,
            OrgCommand::Update(_) => None,
            OrgCommand::Prometheus(_) => None,
            OrgCommand::Usage(_) => None,
            OrgCommand::Quota(_) => None,
            OrgCommand::PrivateEndpointConfig(_) => None,
            OrgCommand::Byoc(command) => command.confirmation(),
        }
    }
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
            OrgCommand::Byoc(command) => command.access(),
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
            OrgCommand::Byoc(command) => command.operations(),
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
            OrgCommand::Byoc(command) => command.run(session, out).await,
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
    // Only when there is one: most organizations have none.
    let byoc = org
        .byoc_config
        .as_ref()
        .filter(|c| !c.is_empty())
        .map(|configs| {
            configs
                .iter()
                .filter_map(|c| {
                    let id = c.id.clone()?;
                    Some(match c.display_name.as_deref().filter(|d| !d.is_empty()) {
                        Some(name) => format!("{id} ({name})"),
                        None => id,
                    })
                })
                .collect::<Vec<_>>()
                .join(", ")
        });
    detail_table([
        ("ID", org.id.clone()),
        ("Name", org.name.clone()),
        (
            "Created",
            org.created_at.as_deref().map(crate::output::local_time),
        ),
        ("Private endpoints", endpoints),
        ("BYOC", byoc),
        ("Core dumps", flag(org.enable_core_dumps)),
    ])
}
