//! `cloud service scale <SERVICE>`

use super::wait::{self, Target};
use crate::api::WriteApi;
use crate::api::requests::ReplicaScalingPatch;
use crate::args::IdOrName;
use crate::commands::{OrgArg, require_changes};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
        "Only the settings given change.\n\n\
Examples:\n  \
cloud service scale <SERVICE> --min-replica-memory-gb 16 --max-replica-memory-gb 64\n  \
cloud service scale <SERVICE> --num-replicas 3\n  \
cloud service scale <SERVICE> --autoscaling-mode horizontal --min-replicas 2 --max-replicas 6\n  \
cloud service scale <SERVICE> --idle-scaling true --idle-timeout-minutes 15",
        crate::commands::agents::write("changes the service's memory, replica count and idle scaling (instanceReplicaScalingUpdate); cost changes with it."),
    ))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub scaling: super::Scaling,

    #[command(flatten)]
    pub wait: super::wait::WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let patch = args.scaling.patch()?;
    require_changes(
        patch == ReplicaScalingPatch::default(),
        "--min-replica-memory-gb, --max-replica-memory-gb, --num-replicas, --min-replicas, \
         --max-replicas, --autoscaling-mode, --idle-scaling, --idle-timeout-minutes",
    )?;
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let service = api.scale_service(org, service_id, &patch).await?;
    if args.wait.wait {
        let timeout = args.wait.timeout(wait::DEFAULT_TIMEOUT);
        let service = wait::until(api, org, service_id, Target::Settled, timeout, out).await?;
        if let Some(service) = service {
            out.reply(&service, super::detail);
        }
        return Ok(());
    }
    out.reply(&service, super::detail);
    Ok(())
}
