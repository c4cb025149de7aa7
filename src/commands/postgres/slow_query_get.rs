//! `cloud postgres slow-query get <POSTGRES> <QUERY_ID>`

use serde_json::Value;

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, list_table};

use super::slow_query_list::field;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "A pattern is identified by its query ID with the database, user and operation it ran as (the columns of `slow-query list --json`).\n\nExamples:\n  cloud postgres slow-query get <POSTGRES_ID> <QUERY_ID> --db-name orders --db-user app --db-operation SELECT\n  cloud postgres slow-query get orders-db <QUERY_ID> --db-name orders --db-user app --db-operation SELECT --json"
)]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// The pattern's query ID, as `slow-query list` shows it
    #[arg(value_name = "QUERY_ID", value_parser = query_id)]
    pub query_id: String,

    /// Database the pattern ran in
    #[arg(long)]
    pub db_name: String,

    /// Database user that ran it
    #[arg(long)]
    pub db_user: String,

    /// Its statement kind, e.g. SELECT
    #[arg(long)]
    pub db_operation: String,

    /// Only executions of this application_name
    #[arg(long)]
    pub app: Option<String>,

    /// Executions around this time, RFC 3339
    #[arg(long, value_name = "DATETIME", value_parser = super::datetime)]
    pub timestamp: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

fn query_id(value: &str) -> std::result::Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_control) {
        return Err("expected the query ID that `cloud postgres slow-query list` shows".into());
    }
    Ok(value.to_owned())
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let mut query = vec![
        ("db_name", args.db_name.clone()),
        ("db_user", args.db_user.clone()),
        ("db_operation", args.db_operation.clone()),
    ];
    if let Some(app) = &args.app {
        query.push(("app", app.clone()));
    }
    if let Some(timestamp) = &args.timestamp {
        query.push(("timestamp", timestamp.clone()));
    }
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let detail = api
        .postgres_slow_query(org, id, &args.query_id, &query)
        .await?;
    out.reply(&detail, table);
    if !out.json
        && let Ok(detail) = detail.data()
        && let Some(aggregate) = detail.get("aggregate")
    {
        out.notice(&format!(
            "{}: {} calls, {} us on average, {} us at most.",
            crate::output::for_person(&field(aggregate, "queryText")),
            field(aggregate, "callCount"),
            field(aggregate, "avgDurationUs"),
            field(aggregate, "maxDurationUs"),
        ));
    }
    Ok(())
}

/// The recent executions, newest first as sent.
fn table(detail: &Value) -> crate::output::List {
    let executions = detail
        .get("recentExecutions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    list_table(
        &[
            Column::key("timestamp"),
            Column::ranked("duration us", 1),
            Column::ranked("rows", 2),
            Column::ranked("pid", 3),
            Column::ranked("app", 4),
            Column::text("query", 5),
        ],
        executions.iter().map(|e| {
            vec![
                field(e, "timestamp"),
                field(e, "durationUs"),
                field(e, "rows"),
                field(e, "pid"),
                field(e, "app"),
                field(e, "queryText"),
            ]
        }),
    )
}
