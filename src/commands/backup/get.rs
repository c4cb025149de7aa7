//! `cloud backup get <SERVICE> <BACKUP_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud backup get <SERVICE_ID> <BACKUP_ID>\n  cloud backup get <SERVICE_ID> <BACKUP_ID> --json"
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Backup ID
    #[arg(value_name = "BACKUP_ID", value_parser = crate::args::uuid)]
    pub backup_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let backup = api.backup(org, service_id, args.backup_id).await?;
    out.reply(&backup, super::detail);
    Ok(())
}
