//! `cloud member get <MEMBER>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud member get <USER_ID>\n  cloud member get <USER_ID> --json"
)]
pub struct Args {
    /// User ID, name or email of the member
    #[arg(value_name = "MEMBER", value_parser = crate::args::MEMBER_REF)]
    pub member: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let user_id = crate::commands::lookup::member(api, org, &args.member).await?;
    let member = api.member(org, user_id).await?;
    out.reply(&member, super::detail);
    Ok(())
}
