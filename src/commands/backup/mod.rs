//! `cloud backup …`

mod get;
mod list;
mod restore;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::Backup;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// List the backups of a service
    List(list::Args),
    /// Show one backup of a service
    Get(get::Args),
    /// Restore a backup into a new service
    Restore(restore::Args),
}

impl Classified for BackupCommand {
    fn access(&self) -> Access {
        match self {
            BackupCommand::List(_) => Access::Read,
            BackupCommand::Get(_) => Access::Read,
            BackupCommand::Restore(_) => Access::Write,
        }
    }
}

impl Operations for BackupCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            BackupCommand::List(_) => &["organizationGetList", "instanceGetList", "backupGetList"],
            BackupCommand::Get(_) => &["organizationGetList", "instanceGetList", "backupGet"],
            BackupCommand::Restore(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "backupGet",
                "instanceCreate",
            ],
        }
    }
}

impl ApiCommand for BackupCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            BackupCommand::List(args) => list::run(args, session.read(), out).await,
            BackupCommand::Get(args) => get::run(args, session.read(), out).await,
            BackupCommand::Restore(args) => restore::run(args, session.write()?, out).await,
        }
    }
}

/// Seconds as a short duration: `45s`, `2m 05s`, `1h 02m`.
fn duration(seconds: Option<f64>) -> Option<String> {
    seconds.map(|s| {
        let s = s.max(0.0).round() as u64;
        match (s / 3600, (s % 3600) / 60, s % 60) {
            (0, 0, secs) => format!("{secs}s"),
            (0, mins, secs) => format!("{mins}m {secs:02}s"),
            (hours, mins, _) => format!("{hours}h {mins:02}m"),
        }
    })
}

/// The detail view of `get`.
fn detail(backup: &Backup) -> comfy_table::Table {
    use crate::output::{bytes, detail_table};
    detail_table([
        ("ID", backup.id.clone()),
        ("Service", backup.service_id.clone()),
        ("Status", backup.status.clone()),
        ("Type", backup.kind.clone()),
        ("Name", backup.backup_name.clone()),
        (
            "Started",
            backup.started_at.as_deref().map(crate::output::local_time),
        ),
        (
            "Finished",
            backup.finished_at.as_deref().map(crate::output::local_time),
        ),
        ("Duration", duration(backup.duration_in_seconds)),
        ("Size", bytes(backup.size_in_bytes)),
    ])
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_are_short() {
        assert_eq!(duration(Some(45.0)).unwrap(), "45s");
        assert_eq!(duration(Some(125.0)).unwrap(), "2m 05s");
        assert_eq!(duration(Some(3720.0)).unwrap(), "1h 02m");
        assert_eq!(duration(None), None);
    }
}
