//! `cloud key get <KEY>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud key get <KEY_ID>\n  cloud key get <KEY_ID> --json --jq .state"
)]
pub struct Args {
    /// API key ID (the UUID `key list` shows) or name
    #[arg(value_name = "KEY", value_parser = crate::args::KEY_REF)]
    pub key: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let key_id = crate::commands::lookup::key(api, org, &args.key).await?;
    let key = api.key(org, key_id).await?;
    out.reply(&key, super::detail);
    Ok(())
}
