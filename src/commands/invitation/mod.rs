//! `cloud invitation …`

mod create;
mod delete;
mod get;
mod list;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::Invitation;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum InvitationCommand {
    /// List the pending invitations of the organization
    List(list::Args),
    /// Show one invitation
    Get(get::Args),
    /// Invite someone to the organization by email
    Create(create::Args),
    /// Withdraw an invitation
    Delete(delete::Args),
}

impl Classified for InvitationCommand {
    fn access(&self) -> Access {
        match self {
            InvitationCommand::List(_) => Access::Read,
            InvitationCommand::Get(_) => Access::Read,
            InvitationCommand::Create(_) => Access::Write,
            InvitationCommand::Delete(_) => Access::Write,
        }
    }
}

impl InvitationCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            InvitationCommand::List(_) => None,
            InvitationCommand::Get(_) => None,
            InvitationCommand::Create(_) => None,
            InvitationCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for InvitationCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            InvitationCommand::List(_) => &["organizationGetList", "invitationGetList"],
            InvitationCommand::Get(_) => {
                &["organizationGetList", "invitationGetList", "invitationGet"]
            }
            InvitationCommand::Create(_) => &["organizationGetList", "invitationCreate"],
            InvitationCommand::Delete(_) => &[
                "organizationGetList",
                "invitationGetList",
                "invitationGet",
                "invitationDelete",
            ],
        }
    }
}

impl ApiCommand for InvitationCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            InvitationCommand::List(args) => list::run(args, session.read(), out).await,
            InvitationCommand::Get(args) => get::run(args, session.read(), out).await,
            InvitationCommand::Create(args) => create::run(args, session.write()?, out).await,
            InvitationCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

/// The detail view shared by `get` and `create`.
fn detail(invitation: &Invitation) -> comfy_table::Table {
    use crate::commands::member::roles;
    crate::output::detail_table([
        ("ID", invitation.id.clone()),
        ("Email", invitation.email.clone()),
        (
            "Roles",
            Some(roles(&invitation.assigned_roles, invitation.role.clone())),
        ),
        (
            "Created",
            invitation
                .created_at
                .as_deref()
                .map(crate::output::local_time),
        ),
        (
            "Expires",
            invitation
                .expire_at
                .as_deref()
                .map(crate::output::local_time),
        ),
    ])
}
