//! Learning an API key's role from the API: the organization's keys, the one whose
//! `keySuffix` ends the key id in use.

use uuid::Uuid;

use super::models::ApiKey;
use super::{ApiError, ReadApi};
use crate::credentials::role::{self, AssignedRole, KeyRole};

/// What the lookup calls, in order: added to every Write command's operations in the catalog.
pub const ROLE_LOOKUP_OPERATIONS: [&str; 2] = ["organizationGetList", "openapiKeyGetList"];

/// The outcome of a role lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleLookup {
    Found(KeyRole),
    /// The role could not be learnt; the sentence says why. The server decides.
    Unknown(String),
}

impl ReadApi {
    /// The role of the API key `key_id`, from its record in the organization's keys.
    /// Only the last four characters of a key id are visible (`keySuffix`), so two keys
    /// sharing them make the answer ambiguous: then, as when listing fails or is refused,
    /// the role is unknown and nothing is decided locally.
    pub async fn key_role(&self, key_id: &str) -> RoleLookup {
        let orgs = match self.organizations().await {
            Ok(reply) => match reply.into_data() {
                Ok(orgs) => orgs,
                Err(e) => return RoleLookup::Unknown(failed("the organizations", &e)),
            },
            Err(e) => return RoleLookup::Unknown(failed("the organizations", &e)),
        };
        let suffix = role::key_suffix(key_id);
        let mut candidates: Vec<ApiKey> = Vec::new();
        for org in orgs {
            let Some(id) = org.id.as_deref().and_then(|id| Uuid::try_parse(id).ok()) else {
                continue;
            };
            match self.keys(id).await {
                Ok(reply) => match reply.into_data() {
                    Ok(keys) => candidates.extend(
                        keys.into_iter()
                            .filter(|k| k.key_suffix.as_deref() == Some(suffix.as_str())),
                    ),
                    Err(e) => {
                        return RoleLookup::Unknown(failed("the organization's API keys", &e));
                    }
                },
                Err(e) => return RoleLookup::Unknown(failed("the organization's API keys", &e)),
            }
        }
        if candidates.len() > 1 {
            // A disabled key cannot be the one that just authenticated.
            candidates.retain(|k| k.state.as_deref() != Some("disabled"));
        }
        let key = match candidates.as_slice() {
            [only] => only,
            [] => {
                return RoleLookup::Unknown(format!(
                    "no API key of the organization ends in `{suffix}`"
                ));
            }
            several => {
                return RoleLookup::Unknown(format!(
                    "{} API keys end in `{suffix}`, so which one is in use is ambiguous",
                    several.len()
                ));
            }
        };
        let assigned: Vec<AssignedRole> = key
            .assigned_roles
            .iter()
            .flatten()
            .map(|r| AssignedRole {
                name: r
                    .role_name
                    .clone()
                    .or_else(|| r.role_id.clone())
                    .unwrap_or_default(),
                kind: r.role_type.clone().unwrap_or_default(),
            })
            .collect();
        let legacy = key.roles.clone().unwrap_or_default();
        match role::key_role(&assigned, &legacy) {
            Some(found) => RoleLookup::Found(found),
            None => RoleLookup::Unknown("the key's record names no role".into()),
        }
    }
}

/// One short clause: it ends up in a table cell of `auth status`.
fn failed(what: &str, error: &ApiError) -> String {
    match error {
        ApiError::Status { status: 403, .. } => format!("listing {what} was refused (HTTP 403)"),
        ApiError::Status { status, .. } => format!("listing {what} failed (HTTP {status})"),
        ApiError::Network { url, .. } => format!("listing {what} failed: could not reach {url}"),
        ApiError::Timeout { url, .. } => format!("listing {what} failed: {url} timed out"),
        ApiError::TooLarge { .. }
        | ApiError::InsecureUrl { .. }
        | ApiError::InvalidResponse { .. }
        | ApiError::QueryRefused { .. }
        | ApiError::QueryUrlMissing { .. }
        | ApiError::ServiceIdle { .. }
        | ApiError::ServiceStopped { .. }
        | ApiError::UploadRejected { .. }
        | ApiError::DryRun(_) => format!("listing {what} failed: {error}"),
    }
}
