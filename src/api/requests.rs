//! Request bodies, shaped exactly as the OpenAPI spec names them.
//!
//! Fields left `None` (or empty) are not sent at all: the API then keeps what it had,
//! and the CLI never widens anything the user did not ask for.

use serde::{Deserialize, Serialize};

fn is_false(value: &bool) -> bool {
    !*value
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_endpoints: Option<OrganizationPrivateEndpointsPatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_core_dumps: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct OrganizationPrivateEndpointsPatch {
    pub remove: Vec<PrivateEndpointRef>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrivateEndpointRef {
    pub id: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IpAccessEntry {
    pub source: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EndpointChange {
    pub protocol: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCreate {
    pub name: String,
    pub provider: String,
    pub region: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_access_list: Vec<IpAccessEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replica_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replica_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoscaling_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_scaling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_timeout_minutes: Option<u32>,
    #[serde(skip_serializing_if = "is_false")]
    pub is_readonly: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_warehouse_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_assumed_role_identifier: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub private_preview_terms_checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_channel: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub has_transparent_data_encryption: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<EndpointChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_core_dumps: Option<bool>,
}

/// `add` and `remove` lists, the shape the API uses for every incremental change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AddRemove<T> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<T>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<T>,
}

impl<T> AddRemove<T> {
    /// `None` when there is nothing to change, so the field is left out.
    pub fn from_lists(add: Vec<T>, remove: Vec<T>) -> Option<Self> {
        (!add.is_empty() || !remove.is_empty()).then_some(AddRemove { add, remove })
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServicePatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_access_list: Option<AddRemove<IpAccessEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_endpoint_ids: Option<AddRemove<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_channel: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<EndpointChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transparent_data_encryption_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<AddRemove<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_core_dumps: Option<bool>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StateCommand {
    Start,
    Stop,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ServiceStatePatch {
    pub command: StateCommand,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaScalingPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replica_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replica_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoscaling_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_scaling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_timeout_minutes: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PasswordPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_password_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_double_sha1_hash: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueryEndpointCreate {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_api_keys: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PrivateEndpointCreate {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupConfigurationPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_period_in_hours: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_retention_period_in_hours: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_start_time: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MemberPatch {
    pub assigned_role_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InvitationCreate {
    pub email: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assigned_role_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct KeyHashData {
    pub key_id_hash: String,
    pub key_id_suffix: String,
    pub key_secret_hash: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct KeyCreate {
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assigned_role_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_access_list: Vec<IpAccessEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash_data: Option<KeyHashData>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct KeyPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_role_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_access_list: Option<Vec<IpAccessEntry>>,
}

/// `ScalingSchedulePostRequest`: replaces the whole schedule; no entries clears it. Read
/// from `--file` too, so unknown fields are refused rather than silently dropped.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScalingSchedulePost {
    pub entries: Vec<ScalingScheduleEntryRequest>,
}

/// `ScalingScheduleEntryRequest`.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScalingScheduleEntryRequest {
    pub name: String,
    pub weekdays: Vec<u8>,
    pub start_hour_utc: u8,
    pub end_hour_utc: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoscaling_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replica_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replica_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_scaling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_timeout_minutes: Option<u32>,
}

/// `UpgradeWindowPutRequest`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeWindowPut {
    pub weekday: u8,
    pub start_hour_utc: u8,
}

/// `ServiceClickhouseSettingsPatchRequest`: the settings object travels as a JSON string.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClickhouseSettingsPatch {
    pub settings: String,
}

/// `BackupBucketPostRequest` / `BackupBucketPatchRequest`: one variant per `bucketProvider`
/// (`AWS`, `GCP`, `AZURE`); the command fills only its provider's fields.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupBucketRequest {
    pub bucket_provider: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_session_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_string: Option<String>,
}

/// `ServiceScalingPatchRequest`: the deprecated total-memory form (`instanceScalingUpdate`).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TotalScalingPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_total_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_total_memory_gb: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_scaling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_timeout_minutes: Option<u32>,
}

/// `UdfCreateRequest` (with `function_name`) and `UdfVersionCreateRequest` (without): the
/// same fields. Options left `None` take the API's documented defaults.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UdfCreate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    pub upload_id: String,
    pub runtime: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub arguments: Vec<UdfArgumentSpec>,
    pub return_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_read_timeout: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_write_timeout: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_command_execution_time: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_chunk_header: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_version: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UdfArgumentSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// The body of `udfAttach`: without a version the latest ready one is attached.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct UdfAttach {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// `RBACPolicyCreateRequest`. Fields `cloud role get --json` shows besides these (`id`,
/// `roleId`, `tenantId`) are ignored when read from a file, so its output can be sent back.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RolePolicyRequest {
    pub allow_deny: String,
    pub permissions: Vec<String>,
    pub resources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<RolePolicyTags>,
}

/// `RBACPolicyTags`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RolePolicyTags {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grants: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "roleV2")]
    pub role_v2: Option<String>,
}

/// `RoleCreateRequest`: every field is required by the spec.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoleCreate {
    pub name: String,
    pub actors: Vec<String>,
    pub policies: Vec<RolePolicyRequest>,
}

/// `RoleUpdateRequest`: what is sent replaces the role's field whole.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RolePatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actors: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<RolePolicyRequest>>,
}

/// `ByocInfrastructurePostRequest`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ByocCreate {
    pub region_id: String,
    pub account_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub availability_zone_suffixes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_cidr_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `ByocInfrastructurePatchRequest`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ByocPatch {
    pub display_name: String,
}
