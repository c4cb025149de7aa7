//! The API's response envelopes: `{"status","requestId","result"}` on success and
//! `{"status","requestId","error"}` on failure, with the HTTP status repeated in the body.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use uuid::Uuid;

/// A failed API call: the HTTP status and the message for the envelope's `error`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Set for 429 so the client knows when to retry.
    pub retry_after_secs: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

/// What a successful API call returns.
pub enum Reply {
    /// `result` holds this value.
    Result(Value),
    /// `result` is this JSON text: a resource serialized straight to text, without a `Value`
    /// tree in between (a list of 100,000 services is over 100 MB).
    Json(String),
    /// No `result` (DELETE).
    Done,
    /// A non-JSON body (Prometheus exposition), sent without an envelope as the spec says.
    Text {
        content_type: &'static str,
        body: String,
    },
}

impl Reply {
    /// Serializes a resource into `result`.
    pub fn of<T: serde::Serialize>(value: &T) -> Result<Self, ApiError> {
        serde_json::to_string(value)
            .map(Reply::Json)
            .map_err(|e| ApiError::internal(format!("cannot serialize the result: {e}")))
    }
}

/// The success envelope (or the raw text for [`Reply::Text`]). Written as text around the
/// result's text, in one pass, in the order the real API sends: status, requestId, result.
pub fn success(reply: Reply) -> Response {
    let result = match reply {
        Reply::Result(value) => Some(value.to_string()),
        Reply::Json(text) => Some(text),
        Reply::Done => None,
        Reply::Text { content_type, body } => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
                body,
            )
                .into_response();
        }
    };
    let head = format!(r#"{{"status":200,"requestId":"{}""#, Uuid::new_v4());
    let mut body = String::with_capacity(head.len() + result.as_ref().map_or(0, String::len) + 12);
    body.push_str(&head);
    if let Some(result) = result {
        body.push_str(r#","result":"#);
        body.push_str(&result);
    }
    body.push('}');
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// The failure envelope.
pub fn failure(error: ApiError) -> Response {
    let body = json!({
        "status": error.status.as_u16(),
        "requestId": Uuid::new_v4(),
        "error": error.message,
    });
    let mut response = json_response(error.status, &body);
    if let Some(secs) = error.retry_after_secs {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// A JSON body with the given status.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.to_string(),
    )
        .into_response()
}
