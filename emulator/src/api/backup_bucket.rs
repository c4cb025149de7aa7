//! `.../backupBucket`: a service's backups written to the customer's own bucket. Secrets are
//! kept (hashed) but never returned, as in the spec's `BackupBucket` objects.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::hashing::sha256_base64;
use crate::schemas;
use crate::validate::Schema;

/// The request schema for `bucketProvider` (the spec's `oneOf`, chosen by that field).
fn schema(provider: &str, creating: bool) -> Result<&'static Schema, ApiError> {
    Ok(match (provider, creating) {
        ("AWS", true) => &schemas::AWS_BACKUP_BUCKET_POST,
        ("AWS", false) => &schemas::AWS_BACKUP_BUCKET_PATCH,
        ("GCP", true) => &schemas::GCP_BACKUP_BUCKET_POST,
        ("GCP", false) => &schemas::GCP_BACKUP_BUCKET_PATCH,
        ("AZURE", true) => &schemas::AZURE_BACKUP_BUCKET_POST,
        ("AZURE", false) => &schemas::AZURE_BACKUP_BUCKET_PATCH,
        _ => {
            return Err(ApiError::bad_request(format!(
                "Field \"bucketProvider\" must be one of: AWS, GCP, AZURE (got {provider:?})"
            )));
        }
    })
}

/// The secret field of each provider: required on every write.
fn secret_field(provider: &str) -> Option<&'static str> {
    match provider {
        "GCP" => Some("secretAccessKey"),
        "AZURE" => Some("connectionString"),
        _ => None,
    }
}

/// Fields a new bucket needs besides its secret.
fn needed(provider: &str) -> &'static [&'static str] {
    match provider {
        "GCP" => &["bucketPath", "accessKeyId"],
        "AZURE" => &["containerName"],
        _ => &["bucketPath", "iamRoleArn"],
    }
}

/// The validated body, its provider, and that provider's secret hashed.
fn body(ctx: &Ctx, creating: bool) -> Result<(Map<String, Value>, String), ApiError> {
    let value: Value = ctx.req.body(&schemas::BACKUP_BUCKET_ANY)?;
    let provider = value["bucketProvider"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    crate::validate::check(schema(&provider, creating)?, &value).map_err(ApiError::bad_request)?;
    let mut map = value.as_object().cloned().unwrap_or_default();
    if let Some(secret) = secret_field(&provider)
        && map
            .get(secret)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        return Err(ApiError::bad_request(format!(
            "Field \"{secret}\" is required: the secrets of the bucket provider are always required"
        )));
    }
    if let Some(secret) = secret_field(&provider)
        && let Some(Value::String(text)) = map.get(secret)
    {
        let hashed = sha256_base64(text);
        map.insert(secret.to_owned(), json!(hashed));
    }
    Ok((map, provider))
}

fn public(stored: &Value) -> Value {
    let mut view = stored.clone();
    if let Some(map) = view.as_object_mut() {
        map.remove("secretAccessKey");
        map.remove("connectionString");
    }
    view
}

fn no_bucket(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Service {id} has no backup bucket"))
}

/// `GET .../backupBucket`: 404 without one.
pub fn get(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    record
        .backup_bucket
        .as_ref()
        .map(|b| Reply::Result(public(b)))
        .ok_or_else(|| no_bucket(record.service.id))
}

/// `POST .../backupBucket`: one per service (409 for a second); the bucket's provider must be
/// the service's.
pub fn create(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (mut map, provider) = body(ctx, true)?;
    for field in needed(&provider) {
        if !map.contains_key(*field) {
            return Err(ApiError::bad_request(format!(
                "Field \"{field}\" is required for a {provider} bucket"
            )));
        }
    }
    let (org, req) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    if !record.service.provider.eq_ignore_ascii_case(&provider) {
        return Err(ApiError::bad_request(format!(
            "Service {} runs on {}: its backup bucket must be a {} bucket",
            record.service.id,
            record.service.provider,
            record.service.provider.to_ascii_uppercase()
        )));
    }
    if record.backup_bucket.is_some() {
        return Err(ApiError::conflict(format!(
            "Service {} already has a backup bucket: update or delete it",
            record.service.id
        )));
    }
    let mut stored = Map::new();
    stored.insert("id".into(), json!(Uuid::new_v4().to_string()));
    stored.append(&mut map);
    let stored = Value::Object(stored);
    let result = public(&stored);
    record.backup_bucket = Some(stored);
    let service_id = record.service.id;
    org.record(req.service_activity(org.id(), service_id, "service_update_backup_configuration"));
    Ok(Reply::Result(result))
}

/// `PATCH .../backupBucket`: the given fields change; the provider cannot.
pub fn update(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (map, provider) = body(ctx, false)?;
    let (org, req) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    let service_id = record.service.id;
    let stored = record
        .backup_bucket
        .as_mut()
        .ok_or_else(|| no_bucket(service_id))?;
    if stored["bucketProvider"] != provider.as_str() {
        return Err(ApiError::bad_request(format!(
            "Field \"bucketProvider\" must stay {} (got {provider})",
            stored["bucketProvider"].as_str().unwrap_or("?")
        )));
    }
    if let Some(object) = stored.as_object_mut() {
        for (key, value) in map {
            if value.is_null() {
                object.remove(&key);
            } else {
                object.insert(key, value);
            }
        }
    }
    let result = public(stored);
    org.record(req.service_activity(org.id(), service_id, "service_update_backup_configuration"));
    Ok(Reply::Result(result))
}

/// `DELETE .../backupBucket`: 404 without one.
pub fn delete(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    let service_id = record.service.id;
    if record.backup_bucket.take().is_none() {
        return Err(no_bucket(service_id));
    }
    org.record(req.service_activity(org.id(), service_id, "service_update_backup_configuration"));
    Ok(Reply::Done)
}
