//! `cloud service settings schema <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Settings with a warning may be disruptive: some restart the ClickHouse server.

Examples:
  cloud service settings schema <SERVICE>
  cloud service settings schema <SERVICE> --jq '.settings[] | select(.name == \"max_threads\")'")]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let schema = api.clickhouse_settings_schema(org, service).await?;
    out.reply(&schema, |schema| {
        let settings = schema.settings.clone().unwrap_or_default();
        list_table(
            &[
                Column::key("name"),
                Column::ranked("type", 1),
                Column::text("allowed", 2),
                Column::text("warning", 3),
                Column::text("description", 4),
            ],
            by_name(&settings, |s| s.name.as_deref())
                .into_iter()
                .map(|s| {
                    vec![
                        text(&s.name),
                        text(&s.kind),
                        s.allowed
                            .as_ref()
                            .map_or_else(|| "-".to_owned(), |values| values.join(", ")),
                        text(&s.warning.clone().or(s.deprecation_notice.clone())),
                        text(&s.description),
                    ]
                }),
        )
    });
    Ok(())
}
