//! RFC 8628 device authorization: `POST /oauth/device/code` starts it, a person approves or
//! denies on `GET/POST /oauth/device`, and the client polls the token endpoint (see
//! `token.rs`). `--auto-approve` approves every code at creation.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::json;

use super::html::{self, escape, message};
use super::store::{Decision, DeviceGrant};
use super::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE, no_store};
use crate::app::App;
use crate::envelope::json_response;
use crate::form::{Pairs, encode};
use crate::ids;
use crate::seed::DEMO_USER;

/// `POST /oauth/device/code` (form: `client_id`, `scope`, `audience`).
pub async fn start(State(app): State<App>, body: Bytes) -> Response {
    let form = Pairs::parse_bytes(&body);
    let client_id = form.non_empty("client_id").unwrap_or(DEFAULT_CLIENT_ID);
    let scope = form.non_empty("scope").unwrap_or(DEFAULT_SCOPE);
    let ttl = Duration::from_secs(app.args.device_code_ttl);
    let user_code = ids::user_code();
    let decision = if app.args.auto_approve {
        Decision::Approved(DEMO_USER)
    } else {
        Decision::Pending
    };
    let device_code = app.oauth().start_device(DeviceGrant {
        user_code: user_code.clone(),
        client_id: client_id.to_string(),
        scope: scope.to_string(),
        expires_at: Instant::now() + ttl,
        interval: Duration::from_secs(app.args.device_interval),
        last_poll: None,
        decision,
    });
    let verification_uri = format!("{}/oauth/device", app.base_url);
    no_store(json_response(
        StatusCode::OK,
        &json!({
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": verification_uri,
            "verification_uri_complete": format!("{verification_uri}?user_code={}", encode(&user_code)),
            "expires_in": app.args.device_code_ttl,
            "interval": app.args.device_interval,
        }),
    ))
}

/// `GET /oauth/device[?user_code=...]`: the verification form.
pub async fn page(uri: Uri) -> Response {
    let query = Pairs::parse(uri.query().unwrap_or(""));
    let code = query.get("user_code").unwrap_or("");
    html::page(
        StatusCode::OK,
        "Connect a device",
        &format!(
            "<p>Enter the code shown by the device to sign it in as <b>{email}</b>.</p>\n\
             <form method=\"post\" action=\"/oauth/device\">\n\
             <label>Code <input name=\"user_code\" value=\"{code}\" autocomplete=\"off\" required></label><br>\n\
             <button type=\"submit\" name=\"action\" value=\"approve\">Approve</button>\n\
             <button type=\"submit\" name=\"action\" value=\"deny\">Deny</button>\n\
             </form>",
            email = escape(DEMO_USER.email),
            code = escape(code)
        ),
    )
}

/// `POST /oauth/device` (form: `user_code`, `action` = approve | deny).
pub async fn decide(State(app): State<App>, body: Bytes) -> Response {
    let form = Pairs::parse_bytes(&body);
    let code = form.get("user_code").unwrap_or("");
    let approve = match form.get("action") {
        Some("approve") => true,
        Some("deny") => false,
        _ => {
            return message(
                StatusCode::BAD_REQUEST,
                "Invalid request",
                "Choose Approve or Deny.",
            );
        }
    };
    let mut oauth = app.oauth();
    let Some(grant) = oauth.device_by_user_code(code) else {
        return message(
            StatusCode::BAD_REQUEST,
            "Unknown code",
            "No device is waiting for this code. Check it and try again.",
        );
    };
    if Instant::now() >= grant.expires_at {
        return message(
            StatusCode::BAD_REQUEST,
            "Code expired",
            "This code has expired. Start the sign-in again on the device.",
        );
    }
    if !matches!(grant.decision, Decision::Pending) {
        return message(
            StatusCode::CONFLICT,
            "Already decided",
            "This code was already approved or denied.",
        );
    }
    if approve {
        grant.decision = Decision::Approved(DEMO_USER);
        message(
            StatusCode::OK,
            "Device approved",
            "The device is signed in. You can close this page and return to it.",
        )
    } else {
        grant.decision = Decision::Denied;
        message(
            StatusCode::OK,
            "Device denied",
            "The device was not signed in. You can close this page.",
        )
    }
}
