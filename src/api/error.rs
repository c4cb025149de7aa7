//! Failures of an API call, keeping what a person or a program needs to act on them.

use std::time::Duration;

use super::transport::{TimeoutKind, describe_duration, describe_size};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The API answered with an error status. `message` is the API's own words.
    #[error("{}", describe_status(*.status, .message, .request_id.as_deref(), *.bearer))]
    Status {
        status: u16,
        message: String,
        request_id: Option<String>,
        /// The request carried an OAuth bearer token (read-only by design).
        bearer: bool,
    },

    #[error("could not reach the API at {url}: {detail}")]
    Network { url: String, detail: String },

    /// A connect or total timeout was hit.
    #[error("{}", describe_timeout(.url, *.kind, *.limit))]
    Timeout {
        url: String,
        kind: TimeoutKind,
        limit: Duration,
    },

    /// The response body was larger than `--max-response-size`; reading stopped there.
    #[error(
        "the response from {url} is larger than the {} limit; reading stopped there. \
         Raise it with --max-response-size (or CLOUD_MAX_RESPONSE_SIZE, or `max_response_size` \
         in config.toml) if this is expected",
        describe_size(*.limit)
    )]
    TooLarge { url: String, limit: u64 },

    /// A URL that would carry credentials in clear text. `usage` when it came from the
    /// user's flags, environment or configuration rather than from a server.
    #[error("{message}")]
    InsecureUrl { message: String, usage: bool },

    /// The API answered, but not with the JSON envelope it documents.
    #[error("the API at {url} sent a response cloud could not read (HTTP {status}): {detail}")]
    InvalidResponse {
        url: String,
        status: u16,
        detail: String,
    },

    /// The Query API refused the credential (401/403). With an API key: most often the key
    /// is not bound to the service's query endpoint.
    #[error("{}", describe_query_refusal(*.status, .message, .key_id.as_deref()))]
    QueryRefused {
        status: u16,
        message: String,
        /// The API key used, `None` for an OAuth token.
        key_id: Option<String>,
    },

    /// The Query API's host is unknown: the API URL is not `api.…` and none was set.
    #[error(
        "cloud does not know where the Query API (SQL) of {api_url} is: only an API URL whose \
         host starts with `api.` has a derivable one (`queries.`). Set it with \
         CLOUD_QUERY_URL=<URL>, or `cloud config set query-url <URL>` for the context"
    )]
    QueryUrlMissing { api_url: String },

    /// The service is idle: the Query API asks before waking it (HTTP 206).
    #[error(
        "service {service} is {}; the query was not run. Add --wake to wake it up and run \
         the query (it may take a minute)",
        if *.woken { "still idle after the wake-up request" } else { "idle" }
    )]
    ServiceIdle { service: String, woken: bool },

    /// The service is stopped: SQL needs it started first.
    #[error(
        "service {service} is stopped; the query was not run. Start it first: \
         cloud service start {service} --wait"
    )]
    ServiceStopped { service: String },

    /// The presigned upload URL of a UDF archive refused it (it is not the API: no envelope).
    #[error("the upload of the archive to {url} failed with HTTP {status}: {detail}")]
    UploadRejected {
        url: String,
        status: u16,
        detail: String,
    },

    /// Not a failure: under `--dry-run` the first mutating request a command would send,
    /// stopped before it left. Carried up like an error so the command ends there.
    #[error("dry run: would send {} {}", .0.method, .0.url)]
    DryRun(Box<super::DryRunPlan>),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } | ApiError::QueryRefused { status, .. } => {
                Some(*status)
            }
            ApiError::Network { .. }
            | ApiError::Timeout { .. }
            | ApiError::TooLarge { .. }
            | ApiError::InsecureUrl { .. }
            | ApiError::InvalidResponse { .. }
            | ApiError::QueryUrlMissing { .. }
            | ApiError::ServiceIdle { .. }
            | ApiError::ServiceStopped { .. }
            | ApiError::UploadRejected { .. }
            | ApiError::DryRun(_) => None,
        }
    }
}

fn describe_status(status: u16, message: &str, request_id: Option<&str>, bearer: bool) -> String {
    let mut text = format!("the API answered HTTP {status}: {message}");
    if let Some(id) = request_id {
        text.push_str(&format!(" (request id {id})"));
    }
    match status {
        401 => text.push_str(
            "\nThe credential was not accepted. Check the key id and secret, or run `cloud auth status` to see which credential is in use.",
        ),
        403 if bearer => text.push_str(
            "\nOAuth logins are read-only: ClickHouse Cloud refuses changes made with them. Use an API key:\n  \
             cloud auth login --api-key <KEY_ID> --api-secret-stdin\n  \
             or set CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET",
        ),
        403 => text.push_str(
            "\nThe credential may not do this. A developer-role API key is read-only; changes need a key with the admin role.",
        ),
        _ => {}
    }
    text
}

fn describe_query_refusal(status: u16, message: &str, key_id: Option<&str>) -> String {
    let mut text = format!("the Query API answered HTTP {status}: {message}");
    match key_id {
        Some(key) => text.push_str(&format!(
            "\nAn API key runs SQL only once it is bound to the service's query endpoint \
             (cloud never binds it for you). Bind it, read-only:\n  \
             cloud service query-endpoint create <SERVICE> --open-api-key {key} --role sql_console_read_only"
        )),
        None => text.push_str(
            "\nThe OAuth login was not accepted for SQL: check it with `cloud auth status`.",
        ),
    }
    text
}

fn describe_timeout(url: &str, kind: TimeoutKind, limit: Duration) -> String {
    let limit = describe_duration(limit);
    match kind {
        TimeoutKind::Connect => format!(
            "could not connect to {url} within {limit} (the connect timeout). Raise it with \
             --connect-timeout 30s, CLOUD_CONNECT_TIMEOUT or `connect_timeout` in config.toml"
        ),
        TimeoutKind::Total => format!(
            "no complete answer from {url} within {limit} (the request timeout). Raise it with \
             --timeout 5m, CLOUD_TIMEOUT or `timeout` in config.toml"
        ),
    }
}
