//! `/v1/organizations/{id}/postgres…`: managed Postgres services, stored per organization as
//! the spec's `PostgresService` object. Bodies are checked against the spec's required fields,
//! enums and lengths; state changes go through `creating`/`restarting`/`restoring_backup`/
//! `deleting` and settle on the emulator's clock (`--transition-ms`, [`crate::store::Store::settle`]).

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::hashing::{sha256_base64, stable_u64};
use crate::store::{Org, PostgresRecord, PostgresTransition, parse_id};

/// The spec's `pgSize` enum.
const SIZES: &[&str] = &[
    "c6gd.large",
    "c6gd.xlarge",
    "c6gd.2xlarge",
    "c6gd.4xlarge",
    "c6gd.8xlarge",
    "c6gd.16xlarge",
    "i7i.large",
    "i7i.xlarge",
    "i7i.2xlarge",
    "i7i.4xlarge",
    "i7i.8xlarge",
    "i7i.12xlarge",
    "i7i.16xlarge",
    "i7i.24xlarge",
    "i7ie.large",
    "i7ie.xlarge",
    "i7ie.2xlarge",
    "i7ie.3xlarge",
    "i7ie.6xlarge",
    "i7ie.12xlarge",
    "i7ie.18xlarge",
    "i7ie.24xlarge",
    "i8g.large",
    "i8g.xlarge",
    "i8g.2xlarge",
    "i8g.4xlarge",
    "i8g.8xlarge",
    "i8g.16xlarge",
    "i8g.24xlarge",
    "i8ge.large",
    "i8ge.xlarge",
    "i8ge.2xlarge",
    "i8ge.3xlarge",
    "i8ge.6xlarge",
    "i8ge.12xlarge",
    "i8ge.18xlarge",
    "i8ge.24xlarge",
    "m6gd.large",
    "m6gd.xlarge",
    "m6gd.2xlarge",
    "m6gd.4xlarge",
    "m6gd.8xlarge",
    "m6gd.16xlarge",
    "m6id.large",
    "m6id.xlarge",
    "m6id.2xlarge",
    "m6id.4xlarge",
    "m6id.8xlarge",
    "m6id.16xlarge",
    "m8gd.large",
    "m8gd.xlarge",
    "m8gd.2xlarge",
    "m8gd.4xlarge",
    "m8gd.8xlarge",
    "m8gd.16xlarge",
    "r6gd.medium",
    "r6gd.large",
    "r6gd.xlarge",
    "r6gd.2xlarge",
    "r6gd.4xlarge",
    "r6gd.8xlarge",
    "r6gd.12xlarge",
    "r6gd.16xlarge",
    "r6id.large",
    "r6id.xlarge",
    "r6id.2xlarge",
    "r6id.4xlarge",
    "r6id.8xlarge",
    "r6id.12xlarge",
    "r6id.16xlarge",
    "r6id.24xlarge",
    "r6id.32xlarge",
    "r8gd.medium",
    "r8gd.large",
    "r8gd.xlarge",
    "r8gd.2xlarge",
    "r8gd.4xlarge",
    "r8gd.8xlarge",
    "r8gd.12xlarge",
    "r8gd.16xlarge",
    "r8gd.24xlarge",
    "r8gd.48xlarge",
];
const VERSIONS: &[&str] = &["18", "17"];
const HA_TYPES: &[&str] = &["none", "async", "sync"];
const COMMANDS: &[&str] = &["restart", "promote", "switchover"];

fn not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Postgres service {id} not found"))
}

fn record<'o>(org: &'o Org, raw: &str) -> Result<&'o PostgresRecord, ApiError> {
    let id = parse_id("postgresId", raw)?;
    org.postgres
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| not_found(id))
}

fn record_mut<'o>(org: &'o mut Org, raw: &str) -> Result<&'o mut PostgresRecord, ApiError> {
    let id = parse_id("postgresId", raw)?;
    org.postgres
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| not_found(id))
}

/// The body as a JSON object with every `required` field.
fn object(body: &[u8], required: &[&str]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON in request body: {e}")))?
    };
    let Value::Object(object) = value else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object",
        ));
    };
    if let Some(missing) = required
        .iter()
        .find(|f| object.get(**f).is_none_or(Value::is_null))
    {
        return Err(ApiError::bad_request(format!(
            "Field \"{missing}\" is required"
        )));
    }
    Ok(object)
}

fn enum_field(body: &Map<String, Value>, field: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match body.get(field) {
        None => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(other) => Err(ApiError::bad_request(format!(
            "Field \"{field}\" must be one of {}, not {other}",
            allowed.join(", ")
        ))),
    }
}

/// The fields the create, patch, restore and read-replica bodies share.
fn check_common(body: &Map<String, Value>) -> Result<(), ApiError> {
    if let Some(name) = body.get("name") {
        let ok = name
            .as_str()
            .is_some_and(|n| (1..=50).contains(&n.chars().count()));
        if !ok {
            return Err(ApiError::bad_request(
                "Field \"name\" must be a string of 1 to 50 characters",
            ));
        }
    }
    enum_field(body, "provider", &["aws"])?;
    enum_field(body, "size", SIZES)?;
    enum_field(body, "postgresVersion", VERSIONS)?;
    enum_field(body, "haType", HA_TYPES)?;
    if let Some(tags) = body.get("tags") {
        let ok = tags.as_array().is_some_and(|tags| {
            tags.len() <= 50
                && tags.iter().all(|t| {
                    t.get("key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| !k.is_empty())
                        && t.get("value").is_none_or(Value::is_string)
                })
        });
        if !ok {
            return Err(ApiError::bad_request(
                "Field \"tags\" must be at most 50 objects with a \"key\" (and a string \"value\")",
            ));
        }
    }
    check_config(body, false)
}

/// `pgConfig` (an object) and `pgBouncerConfig` (1 to 64 string values).
fn check_config(body: &Map<String, Value>, required: bool) -> Result<(), ApiError> {
    for field in ["pgConfig", "pgBouncerConfig"] {
        match body.get(field) {
            None if required => {
                return Err(ApiError::bad_request(format!(
                    "Field \"{field}\" is required"
                )));
            }
            None => {}
            Some(Value::Object(params))
                if field == "pgBouncerConfig"
                    && (params.is_empty()
                        || params.len() > 64
                        || params.values().any(|v| !v.is_string())) =>
            {
                return Err(ApiError::bad_request(
                    "Field \"pgBouncerConfig\" takes 1 to 64 parameters with string values",
                ));
            }
            Some(Value::Object(_)) => {}
            Some(_) => {
                return Err(ApiError::bad_request(format!(
                    "Field \"{field}\" must be an object"
                )));
            }
        }
    }
    Ok(())
}

fn password_ok(password: &str) -> bool {
    (12..=1024).contains(&password.chars().count())
        && password.chars().any(|c| c.is_ascii_lowercase())
        && password.chars().any(|c| c.is_ascii_uppercase())
        && password.chars().any(|c| c.is_ascii_digit())
}

/// A password the spec's rules accept, different for every call.
fn generated_password() -> String {
    let raw = Uuid::new_v4().simple().to_string();
    format!("Pg{}9x", &raw[..16])
}

/// A new service record, `state` until the clock moves it to `running`.
fn new_record(
    ctx_now: &crate::api::Req,
    body: &Map<String, Value>,
    from: Option<&PostgresRecord>,
    state: &str,
    primary: bool,
) -> (PostgresRecord, String) {
    let id = Uuid::new_v4();
    let field = |name: &str, default: &str| {
        body.get(name)
            .cloned()
            .or_else(|| from.and_then(|f| f.service.get(name).cloned()))
            .unwrap_or_else(|| json!(default))
    };
    let host = format!(
        "{}.pg.emulator.clickhouse.local",
        &id.simple().to_string()[..12]
    );
    let service = json!({
        "id": id.to_string(),
        "name": body.get("name").cloned().unwrap_or(Value::Null),
        "provider": field("provider", "aws"),
        "region": field("region", "us-east-1"),
        "postgresVersion": field("postgresVersion", "18"),
        "size": field("size", "c6gd.large"),
        "haType": field("haType", "none"),
        "tags": body.get("tags").cloned().unwrap_or_else(|| json!([])),
        "storageSize": 118,
        "state": state,
        "createdAt": ctx_now.now_text(),
        "isPrimary": primary,
        "username": "postgres",
        "hostname": host,
    });
    let config = json!({
        "pgConfig": body.get("pgConfig").cloned()
            .or_else(|| from.map(|f| f.config["pgConfig"].clone()))
            .unwrap_or_else(|| json!({"max_connections": 100})),
        "pgBouncerConfig": body.get("pgBouncerConfig").cloned()
            .or_else(|| from.map(|f| f.config["pgBouncerConfig"].clone()))
            .unwrap_or_else(|| json!({"default_pool_size": "20"})),
    });
    let password = generated_password();
    let record = PostgresRecord {
        id,
        service,
        config,
        password_hash: sha256_base64(&password),
        primary_id: from.filter(|_| !primary).map(|f| f.id),
        transition: None,
    };
    (record, password)
}

/// Sets `state` now and `to` (or removal, for `None`) after the transition time.
fn transition(req: &crate::api::Req, record: &mut PostgresRecord, now: &str, to: Option<&str>) {
    if req.transition_ms <= 0 {
        match to {
            Some(to) => record.service["state"] = json!(to),
            None => record.transition = Some(PostgresTransition { to: None, at_ms: 0 }),
        }
        return;
    }
    record.service["state"] = json!(now);
    record.transition = Some(PostgresTransition {
        to: to.map(str::to_owned),
        at_ms: req.now.as_millisecond().saturating_add(req.transition_ms),
    });
}

/// The created service, with its one-time password and connection string.
fn created(record: &PostgresRecord, password: &str) -> Result<Reply, ApiError> {
    let mut shown = record.service.clone();
    let host = shown["hostname"].as_str().unwrap_or_default().to_owned();
    shown["password"] = json!(password);
    shown["connectionString"] = json!(format!(
        "postgresql://postgres:{password}@{host}:5432/postgres?sslmode=require"
    ));
    Ok(Reply::Result(shown))
}

pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let items: Vec<Value> = org
        .postgres
        .iter()
        .map(|r| {
            let mut item = r.service.clone();
            if let Some(object) = item.as_object_mut() {
                for private in ["storageSize", "username", "hostname"] {
                    object.remove(private);
                }
            }
            item
        })
        .collect();
    Ok(Reply::Result(Value::Array(items)))
}

pub fn get(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Ok(Reply::Result(record(org, id)?.service.clone()))
}

pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = object(req.body, &["name", "provider", "region", "size"])?;
    check_common(&body)?;
    let (mut record, password) = new_record(req, &body, None, "creating", true);
    transition(req, &mut record, "creating", Some("running"));
    let reply = created(&record, &password);
    org.postgres.push(record);
    reply
}

pub fn update(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = object(req.body, &[])?;
    check_common(&body)?;
    let record = record_mut(org, id)?;
    for field in ["name", "size", "haType", "tags"] {
        if let Some(value) = body.get(field) {
            record.service[field] = value.clone();
        }
    }
    Ok(Reply::Result(record.service.clone()))
}

pub fn delete(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let record = record_mut(org, id)?;
    transition(req, record, "deleting", None);
    org.postgres.retain(|r| {
        !matches!(
            r.transition,
            Some(PostgresTransition { to: None, at_ms: 0 })
        )
    });
    Ok(Reply::Done)
}

pub fn certificates(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = record(org, id)?;
    let body = format!(
        "-----BEGIN CERTIFICATE-----\nTUlJQ2VtdWxhdGVkLWNhLWZvci1wb3N0Z3Jlcy0{}\n-----END CERTIFICATE-----\n",
        record.id.simple()
    );
    Ok(Reply::Text {
        content_type: "application/x-pem-file",
        body,
    })
}

pub fn restore(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = object(req.body, &["name", "restoreTarget"])?;
    check_common(&body)?;
    let target = body["restoreTarget"].as_str().unwrap_or_default();
    if target.parse::<jiff::Timestamp>().is_err() {
        return Err(ApiError::bad_request(
            "Field \"restoreTarget\" must be an RFC 3339 date-time",
        ));
    }
    let source = record(org, id)?.clone();
    let (mut restored, password) = new_record(req, &body, Some(&source), "restoring_backup", true);
    transition(req, &mut restored, "restoring_backup", Some("running"));
    let reply = created(&restored, &password);
    org.postgres.push(restored);
    reply
}

pub fn read_replica(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = object(req.body, &["name"])?;
    check_common(&body)?;
    let source = record(org, id)?.clone();
    if source.service["isPrimary"] != json!(true) {
        return Err(ApiError::bad_request(
            "A read replica can only be created from a primary service",
        ));
    }
    let (mut replica, password) = new_record(req, &body, Some(&source), "creating", false);
    transition(req, &mut replica, "creating", Some("running"));
    let reply = created(&replica, &password);
    org.postgres.push(replica);
    reply
}

pub fn set_password(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = object(req.body, &[])?;
    let given = match body.get("password") {
        None => None,
        Some(Value::String(p)) if password_ok(p) => Some(p.clone()),
        Some(_) => {
            return Err(ApiError::bad_request(
                "Field \"password\" must be 12 to 1024 characters with a lowercase letter, an uppercase letter and a digit",
            ));
        }
    };
    let record = record_mut(org, id)?;
    match given {
        Some(password) => {
            record.password_hash = sha256_base64(&password);
            Ok(Reply::Result(json!({})))
        }
        None => {
            let password = generated_password();
            record.password_hash = sha256_base64(&password);
            Ok(Reply::Result(json!({ "password": password })))
        }
    }
}

pub fn change_state(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = object(req.body, &["command"])?;
    enum_field(&body, "command", COMMANDS)?;
    let command = body["command"].as_str().unwrap_or_default();
    let record = record_mut(org, id)?;
    if record.service["state"] != json!("running") {
        return Err(ApiError::conflict(format!(
            "Postgres service {} is {}, not running",
            record.id, record.service["state"]
        )));
    }
    match command {
        "promote" if record.service["isPrimary"] == json!(true) => {
            return Err(ApiError::bad_request("Only a read replica can be promoted"));
        }
        "promote" => {
            record.service["isPrimary"] = json!(true);
            record.primary_id = None;
        }
        "switchover" if record.service["haType"] == json!("none") => {
            return Err(ApiError::bad_request(
                "Switchover needs high availability (haType async or sync)",
            ));
        }
        _ => {}
    }
    transition(req, record, "restarting", Some("running"));
    Ok(Reply::Result(record.service.clone()))
}

pub fn get_config(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Ok(Reply::Result(record(org, id)?.config.clone()))
}

/// POST replaces the configuration, PATCH merges into it.
pub fn put_config(ctx: &mut Ctx, org: &str, id: &str, replace: bool) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let required: &[&str] = if replace {
        &["pgConfig", "pgBouncerConfig"]
    } else {
        &[]
    };
    let body = object(req.body, required)?;
    check_config(&body, replace)?;
    let record = record_mut(org, id)?;
    for section in ["pgConfig", "pgBouncerConfig"] {
        let Some(Value::Object(given)) = body.get(section) else {
            continue;
        };
        if replace {
            record.config[section] = Value::Object(given.clone());
        } else if let Some(current) = record.config[section].as_object_mut() {
            current.extend(given.clone());
        }
    }
    let mut reply = record.config.clone();
    reply["message"] = json!("Some parameters take effect after a restart.");
    Ok(Reply::Result(reply))
}

/// A required `date-time` query parameter.
fn time_param(ctx: &Ctx, name: &str) -> Result<jiff::Timestamp, ApiError> {
    ctx.req
        .query
        .get(name)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Query parameter {name} is required, an RFC 3339 date-time"
            ))
        })
}

pub fn metrics(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let from = time_param(ctx, "from_date")?;
    let to = time_param(ctx, "to_date")?;
    let bucket = match ctx.req.query.get("bucket_size_seconds") {
        None => 60,
        Some(raw) => raw.parse::<i64>().ok().filter(|b| *b >= 1).ok_or_else(|| {
            ApiError::bad_request("Query parameter bucket_size_seconds must be an integer >= 1")
        })?,
    };
    let (org, _) = ctx.org(org)?;
    let record = record(org, id)?;
    let seed = record.id.to_string();
    let points = |key: &str, range: u64| {
        let mut t = from.as_second();
        let mut out = Vec::new();
        while t < to.as_second() && out.len() < 1000 {
            let value = stable_u64(&[&seed, key, &t.to_string()]) % range;
            out.push(json!({ "timestamp": t, "value": value }));
            t += bucket;
        }
        out
    };
    Ok(Reply::Result(json!({
        "metrics": [
            {
                "key": "cpu_usage", "name": "CPU usage", "unit": "%",
                "description": "Share of CPU time in use.",
                "series": [{ "label": "total", "dataPoints": points("cpu", 100) }]
            },
            {
                "key": "connection_count", "name": "Connections", "unit": "count",
                "description": "Open client connections.",
                "series": [{ "label": "postgres", "dataPoints": points("conn", 50) }]
            }
        ]
    })))
}

/// The emulated slow query patterns of a service.
fn patterns(record: &PostgresRecord) -> Vec<Value> {
    [
        ("SELECT * FROM orders WHERE customer_id = $1", "SELECT"),
        (
            "UPDATE stock SET quantity = quantity - $1 WHERE sku = $2",
            "UPDATE",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (text, operation))| {
        let calls = stable_u64(&[&record.id.to_string(), text]) % 1000 + 1;
        let avg = 1000 * (i as u64 + 1) + calls;
        json!({
            "queryId": format!("{}", stable_u64(&[text])),
            "queryText": text,
            "dbName": "postgres",
            "dbUser": "postgres",
            "dbOperation": operation,
            "app": "psql",
            "callCount": calls,
            "errorCount": 0,
            "totalDurationUs": avg * calls,
            "avgDurationUs": avg,
            "maxDurationUs": avg * 3,
            "p50DurationUs": avg,
            "p95DurationUs": avg * 2,
            "p99DurationUs": avg * 3,
            "totalRows": calls,
            "totalSharedBlksRead": calls * 4,
            "totalSharedBlksHit": calls * 40,
            "totalCpuTimeUs": avg * calls / 2,
            "totalWalBytes": 0
        })
    })
    .collect()
}

pub fn slow_queries(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    time_param(ctx, "from_date")?;
    time_param(ctx, "to_date")?;
    let query = &ctx.req.query;
    if let Some(order) = query.get("sort_order")
        && !["asc", "desc"].contains(&order)
    {
        return Err(ApiError::bad_request(
            "Query parameter sort_order must be asc or desc",
        ));
    }
    let limit = match query.get("limit") {
        None => 20,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=500).contains(l))
            .ok_or_else(|| ApiError::bad_request("Query parameter limit must be 1 to 500"))?,
    };
    let offset = query
        .get("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0usize);
    let filters: Vec<(&str, String)> = [
        ("db_name", "dbName"),
        ("db_user", "dbUser"),
        ("db_operation", "dbOperation"),
        ("app", "app"),
    ]
    .iter()
    .filter_map(|(param, field)| query.get(param).map(|v| (*field, v.to_owned())))
    .collect();
    let (org, _) = ctx.org(org)?;
    let mut found: Vec<Value> = patterns(record(org, id)?)
        .into_iter()
        .filter(|p| filters.iter().all(|(field, v)| p[*field] == json!(v)))
        .collect();
    found.sort_by_key(|p| std::cmp::Reverse(p["totalDurationUs"].as_u64()));
    Ok(Reply::Result(Value::Array(
        found.into_iter().skip(offset).take(limit).collect(),
    )))
}

pub fn slow_query(ctx: &mut Ctx, org: &str, id: &str, query_id: &str) -> Result<Reply, ApiError> {
    let mut wanted = Vec::new();
    for (param, field) in [
        ("db_name", "dbName"),
        ("db_user", "dbUser"),
        ("db_operation", "dbOperation"),
    ] {
        let value =
            ctx.req.query.get(param).ok_or_else(|| {
                ApiError::bad_request(format!("Query parameter {param} is required"))
            })?;
        wanted.push((field, value.to_owned()));
    }
    let now = ctx.req.now_text();
    let (org, _) = ctx.org(org)?;
    let pattern = patterns(record(org, id)?)
        .into_iter()
        .find(|p| p["queryId"] == json!(query_id) && wanted.iter().all(|(f, v)| p[*f] == json!(v)))
        .ok_or_else(|| ApiError::not_found(format!("Query pattern {query_id} not found")))?;
    let execution = json!({
        "timestamp": now,
        "queryId": pattern["queryId"],
        "dbName": pattern["dbName"],
        "dbUser": pattern["dbUser"],
        "dbOperation": pattern["dbOperation"],
        "app": pattern["app"],
        "queryText": pattern["queryText"],
        "pid": "4242",
        "durationUs": pattern["maxDurationUs"],
        "rows": 1
    });
    // The rest of an execution's counters, as the spec requires them: a small, cached read.
    let mut execution = execution;
    for (field, value) in [
        ("sharedBlksHit", json!(40)),
        ("sharedBlksRead", json!(4)),
        ("sharedBlksWritten", json!(0)),
        ("sharedBlksDirtied", json!(0)),
        ("sharedBlkReadTimeUs", json!(120)),
        ("sharedBlkWriteTimeUs", json!(0)),
        ("localBlksHit", json!(0)),
        ("localBlksRead", json!(0)),
        ("localBlksWritten", json!(0)),
        ("localBlksDirtied", json!(0)),
        ("tempBlksRead", json!(0)),
        ("tempBlksWritten", json!(0)),
        ("tempBlkReadTimeUs", json!(0)),
        ("tempBlkWriteTimeUs", json!(0)),
        ("walRecords", json!(0)),
        ("walBytes", json!(0)),
        ("walFpi", json!(0)),
        ("cpuUserTimeUs", json!(800)),
        ("cpuSysTimeUs", json!(100)),
        ("jitFunctions", json!(0)),
        ("jitGenerationTimeUs", json!(0)),
        ("jitInliningTimeUs", json!(0)),
        ("jitOptimizationTimeUs", json!(0)),
        ("jitEmissionTimeUs", json!(0)),
        ("jitDeformTimeUs", json!(0)),
        ("parallelWorkersPlanned", json!(0)),
        ("parallelWorkersLaunched", json!(0)),
        ("serverRole", json!("primary")),
    ] {
        execution[field] = value;
    }
    Ok(Reply::Result(
        json!({ "aggregate": pattern, "recentExecutions": [execution] }),
    ))
}

/// Prometheus text for the organization's Postgres services, or one.
pub fn prometheus(ctx: &mut Ctx, org: &str, id: Option<&str>) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let records: Vec<&PostgresRecord> = match id {
        Some(id) => vec![record(org, id)?],
        None => org.postgres.iter().collect(),
    };
    let mut body =
        String::from("# HELP pg_up Whether the Postgres service is running.\n# TYPE pg_up gauge\n");
    for r in records {
        let up = u8::from(r.service["state"] == json!("running"));
        body.push_str(&format!(
            "pg_up{{postgres_service=\"{}\",postgres_service_name={}}} {up}\n",
            r.id, r.service["name"]
        ));
    }
    Ok(Reply::Text {
        content_type: "text/plain; charset=UTF-8",
        body,
    })
}
