//! Failures of an API call, keeping what a person or a program needs to act on them.

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

    /// The API answered, but not with the JSON envelope it documents.
    #[error("the API at {url} sent a response cloud could not read (HTTP {status}): {detail}")]
    InvalidResponse {
        url: String,
        status: u16,
        detail: String,
    },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            ApiError::Network { .. } | ApiError::InvalidResponse { .. } => None,
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
