//! Authorization code + PKCE for native apps: `GET /oauth/authorize` shows a consent page
//! (skipped with `--auto-approve`), `POST /oauth/authorize` records the decision and
//! redirects back to the client's loopback `redirect_uri` with `code` and `state`, or
//! `error=access_denied`.
//!
//! Rules: `redirect_uri` must be `http://` on 127.0.0.1, [::1] or localhost, any port
//! (RFC 8252 §7.3) — anything else is a 400 page, never a redirect; `code_challenge_method`
//! must be S256 (a missing method means `plain`, RFC 7636 §4.3, and is refused) with a
//! 43-character challenge. Other errors go back to the client as `error=` redirects.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::html::{escape, message, page};
use super::store::AuthCode;
use super::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE, no_store};
use crate::app::App;
use crate::form::{Pairs, append_query};
use crate::seed::DEMO_USER;

/// How long an authorization code can be exchanged.
const CODE_TTL: Duration = Duration::from_secs(60);

/// A validated authorization request.
struct AuthRequest {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    scope: String,
    state: Option<String>,
}

/// Why a request cannot proceed.
enum Refusal {
    /// Shown to the person: the redirect URI cannot be trusted.
    Page(String),
    /// Sent back to the client.
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

/// True for `http://127.0.0.1[:port]/...`, `http://[::1][:port]/...`, `http://localhost[:port]/...`.
pub fn is_loopback_redirect(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    if uri.contains('#') || uri.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return false;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((host, after)) => (host, after),
            None => return false,
        },
        None => match authority.find(':') {
            Some(colon) => (&authority[..colon], &authority[colon..]),
            None => (authority, ""),
        },
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.parse::<u16>().is_ok());
    let host_ok = host == "127.0.0.1" || host == "::1" || host.eq_ignore_ascii_case("localhost");
    host_ok && port_ok
}

/// A PKCE S256 challenge: BASE64URL-NOPAD of 32 bytes.
fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn parse(params: &Pairs) -> Result<AuthRequest, Refusal> {
    let redirect_uri = params.get("redirect_uri").unwrap_or("");
    if redirect_uri.is_empty() {
        return Err(Refusal::Page("The request has no redirect_uri.".into()));
    }
    if !is_loopback_redirect(redirect_uri) {
        return Err(Refusal::Page(format!(
            "redirect_uri {redirect_uri} is not allowed: native apps must use a loopback http URI (127.0.0.1, [::1] or localhost, any port)."
        )));
    }
    let state = params.get("state").map(str::to_string);
    let refuse = |error, description: &str| Refusal::Redirect {
        redirect_uri: redirect_uri.to_string(),
        error,
        description: description.to_string(),
        state: state.clone(),
    };
    if params.get("response_type") != Some("code") {
        return Err(refuse(
            "unsupported_response_type",
            "response_type must be code",
        ));
    }
    let challenge = params.non_empty("code_challenge");
    let method = params.non_empty("code_challenge_method").unwrap_or("plain");
    let Some(challenge) = challenge else {
        return Err(refuse(
            "invalid_request",
            "code_challenge is required (PKCE with S256)",
        ));
    };
    if method != "S256" {
        return Err(refuse(
            "invalid_request",
            "code_challenge_method must be S256; plain is not supported",
        ));
    }
    if !is_s256_challenge(challenge) {
        return Err(refuse(
            "invalid_request",
            "code_challenge must be BASE64URL(SHA256(code_verifier)), 43 characters",
        ));
    }
    Ok(AuthRequest {
        client_id: params
            .non_empty("client_id")
            .unwrap_or(DEFAULT_CLIENT_ID)
            .to_string(),
        redirect_uri: redirect_uri.to_string(),
        code_challenge: challenge.to_string(),
        scope: params
            .non_empty("scope")
            .unwrap_or(DEFAULT_SCOPE)
            .to_string(),
        state,
    })
}

/// A 302 to `uri` (already validated as a loopback URI without control characters).
fn redirect(uri: String) -> Response {
    match HeaderValue::from_str(&uri) {
        Ok(location) => {
            no_store((StatusCode::FOUND, [(header::LOCATION, location)]).into_response())
        }
        Err(_) => message(
            StatusCode::BAD_REQUEST,
            "Invalid redirect",
            "The redirect URI cannot be used.",
        ),
    }
}

fn with_state<'a>(
    mut params: Vec<(&'a str, &'a str)>,
    state: &'a Option<String>,
) -> Vec<(&'a str, &'a str)> {
    if let Some(state) = state {
        params.push(("state", state));
    }
    params
}

fn refusal_response(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(text) => message(
            StatusCode::BAD_REQUEST,
            "Invalid authorization request",
            &text,
        ),
        Refusal::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => redirect(append_query(
            &redirect_uri,
            &with_state(
                vec![("error", error), ("error_description", &description)],
                &state,
            ),
        )),
    }
}

/// Issues a code for the demo user and sends it back to the client.
fn approve(app: &App, request: AuthRequest) -> Response {
    let code = app.oauth().insert_code(AuthCode {
        client_id: request.client_id,
        redirect_uri: request.redirect_uri.clone(),
        code_challenge: request.code_challenge,
        scope: request.scope,
        user: DEMO_USER,
        expires_at: Instant::now() + CODE_TTL,
    });
    redirect(append_query(
        &request.redirect_uri,
        &with_state(vec![("code", &code)], &request.state),
    ))
}

/// `GET /oauth/authorize`.
pub async fn start(State(app): State<App>, uri: Uri) -> Response {
    let params = Pairs::parse(uri.query().unwrap_or(""));
    let request = match parse(&params) {
        Ok(request) => request,
        Err(refusal) => return refusal_response(refusal),
    };
    if app.args.auto_approve {
        return approve(&app, request);
    }
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
            escape(value)
        )
    };
    let mut fields = String::new();
    fields.push_str(&hidden("response_type", "code"));
    fields.push_str(&hidden("client_id", &request.client_id));
    fields.push_str(&hidden("redirect_uri", &request.redirect_uri));
    fields.push_str(&hidden("code_challenge", &request.code_challenge));
    fields.push_str(&hidden("code_challenge_method", "S256"));
    fields.push_str(&hidden("scope", &request.scope));
    if let Some(state) = &request.state {
        fields.push_str(&hidden("state", state));
    }
    page(
        StatusCode::OK,
        "Authorize application",
        &format!(
            "<p><b>{client}</b> wants to access ClickHouse Cloud as <b>{email}</b> \
             (scope: {scope}).</p>\n<form method=\"post\" action=\"/oauth/authorize\">\n{fields}\
             <button type=\"submit\" name=\"action\" value=\"approve\">Approve</button>\n\
             <button type=\"submit\" name=\"action\" value=\"deny\">Deny</button>\n</form>",
            client = escape(&request.client_id),
            email = escape(DEMO_USER.email),
            scope = escape(&request.scope),
        ),
    )
}

/// `POST /oauth/authorize`: the consent form's answer (`action` = approve | deny).
pub async fn decide(State(app): State<App>, body: Bytes) -> Response {
    let form = Pairs::parse_bytes(&body);
    let request = match parse(&form) {
        Ok(request) => request,
        Err(refusal) => return refusal_response(refusal),
    };
    match form.get("action") {
        Some("approve") => approve(&app, request),
        _ => redirect(append_query(
            &request.redirect_uri,
            &with_state(
                vec![
                    ("error", "access_denied"),
                    ("error_description", "The user denied the request"),
                ],
                &request.state,
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_redirect;

    #[test]
    fn loopback_redirects() {
        for ok in [
            "http://127.0.0.1:53682/callback",
            "http://127.0.0.1/cb?x=1",
            "http://[::1]:8080/",
            "http://localhost:1234",
            "http://LOCALHOST:1/cb",
        ] {
            assert!(is_loopback_redirect(ok), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:1/cb",
            "http://example.com/cb",
            "http://127.0.0.1.example.com/cb",
            "http://user@127.0.0.1/cb",
            "http://127.0.0.1:99999/cb",
            "http://127.0.0.1:1/cb#frag",
            "http://[::1/cb",
            "http://127.0.0.2/cb",
            "",
        ] {
            assert!(!is_loopback_redirect(bad), "{bad}");
        }
    }
}
