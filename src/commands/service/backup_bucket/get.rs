//! `cloud service backup-bucket get <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Secrets (GCP HMAC secret, Azure connection string) are never returned. A service that
writes its backups to ClickHouse Cloud's own storage has none: a 404 (exit 5).

Examples:
  cloud service backup-bucket get <SERVICE>
  cloud service backup-bucket get <SERVICE> --json")]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let bucket = api.backup_bucket(org, service).await?;
    out.reply(&bucket, super::detail);
    Ok(())
}
