//! `GET /.well-known/oauth-authorization-server` (RFC 8414). `--no-userinfo` leaves out
//! `userinfo_endpoint`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::app::App;
use crate::envelope::json_response;

pub async fn serve(State(app): State<App>) -> Response {
    let base = &app.base_url;
    let mut metadata = json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "device_authorization_endpoint": format!("{base}/oauth/device/code"),
        "userinfo_endpoint": format!("{base}/oauth/userinfo"),
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "response_types_supported": ["code"],
        "grant_types_supported": [
            "authorization_code",
            "refresh_token",
            "urn:ietf:params:oauth:grant-type:device_code"
        ],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "id_token_signing_alg_values_supported": ["HS256"],
    });
    if app.args.no_userinfo
        && let Some(metadata) = metadata.as_object_mut()
    {
        metadata.remove("userinfo_endpoint");
    }
    json_response(StatusCode::OK, &metadata)
}
