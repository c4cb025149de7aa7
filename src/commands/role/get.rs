//! `cloud role get <ROLE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud role get Developer\n  cloud role get <ROLE_ID> --json --jq .name   # an ID from `cloud role list`"
)]
pub struct Args {
    /// Role ID (the UUID `role list` shows) or name
    #[arg(value_name = "ROLE", value_parser = crate::args::ROLE_REF)]
    pub role: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let role_id = crate::commands::lookup::role(api, org, &args.role).await?;
    let role = api.role(org, role_id).await?;
    out.reply(&role, super::detail);
    Ok(())
}
