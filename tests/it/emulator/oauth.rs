//! The OAuth server: RFC 8414 metadata, RFC 8628 device flow, authorization code + PKCE,
//! refresh rotation and token expiry.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Url;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::{ApiClient, Credentials, demo_org, http};
use crate::support::emulator::{DEMO_USER_EMAIL, DEMO_USER_ID, Emulator};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 7636 appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "http://127.0.0.1:53682/callback";

/// A token-endpoint (or any form POST) response.
struct FormReply {
    status: u16,
    headers: HeaderMap,
    body: Value,
}

async fn post_form(emulator: &Emulator, path: &str, form: &[(&str, &str)]) -> FormReply {
    let response = http()
        .post(emulator.url(path))
        .form(form)
        .send()
        .await
        .expect("POST form");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    FormReply {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

/// Asserts an RFC 6749 §5.2 error.
fn assert_oauth_error(reply: &FormReply, error: &str) {
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    assert_eq!(reply.body["error"], error, "{:?}", reply.body);
    assert!(reply.body["error_description"].is_string());
}

async fn start_device(emulator: &Emulator) -> Value {
    let reply = post_form(
        emulator,
        "/oauth/device/code",
        &[
            ("client_id", "cloud-cli"),
            ("scope", "openid profile email offline_access"),
            ("audience", "control-plane-web"),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body
}

async fn poll(emulator: &Emulator, device: &Value) -> FormReply {
    post_form(
        emulator,
        "/oauth/token",
        &[
            ("grant_type", DEVICE_GRANT),
            ("device_code", device["device_code"].as_str().unwrap()),
            ("client_id", "cloud-cli"),
        ],
    )
    .await
}

/// Logs in with the device flow on an emulator started with `--auto-approve`; returns the
/// token response.
pub async fn device_login(emulator: &Emulator) -> Value {
    let device = start_device(emulator).await;
    let reply = poll(emulator, &device).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body
}

/// The claims of a JWT (signature not checked here).
fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("JWT payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn metadata_follows_rfc_8414() {
    let emulator = Emulator::start();
    let metadata: Value = http()
        .get(emulator.url("/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let base = emulator.base_url();
    assert_eq!(metadata["issuer"], base);
    for (field, path) in [
        ("authorization_endpoint", "/oauth/authorize"),
        ("token_endpoint", "/oauth/token"),
        ("device_authorization_endpoint", "/oauth/device/code"),
        ("userinfo_endpoint", "/oauth/userinfo"),
        ("revocation_endpoint", "/oauth/revoke"),
    ] {
        assert_eq!(metadata[field], format!("{base}{path}"));
    }
    assert_eq!(
        metadata["response_types_supported"],
        serde_json::json!(["code"])
    );
    assert_eq!(
        metadata["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(
        metadata["token_endpoint_auth_methods_supported"],
        serde_json::json!(["none"])
    );
    let grants = metadata["grant_types_supported"].as_array().unwrap();
    for grant in ["authorization_code", "refresh_token", DEVICE_GRANT] {
        assert!(grants.contains(&Value::from(grant)), "{grant}");
    }
    assert!(
        metadata["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&Value::from("offline_access"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn device_flow_is_pending_until_approved_on_the_verification_page() {
    let emulator = Emulator::start_with(&["--device-interval", "1"]);
    let device = start_device(&emulator).await;
    let user_code = device["user_code"].as_str().unwrap().to_string();
    assert_eq!(user_code.len(), 9);
    assert_eq!(&user_code[4..5], "-");
    assert_eq!(device["verification_uri"], emulator.url("/oauth/device"));
    assert_eq!(device["expires_in"], 600);
    assert_eq!(device["interval"], 1);

    assert_oauth_error(&poll(&emulator, &device).await, "authorization_pending");

    // The verification page is prefilled from verification_uri_complete.
    let page = http()
        .get(device["verification_uri_complete"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<form method=\"post\" action=\"/oauth/device\">"));
    assert!(page.contains(&format!("value=\"{user_code}\"")));
    assert!(page.contains("value=\"approve\"") && page.contains("value=\"deny\""));

    // Approve the way the form does, with a sloppy spelling of the code.
    let typed = user_code.to_lowercase().replace('-', "");
    let approved = post_form(
        &emulator,
        "/oauth/device",
        &[("user_code", &typed), ("action", "approve")],
    )
    .await;
    assert_eq!(approved.status, 200);
    assert!(approved.body.as_str().unwrap().contains("approved"));

    tokio::time::sleep(Duration::from_millis(1050)).await;
    let tokens = poll(&emulator, &device).await;
    assert_eq!(tokens.status, 200, "{:?}", tokens.body);
    assert_eq!(tokens.headers["cache-control"], "no-store");
    assert!(
        tokens.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body = &tokens.body;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "openid profile email offline_access");
    assert!(body["refresh_token"].is_string());
    let claims = jwt_claims(body["id_token"].as_str().unwrap());
    assert_eq!(claims["iss"], emulator.base_url());
    assert_eq!(claims["aud"], "cloud-cli");
    assert_eq!(claims["sub"], DEMO_USER_ID);
    assert_eq!(claims["email"], DEMO_USER_EMAIL);
    assert_eq!(claims["name"], "Demo User");
    assert!(claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap());

    // The device code is consumed.
    assert_oauth_error(&poll(&emulator, &device).await, "invalid_grant");

    // The access token identifies the demo user and reads the API.
    let access = body["access_token"].as_str().unwrap();
    let userinfo: Value = http()
        .get(emulator.url("/oauth/userinfo"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(userinfo["email"], DEMO_USER_EMAIL);
    assert_eq!(userinfo["sub"], DEMO_USER_ID);
    let api = ApiClient::new(&emulator, Credentials::Bearer(access.into()));
    api.get(&demo_org("/services")).await.result();
}

#[tokio::test(flavor = "multi_thread")]
async fn polling_faster_than_the_interval_gets_slow_down() {
    let emulator = Emulator::start_with(&["--device-interval", "5"]);
    let device = start_device(&emulator).await;
    assert_oauth_error(&poll(&emulator, &device).await, "authorization_pending");
    assert_oauth_error(&poll(&emulator, &device).await, "slow_down");
    // Still too fast: the interval grew by 5 s, to 10 s.
    assert_oauth_error(&poll(&emulator, &device).await, "slow_down");
}

#[tokio::test(flavor = "multi_thread")]
async fn denied_and_expired_device_codes() {
    let emulator = Emulator::start();
    let denied = start_device(&emulator).await;
    let page = post_form(
        &emulator,
        "/oauth/device",
        &[
            ("user_code", denied["user_code"].as_str().unwrap()),
            ("action", "deny"),
        ],
    )
    .await;
    assert_eq!(page.status, 200);
    assert_oauth_error(&poll(&emulator, &denied).await, "access_denied");

    let emulator = Emulator::start_with(&["--device-code-ttl", "1"]);
    let expiring = start_device(&emulator).await;
    assert_eq!(expiring["expires_in"], 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_oauth_error(&poll(&emulator, &expiring).await, "expired_token");
    let late = post_form(
        &emulator,
        "/oauth/device",
        &[
            ("user_code", expiring["user_code"].as_str().unwrap()),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(late.status, 400);
    let unknown = post_form(
        &emulator,
        "/oauth/device",
        &[("user_code", "BCDF-GHJK"), ("action", "approve")],
    )
    .await;
    assert_eq!(unknown.status, 400);
}

/// `GET /oauth/authorize` with PKCE parameters, overridden by `extra`.
fn authorize_url(emulator: &Emulator, extra: &[(&str, &str)]) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", "cloud-cli"),
        ("redirect_uri", REDIRECT),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("state", "xyz-123"),
        ("scope", "openid profile email offline_access"),
    ];
    for (name, value) in extra {
        params.retain(|(n, _)| n != name);
        if !value.is_empty() {
            params.push((name, value));
        }
    }
    Url::parse_with_params(&emulator.url("/oauth/authorize"), &params)
        .unwrap()
        .to_string()
}

/// Query parameters of a redirect's Location.
fn redirect_params(response: &reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 302, "expected a redirect");
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.starts_with(REDIRECT), "{location}");
    Url::parse(location)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Shows the consent page, approves it, and returns the code from the redirect.
async fn consent(emulator: &Emulator, action: &str) -> Vec<(String, String)> {
    let page = http()
        .get(authorize_url(emulator, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("action=\"/oauth/authorize\""));
    let form = [
        ("response_type", "code"),
        ("client_id", "cloud-cli"),
        ("redirect_uri", REDIRECT),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("state", "xyz-123"),
        ("scope", "openid profile email offline_access"),
        ("action", action),
    ];
    let response = http()
        .post(emulator.url("/oauth/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    redirect_params(&response)
}

async fn exchange(emulator: &Emulator, code: &str, verifier: &str, redirect: &str) -> FormReply {
    post_form(
        emulator,
        "/oauth/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
            ("client_id", "cloud-cli"),
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn authorization_code_with_pkce() {
    let emulator = Emulator::start();

    // Approve: the redirect carries a code and echoes the state.
    let params = consent(&emulator, "approve").await;
    assert_eq!(param(&params, "state"), Some("xyz-123"));
    let code = param(&params, "code").unwrap().to_string();
    let good = exchange(&emulator, &code, VERIFIER, REDIRECT).await;
    assert_eq!(good.status, 200, "{:?}", good.body);
    assert_eq!(good.body["token_type"], "Bearer");
    // Codes are single-use.
    assert_oauth_error(
        &exchange(&emulator, &code, VERIFIER, REDIRECT).await,
        "invalid_grant",
    );

    // A wrong verifier or redirect URI is refused.
    let code = consent(&emulator, "approve").await;
    let wrong = "x".repeat(43);
    assert_oauth_error(
        &exchange(&emulator, param(&code, "code").unwrap(), &wrong, REDIRECT).await,
        "invalid_grant",
    );
    let code = consent(&emulator, "approve").await;
    assert_oauth_error(
        &exchange(
            &emulator,
            param(&code, "code").unwrap(),
            VERIFIER,
            "http://127.0.0.1:9/other",
        )
        .await,
        "invalid_grant",
    );

    // Deny: access_denied with the state.
    let denied = consent(&emulator, "deny").await;
    assert_eq!(param(&denied, "error"), Some("access_denied"));
    assert_eq!(param(&denied, "state"), Some("xyz-123"));

    // plain, or no challenge at all, goes back to the client as invalid_request.
    for extra in [
        [("code_challenge_method", "plain")],
        [("code_challenge_method", "")],
        [("code_challenge", "")],
    ] {
        let response = http()
            .get(authorize_url(&emulator, &extra))
            .send()
            .await
            .unwrap();
        let params = redirect_params(&response);
        assert_eq!(
            param(&params, "error"),
            Some("invalid_request"),
            "{extra:?}"
        );
        assert_eq!(param(&params, "state"), Some("xyz-123"));
    }

    // A redirect URI that is not loopback http is a 400 page, never a redirect.
    for redirect in [
        "https://evil.example.com/cb",
        "http://example.com:8080/cb",
        "https://127.0.0.1:8080/cb",
    ] {
        let response = http()
            .get(authorize_url(&emulator, &[("redirect_uri", redirect)]))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{redirect}");
        assert!(response.headers().get("location").is_none());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_approve_redirects_at_once() {
    let emulator = Emulator::start_with(&["--auto-approve"]);
    let response = http()
        .get(authorize_url(
            &emulator,
            &[("redirect_uri", "http://[::1]:4000/cb")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("http://[::1]:4000/cb?code="),
        "{location}"
    );
    assert!(location.ends_with("&state=xyz-123"));
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_rotates_both_tokens() {
    let emulator = Emulator::start_with(&["--auto-approve"]);
    let first = device_login(&emulator).await;
    let old_refresh = first["refresh_token"].as_str().unwrap();
    let refresh = |token: String| {
        let emulator = &emulator;
        async move {
            post_form(
                emulator,
                "/oauth/token",
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &token),
                    ("client_id", "cloud-cli"),
                ],
            )
            .await
        }
    };
    let second = refresh(old_refresh.to_string()).await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    assert_eq!(second.headers["cache-control"], "no-store");
    let new_refresh = second.body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(new_refresh, old_refresh);
    assert_ne!(second.body["access_token"], first["access_token"]);

    assert_oauth_error(&refresh(old_refresh.to_string()).await, "invalid_grant");
    let api = ApiClient::new(
        &emulator,
        Credentials::Bearer(second.body["access_token"].as_str().unwrap().into()),
    );
    api.get("/v1/organizations").await.result();
    assert_eq!(refresh(new_refresh).await.status, 200);

    // The request log shows which grants were used.
    let grants: Vec<Option<String>> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.path == "/oauth/token")
        .map(|r| r.grant_type)
        .collect();
    assert_eq!(
        grants,
        [
            Some(DEVICE_GRANT.to_string()),
            Some("refresh_token".into()),
            Some("refresh_token".into()),
            Some("refresh_token".into())
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn access_tokens_expire_after_the_token_ttl() {
    let emulator = Emulator::start_with(&["--auto-approve", "--token-ttl", "2"]);
    let tokens = device_login(&emulator).await;
    assert_eq!(tokens["expires_in"], 2);
    let access = tokens["access_token"].as_str().unwrap();
    let api = ApiClient::new(&emulator, Credentials::Bearer(access.into()));
    api.get("/v1/organizations").await.result();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    api.get("/v1/organizations")
        .await
        .assert_error(401, &["expired"]);
    let userinfo = http()
        .get(emulator.url("/oauth/userinfo"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(userinfo.status(), 401);
    assert!(
        userinfo.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    // Refresh tokens outlive access tokens.
    let refreshed = post_form(
        &emulator,
        "/oauth/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(refreshed.status, 200, "{:?}", refreshed.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn token_endpoint_errors() {
    let emulator = Emulator::start();
    assert_oauth_error(
        &post_form(&emulator, "/oauth/token", &[("grant_type", "password")]).await,
        "unsupported_grant_type",
    );
    assert_oauth_error(
        &post_form(&emulator, "/oauth/token", &[]).await,
        "invalid_request",
    );
    assert_oauth_error(
        &post_form(&emulator, "/oauth/token", &[("grant_type", DEVICE_GRANT)]).await,
        "invalid_request",
    );
    let bad_client = http()
        .post(emulator.url("/oauth/token"))
        .header("authorization", "Basic %%%")
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_client.status(), 401);
    let body: Value = bad_client.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test(flavor = "multi_thread")]
async fn id_token_kinds_and_no_userinfo() {
    let emulator = Emulator::start_with(&["--auto-approve", "--id-token", "no-email"]);
    let body = device_login(&emulator).await;
    let claims = jwt_claims(body["id_token"].as_str().unwrap());
    assert_eq!(claims["sub"], DEMO_USER_ID);
    assert!(claims.get("email").is_none(), "{claims}");
    assert!(claims.get("email_verified").is_none(), "{claims}");

    let emulator = Emulator::start_with(&["--auto-approve", "--id-token", "none", "--no-userinfo"]);
    let body = device_login(&emulator).await;
    assert!(body.get("id_token").is_none(), "{body}");
    let metadata: Value = http()
        .get(emulator.url("/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(metadata.get("userinfo_endpoint").is_none(), "{metadata}");
    assert!(metadata["token_endpoint"].is_string());
    let response = http()
        .get(emulator.url("/oauth/userinfo"))
        .bearer_auth(body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
}
