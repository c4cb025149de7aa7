//! `cloud postgres delete <POSTGRES>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::commands::confirm::{self, Yes};
use crate::commands::service::wait::{self, Target, WaitArgs};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud postgres delete <POSTGRES_ID>\n  cloud postgres delete orders-db --yes --wait",
    crate::commands::agents::destructive("deletes the Postgres service and its data (DELETE postgresServiceDelete)."),
))]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    #[command(flatten)]
    pub confirm: Yes,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = api
            .postgres_service(org, id)
            .await
            .ok()
            .and_then(|s| s.into_data().ok())
            .and_then(|s| s.name);
        let what = confirm::describe(name.as_deref(), &id.to_string());
        confirm::ask(
            args.confirm,
            false,
            &format!("Delete Postgres service {what} and its data?"),
        )?;
    }
    api.delete_postgres(org, id).await?;
    if args.wait.wait {
        let timeout = args.wait.timeout(wait::DEFAULT_TIMEOUT);
        super::until(api, org, id, Target::Gone, timeout, out).await?;
        out.notice(&format!("Deleted Postgres service {id}."));
    } else {
        out.notice(&format!("Deleting Postgres service {id}."));
    }
    if out.json {
        out.json_value(&json!({ "id": id.to_string(), "deleted": true }));
    }
    Ok(())
}
