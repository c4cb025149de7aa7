//! `cloud invitation delete <INVITATION_ID>`

use serde_json::json;
use uuid::Uuid;

use crate::api::WriteApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud invitation delete <INVITATION_ID>\n  cloud invitation delete <INVITATION_ID> --yes --json",
    crate::commands::agents::destructive("withdraws an invitation (invitationDelete); its link stops working."),
))]
pub struct Args {
    /// Invitation ID
    #[arg(value_name = "INVITATION_ID", value_parser = crate::args::uuid)]
    pub invitation_id: Uuid,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let id = args.invitation_id;
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
    api.delete_invitation(org, args.invitation_id).await?;
    out.notice(&format!("Deleted invitation {}.", args.invitation_id));
    if out.json {
        out.json_value(&json!({ "id": args.invitation_id.to_string(), "deleted": true }));
    }
    Ok(())
}
