//! `cloud org usage --from-date … --to-date …` or `--since … [--until …]`

use crate::api::ReadApi;
use crate::api::models::UsageCostRecord;
use crate::args::When;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table, number, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
--since and --until take a duration back from now (2h, 3d, 1w), an RFC 3339 date-time or a
YYYY-MM-DD date; the report covers whole UTC days, so only the day counts. Without --until
(or --to-date) the report ends today.

Examples:
  cloud org usage --since 1w
  cloud org usage --from-date 2026-01-01 --to-date 2026-01-31 --filter tag:env=prod")]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// First day of the report (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub from_date: Option<jiff::civil::Date>,

    /// Last day of the report, inclusive; at most 30 days after --from-date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub to_date: Option<jiff::civil::Date>,

    /// First day of the report: 3d, 1w (back from now), a date-time or a date
    #[arg(long, value_name = "WHEN", value_parser = crate::args::WHEN, conflicts_with = "from_date")]
    pub since: Option<When>,

    /// Last day of the report, inclusive: 1d (back from now), a date-time or a date [default: today with --since]
    #[arg(long, value_name = "WHEN", value_parser = crate::args::WHEN, conflicts_with = "to_date")]
    pub until: Option<When>,

    /// Only entities with this tag: `tag:KEY` or `tag:KEY=VALUE` (repeatable)
    #[arg(long, value_parser = crate::args::TAG_FILTER)]
    pub filter: Vec<String>,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    // Checked here rather than by clap, whose "required unless" the catalog cannot see.
    let (from_flag, from) = match (args.since, args.from_date) {
        (Some(since), _) => ("--since", since.day()),
        (None, Some(day)) => ("--from-date", day),
        (None, None) => {
            return Err(Error::Usage(
                "the report needs a start: --from-date YYYY-MM-DD (with --to-date), \
                 or --since, e.g. --since 1w"
                    .into(),
            ));
        }
    };
    let (to_flag, to) = match (args.until, args.to_date) {
        (Some(until), _) => ("--until", until.day()),
        (None, Some(day)) => ("--to-date", day),
        (None, None) if args.since.is_some() => {
            ("--until", When::Instant(jiff::Timestamp::now()).day())
        }
        (None, None) => {
            return Err(Error::Usage(
                "--from-date needs --to-date (or --until), e.g. --to-date 2026-01-31".into(),
            ));
        }
    };
    let days = (to - from).get_days();
    if days < 0 {
        return Err(Error::Usage(format!(
            "{to_flag} is before {from_flag}: {to} comes before {from}"
        )));
    }
    if days > 30 {
        return Err(Error::Usage(format!(
            "the API reports at most 31 days; {to_flag} ({to}) is {days} days after {from_flag} ({from})"
        )));
    }
    let org = args.org.resolve(api).await?;
    let usage = api
        .usage_cost(org, &from.to_string(), &to.to_string(), &args.filter)
        .await?;
    out.reply(&usage, |usage| {
        let total = vec![
            "total".to_owned(),
            String::new(),
            String::new(),
            number(usage.grand_total_chc).unwrap_or_else(|| "-".into()),
            String::new(),
        ];
        list_table(
            &[
                Column::key("date"),
                Column::ranked("entity type", 2),
                Column::key("entity"),
                Column::ranked("total chc", 1),
                Column::ranked("locked", 3),
            ],
            usage_rows(usage.costs.as_deref().unwrap_or_default())
                .into_iter()
                .map(|c| {
                    vec![
                        text(&c.date),
                        text(&c.entity_type),
                        c.entity_name
                            .clone()
                            .or(c.entity_id.clone())
                            .unwrap_or_else(|| "-".into()),
                        number(c.total_chc).unwrap_or_else(|| "-".into()),
                        crate::output::flag(c.locked).unwrap_or_else(|| "-".into()),
                    ]
                })
                .chain([total]),
        )
    });
    Ok(())
}

/// A time series: the newest day first, then by entity name (equal rows keep the API's order).
fn usage_rows(costs: &[UsageCostRecord]) -> Vec<&UsageCostRecord> {
    let mut rows = crate::output::by_name(costs, |c| {
        c.entity_name.as_deref().or(c.entity_id.as_deref())
    });
    rows.sort_by(|a, b| b.date.cmp(&a.date));
    rows
}
