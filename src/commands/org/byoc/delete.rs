//! `cloud org byoc delete <BYOC>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud org byoc delete prod-eu\n  cloud org byoc delete <BYOC_ID> --yes    # in CI, where nothing can ask",
    crate::commands::agents::destructive(
        "removes a BYOC infrastructure from the organization (organizationByocInfrastructureDelete)."
    ),
))]
pub struct Args {
    /// BYOC infrastructure ID (as `cloud org get --json` shows it in byocConfig) or display name
    #[arg(value_name = "BYOC", value_parser = crate::args::BYOC_REF)]
    pub byoc: IdOrName,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::byoc(api, org, &args.byoc).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = match &args.byoc {
            IdOrName::Name(name) => Some(name.clone()),
            IdOrName::Id(_) => None,
        };
        let what = crate::commands::confirm::describe(name.as_deref(), &id.to_string());
        let question = format!("Remove BYOC infrastructure {what} from the organization?");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_byoc(org, id).await?;
    out.notice(&format!("Removed BYOC infrastructure {id}."));
    if out.json {
        out.json_value(&json!({ "id": id.to_string(), "deleted": true }));
    }
    Ok(())
}
