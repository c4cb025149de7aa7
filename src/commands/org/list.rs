//! `cloud org list`

use crate::api::ReadApi;
use crate::error::Result;
use crate::output::{Output, list_table, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  cloud org list\n  cloud org list --json --jq '.[0].id'")]
pub struct Args {}

pub async fn run(_args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let orgs = api.organizations().await?;
    out.reply(&orgs, |orgs| {
        list_table(
            &["id", "name", "created"],
            orgs.iter()
                .map(|o| vec![text(&o.id), text(&o.name), text(&o.created_at)]),
        )
    });
    Ok(())
}
