//! `cloud invitation get <INVITATION_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  cloud invitation get <INVITATION_ID>")]
pub struct Args {
    /// Invitation ID
    #[arg(value_name = "INVITATION_ID", value_parser = crate::args::uuid)]
    pub invitation_id: Uuid,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let invitation = api.invitation(org, args.invitation_id).await?;
    out.reply(&invitation, super::detail);
    Ok(())
}
