//! `cloud key list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text, time};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  cloud key list\n  cloud key list --fields name,state,expires")]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let keys = api.keys(org).await?;
    out.reply(&keys, |keys| {
        list_table(
            &[
                Column::key("id"),
                Column::key("name"),
                Column::ranked("state", 1),
                Column::ranked("roles", 2),
                Column::ranked("key suffix", 3),
                Column::ranked("expires", 4),
                Column::ranked("last used", 5),
            ],
            by_name(keys, |k| k.name.as_deref()).into_iter().map(|k| {
                vec![
                    text(&k.id),
                    text(&k.name),
                    text(&k.state),
                    super::roles(k),
                    text(&k.key_suffix),
                    k.expire_at
                        .as_deref()
                        .map_or_else(|| "never".into(), crate::output::local_time),
                    time(&k.used_at),
                ]
            }),
        )
    });
    Ok(())
}
