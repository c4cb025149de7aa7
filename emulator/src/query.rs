//! The Query API (`POST /service/{id}/run`), served on the API's own listener so one URL is
//! both `CLOUD_API_URL` and `CLOUD_QUERY_URL`.
//!
//! Checked in the order the real service answers: the caller (an OAuth token reads; an API
//! key needs `auth-provider: custom` and a binding on the service's query endpoint), then the
//! service's state (idle: 206 "Confirm wake service" unless `wake-service: true`; stopped:
//! 206 "Service is stopped"), then the SQL goes to `--clickhouse-url` and its answer streams
//! back as ClickHouse sent it. Read-only callers get ClickHouse's `readonly=1`, so it is the
//! database, not the emulator, that refuses their writes.

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::api::Req;
use crate::api::services::begin_transition;
use crate::app::{App, Shared};
use crate::auth::{self, Principal};
use crate::envelope::{ApiError, failure, json_response};
use crate::form::Pairs;
use crate::model::ServiceState;

/// The two roles a query endpoint grants.
const READ_ONLY_ROLE: &str = "sql_console_read_only";
const ADMIN_ROLE: &str = "sql_console_admin";

/// The request body the official tools send.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunBody {
    sql: String,
    database: Option<String>,
    run_id: Option<String>,
}

/// What the caller may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    ReadOnly,
    Admin,
}

/// What to do once caller and service are checked.
enum Verdict {
    Forward(Access),
    /// A 206 whose `data` asks about the service's state.
    Ask(&'static str),
}

/// `POST /service/{id}/run`.
pub async fn run(
    State(app): State<App>,
    Path(service): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run: RunBody = match serde_json::from_slice(&body) {
        Ok(run) => run,
        Err(e) => {
            return failure(ApiError::bad_request(format!(
                "Invalid JSON in request body (expected {{\"sql\": \"...\"}}): {e}"
            )));
        }
    };
    let access = match check(&app, &service, &headers) {
        Ok(Verdict::Forward(access)) => access,
        Ok(Verdict::Ask(data)) => {
            return json_response(StatusCode::PARTIAL_CONTENT, &json!({ "data": data }));
        }
        Err(error) => return failure(error),
    };
    let Some(clickhouse) = &app.args.clickhouse_url else {
        return failure(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "This emulator has no ClickHouse server to run SQL on: start it with \
             --clickhouse-url http://127.0.0.1:8123 (a ClickHouse server's HTTP interface)",
        ));
    };
    let format = Pairs::parse(uri.query().unwrap_or(""))
        .non_empty("format")
        .map(str::to_owned);
    forward(clickhouse, &run, format.as_deref(), access).await
}

/// The caller and the service's state, under the store lock (never held across an await).
fn check(app: &Shared, service: &str, headers: &HeaderMap) -> Result<Verdict, ApiError> {
    let service_id = Uuid::parse_str(service).map_err(|_| {
        ApiError::bad_request(format!("Invalid service id \"{service}\": not a UUID"))
    })?;
    let now = jiff::Timestamp::now();
    let mut store = app.store();
    store.settle(now.as_millisecond());
    // A query may wake the service.
    store.changed();
    let principal = authenticate(app, &mut store, headers, now)?;
    let org = store
        .orgs
        .iter_mut()
        .find(|org| org.services.iter().any(|r| r.service.id == service_id))
        .filter(|org| principal.sees(org))
        .ok_or_else(|| ApiError::not_found(format!("Service {service_id} not found")))?;
    let org_id = org.id();
    let Some(record) = org.services.iter_mut().find(|r| r.service.id == service_id) else {
        return Err(ApiError::not_found(format!(
            "Service {service_id} not found"
        )));
    };
    let access = match &principal {
        Principal::User(_) => Access::ReadOnly,
        Principal::ApiKey { key_id, name, .. } => {
            let user = basic_user(headers).unwrap_or_default();
            let endpoint = record.query_endpoint.as_ref().filter(|endpoint| {
                endpoint
                    .open_api_keys
                    .iter()
                    .any(|bound| *bound == user || *bound == key_id.to_string())
            });
            let Some(endpoint) = endpoint else {
                return Err(ApiError::forbidden(format!(
                    "API key \"{name}\" is not bound to the query endpoint of service \
                     {service_id}: add it with POST /v1/organizations/{org_id}/services/\
                     {service_id}/serviceQueryEndpoint"
                )));
            };
            if endpoint.roles.iter().any(|r| r == ADMIN_ROLE) {
                Access::Admin
            } else if endpoint.roles.iter().any(|r| r == READ_ONLY_ROLE) {
                Access::ReadOnly
            } else {
                return Err(ApiError::forbidden(format!(
                    "The query endpoint of service {service_id} grants no role: give it \
                     {READ_ONLY_ROLE} or {ADMIN_ROLE}"
                )));
            }
        }
    };
    match record.service.state {
        ServiceState::Running
        | ServiceState::Awaking
        | ServiceState::PartiallyRunning
        | ServiceState::Degraded => Ok(Verdict::Forward(access)),
        ServiceState::Idle if wake_requested(headers) => {
            let req = Req {
                principal: &principal,
                now,
                query: Pairs::default(),
                body: &[],
                user_agent: None,
                transition_ms: i64::try_from(app.args.transition_ms).unwrap_or(i64::MAX),
                base_url: &app.base_url,
            };
            // It answers at once: the emulator does not make the query wait for the wake-up.
            begin_transition(record, &req, ServiceState::Awaking, ServiceState::Running);
            org.record(req.service_activity(org_id, service_id, "service_awaken"));
            if let Some(file) = &app.state_file {
                file.save(&store).map_err(ApiError::internal)?;
            }
            Ok(Verdict::Forward(access))
        }
        ServiceState::Idle => Ok(Verdict::Ask("Confirm wake service")),
        ServiceState::Stopped | ServiceState::Stopping => Ok(Verdict::Ask("Service is stopped")),
        other => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "Service {service_id} is {}: SQL runs once it is running",
                other.as_str()
            ),
        )),
    }
}

/// The `/v1` rules, except that an API key also needs `auth-provider: custom` (without it,
/// Basic auth would name a database user of the service, which the emulator has none of).
fn authenticate(
    app: &Shared,
    store: &mut crate::store::Store,
    headers: &HeaderMap,
    now: jiff::Timestamp,
) -> Result<Principal, ApiError> {
    if auth::scheme(headers) == "basic"
        && !headers
            .get("auth-provider")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("custom"))
    {
        return Err(ApiError::unauthorized(
            "Basic auth without the header auth-provider: custom names a database user; \
             to use an API key, send auth-provider: custom",
        ));
    }
    auth::authenticate(headers, store, &app.oauth(), now)
}

/// The user name of HTTP Basic auth: an API key's id.
fn basic_user(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.get("basic ".len()..)?.trim();
    let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    decoded.split_once(':').map(|(user, _)| user.to_owned())
}

fn wake_requested(headers: &HeaderMap) -> bool {
    headers
        .get("wake-service")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Sends the SQL to ClickHouse's HTTP interface and streams its answer back, status and
/// content type included (a ClickHouse error is its text with its status, as sent).
async fn forward(
    clickhouse: &str,
    run: &RunBody,
    format: Option<&str>,
    access: Access,
) -> Response {
    let mut url = match reqwest::Url::parse(clickhouse) {
        Ok(url) => url,
        Err(e) => return bad_gateway(clickhouse, &e.to_string()),
    };
    {
        let mut pairs = url.query_pairs_mut();
        if let Some(format) = format {
            pairs.append_pair("default_format", format);
        }
        if let Some(database) = run.database.as_deref().filter(|d| !d.is_empty()) {
            pairs.append_pair("database", database);
        }
        if let Some(run_id) = run.run_id.as_deref().filter(|r| !r.is_empty()) {
            pairs.append_pair("query_id", run_id);
        }
        if access == Access::ReadOnly {
            // Last, so nothing before it is refused as a settings change in readonly mode.
            pairs.append_pair("readonly", "1");
        }
    }
    let response = match client().post(url).body(run.sql.clone()).send().await {
        Ok(response) => response,
        Err(e) => return bad_gateway(clickhouse, &e.to_string()),
    };
    let status = StatusCode::from_u16(response.status().as_u16())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok());
    let chunks = futures_util::stream::unfold(Some(response), |response| async move {
        let mut response = response?;
        match response.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
            Ok(None) => None,
            // Ends the body early: the client sees a truncated answer, as from a real server.
            Err(e) => Some((Err(e), None)),
        }
    });
    let mut answer = Response::new(Body::from_stream(chunks));
    *answer.status_mut() = status;
    if let Some(content_type) = content_type {
        answer
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    answer.into_response()
}

fn bad_gateway(clickhouse: &str, detail: &str) -> Response {
    failure(ApiError::new(
        StatusCode::BAD_GATEWAY,
        format!("Cannot reach ClickHouse at {clickhouse} (--clickhouse-url): {detail}"),
    ))
}

/// One client for every forwarded query (it keeps connections to ClickHouse open).
fn client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(reqwest::Client::new)
}
