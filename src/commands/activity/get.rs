//! `cloud activity get <ACTIVITY_ID>`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud activity get <ACTIVITY_ID>\n  cloud activity get <ACTIVITY_ID> --json"
)]
pub struct Args {
    /// Activity ID, as `activity list` shows it
    #[arg(value_name = "ACTIVITY_ID", value_parser = crate::args::ACTIVITY_ID)]
    pub activity_id: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let activity = api.activity(org, &args.activity_id).await?;
    out.reply(&activity, super::detail);
    Ok(())
}
