//! The API's resource objects, shaped exactly like the OpenAPI spec's schemas (camelCase names,
//! optional fields left out when unset) so that they can be stored, persisted and returned as-is.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `Organization`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: Uuid,
    pub created_at: String,
    pub name: String,
    pub private_endpoints: Vec<OrganizationPrivateEndpoint>,
    /// `ByocConfig` objects of the BYOC infrastructures, as served; none in the seed.
    pub byoc_config: Vec<serde_json::Value>,
    pub enable_core_dumps: bool,
}

/// `OrganizationPrivateEndpoint` (also the shape of `OrganizationPatchPrivateEndpoint`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPrivateEndpoint {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Every value of the spec's service `state` enum. Only some are ever reached by the emulator
/// (provisioning, starting, running, stopping, stopped, awaking, idle), but all of them
/// deserialize so a hand-edited state file can use any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    Starting,
    Stopping,
    Terminating,
    Softdeleting,
    Awaking,
    PartiallyRunning,
    Provisioning,
    Running,
    Stopped,
    Terminated,
    Softdeleted,
    Degraded,
    Failed,
    Idle,
}

impl ServiceState {
    /// The spec's spelling, for error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Stopping => "stopping",
            Self::Terminating => "terminating",
            Self::Softdeleting => "softdeleting",
            Self::Awaking => "awaking",
            Self::PartiallyRunning => "partially_running",
            Self::Provisioning => "provisioning",
            Self::Running => "running",
            Self::Stopped => "stopped",
            Self::Terminated => "terminated",
            Self::Softdeleted => "softdeleted",
            Self::Degraded => "degraded",
            Self::Failed => "failed",
            Self::Idle => "idle",
        }
    }
}

/// `Service` (also used for `ServiceScalingPatchResponse`, which has the same properties).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub id: Uuid,
    pub name: String,
    pub provider: String,
    pub region: String,
    pub state: ServiceState,
    pub clickhouse_version: String,
    pub endpoints: Vec<ServiceEndpoint>,
    pub min_replica_memory_gb: u32,
    pub max_replica_memory_gb: u32,
    /// Present only in vertical autoscaling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<u32>,
    /// Present only in horizontal autoscaling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
    /// Present only in horizontal autoscaling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<u32>,
    pub autoscaling_mode: String,
    /// Present only in horizontal autoscaling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_memory_gb: Option<u32>,
    pub idle_scaling: bool,
    pub idle_timeout_minutes: u32,
    pub ip_access_list: Vec<IpAccessListEntry>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_assumed_role_identifier: Option<String>,
    pub iam_role: String,
    pub private_endpoint_ids: Vec<String>,
    pub available_private_endpoint_ids: Vec<String>,
    pub data_warehouse_id: String,
    pub is_primary: bool,
    pub is_readonly: bool,
    pub release_channel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byoc_id: Option<String>,
    pub has_transparent_data_encryption: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transparent_data_encryption_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_role_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance_type: Option<String>,
    pub tags: Vec<ResourceTag>,
    pub enable_core_dumps: bool,
    pub current_scaling: CurrentScaling,
}

/// `ServiceEndpoint`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEndpoint {
    pub protocol: String,
    pub host: String,
    pub port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `IpAccessListEntry`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IpAccessListEntry {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `ResourceTagsV1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTag {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `CurrentScaling`: the emulator has no scaling schedules, so it always mirrors the baseline.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentScaling {
    pub effective_autoscaling_mode: String,
    pub effective_min_replica_memory_gb: u32,
    pub effective_max_replica_memory_gb: u32,
    pub effective_min_replicas: u32,
    pub effective_max_replicas: u32,
    pub effective_idle_scaling: bool,
    pub effective_idle_timeout_minutes: u32,
}

/// `PrivateEndpointConfig`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateEndpointConfig {
    pub endpoint_service_id: String,
    pub private_dns_hostname: String,
}

/// `ServiceQueryAPIEndpoint`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceQueryApiEndpoint {
    pub id: String,
    pub open_api_keys: Vec<String>,
    pub roles: Vec<String>,
    pub allowed_origins: String,
}

/// `InstancePrivateEndpoint`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstancePrivateEndpoint {
    pub id: String,
    pub description: String,
    pub cloud_provider: String,
    pub region: String,
}

/// `Backup`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub id: Uuid,
    pub status: String,
    pub service_id: String,
    pub started_at: String,
    pub finished_at: String,
    pub size_in_bytes: u64,
    pub duration_in_seconds: u64,
    #[serde(rename = "type")]
    pub kind: String,
    pub backup_name: String,
    pub bucket: BackupBucketProperties,
}

/// `AwsBackupBucketProperties` (the emulator's services all back up to the provider's default bucket).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupBucketProperties {
    pub bucket_provider: String,
    pub bucket_path: String,
}

/// `BackupConfiguration`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupConfiguration {
    pub backup_period_in_hours: u32,
    pub backup_retention_period_in_hours: u32,
    /// `null` when backups run every `backupPeriodInHours` from service creation.
    pub backup_start_time: Option<String>,
}

/// `AssignedRole`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedRole {
    pub role_id: Uuid,
    pub role_name: String,
    pub role_type: String,
}

/// `Member`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    pub joined_at: String,
    pub assigned_roles: Vec<AssignedRole>,
}

/// `Invitation`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub role: String,
    pub id: Uuid,
    pub email: String,
    pub created_at: String,
    pub expire_at: String,
    pub assigned_roles: Vec<AssignedRole>,
}

/// `ApiKey`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: Uuid,
    pub name: String,
    pub state: String,
    pub roles: Vec<String>,
    pub assigned_roles: Vec<AssignedRole>,
    pub key_suffix: String,
    pub created_at: String,
    /// `null` for keys that never expire (the spec declares it nullable).
    pub expire_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<String>,
    pub ip_access_list: Vec<IpAccessListEntry>,
}

/// `Activity`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: String,
    pub created_at: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub actor_type: String,
    pub actor_id: String,
    pub actor_details: String,
    pub actor_ip_address: String,
    pub organization_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_update_type: Option<String>,
}
