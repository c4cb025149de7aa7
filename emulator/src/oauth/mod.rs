//! The OAuth 2 authorization server, on the same origin as the API: RFC 8414 metadata, the
//! RFC 8628 device flow, authorization code + PKCE (RFC 7636) for loopback redirects
//! (RFC 8252), refresh-token rotation, userinfo and RFC 7009 revocation. Every client is a
//! public client; whoever approves is the demo user.

pub mod authorize;
pub mod device;
mod html;
mod jwt;
pub mod metadata;
pub mod store;
pub mod token;
pub mod userinfo;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use crate::envelope::json_response;

/// The `client_id` assumed when a request names none.
pub const DEFAULT_CLIENT_ID: &str = "cloud-cli";

/// The scope granted when a request asks for none (what the production CLI asks for).
pub const DEFAULT_SCOPE: &str = "openid profile email offline_access";

/// An RFC 6749 §5.2 error.
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    /// A 400 error.
    pub fn new(error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
        }
    }

    pub fn response(self) -> Response {
        no_store(json_response(
            self.status,
            &json!({ "error": self.error, "error_description": self.description }),
        ))
    }
}

/// Adds the `Cache-Control: no-store` / `Pragma: no-cache` pair RFC 6749 §5.1 requires on
/// responses that carry tokens or codes.
pub fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
