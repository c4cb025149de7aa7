//! `cloud invitation get <INVITATION>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  cloud invitation get <INVITATION_ID>")]
pub struct Args {
    /// Invitation ID, or the email address it was sent to
    #[arg(value_name = "INVITATION", value_parser = crate::args::INVITATION_REF)]
    pub invitation: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let invitation_id = crate::commands::lookup::invitation(api, org, &args.invitation).await?;
    let invitation = api.invitation(org, invitation_id).await?;
    out.reply(&invitation, super::detail);
    Ok(())
}
