//! `cloud key list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, list_table, text};

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
                "id",
                "name",
                "state",
                "roles",
                "key suffix",
                "expires",
                "last used",
            ],
            keys.iter().map(|k| {
                vec![
                    text(&k.id),
                    text(&k.name),
                    text(&k.state),
                    super::roles(k),
                    text(&k.key_suffix),
                    k.expire_at.clone().unwrap_or_else(|| "never".into()),
                    text(&k.used_at),
                ]
            }),
        )
    });
    Ok(())
}
