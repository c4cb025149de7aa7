//! `cloud clickpipe settings get <SERVICE> <CLICKPIPE>`

use crate::api::ReadApi;
use crate::commands::clickpipe::PipeRef;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud clickpipe settings get <SERVICE_ID> <CLICKPIPE_ID>\n  cloud clickpipe settings get analytics orders-from-kafka --json --jq .streaming_max_insert_wait_ms"
)]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let pipe = args.pipe.resolve(api).await?;
    let reply = api
        .clickpipe_settings(pipe.org, pipe.service, pipe.id)
        .await?;
    out.reply(&reply, super::table);
    Ok(())
}
