//! `cloud udf get <NAME>`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The latest version: its build status (building, ready, error, with the build error) and
settings. Older versions: `cloud udf version list`.

Examples:
  cloud udf get parse_agent
  cloud udf get parse_agent --json --jq .status")]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let udf = api.udf(org, &args.name).await?;
    out.reply(&udf, super::detail);
    Ok(())
}
