//! `cloud service prometheus <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud service prometheus <SERVICE_ID>\n  cloud service prometheus <SERVICE_ID> --filtered-metrics true > metrics.txt"
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Return only the curated subset of metrics
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub filtered_metrics: Option<bool>,

    #[command(flatten)]
    pub org: OrgArg,
}

/// Prints the Prometheus text exposition as sent, also under `--json` (it is not JSON).
pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let metrics = api
        .service_prometheus(org, service_id, args.filtered_metrics)
        .await?;
    out.line(metrics.trim_end());
    Ok(())
}
