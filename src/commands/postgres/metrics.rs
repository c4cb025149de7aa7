//! `cloud postgres metrics <POSTGRES>`

use serde_json::Value;

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, list_table};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The table shows each metric's series and their latest value; --json has every data point.\n\nExamples:\n  cloud postgres metrics <POSTGRES_ID>\n  cloud postgres metrics orders-db --from 2026-11-30T00:00:00Z --to 2026-11-30T12:00:00Z --bucket-size-seconds 300\n  cloud postgres metrics orders-db --json --jq '.metrics[] | select(.key == \"cpu_usage\")'"
)]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    #[command(flatten)]
    pub window: Window,

    /// Width of each data point's bucket, in seconds [default: the API's]
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub bucket_size_seconds: Option<u64>,

    #[command(flatten)]
    pub org: OrgArg,
}

/// `--from` and `--to`, the API's required `from_date` and `to_date`.
#[derive(Debug, Clone, clap::Args)]
pub struct Window {
    /// Start of the window, RFC 3339 [default: an hour before --to]
    #[arg(long, value_name = "DATETIME", value_parser = crate::args::datetime)]
    pub from: Option<jiff::Timestamp>,

    /// End of the window, RFC 3339 [default: now]
    #[arg(long, value_name = "DATETIME", value_parser = crate::args::datetime)]
    pub to: Option<jiff::Timestamp>,
}

impl Window {
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let to = self.to.unwrap_or_else(jiff::Timestamp::now);
        let from = self
            .from
            .unwrap_or_else(|| jiff::Timestamp::from_second(to.as_second() - 3600).unwrap_or(to));
        vec![("from_date", from.to_string()), ("to_date", to.to_string())]
    }
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let mut query = args.window.query();
    if let Some(bucket) = args.bucket_size_seconds {
        query.push(("bucket_size_seconds", bucket.to_string()));
    }
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let metrics = api.postgres_metrics(org, id, &query).await?;
    out.reply(&metrics, table);
    Ok(())
}

fn table(metrics: &Value) -> crate::output::List {
    let str_of =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("-").to_owned();
    let mut rows = Vec::new();
    for metric in metrics
        .get("metrics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for series in metric
            .get("series")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let latest = series
                .get("dataPoints")
                .and_then(Value::as_array)
                .and_then(|points| points.last())
                .and_then(|point| point.get("value"))
                .map_or_else(|| "-".to_owned(), Value::to_string);
            rows.push(vec![
                str_of(metric, "key"),
                str_of(series, "label"),
                latest,
                str_of(metric, "unit"),
            ]);
        }
    }
    list_table(
        &[
            Column::key("metric"),
            Column::ranked("series", 1),
            Column::ranked("latest", 2),
            Column::ranked("unit", 3),
        ],
        rows,
    )
}
