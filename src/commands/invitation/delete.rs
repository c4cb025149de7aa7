//! `cloud invitation delete <INVITATION>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud invitation delete <INVITATION_ID>\n  cloud invitation delete <INVITATION_ID> --yes --json",
    crate::commands::agents::destructive("withdraws an invitation (invitationDelete); its link stops working."),
))]
pub struct Args {
    /// Invitation ID, or the email address it was sent to
    #[arg(value_name = "INVITATION", value_parser = crate::args::INVITATION_REF)]
    pub invitation: IdOrName,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let invitation_id = crate::commands::lookup::invitation(api, org, &args.invitation).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let id = invitation_id;
        let email = api
            .invitation(org, id)
            .await
            .ok()
            .and_then(|i| i.into_data().ok())
            .and_then(|i| i.email);
        let what = crate::commands::confirm::describe(email.as_deref(), &id.to_string());
        let question = format!("Delete the invitation {what}? Its link stops working.");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_invitation(org, invitation_id).await?;
    out.notice(&format!("Deleted invitation {}.", invitation_id));
    if out.json {
        out.json_value(&json!({ "id": invitation_id.to_string(), "deleted": true }));
    }
    Ok(())
}
