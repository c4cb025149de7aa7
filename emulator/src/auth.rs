//! Who is calling `/v1`, and what they may do.
//!
//! - HTTP Basic with an API key id and secret: the key's organization only; admin keys may
//!   write, developer keys are read-only. Disabled or expired keys are rejected (401).
//! - `Bearer` with an access token this emulator issued: the demo user, across every
//!   organization they are a member of, and — as in production — read-only.

use axum::http::{HeaderMap, Method, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;
use uuid::Uuid;

use crate::clock;
use crate::envelope::ApiError;
use crate::hashing::sha256_base64;
use crate::oauth::store::{AccessLookup, OAuthStore};
use crate::roles::grants_write;
use crate::seed::User;
use crate::store::{Org, Store};

/// An authenticated caller.
#[derive(Clone, Debug)]
pub enum Principal {
    ApiKey {
        org_id: Uuid,
        /// The `ApiKey.id`.
        key_id: Uuid,
        name: String,
        can_write: bool,
    },
    User(User),
}

/// How a request authenticated, as recorded in the request log.
pub fn scheme(headers: &HeaderMap) -> &'static str {
    match authorization(headers) {
        Some(value) if has_scheme(value, "basic") => "basic",
        Some(value) if has_scheme(value, "bearer") => "bearer",
        _ => "none",
    }
}

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
}

fn has_scheme(value: &str, scheme: &str) -> bool {
    value
        .get(..scheme.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(scheme))
        && value[scheme.len()..].starts_with(' ')
}

/// Identifies the caller or answers 401.
pub fn authenticate(
    headers: &HeaderMap,
    store: &mut Store,
    oauth: &OAuthStore,
    now: Timestamp,
) -> Result<Principal, ApiError> {
    let Some(value) = authorization(headers) else {
        return Err(ApiError::unauthorized(
            "Authentication required: send an API key with HTTP Basic auth (key id as user, key secret as password)",
        ));
    };
    if has_scheme(value, "basic") {
        basic(value["basic ".len()..].trim(), store, now)
    } else if has_scheme(value, "bearer") {
        bearer(value["bearer ".len()..].trim(), oauth)
    } else {
        Err(ApiError::unauthorized(
            "Unsupported Authorization scheme: use Basic (API key) or Bearer (OAuth access token)",
        ))
    }
}

fn basic(encoded: &str, store: &mut Store, now: Timestamp) -> Result<Principal, ApiError> {
    let invalid = || ApiError::unauthorized("Invalid API key id or secret");
    let decoded = STANDARD.decode(encoded).map_err(|_| invalid())?;
    let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
    let (key_id, secret) = decoded.split_once(':').ok_or_else(invalid)?;
    let (org_id, record) = store
        .key_by_id_hash(&sha256_base64(key_id))
        .ok_or_else(invalid)?;
    if record.key_secret_hash != sha256_base64(secret) {
        return Err(invalid());
    }
    let key = &mut record.key;
    if key.state != "enabled" {
        return Err(ApiError::unauthorized(format!(
            "API key \"{}\" is disabled",
            key.name
        )));
    }
    if let Some(expire_at) = &key.expire_at
        && expire_at
            .parse::<Timestamp>()
            .is_ok_and(|expiry| expiry <= now)
    {
        return Err(ApiError::unauthorized(format!(
            "API key \"{}\" expired at {expire_at}",
            key.name
        )));
    }
    key.used_at = Some(clock::rfc3339(now));
    Ok(Principal::ApiKey {
        org_id,
        key_id: key.id,
        name: key.name.clone(),
        can_write: grants_write(&key.assigned_roles, &key.roles),
    })
}

fn bearer(token: &str, oauth: &OAuthStore) -> Result<Principal, ApiError> {
    match oauth.lookup_access(token) {
        AccessLookup::Valid(user) => Ok(Principal::User(user)),
        AccessLookup::Expired => Err(ApiError::unauthorized(
            "OAuth access token expired; refresh it or log in again",
        )),
        AccessLookup::Unknown => Err(ApiError::unauthorized("Invalid OAuth access token")),
    }
}

/// Answers 403 to writes by read-only callers. Runs before routing, like the production gateway.
pub fn authorize_method(principal: &Principal, method: &Method) -> Result<(), ApiError> {
    if method == Method::GET || method == Method::HEAD {
        return Ok(());
    }
    match principal {
        Principal::User(_) => Err(ApiError::forbidden(
            "OAuth access is read-only; use an API key",
        )),
        Principal::ApiKey {
            can_write: false,
            name,
            ..
        } => Err(ApiError::forbidden(format!(
            "API key \"{name}\" has a read-only role (Developer); use a key with the Admin role to make changes"
        ))),
        Principal::ApiKey { .. } => Ok(()),
    }
}

impl Principal {
    /// Whether this caller can see `org`.
    pub fn sees(&self, org: &Org) -> bool {
        match self {
            Principal::ApiKey { org_id, .. } => *org_id == org.id(),
            Principal::User(user) => org.members.iter().any(|m| m.user_id == user.id),
        }
    }
}
