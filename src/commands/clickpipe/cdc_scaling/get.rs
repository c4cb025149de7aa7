//! `cloud clickpipe cdc-scaling get <SERVICE>`

use crate::api::ReadApi;
use crate::commands::clickpipe::ServiceRef;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud clickpipe cdc-scaling get <SERVICE_ID>\n  cloud clickpipe cdc-scaling get analytics --json"
)]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceRef,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let (org, service) = args.service.resolve(api).await?;
    let reply = api.clickpipes_cdc_scaling(org, service).await?;
    out.reply(&reply, super::detail);
    Ok(())
}
