//! `cloud udf attachment get <NAME> <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Not attached to that service is a 404 (exit 5).

Examples:
  cloud udf attachment get parse_agent <SERVICE_ID>
  cloud udf attachment get parse_agent analytics --json --jq .status")]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let attachment = api.udf_attachment(org, &args.name, service).await?;
    out.reply(&attachment, crate::commands::udf::attachment_detail);
    Ok(())
}
