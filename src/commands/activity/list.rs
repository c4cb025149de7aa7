//! `cloud activity list [--since …|--from-date …] [--until …|--to-date …]`

use crate::api::ReadApi;
use crate::args::When;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table, newest_first, text, time};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
--since and --until take a duration back from now (30m, 2h, 3d, 1w), an RFC 3339 date-time
or a YYYY-MM-DD date (UTC; --until includes the whole day).

Examples:
  cloud activity list --since 2h
  cloud activity list --json --jq '.[] | select(.type == \"service_delete\")'
  cloud activity list --since 2026-01-01 --until 2026-01-31
  cloud activity list --from-date 2026-01-01 --to-date 2026-01-07 --json")]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// First day to list (YYYY-MM-DD, UTC, from 00:00:00)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub from_date: Option<jiff::civil::Date>,

    /// Last day to list, inclusive (YYYY-MM-DD, UTC, until 23:59:59)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub to_date: Option<jiff::civil::Date>,

    /// List from this time on: 2h, 3d, 1w (back from now), a date-time or a date
    #[arg(long, value_name = "WHEN", value_parser = crate::args::WHEN, conflicts_with = "from_date")]
    pub since: Option<When>,

    /// List up to this time: 30m, 1d (back from now), a date-time or a date (inclusive)
    #[arg(long, value_name = "WHEN", value_parser = crate::args::WHEN, conflicts_with = "to_date")]
    pub until: Option<When>,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let from = match (args.since, args.from_date) {
        (Some(since), _) => Some(("--since", since)),
        (None, Some(day)) => Some(("--from-date", When::Day(day))),
        (None, None) => None,
    };
    let to = match (args.until, args.to_date) {
        (Some(until), _) => Some(("--until", until)),
        (None, Some(day)) => Some(("--to-date", When::Day(day))),
        (None, None) => None,
    };
    if let (Some((from_flag, from)), Some((to_flag, to))) = (from, to)
        && to.end() < from.start()
    {
        return Err(Error::Usage(format!(
            "{to_flag} is before {from_flag}: {} comes before {}",
            to.end(),
            from.start()
        )));
    }
    // The API takes date-times: whole UTC days, the last one included.
    let from = from.map(|(_, when)| when.start().to_string());
    let to = to.map(|(_, when)| when.end().to_string());
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
