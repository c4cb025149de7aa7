//! Tests of `cloud-emulator` itself: each starts the real binary on a free port and talks to
//! it over HTTP like a client would.

mod api;
mod auth;
mod clickpipes;
mod lifecycle;
mod oauth;
mod ops;
mod query;
mod scale;
mod udfs;
mod validation;

use reqwest::header::HeaderMap;
use reqwest::{Client, Method};
use serde_json::Value;

use crate::support::emulator::{DEMO_ORG_ID, Emulator, SeededKey};

/// An HTTP client that does not follow redirects (the OAuth tests inspect them).
pub fn http() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

/// `/v1/organizations/<Demo Org>` + `suffix`.
pub fn demo_org(suffix: &str) -> String {
    format!("/v1/organizations/{DEMO_ORG_ID}{suffix}")
}

/// How an [`ApiClient`] authenticates.
#[derive(Clone)]
pub enum Credentials {
    None,
    Basic(String, String),
    Bearer(String),
}

/// A small client for `/v1` that returns status, headers and parsed JSON body.
pub struct ApiClient {
    base_url: String,
    credentials: Credentials,
    http: Client,
}

/// A response: HTTP status, headers and the body as JSON (`Value::Null` if not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The envelope's `result`, after checking the success envelope.
    pub fn result(&self) -> &Value {
        assert_eq!(self.status, 200, "expected success, got {self:?}");
        assert_envelope(self);
        &self.body["result"]
    }

    /// Checks for a DELETE-style success: the envelope without `result`.
    pub fn assert_done(&self) {
        assert_eq!(self.status, 200, "expected success, got {self:?}");
        assert_envelope(self);
        assert!(self.body.get("result").is_none(), "{self:?}");
    }

    /// Checks for an error envelope with `status` whose message contains every `needle`.
    pub fn assert_error(&self, status: u16, needles: &[&str]) {
        assert_eq!(self.status, status, "unexpected status: {self:?}");
        assert_envelope(self);
        let message = self.body["error"].as_str().expect("error message");
        for needle in needles {
            assert!(
                message.contains(needle),
                "error {message:?} does not mention {needle:?}"
            );
        }
    }
}

/// `status` repeats the HTTP status and `requestId` is a UUID v4.
pub fn assert_envelope(reply: &Reply) {
    assert_eq!(reply.body["status"], u64::from(reply.status), "{reply:?}");
    let request_id = reply.body["requestId"].as_str().expect("requestId");
    let uuid = uuid::Uuid::parse_str(request_id).expect("requestId is a UUID");
    assert_eq!(uuid.get_version_num(), 4, "requestId is a v4 UUID");
}

impl ApiClient {
    pub fn new(emulator: &Emulator, credentials: Credentials) -> Self {
        Self {
            base_url: emulator.base_url().to_string(),
            credentials,
            http: http(),
        }
    }

    /// Authenticated with a seeded key.
    pub fn key(emulator: &Emulator, key: &SeededKey) -> Self {
        Self::new(
            emulator,
            Credentials::Basic(key.key_id.clone(), key.secret.clone()),
        )
    }

    /// Demo Org's admin key.
    pub fn admin(emulator: &Emulator) -> Self {
        Self::key(emulator, emulator.admin_key())
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(body)).await
    }

    /// Sends a raw body (for invalid JSON).
    pub async fn send_raw(&self, method: Method, path: &str, body: &str) -> Reply {
        let request = self
            .authorize(
                self.http
                    .request(method, format!("{}{path}", self.base_url)),
            )
            .header("content-type", "application/json")
            .body(body.to_string());
        Self::read(request.send().await.expect("send")).await
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self.authorize(
            self.http
                .request(method, format!("{}{path}", self.base_url)),
        );
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::read(request.send().await.expect("send")).await
    }

    fn authorize(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.credentials {
            Credentials::None => request,
            Credentials::Basic(id, secret) => request.basic_auth(id, Some(secret)),
            Credentials::Bearer(token) => request.bearer_auth(token),
        }
    }

    async fn read(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Reply {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }
}
