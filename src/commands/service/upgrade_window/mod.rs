//! `cloud service upgrade-window …`

mod delete;
mod get;
mod set;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::UpgradeWindow;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table};

#[derive(Debug, Subcommand)]
pub enum UpgradeWindowCommand {
    /// Show a service's upgrade window
    Get(get::Args),
    /// Set a service's upgrade window: a weekday and a UTC start hour
    Set(set::Args),
    /// Delete a service's upgrade window, returning to default upgrade scheduling
    Delete(delete::Args),
}

impl Classified for UpgradeWindowCommand {
    fn access(&self) -> Access {
        match self {
            UpgradeWindowCommand::Get(_) => Access::Read,
            UpgradeWindowCommand::Set(_) => Access::Write,
            UpgradeWindowCommand::Delete(_) => Access::Write,
        }
    }
}

impl UpgradeWindowCommand {
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            UpgradeWindowCommand::Get(_) => None,
            UpgradeWindowCommand::Set(_) => None,
            UpgradeWindowCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for UpgradeWindowCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            UpgradeWindowCommand::Get(_) => {
                &["organizationGetList", "instanceGetList", "upgradeWindowGet"]
            }
            UpgradeWindowCommand::Set(_) => &[
                "organizationGetList",
                "instanceGetList",
                "upgradeWindowUpdate",
            ],
            UpgradeWindowCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "upgradeWindowDelete",
            ],
        }
    }
}

impl ApiCommand for UpgradeWindowCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            UpgradeWindowCommand::Get(args) => get::run(args, session.read(), out).await,
            UpgradeWindowCommand::Set(args) => set::run(args, session.write()?, out).await,
            UpgradeWindowCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The start hours the API accepts (`UpgradeWindowPutRequest.startHourUtc`).
pub(crate) const START_HOURS: [u8; 4] = [0, 6, 12, 18];

fn detail(window: &UpgradeWindow) -> comfy_table::Table {
    let day = window.weekday.map(|d| {
        DAY_NAMES
            .get(usize::from(d))
            .map_or_else(|| d.to_string(), |name| format!("{name} ({d})"))
    });
    let hours = window.start_hour_utc.map(|start| match window.duration {
        Some(duration) => format!(
            "{start:02}:00–{:02}:00 UTC ({duration} h)",
            (u32::from(start) + duration) % 24
        ),
        None => format!("from {start:02}:00 UTC"),
    });
    detail_table([("Weekday", day), ("Hours", hours)])
}
