//! `cloud backup list <SERVICE_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, bytes, list_table, newest_first, text, time};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Service ID
    #[arg(value_name = "SERVICE_ID", value_parser = crate::args::uuid)]
    pub service_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let backups = api.backups(org, args.service_id).await?;
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
