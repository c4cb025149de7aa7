//! `cloud clickpipe cdc-scaling update <SERVICE>` (PATCH clickPipeCdcScalingUpdate)

use crate::api::WriteApi;
use crate::api::clickpipes::CdcScalingPatch;
use crate::commands::clickpipe::ServiceRef;
use crate::error::{Error, Result};
use crate::output::Output;

/// GiB of memory per CPU core: the API takes only this ratio.
const GIB_PER_CORE: u32 = 4;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The API takes 1000 to 32000 millicores (whole cores) and 4 GiB of memory per core (4 to \
128 GiB). Give either flag and the other follows from it; given both, they must agree.\n\n\
Examples:\n  \
cloud clickpipe cdc-scaling update <SERVICE_ID> --cpu-millicores 2000\n  \
cloud clickpipe cdc-scaling update analytics --cpu-millicores 4000 --memory-gb 16",
    crate::commands::agents::write("changes the CPU and memory of every database (CDC) ClickPipe of the service (PATCH clickPipeCdcScalingUpdate); cost changes with it."),
))]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceRef,

    /// CPU in millicores: 1000 to 32000, a multiple of 1000
    #[arg(long, value_name = "MILLICORES", value_parser = cpu_millicores)]
    pub cpu_millicores: Option<u32>,

    /// Memory in GiB: 4 to 128, a multiple of 4 (4 per core)
    #[arg(long, value_name = "GIB", value_parser = memory_gb)]
    pub memory_gb: Option<u32>,
}

/// `ClickPipesCdcScalingPatchRequest.replicaCpuMillicores`
fn cpu_millicores(value: &str) -> std::result::Result<u32, String> {
    let millicores: u32 = value
        .parse()
        .map_err(|_| "expected a whole number of millicores, e.g. 2000".to_owned())?;
    if !(1000..=32_000).contains(&millicores) || !millicores.is_multiple_of(1000) {
        return Err(
            "CPU must be a multiple of 1000 between 1000 and 32000 millicores; e.g. 2000".into(),
        );
    }
    Ok(millicores)
}

/// `ClickPipesCdcScalingPatchRequest.replicaMemoryGb`
fn memory_gb(value: &str) -> std::result::Result<u32, String> {
    let gb: u32 = value
        .parse()
        .map_err(|_| "expected a whole number of GiB, e.g. 8".to_owned())?;
    if !(4..=128).contains(&gb) || !gb.is_multiple_of(4) {
        return Err("memory must be a multiple of 4 between 4 and 128 GiB; e.g. 8".into());
    }
    Ok(gb)
}

/// Both values, the missing one worked out from the other.
pub fn patch(args: &Args) -> Result<CdcScalingPatch> {
    let (cpu, memory) = match (args.cpu_millicores, args.memory_gb) {
        (Some(cpu), Some(memory)) => {
            if memory != cpu / 1000 * GIB_PER_CORE {
                return Err(Error::Usage(format!(
                    "--memory-gb {memory} does not match --cpu-millicores {cpu}: the API takes \
                     {GIB_PER_CORE} GiB per core, so {} GiB; give one flag and the other follows",
                    cpu / 1000 * GIB_PER_CORE
                )));
            }
            (cpu, memory)
        }
        (Some(cpu), None) => (cpu, cpu / 1000 * GIB_PER_CORE),
        (None, Some(memory)) => (memory / GIB_PER_CORE * 1000, memory),
        (None, None) => {
            return Err(Error::Usage(
                "nothing to change: give --cpu-millicores or --memory-gb (see --help)".into(),
            ));
        }
    };
    Ok(CdcScalingPatch {
        replica_cpu_millicores: cpu,
        replica_memory_gb: memory,
    })
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let patch = patch(&args)?;
    let (org, service) = args.service.resolve(api).await?;
    let reply = api
        .update_clickpipes_cdc_scaling(org, service, &patch)
        .await?;
    out.reply(&reply, super::detail);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_match_the_spec() {
        assert!(cpu_millicores("1000").is_ok() && cpu_millicores("32000").is_ok());
        assert!(cpu_millicores("999").is_err() && cpu_millicores("1500").is_err());
        assert!(cpu_millicores("33000").is_err());
        assert!(memory_gb("4").is_ok() && memory_gb("128").is_ok());
        assert!(memory_gb("6").is_err() && memory_gb("132").is_err() && memory_gb("0").is_err());
    }
}
