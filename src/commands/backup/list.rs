//! `cloud backup list <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, bytes, list_table, newest_first, text, time};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud backup list <SERVICE_ID>\n  cloud backup list <SERVICE_ID> --json --jq '.[0].id'"
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let backups = api.backups(org, service_id).await?;
    out.reply(&backups, |backups| {
        list_table(
            &[
                Column::key("id"),
                Column::ranked("status", 1),
                Column::ranked("type", 2),
                Column::ranked("started", 1),
                Column::ranked("finished", 5),
                Column::ranked("duration", 4),
                Column::ranked("size", 3),
            ],
            newest_first(backups, |b| b.started_at.as_deref())
                .into_iter()
                .map(|b| {
                    vec![
                        text(&b.id),
                        text(&b.status),
                        text(&b.kind),
                        time(&b.started_at),
                        time(&b.finished_at),
                        text(&super::duration(b.duration_in_seconds)),
                        text(&bytes(b.size_in_bytes)),
                    ]
                }),
        )
    });
    Ok(())
}
