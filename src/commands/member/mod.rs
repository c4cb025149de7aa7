//! `cloud member …`

mod get;
mod list;
mod remove;
mod update;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::{AssignedRole, Member};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// List the members of the organization
    List(list::Args),
    /// Show one member
    Get(get::Args),
    /// Replace the roles of a member
    Update(update::Args),
    /// Remove a member from the organization
    Remove(remove::Args),
}

impl Classified for MemberCommand {
    fn access(&self) -> Access {
        match self {
            MemberCommand::List(_) => Access::Read,
            MemberCommand::Get(_) => Access::Read,
            MemberCommand::Update(_) => Access::Write,
            MemberCommand::Remove(_) => Access::Write,
        }
    }
}

impl MemberCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            MemberCommand::List(_) => None,
            MemberCommand::Get(_) => None,
            MemberCommand::Update(_) => None,
            MemberCommand::Remove(args) => Some(args.confirm),
        }
    }
}

impl Operations for MemberCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            MemberCommand::List(_) => &["organizationGetList", "memberGetList"],
            MemberCommand::Get(_) => &["organizationGetList", "memberGetList", "memberGet"],
            MemberCommand::Update(_) => &["organizationGetList", "memberGetList", "memberUpdate"],
            MemberCommand::Remove(_) => &[
                "organizationGetList",
                "memberGetList",
                "memberGet",
                "memberDelete",
            ],
        }
    }
}

impl ApiCommand for MemberCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            MemberCommand::List(args) => list::run(args, session.read(), out).await,
            MemberCommand::Get(args) => get::run(args, session.read(), out).await,
            MemberCommand::Update(args) => update::run(args, session.write()?, out).await,
            MemberCommand::Remove(args) => remove::run(args, session.write()?, out).await,
        }
    }
}

/// The names of the assigned roles (their IDs when unnamed), else the deprecated
/// `legacy` role(s), else `-`. Shared by members, invitations and keys.
pub(crate) fn roles(assigned: &Option<Vec<AssignedRole>>, legacy: Option<String>) -> String {
    let names: Vec<String> = assigned
        .iter()
        .flatten()
        .filter_map(|r| r.role_name.clone().or_else(|| r.role_id.clone()))
        .collect();
    if names.is_empty() {
        legacy
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "-".into())
    } else {
        names.join(", ")
    }
}

/// The detail view shared by `get` and `update`.
fn detail(member: &Member) -> comfy_table::Table {
    crate::output::detail_table([
        ("User ID", member.user_id.clone()),
        ("Name", member.name.clone()),
        ("Email", member.email.clone()),
        (
            "Roles",
            Some(roles(&member.assigned_roles, member.role.clone())),
        ),
        (
            "Joined",
            member.joined_at.as_deref().map(crate::output::local_time),
        ),
    ])
}
