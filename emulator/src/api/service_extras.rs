//! The smaller resources hanging off a service: password, query API endpoint, private
//! endpoints, backups and backup configuration.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::Ctx;
use super::context::whole;
use crate::envelope::{ApiError, Reply};
use crate::hashing::{sha256_base64, stable_u64};
use crate::model::{
    InstancePrivateEndpoint, OrganizationPrivateEndpoint, PrivateEndpointConfig,
    ServiceQueryApiEndpoint,
};
use crate::store::{ServiceRecord, parse_id};
use crate::{ids, schemas};

/// `ServicePasswordPatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordPatch {
    new_password_hash: Option<String>,
    new_double_sha1_hash: Option<String>,
}

/// `PATCH .../password`: stores the given hash, or generates a password and returns it
/// (`{"password": ...}` only when no `newPasswordHash` was sent, as the spec says).
pub fn reset_password(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: PasswordPatch = req.body(&schemas::SERVICE_PASSWORD_PATCH)?;
    let record = org.service_mut(svc)?;
    let id = record.service.id;
    let result = match patch.new_password_hash {
        Some(hash) => {
            if STANDARD.decode(&hash).map(|bytes| bytes.len()) != Ok(32) {
                return Err(ApiError::bad_request(
                    "Field \"newPasswordHash\" must be base64(sha256(password)), 44 characters",
                ));
            }
            if let Some(double_sha1) = &patch.new_double_sha1_hash
                && (double_sha1.len() != 40 || !double_sha1.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                return Err(ApiError::bad_request(
                    "Field \"newDoubleSha1Hash\" must be hex(sha1(sha1(password))), 40 hex digits",
                ));
            }
            record.password_hash = hash;
            record.double_sha1_hash = patch.new_double_sha1_hash;
            json!({})
        }
        None => {
            let password = ids::password();
            record.password_hash = sha256_base64(&password);
            record.double_sha1_hash = None;
            json!({ "password": password })
        }
    };
    org.record(req.service_activity(org.id(), id, "service_update_password"));
    Ok(Reply::Result(result))
}

fn no_query_endpoint(record: &ServiceRecord) -> ApiError {
    ApiError::not_found(format!(
        "Service {} has no query API endpoint",
        record.service.id
    ))
}

/// `GET .../serviceQueryEndpoint`: 404 until one is created.
pub fn get_query_endpoint(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    match &record.query_endpoint {
        Some(endpoint) => Reply::of(endpoint),
        None => Err(no_query_endpoint(record)),
    }
}

/// `InstanceServiceQueryApiEndpointsPostRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryEndpointPost {
    roles: Option<Vec<String>>,
    open_api_keys: Option<Vec<String>>,
    allowed_origins: Option<String>,
}

/// `POST .../serviceQueryEndpoint`: creates or replaces it (the id survives replacement).
/// Recorded as `openapi_key_update`, the closest type in the spec's enum.
pub fn upsert_query_endpoint(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let post: QueryEndpointPost = req.body(&schemas::QUERY_ENDPOINT_POST)?;
    let record = org.service_mut(svc)?;
    let id = record
        .query_endpoint
        .as_ref()
        .map(|existing| existing.id.clone())
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let endpoint = ServiceQueryApiEndpoint {
        id,
        open_api_keys: post.open_api_keys.unwrap_or_default(),
        roles: post.roles.unwrap_or_default(),
        allowed_origins: post.allowed_origins.unwrap_or_default(),
    };
    let result = Reply::of(&endpoint)?;
    record.query_endpoint = Some(endpoint);
    let service_id = record.service.id;
    org.record(req.service_activity(org.id(), service_id, "openapi_key_update"));
    Ok(result)
}

/// `DELETE .../serviceQueryEndpoint`.
pub fn delete_query_endpoint(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    if record.query_endpoint.take().is_none() {
        return Err(no_query_endpoint(record));
    }
    let service_id = record.service.id;
    org.record(req.service_activity(org.id(), service_id, "openapi_key_update"));
    Ok(Reply::Done)
}

/// `GET .../privateEndpointConfig`: what to create on the customer's side of the link.
pub fn private_endpoint_config(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let service = &org.service(svc)?.service;
    let id = service.id.to_string();
    let label = service
        .endpoints
        .first()
        .and_then(|e| e.host.split('.').next())
        .unwrap_or("service");
    let region = &service.region;
    let noise = stable_u64(&["private-endpoint", &id]);
    let config = match service.provider.as_str() {
        "gcp" => PrivateEndpointConfig {
            endpoint_service_id: format!(
                "projects/dataplane-production/regions/{region}/serviceAttachments/production-service-attachment-{noise:016x}"
            ),
            private_dns_hostname: format!("{label}.{region}.p.gcp.clickhouse.cloud"),
        },
        "azure" => PrivateEndpointConfig {
            endpoint_service_id: format!(
                "production-{region}-privatelink-service.{}.{region}.azure.privatelinkservice",
                Uuid::from_u64_pair(noise, noise.rotate_left(17))
            ),
            private_dns_hostname: format!("{label}.{region}.privatelink.azure.clickhouse.cloud"),
        },
        _ => PrivateEndpointConfig {
            endpoint_service_id: format!("com.amazonaws.vpce.{region}.vpce-svc-0{noise:016x}"),
            private_dns_hostname: format!("{label}.{region}.vpce.aws.clickhouse.cloud"),
        },
    };
    Reply::of(&config)
}

/// `ServicPrivateEndpointePostRequest`.
#[derive(Deserialize)]
struct PrivateEndpointPost {
    id: String,
    description: Option<String>,
}

/// `POST .../privateEndpoint`: attaches the endpoint to the service (and registers it with the
/// organization); answers `InstancePrivateEndpoint`. Attaching one twice is a 409.
pub fn create_private_endpoint(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let post: PrivateEndpointPost = req.body(&schemas::PRIVATE_ENDPOINT_POST)?;
    let record = org.service_mut(svc)?;
    if record.service.private_endpoint_ids.contains(&post.id) {
        return Err(ApiError::conflict(format!(
            "Private endpoint {} is already attached to service {}",
            post.id, record.service.id
        )));
    }
    let endpoint = InstancePrivateEndpoint {
        id: post.id.clone(),
        description: post.description.unwrap_or_default(),
        cloud_provider: record.service.provider.clone(),
        region: record.service.region.clone(),
    };
    record.service.private_endpoint_ids.push(post.id.clone());
    record.private_endpoints.push(endpoint.clone());
    let service_id = record.service.id;
    let registered = &mut org.organization.private_endpoints;
    if !registered.iter().any(|e| e.id == post.id) {
        registered.push(OrganizationPrivateEndpoint {
            id: post.id,
            description: Some(endpoint.description.clone()).filter(|d| !d.is_empty()),
            cloud_provider: Some(endpoint.cloud_provider.clone()),
            region: Some(endpoint.region.clone()),
        });
    }
    org.record(req.service_activity(org.id(), service_id, "service_update_private_endpoints"));
    Reply::of(&endpoint)
}

/// `GET .../backups`, newest first.
pub fn list_backups(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let mut backups = org.service(svc)?.backups.clone();
    backups.reverse();
    Reply::of(&backups)
}

/// `GET .../backups/{backupId}`.
pub fn get_backup(ctx: &mut Ctx, org: &str, svc: &str, backup: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    let id = parse_id("backupId", backup)?;
    let backup = record
        .backups
        .iter()
        .find(|b| b.id == id)
        .ok_or_else(|| ApiError::not_found(format!("Backup {id} not found")))?;
    Reply::of(backup)
}

/// `GET .../backupConfiguration`.
pub fn get_backup_configuration(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(&org.service(svc)?.backup_configuration)
}

/// `BackupConfigurationPatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BackupConfigurationPatch {
    backup_period_in_hours: Option<f64>,
    backup_retention_period_in_hours: Option<f64>,
    backup_start_time: Option<String>,
}

/// `PATCH .../backupConfiguration`. A start time means "daily at HH:MM", so it resets the
/// period to 24 h (and cannot be combined with another period); setting only a period clears
/// the start time.
pub fn update_backup_configuration(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: BackupConfigurationPatch = req.body(&schemas::BACKUP_CONFIGURATION_PATCH)?;
    let record = org.service_mut(svc)?;
    let config = &mut record.backup_configuration;
    match (
        patch.backup_period_in_hours.map(whole),
        patch.backup_start_time,
    ) {
        (Some(period), Some(_)) if period != 24 => {
            return Err(ApiError::bad_request(
                "Field \"backupPeriodInHours\" must be 24 (or omitted) when \"backupStartTime\" is set: a start time means daily backups",
            ));
        }
        (_, Some(start)) => {
            config.backup_start_time = Some(start);
            config.backup_period_in_hours = 24;
        }
        (Some(period), None) => {
            config.backup_period_in_hours = period;
            config.backup_start_time = None;
        }
        (None, None) => {}
    }
    if let Some(retention) = patch.backup_retention_period_in_hours {
        config.backup_retention_period_in_hours = whole(retention);
    }
    let result = Reply::of(&record.backup_configuration)?;
    let service_id = record.service.id;
    org.record(req.service_activity(org.id(), service_id, "service_update_backup_configuration"));
    Ok(result)
}
