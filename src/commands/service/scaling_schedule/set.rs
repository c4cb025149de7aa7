//! `cloud service scaling-schedule set <SERVICE>`

use std::path::PathBuf;

use crate::api::WriteApi;
use crate::api::requests::{ScalingScheduleEntryRequest, ScalingSchedulePost};
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The schedule is replaced as a whole: flags describe a one-entry schedule, --file any \
number of entries ({\"entries\": [...]}, the API's ScalingSchedulePostRequest), --clear none. \
Hours are UTC; an end hour below the start hour spans midnight, 24 ends at midnight. Every \
entry is checked as the API would before anything is sent (exit 2).\n\n\
Examples:\n  \
cloud service scaling-schedule set <SERVICE> --name \"Business hours\" --weekdays mon-fri --start-hour 8 --end-hour 18 --min-replica-memory-gb 32 --max-replica-memory-gb 64\n  \
cloud service scaling-schedule set <SERVICE> --file schedule.json\n  \
cloud service scaling-schedule set <SERVICE> --clear",
    crate::commands::agents::write("replaces the service's scaling schedule (scalingScheduleUpsert)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// The whole schedule as JSON ({"entries": [...]}); - reads stdin
    #[arg(long, value_name = "FILE", conflicts_with_all = ["clear", "name"])]
    pub file: Option<PathBuf>,

    /// Remove every entry (the base scaling then applies all the time)
    #[arg(long, conflicts_with = "name")]
    pub clear: bool,

    /// Label of the one entry the flags describe
    #[arg(long, requires_all = ["weekdays", "start_hour", "end_hour"])]
    pub name: Option<String>,

    /// Days the entry applies: comma-separated 0-6 (0 = Sunday) or names, ranges allowed (mon-fri)
    #[arg(long, value_name = "DAYS", value_parser = weekdays)]
    pub weekdays: Option<Weekdays>,

    /// UTC hour the entry starts, 0 to 23 (inclusive)
    #[arg(long, value_name = "HOUR", value_parser = clap::value_parser!(u8).range(0..=23))]
    pub start_hour: Option<u8>,

    /// UTC hour the entry ends, 1 to 24 (exclusive)
    #[arg(long, value_name = "HOUR", value_parser = clap::value_parser!(u8).range(1..=24))]
    pub end_hour: Option<u8>,

    /// Vertical (memory scales, replicas fixed) or horizontal (replicas scale, memory fixed)
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::AUTOSCALING_MODES))]
    pub autoscaling_mode: Option<String>,

    /// Minimum memory per replica in GiB (a multiple of 4, 8 to 356)
    #[arg(long, value_name = "GIB", value_parser = crate::args::replica_memory_gb)]
    pub min_replica_memory_gb: Option<u32>,

    /// Maximum memory per replica in GiB (a multiple of 4, 8 to 356)
    #[arg(long, value_name = "GIB", value_parser = crate::args::replica_memory_gb)]
    pub max_replica_memory_gb: Option<u32>,

    /// Fixed number of replicas (vertical)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub num_replicas: Option<u32>,

    /// Fewest replicas (horizontal); needs --max-replicas
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_replicas: Option<u32>,

    /// Most replicas (horizontal); needs --min-replicas
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_replicas: Option<u32>,

    /// Let the service scale down to zero when idle during the entry
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub idle_scaling: Option<bool>,

    /// Minutes without queries before an idle service scales down, during the entry
    #[arg(long, value_name = "MINUTES")]
    pub idle_timeout_minutes: Option<u32>,

    #[command(flatten)]
    pub org: OrgArg,
}

/// Parsed `--weekdays`.
#[derive(Debug, Clone)]
pub struct Weekdays(Vec<u8>);

fn weekdays(value: &str) -> std::result::Result<Weekdays, String> {
    let mut days = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (super::weekday(from)?, super::weekday(to)?);
                if from > to {
                    return Err(format!("the range {part} runs backwards"));
                }
                days.extend(from..=to);
            }
            None => days.push(super::weekday(part)?),
        }
    }
    days.sort_unstable();
    days.dedup();
    if days.is_empty() {
        return Err("give at least one day, e.g. mon-fri or 1,2,3".into());
    }
    Ok(Weekdays(days))
}

impl Args {
    fn request(&self) -> Result<ScalingSchedulePost> {
        if let Some(file) = &self.file {
            return crate::commands::json_file::read(
                file,
                "a scaling schedule ({\"entries\": [...]}, see --help)",
            );
        }
        if self.clear {
            return Ok(ScalingSchedulePost::default());
        }
        let (Some(name), Some(weekdays), Some(start), Some(end)) =
            (&self.name, &self.weekdays, self.start_hour, self.end_hour)
        else {
            return Err(Error::Usage(
                "give --file, --clear, or an entry: --name, --weekdays, --start-hour and --end-hour"
                    .into(),
            ));
        };
        Ok(ScalingSchedulePost {
            entries: vec![ScalingScheduleEntryRequest {
                name: name.clone(),
                weekdays: weekdays.0.clone(),
                start_hour_utc: start,
                end_hour_utc: end,
                autoscaling_mode: self.autoscaling_mode.clone(),
                min_replica_memory_gb: self.min_replica_memory_gb,
                max_replica_memory_gb: self.max_replica_memory_gb,
                num_replicas: self.num_replicas,
                min_replicas: self.min_replicas,
                max_replicas: self.max_replicas,
                idle_scaling: self.idle_scaling,
                idle_timeout_minutes: self.idle_timeout_minutes,
            }],
        })
    }
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let request = args.request()?;
    super::check(&request)?;
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let schedule = api.upsert_scaling_schedule(org, service, &request).await?;
    out.reply(&schedule, super::table);
    Ok(())
}
