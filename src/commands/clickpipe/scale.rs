//! `cloud clickpipe scale <SERVICE> <CLICKPIPE>` (PATCH clickPipeScalingUpdate)

use super::PipeRef;
use crate::api::WriteApi;
use crate::api::clickpipes::ScalingPatch;
use crate::commands::require_changes;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Only what is given changes. The ranges are the API's: 1 to 40 replicas, 125 to 2000 \
millicores and 0.5 to 8 GB of memory per replica. Database (CDC) pipes are scaled together, per \
service: see `cloud clickpipe cdc-scaling`.\n\n\
Examples:\n  \
cloud clickpipe scale <SERVICE_ID> <CLICKPIPE_ID> --replicas 3\n  \
cloud clickpipe scale analytics orders-from-kafka --cpu-millicores 500 --memory-gb 2",
    crate::commands::agents::write("changes the ClickPipe's replicas and their CPU and memory (PATCH clickPipeScalingUpdate); cost changes with it."),
))]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,

    /// Number of replicas, 1 to 40 (streaming pipes such as Kafka)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=40))]
    pub replicas: Option<u32>,

    /// CPU per replica in millicores, 125 to 2000
    #[arg(long, value_name = "MILLICORES", value_parser = clap::value_parser!(u32).range(125..=2000))]
    pub cpu_millicores: Option<u32>,

    /// Memory per replica in GB, 0.5 to 8
    #[arg(long, value_name = "GB", value_parser = memory_gb)]
    pub memory_gb: Option<f64>,

    /// Deprecated: concurrency of an S3 pipe, 0 (automatic) to 34
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=34))]
    pub concurrency: Option<u32>,
}

/// `ClickPipeScalingPatchRequest.replicaMemoryGb`: 0.5 to 8.
fn memory_gb(value: &str) -> std::result::Result<f64, String> {
    let gb: f64 = value
        .parse()
        .map_err(|_| "expected a number of GB, e.g. 2 or 0.5".to_owned())?;
    if !(0.5..=8.0).contains(&gb) {
        return Err("memory per replica must be between 0.5 and 8 GB; e.g. 2".into());
    }
    Ok(gb)
}

impl Args {
    /// The PATCH body; nothing given is a usage error.
    pub fn patch(&self) -> Result<ScalingPatch> {
        let patch = ScalingPatch {
            replicas: self.replicas,
            concurrency: self.concurrency,
            replica_cpu_millicores: self.cpu_millicores,
            replica_memory_gb: self.memory_gb,
        };
        require_changes(
            patch == ScalingPatch::default(),
            "--replicas, --cpu-millicores, --memory-gb, --concurrency",
        )?;
        Ok(patch)
    }
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let patch = args.patch()?;
    let pipe = args.pipe.resolve(api).await?;
    let reply = api
        .scale_clickpipe(pipe.org, pipe.service, pipe.id, &patch)
        .await?;
    out.reply(&reply, super::detail);
    Ok(())
}
