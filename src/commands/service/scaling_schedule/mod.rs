//! `cloud service scaling-schedule …`: when a service scales differently (weekday business
//! hours, overnight batch windows).

mod delete;
mod get;
mod set;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::{ScalingSchedule, ScalingScheduleEntry};
use crate::api::requests::{ScalingScheduleEntryRequest, ScalingSchedulePost};
use crate::app::{ApiCommand, Session};
use crate::error::{Error, Result};
use crate::output::{Column, flag, list_table, number, text};

#[derive(Debug, Subcommand)]
pub enum ScalingScheduleCommand {
    /// Show a service's scaling schedule and the base scaling it returns to
    Get(get::Args),
    /// Replace a service's scaling schedule (one entry from flags, any from --file)
    Set(Box<set::Args>),
    /// Delete a service's scaling schedule, restoring its base scaling
    Delete(delete::Args),
}

impl Classified for ScalingScheduleCommand {
    fn access(&self) -> Access {
        match self {
            ScalingScheduleCommand::Get(_) => Access::Read,
            ScalingScheduleCommand::Set(_) => Access::Write,
            ScalingScheduleCommand::Delete(_) => Access::Write,
        }
    }
}

impl ScalingScheduleCommand {
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            ScalingScheduleCommand::Get(_) => None,
            ScalingScheduleCommand::Set(_) => None,
            ScalingScheduleCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for ScalingScheduleCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ScalingScheduleCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "scalingScheduleGet",
            ],
            ScalingScheduleCommand::Set(_) => &[
                "organizationGetList",
                "instanceGetList",
                "scalingScheduleUpsert",
            ],
            ScalingScheduleCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "scalingScheduleDelete",
            ],
        }
    }
}

impl ApiCommand for ScalingScheduleCommand {
    async fn run(self, session: &Session, out: crate::output::Output) -> Result<()> {
        match self {
            ScalingScheduleCommand::Get(args) => get::run(args, session.read(), out).await,
            ScalingScheduleCommand::Set(args) => set::run(*args, session.write()?, out).await,
            ScalingScheduleCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// `0`–`6` (0 = Sunday) or a day's name (`mon`, `Monday`), as the API's number.
pub(crate) fn weekday(value: &str) -> std::result::Result<u8, String> {
    if let Ok(n) = value.parse::<u8>() {
        return if n <= 6 {
            Ok(n)
        } else {
            Err("a weekday is 0 (Sunday) to 6 (Saturday), or a name such as mon".into())
        };
    }
    let lower = value.to_ascii_lowercase();
    const NAMES: [&str; 7] = [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ];
    NAMES
        .iter()
        .position(|full| lower.len() >= 3 && full.starts_with(&lower))
        .map(|n| n as u8)
        .ok_or_else(|| {
            format!(
                "unknown weekday {value:?}: use 0 (Sunday) to 6 (Saturday) or a name such as mon"
            )
        })
}

fn days(weekdays: &Option<Vec<u8>>) -> String {
    weekdays
        .iter()
        .flatten()
        .map(|d| {
            DAYS.get(usize::from(*d))
                .map_or_else(|| d.to_string(), |n| (*n).to_owned())
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn band<T: ToString + PartialEq>(min: Option<T>, max: Option<T>, unit: &str) -> String {
    match (min, max) {
        (Some(min), Some(max)) if min == max => format!("{}{unit}", min.to_string()),
        (Some(min), Some(max)) => format!("{}–{}{unit}", min.to_string(), max.to_string()),
        (Some(one), None) | (None, Some(one)) => format!("{}{unit}", one.to_string()),
        (None, None) => "-".to_owned(),
    }
}

fn entry_row(entry: &ScalingScheduleEntry) -> Vec<String> {
    let memory = |v: Option<f64>| number(v);
    vec![
        text(&entry.name),
        days(&entry.weekdays),
        format!(
            "{:02}–{:02}",
            entry.start_hour_utc.unwrap_or_default(),
            entry.end_hour_utc.unwrap_or_default()
        ),
        text(&entry.autoscaling_mode),
        band(
            memory(entry.min_replica_memory_gb),
            memory(entry.max_replica_memory_gb),
            " GiB",
        ),
        band(entry.min_replicas, entry.max_replicas, ""),
        flag(entry.idle_scaling).unwrap_or_else(|| "-".into()),
        if entry.is_active_now == Some(true) {
            "active".to_owned()
        } else {
            "-".to_owned()
        },
        text(&entry.id),
    ]
}

/// One row per entry, then the base config as the last row.
fn table(schedule: &ScalingSchedule) -> crate::output::List {
    let mut rows: Vec<Vec<String>> = schedule.entries.iter().flatten().map(entry_row).collect();
    let base = schedule.base_config.clone().unwrap_or_default();
    rows.push(vec![
        "(base, when no entry is active)".to_owned(),
        "-".to_owned(),
        "-".to_owned(),
        text(&base.autoscaling_mode),
        band(
            number(base.min_replica_memory_gb),
            number(base.max_replica_memory_gb),
            " GiB",
        ),
        band(base.min_replicas, base.max_replicas, ""),
        flag(base.idle_scaling).unwrap_or_else(|| "-".into()),
        if schedule.active_entry_id.is_none() {
            "active".to_owned()
        } else {
            "-".to_owned()
        },
        "-".to_owned(),
    ]);
    list_table(
        &[
            Column::key("name"),
            Column::ranked("days", 0),
            Column::ranked("hours (UTC)", 0),
            Column::ranked("mode", 2),
            Column::ranked("memory", 1),
            Column::ranked("replicas", 1),
            Column::ranked("idle scaling", 3),
            Column::ranked("now", 2),
            Column::ranked("id", 4),
        ],
        rows,
    )
}

fn usage(index: usize, message: String) -> Error {
    Error::Usage(format!(
        "schedule entry {}: {message}; nothing was sent",
        index + 1
    ))
}

/// The spec's rules for `ScalingScheduleEntryRequest`, checked before sending.
pub(crate) fn check(request: &ScalingSchedulePost) -> Result<()> {
    for (i, entry) in request.entries.iter().enumerate() {
        check_entry(entry).map_err(|m| usage(i, m))?;
    }
    Ok(())
}

fn check_entry(e: &ScalingScheduleEntryRequest) -> std::result::Result<(), String> {
    if e.name.trim().is_empty() {
        return Err("a name is required".into());
    }
    if e.weekdays.is_empty() {
        return Err("give at least one weekday".into());
    }
    if let Some(day) = e.weekdays.iter().find(|d| **d > 6) {
        return Err(format!("weekday {day} is not 0 (Sunday) to 6 (Saturday)"));
    }
    if e.start_hour_utc > 23 {
        return Err(format!("start hour {} is not 0 to 23", e.start_hour_utc));
    }
    if !(1..=24).contains(&e.end_hour_utc) {
        return Err(format!("end hour {} is not 1 to 24", e.end_hour_utc));
    }
    if e.start_hour_utc == e.end_hour_utc {
        return Err("the start and end hours must differ".into());
    }
    let mode = e.autoscaling_mode.as_deref().unwrap_or("vertical");
    if !crate::args::AUTOSCALING_MODES.contains(&mode) {
        return Err(format!(
            "autoscaling mode {mode:?} is not one of {}",
            crate::args::AUTOSCALING_MODES.join(", ")
        ));
    }
    for memory in [e.min_replica_memory_gb, e.max_replica_memory_gb]
        .into_iter()
        .flatten()
    {
        crate::args::replica_memory_gb(&memory.to_string())?;
    }
    match (e.min_replica_memory_gb, e.max_replica_memory_gb) {
        (Some(min), Some(max)) if min > max => {
            return Err(format!(
                "minimum memory {min} GiB is above the maximum {max} GiB"
            ));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err("give both memory bounds, or neither to keep the base memory".into());
        }
        _ => {}
    }
    if [e.num_replicas, e.min_replicas, e.max_replicas].contains(&Some(0)) {
        return Err("replica counts start at 1".into());
    }
    if e.num_replicas.is_some() && (e.min_replicas.is_some() || e.max_replicas.is_some()) {
        return Err("a fixed replica count excludes minimum/maximum replicas".into());
    }
    match (e.min_replicas, e.max_replicas) {
        (Some(min), Some(max)) if min > max => {
            return Err(format!("minimum replicas {min} is above the maximum {max}"));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err("minimum and maximum replicas go together".into());
        }
        _ => {}
    }
    if mode == "horizontal" {
        if e.num_replicas.is_some() || e.min_replicas.is_none() {
            return Err("a horizontal entry scales between minimum and maximum replicas".into());
        }
        match (e.min_replica_memory_gb, e.max_replica_memory_gb) {
            (Some(min), Some(max)) if min == max => {}
            _ => {
                return Err(
                    "a horizontal entry needs a fixed memory: equal minimum and maximum memory"
                        .into(),
                );
            }
        }
    }
    Ok(())
}
