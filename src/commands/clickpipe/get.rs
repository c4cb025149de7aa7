//! `cloud clickpipe get <SERVICE> <CLICKPIPE>`

use super::PipeRef;
use crate::api::ReadApi;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud clickpipe get <SERVICE_ID> <CLICKPIPE_ID>\n  cloud clickpipe get analytics orders-from-kafka --json --jq .source"
)]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let pipe = args.pipe.resolve(api).await?;
    let reply = api.clickpipe(pipe.org, pipe.service, pipe.id).await?;
    out.reply(&reply, super::detail);
    Ok(())
}
