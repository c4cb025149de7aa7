//! `cloud role list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The IDs are what `cloud key create --role-id`, `cloud member update --role-id` and
`cloud invitation create --role-id` take.

Examples:
  cloud role list
  cloud role list --jq '.[] | select(.name == \"Developer\") | .id'")]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let roles = api.roles(org).await?;
    out.reply(&roles, |roles| {
        list_table(
            &[
                Column::key("id"),
                Column::key("name"),
                Column::ranked("type", 1),
                Column::ranked("permissions", 2),
                Column::ranked("actors", 3),
            ],
            by_name(roles, |r| r.name.as_deref()).into_iter().map(|r| {
                vec![
                    text(&r.id),
                    text(&r.name),
                    text(&r.kind),
                    super::permissions(r).len().to_string(),
                    r.actors.as_ref().map_or(0, Vec::len).to_string(),
                ]
            }),
        )
    });
    Ok(())
}
