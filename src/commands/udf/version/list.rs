//! `cloud udf version list <NAME>`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Newest version first, every page of the API's list. --json prints the items as one array.

Examples:
  cloud udf version list parse_agent
  cloud udf version list parse_agent --json --jq '.[].version'")]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let versions = api.udf_versions(org, &args.name).await?;
    out.reply(&versions, |versions| {
        let mut sorted: Vec<_> = versions.iter().collect();
        sorted.sort_by_key(|v| std::cmp::Reverse(v.version));
        super::super::version_rows(sorted)
    });
    Ok(())
}
