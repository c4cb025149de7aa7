//! `cloud member remove <MEMBER>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud member remove <USER_ID>\n  cloud member remove <USER_ID> --yes --json",
    crate::commands::agents::destructive("removes the member from the organization (memberDelete): they lose access to it."),
))]
pub struct Args {
    /// User ID, name or email of the member
    #[arg(value_name = "MEMBER", value_parser = crate::args::MEMBER_REF)]
    pub member: IdOrName,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let user_id = crate::commands::lookup::member(api, org, &args.member).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let id = user_id;
        let name = api
            .member(org, id)
            .await
            .ok()
            .and_then(|m| m.into_data().ok())
            .and_then(|m| m.email.or(m.name));
        let what = crate::commands::confirm::describe(name.as_deref(), &id.to_string());
        let question = format!("Remove member {what} from organization {org}?");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.remove_member(org, user_id).await?;
    out.notice(&format!(
        "Removed member {} from organization {org}.",
        user_id
    ));
    if out.json {
        out.json_value(&json!({ "id": user_id.to_string(), "removed": true }));
    }
    Ok(())
}
