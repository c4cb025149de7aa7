//! The emulated cloud: organizations and everything in them. This is what `--state` persists.
//! Every resource keeps the spec's object as-is next to the emulator's private bookkeeping
//! (credential hashes, pending state transitions), so reads are a plain serialization.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::envelope::ApiError;
use crate::model::{
    Activity, ApiKey, Backup, BackupConfiguration, InstancePrivateEndpoint, Invitation, Member,
    Organization, Service, ServiceQueryApiEndpoint, ServiceState,
};

/// Bumped when the persisted layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// All emulated organizations.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Store {
    pub format_version: u32,
    pub orgs: Vec<Org>,
    /// The last service list served, as text, until anything may have changed: a list of
    /// 100,000 services takes the emulator far longer to build than `cloud` takes to read it,
    /// and the benchmarks measure `cloud`.
    #[serde(skip)]
    pub service_list_cache: Option<CachedList>,
}

/// A service list's text and the request it answered.
#[derive(Clone, Debug)]
pub struct CachedList {
    pub org: Uuid,
    /// The `filter` parameters, one a line.
    pub filter: String,
    pub text: std::sync::Arc<str>,
}

/// One organization and its resources.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Org {
    pub organization: Organization,
    pub services: Vec<ServiceRecord>,
    pub keys: Vec<KeyRecord>,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
    /// Oldest first.
    pub activities: Vec<Activity>,
    /// User-defined functions, oldest first.
    #[serde(default)]
    pub udfs: Vec<UdfRecord>,
    /// Upload sessions of UDF source archives.
    #[serde(default)]
    pub udf_uploads: Vec<UdfUpload>,
    /// Custom `RBACRole` objects, as served (the system roles are computed per request).
    #[serde(default)]
    pub custom_roles: Vec<serde_json::Value>,
    /// Managed Postgres services.
    #[serde(default)]
    pub postgres: Vec<PostgresRecord>,
}

/// A UDF: its versions (`Udf` objects as the API shows them) and where it is attached.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfRecord {
    pub function_name: String,
    /// Oldest first; `status` is `building` until `ready_at_ms`.
    pub versions: Vec<UdfVersionRecord>,
    pub attachments: Vec<UdfAttachmentRecord>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfVersionRecord {
    pub udf: serde_json::Value,
    pub ready_at_ms: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfAttachmentRecord {
    pub service_id: Uuid,
    pub version: u64,
    /// `provisioning` until then, `deployed` after.
    pub deployed_at_ms: i64,
}

/// A presigned upload URL handed out by `udfUploadSessionCreate`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfUpload {
    pub upload_id: Uuid,
    /// The URL's `signature` query parameter.
    pub signature: String,
    pub expires_at_ms: i64,
    /// Set once the archive was PUT.
    pub bytes: Option<u64>,
    /// A create or version create consumed it (each upload serves one attempt).
    pub used: bool,
}

/// A Postgres service: the spec's `PostgresService` object (without the one-time password and
/// connection string) and its configuration.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostgresRecord {
    pub id: Uuid,
    pub service: serde_json::Value,
    /// `{"pgConfig": {…}, "pgBouncerConfig": {…}}`
    pub config: serde_json::Value,
    pub password_hash: String,
    /// The primary a read replica follows (until promoted).
    pub primary_id: Option<Uuid>,
    pub transition: Option<PostgresTransition>,
}

/// `state` becomes `to` at `at_ms`; `to: None` removes the service (a delete).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostgresTransition {
    pub to: Option<String>,
    pub at_ms: i64,
}

/// A service plus what the API never shows directly.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRecord {
    pub service: Service,
    /// A state change in progress: `service.state` becomes `to` at `at_ms` (Unix milliseconds).
    /// Evaluated lazily (see [`Store::settle`]), which keeps the emulator deterministic and
    /// lets a persisted state resume mid-transition.
    pub transition: Option<Transition>,
    /// base64(sha256(password)), the format of `newPasswordHash`.
    pub password_hash: String,
    pub double_sha1_hash: Option<String>,
    pub query_endpoint: Option<ServiceQueryApiEndpoint>,
    pub private_endpoints: Vec<InstancePrivateEndpoint>,
    pub backups: Vec<Backup>,
    pub backup_configuration: BackupConfiguration,
    /// ClickStack objects by kind (`dashboards`, `saved-searches`…), as sent, with their `id`.
    #[serde(default)]
    pub clickstack: std::collections::BTreeMap<String, Vec<serde_json::Value>>,
    /// `ScalingScheduleEntry` objects without `isActiveNow` (computed per request); `None`
    /// or empty means no schedule.
    #[serde(default)]
    pub scaling_schedule: Option<Vec<serde_json::Value>>,
    /// `(weekday, startHourUtc)` of the upgrade window.
    #[serde(default)]
    pub upgrade_window: Option<(u8, u8)>,
    /// Configured ClickHouse settings, values as the API shows them (strings).
    #[serde(default)]
    pub clickhouse_settings: std::collections::BTreeMap<String, String>,
    /// The `BackupBucket` object, its secret (if any) hashed and never shown.
    #[serde(default)]
    pub backup_bucket: Option<serde_json::Value>,
    /// ClickPipes, their reverse private endpoints and CDC scaling.
    #[serde(default)]
    pub clickpipes: ClickPipes,
}

/// A service's ClickPipes resources.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickPipes {
    /// Oldest first.
    pub pipes: Vec<ClickPipeRecord>,
    /// Oldest first.
    pub reverse_private_endpoints: Vec<TimedRecord>,
    /// `ClickPipesCdcScaling` once changed; the defaults are served until then.
    pub cdc_scaling: Option<serde_json::Value>,
}

/// A ClickPipe: the spec's `ClickPipe` object as served (credentials removed) and their hashes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickPipeRecord {
    pub pipe: serde_json::Value,
    /// base64(sha256) of each credential sent, by its path in the body.
    pub credential_hashes: std::collections::BTreeMap<String, String>,
    /// The states still to come (`state`), oldest first.
    pub steps: Vec<Step>,
}

/// A served object (`ReversePrivateEndpoint`) whose `status` moves on the clock.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimedRecord {
    pub object: serde_json::Value,
    pub steps: Vec<Step>,
}

/// A field becomes `value` at `at_ms`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub value: String,
    pub at_ms: i64,
}

/// Applies the due `steps` to `object[field]`.
fn apply_steps(object: &mut serde_json::Value, field: &str, steps: &mut Vec<Step>, now_ms: i64) {
    let due = steps.iter().take_while(|s| s.at_ms <= now_ms).count();
    if let Some(last) = steps.drain(..due).next_back() {
        object[field] = serde_json::Value::String(last.value);
    }
}

impl ClickPipes {
    fn settle(&mut self, now_ms: i64) {
        for record in &mut self.pipes {
            apply_steps(&mut record.pipe, "state", &mut record.steps, now_ms);
        }
        for record in &mut self.reverse_private_endpoints {
            apply_steps(&mut record.object, "status", &mut record.steps, now_ms);
        }
    }
}

/// A pending state change.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    pub to: ServiceState,
    pub at_ms: i64,
}

/// An API key plus the hashes its credentials are checked against.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRecord {
    pub key: ApiKey,
    /// base64(sha256(key id)), the format of `hashData.keyIdHash`.
    pub key_id_hash: String,
    /// base64(sha256(key secret)), the format of `hashData.keySecretHash`.
    pub key_secret_hash: String,
}

impl Store {
    /// Forgets cached replies: called before anything that may change the store.
    pub fn changed(&mut self) {
        self.service_list_cache = None;
    }

    /// Applies every transition whose time has come.
    pub fn settle(&mut self, now_ms: i64) {
        let mut changed = false;
        for org in &mut self.orgs {
            for record in &mut org.services {
                if let Some(transition) = record.transition
                    && now_ms >= transition.at_ms
                {
                    record.service.state = transition.to;
                    record.transition = None;
                    changed = true;
                }
                record.clickpipes.settle(now_ms);
            }
            for udf in &mut org.udfs {
                for version in &mut udf.versions {
                    if now_ms >= version.ready_at_ms && version.udf["status"] == "building" {
                        version.udf["status"] = "ready".into();
                    }
                }
            }

            org.postgres.retain(|record| {
                !matches!(&record.transition, Some(t) if t.to.is_none() && now_ms >= t.at_ms)
            });
            for record in &mut org.postgres {
                if let Some(transition) = &record.transition
                    && now_ms >= transition.at_ms
                    && let Some(to) = &transition.to
                {
                    record.service["state"] = serde_json::Value::String(to.clone());
                    record.transition = None;
                }
            }
        }
        if changed {
            self.changed();
        }
    }

    pub fn org(&self, id: Uuid) -> Option<&Org> {
        self.orgs.iter().find(|org| org.organization.id == id)
    }

    pub fn org_mut(&mut self, id: Uuid) -> Option<&mut Org> {
        self.orgs.iter_mut().find(|org| org.organization.id == id)
    }

    /// The key whose id hashes to `key_id_hash`, with its organization's id.
    pub fn key_by_id_hash(&mut self, key_id_hash: &str) -> Option<(Uuid, &mut KeyRecord)> {
        self.orgs.iter_mut().find_map(|org| {
            let org_id = org.organization.id;
            org.keys
                .iter_mut()
                .find(|record| record.key_id_hash == key_id_hash)
                .map(|record| (org_id, record))
        })
    }
}

/// Parses a UUID path parameter; the error names the parameter.
pub fn parse_id(name: &str, raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::bad_request(format!(
            "Invalid path parameter {name}: \"{raw}\" is not a UUID"
        ))
    })
}

impl Org {
    pub fn id(&self) -> Uuid {
        self.organization.id
    }

    pub fn service(&self, raw: &str) -> Result<&ServiceRecord, ApiError> {
        let id = parse_id("serviceId", raw)?;
        self.services
            .iter()
            .find(|record| record.service.id == id)
            .ok_or_else(|| service_not_found(id))
    }

    pub fn service_mut(&mut self, raw: &str) -> Result<&mut ServiceRecord, ApiError> {
        let id = parse_id("serviceId", raw)?;
        self.services
            .iter_mut()
            .find(|record| record.service.id == id)
            .ok_or_else(|| service_not_found(id))
    }

    pub fn key(&self, raw: &str) -> Result<&KeyRecord, ApiError> {
        let id = parse_id("keyId", raw)?;
        self.keys
            .iter()
            .find(|record| record.key.id == id)
            .ok_or_else(|| key_not_found(id))
    }

    pub fn key_mut(&mut self, raw: &str) -> Result<&mut KeyRecord, ApiError> {
        let id = parse_id("keyId", raw)?;
        self.keys
            .iter_mut()
            .find(|record| record.key.id == id)
            .ok_or_else(|| key_not_found(id))
    }

    pub fn member(&self, raw: &str) -> Result<&Member, ApiError> {
        let id = parse_id("userId", raw)?;
        self.members
            .iter()
            .find(|member| member.user_id == id)
            .ok_or_else(|| member_not_found(id))
    }

    pub fn member_mut(&mut self, raw: &str) -> Result<&mut Member, ApiError> {
        let id = parse_id("userId", raw)?;
        self.members
            .iter_mut()
            .find(|member| member.user_id == id)
            .ok_or_else(|| member_not_found(id))
    }

    pub fn invitation(&self, raw: &str) -> Result<&Invitation, ApiError> {
        let id = parse_id("invitationId", raw)?;
        self.invitations
            .iter()
            .find(|invitation| invitation.id == id)
            .ok_or_else(|| ApiError::not_found(format!("Invitation {id} not found")))
    }

    /// Appends to the activity log.
    pub fn record(&mut self, activity: Activity) {
        self.activities.push(activity);
    }
}

fn service_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Service {id} not found"))
}

fn key_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("API key {id} not found"))
}

fn member_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Member {id} not found"))
}
