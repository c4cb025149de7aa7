//! Where the OAuth authorization server is, and who `cloud` is to it.
//!
//! The ClickHouse Cloud environments are built in ([`KNOWN_HOSTS`]): each API host has its
//! Auth0 tenant and the public native client registered for command-line use there. For
//! any other API URL (the emulator, a private stack) the endpoints are discovered from
//! RFC 8414 metadata at the API's origin, so pointing `cloud` somewhere needs nothing but
//! `--api-url`. Client id, issuer and audience can be overridden by environment or context
//! settings; an overridden issuer is asked for RFC 8414 metadata, then for OpenID discovery
//! (which is what Auth0 publishes).

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::config::ContextConfig;

/// One ClickHouse Cloud environment: its API host, its authorization server and the
/// public client `cloud` is registered as there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownHost {
    pub api_host: &'static str,
    pub issuer: &'static str,
    pub client_id: &'static str,
}

/// The built-in environments. A client id the tenant does not know fails every login, so
/// these are real registrations (overridable), not placeholders.
pub const KNOWN_HOSTS: [KnownHost; 3] = [
    KnownHost {
        api_host: "api.clickhouse.cloud",
        issuer: "https://auth.clickhouse.cloud",
        client_id: "9q6XAueAs47R4X5d1d6FbjbJqjsrA2ZJ",
    },
    KnownHost {
        api_host: "api.control-plane.clickhouse-staging.com",
        issuer: "https://auth.control-plane.clickhouse-staging.com",
        client_id: "ZC8AupPshQt2UNO2hEDutnKitx4PhizY",
    },
    KnownHost {
        api_host: "api.control-plane.clickhouse-dev.com",
        issuer: "https://auth.control-plane.clickhouse-dev.com",
        client_id: "bVVcrqNw1t5dya9WFzfnM7PSsAgmfzwY",
    },
];

/// The production issuer (the first known host).
pub const PRODUCTION_ISSUER: &str = KNOWN_HOSTS[0].issuer;
/// The client id used when neither a setting nor the API host names one: production's
/// public client, the one registration `cloud` has.
pub const DEFAULT_CLIENT_ID: &str = KNOWN_HOSTS[0].client_id;
/// The audience the built-in environments issue API tokens for.
pub const AUDIENCE: &str = "clickhousectl";
pub const SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// Paths of the endpoints on an Auth0 tenant.
const AUTHORIZE_PATH: &str = "/authorize";
const TOKEN_PATH: &str = "/oauth/token";
const DEVICE_PATH: &str = "/oauth/device/code";
const USERINFO_PATH: &str = "/userinfo";

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

/// Endpoints and where each setting came from, for `--debug`.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub endpoints: Endpoints,
    /// How the endpoints were found: built in for a host, or a discovery URL.
    pub endpoints_from: String,
    /// Where the client id came from.
    pub client_id_from: String,
}

/// The subset of RFC 8414 / OpenID discovery metadata `cloud` uses.
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

/// The built-in environment of an `https://` API URL, if it is one.
pub fn known_host(api_url: &str) -> Option<&'static KnownHost> {
    let host = origin(api_url).strip_prefix("https://")?;
    let host = host.strip_suffix(":443").unwrap_or(host);
    KNOWN_HOSTS
        .iter()
        .find(|known| known.api_host.eq_ignore_ascii_case(host))
}

/// The endpoints of a built-in environment (Auth0's paths on its issuer).
pub fn built_in(known: &KnownHost, client_id: String, audience: Option<String>) -> Endpoints {
    let issuer = known.issuer;
    Endpoints {
        issuer: issuer.to_owned(),
        authorization_endpoint: format!("{issuer}{AUTHORIZE_PATH}"),
        token_endpoint: format!("{issuer}{TOKEN_PATH}"),
        device_authorization_endpoint: format!("{issuer}{DEVICE_PATH}"),
        userinfo_endpoint: Some(format!("{issuer}{USERINFO_PATH}")),
        client_id,
        audience: audience.or_else(|| Some(AUDIENCE.to_owned())),
    }
}

/// A setting from the environment, else from the context, with where it came from.
fn setting(
    env: &str,
    context_key: &str,
    context: Option<&Option<String>>,
) -> Option<(String, String)> {
    if let Some(value) = crate::credentials::env_var(env) {
        return Some((value, env.to_owned()));
    }
    context
        .and_then(|c| c.clone())
        .filter(|v| !v.is_empty())
        .map(|value| (value, format!("context setting {context_key}")))
}

fn same_issuer(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// Finds the endpoints for `api_url`, with overrides from the environment and context.
pub async fn resolve(
    http: &reqwest::Client,
    api_url: &str,
    context: Option<&ContextConfig>,
) -> Result<Resolved, ApiError> {
    let known = known_host(api_url);
    let (client_id, client_id_from) = setting(
        CLIENT_ID_ENV,
        "oauth_client_id",
        context.map(|c| &c.oauth_client_id),
    )
    .unwrap_or_else(|| match known {
        Some(known) => (
            known.client_id.to_owned(),
            format!("built in for {}", known.api_host),
        ),
        None => (
            DEFAULT_CLIENT_ID.to_owned(),
            "default: production's public client".to_owned(),
        ),
    });
    let issuer_override = setting(ISSUER_ENV, "oauth_issuer", context.map(|c| &c.oauth_issuer))
        .map(|(issuer, _)| issuer);
    let audience = setting(
        AUDIENCE_ENV,
        "oauth_audience",
        context.map(|c| &c.oauth_audience),
    )
    .map(|(audience, _)| audience);

    if let Some(known) = known {
        let overridden = issuer_override
            .as_deref()
            .is_some_and(|issuer| !same_issuer(issuer, known.issuer));
        if !overridden {
            return Ok(Resolved {
                endpoints: built_in(known, client_id, audience),
                endpoints_from: format!("built in for {}", known.api_host),
                client_id_from,
            });
        }
    }
    // An issuer from the environment or config is the user's input; one from metadata is not.
    crate::api::transport::ensure_transport(issuer_override.as_deref().unwrap_or(api_url), true)?;
    let (metadata, from) = match &issuer_override {
        Some(issuer) => discover_issuer(http, issuer).await?,
        None => {
            let url = well_known(origin(api_url), "oauth-authorization-server");
            (fetch_metadata(http, &url).await?, url)
        }
    };
    let invalid = |detail: &str| ApiError::InvalidResponse {
        url: from.clone(),
        status: 200,
        detail: detail.to_owned(),
    };
    let device = metadata.device_authorization_endpoint.ok_or_else(|| {
        invalid("the authorization server offers no device authorization endpoint")
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
    Ok(Resolved {
        endpoints: Endpoints {
            issuer: metadata.issuer,
            authorization_endpoint: metadata.authorization_endpoint,
            token_endpoint: metadata.token_endpoint,
            device_authorization_endpoint: device,
            userinfo_endpoint: metadata.userinfo_endpoint,
            client_id,
            audience: audience.or_else(|| known.map(|_| AUDIENCE.to_owned())),
        },
        endpoints_from: format!("discovered at {from}"),
        client_id_from,
    })
}

fn well_known(base: &str, name: &str) -> String {
    format!("{}/.well-known/{name}", base.trim_end_matches('/'))
}

/// RFC 8414 metadata at the issuer, else OpenID discovery (what Auth0 publishes).
async fn discover_issuer(
    http: &reqwest::Client,
    issuer: &str,
) -> Result<(Metadata, String), ApiError> {
    let rfc8414 = well_known(issuer, "oauth-authorization-server");
    match fetch_metadata(http, &rfc8414).await {
        Ok(metadata) => Ok((metadata, rfc8414)),
        Err(ApiError::InvalidResponse { status, .. }) if status != 200 => {
            let openid = well_known(issuer, "openid-configuration");
            Ok((fetch_metadata(http, &openid).await?, openid))
        }
        Err(e) => Err(e),
    }
}

async fn fetch_metadata(http: &reqwest::Client, url: &str) -> Result<Metadata, ApiError> {
    let response = http
        .get(url)
        .send()
        .await
        .map_err(|e| crate::api::transport::network_error(url, &e))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(ApiError::InvalidResponse {
            url: url.to_owned(),
            status,
            detail: "no OAuth authorization server metadata (RFC 8414 or OpenID discovery) here; \
                     set CLOUD_OAUTH_ISSUER to the authorization server"
                .into(),
        });
    }
    let body = crate::api::transport::read_body(response, url).await?;
    serde_json::from_slice(&body).map_err(|e| ApiError::InvalidResponse {
        url: url.to_owned(),
        status: 200,
        detail: format!("the OAuth metadata is not valid: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_drops_the_path() {
        assert_eq!(origin("http://127.0.0.1:8787"), "http://127.0.0.1:8787");
        assert_eq!(
            origin("https://api.example.com/v1/x"),
            "https://api.example.com"
        );
    }

    /// The registrations of the reference table, pinned: a typo here fails every login.
    #[test]
    fn the_built_in_environments_are_pinned() {
        let expected = [
            (
                "https://api.clickhouse.cloud",
                "https://auth.clickhouse.cloud",
                "9q6XAueAs47R4X5d1d6FbjbJqjsrA2ZJ",
            ),
            (
                "https://api.control-plane.clickhouse-staging.com",
                "https://auth.control-plane.clickhouse-staging.com",
                "ZC8AupPshQt2UNO2hEDutnKitx4PhizY",
            ),
            (
                "https://api.control-plane.clickhouse-dev.com",
                "https://auth.control-plane.clickhouse-dev.com",
                "bVVcrqNw1t5dya9WFzfnM7PSsAgmfzwY",
            ),
        ];
        assert_eq!(KNOWN_HOSTS.len(), expected.len());
        for (api_url, issuer, client_id) in expected {
            let known = known_host(api_url).unwrap_or_else(|| panic!("{api_url} is built in"));
            assert_eq!(known.client_id, client_id);
            let endpoints = built_in(known, known.client_id.to_owned(), None);
            assert_eq!(
                endpoints,
                Endpoints {
                    issuer: issuer.to_owned(),
                    authorization_endpoint: format!("{issuer}/authorize"),
                    token_endpoint: format!("{issuer}/oauth/token"),
                    device_authorization_endpoint: format!("{issuer}/oauth/device/code"),
                    userinfo_endpoint: Some(format!("{issuer}/userinfo")),
                    client_id: client_id.to_owned(),
                    audience: Some("clickhousectl".to_owned()),
                },
                "{api_url}"
            );
        }
        assert_eq!(SCOPES.join(" "), "openid profile email offline_access");
        assert_eq!(DEFAULT_CLIENT_ID, "9q6XAueAs47R4X5d1d6FbjbJqjsrA2ZJ");
        assert_eq!(
            crate::api::PRODUCTION_API_URL,
            "https://api.clickhouse.cloud"
        );
        assert_eq!(
            known_host(crate::api::PRODUCTION_API_URL).map(|k| k.issuer),
            Some(PRODUCTION_ISSUER)
        );
    }

    #[test]
    fn only_https_on_the_exact_host_is_built_in() {
        assert!(known_host("https://API.clickhouse.cloud:443/v1").is_some());
        assert!(known_host("http://api.clickhouse.cloud").is_none());
        assert!(known_host("https://api.clickhouse.cloud.example.com").is_none());
        assert!(known_host("https://api.clickhouse.cloud:8443").is_none());
        assert!(known_host("http://127.0.0.1:8787").is_none());
    }

    #[test]
    fn an_overridden_audience_wins_over_the_built_in_one() {
        let endpoints = built_in(&KNOWN_HOSTS[1], "x".into(), Some("aud".into()));
        assert_eq!(endpoints.audience.as_deref(), Some("aud"));
        assert_eq!(endpoints.client_id, "x");
    }

    fn context_with_issuer(issuer: &str) -> ContextConfig {
        ContextConfig {
            oauth_issuer: Some(issuer.to_owned()),
            ..ContextConfig::default()
        }
    }

    /// Auth0 publishes OpenID discovery, not RFC 8414: an overridden issuer is asked both.
    #[tokio::test]
    async fn an_overridden_issuer_falls_back_to_openid_discovery() {
        use wiremock::matchers::{method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        let issuer = format!("{}/", server.uri());
        Mock::given(method("GET"))
            .and(path("/.well-known/openid-configuration"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "issuer": issuer,
                "authorization_endpoint": format!("{issuer}authorize"),
                "token_endpoint": format!("{issuer}oauth/token"),
                "device_authorization_endpoint": format!("{issuer}oauth/device/code"),
                "userinfo_endpoint": format!("{issuer}userinfo"),
            })))
            .mount(&server)
            .await;
        let http = reqwest::Client::new();
        let context = context_with_issuer(&issuer);
        let resolved = resolve(&http, "http://127.0.0.1:1", Some(&context))
            .await
            .unwrap();
        assert_eq!(resolved.endpoints.issuer, issuer);
        assert_eq!(
            resolved.endpoints.device_authorization_endpoint,
            format!("{issuer}oauth/device/code")
        );
        assert_eq!(resolved.endpoints.client_id, DEFAULT_CLIENT_ID);
        assert_eq!(resolved.endpoints.audience, None);
        assert!(
            resolved
                .endpoints_from
                .ends_with("/.well-known/openid-configuration"),
            "{}",
            resolved.endpoints_from
        );

        // A built-in host with an overridden issuer keeps its client id and audience.
        let resolved = resolve(&http, "https://api.clickhouse.cloud", Some(&context))
            .await
            .unwrap();
        assert_eq!(
            resolved.endpoints.token_endpoint,
            format!("{issuer}oauth/token")
        );
        assert_eq!(resolved.endpoints.client_id, KNOWN_HOSTS[0].client_id);
        assert_eq!(resolved.endpoints.audience.as_deref(), Some(AUDIENCE));
    }

    #[tokio::test]
    async fn an_issuer_with_no_metadata_at_all_is_an_error_naming_the_setting() {
        let server = wiremock::MockServer::start().await;
        let context = context_with_issuer(&server.uri());
        let error = resolve(
            &reqwest::Client::new(),
            "http://127.0.0.1:1",
            Some(&context),
        )
        .await
        .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("openid-configuration"), "{text}");
    }
}
