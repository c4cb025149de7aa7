//! `cloud activity …`

mod get;
mod list;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::Activity;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// List the organization's activity log, optionally between two dates
    List(list::Args),
    /// Show one activity log entry
    Get(get::Args),
}

impl Classified for ActivityCommand {
    fn access(&self) -> Access {
        match self {
            ActivityCommand::List(_) => Access::Read,
            ActivityCommand::Get(_) => Access::Read,
        }
    }
}

impl Operations for ActivityCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ActivityCommand::List(_) => &["organizationGetList", "activityGetList"],
            ActivityCommand::Get(_) => &["organizationGetList", "activityGet"],
        }
    }
}

impl ApiCommand for ActivityCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            ActivityCommand::List(args) => list::run(args, session.read(), out).await,
            ActivityCommand::Get(args) => get::run(args, session.read(), out).await,
        }
    }
}

/// Who acted: `user ada@example.com`, `api <key id>`, or whatever part was sent.
fn actor(activity: &Activity) -> String {
    let who = activity
        .actor_details
        .clone()
        .filter(|d| !d.is_empty())
        .or_else(|| activity.actor_id.clone());
    match (&activity.actor_type, who) {
        (Some(kind), Some(who)) => format!("{kind} {who}"),
        (Some(kind), None) => kind.clone(),
        (None, Some(who)) => who,
        (None, None) => "-".into(),
    }
}

/// The detail view of `get`.
fn detail(activity: &Activity) -> comfy_table::Table {
    crate::output::detail_table([
        ("ID", activity.id.clone()),
        (
            "Time",
            activity
                .created_at
                .as_deref()
                .map(crate::output::local_time),
        ),
        ("Type", activity.kind.clone()),
        ("Actor type", activity.actor_type.clone()),
        ("Actor", activity.actor_details.clone()),
        ("Actor ID", activity.actor_id.clone()),
        ("Actor IP", activity.actor_ip_address.clone()),
        ("Organization", activity.organization_id.clone()),
        ("Service", activity.service_id.clone()),
    ])
}
