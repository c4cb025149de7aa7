//! What the API returns, as typed models.
//!
//! Every field is optional: the CLI shows what the API sent and never invents a
//! value for what it did not. Enumerations stay strings so a state added by the API
//! tomorrow is displayed rather than rejected. Unknown fields are ignored here and
//! still reach `--json` through [`super::Reply::raw`].

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
    pub created_at: Option<String>,
    pub private_endpoints: Option<Vec<OrganizationPrivateEndpoint>>,
    pub enable_core_dumps: Option<bool>,
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
