//! `cloud service backup-bucket delete <SERVICE>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "New backups then go to ClickHouse Cloud's own storage; the bucket and what it holds are \
left as they are.\n\n\
Examples:\n  cloud service backup-bucket delete <SERVICE>\n  cloud service backup-bucket delete <SERVICE> --yes",
    crate::commands::agents::destructive("removes the service's backup bucket (backupBucketDelete)."),
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
        let question = format!("Remove the backup bucket of service {what}?");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    api.delete_backup_bucket(org, id).await?;
    out.notice(&format!("Removed the backup bucket of service {id}."));
    if out.json {
        out.json_value(&json!({ "serviceId": id.to_string(), "deleted": true }));
    }
    Ok(())
}
