//! `cloud member list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text, time};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud member list\n  cloud member list --json --jq '.[].email'"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let members = api.members(org).await?;
    out.reply(&members, |members| {
        list_table(
            &[
                Column::key("user id"),
                Column::key("name"),
                Column::key("email"),
                Column::ranked("roles", 1),
                Column::ranked("joined", 2),
            ],
            by_name(members, |m| m.name.as_deref().or(m.email.as_deref()))
                .into_iter()
                .map(|m| {
                    vec![
                        text(&m.user_id),
                        text(&m.name),
                        text(&m.email),
                        super::roles(&m.assigned_roles, m.role.clone()),
                        time(&m.joined_at),
                    ]
                }),
        )
    });
    Ok(())
}
