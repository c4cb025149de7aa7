//! `cloud udf delete <NAME>`

use serde_json::json;

use crate::api::WriteApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Every version goes, and the UDF is detached from every service (that part completes \
asynchronously).

Examples:
  cloud udf delete parse_agent
  cloud udf delete parse_agent --yes    # in CI, where nothing can ask",
    crate::commands::agents::destructive(
        "deletes a UDF with all its versions and detaches it from every service (udfDelete).",
    ),
))]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let question = format!(
        "Delete UDF {}, every version of it, from every service?",
        crate::output::for_person(&args.name)
    );
    crate::commands::confirm::ask(args.confirm, api.is_dry_run(), &question)?;
    api.delete_udf(org, &args.name).await?;
    out.notice(&format!("Deleted UDF {}.", args.name));
    if out.json {
        out.json_value(&json!({ "functionName": args.name, "deleted": true }));
    }
    Ok(())
}
