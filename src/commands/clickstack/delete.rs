//! `cloud clickstack <kind> delete <SERVICE> <ID>`

use serde_json::{Value, json};

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::commands::confirm::{self, Yes};
use crate::error::Result;
use crate::output::Output;

use super::kind::Kind;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// ID, as `list` shows it
    #[arg(value_name = "ID", value_parser = super::object_id)]
    pub id: String,

    #[command(flatten)]
    pub confirm: Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(kind: Kind, args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let row = kind.row();
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = super::get::fetch(kind, api, org, service, &args.id)
            .await
            .ok()
            .and_then(|reply| reply.into_data().ok())
            .and_then(|o| o.get("name").and_then(Value::as_str).map(str::to_owned));
        let what = confirm::describe(name.as_deref(), &args.id);
        confirm::ask(
            args.confirm,
            false,
            &format!("Delete ClickStack {} {what}?", row.noun),
        )?;
    }
    api.clickstack_delete(org, service, row.segment, &args.id)
        .await?;
    out.notice(&format!(
        "Deleted ClickStack {} {}.",
        row.noun,
        crate::output::for_person(&args.id)
    ));
    if out.json {
        out.json_value(&json!({ "id": args.id, "deleted": true }));
    }
    Ok(())
}
