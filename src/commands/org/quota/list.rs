//! `cloud org quota list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, list_table, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Quotas that do not apply to the organization are left out; `used` is empty where the API
reports no usage. An adjustable limit can be raised by ClickHouse support.

Examples:
  cloud org quota list
  cloud org quota list --json")]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let quotas = api.quotas(org).await?;
    out.reply(&quotas, |quotas| {
        list_table(
            &[
                Column::key("code"),
                Column::ranked("scope", 2),
                Column::ranked("limit", 0),
                Column::ranked("used", 0),
                Column::ranked("adjustable", 3),
                Column::text("name", 1),
            ],
            quotas.iter().map(|q| {
                vec![
                    text(&q.quota_code),
                    text(&q.scope),
                    q.value.map_or_else(|| "-".into(), |v| v.to_string()),
                    q.usage.map_or_else(|| "-".into(), |v| v.to_string()),
                    crate::output::flag(q.adjustable).unwrap_or_else(|| "-".into()),
                    text(&q.name),
                ]
            }),
        )
    });
    Ok(())
}
