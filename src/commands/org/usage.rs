//! `cloud org usage --from-date … --to-date …`

use crate::api::ReadApi;
use crate::api::models::UsageCostRecord;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table, number, text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud org usage --from-date 2026-11-01 --to-date 2026-11-30\n  cloud org usage --from-date 2026-11-01 --to-date 2026-11-30 --filter tag:team=data --json"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// First day of the report (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub from_date: jiff::civil::Date,

    /// Last day of the report, inclusive; at most 30 days after --from-date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::date)]
    pub to_date: jiff::civil::Date,

    /// Only entities with this tag: `tag:KEY` or `tag:KEY=VALUE` (repeatable)
    #[arg(long, value_parser = crate::args::TAG_FILTER)]
    pub filter: Vec<String>,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let days = (args.to_date - args.from_date).get_days();
    if days < 0 {
        return Err(Error::Usage("--to-date is before --from-date".into()));
    }
    if days > 30 {
        return Err(Error::Usage(format!(
            "the API reports at most 31 days; --to-date is {days} days after --from-date"
        )));
    }
    let org = args.org.resolve(api).await?;
    let usage = api
        .usage_cost(
            org,
            &args.from_date.to_string(),
            &args.to_date.to_string(),
            &args.filter,
        )
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
