//! `cloud key get <KEY_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud key get <KEY_ID>\n  cloud key get <KEY_ID> --json --jq .state"
)]
pub struct Args {
    /// API key ID (the key's UUID, as `key list` shows it)
    #[arg(value_name = "KEY_ID", value_parser = crate::args::uuid)]
    pub key_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let key = api.key(org, args.key_id).await?;
    out.reply(&key, super::detail);
    Ok(())
}
