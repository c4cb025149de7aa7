//! `/v1/organizations/{id}/services/{id}/clickpipes…`: ClickPipes stored per service as the
//! spec's `ClickPipe` object, without credentials (kept only as hashes). States move on the
//! emulator's clock (`--transition-ms`): streaming and object storage pipes go
//! Provisioning → Running, database pipes Provisioning → Setup → Snapshot → Running.

mod endpoints;
mod rules;
mod schemas;
mod seed;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{Ctx, Req};
use crate::envelope::{ApiError, Reply};
use crate::hashing::sha256_base64;
use crate::store::{ClickPipeRecord, ClickPipes, Org, Step, parse_id};

pub use endpoints::{
    cdc_scaling, create_endpoint, delete_endpoint, get_endpoint, list_endpoints,
    update_cdc_scaling, update_endpoint,
};
pub use seed::seeded;

/// The spec's source kinds, in `ClickPipePostSource` order.
const KINDS: [&str; 8] = [
    "kafka",
    "objectStorage",
    "kinesis",
    "pubsub",
    "postgres",
    "mysql",
    "bigquery",
    "mongodb",
];

/// How a pipe's source behaves: what scales it and which states it goes through.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    Streaming,
    ObjectStorage,
    Database,
}

fn family(kind: &str) -> Family {
    match kind {
        "kafka" | "kinesis" | "pubsub" => Family::Streaming,
        "objectStorage" => Family::ObjectStorage,
        _ => Family::Database,
    }
}

/// The kind of a stored pipe: the one key of its `source`.
fn kind_of(pipe: &Value) -> String {
    pipe["source"]
        .as_object()
        .and_then(|source| source.keys().next().cloned())
        .unwrap_or_default()
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(message)
}

/// The body, validated against `schema`, as an object.
fn body(req: &Req, schema: &crate::validate::Schema) -> Result<Map<String, Value>, ApiError> {
    match req.body::<Value>(schema)? {
        Value::Object(map) => Ok(map),
        _ => Err(bad("The request body must be a JSON object")),
    }
}

/// `value` without its `null` fields (the spec's "unset"), recursively.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn clickpipes<'o>(org: &'o Org, svc: &str) -> Result<&'o ClickPipes, ApiError> {
    Ok(&org.service(svc)?.clickpipes)
}

fn clickpipes_mut<'o>(org: &'o mut Org, svc: &str) -> Result<&'o mut ClickPipes, ApiError> {
    Ok(&mut org.service_mut(svc)?.clickpipes)
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("ClickPipe {id} not found"))
}

fn pipe<'p>(pipes: &'p ClickPipes, raw: &str) -> Result<&'p ClickPipeRecord, ApiError> {
    let id = parse_id("clickPipeId", raw)?;
    pipes
        .pipes
        .iter()
        .find(|r| r.pipe["id"] == id.to_string())
        .ok_or_else(|| not_found(id))
}

fn pipe_mut<'p>(pipes: &'p mut ClickPipes, raw: &str) -> Result<&'p mut ClickPipeRecord, ApiError> {
    let id = parse_id("clickPipeId", raw)?;
    pipes
        .pipes
        .iter_mut()
        .find(|r| r.pipe["id"] == id.to_string())
        .ok_or_else(|| not_found(id))
}

/// Sets `state` now, then each of `then` one `--transition-ms` apart (at once when it is 0).
fn schedule(record: &mut ClickPipeRecord, req: &Req, state: &str, then: &[&str]) {
    record.steps.clear();
    if req.transition_ms <= 0 {
        record.pipe["state"] = json!(then.last().copied().unwrap_or(state));
        return;
    }
    record.pipe["state"] = json!(state);
    let start = req.now.as_millisecond();
    record.steps = then
        .iter()
        .enumerate()
        .map(|(i, value)| Step {
            value: (*value).to_owned(),
            at_ms: start.saturating_add(req.transition_ms.saturating_mul(i as i64 + 1)),
        })
        .collect();
}

/// Fields whose values are credentials: stored as hashes, never served.
const SECRET_FIELDS: [&str; 4] = [
    "credentials",
    "accessKey",
    "serviceAccountKey",
    "connectionString",
];

/// Moves the credentials out of `source` (the object of one kind) into `hashes`, keyed by
/// their path in the request body.
fn take_secrets(
    source: &mut Map<String, Value>,
    path: &str,
    hashes: &mut BTreeMap<String, String>,
) {
    for name in SECRET_FIELDS {
        if let Some(value) = source.remove(name)
            && !value.is_null()
        {
            hashes.insert(format!("{path}.{name}"), sha256_base64(&value.to_string()));
        }
    }
    if let Some(registry) = source
        .get_mut("schemaRegistry")
        .and_then(Value::as_object_mut)
        && let Some(credentials) = registry.remove("credentials")
    {
        hashes.insert(
            format!("{path}.schemaRegistry.credentials"),
            sha256_base64(&credentials.to_string()),
        );
    }
    // A MongoDB URI may carry a password: served without it.
    if let Some(Value::String(uri)) = source.get("uri")
        && let Some(hidden) = hide_uri_password(uri)
    {
        hashes.insert(format!("{path}.uri"), sha256_base64(uri));
        source.insert("uri".into(), json!(hidden));
    }
}

/// `scheme://user:password@host…` as `scheme://user@host…`; `None` without a password.
fn hide_uri_password(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (userinfo, host) = rest[..authority_end].rsplit_once('@')?;
    let (user, _) = userinfo.split_once(':')?;
    Some(format!(
        "{scheme}://{user}@{host}{}",
        &rest[authority_end..]
    ))
}

/// Exactly one source kind of `source` (its non-null key among [`KINDS`]).
fn one_kind(source: &Map<String, Value>, kinds: &[&str], path: &str) -> Result<String, ApiError> {
    let given: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| source.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    match given.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(bad(format!(
            "Field \"{path}\" must have exactly one of: {}",
            kinds.join(", ")
        ))),
        many => Err(bad(format!(
            "Field \"{path}\" must have exactly one source, not {}",
            many.join(" and ")
        ))),
    }
}

/// The default `ClickPipeScaling` of a family (`None`: database pipes scale per service).
fn default_scaling(family: Family) -> Option<Value> {
    match family {
        Family::Streaming => Some(json!({
            "replicas": 1, "replicaCpuMillicores": 125, "replicaMemoryGb": 0.5
        })),
        Family::ObjectStorage => Some(json!({ "concurrency": 0 })),
        Family::Database => None,
    }
}

/// Which scaling fields a family takes; the error names the first that does not apply.
fn check_scaling(family: Family, scaling: &Map<String, Value>, path: &str) -> Result<(), ApiError> {
    for (name, value) in scaling {
        if value.is_null() {
            continue;
        }
        let applies = match family {
            Family::Streaming => name != "concurrency",
            Family::ObjectStorage => name == "concurrency",
            Family::Database => false,
        };
        if !applies {
            let advice = match family {
                Family::Streaming => {
                    "streaming pipes scale with replicas, replicaCpuMillicores and replicaMemoryGb"
                }
                Family::ObjectStorage => "object storage pipes scale with concurrency",
                Family::Database => {
                    "database pipes scale per service (PATCH .../clickpipesCdcScaling)"
                }
            };
            return Err(bad(format!(
                "Field \"{}\" does not apply to this pipe: {advice}",
                join(path, name)
            )));
        }
    }
    Ok(())
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// `streaming_*` settings need a streaming pipe, `object_storage_*` an object storage one.
fn check_settings(
    family: Family,
    settings: &Map<String, Value>,
    path: &str,
) -> Result<(), ApiError> {
    for (name, value) in settings {
        let wrong = !value.is_null()
            && ((name.starts_with("streaming_") && family != Family::Streaming)
                || (name.starts_with("object_storage_") && family != Family::ObjectStorage));
        if wrong {
            return Err(bad(format!(
                "Field \"{}\" does not apply to this pipe's source",
                join(path, name)
            )));
        }
    }
    Ok(())
}

/// Every destination column needs a mapping, and every mapping a destination column.
fn check_mappings(columns: &[Value], mappings: &[Value]) -> Result<(), ApiError> {
    let names: Vec<&str> = columns.iter().filter_map(|c| c["name"].as_str()).collect();
    for (i, mapping) in mappings.iter().enumerate() {
        let target = mapping["destinationField"].as_str().unwrap_or_default();
        if !names.contains(&target) {
            return Err(bad(format!(
                "Field \"fieldMappings[{i}].destinationField\": \"{target}\" is not a destination column"
            )));
        }
    }
    if let Some(missing) = names
        .iter()
        .find(|n| !mappings.iter().any(|m| m["destinationField"] == **n))
    {
        return Err(bad(format!(
            "Field \"fieldMappings\" must map every destination column; \"{missing}\" has no mapping"
        )));
    }
    Ok(())
}

/// The served pipe (credentials already out).
fn served(record: &ClickPipeRecord) -> Value {
    record.pipe.clone()
}

pub fn list(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let pipes = clickpipes(org, svc)?;
    Ok(Reply::Result(Value::Array(
        pipes.pipes.iter().map(served).collect(),
    )))
}

pub fn get(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Ok(Reply::Result(served(pipe(clickpipes(org, svc)?, id)?)))
}

pub fn create(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::PIPE_POST)?;
    let service_id = org.service(svc)?.service.id;
    let pipes = clickpipes_mut(org, svc)?;
    let source_body = body["source"].as_object().cloned().unwrap_or_default();
    let kind = one_kind(&source_body, &KINDS, "source")?;
    let family = family(&kind);
    let path = format!("source.{kind}");
    let mut source = without_nulls(&source_body[&kind])
        .as_object()
        .cloned()
        .unwrap_or_default();
    rules::check_source(&kind, &source, &path, pipes)?;

    let id = Uuid::new_v4();
    let mut hashes = BTreeMap::new();
    take_secrets(&mut source, &path, &mut hashes);
    rules::fill_defaults(&kind, &mut source, id);

    let mut destination = without_nulls(&body["destination"])
        .as_object()
        .cloned()
        .unwrap_or_default();
    destination.remove("roles");
    destination
        .entry("database")
        .or_insert_with(|| json!("default"));
    let mut field_mappings = body
        .get("fieldMappings")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if family != Family::Database {
        for name in ["table", "managedTable", "columns"] {
            if !destination.contains_key(name) {
                return Err(bad(format!(
                    "Field \"destination.{name}\" is required for a {kind} pipe"
                )));
            }
        }
        let columns = destination["columns"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if columns.is_empty() {
            return Err(bad(
                "Field \"destination.columns\" must name at least one column",
            ));
        }
        if body.contains_key("fieldMappings") {
            check_mappings(&columns, &field_mappings)?;
        } else {
            field_mappings = columns
                .iter()
                .map(|c| json!({"sourceField": c["name"], "destinationField": c["name"]}))
                .collect();
        }
    }

    let settings = without_nulls(body.get("settings").unwrap_or(&json!({})));
    check_settings(
        family,
        settings.as_object().unwrap_or(&Map::new()),
        "settings",
    )?;
    let mut scaling = default_scaling(family);
    if let Some(Value::Object(given)) = body.get("scaling") {
        check_scaling(family, given, "scaling")?;
        if let Some(Value::Object(current)) = scaling.as_mut() {
            current.extend(given.clone());
        }
    }

    let now = req.now_text();
    let mut pipe = json!({
        "id": id.to_string(),
        "serviceId": service_id.to_string(),
        "name": body["name"],
        "state": "Provisioning",
        "source": { kind.as_str(): source },
        "destination": destination,
        "fieldMappings": field_mappings,
        "settings": settings,
        "createdAt": now,
        "updatedAt": now,
    });
    if let Some(scaling) = scaling {
        pipe["scaling"] = scaling;
    }
    let mut record = ClickPipeRecord {
        pipe,
        credential_hashes: hashes,
        steps: Vec::new(),
    };
    match family {
        Family::Database => schedule(
            &mut record,
            req,
            "Provisioning",
            &["Setup", "Snapshot", "Running"],
        ),
        _ => schedule(&mut record, req, "Provisioning", &["Running"]),
    }
    let reply = served(&record);
    pipes.pipes.push(record);
    Ok(Reply::Result(reply))
}

pub fn update(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::PIPE_PATCH)?;
    let pipes = clickpipes_mut(org, svc)?;
    let current = pipe(pipes, id)?;
    let kind = kind_of(&current.pipe);
    let family = family(&kind);
    let mut updated = current.pipe.clone();
    let mut hashes = current.credential_hashes.clone();

    if let Some(Value::Object(source)) = body.get("source") {
        let given: Vec<&str> = KINDS
            .iter()
            .copied()
            .filter(|k| source.get(*k).is_some_and(|v| !v.is_null()))
            .collect();
        if let Some(other) = given.iter().find(|k| **k != kind) {
            return Err(bad(format!(
                "Field \"source.{other}\" does not apply: this pipe's source is {kind}"
            )));
        }
        if let Some(change) = source.get(&kind).filter(|v| !v.is_null()) {
            let path = format!("source.{kind}");
            let mut change = without_nulls(change)
                .as_object()
                .cloned()
                .unwrap_or_default();
            let stored = updated["source"][&kind]
                .as_object()
                .cloned()
                .unwrap_or_default();
            rules::check_patch(&kind, &stored, &change, &path, pipes)?;
            take_secrets(&mut change, &path, &mut hashes);
            updated["source"][&kind] = Value::Object(rules::merge_source(stored, change, &path)?);
        }
    }
    if let Some(columns) = body.get("destination").and_then(|d| d.get("columns")) {
        if family == Family::Database {
            return Err(bad(
                "Field \"destination.columns\" does not apply to a database pipe",
            ));
        }
        updated["destination"]["columns"] = columns.clone();
    }
    if let Some(mappings) = body.get("fieldMappings") {
        updated["fieldMappings"] = mappings.clone();
    }
    if family != Family::Database
        && (body.contains_key("fieldMappings")
            || body.get("destination").is_some_and(|d| !d.is_null()))
    {
        let columns = updated["destination"]["columns"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mappings = updated["fieldMappings"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        check_mappings(&columns, &mappings)?;
    }
    if let Some(Value::Object(settings)) = body.get("settings") {
        check_settings(family, settings, "settings")?;
        updated["settings"] = without_nulls(&Value::Object(settings.clone()));
    }
    if let Some(Value::String(name)) = body.get("name") {
        updated["name"] = json!(name);
    }
    updated["updatedAt"] = json!(req.now_text());

    let record = pipe_mut(pipes, id)?;
    record.pipe = updated;
    record.credential_hashes = hashes;
    Ok(Reply::Result(served(record)))
}

pub fn delete(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    let pipes = clickpipes_mut(org, svc)?;
    let id = pipe(pipes, id)?.pipe["id"].clone();
    pipes.pipes.retain(|r| r.pipe["id"] != id);
    Ok(Reply::Done)
}

/// What a state command does from a state: `Ok(None)` when the pipe is already headed there.
fn plan(
    command: &str,
    family: Family,
    state: &str,
) -> Result<Option<(&'static str, &'static [&'static str])>, &'static str> {
    let database = family == Family::Database;
    match (command, state) {
        ("start", "Stopped" | "Paused" | "Failed" | "InternalError") => {
            Ok(Some(("Provisioning", &["Running"])))
        }
        (
            "start",
            "Running" | "Provisioning" | "Setup" | "Snapshot" | "Resync" | "Modifying" | "Degraded",
        ) => Ok(None),
        ("start", "Stopping" | "Pausing") => Err("wait until it has stopped, then start it"),
        ("stop", "Running" | "Degraded") if database => Ok(Some(("Pausing", &["Paused"]))),
        ("stop", "Running" | "Degraded") => Ok(Some(("Stopping", &["Stopped"]))),
        ("stop", "Stopped" | "Paused" | "Stopping" | "Pausing") => Ok(None),
        ("stop", "Provisioning" | "Setup" | "Snapshot" | "Resync" | "Modifying") => {
            Err("wait until it is running, then stop it")
        }
        ("resync", "Running" | "Paused" | "Failed" | "Completed") => {
            Ok(Some(("Resync", &["Running"])))
        }
        ("resync", "Resync") => Ok(None),
        ("resync", _) => Err("wait until it is running or paused, then resync it"),
        _ => Err("the command is not possible in this state"),
    }
}

pub fn change_state(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::STATE_PATCH)?;
    let command = body["command"].as_str().unwrap_or_default();
    let record = pipe_mut(clickpipes_mut(org, svc)?, id)?;
    let kind = kind_of(&record.pipe);
    let family = family(&kind);
    if command == "resync" && family != Family::Database {
        return Err(bad(format!(
            "Field \"command\": resync is only for database pipes (postgres, mysql, mongodb, bigquery); this pipe reads {kind}"
        )));
    }
    let state = record.pipe["state"]
        .as_str()
        .unwrap_or("Unknown")
        .to_owned();
    match plan(command, family, &state) {
        Ok(Some((now, then))) => {
            schedule(record, req, now, then);
            record.pipe["updatedAt"] = json!(req.now_text());
        }
        Ok(None) => {}
        Err(advice) => {
            return Err(ApiError::conflict(format!(
                "Cannot {command} ClickPipe {}: it is {state}; {advice}",
                record.pipe["id"].as_str().unwrap_or_default()
            )));
        }
    }
    Ok(Reply::Result(served(record)))
}

pub fn update_scaling(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::SCALING_PATCH)?;
    let record = pipe_mut(clickpipes_mut(org, svc)?, id)?;
    let family = family(&kind_of(&record.pipe));
    check_scaling(family, &body, "")?;
    let given = without_nulls(&Value::Object(body));
    let given = given.as_object().cloned().unwrap_or_default();
    if given.is_empty() {
        return Err(bad(
            "The request body must set at least one of replicas, concurrency, replicaCpuMillicores, replicaMemoryGb",
        ));
    }
    let mut scaling = record.pipe["scaling"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    scaling.extend(given);
    record.pipe["scaling"] = Value::Object(scaling);
    record.pipe["updatedAt"] = json!(req.now_text());
    Ok(Reply::Result(served(record)))
}

pub fn settings(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = pipe(clickpipes(org, svc)?, id)?;
    Ok(Reply::Result(record.pipe["settings"].clone()))
}

/// PUT replaces the settings: what is left out (or `null`) goes back to its default.
pub fn put_settings(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::SETTINGS)?;
    let record = pipe_mut(clickpipes_mut(org, svc)?, id)?;
    check_settings(family(&kind_of(&record.pipe)), &body, "")?;
    record.pipe["settings"] = without_nulls(&Value::Object(body));
    record.pipe["updatedAt"] = json!(req.now_text());
    Ok(Reply::Result(record.pipe["settings"].clone()))
}

/// Infers a schema from a Kafka topic or Kinesis stream: fields fixed per format, changes nothing.
pub fn discover(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    if let Ok(Value::Object(raw)) = serde_json::from_slice::<Value>(req.body)
        && let Some(Value::Object(source)) = raw.get("source")
        && let Some(other) = source.iter().find(|(k, v)| {
            !v.is_null()
                && KINDS.contains(&k.as_str())
                && !matches!(k.as_str(), "kafka" | "kinesis")
        })
    {
        return Err(bad(format!(
            "Field \"source.{}\": schema discovery supports kafka and kinesis sources only",
            other.0
        )));
    }
    let body = body(req, &schemas::DISCOVERY)?;
    let pipes = clickpipes(org, svc)?;
    let source = body["source"].as_object().cloned().unwrap_or_default();
    let kind = one_kind(&source, &["kafka", "kinesis"], "source")?;
    let given = without_nulls(&source[&kind])
        .as_object()
        .cloned()
        .unwrap_or_default();
    let path = format!("source.{kind}");
    rules::check_source(&kind, &given, &path, pipes)?;
    let format = given["format"].as_str().unwrap_or("JSONEachRow");
    let (origin_key, origin) = match kind.as_str() {
        "kafka" => ("topic", given["topics"].as_str().unwrap_or_default()),
        _ => ("stream", given["streamName"].as_str().unwrap_or_default()),
    };
    let origin = origin.split(',').next().unwrap_or_default().trim();
    Ok(Reply::Result(json!({
        "fields": discovered_fields(format),
        "meta": { "format": format, origin_key: origin, "sampledMessages": "100" },
    })))
}

/// The fields every emulated topic or stream holds, typed as `format` would carry them.
fn discovered_fields(format: &str) -> Vec<Value> {
    let types: [&str; 5] = match format {
        "Protobuf" => [
            "UInt64",
            "DateTime64(3)",
            "String",
            "String",
            "Nullable(String)",
        ],
        "Avro" | "AvroConfluent" => [
            "Int64",
            "DateTime64(3)",
            "String",
            "LowCardinality(String)",
            "Nullable(String)",
        ],
        _ => [
            "Int64",
            "DateTime64(3)",
            "String",
            "String",
            "Nullable(String)",
        ],
    };
    ["id", "timestamp", "user_id", "event", "properties"]
        .iter()
        .zip(types)
        .map(|(name, ty)| json!({"name": name, "type": ty, "optional": ty.starts_with("Nullable")}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::hide_uri_password;

    #[test]
    fn a_uri_loses_only_its_password() {
        for (uri, served) in [
            (
                "mongodb://app:p@ss:w0rd@db.example.com:27017/app?tls=true",
                Some("mongodb://app@db.example.com:27017/app?tls=true"),
            ),
            (
                "mongodb+srv://app:secret@cluster0.example.net",
                Some("mongodb+srv://app@cluster0.example.net"),
            ),
            ("mongodb://app@db.example.com", None),
            ("mongodb://db.example.com/x@y", None),
        ] {
            assert_eq!(hide_uri_password(uri).as_deref(), served, "{uri}");
        }
    }
}
