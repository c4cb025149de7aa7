//! `POST /oauth/token` (device code, authorization code + PKCE, refresh with rotation) and
//! `POST /oauth/revoke`.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::store::{DevicePoll, RefreshProblem};
use super::{DEFAULT_CLIENT_ID, OAuthError, jwt, no_store};
use crate::app::App;
use crate::config::IdTokenKind;
use crate::envelope::json_response;
use crate::form::{Pairs, decode};
use crate::hashing::pkce_s256;
use crate::log::GrantType;
use crate::seed::User;

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// `POST /oauth/token`. The grant type is attached to the response for the request log.
pub async fn exchange(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let form = Pairs::parse_bytes(&body);
    let grant_type = form.non_empty("grant_type").map(str::to_string);
    let mut response = match grant(&app, &headers, &form) {
        Ok(response) => response,
        Err(error) => error.response(),
    };
    if let Some(grant_type) = grant_type {
        response.extensions_mut().insert(GrantType(grant_type));
    }
    response
}

/// The client: `client_id` from the form, else the user name of a Basic header (how some
/// libraries send public clients), else [`DEFAULT_CLIENT_ID`].
fn client_id(headers: &HeaderMap, form: &Pairs) -> Result<String, OAuthError> {
    if let Some(id) = form.non_empty("client_id") {
        return Ok(id.to_string());
    }
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(DEFAULT_CLIENT_ID.to_string());
    };
    let invalid = || OAuthError {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        description: "Malformed client authentication; public clients send client_id in the form"
            .into(),
    };
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
        .ok_or_else(invalid)?;
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| invalid())?;
    let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
    let user = decoded.split(':').next().unwrap_or("");
    if user.is_empty() {
        return Err(invalid());
    }
    Ok(decode(user))
}

fn required<'a>(form: &'a Pairs, name: &str) -> Result<&'a str, OAuthError> {
    form.non_empty(name)
        .ok_or_else(|| OAuthError::new("invalid_request", format!("{name} is required")))
}

fn grant(app: &App, headers: &HeaderMap, form: &Pairs) -> Result<Response, OAuthError> {
    let client_id = client_id(headers, form)?;
    let grant_type = required(form, "grant_type")?;
    let (user, scope) = match grant_type {
        DEVICE_CODE_GRANT => device_code(app, form, &client_id)?,
        "authorization_code" => authorization_code(app, form, &client_id)?,
        "refresh_token" => refresh_token(app, form, &client_id)?,
        other => {
            return Err(OAuthError::new(
                "unsupported_grant_type",
                format!("grant_type {other} is not supported"),
            ));
        }
    };
    Ok(issue(app, &user, &client_id, &scope))
}

fn device_code(app: &App, form: &Pairs, client_id: &str) -> Result<(User, String), OAuthError> {
    let device_code = required(form, "device_code")?;
    match app
        .oauth()
        .poll_device(device_code, client_id, Instant::now())
    {
        DevicePoll::Approved { user, scope } => Ok((user, scope)),
        DevicePoll::Pending => Err(OAuthError::new(
            "authorization_pending",
            "The user has not approved the device yet",
        )),
        DevicePoll::SlowDown => Err(OAuthError::new(
            "slow_down",
            "Polling too fast; wait 5 more seconds between requests",
        )),
        DevicePoll::Expired => Err(OAuthError::new(
            "expired_token",
            "The device code has expired; start again",
        )),
        DevicePoll::Denied => Err(OAuthError::new(
            "access_denied",
            "The user denied the request",
        )),
        DevicePoll::ClientMismatch => Err(OAuthError::new(
            "invalid_grant",
            "The device code was issued to another client",
        )),
        DevicePoll::Unknown => Err(OAuthError::new(
            "invalid_grant",
            "Unknown device code, or it was already used",
        )),
    }
}

fn authorization_code(
    app: &App,
    form: &Pairs,
    client_id: &str,
) -> Result<(User, String), OAuthError> {
    let code = required(form, "code")?;
    let redirect_uri = required(form, "redirect_uri")?;
    let verifier = required(form, "code_verifier")?;
    let invalid = |why: &str| OAuthError::new("invalid_grant", why);
    let grant = app
        .oauth()
        .take_code(code)
        .ok_or_else(|| invalid("Unknown authorization code, or it was already used"))?;
    if Instant::now() >= grant.expires_at {
        return Err(invalid("The authorization code has expired"));
    }
    if grant.client_id != client_id {
        return Err(invalid(
            "The authorization code was issued to another client",
        ));
    }
    if grant.redirect_uri != redirect_uri {
        return Err(invalid(
            "redirect_uri does not match the one of the authorization request",
        ));
    }
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if !well_formed || pkce_s256(verifier) != grant.code_challenge {
        return Err(invalid("code_verifier does not match the code_challenge"));
    }
    Ok((grant.user, grant.scope))
}

fn refresh_token(app: &App, form: &Pairs, client_id: &str) -> Result<(User, String), OAuthError> {
    let token = required(form, "refresh_token")?;
    app.oauth()
        .take_refresh(token, client_id)
        .map_err(|problem| match problem {
            RefreshProblem::Unknown => OAuthError::new(
                "invalid_grant",
                "The refresh token is invalid, revoked, or was already used (tokens rotate on every refresh)",
            ),
            RefreshProblem::ClientMismatch => OAuthError::new(
                "invalid_grant",
                "The refresh token was issued to another client",
            ),
        })
}

/// A successful token response (RFC 6749 §5.1).
fn issue(app: &App, user: &User, client_id: &str, scope: &str) -> Response {
    let ttl = app.args.token_ttl;
    let issued = app
        .oauth()
        .issue(*user, client_id, scope, Duration::from_secs(ttl));
    let now = jiff::Timestamp::now().as_second();
    let ttl_secs = i64::try_from(ttl).unwrap_or(i64::MAX);
    let mut body = json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": ttl,
        "refresh_token": issued.refresh_token,
        "scope": scope,
    });
    if app.args.id_token != IdTokenKind::None {
        body["id_token"] = json!(jwt::id_token(
            &app.base_url,
            client_id,
            user,
            now,
            now.saturating_add(ttl_secs),
            app.args.id_token == IdTokenKind::Full,
        ));
    }
    no_store(json_response(StatusCode::OK, &body))
}

/// `POST /oauth/revoke` (RFC 7009): revokes an access or refresh token. Always 200, even for
/// unknown tokens, as §2.2 requires.
pub async fn revoke(State(app): State<App>, body: Bytes) -> Response {
    let form = Pairs::parse_bytes(&body);
    match form.non_empty("token") {
        Some(token) => {
            app.oauth().revoke(token);
            StatusCode::OK.into_response()
        }
        None => OAuthError::new("invalid_request", "token is required").response(),
    }
}
