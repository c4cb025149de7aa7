//! `cloud backup get <SERVICE_ID> <BACKUP_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud backup get <SERVICE_ID> <BACKUP_ID>\n  cloud backup get <SERVICE_ID> <BACKUP_ID> --json"
)]
pub struct Args {
    /// Service ID
    #[arg(value_name = "SERVICE_ID", value_parser = crate::args::uuid)]
    pub service_id: Uuid,

    /// Backup ID
    #[arg(value_name = "BACKUP_ID", value_parser = crate::args::uuid)]
    pub backup_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let backup = api.backup(org, args.service_id, args.backup_id).await?;
    out.reply(&backup, super::detail);
    Ok(())
}
