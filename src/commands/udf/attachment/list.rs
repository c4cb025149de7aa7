//! `cloud udf attachment list <NAME>`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, list_table, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
One row per service (a service has at most one version of a UDF attached). --json prints the
items of every page as one array.

Examples:
  cloud udf attachment list parse_agent
  cloud udf attachment list parse_agent --json --jq '.[].serviceId'")]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let attachments = api.udf_attachments(org, &args.name).await?;
    out.reply(&attachments, |attachments| {
        list_table(
            &[
                Column::key("service"),
                Column::ranked("version", 0),
                Column::ranked("status", 0),
                Column::key("name"),
            ],
            attachments.iter().map(|a| {
                vec![
                    text(&a.service_id),
                    a.version.map_or_else(|| "-".into(), |v| v.to_string()),
                    text(&a.status),
                    text(&a.function_name),
                ]
            }),
        )
    });
    Ok(())
}
