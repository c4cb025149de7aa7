//! `cloud udf detach <NAME> <SERVICE>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The UDF stays, with its versions: `udf attach` puts it back.

Examples:
  cloud udf detach parse_agent <SERVICE_ID>
  cloud udf detach parse_agent analytics --json",
    crate::commands::agents::write("detaches a UDF from a service (udfDetach)."),
))]
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

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    api.detach_udf(org, &args.name, service).await?;
    out.notice(&format!(
        "Detached UDF {} from service {service}.",
        args.name
    ));
    if out.json {
        out.json_value(&json!({
            "functionName": args.name,
            "serviceId": service.to_string(),
            "detached": true,
        }));
    }
    Ok(())
}
