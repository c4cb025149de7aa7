//! `cloud activity list [--from-date …] [--to-date …]`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table, newest_first, text, time};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud activity list --from-date 2026-11-01 --to-date 2026-11-30\n  cloud activity list --json --jq '.[] | select(.type == \"service_delete\")'"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// First day to list (YYYY-MM-DD, UTC, from 00:00:00)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub from_date: Option<jiff::civil::Date>,

    /// Last day to list, inclusive (YYYY-MM-DD, UTC, until 23:59:59)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub to_date: Option<jiff::civil::Date>,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    if let (Some(from), Some(to)) = (args.from_date, args.to_date)
        && to < from
    {
        return Err(Error::Usage("--to-date is before --from-date".into()));
    }
    // The API takes date-times: whole UTC days, the last one included.
    let from = args.from_date.map(|d| format!("{d}T00:00:00Z"));
    let to = args.to_date.map(|d| format!("{d}T23:59:59Z"));
    let org = args.org.resolve(api).await?;
    let activities = api.activities(org, from, to).await?;
    out.reply(&activities, |activities| {
        list_table(
            &[
                Column::key("id"),
                Column::ranked("time", 1),
                Column::ranked("type", 1),
                Column::ranked("actor", 2),
                Column::ranked("service", 3),
            ],
            newest_first(activities, |a| a.created_at.as_deref())
                .into_iter()
                .map(|a| {
                    vec![
                        text(&a.id),
                        time(&a.created_at),
                        text(&a.kind),
                        super::actor(a),
                        text(&a.service_id),
                    ]
                }),
        )
    });
    Ok(())
}
