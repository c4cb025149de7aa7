//! `cloud role …`: the organization's roles, so a person can see what `--role-id` takes, and
//! its custom roles.

mod create;
mod delete;
mod get;
mod list;
mod policy;
mod update;

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
    /// Create a custom role: its permissions and who holds it
    Create(create::Args),
    /// Change a custom role's name, actors or permissions
    Update(update::Args),
    /// Delete a custom role
    Delete(delete::Args),
}

impl Classified for RoleCommand {
    fn access(&self) -> Access {
        match self {
            RoleCommand::List(_) => Access::Read,
            RoleCommand::Get(_) => Access::Read,
            RoleCommand::Create(_) => Access::Write,
            RoleCommand::Update(_) => Access::Write,
            RoleCommand::Delete(_) => Access::Write,
        }
    }
}

impl RoleCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            RoleCommand::List(_) => None,
            RoleCommand::Get(_) => None,
            RoleCommand::Create(_) => None,
            RoleCommand::Update(_) => None,
            RoleCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for RoleCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            RoleCommand::List(_) => &["organizationGetList", "organizationRolesGetList"],
            RoleCommand::Get(_) => &[
                "organizationGetList",
                "organizationRolesGetList",
                "organizationRoleGet",
            ],
            RoleCommand::Create(_) => &["organizationGetList", "organizationRolePost"],
            RoleCommand::Update(_) => &[
                "organizationGetList",
                "organizationRolesGetList",
                "organizationRolePatch",
            ],
            RoleCommand::Delete(_) => &[
                "organizationGetList",
                "organizationRolesGetList",
                "organizationRoleGet",
                "organizationRoleDelete",
            ],
        }
    }
}

impl ApiCommand for RoleCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            RoleCommand::List(args) => list::run(args, session.read(), out).await,
            RoleCommand::Get(args) => get::run(args, session.read(), out).await,
            RoleCommand::Create(args) => create::run(args, session.write()?, out).await,
            RoleCommand::Update(args) => update::run(args, session.write()?, out).await,
            RoleCommand::Delete(args) => delete::run(args, session.write()?, out).await,
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
