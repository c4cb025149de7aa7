//! `cloud service backup-config …`

mod get;
mod update;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::BackupConfiguration;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table, number};

#[derive(Debug, Subcommand)]
pub enum BackupConfigCommand {
    /// Show a service's backup schedule and retention
    Get(get::Args),
    /// Change a service's backup schedule or retention
    Update(update::Args),
}

impl Classified for BackupConfigCommand {
    fn access(&self) -> Access {
        match self {
            BackupConfigCommand::Get(_) => Access::Read,
            BackupConfigCommand::Update(_) => Access::Write,
        }
    }
}

impl Operations for BackupConfigCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            BackupConfigCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "backupConfigurationGet",
            ],
            BackupConfigCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "backupConfigurationUpdate",
            ],
        }
    }
}

impl ApiCommand for BackupConfigCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            BackupConfigCommand::Get(args) => get::run(args, session.read(), out).await,
            BackupConfigCommand::Update(args) => update::run(args, session.write()?, out).await,
        }
    }
}

/// The detail view shared by `get` and `update`.
fn detail(config: &BackupConfiguration) -> comfy_table::Table {
    let hours = |value: Option<f64>| number(value).map(|h| format!("{h} h"));
    detail_table([
        ("Backup every", hours(config.backup_period_in_hours)),
        (
            "Keep backups for",
            hours(config.backup_retention_period_in_hours),
        ),
        (
            "Start time",
            config.backup_start_time.clone().map(|t| format!("{t} UTC")),
        ),
    ])
}
