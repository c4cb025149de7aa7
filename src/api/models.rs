//! What the API returns, as typed models.
//!
//! Every field is optional: the CLI shows what the API sent and never invents a
//! value for what it did not. Enumerations stay strings so a state added by the API
//! tomorrow is displayed rather than rejected. Unknown fields are ignored here and
//! still reach `--json` through [`super::Reply::raw`].

use std::borrow::Cow;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
    pub created_at: Option<String>,
    pub private_endpoints: Option<Vec<OrganizationPrivateEndpoint>>,
    pub byoc_config: Option<Vec<ByocConfig>>,
    pub enable_core_dumps: Option<bool>,
}

/// `ByocConfig`: one bring-your-own-cloud infrastructure of the organization.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ByocConfig {
    pub id: Option<String>,
    pub state: Option<String>,
    pub account_name: Option<String>,
    pub region_id: Option<String>,
    pub cloud_provider: Option<String>,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPrivateEndpoint {
    pub id: Option<String>,
    pub description: Option<String>,
    pub cloud_provider: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub id: Option<String>,
    pub name: Option<String>,
    pub provider: Option<String>,
    pub region: Option<String>,
    pub state: Option<String>,
    pub clickhouse_version: Option<String>,
    pub endpoints: Option<Vec<ServiceEndpoint>>,
    pub min_replica_memory_gb: Option<f64>,
    pub max_replica_memory_gb: Option<f64>,
    pub num_replicas: Option<u32>,
    pub min_replicas: Option<u32>,
    pub max_replicas: Option<u32>,
    pub autoscaling_mode: Option<String>,
    pub idle_scaling: Option<bool>,
    pub idle_timeout_minutes: Option<f64>,
    pub ip_access_list: Option<Vec<IpAccessEntry>>,
    pub created_at: Option<String>,
    pub private_endpoint_ids: Option<Vec<String>>,
    pub data_warehouse_id: Option<String>,
    pub is_primary: Option<bool>,
    pub is_readonly: Option<bool>,
    pub release_channel: Option<String>,
    pub compliance_type: Option<String>,
    pub profile: Option<String>,
    pub tags: Option<Vec<Tag>>,
    pub enable_core_dumps: Option<bool>,
    pub has_transparent_data_encryption: Option<bool>,
}

/// The fields of a [`Service`] that `service list` shows, borrowed from the reply's text
/// where they need no unescaping: a table of 10,000 services decodes these, not every field
/// of every service into an allocation of its own.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRow<'a> {
    #[serde(borrow)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub provider: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub region: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub state: Option<Cow<'a, str>>,
    pub min_replica_memory_gb: Option<f64>,
    pub max_replica_memory_gb: Option<f64>,
    pub num_replicas: Option<u32>,
    pub min_replicas: Option<u32>,
    pub max_replicas: Option<u32>,
    #[serde(borrow)]
    pub autoscaling_mode: Option<Cow<'a, str>>,
}

impl<'a> super::Scanned<'a> for ServiceRow<'a> {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "name",
        "provider",
        "region",
        "state",
        "minReplicaMemoryGb",
        "maxReplicaMemoryGb",
        "numReplicas",
        "minReplicas",
        "maxReplicas",
        "autoscalingMode",
    ];

    fn from_fields(fields: &[Option<&'a str>]) -> Option<Self> {
        use super::{scanned_number as number, scanned_text as text};
        let field = |k: usize| fields.get(k).copied().flatten();
        Some(ServiceRow {
            id: text(field(0))?,
            name: text(field(1))?,
            provider: text(field(2))?,
            region: text(field(3))?,
            state: text(field(4))?,
            min_replica_memory_gb: number(field(5))?,
            max_replica_memory_gb: number(field(6))?,
            num_replicas: number(field(7))?,
            min_replicas: number(field(8))?,
            max_replicas: number(field(9))?,
            autoscaling_mode: text(field(10))?,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEndpoint {
    pub protocol: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub username: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IpAccessEntry {
    pub source: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Tag {
    pub key: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCreated {
    pub service: Option<Service>,
    pub password: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PasswordReset {
    pub password: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEndpoint {
    pub id: Option<String>,
    pub open_api_keys: Option<Vec<String>>,
    pub roles: Option<Vec<String>>,
    pub allowed_origins: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateEndpointConfig {
    pub endpoint_service_id: Option<String>,
    pub private_dns_hostname: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateEndpoint {
    pub id: Option<String>,
    pub description: Option<String>,
    pub cloud_provider: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub id: Option<String>,
    pub status: Option<String>,
    pub service_id: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub size_in_bytes: Option<f64>,
    pub duration_in_seconds: Option<f64>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub backup_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupConfiguration {
    pub backup_period_in_hours: Option<f64>,
    pub backup_retention_period_in_hours: Option<f64>,
    pub backup_start_time: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedRole {
    pub role_id: Option<String>,
    pub role_name: Option<String>,
    pub role_type: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub roles: Option<Vec<String>>,
    pub assigned_roles: Option<Vec<AssignedRole>>,
    pub key_suffix: Option<String>,
    pub created_at: Option<String>,
    pub expire_at: Option<String>,
    pub used_at: Option<String>,
    pub ip_access_list: Option<Vec<IpAccessEntry>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyCreated {
    pub key: Option<ApiKey>,
    pub key_id: Option<String>,
    pub key_secret: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub joined_at: Option<String>,
    pub assigned_roles: Option<Vec<AssignedRole>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub created_at: Option<String>,
    pub expire_at: Option<String>,
    pub assigned_roles: Option<Vec<AssignedRole>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: Option<String>,
    pub created_at: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub actor_type: Option<String>,
    pub actor_id: Option<String>,
    pub actor_details: Option<String>,
    pub actor_ip_address: Option<String>,
    pub organization_id: Option<String>,
    pub service_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageCost {
    #[serde(rename = "grandTotalCHC")]
    pub grand_total_chc: Option<f64>,
    pub costs: Option<Vec<UsageCostRecord>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageCostRecord {
    pub date: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub entity_name: Option<String>,
    #[serde(rename = "totalCHC")]
    pub total_chc: Option<f64>,
    pub locked: Option<bool>,
}

/// `RBACRole`: a system or custom role of the organization.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub actors: Option<Vec<String>>,
    pub policies: Option<Vec<RolePolicy>>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// `RBACPolicy`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolePolicy {
    pub allow_deny: Option<String>,
    pub permissions: Option<Vec<String>>,
    pub resources: Option<Vec<String>>,
}

/// `ScalingSchedule`: entries plus the base config applied when none is active.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingSchedule {
    pub entries: Option<Vec<ScalingScheduleEntry>>,
    pub base_config: Option<ScalingScheduleBaseConfig>,
    pub active_entry_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingScheduleEntry {
    pub id: Option<String>,
    pub name: Option<String>,
    pub weekdays: Option<Vec<u8>>,
    pub start_hour_utc: Option<u8>,
    pub end_hour_utc: Option<u8>,
    pub autoscaling_mode: Option<String>,
    pub min_replica_memory_gb: Option<f64>,
    pub max_replica_memory_gb: Option<f64>,
    pub min_replicas: Option<u32>,
    pub max_replicas: Option<u32>,
    pub idle_scaling: Option<bool>,
    pub idle_timeout_minutes: Option<u32>,
    pub is_active_now: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingScheduleBaseConfig {
    pub autoscaling_mode: Option<String>,
    pub min_replica_memory_gb: Option<f64>,
    pub max_replica_memory_gb: Option<f64>,
    pub min_replicas: Option<u32>,
    pub max_replicas: Option<u32>,
    pub idle_scaling: Option<bool>,
    pub idle_timeout_minutes: Option<u32>,
}

/// `UpgradeWindow`: weekly, `duration` hours from `startHourUtc` on `weekday` (0 = Sunday).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeWindow {
    pub weekday: Option<u8>,
    pub start_hour_utc: Option<u8>,
    pub duration: Option<u32>,
}

/// `ServiceClickhouseSettingsList`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClickhouseSettings {
    pub settings: Option<Vec<ClickhouseSetting>>,
}

/// `ServiceClickhouseSetting`: values are strings whatever the setting's type.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClickhouseSetting {
    pub name: Option<String>,
    pub value: Option<String>,
}

/// `ServiceClickhouseSettingsSchema`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClickhouseSettingsSchema {
    pub settings: Option<Vec<ClickhouseSettingSchema>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickhouseSettingSchema {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "enum")]
    pub allowed: Option<Vec<String>>,
    pub warning: Option<String>,
    pub deprecation_notice: Option<String>,
    pub example: Option<String>,
}

/// `ServiceClickhouseSettingsPatchResponse`: `settings` is a JSON object inside a string.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClickhouseSettingsApplied {
    pub settings: Option<String>,
    pub warnings: Option<Vec<ClickhouseSettingWarning>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClickhouseSettingWarning {
    pub name: Option<String>,
    pub message: Option<String>,
}

/// `BackupBucket` (one of the AWS, GCP and Azure variants; secrets are never returned).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupBucket {
    pub id: Option<String>,
    pub bucket_provider: Option<String>,
    pub bucket_path: Option<String>,
    pub iam_role_arn: Option<String>,
    pub iam_role_session_name: Option<String>,
    pub access_key_id: Option<String>,
    pub container_name: Option<String>,
}

/// `OrganizationQuota`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationQuota {
    pub quota_code: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub scope: Option<String>,
    pub value: Option<u64>,
    pub usage: Option<u64>,
    pub adjustable: Option<bool>,
}

/// `OrganizationCloudRegionPrivateEndpointConfig`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPrivateEndpointConfig {
    pub endpoint_service_id: Option<String>,
}

/// `Udf`: one version of a user-defined function (list and get show the latest).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Udf {
    pub function_name: Option<String>,
    pub version: Option<u64>,
    pub status: Option<String>,
    pub runtime: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub arguments: Option<Vec<UdfArgument>>,
    pub return_type: Option<String>,
    pub return_name: Option<String>,
    pub pool_size: Option<u64>,
    pub command_read_timeout: Option<u64>,
    pub command_write_timeout: Option<u64>,
    pub max_command_execution_time: Option<u64>,
    pub send_chunk_header: Option<bool>,
    pub format: Option<String>,
    pub sandbox_type: Option<String>,
    pub sandbox_version: Option<String>,
    pub error: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UdfArgument {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `UdfAttachment`: which version of a UDF a service runs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfAttachment {
    pub function_name: Option<String>,
    pub service_id: Option<String>,
    pub status: Option<String>,
    pub version: Option<u64>,
}

/// `UdfUploadSession`: where to PUT a source archive, and the ID that names it afterwards.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfUploadSession {
    pub upload_id: Option<String>,
    pub upload_url: Option<String>,
    pub expires_at: Option<String>,
}

/// A Postgres service (`PostgresService`, and the shorter `PostgresServiceListItem`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostgresService {
    pub id: Option<String>,
    pub name: Option<String>,
    pub provider: Option<String>,
    pub region: Option<String>,
    pub postgres_version: Option<String>,
    pub size: Option<String>,
    pub ha_type: Option<String>,
    pub state: Option<String>,
    pub storage_size: Option<u64>,
    pub is_primary: Option<bool>,
    pub created_at: Option<String>,
    pub hostname: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub connection_string: Option<String>,
    pub tags: Option<Vec<Tag>>,
}
