//! ClickPipes of a service: the pipes, their state, scaling and settings, the service's CDC
//! scaling and its reverse private endpoints. (Creating a pipe and schema discovery live
//! beside this, in their own module.)

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use reqwest::Method;

use super::read::service_path;
use super::{ApiError, ReadApi, Reply, WriteApi};

type Result<T> = std::result::Result<T, ApiError>;

/// A ClickPipe (`ClickPipe`). `source` stays JSON: its shape depends on the source kind.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickPipe {
    pub id: Option<String>,
    pub service_id: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub scaling: Option<ClickPipeScaling>,
    pub source: Option<Map<String, Value>>,
    pub destination: Option<ClickPipeDestination>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

impl ClickPipe {
    /// The kind of source: the one key of `source` that is set (`kafka`, `postgres`, …).
    pub fn source_kind(&self) -> Option<String> {
        self.source
            .as_ref()?
            .iter()
            .find(|(_, v)| v.is_object())
            .map(|(k, _)| k.clone())
    }

    /// `database.table`, or the database alone (database pipes map many tables).
    pub fn destination_table(&self) -> Option<String> {
        let d = self.destination.as_ref()?;
        match (&d.database, &d.table) {
            (Some(db), Some(table)) => Some(format!("{db}.{table}")),
            (Some(db), None) => Some(db.clone()),
            (None, Some(table)) => Some(table.clone()),
            (None, None) => None,
        }
    }
}

/// `ClickPipeScaling`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickPipeScaling {
    pub replicas: Option<u32>,
    pub concurrency: Option<u32>,
    pub replica_cpu_millicores: Option<u32>,
    pub replica_memory_gb: Option<f64>,
}

/// `ClickPipeDestination`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickPipeDestination {
    pub database: Option<String>,
    pub table: Option<String>,
    pub managed_table: Option<bool>,
}

/// `ClickPipesCdcScaling`: the resources of a service's database (CDC) pipes, together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CdcScaling {
    pub replica_cpu_millicores: Option<u32>,
    pub replica_memory_gb: Option<f64>,
}

/// `ReversePrivateEndpoint`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReversePrivateEndpoint {
    pub id: Option<String>,
    pub service_id: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    pub endpoint_id: Option<String>,
    pub vpc_endpoint_service_name: Option<String>,
    pub vpc_resource_configuration_id: Option<String>,
    pub vpc_resource_share_arn: Option<String>,
    pub msk_cluster_arn: Option<String>,
    pub msk_authentication: Option<String>,
    pub gcp_service_attachment: Option<String>,
    pub dns_names: Option<Vec<String>>,
    pub private_dns_names: Option<Vec<String>>,
    pub custom_private_dns_mappings: Option<Vec<PrivateDnsMapping>>,
}

/// `CustomPrivateDnsMapping`
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateDnsMapping {
    pub private_dns_name: Option<String>,
}

/// `ClickPipeScalingPatchRequest`: only what is given.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_cpu_millicores: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_memory_gb: Option<f64>,
}

/// `ClickPipesCdcScalingPatchRequest`
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CdcScalingPatch {
    pub replica_cpu_millicores: u32,
    pub replica_memory_gb: u32,
}

/// `CreateReversePrivateEndpoint`: the fields its type needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReversePrivateEndpointCreate {
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_service_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_resource_configuration_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_resource_share_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msk_cluster_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msk_authentication: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gcp_service_attachment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_private_dns_mappings: Option<Vec<PrivateDnsMapping>>,
}

/// `UpdateReversePrivateEndpoint`
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReversePrivateEndpointUpdate {
    pub custom_private_dns_mappings: Vec<PrivateDnsMapping>,
}

/// `…/services/{service}/clickpipes`, or one pipe's path.
pub(super) fn pipes_path(org: Uuid, service: Uuid, pipe: Option<Uuid>) -> String {
    match pipe {
        Some(pipe) => format!("{}/clickpipes/{pipe}", service_path(org, service)),
        None => format!("{}/clickpipes", service_path(org, service)),
    }
}

/// `…/services/{service}/clickpipesReversePrivateEndpoints`, or one endpoint's path.
fn endpoints_path(org: Uuid, service: Uuid, endpoint: Option<Uuid>) -> String {
    let list = format!(
        "{}/clickpipesReversePrivateEndpoints",
        service_path(org, service)
    );
    match endpoint {
        Some(endpoint) => format!("{list}/{endpoint}"),
        None => list,
    }
}

fn cdc_scaling_path(org: Uuid, service: Uuid) -> String {
    format!("{}/clickpipesCdcScaling", service_path(org, service))
}

fn body(value: &impl Serialize) -> Option<Value> {
    Some(serde_json::to_value(value).unwrap_or(Value::Null))
}

impl ReadApi {
    pub async fn clickpipes(&self, org: Uuid, service: Uuid) -> Result<Reply<Vec<ClickPipe>>> {
        self.transport
            .get(&pipes_path(org, service, None), &[])
            .await
    }

    pub async fn clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
    ) -> Result<Reply<ClickPipe>> {
        self.transport
            .get(&pipes_path(org, service, Some(pipe)), &[])
            .await
    }

    /// `ClickPipeSettings`: setting names to values, kept as sent.
    pub async fn clickpipe_settings(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
    ) -> Result<Reply<Map<String, Value>>> {
        let path = format!("{}/settings", pipes_path(org, service, Some(pipe)));
        self.transport.get(&path, &[]).await
    }

    pub async fn clickpipes_cdc_scaling(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<CdcScaling>> {
        self.transport
            .get(&cdc_scaling_path(org, service), &[])
            .await
    }

    pub async fn reverse_private_endpoints(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<Vec<ReversePrivateEndpoint>>> {
        self.transport
            .get(&endpoints_path(org, service, None), &[])
            .await
    }

    pub async fn reverse_private_endpoint(
        &self,
        org: Uuid,
        service: Uuid,
        endpoint: Uuid,
    ) -> Result<Reply<ReversePrivateEndpoint>> {
        self.transport
            .get(&endpoints_path(org, service, Some(endpoint)), &[])
            .await
    }
}

impl WriteApi {
    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Reply<T>> {
        self.transport.mutate(method, path, body).await
    }

    /// `ClickPipePatchRequest`, as built by the command.
    pub async fn update_clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
        patch: &Map<String, Value>,
    ) -> Result<Reply<ClickPipe>> {
        let path = pipes_path(org, service, Some(pipe));
        self.send(Method::PATCH, &path, body(patch)).await
    }

    /// The API's `result`, whatever it is (the spec documents none).
    pub async fn delete_clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
    ) -> Result<Reply<Value>> {
        let path = pipes_path(org, service, Some(pipe));
        self.send(Method::DELETE, &path, None).await
    }

    /// `command`: `start`, `stop` or `resync` (`ClickPipeStatePatchRequest`).
    pub async fn change_clickpipe_state(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
        command: &str,
    ) -> Result<Reply<ClickPipe>> {
        let path = format!("{}/state", pipes_path(org, service, Some(pipe)));
        let request = serde_json::json!({ "command": command });
        self.send(Method::PATCH, &path, Some(request)).await
    }

    pub async fn scale_clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
        patch: &ScalingPatch,
    ) -> Result<Reply<ClickPipe>> {
        let path = format!("{}/scaling", pipes_path(org, service, Some(pipe)));
        self.send(Method::PATCH, &path, body(patch)).await
    }

    /// `ClickPipeSettingsPutRequest`
    pub async fn put_clickpipe_settings(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
        settings: &Map<String, Value>,
    ) -> Result<Reply<Map<String, Value>>> {
        let path = format!("{}/settings", pipes_path(org, service, Some(pipe)));
        self.send(Method::PUT, &path, body(settings)).await
    }

    pub async fn update_clickpipes_cdc_scaling(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &CdcScalingPatch,
    ) -> Result<Reply<CdcScaling>> {
        let path = cdc_scaling_path(org, service);
        self.send(Method::PATCH, &path, body(patch)).await
    }

    pub async fn create_reverse_private_endpoint(
        &self,
        org: Uuid,
        service: Uuid,
        request: &ReversePrivateEndpointCreate,
    ) -> Result<Reply<ReversePrivateEndpoint>> {
        let path = endpoints_path(org, service, None);
        self.send(Method::POST, &path, body(request)).await
    }

    pub async fn update_reverse_private_endpoint(
        &self,
        org: Uuid,
        service: Uuid,
        endpoint: Uuid,
        request: &ReversePrivateEndpointUpdate,
    ) -> Result<Reply<ReversePrivateEndpoint>> {
        let path = endpoints_path(org, service, Some(endpoint));
        self.send(Method::PATCH, &path, body(request)).await
    }

    pub async fn delete_reverse_private_endpoint(
        &self,
        org: Uuid,
        service: Uuid,
        endpoint: Uuid,
    ) -> Result<Reply<Value>> {
        let path = endpoints_path(org, service, Some(endpoint));
        self.send(Method::DELETE, &path, None).await
    }
}
