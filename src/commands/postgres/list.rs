//! `cloud postgres list`

use serde_json::Value;

use crate::api::{ReadApi, Reply};
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud postgres list\n  cloud postgres list --filter tag:env=prod --fields id,name,state\n  cloud postgres list --json --jq '.[] | select(.state == \"running\") | .id'"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// Only services with this tag: `tag:KEY` or `tag:KEY=VALUE` (repeatable; applied here,
    /// the API lists them all)
    #[arg(long, value_parser = crate::args::TAG_FILTER)]
    pub filter: Vec<String>,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let mut services = api.postgres_services(org).await?;
    if !args.filter.is_empty() {
        let kept: Vec<Value> = services
            .to_value()
            .as_array()
            .into_iter()
            .flatten()
            .filter(|item| args.filter.iter().all(|f| has_tag(item, f)))
            .cloned()
            .collect();
        let value = Value::Array(kept);
        let data = serde_json::from_value(value.clone()).unwrap_or_default();
        services = Reply::built(&value, data);
    }
    out.reply(&services, |services| {
        list_table(
            &[
                Column::key("id"),
                Column::key("name"),
                Column::ranked("state", 1),
                Column::ranked("size", 2),
                Column::ranked("version", 4),
                Column::ranked("region", 3),
                Column::ranked("ha", 5),
                Column::ranked("primary", 6),
            ],
            by_name(services, |s| s.name.as_deref())
                .into_iter()
                .map(|s| {
                    vec![
                        text(&s.id),
                        text(&s.name),
                        text(&s.state),
                        text(&s.size),
                        text(&s.postgres_version),
                        text(&s.region),
                        text(&s.ha_type),
                        text(&crate::output::flag(s.is_primary)),
                    ]
                }),
        )
    });
    Ok(())
}

/// Whether `item` carries the tag of a `tag:KEY[=VALUE]` filter.
fn has_tag(item: &Value, filter: &str) -> bool {
    let wanted = filter.strip_prefix("tag:").unwrap_or(filter);
    let (key, value) = match wanted.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (wanted, None),
    };
    item.get("tags")
        .and_then(Value::as_array)
        .is_some_and(|tags| {
            tags.iter().any(|tag| {
                tag.get("key").and_then(Value::as_str) == Some(key)
                    && value.is_none_or(|v| tag.get("value").and_then(Value::as_str) == Some(v))
            })
        })
}
