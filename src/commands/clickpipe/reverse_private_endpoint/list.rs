//! `cloud clickpipe reverse-private-endpoint list <SERVICE>`

use crate::api::ReadApi;
use crate::commands::clickpipe::ServiceRef;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud clickpipe reverse-private-endpoint list <SERVICE_ID>\n  cloud clickpipe reverse-private-endpoint list analytics --json --jq '.[].dnsNames'"
)]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceRef,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let (org, service) = args.service.resolve(api).await?;
    let endpoints = api.reverse_private_endpoints(org, service).await?;
    out.reply(&endpoints, |endpoints| {
        list_table(
            &[
                Column::key("id"),
                Column::text("description", 1),
                Column::ranked("type", 2),
                Column::ranked("status", 1),
                Column::ranked("endpoint id", 3),
            ],
            by_name(endpoints, |e| e.description.as_deref())
                .into_iter()
                .map(|e| {
                    vec![
                        text(&e.id),
                        text(&e.description),
                        text(&e.kind),
                        text(&e.status),
                        text(&e.endpoint_id),
                    ]
                }),
        )
    });
    Ok(())
}
