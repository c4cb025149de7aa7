//! `cloud service settings unset <SERVICE> <NAME>`

use serde_json::json;

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The setting returns to the platform default; nothing is lost, so there is no question. \
Server settings (e.g. keep_alive_timeout) restart ClickHouse.\n\n\
Examples:\n  cloud service settings unset <SERVICE> max_threads\n  cloud service settings unset <SERVICE> compatibility --json",
    crate::commands::agents::write("resets one ClickHouse setting of the service to its default (serviceClickhouseSettingDelete)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Setting name, e.g. max_threads
    #[arg(value_name = "NAME", value_parser = super::setting_name)]
    pub name: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    api.delete_clickhouse_setting(org, service, &args.name)
        .await?;
    out.notice(&format!(
        "Reset {} on service {service} to its default.",
        args.name
    ));
    if out.json {
        out.json_value(
            &json!({ "serviceId": service.to_string(), "name": args.name, "deleted": true }),
        );
    }
    Ok(())
}
