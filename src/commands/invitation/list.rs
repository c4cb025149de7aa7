//! `cloud invitation list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::commands::member::roles;
use crate::error::Result;
use crate::output::{Output, list_table, text};

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
            &["id", "email", "roles", "created", "expires"],
            invitations.iter().map(|i| {
                vec![
                    text(&i.id),
                    text(&i.email),
                    roles(&i.assigned_roles, i.role.clone()),
                    text(&i.created_at),
                    text(&i.expire_at),
                ]
            }),
        )
    });
    Ok(())
}
