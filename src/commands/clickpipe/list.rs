//! `cloud clickpipe list <SERVICE>`

use super::ServiceRef;
use crate::api::ReadApi;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text, time};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud clickpipe list <SERVICE_ID>\n  cloud clickpipe list analytics --json --jq '.[] | select(.state != \"Running\") | .name'"
)]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceRef,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let (org, service) = args.service.resolve(api).await?;
    let pipes = api.clickpipes(org, service).await?;
    out.reply(&pipes, |pipes| {
        list_table(
            &[
                Column::key("id"),
                Column::key("name"),
                Column::ranked("state", 1),
                Column::ranked("source", 2),
                Column::ranked("destination", 3),
                Column::ranked("created", 4),
            ],
            by_name(pipes, |p| p.name.as_deref()).into_iter().map(|p| {
                vec![
                    text(&p.id),
                    text(&p.name),
                    text(&p.state),
                    text(&p.source_kind()),
                    text(&p.destination_table()),
                    time(&p.created_at),
                ]
            }),
        )
    });
    Ok(())
}
