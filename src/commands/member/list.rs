//! `cloud member list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, list_table, text};

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
            &["user id", "name", "email", "roles", "joined"],
            members.iter().map(|m| {
                vec![
                    text(&m.user_id),
                    text(&m.name),
                    text(&m.email),
                    super::roles(&m.assigned_roles, m.role.clone()),
                    text(&m.joined_at),
                ]
            }),
        )
    });
    Ok(())
}
