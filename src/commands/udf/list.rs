//! `cloud udf list`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, by_name};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The latest version of each UDF, every page of the API's list. --json prints the items as one
array.

Examples:
  cloud udf list
  cloud udf list --json --jq '.[] | select(.status == \"error\") | .functionName'")]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let udfs = api.udfs(org).await?;
    out.reply(&udfs, |udfs| {
        super::version_rows(by_name(udfs, |u| u.function_name.as_deref()))
    });
    Ok(())
}
