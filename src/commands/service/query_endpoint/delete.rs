//! `cloud service query-endpoint delete <SERVICE>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud service query-endpoint delete <SERVICE_ID>\n  cloud service query-endpoint delete <SERVICE_ID> --yes",
    crate::commands::agents::destructive("deletes the service's query API endpoint (instanceQueryEndpointDelete)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::service(api, org, &args.service).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = api
            .service(org, id)
            .await
            .ok()
            .and_then(|s| s.into_data().ok())
            .and_then(|s| s.name);
        let what = crate::commands::confirm::describe(name.as_deref(), &id.to_string());
        let question = format!("Delete the query endpoint of service {what}?");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_query_endpoint(org, id).await?;
    out.notice(&format!("Deleted the query endpoint of service {id}."));
    if out.json {
        out.json_value(&json!({ "serviceId": id.to_string(), "deleted": true }));
    }
    Ok(())
}
