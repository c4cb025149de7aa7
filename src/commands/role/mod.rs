//! `cloud role …`: the organization's roles, so a person can see what `--role-id` takes.

mod get;
mod list;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::Role;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// List the organization's roles (system and custom), with their IDs
    List(list::Args),
    /// Show one role: its permissions and who holds it
    Get(get::Args),
}

impl Classified for RoleCommand {
    fn access(&self) -> Access {
        match self {
            RoleCommand::List(_) => Access::Read,
            RoleCommand::Get(_) => Access::Read,
        }
    }
}

impl Operations for RoleCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            RoleCommand::List(_) => &["organizationGetList", "organizationRolesGetList"],
            RoleCommand::Get(_) => &["organizationGetList", "organizationRoleGet"],
        }
    }
}

impl ApiCommand for RoleCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            RoleCommand::List(args) => list::run(args, session.read(), out).await,
            RoleCommand::Get(args) => get::run(args, session.read(), out).await,
        }
    }
}

/// Every permission of the role's policies, `DENY` ones marked.
fn permissions(role: &Role) -> Vec<String> {
    role.policies
        .iter()
        .flatten()
        .flat_map(|policy| {
            let deny = policy.allow_deny.as_deref() == Some("DENY");
            policy
                .permissions
                .iter()
                .flatten()
                .map(move |p| if deny { format!("deny {p}") } else { p.clone() })
        })
        .collect()
}

/// The detail view of `get`.
fn detail(role: &Role) -> comfy_table::Table {
    let permissions = permissions(role);
    crate::output::detail_table([
        ("ID", role.id.clone()),
        ("Name", role.name.clone()),
        ("Type", role.kind.clone()),
        (
            "Permissions",
            Some(permissions.join("\n")).filter(|p| !p.is_empty()),
        ),
        ("Actors", crate::output::join(&role.actors)),
        ("Created", role.created_at.clone()),
        ("Updated", role.updated_at.clone()),
    ])
}
