//! `cloud postgres update <POSTGRES>`

use serde_json::{Map, Value, json};

use crate::api::WriteApi;
use crate::api::requests::Tag;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Tags are changed by reading the service's tags and sending the new list.\n\n\
Examples:\n  \
cloud postgres update <POSTGRES_ID> --size c6gd.2xlarge\n  \
cloud postgres update orders-db --ha-type sync --add-tag env=prod --remove-tag env=dev\n  \
cloud postgres update orders-db --name orders --dry-run",
    crate::commands::agents::write("changes the Postgres service's name, size, high availability or tags (PATCH postgresServicePatch)."),
))]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// New name
    #[arg(long, value_parser = crate::args::service_name)]
    pub name: Option<String>,

    /// New VM size, e.g. c6gd.2xlarge
    #[arg(long)]
    pub size: Option<String>,

    /// High availability: none, async or sync
    #[arg(long, value_parser = ["none", "async", "sync"])]
    pub ha_type: Option<String>,

    /// Add a tag: KEY or KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = crate::args::tag)]
    pub add_tag: Vec<Tag>,

    /// Remove a tag: KEY or KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = crate::args::tag)]
    pub remove_tag: Vec<Tag>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let mut body = Map::new();
    if let Some(name) = &args.name {
        body.insert("name".into(), json!(name));
    }
    if let Some(size) = &args.size {
        body.insert("size".into(), json!(size));
    }
    if let Some(ha) = &args.ha_type {
        body.insert("haType".into(), json!(ha));
    }
    let tags_change = !args.add_tag.is_empty() || !args.remove_tag.is_empty();
    if body.is_empty() && !tags_change {
        return Err(Error::Usage(
            "nothing to change: give at least one of --name, --size, --ha-type, --add-tag, --remove-tag"
                .into(),
        ));
    }
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    if tags_change {
        let current = api.postgres_service(org, id).await?.into_data()?;
        let mut tags: Vec<Tag> = current
            .tags
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| {
                Some(Tag {
                    key: t.key?,
                    value: t.value,
                })
            })
            .collect();
        tags.retain(|t| {
            !args
                .remove_tag
                .iter()
                .any(|r| r.key == t.key && (r.value.is_none() || r.value == t.value))
        });
        for added in &args.add_tag {
            tags.retain(|t| t.key != added.key);
            tags.push(added.clone());
        }
        body.insert("tags".into(), super::tag_values("--add-tag", &tags)?);
    }
    let updated = api.update_postgres(org, id, &Value::Object(body)).await?;
    out.reply(&updated, super::detail);
    Ok(())
}
