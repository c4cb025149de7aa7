//! `cloud invitation list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::commands::member::roles;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text, time};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud invitation list\n  cloud invitation list --json --jq '.[].email'"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let invitations = api.invitations(org).await?;
    out.reply(&invitations, |invitations| {
        list_table(
            &[
                Column::key("id"),
                Column::key("email"),
                Column::ranked("roles", 1),
                Column::ranked("created", 3),
                Column::ranked("expires", 2),
            ],
            by_name(invitations, |i| i.email.as_deref())
                .into_iter()
                .map(|i| {
                    vec![
                        text(&i.id),
                        text(&i.email),
                        roles(&i.assigned_roles, i.role.clone()),
                        time(&i.created_at),
                        time(&i.expire_at),
                    ]
                }),
        )
    });
    Ok(())
}
