//! `cloud postgres config get <POSTGRES>`

use serde_json::Value;

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud postgres config get <POSTGRES_ID>\n  cloud postgres config get orders-db --json > config.json"
)]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let config = api.postgres_config(org, id).await?;
    out.reply(&config, table);
    Ok(())
}

/// One row per parameter: where it applies (postgres, pgbouncer), its name and value.
pub(super) fn table(config: &Value) -> crate::output::List {
    use crate::output::{Column, list_table};
    let mut rows = Vec::new();
    for (section, label) in [("pgConfig", "postgres"), ("pgBouncerConfig", "pgbouncer")] {
        if let Some(Value::Object(params)) = config.get(section) {
            for (name, value) in params {
                let shown = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                rows.push(vec![label.to_owned(), name.clone(), shown]);
            }
        }
    }
    list_table(
        &[
            Column::ranked("for", 1),
            Column::key("parameter"),
            Column::text("value", 0),
        ],
        rows,
    )
}
