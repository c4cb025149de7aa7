//! `cloud service private-endpoint create <SERVICE> --endpoint-id <ENDPOINT_ID>`

use crate::api::WriteApi;
use crate::api::requests::PrivateEndpointCreate;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, detail_table};

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud service private-endpoint create <SERVICE_ID> --endpoint-id vpce-0a1b2c3d4e5f67890 --description \"app VPC\"",
    crate::commands::agents::write("registers a private endpoint (e.g. an AWS VPC endpoint id) for the service (instancePrivateEndpointCreate)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// ID of the private endpoint created in your cloud account (e.g. vpce-…)
    #[arg(long, value_parser = crate::args::ENDPOINT_ID)]
    pub endpoint_id: String,

    /// Description of the private endpoint (up to 255 characters, one line)
    #[arg(long, value_parser = crate::args::DESCRIPTION)]
    pub description: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let request = PrivateEndpointCreate {
        id: args.endpoint_id,
        description: args.description,
    };
    let endpoint = api
        .create_private_endpoint(org, service_id, &request)
        .await?;
    out.reply(&endpoint, |endpoint| {
        detail_table([
            ("ID", endpoint.id.clone()),
            ("Description", endpoint.description.clone()),
            ("Provider", endpoint.cloud_provider.clone()),
            ("Region", endpoint.region.clone()),
        ])
    });
    Ok(())
}
