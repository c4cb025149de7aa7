//! `cloud org list`

use crate::api::ReadApi;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text, time};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  cloud org list\n  cloud org list --json --jq '.[0].id'")]
pub struct Args {}

pub async fn run(_args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let orgs = api.organizations().await?;
    out.reply(&orgs, |orgs| {
        list_table(
            &[
                Column::key("id"),
                Column::key("name"),
                Column::ranked("created", 1),
            ],
            by_name(orgs, |o| o.name.as_deref())
                .into_iter()
                .map(|o| vec![text(&o.id), text(&o.name), time(&o.created_at)]),
        )
    });
    Ok(())
}
