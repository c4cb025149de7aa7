//! `cloud org quota get <QUOTA_CODE>`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A quota that does not apply to the organization is a 404 (exit 5).

Examples:
  cloud org quota get services-per-organization
  cloud org quota get replicas-per-warehouse --json")]
pub struct Args {
    /// Quota code
    #[arg(value_name = "QUOTA_CODE", value_parser = clap::builder::PossibleValuesParser::new(super::QUOTA_CODES))]
    pub code: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let quota = api.quota(org, &args.code).await?;
    out.reply(&quota, super::detail);
    Ok(())
}
