//! The rules the spec states in prose, per source kind: which authentication a Kafka type
//! supports and which credentials each method takes, the fields an option needs
//! (`AT_TIMESTAMP` needs `timestamp`…), and how a PATCH merges into a stored source.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::bad;
use crate::envelope::ApiError;
use crate::store::ClickPipes;

/// The spec's "Supported authentication methods" per Kafka type.
fn kafka_methods(kind: &str) -> &'static [&'static str] {
    match kind {
        "kafka" => &["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "MUTUAL_TLS"],
        "msk" => &["SCRAM-SHA-512", "IAM_ROLE", "IAM_USER", "MUTUAL_TLS"],
        "gcmk" | "confluent" => &["PLAIN", "MUTUAL_TLS"],
        "warpstream" | "azureeventhub" => &["PLAIN"],
        "redpanda" => &["SCRAM-SHA-256", "SCRAM-SHA-512", "MUTUAL_TLS"],
        "dokafka" => &["SCRAM-SHA-256", "MUTUAL_TLS"],
        _ => &[],
    }
}

/// The credential fields a Kafka authentication method takes (none for `IAM_ROLE`).
fn kafka_credential_fields(kind: &str, method: &str) -> &'static [&'static str] {
    match method {
        "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512" if kind == "azureeventhub" => {
            &["connectionString"]
        }
        "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512" => &["username", "password"],
        "IAM_USER" => &["accessKeyId", "secretKey"],
        "MUTUAL_TLS" => &["certificate", "privateKey"],
        _ => &[],
    }
}

fn text<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v str> {
    object.get(name).and_then(Value::as_str)
}

fn require(object: &Map<String, Value>, name: &str, path: &str, why: &str) -> Result<(), ApiError> {
    if object.get(name).is_some_and(|v| !v.is_null()) {
        Ok(())
    } else {
        Err(bad(format!("Field \"{path}.{name}\" is required {why}")))
    }
}

fn kafka_credentials(
    kind: &str,
    method: &str,
    credentials: Option<&Value>,
    path: &str,
    required: bool,
) -> Result<(), ApiError> {
    let expected = kafka_credential_fields(kind, method);
    let Some(Value::Object(given)) = credentials else {
        if required && !expected.is_empty() {
            return Err(bad(format!(
                "Field \"{path}.credentials\" is required for authentication {method} (with {})",
                expected.join(", ")
            )));
        }
        return Ok(());
    };
    if expected.is_empty() {
        return Err(bad(format!(
            "Field \"{path}.credentials\" does not go with authentication {method}; use iamRole"
        )));
    }
    if let Some(other) = given.keys().find(|k| !expected.contains(&k.as_str())) {
        return Err(bad(format!(
            "Field \"{path}.credentials.{other}\" does not go with authentication {method}; it takes {}",
            expected.join(", ")
        )));
    }
    if let Some(missing) = expected.iter().find(|e| !given.contains_key(**e)) {
        return Err(bad(format!(
            "Field \"{path}.credentials.{missing}\" is required for authentication {method}"
        )));
    }
    Ok(())
}

fn endpoints_exist(
    source: &Map<String, Value>,
    path: &str,
    pipes: &ClickPipes,
) -> Result<(), ApiError> {
    let Some(Value::Array(ids)) = source.get("reversePrivateEndpointIds") else {
        return Ok(());
    };
    for (i, id) in ids.iter().enumerate() {
        let known = pipes
            .reverse_private_endpoints
            .iter()
            .any(|e| e.object["id"] == *id);
        if !known {
            return Err(bad(format!(
                "Field \"{path}.reversePrivateEndpointIds[{i}]\": no reverse private endpoint {id} in this service"
            )));
        }
    }
    Ok(())
}

fn object_storage_method(kind: &str, method: Option<&str>, path: &str) -> Result<(), ApiError> {
    let fits = match method {
        None | Some("IAM_USER") => kind != "azureblobstorage" || method.is_none(),
        Some("IAM_ROLE") => kind == "s3",
        Some("SERVICE_ACCOUNT") => kind == "gcs",
        Some("CONNECTION_STRING") => kind == "azureblobstorage",
        Some(_) => false,
    };
    if fits {
        Ok(())
    } else {
        Err(bad(format!(
            "Field \"{path}.authentication\": {} is not supported for type {kind} (IAM_ROLE is for s3, SERVICE_ACCOUNT for gcs, CONNECTION_STRING for azureblobstorage, IAM_USER for the others)",
            method.unwrap_or("PUBLIC")
        )))
    }
}

/// The credential an object storage method needs, and the field it comes in.
fn object_storage_secret(method: &str) -> Option<&'static str> {
    match method {
        "IAM_USER" => Some("accessKey"),
        "SERVICE_ACCOUNT" => Some("serviceAccountKey"),
        "CONNECTION_STRING" => Some("connectionString"),
        _ => None,
    }
}

fn table_mappings(source: &Map<String, Value>, path: &str) -> Result<(), ApiError> {
    let mappings = source
        .get("tableMappings")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if mappings.is_empty() {
        return Err(bad(format!(
            "Field \"{path}.tableMappings\" must have at least one table mapping"
        )));
    }
    sorting_keys(&mappings, &format!("{path}.tableMappings"))
}

fn sorting_keys(mappings: &[Value], path: &str) -> Result<(), ApiError> {
    for (i, mapping) in mappings.iter().enumerate() {
        let custom = mapping["useCustomSortingKey"] == json!(true);
        let keys = mapping["sortingKeys"]
            .as_array()
            .is_some_and(|k| !k.is_empty());
        if custom && !keys {
            return Err(bad(format!(
                "Field \"{path}[{i}].sortingKeys\" is required when useCustomSortingKey is true"
            )));
        }
    }
    Ok(())
}

fn database_auth(source: &Map<String, Value>, path: &str) -> Result<(), ApiError> {
    match text(source, "authentication").unwrap_or("basic") {
        "IAM_ROLE" => require(source, "iamRole", path, "for authentication IAM_ROLE"),
        _ => {
            require(source, "credentials", path, "for authentication basic")?;
            let credentials = source["credentials"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            require(
                &credentials,
                "password",
                &format!("{path}.credentials"),
                "for authentication basic",
            )
        }
    }
}

/// The rules of a new source of `kind` (its object, nulls removed).
pub fn check_source(
    kind: &str,
    source: &Map<String, Value>,
    path: &str,
    pipes: &ClickPipes,
) -> Result<(), ApiError> {
    match kind {
        "kafka" => {
            let kafka_type = text(source, "type").unwrap_or_default();
            let method = text(source, "authentication").unwrap_or_default();
            let supported = kafka_methods(kafka_type);
            if !supported.contains(&method) {
                return Err(bad(format!(
                    "Field \"{path}.authentication\": {method} is not supported for type {kafka_type}; use one of: {}",
                    supported.join(", ")
                )));
            }
            if method == "IAM_ROLE" {
                require(source, "iamRole", path, "for authentication IAM_ROLE")?;
            }
            kafka_credentials(kafka_type, method, source.get("credentials"), path, true)?;
            if let Some(offset) = source.get("offset")
                && offset["strategy"] == "from_timestamp"
                && !offset["timestamp"].is_string()
            {
                return Err(bad(format!(
                    "Field \"{path}.offset.timestamp\" is required for strategy from_timestamp"
                )));
            }
            if let Some(url) = source.get("schemaRegistry").and_then(|r| r["url"].as_str())
                && !url.starts_with("https://")
            {
                return Err(bad(format!(
                    "Field \"{path}.schemaRegistry.url\" must be an https:// URL"
                )));
            }
            endpoints_exist(source, path, pipes)
        }
        "kinesis" => {
            if text(source, "iteratorType") == Some("AT_TIMESTAMP") {
                require(source, "timestamp", path, "for iteratorType AT_TIMESTAMP")?;
            }
            match text(source, "authentication") {
                Some("IAM_ROLE") => require(source, "iamRole", path, "for authentication IAM_ROLE"),
                _ => require(source, "accessKey", path, "for authentication IAM_USER"),
            }
        }
        "objectStorage" => {
            let storage = text(source, "type").unwrap_or_default();
            let method = text(source, "authentication");
            object_storage_method(storage, method, path)?;
            match method {
                Some("IAM_ROLE") => {
                    require(source, "iamRole", path, "for authentication IAM_ROLE")?
                }
                Some(method) => {
                    if let Some(secret) = object_storage_secret(method) {
                        require(
                            source,
                            secret,
                            path,
                            &format!("for authentication {method}"),
                        )?;
                    }
                }
                None => {}
            }
            if storage == "azureblobstorage" {
                require(
                    source,
                    "azureContainerName",
                    path,
                    "for type azureblobstorage",
                )?;
                require(source, "path", path, "for type azureblobstorage")?;
            } else {
                require(source, "url", path, &format!("for type {storage}"))?;
            }
            check_initial_load(source, path)
        }
        "pubsub" => {
            let timed = text(source, "seekType") == Some("timestamp");
            match (timed, source.contains_key("seekTimestamp")) {
                (true, false) => Err(bad(format!(
                    "Field \"{path}.seekTimestamp\" is required for seekType timestamp"
                ))),
                (false, true) => Err(bad(format!(
                    "Field \"{path}.seekTimestamp\" is only allowed with seekType timestamp"
                ))),
                _ => Ok(()),
            }
        }
        "postgres" => {
            database_auth(source, path)?;
            let mode = source
                .get("settings")
                .and_then(|s| s["replicationMode"].as_str())
                .unwrap_or("cdc");
            if mode != "cdc_only"
                && source
                    .get("settings")
                    .is_some_and(|s| s.get("replicationSlotName").is_some())
            {
                return Err(bad(format!(
                    "Field \"{path}.settings.replicationSlotName\" is only valid with replicationMode cdc_only"
                )));
            }
            table_mappings(source, path)
        }
        "mysql" => {
            database_auth(source, path)?;
            table_mappings(source, path)
        }
        "mongodb" => {
            let uri = text(source, "uri").unwrap_or_default();
            if !uri.starts_with("mongodb://") && !uri.starts_with("mongodb+srv://") {
                return Err(bad(format!(
                    "Field \"{path}.uri\" must be a mongodb:// or mongodb+srv:// URI"
                )));
            }
            table_mappings(source, path)
        }
        "bigquery" => {
            if !text(source, "snapshotStagingPath").is_some_and(|p| p.starts_with("gs://")) {
                return Err(bad(format!(
                    "Field \"{path}.snapshotStagingPath\" must be a gs:// path"
                )));
            }
            table_mappings(source, path)
        }
        _ => Ok(()),
    }
}

/// `startAfter` cannot come with `skipInitialLoad`, which needs a `queueUrl`.
fn check_initial_load(merged: &Map<String, Value>, path: &str) -> Result<(), ApiError> {
    let skip = merged.get("skipInitialLoad") == Some(&json!(true));
    if skip && merged.contains_key("startAfter") {
        return Err(bad(format!(
            "Field \"{path}.startAfter\" cannot be given when skipInitialLoad is true"
        )));
    }
    if skip && !merged.contains_key("queueUrl") {
        return Err(bad(format!(
            "Field \"{path}.skipInitialLoad\" only applies with a queueUrl"
        )));
    }
    Ok(())
}

/// The defaults the API fills in on a new source.
pub fn fill_defaults(kind: &str, source: &mut Map<String, Value>, id: Uuid) {
    match kind {
        "kafka" => {
            source
                .entry("consumerGroup")
                .or_insert_with(|| json!(format!("clickpipes-{id}")));
            source
                .entry("offset")
                .or_insert_with(|| json!({"strategy": "from_beginning"}));
        }
        "postgres" | "mysql" => {
            source.entry("type").or_insert_with(|| json!(kind));
            source
                .entry("authentication")
                .or_insert_with(|| json!("basic"));
        }
        _ => {}
    }
}

/// The rules of a PATCH `change` to a stored source (nulls removed from both).
pub fn check_patch(
    kind: &str,
    stored: &Map<String, Value>,
    change: &Map<String, Value>,
    path: &str,
    pipes: &ClickPipes,
) -> Result<(), ApiError> {
    let mut merged = stored.clone();
    merged.extend(change.clone());
    let method_changed = change.contains_key("authentication")
        && change.get("authentication") != stored.get("authentication");
    match kind {
        "kafka" => {
            let kafka_type = text(stored, "type").unwrap_or_default();
            let method = text(&merged, "authentication").unwrap_or_default();
            let supported = kafka_methods(kafka_type);
            if !supported.contains(&method) {
                return Err(bad(format!(
                    "Field \"{path}.authentication\": {method} is not supported for type {kafka_type}; use one of: {}",
                    supported.join(", ")
                )));
            }
            if method == "IAM_ROLE" {
                require(&merged, "iamRole", path, "for authentication IAM_ROLE")?;
            }
            kafka_credentials(
                kafka_type,
                method,
                change.get("credentials"),
                path,
                method_changed,
            )?;
            endpoints_exist(change, path, pipes)
        }
        "kinesis" => match text(&merged, "authentication") {
            Some("IAM_ROLE") => require(&merged, "iamRole", path, "for authentication IAM_ROLE"),
            _ if method_changed => {
                require(change, "accessKey", path, "for authentication IAM_USER")
            }
            _ => Ok(()),
        },
        "objectStorage" => {
            let storage = text(stored, "type").unwrap_or_default();
            let method = text(&merged, "authentication");
            object_storage_method(storage, method, path)?;
            if let Some(method) = method
                && method_changed
            {
                match object_storage_secret(method) {
                    Some(secret) => require(
                        change,
                        secret,
                        path,
                        &format!("for authentication {method}"),
                    )?,
                    None => require(&merged, "iamRole", path, "for authentication IAM_ROLE")?,
                }
            }
            check_initial_load(&merged, path)
        }
        _ => Ok(()),
    }
}

/// The fields that identify a table mapping.
const MAPPING_KEYS: [&str; 5] = [
    "sourceSchemaName",
    "sourceTable",
    "sourceDatabaseName",
    "sourceCollection",
    "targetTable",
];

fn same_mapping(a: &Value, b: &Value) -> bool {
    MAPPING_KEYS
        .iter()
        .all(|k| b[*k].is_null() || a[*k] == b[*k])
}

/// `stored` with `change` applied: fields replaced, `settings` merged, table mappings added
/// and removed.
pub fn merge_source(
    mut stored: Map<String, Value>,
    change: Map<String, Value>,
    path: &str,
) -> Result<Map<String, Value>, ApiError> {
    for (name, value) in change {
        match name.as_str() {
            "validateSamples" => {}
            "settings" => {
                let mut settings = stored
                    .get("settings")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                settings.extend(value.as_object().cloned().unwrap_or_default());
                stored.insert(name, Value::Object(settings));
            }
            "tableMappingsToAdd" => {
                let mut mappings = stored
                    .get("tableMappings")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for (i, added) in value
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                {
                    if mappings.iter().any(|m| same_mapping(m, &added)) {
                        return Err(bad(format!(
                            "Field \"{path}.tableMappingsToAdd[{i}]\": the pipe already has this table mapping"
                        )));
                    }
                    mappings.push(added);
                }
                sorting_keys(&mappings, &format!("{path}.tableMappingsToAdd"))?;
                stored.insert("tableMappings".into(), Value::Array(mappings));
            }
            "tableMappingsToRemove" => {
                let mut mappings = stored
                    .get("tableMappings")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for (i, removed) in value
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let before = mappings.len();
                    mappings.retain(|m| !same_mapping(m, removed));
                    if mappings.len() == before {
                        return Err(bad(format!(
                            "Field \"{path}.tableMappingsToRemove[{i}]\": the pipe has no such table mapping"
                        )));
                    }
                }
                if mappings.is_empty() {
                    return Err(bad(format!(
                        "Field \"{path}.tableMappingsToRemove\" would leave the pipe without tables"
                    )));
                }
                stored.insert("tableMappings".into(), Value::Array(mappings));
            }
            _ => {
                stored.insert(name, value);
            }
        }
    }
    Ok(stored)
}
