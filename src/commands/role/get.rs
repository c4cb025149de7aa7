//! `cloud role get <ROLE_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud role get <ROLE_ID>   # an ID from `cloud role list`\n  cloud role get <ROLE_ID> --json --jq .name"
)]
pub struct Args {
    /// Role ID, as `cloud role list` shows it
    #[arg(value_name = "ROLE_ID", value_parser = crate::args::uuid)]
    pub role_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let role = api.role(org, args.role_id).await?;
    out.reply(&role, super::detail);
    Ok(())
}
