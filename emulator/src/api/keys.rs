//! `/v1/organizations/{organizationId}/keys[/{keyId}]`: API keys. A created key works for
//! Basic auth at once, with the permissions of its role.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::context::nullable;
use super::{Ctx, Req};
use crate::envelope::{ApiError, Reply};
use crate::hashing::sha256_base64;
use crate::model::{Activity, ApiKey, AssignedRole, IpAccessListEntry};
use crate::roles::{SystemRole, roles_from_ids};
use crate::seed::key_suffix;
use crate::store::KeyRecord;
use crate::{clock, ids, schemas};

pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let keys: Vec<&ApiKey> = org.keys.iter().map(|record| &record.key).collect();
    Reply::of(&keys)
}

pub fn get(ctx: &mut Ctx, org: &str, key: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(&org.key(key)?.key)
}

/// `ApiKeyHashData`: base64(sha256(...)) of the id and secret the client generated itself.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HashData {
    key_id_hash: String,
    key_id_suffix: String,
    key_secret_hash: String,
}

/// `ApiKeyPostRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    expire_at: Option<Option<String>>,
    state: Option<String>,
    hash_data: Option<HashData>,
    roles: Option<Vec<String>>,
    assigned_role_ids: Option<Vec<String>>,
    ip_access_list: Option<Vec<IpAccessListEntry>>,
}

/// `ApiKeyPostResponse`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostResponse<'a> {
    key: &'a ApiKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_secret: Option<String>,
}

/// The deprecated `roles` and the `assignedRoles` objects of a key, from whichever the request
/// used (exactly one of them).
fn resolve_roles(
    legacy: Option<&Vec<String>>,
    ids: Option<&Vec<String>>,
) -> Result<(Vec<String>, Vec<AssignedRole>), ApiError> {
    match (legacy, ids) {
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "Fields \"roles\" (deprecated) and \"assignedRoleIds\" cannot be combined; use \"assignedRoleIds\"",
        )),
        (None, None) => Err(ApiError::bad_request(
            "Field \"assignedRoleIds\" is required (or the deprecated \"roles\")",
        )),
        (Some(legacy), None) => {
            if legacy.is_empty() {
                return Err(ApiError::bad_request(
                    "Field \"roles\" must contain at least 1 element",
                ));
            }
            let assigned = legacy
                .iter()
                .filter_map(|name| SystemRole::from_legacy_name(name))
                .map(SystemRole::assigned)
                .collect();
            Ok((legacy.clone(), assigned))
        }
        (None, Some(ids)) => {
            let roles = roles_from_ids(ids, "assignedRoleIds").map_err(ApiError::bad_request)?;
            if roles.is_empty() {
                return Err(ApiError::bad_request(
                    "Field \"assignedRoleIds\" must contain at least 1 role id",
                ));
            }
            let legacy = if roles.contains(&SystemRole::Admin) {
                SystemRole::Admin
            } else {
                SystemRole::Developer
            };
            Ok((
                vec![legacy.legacy_name().to_string()],
                roles.into_iter().map(SystemRole::assigned).collect(),
            ))
        }
    }
}

/// Normalizes `expireAt` to UTC; a time in the past is refused.
fn expiry(raw: Option<String>, now: Timestamp) -> Result<Option<String>, ApiError> {
    let Some(raw) = raw.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let at: Timestamp = raw
        .parse()
        .map_err(|_| ApiError::bad_request("Field \"expireAt\" must be an RFC 3339 date-time"))?;
    if at <= now {
        return Err(ApiError::bad_request(format!(
            "Field \"expireAt\" ({raw}) must be in the future"
        )));
    }
    Ok(Some(clock::rfc3339(at)))
}

fn check_hash(field: &str, value: &str) -> Result<(), ApiError> {
    if STANDARD.decode(value).map(|bytes| bytes.len()) == Ok(32) {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "Field \"hashData.{field}\" must be base64(sha256(...)), 44 characters"
        )))
    }
}

/// POST. Without `hashData` the emulator generates the credentials and returns them once.
pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let post: Post = req.body(&schemas::KEY_POST)?;
    let (roles, assigned_roles) =
        resolve_roles(post.roles.as_ref(), post.assigned_role_ids.as_ref())?;
    let expire_at = expiry(post.expire_at.flatten(), req.now)?;
    let (key_id_hash, key_secret_hash, suffix, credentials) = match post.hash_data {
        Some(hash) => {
            check_hash("keyIdHash", &hash.key_id_hash)?;
            check_hash("keySecretHash", &hash.key_secret_hash)?;
            (
                hash.key_id_hash,
                hash.key_secret_hash,
                hash.key_id_suffix,
                None,
            )
        }
        None => {
            let (key_id, secret) = (ids::key_id(), ids::key_secret());
            (
                sha256_base64(&key_id),
                sha256_base64(&secret),
                key_suffix(&key_id),
                Some((key_id, secret)),
            )
        }
    };
    if org.keys.iter().any(|k| k.key_id_hash == key_id_hash) {
        return Err(ApiError::conflict(
            "An API key with this key id already exists",
        ));
    }
    let key = ApiKey {
        id: Uuid::new_v4(),
        name: post.name,
        state: post.state.unwrap_or_else(|| "enabled".into()),
        roles,
        assigned_roles,
        key_suffix: suffix,
        created_at: req.now_text(),
        expire_at,
        used_at: None,
        ip_access_list: post.ip_access_list.unwrap_or_else(|| {
            vec![IpAccessListEntry {
                source: "0.0.0.0/0".into(),
                description: None,
            }]
        }),
    };
    let (key_id, key_secret) = credentials.unzip();
    let result = Reply::of(&PostResponse {
        key: &key,
        key_id,
        key_secret,
    })?;
    org.record(key_activity(req, org.id(), "key_create", key.id, "created"));
    org.keys.push(KeyRecord {
        key,
        key_id_hash,
        key_secret_hash,
    });
    Ok(result)
}

fn key_activity(req: &Req, org_id: Uuid, kind: &str, key: Uuid, update: &str) -> Activity {
    Activity {
        target_key_id: Some(key.to_string()),
        key_update_type: Some(update.to_string()),
        ..req.activity(org_id, kind)
    }
}

/// `ApiKeyPatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Patch {
    name: Option<String>,
    roles: Option<Vec<String>>,
    assigned_role_ids: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    expire_at: Option<Option<String>>,
    state: Option<String>,
    ip_access_list: Option<Vec<IpAccessListEntry>>,
}

/// PATCH. Recorded as one `openapi_key_update` whose `keyUpdateType` names the first changed
/// aspect.
pub fn update(ctx: &mut Ctx, org: &str, key: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: Patch = req.body(&schemas::KEY_PATCH)?;
    let roles = if patch.roles.is_some() || patch.assigned_role_ids.is_some() {
        Some(resolve_roles(
            patch.roles.as_ref(),
            patch.assigned_role_ids.as_ref(),
        )?)
    } else {
        None
    };
    let expire_at = match patch.expire_at {
        Some(raw) => Some(expiry(raw, req.now)?),
        None => None,
    };
    let update_type = [
        (patch.name.is_some(), "name-changed"),
        (patch.roles.is_some(), "role-changed"),
        (patch.assigned_role_ids.is_some(), "roles-v2-changed"),
        (patch.state.is_some(), "state-changed"),
        (expire_at.is_some(), "date-changed"),
        (patch.ip_access_list.is_some(), "ip-access-list-changed"),
    ]
    .into_iter()
    .find_map(|(changed, kind)| changed.then_some(kind));

    let record = org.key_mut(key)?;
    let key = &mut record.key;
    if let Some(name) = patch.name {
        key.name = name;
    }
    if let Some((legacy, assigned)) = roles {
        key.roles = legacy;
        key.assigned_roles = assigned;
    }
    if let Some(expire_at) = expire_at {
        key.expire_at = expire_at;
    }
    if let Some(state) = patch.state {
        key.state = state;
    }
    if let Some(list) = patch.ip_access_list {
        key.ip_access_list = list;
    }
    let result = Reply::of(&*key)?;
    let activity = Activity {
        target_key_id: Some(key.id.to_string()),
        key_update_type: update_type.map(str::to_string),
        ..req.activity(org.id(), "openapi_key_update")
    };
    org.record(activity);
    Ok(result)
}

/// DELETE. Deleting the key making the request is allowed (it stops working afterwards).
pub fn delete(ctx: &mut Ctx, org: &str, key: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let id = org.key_mut(key)?.key.id;
    org.keys.retain(|record| record.key.id != id);
    super::roles::forget_actor(org, &format!("apiKey/{id}"));
    org.record(key_activity(req, org.id(), "key_delete", id, "deleted"));
    Ok(Reply::Done)
}
