//! `cloud key delete <KEY>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud key delete <KEY_ID>\n  cloud key delete <KEY_ID> --yes    # in CI, where nothing can ask",
    crate::commands::agents::destructive("deletes an API key (openapiKeyDelete): whatever uses it is locked out."),
))]
pub struct Args {
    /// API key ID (the UUID `key list` shows) or name
    #[arg(value_name = "KEY", value_parser = crate::args::KEY_REF)]
    pub key: IdOrName,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let key_id = crate::commands::lookup::key(api, org, &args.key).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let id = key_id;
        let name = api
            .key(org, id)
            .await
            .ok()
            .and_then(|k| k.into_data().ok())
            .and_then(|k| k.name);
        let what = crate::commands::confirm::describe(name.as_deref(), &id.to_string());
        let question = format!("Delete API key {what}? Whatever uses it is locked out.");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_key(org, key_id).await?;
    out.notice(&format!("Deleted API key {}.", key_id));
    if out.json {
        out.json_value(&json!({ "id": key_id.to_string(), "deleted": true }));
    }
    Ok(())
}
