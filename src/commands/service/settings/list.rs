//! `cloud service settings list <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Only settings that were set are listed; the rest have the platform default.

Examples:
  cloud service settings list <SERVICE>
  cloud service settings list <SERVICE> --json")]
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
    let settings = api.clickhouse_settings(org, service).await?;
    out.reply(&settings, |list| {
        let settings = list.settings.clone().unwrap_or_default();
        list_table(
            &[Column::key("name"), Column::text("value", 1)],
            by_name(&settings, |s| s.name.as_deref())
                .into_iter()
                .map(|s| vec![text(&s.name), text(&s.value)]),
        )
    });
    Ok(())
}
