//! `cloud member get <USER_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud member get <USER_ID>\n  cloud member get <USER_ID> --json"
)]
pub struct Args {
    /// User ID of the member
    #[arg(value_name = "USER_ID", value_parser = crate::args::uuid)]
    pub user_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let member = api.member(org, args.user_id).await?;
    out.reply(&member, super::detail);
    Ok(())
}
