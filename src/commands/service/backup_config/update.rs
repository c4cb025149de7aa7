//! `cloud service backup-config update <SERVICE>`

use crate::api::WriteApi;
use crate::api::requests::BackupConfigurationPatch;
use crate::args::IdOrName;
use crate::commands::{OrgArg, require_changes};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "Only the settings given change. A start time resets the period to 24 hours.\n\n\
Examples:\n  \
cloud service backup-config update <SERVICE> --backup-retention-period-hours 72\n  \
cloud service backup-config update <SERVICE> --backup-start-time 02:30",
        crate::commands::agents::write("changes the service's backup schedule and retention (backupConfigurationUpdate)."),
    )
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Hours between backups (at least 1)
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_period_hours: Option<u32>,

    /// Hours to keep each backup: whole days, 24 to 1080
    #[arg(long, value_name = "HOURS", value_parser = crate::args::retention_hours)]
    pub backup_retention_period_hours: Option<u32>,

    /// Time of day to take the backup, HH:MM in UTC
    #[arg(long, value_name = "HH:MM", value_parser = crate::args::time_of_day)]
    pub backup_start_time: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let patch = BackupConfigurationPatch {
        backup_period_in_hours: args.backup_period_hours,
        backup_retention_period_in_hours: args.backup_retention_period_hours,
        backup_start_time: args.backup_start_time,
    };
    require_changes(
        patch == BackupConfigurationPatch::default(),
        "--backup-period-hours, --backup-retention-period-hours, --backup-start-time",
    )?;
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let config = api
        .update_backup_configuration(org, service_id, &patch)
        .await?;
    out.reply(&config, super::detail);
    Ok(())
}
