//! `cloud service upgrade-window get <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A service without an upgrade window is a 404 (exit 5): upgrades follow the default schedule.

Examples:
  cloud service upgrade-window get <SERVICE>
  cloud service upgrade-window get <SERVICE> --json")]
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
    let window = api.upgrade_window(org, service).await?;
    out.reply(&window, super::detail);
    Ok(())
}
