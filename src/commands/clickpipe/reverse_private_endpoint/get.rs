//! `cloud clickpipe reverse-private-endpoint get <SERVICE> <ENDPOINT>`

use super::EndpointRef;
use crate::api::ReadApi;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud clickpipe reverse-private-endpoint get <SERVICE_ID> <ENDPOINT_ID>\n  cloud clickpipe reverse-private-endpoint get analytics \"MSK of the orders team\" --json --jq .status"
)]
pub struct Args {
    #[command(flatten)]
    pub endpoint: EndpointRef,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let (org, service, endpoint) = args.endpoint.resolve(api).await?;
    let reply = api.reverse_private_endpoint(org, service, endpoint).await?;
    out.reply(&reply, super::detail);
    Ok(())
}
