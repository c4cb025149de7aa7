//! `cloud service sql <SERVICE> --query SQL`: any statement (INSERT, DDL, …), a write.
//!
//! The write half of the Query API: classified Write, so an OAuth login or a read-only
//! credential is refused before any request, and `--dry-run` prints the request instead.

use crate::api::WriteApi;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  \
cloud service sql <SERVICE> --query 'INSERT INTO events VALUES (1, now())'\n  \
cloud service sql <SERVICE> --queries-file migrate.sql\n  \
cloud service sql <SERVICE> --query 'CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x' --dry-run\n\n\
Runs any statement, reads included, with the same flags as `cloud service query`. The API key \
must be bound to the service's query endpoint with a role that may write:\n  \
cloud service query-endpoint create <SERVICE> --open-api-key <KEY_ID> --role sql_console_admin\n\
Statements (`;`-separated, or a --queries-file) run in order; the first failure stops the rest. \
--dry-run prints the first request (POST to the Query API, the SQL in its body) and sends nothing.",
    crate::commands::agents::write(
        "runs SQL on the service through the Query API (not in the OpenAPI spec); the SQL may change data or schema."
    ),
))]
pub struct Args {
    #[command(flatten)]
    pub sql: super::query::SqlArgs,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let sql = args.sql;
    let statements = sql.statements()?;
    let service = sql.service_id(api).await?;
    let options = sql.options(out);
    for statement in &statements {
        let result = api.run_sql(service, statement, &options).await?;
        super::query::print(result).await?;
    }
    Ok(())
}
