//! Service configuration beyond the service object: the scaling schedule, the upgrade
//! window and ClickHouse settings. The spec's activity types have none for these: the
//! closest is recorded (`service_update_autoscaling_memory` for the schedule,
//! `service_update_release_channel` for the upgrade window), nothing for settings.

use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::model::Service;
use crate::schemas;

fn no_schedule(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Service {id} has no scaling schedule"))
}

/// `ScalingScheduleBaseConfig`: the service's own scaling.
fn base_config(service: &Service) -> Value {
    let mut base = json!({
        "autoscalingMode": service.autoscaling_mode,
        "minReplicaMemoryGb": service.min_replica_memory_gb,
        "maxReplicaMemoryGb": service.max_replica_memory_gb,
        "idleScaling": service.idle_scaling,
        "idleTimeoutMinutes": service.idle_timeout_minutes,
    });
    let (min, max) = match service.num_replicas {
        Some(n) => (Some(n), Some(n)),
        None => (service.min_replicas, service.max_replicas),
    };
    if let (Some(min), Some(max)) = (min, max) {
        base["minReplicas"] = json!(min);
        base["maxReplicas"] = json!(max);
    }
    base
}

/// Whether `entry` covers `now` (UTC weekday and hour; an end below the start spans midnight).
fn active(entry: &Value, now: jiff::Timestamp) -> bool {
    let at = now.to_zoned(TimeZone::UTC);
    let day = i64::from(at.weekday().to_sunday_zero_offset());
    let hour = i64::from(at.hour());
    let start = entry["startHourUtc"].as_i64().unwrap_or_default();
    let end = entry["endHourUtc"].as_i64().unwrap_or_default();
    let on = |d: i64| {
        entry["weekdays"]
            .as_array()
            .is_some_and(|days| days.iter().any(|x| x.as_i64() == Some(d)))
    };
    if start < end {
        on(day) && (start..end).contains(&hour)
    } else {
        (on(day) && hour >= start) || (on((day + 6) % 7) && hour < end)
    }
}

/// `ScalingSchedule` as of `now`.
fn schedule_view(entries: &[Value], service: &Service, now: jiff::Timestamp) -> Value {
    let mut active_id = None;
    let entries: Vec<Value> = entries
        .iter()
        .map(|entry| {
            let mut entry = entry.clone();
            let on = active_id.is_none() && active(&entry, now);
            if on {
                active_id = entry["id"].as_str().map(str::to_owned);
            }
            entry["isActiveNow"] = json!(on);
            entry
        })
        .collect();
    let mut view = json!({ "entries": entries, "baseConfig": base_config(service) });
    if let Some(id) = active_id {
        view["activeEntryId"] = json!(id);
    }
    view
}

/// `GET .../scalingSchedule`: 404 without one.
pub fn get_scaling_schedule(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let record = org.service(svc)?;
    match record.scaling_schedule.as_deref() {
        Some(entries) if !entries.is_empty() => Ok(Reply::Result(schedule_view(
            entries,
            &record.service,
            req.now,
        ))),
        _ => Err(no_schedule(record.service.id)),
    }
}

/// The cross-field rules of `ScalingScheduleEntryRequest` the schema cannot say.
fn check_entry(i: usize, entry: &Value) -> Result<(), ApiError> {
    let bad = |message: String| ApiError::bad_request(format!("Field \"entries[{i}]\": {message}"));
    let get = |name: &str| entry.get(name).and_then(Value::as_f64);
    if entry["weekdays"].as_array().is_none_or(Vec::is_empty) {
        return Err(bad("\"weekdays\" must have at least 1 item".into()));
    }
    if get("startHourUtc") == get("endHourUtc") {
        return Err(bad(
            "\"endHourUtc\" must differ from \"startHourUtc\"".into()
        ));
    }
    let pair = |a: &str, b: &str| -> Result<Option<(f64, f64)>, ApiError> {
        match (get(a), get(b)) {
            (Some(min), Some(max)) if min > max => {
                Err(bad(format!("\"{a}\" must be at most \"{b}\"")))
            }
            (Some(min), Some(max)) => Ok(Some((min, max))),
            (None, None) => Ok(None),
            _ => Err(bad(format!("\"{a}\" and \"{b}\" must be given together"))),
        }
    };
    let memory = pair("minReplicaMemoryGb", "maxReplicaMemoryGb")?;
    let replicas = pair("minReplicas", "maxReplicas")?;
    let fixed = get("numReplicas").is_some();
    if fixed && replicas.is_some() {
        return Err(bad(
            "\"numReplicas\" is mutually exclusive with \"minReplicas\"/\"maxReplicas\"".into(),
        ));
    }
    if entry["autoscalingMode"] == "horizontal" {
        if fixed || replicas.is_none() {
            return Err(bad(
                "a horizontal entry needs \"minReplicas\" and \"maxReplicas\", not \"numReplicas\""
                    .into(),
            ));
        }
        if !matches!(memory, Some((min, max)) if min == max) {
            return Err(bad(
                "a horizontal entry needs \"minReplicaMemoryGb\" equal to \"maxReplicaMemoryGb\""
                    .into(),
            ));
        }
    }
    Ok(())
}

/// `POST .../scalingSchedule`: replaces the schedule; no entries clears it and answers an
/// empty `baseConfig`, as the spec says.
pub fn upsert_scaling_schedule(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let post: Value = req.body(&schemas::SCALING_SCHEDULE_POST)?;
    let entries = post["entries"].as_array().cloned().unwrap_or_default();
    for (i, entry) in entries.iter().enumerate() {
        check_entry(i, entry)?;
    }
    let record = org.service_mut(svc)?;
    let service_id = record.service.id;
    let result = if entries.is_empty() {
        record.scaling_schedule = None;
        json!({ "entries": [], "baseConfig": {} })
    } else {
        let stored: Vec<Value> = entries
            .into_iter()
            .map(|mut entry| {
                let mode = entry
                    .get("autoscalingMode")
                    .cloned()
                    .unwrap_or_else(|| json!("vertical"));
                let object = entry.as_object_mut().expect("validated as an object");
                // The response names the band, also for a fixed count.
                if let Some(n) = object.remove("numReplicas") {
                    object.insert("minReplicas".into(), n.clone());
                    object.insert("maxReplicas".into(), n);
                }
                object.insert("autoscalingMode".into(), mode);
                let mut with_id = Map::new();
                with_id.insert("id".into(), json!(Uuid::new_v4().to_string()));
                with_id.extend(std::mem::take(object));
                Value::Object(with_id)
            })
            .collect();
        let view = schedule_view(&stored, &record.service, req.now);
        record.scaling_schedule = Some(stored);
        view
    };
    org.record(req.service_activity(org.id(), service_id, "service_update_autoscaling_memory"));
    Ok(Reply::Result(result))
}

/// `DELETE .../scalingSchedule`: 404 without one.
pub fn delete_scaling_schedule(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    let service_id = record.service.id;
    if record.scaling_schedule.take().is_none_or(|e| e.is_empty()) {
        return Err(no_schedule(service_id));
    }
    org.record(req.service_activity(org.id(), service_id, "service_update_autoscaling_memory"));
    Ok(Reply::Done)
}

fn window_view((weekday, start): (u8, u8)) -> Value {
    json!({ "weekday": weekday, "startHourUtc": start, "duration": 6 })
}

fn primary_only(service: &Service) -> Result<(), ApiError> {
    if service.is_primary {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "Service {} is a secondary service: it inherits the upgrade window of its primary",
            service.id
        )))
    }
}

fn no_window(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Service {id} has no upgrade window"))
}

/// `GET .../upgradeWindow`: 404 without one.
pub fn get_upgrade_window(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    record
        .upgrade_window
        .map(|w| Reply::Result(window_view(w)))
        .ok_or_else(|| no_window(record.service.id))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpgradeWindowPut {
    weekday: f64,
    start_hour_utc: f64,
}

/// `PUT .../upgradeWindow`: primary services only; the start hour is 0, 6, 12 or 18.
pub fn put_upgrade_window(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let put: UpgradeWindowPut = req.body(&schemas::UPGRADE_WINDOW_PUT)?;
    let start = put.start_hour_utc as u8;
    if ![0, 6, 12, 18].contains(&start) {
        return Err(ApiError::bad_request(format!(
            "Field \"startHourUtc\" must be one of: 0, 6, 12, 18 (got {start})"
        )));
    }
    let record = org.service_mut(svc)?;
    primary_only(&record.service)?;
    let window = (put.weekday as u8, start);
    record.upgrade_window = Some(window);
    let service_id = record.service.id;
    org.record(req.service_activity(org.id(), service_id, "service_update_release_channel"));
    Ok(Reply::Result(window_view(window)))
}

/// `DELETE .../upgradeWindow`: primary services only; 404 without one.
pub fn delete_upgrade_window(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    primary_only(&record.service)?;
    let service_id = record.service.id;
    if record.upgrade_window.take().is_none() {
        return Err(no_window(service_id));
    }
    org.record(req.service_activity(org.id(), service_id, "service_update_release_channel"));
    Ok(Reply::Done)
}

/// A configurable setting: what the schema endpoint describes and what values it takes.
struct Setting {
    name: &'static str,
    kind: &'static str,
    description: &'static str,
    allowed: &'static [&'static str],
    default: &'static str,
    example: &'static str,
    /// Server settings restart ClickHouse when changed.
    warning: Option<&'static str>,
}

const RESTART: &str = "Changing this setting restarts the ClickHouse server on every replica.";

const SETTINGS: &[Setting] = &[
    Setting {
        name: "async_insert",
        kind: "Bool",
        description: "Buffer small inserts on the server and write them in batches.",
        allowed: &["0", "1"],
        default: "0",
        example: "1",
        warning: None,
    },
    Setting {
        name: "compatibility",
        kind: "String",
        description: "Use the defaults of an older ClickHouse version, e.g. 24.8.",
        allowed: &[],
        default: "",
        example: "24.8",
        warning: None,
    },
    Setting {
        name: "join_algorithm",
        kind: "String",
        description: "Which JOIN algorithm queries use.",
        allowed: &[
            "default",
            "auto",
            "hash",
            "parallel_hash",
            "partial_merge",
            "grace_hash",
            "full_sorting_merge",
        ],
        default: "default",
        example: "parallel_hash",
        warning: None,
    },
    Setting {
        name: "keep_alive_timeout",
        kind: "UInt64",
        description: "Seconds an idle HTTP connection stays open.",
        allowed: &[],
        default: "10",
        example: "30",
        warning: Some(RESTART),
    },
    Setting {
        name: "max_execution_time",
        kind: "Seconds",
        description: "Longest a query may run, in seconds (0: no limit).",
        allowed: &[],
        default: "0",
        example: "60",
        warning: None,
    },
    Setting {
        name: "max_memory_usage",
        kind: "UInt64",
        description: "Most memory, in bytes, one query may use (0: no limit).",
        allowed: &[],
        default: "0",
        example: "10000000000",
        warning: None,
    },
    Setting {
        name: "max_threads",
        kind: "UInt64",
        description: "Most threads one query may use (0: as many as cores).",
        allowed: &[],
        default: "0",
        example: "8",
        warning: None,
    },
];

fn setting(name: &str) -> Result<&'static Setting, ApiError> {
    SETTINGS.iter().find(|s| s.name == name).ok_or_else(|| {
        ApiError::bad_request(format!(
            "\"{name}\" is not a configurable setting; the schema endpoint lists them"
        ))
    })
}

/// The value as the API stores and shows it (a string), if `setting` accepts it.
fn accepted(setting: &Setting, value: &Value) -> Result<String, ApiError> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::Number(n) => n.to_string(),
        _ => {
            return Err(ApiError::bad_request(format!(
                "Setting \"{}\" must be a string, number or boolean",
                setting.name
            )));
        }
    };
    let text = match (setting.kind, text.as_str()) {
        ("Bool", "true") => "1".to_owned(),
        ("Bool", "false") => "0".to_owned(),
        _ => text,
    };
    let fits = match setting.kind {
        "UInt64" | "Seconds" => text.parse::<u64>().is_ok(),
        _ if !setting.allowed.is_empty() => setting.allowed.contains(&text.as_str()),
        _ => true,
    };
    if fits {
        Ok(text)
    } else if setting.allowed.is_empty() {
        Err(ApiError::bad_request(format!(
            "Setting \"{}\" takes a {} (got \"{text}\")",
            setting.name, setting.kind
        )))
    } else {
        Err(ApiError::bad_request(format!(
            "Setting \"{}\" must be one of: {} (got \"{text}\")",
            setting.name,
            setting.allowed.join(", ")
        )))
    }
}

/// `GET .../clickhouseSettings`: only what was set.
pub fn list_settings(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let settings: Vec<Value> = org
        .service(svc)?
        .clickhouse_settings
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    Ok(Reply::Result(json!({ "settings": settings })))
}

/// `GET .../clickhouseSettings/{name}`: the current value, the default when never set.
pub fn get_setting(ctx: &mut Ctx, org: &str, svc: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    let known = setting(name).map_err(|e| ApiError::not_found(e.message))?;
    let value = record
        .clickhouse_settings
        .get(name)
        .cloned()
        .unwrap_or_else(|| known.default.to_owned());
    Ok(Reply::Result(json!({ "name": name, "value": value })))
}

/// `GET .../clickhouseSettings/schema`.
pub fn settings_schema(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    org.service(svc)?;
    let settings: Vec<Value> = SETTINGS
        .iter()
        .map(|s| {
            let mut entry = json!({
                "name": s.name,
                "type": s.kind,
                "description": s.description,
                "example": s.example,
            });
            if !s.allowed.is_empty() {
                entry["enum"] = json!(s.allowed);
            }
            if let Some(warning) = s.warning {
                entry["warning"] = json!(warning);
            }
            entry
        })
        .collect();
    Ok(Reply::Result(json!({ "settings": settings })))
}

/// `PATCH .../clickhouseSettings`: `settings` is a JSON object inside a string; every name
/// must be configurable and every value fit its type, or nothing changes.
pub fn update_settings(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    #[derive(Deserialize)]
    struct Patch {
        settings: String,
    }
    let (org, req) = ctx.org_mut(org)?;
    let patch: Patch = req.body(&schemas::CLICKHOUSE_SETTINGS_PATCH)?;
    let requested: Map<String, Value> = serde_json::from_str(&patch.settings).map_err(|e| {
        ApiError::bad_request(format!(
            "Field \"settings\" must be a JSON object of setting names to values: {e}"
        ))
    })?;
    if requested.is_empty() {
        return Err(ApiError::bad_request("Field \"settings\" names no setting"));
    }
    let mut applied = Map::new();
    let mut warnings = Vec::new();
    for (name, value) in &requested {
        let known = setting(name)?;
        applied.insert(name.clone(), json!(accepted(known, value)?));
        if let Some(warning) = known.warning {
            warnings.push(json!({ "name": name, "message": warning }));
        }
    }
    let record = org.service_mut(svc)?;
    for (name, value) in &applied {
        let value = value.as_str().unwrap_or_default().to_owned();
        record.clickhouse_settings.insert(name.clone(), value);
    }
    Ok(Reply::Result(json!({
        "settings": Value::Object(applied).to_string(),
        "warnings": warnings,
    })))
}

/// `DELETE .../clickhouseSettings/{name}`: a setting never set is a no-op, as the spec says.
pub fn delete_setting(ctx: &mut Ctx, org: &str, svc: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    setting(name)?;
    org.service_mut(svc)?.clickhouse_settings.remove(name);
    Ok(Reply::Done)
}
