//! `cloud service upgrade-window set <SERVICE>`

use crate::api::WriteApi;
use crate::api::requests::UpgradeWindowPut;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The window lasts 6 hours from the start hour. Only primary services have one; a \
secondary service inherits its primary's (the API answers 400).\n\n\
Examples:\n  \
cloud service upgrade-window set <SERVICE> --weekday sat --start-hour 18\n  \
cloud service upgrade-window set <SERVICE> --weekday 3 --start-hour 0 --json",
    crate::commands::agents::write("creates or replaces the service's upgrade window (upgradeWindowUpdate)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Day the window starts: 0 (Sunday) to 6 (Saturday), or a name (sun, monday)
    #[arg(long, value_name = "DAY", value_parser = crate::commands::service::scaling_schedule::weekday)]
    pub weekday: u8,

    /// UTC hour the window starts: 0, 6, 12 or 18
    #[arg(long, value_name = "HOUR", value_parser = start_hour)]
    pub start_hour: u8,

    #[command(flatten)]
    pub org: OrgArg,
}

fn start_hour(value: &str) -> std::result::Result<u8, String> {
    value
        .parse::<u8>()
        .ok()
        .filter(|h| super::START_HOURS.contains(h))
        .ok_or_else(|| "the window starts at 0, 6, 12 or 18 (UTC)".to_owned())
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let request = UpgradeWindowPut {
        weekday: args.weekday,
        start_hour_utc: args.start_hour,
    };
    let window = api.put_upgrade_window(org, service, &request).await?;
    out.reply(&window, super::detail);
    Ok(())
}
