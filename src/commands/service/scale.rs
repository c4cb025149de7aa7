//! `cloud service scale <SERVICE>`

use super::wait::{self, Target};
use crate::api::WriteApi;
use crate::api::requests::{ReplicaScalingPatch, TotalScalingPatch};
use crate::args::IdOrName;
use crate::commands::{OrgArg, require_changes};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
        "Only the settings given change. --min-total-memory-gb/--max-total-memory-gb use the API's \
deprecated total-memory form (instanceScalingUpdate: memory of three replicas together, a multiple \
of 12 from 24 to 1068 GiB); they combine only with --num-replicas and the idle flags.\n\n\
Examples:\n  \
cloud service scale <SERVICE> --min-replica-memory-gb 16 --max-replica-memory-gb 64\n  \
cloud service scale <SERVICE> --num-replicas 3\n  \
cloud service scale <SERVICE> --autoscaling-mode horizontal --min-replicas 2 --max-replicas 6\n  \
cloud service scale <SERVICE> --idle-scaling true --idle-timeout-minutes 15\n  \
cloud service scale <SERVICE> --min-total-memory-gb 48 --max-total-memory-gb 96",
        crate::commands::agents::write("changes the service's memory, replica count and idle scaling (instanceReplicaScalingUpdate, or instanceScalingUpdate for total memory); cost changes with it."),
    ))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub scaling: super::Scaling,

    /// Deprecated: minimum memory of three replicas together, in GiB (a multiple of 12, 24 to 1068)
    #[arg(
        long,
        value_name = "GIB",
        value_parser = total_memory_gb,
        conflicts_with_all = ["min_replica_memory_gb", "max_replica_memory_gb", "min_replicas", "max_replicas", "autoscaling_mode"]
    )]
    pub min_total_memory_gb: Option<u32>,

    /// Deprecated: maximum memory of three replicas together, in GiB (a multiple of 12, 24 to 1068)
    #[arg(
        long,
        value_name = "GIB",
        value_parser = total_memory_gb,
        conflicts_with_all = ["min_replica_memory_gb", "max_replica_memory_gb", "min_replicas", "max_replicas", "autoscaling_mode"]
    )]
    pub max_total_memory_gb: Option<u32>,

    #[command(flatten)]
    pub wait: super::wait::WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

fn total_memory_gb(value: &str) -> std::result::Result<u32, String> {
    let gb: u32 = value
        .parse()
        .map_err(|_| "expected a whole number of GiB, e.g. 48".to_owned())?;
    if !(24..=1068).contains(&gb) || !gb.is_multiple_of(12) {
        return Err(
            "total memory must be a multiple of 12 between 24 and 1068 GiB; e.g. 48".into(),
        );
    }
    Ok(gb)
}

/// The deprecated form, when a total-memory flag asks for it.
fn total_patch(args: &Args) -> Result<Option<TotalScalingPatch>> {
    if args.min_total_memory_gb.is_none() && args.max_total_memory_gb.is_none() {
        return Ok(None);
    }
    if let (Some(min), Some(max)) = (args.min_total_memory_gb, args.max_total_memory_gb)
        && min > max
    {
        return Err(crate::error::Error::Usage(format!(
            "--min-total-memory-gb ({min}) is larger than --max-total-memory-gb ({max})"
        )));
    }
    Ok(Some(TotalScalingPatch {
        min_total_memory_gb: args.min_total_memory_gb,
        max_total_memory_gb: args.max_total_memory_gb,
        num_replicas: args.scaling.num_replicas,
        idle_scaling: args.scaling.idle_scaling,
        idle_timeout_minutes: args.scaling.idle_timeout_minutes,
    }))
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    if let Some(total) = total_patch(&args)? {
        let org = args.org.resolve(api).await?;
        let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
        let service = api.scale_service_total(org, service_id, &total).await?;
        return finish(args.wait, api, org, service_id, service, out).await;
    }
    let patch = args.scaling.patch()?;
    require_changes(
        patch == ReplicaScalingPatch::default(),
        "--min-replica-memory-gb, --max-replica-memory-gb, --num-replicas, --min-replicas, \
         --max-replicas, --autoscaling-mode, --idle-scaling, --idle-timeout-minutes",
    )?;
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let service = api.scale_service(org, service_id, &patch).await?;
    finish(args.wait, api, org, service_id, service, out).await
}

/// Prints the service as scaled, or waits for it to settle first (`--wait`).
async fn finish(
    wait_args: super::wait::WaitArgs,
    api: &WriteApi,
    org: uuid::Uuid,
    service_id: uuid::Uuid,
    service: crate::api::Reply<crate::api::models::Service>,
    out: Output,
) -> Result<()> {
    if wait_args.wait {
        let timeout = wait_args.timeout(wait::DEFAULT_TIMEOUT);
        let service = wait::until(api, org, service_id, Target::Settled, timeout, out).await?;
        if let Some(service) = service {
            out.reply(&service, super::detail);
        }
        return Ok(());
    }
    out.reply(&service, super::detail);
    Ok(())
}
