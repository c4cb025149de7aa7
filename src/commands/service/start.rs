//! `cloud service start <SERVICE>`

use super::wait::{self, Target};
use crate::api::WriteApi;
use crate::api::requests::StateCommand;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud service start <SERVICE_ID>\n  cloud service start <SERVICE_ID> --wait --wait-timeout 5m",
    crate::commands::agents::write("starts a stopped service (instanceStateUpdate); it is billed while running."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub wait: super::wait::WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let service = api
        .change_service_state(org, service_id, StateCommand::Start)
        .await?;
    if args.wait.wait {
        let timeout = args.wait.timeout(wait::DEFAULT_TIMEOUT);
        let service = wait::until(api, org, service_id, Target::Running, timeout, out).await?;
        if let Some(service) = service {
            out.reply(&service, super::detail);
        }
        return Ok(());
    }
    out.reply(&service, super::summary);
    Ok(())
}
