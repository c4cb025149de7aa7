//! `cloud role delete <ROLE>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "System roles (Admin, Developer) cannot be deleted.\n\n\
Examples:\n  cloud role delete \"Service viewer\"\n  cloud role delete <ROLE_ID> --yes    # in CI, where nothing can ask",
    crate::commands::agents::destructive(
        "deletes a custom role and its policies (organizationRoleDelete): its members and keys lose what it granted."
    ),
))]
pub struct Args {
    /// Role ID (the UUID `role list` shows) or name
    #[arg(value_name = "ROLE", value_parser = crate::args::ROLE_REF)]
    pub role: IdOrName,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let role_id = crate::commands::lookup::role(api, org, &args.role).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = api
            .role(org, role_id)
            .await
            .ok()
            .and_then(|r| r.into_data().ok())
            .and_then(|r| r.name);
        let what = crate::commands::confirm::describe(name.as_deref(), &role_id.to_string());
        let question = format!("Delete role {what}? Its members and keys lose what it granted.");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_role(org, role_id).await?;
    out.notice(&format!("Deleted role {role_id}."));
    if out.json {
        out.json_value(&json!({ "id": role_id.to_string(), "deleted": true }));
    }
    Ok(())
}
