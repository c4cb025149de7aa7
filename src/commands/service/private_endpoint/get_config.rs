//! `cloud service private-endpoint get-config <SERVICE_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, detail_table};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud service private-endpoint get-config <SERVICE_ID>\n  cloud service private-endpoint get-config <SERVICE_ID> --json --jq .endpointServiceId"
)]
pub struct Args {
    /// Service ID
    #[arg(value_name = "SERVICE_ID", value_parser = crate::args::uuid)]
    pub service_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let config = api.private_endpoint_config(org, args.service_id).await?;
    out.reply(&config, |config| {
        detail_table([
            ("Endpoint service ID", config.endpoint_service_id.clone()),
            ("Private DNS hostname", config.private_dns_hostname.clone()),
        ])
    });
    Ok(())
}
