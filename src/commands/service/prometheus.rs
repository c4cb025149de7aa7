//! `cloud service prometheus <SERVICE_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud service prometheus <SERVICE_ID>\n  cloud service prometheus <SERVICE_ID> --filtered-metrics true > metrics.txt"
)]
pub struct Args {
    /// Service ID
    #[arg(value_name = "SERVICE_ID", value_parser = crate::args::uuid)]
    pub service_id: Uuid,

    /// Return only the curated subset of metrics
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub filtered_metrics: Option<bool>,

    #[command(flatten)]
    pub org: OrgArg,
}

/// Prints the Prometheus text exposition as sent, also under `--json` (it is not JSON).
pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let metrics = api
        .service_prometheus(org, args.service_id, args.filtered_metrics)
        .await?;
    out.line(metrics.trim_end());
    Ok(())
}
