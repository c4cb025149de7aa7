//! The request log behind `GET/DELETE /__emulator/requests`: every API and OAuth request, in
//! order, with how it authenticated and what status it got. Tests use it to assert what a
//! client actually sent (e.g. that a CLI refreshed its token, or never retried a POST).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::app::App;
use crate::auth;
use crate::envelope::json_response;

/// One request, as `GET /__emulator/requests` returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, `null` when there was none.
    pub query: Option<String>,
    /// `basic`, `bearer` or `none`, from the Authorization header.
    pub auth: &'static str,
    pub status: u16,
    /// The form's `grant_type` for `POST /oauth/token`, else `null`.
    pub grant_type: Option<String>,
}

/// Set by the token endpoint on its response so the log can show the grant type without
/// reading the request body twice.
#[derive(Clone)]
pub struct GrantType(pub String);

/// Middleware: records every request except the log's own.
pub async fn record(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/__emulator") {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let query = request.uri().query().map(str::to_string);
    let auth = auth::scheme(request.headers());
    let response = next.run(request).await;
    let grant_type = response
        .extensions()
        .get::<GrantType>()
        .map(|grant| grant.0.clone());
    let entry = RecordedRequest {
        method,
        path,
        query,
        auth,
        status: response.status().as_u16(),
        grant_type,
    };
    app.requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(entry);
    response
}

/// `GET /__emulator/requests`.
pub async fn list(State(app): State<App>) -> Response {
    let entries = app
        .requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let body = serde_json::to_value(entries).unwrap_or_default();
    json_response(StatusCode::OK, &body)
}

/// `DELETE /__emulator/requests`.
pub async fn clear(State(app): State<App>) -> Response {
    app.requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    StatusCode::NO_CONTENT.into_response()
}
