//! `cloud service scaling-schedule delete <SERVICE>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "If an entry is active, the service returns to its base scaling first.\n\n\
Examples:\n  cloud service scaling-schedule delete <SERVICE>\n  cloud service scaling-schedule delete <SERVICE> --yes",
    crate::commands::agents::destructive("deletes the service's scaling schedule (scalingScheduleDelete)."),
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
        let what = crate::commands::service::describe(api, org, id).await;
        let question = format!("Delete the scaling schedule of service {what}?");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_scaling_schedule(org, id).await?;
    out.notice(&format!("Deleted the scaling schedule of service {id}."));
    if out.json {
        out.json_value(&json!({ "serviceId": id.to_string(), "deleted": true }));
    }
    Ok(())
}
