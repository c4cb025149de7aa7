//! `cloud service query-endpoint get <SERVICE_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud service query-endpoint get <SERVICE_ID>\n  cloud service query-endpoint get <SERVICE_ID> --json"
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
    let endpoint = api.query_endpoint(org, args.service_id).await?;
    out.reply(&endpoint, super::detail);
    Ok(())
}
