//! `cloud org prometheus`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud org prometheus\n  cloud org prometheus --filtered-metrics true > metrics.txt"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// Return only the curated subset of metrics
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub filtered_metrics: Option<bool>,
}

/// Prints the Prometheus text exposition as sent, also under `--json` (it is not JSON).
pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let metrics = api
        .organization_prometheus(org, args.filtered_metrics)
        .await?;
    out.line(metrics.trim_end());
    Ok(())
}
