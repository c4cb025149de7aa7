//! The requests of `cloud clickpipe create` and `cloud clickpipe schema-discover`, and the
//! one read their `--wait` makes.

use reqwest::Method;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::read::service_path;
use super::{ApiError, ReadApi, Reply, WriteApi};

type Result<T> = std::result::Result<T, ApiError>;

/// The fields of a ClickPipe that `create` shows and `--wait` follows; `--json` prints
/// the whole reply as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPipe {
    pub id: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub created_at: Option<String>,
}

/// The fields inferred by schema discovery.
#[derive(Debug, Clone, Deserialize)]
pub struct DiscoveredSchema {
    pub fields: Option<Vec<DiscoveredField>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DiscoveredField {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub optional: Option<bool>,
}

fn pipes_path(org: Uuid, service: Uuid) -> String {
    format!("{}/clickpipes", service_path(org, service))
}

impl WriteApi {
    /// `clickPipeCreate`: the body is a checked `ClickPipePostRequest`.
    pub async fn create_clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        body: &Value,
    ) -> Result<Reply<CreatedPipe>> {
        self.transport
            .mutate(Method::POST, &pipes_path(org, service), Some(body.clone()))
            .await
    }

    /// `clickPipeSchemaDiscovery`: a POST that changes nothing, refused under OAuth.
    pub async fn discover_clickpipe_schema(
        &self,
        org: Uuid,
        service: Uuid,
        body: &Value,
    ) -> Result<Reply<DiscoveredSchema>> {
        let path = format!("{}/schemaDiscovery", pipes_path(org, service));
        self.transport
            .mutate(Method::POST, &path, Some(body.clone()))
            .await
    }
}

impl ReadApi {
    /// `clickPipeGet`, as `create --wait` polls it.
    pub async fn created_clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        pipe: Uuid,
    ) -> Result<Reply<CreatedPipe>> {
        self.transport
            .get(&format!("{}/{pipe}", pipes_path(org, service)), &[])
            .await
    }
}
