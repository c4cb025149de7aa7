//! `cloud service scaling-schedule get <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Hours are UTC; an entry whose end hour is below its start hour runs overnight. The last row is
the base scaling, in effect when no entry is active. A service without a schedule is a 404
(exit 5).

Examples:
  cloud service scaling-schedule get <SERVICE>
  cloud service scaling-schedule get <SERVICE> --json")]
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
    let schedule = api.scaling_schedule(org, service).await?;
    out.reply(&schedule, super::table);
    Ok(())
}
