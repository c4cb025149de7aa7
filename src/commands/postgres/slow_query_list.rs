//! `cloud postgres slow-query list <POSTGRES>`

use serde_json::Value;

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, list_table};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Durations are in microseconds, as the API sends them.\n\nExamples:\n  cloud postgres slow-query list <POSTGRES_ID>\n  cloud postgres slow-query list orders-db --sort-by avg_duration --limit 10 --db-name orders\n  cloud postgres slow-query list orders-db --from 2026-11-30T00:00:00Z --json"
)]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    #[command(flatten)]
    pub window: super::metrics::Window,

    /// Only queries in this database
    #[arg(long)]
    pub db_name: Option<String>,

    /// Only queries of this database user
    #[arg(long)]
    pub db_user: Option<String>,

    /// Only this kind of statement, e.g. SELECT
    #[arg(long)]
    pub db_operation: Option<String>,

    /// Only queries of this application_name
    #[arg(long)]
    pub app: Option<String>,

    /// Rank by [default: the API's, total_duration]
    #[arg(long, value_parser = [
        "total_duration", "avg_duration", "call_count", "total_blks_read", "total_cpu_time",
        "error_count", "max_duration", "p50_duration", "p95_duration", "p99_duration",
    ])]
    pub sort_by: Option<String>,

    /// Sort order [default: desc]
    #[arg(long, value_parser = ["asc", "desc"])]
    pub sort_order: Option<String>,

    /// At most this many patterns, 1 to 500 [default: 20]
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub limit: Option<u32>,

    /// Skip this many patterns
    #[arg(long, value_parser = clap::value_parser!(u32))]
    pub offset: Option<u32>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let mut query = args.window.query();
    for (name, value) in [
        ("db_name", &args.db_name),
        ("db_user", &args.db_user),
        ("db_operation", &args.db_operation),
        ("app", &args.app),
        ("sort_by", &args.sort_by),
        ("sort_order", &args.sort_order),
    ] {
        if let Some(value) = value {
            query.push((name, value.clone()));
        }
    }
    if let Some(limit) = args.limit {
        query.push(("limit", limit.to_string()));
    }
    if let Some(offset) = args.offset {
        query.push(("offset", offset.to_string()));
    }
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let patterns = api.postgres_slow_queries(org, id, &query).await?;
    // Kept in the API's order: it is the ranking asked for.
    out.reply(&patterns, |patterns| {
        list_table(
            &[
                Column::key("query id"),
                Column::ranked("calls", 1),
                Column::ranked("avg us", 2),
                Column::ranked("total us", 3),
                Column::ranked("errors", 5),
                Column::ranked("database", 4),
                Column::text("query", 6),
            ],
            patterns.iter().map(|p| {
                vec![
                    field(p, "queryId"),
                    field(p, "callCount"),
                    field(p, "avgDurationUs"),
                    field(p, "totalDurationUs"),
                    field(p, "errorCount"),
                    field(p, "dbName"),
                    field(p, "queryText"),
                ]
            }),
        )
    });
    Ok(())
}

/// A field as text: strings as they are, numbers written out, `-` when absent.
pub(super) fn field(value: &Value, key: &str) -> String {
    match value.get(key).filter(|v| !v.is_null()) {
        Some(found) => found
            .as_str()
            .map_or_else(|| found.to_string(), str::to_owned),
        None => "-".to_owned(),
    }
}
