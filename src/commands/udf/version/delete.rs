//! `cloud udf version delete <NAME> <VERSION>`

use serde_json::json;

use crate::api::WriteApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The API refuses (409) while the UDF is attached to a service: detach it first.

Examples:
  cloud udf version delete parse_agent 1
  cloud udf version delete parse_agent 1 --yes    # in CI, where nothing can ask",
    crate::commands::agents::destructive("deletes one version of a UDF (udfVersionDelete)."),
))]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    /// Version number (`udf version list` shows them)
    #[arg(value_name = "VERSION", value_parser = clap::value_parser!(u32).range(1..))]
    pub number: u32,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let question = format!(
        "Delete version {} of UDF {}?",
        args.number,
        crate::output::for_person(&args.name)
    );
    crate::commands::confirm::ask(args.confirm, api.is_dry_run(), &question)?;
    api.delete_udf_version(org, &args.name, args.number).await?;
    out.notice(&format!(
        "Deleted version {} of UDF {}.",
        args.number, args.name
    ));
    if out.json {
        out.json_value(&json!({
            "functionName": args.name,
            "version": args.number,
            "deleted": true,
        }));
    }
    Ok(())
}
