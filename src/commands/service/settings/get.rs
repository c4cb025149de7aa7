//! `cloud service settings get <SERVICE> <NAME>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, detail_table};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Values are strings whatever the setting's type.

Examples:
  cloud service settings get <SERVICE> max_threads
  cloud service settings get <SERVICE> compatibility --json")]
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

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let setting = api.clickhouse_setting(org, service, &args.name).await?;
    out.reply(&setting, |s| {
        detail_table([("Name", s.name.clone()), ("Value", s.value.clone())])
    });
    Ok(())
}
