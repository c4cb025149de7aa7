//! Where the OAuth authorization server is, and who `cloud` is to it.
//!
//! Production's endpoints are built in. For any other API URL (the emulator, a staging
//! stack) they are discovered from RFC 8414 metadata at the API's origin, so pointing
//! `cloud` somewhere needs nothing but `--api-url`. Client id, issuer and audience can
//! be overridden by environment or context settings.

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, PRODUCTION_API_URL};
use crate::config::ContextConfig;

pub const PRODUCTION_ISSUER: &str = "https://auth.clickhouse.cloud";
/// The public client id `cloud` registers with; override with `CLOUD_OAUTH_CLIENT_ID`.
pub const DEFAULT_CLIENT_ID: &str = "cloud-cli";
pub const SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

pub const CLIENT_ID_ENV: &str = "CLOUD_OAUTH_CLIENT_ID";
pub const ISSUER_ENV: &str = "CLOUD_OAUTH_ISSUER";
pub const AUDIENCE_ENV: &str = "CLOUD_OAUTH_AUDIENCE";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoints {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub device_authorization_endpoint: String,
    pub userinfo_endpoint: Option<String>,
    pub client_id: String,
    pub audience: Option<String>,
}

/// The subset of RFC 8414 metadata `cloud` uses.
#[derive(Debug, Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    device_authorization_endpoint: Option<String>,
    userinfo_endpoint: Option<String>,
}

/// `scheme://host[:port]` of a URL, without path.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

fn setting(env: &str, context: Option<&Option<String>>) -> Option<String> {
    crate::credentials::env_var(env).or_else(|| context.and_then(|c| c.clone()))
}

/// Finds the endpoints for `api_url`, with overrides from the environment and context.
pub async fn resolve(
    http: &reqwest::Client,
    api_url: &str,
    context: Option<&ContextConfig>,
) -> Result<Endpoints, ApiError> {
    let client_id = setting(CLIENT_ID_ENV, context.map(|c| &c.oauth_client_id))
        .unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned());
    let issuer_override = setting(ISSUER_ENV, context.map(|c| &c.oauth_issuer));
    let audience = setting(AUDIENCE_ENV, context.map(|c| &c.oauth_audience));

    if issuer_override.is_none() && api_url == PRODUCTION_API_URL {
        return Ok(Endpoints {
            issuer: PRODUCTION_ISSUER.to_owned(),
            authorization_endpoint: format!("{PRODUCTION_ISSUER}/authorize"),
            token_endpoint: format!("{PRODUCTION_ISSUER}/oauth/token"),
            device_authorization_endpoint: format!("{PRODUCTION_ISSUER}/oauth/device/code"),
            userinfo_endpoint: Some(format!("{PRODUCTION_ISSUER}/userinfo")),
            client_id,
            audience: audience.or_else(|| Some(PRODUCTION_API_URL.to_owned())),
        });
    }
    // An issuer from the environment or config is the user's input; one from metadata is not.
    crate::api::transport::ensure_transport(issuer_override.as_deref().unwrap_or(api_url), true)?;
    let base = issuer_override.unwrap_or_else(|| origin(api_url).to_owned());
    let url = format!(
        "{}/.well-known/oauth-authorization-server",
        base.trim_end_matches('/')
    );
    let invalid = |detail: String| ApiError::InvalidResponse {
        url: url.clone(),
        status: 200,
        detail,
    };
    let response = http
        .get(&url)
        .send()
        .await
        .map_err(|e| crate::api::transport::network_error(&url, &e))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(ApiError::InvalidResponse {
            url: url.clone(),
            status,
            detail: "no OAuth authorization server metadata (RFC 8414) here; \
                     set CLOUD_OAUTH_ISSUER to the authorization server"
                .into(),
        });
    }
    let body = crate::api::transport::read_body(response, &url).await?;
    let metadata: Metadata = serde_json::from_slice(&body)
        .map_err(|e| invalid(format!("the OAuth metadata is not valid: {e}")))?;
    let device = metadata.device_authorization_endpoint.ok_or_else(|| {
        invalid("the authorization server offers no device authorization endpoint".into())
    })?;
    for endpoint in [
        &metadata.issuer,
        &metadata.authorization_endpoint,
        &metadata.token_endpoint,
        &device,
    ]
    .into_iter()
    .chain(metadata.userinfo_endpoint.as_ref())
    {
        crate::api::transport::ensure_transport(endpoint, false)?;
    }
    Ok(Endpoints {
        issuer: metadata.issuer,
        authorization_endpoint: metadata.authorization_endpoint,
        token_endpoint: metadata.token_endpoint,
        device_authorization_endpoint: device,
        userinfo_endpoint: metadata.userinfo_endpoint,
        client_id,
        audience,
    })
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn origin_drops_the_path() {
        assert_eq!(origin("http://127.0.0.1:8787"), "http://127.0.0.1:8787");
        assert_eq!(
            origin("https://api.example.com/v1/x"),
            "https://api.example.com"
        );
    }
}
