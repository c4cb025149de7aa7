//! The requests of `cloud clickpipe create` and `cloud clickpipe schema-discover` (their
//! `--wait` polls [`crate::api::ReadApi::clickpipe`]).

use reqwest::Method;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::clickpipes::{ClickPipe, pipes_path};
use super::{ApiError, Reply, WriteApi};

type Result<T> = std::result::Result<T, ApiError>;

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

impl WriteApi {
    /// `clickPipeCreate`: the body is a checked `ClickPipePostRequest`.
    pub async fn create_clickpipe(
        &self,
        org: Uuid,
        service: Uuid,
        body: &Value,
    ) -> Result<Reply<ClickPipe>> {
        self.transport
            .mutate(
                Method::POST,
                &pipes_path(org, service, None),
                Some(body.clone()),
            )
            .await
    }

    /// `clickPipeSchemaDiscovery`: a POST that changes nothing, refused under OAuth.
    pub async fn discover_clickpipe_schema(
        &self,
        org: Uuid,
        service: Uuid,
        body: &Value,
    ) -> Result<Reply<DiscoveredSchema>> {
        let path = format!("{}/schemaDiscovery", pipes_path(org, service, None));
        self.transport
            .mutate(Method::POST, &path, Some(body.clone()))
            .await
    }
}
