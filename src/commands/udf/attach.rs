//! `cloud udf attach <NAME> <SERVICE>`

use crate::api::WriteApi;
use crate::api::requests::UdfAttach;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
// `--version` here is the UDF's (the spec's `version`), not cloud's.
#[command(disable_version_flag = true)]
#[command(after_help = crate::commands::agents::after(
    "Replaces the version the service runs, if another is attached. The attachment starts \
`provisioning`; `udf attachment get` shows when it is `deployed`.

Examples:
  cloud udf attach parse_agent <SERVICE_ID>
  cloud udf attach parse_agent analytics --version 2",
    crate::commands::agents::write(
        "attaches a UDF version to a service (udfAttach).",
    ),
))]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Version to attach [default: the latest ready one]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub version: Option<u32>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let request = UdfAttach {
        version: args.version,
    };
    let attachment = api.attach_udf(org, &args.name, service, &request).await?;
    out.notice(&format!("Attached UDF {} to service {service}.", args.name));
    out.reply(&attachment, super::attachment_detail);
    Ok(())
}
