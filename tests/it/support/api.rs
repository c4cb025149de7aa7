//! A `wiremock` stand-in for the ClickHouse Cloud API that checks the exact requests
//! a command sends and fails if one is missing, unexpected, or left unused.

use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::Sandbox;

pub const ORG: &str = "7f3e1c2a-9b4d-4e8f-a1b2-c3d4e5f60718";
pub const SERVICE: &str = "2b1c9d8e-7f6a-4b5c-8d9e-0a1b2c3d4e5f";
pub const KEY_ID: &str = "test-key-id";
pub const KEY_SECRET: &str = "test-key-secret";
pub const REQUEST_ID: &str = "5e0c8d1a-4b7f-4c2e-9a6d-3f1b0e9c8a7d";

/// `{"status": 200, "requestId": …, "result": …}` as the API wraps every reply.
pub fn envelope(result: Value) -> Value {
    json!({ "status": 200, "requestId": REQUEST_ID, "result": result })
}

pub fn error_envelope(status: u16, message: &str) -> Value {
    json!({ "status": status, "requestId": REQUEST_ID, "error": message })
}

pub struct Api {
    pub server: MockServer,
    expected: AtomicUsize,
}

impl Api {
    pub async fn start() -> Api {
        Api {
            server: MockServer::start().await,
            expected: AtomicUsize::new(0),
        }
    }

    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// Expects exactly one `method path` request (with exactly `body` as JSON when
    /// given) authenticated with the test API key, and answers `result` in an envelope.
    pub async fn expect(&self, verb: &str, route: &str, body: Option<Value>, result: Value) {
        self.expect_reply(
            verb,
            route,
            body,
            ResponseTemplate::new(200).set_body_json(envelope(result)),
        )
        .await;
    }

    /// Like [`Api::expect`] with a reply of the caller's choosing.
    pub async fn expect_reply(
        &self,
        verb: &str,
        route: &str,
        body: Option<Value>,
        reply: ResponseTemplate,
    ) {
        let mut mock = Mock::given(method(verb))
            .and(path(route))
            .and(basic_auth_header());
        if let Some(body) = body {
            mock = mock.and(body_json(body));
        }
        mock.respond_with(reply)
            .expect(1)
            .named(format!("{verb} {route}"))
            .mount(&self.server)
            .await;
        self.expected.fetch_add(1, Ordering::SeqCst);
    }

    /// Expects the organization lookup that `--org-id` auto-detection makes.
    pub async fn expect_single_org(&self) {
        self.expect(
            "GET",
            "/v1/organizations",
            None,
            json!([{ "id": ORG, "name": "Acme" }]),
        )
        .await;
    }

    /// Runs `cloud` with the test API key (from the environment) against this server, as
    /// both the API and the Query API.
    /// The key's role is cached as Admin first, so a write sends exactly its own requests
    /// (no key-role lookup); `tests/it/e2e.rs` covers the lookup.
    pub async fn run(&self, sandbox: &Sandbox, args: &[&str]) -> Output {
        cache_admin_role(sandbox, &self.url());
        let mut command = sandbox.cloud();
        command
            .env("CLOUD_API_URL", self.url())
            // The mock plays the Query API's host too (`service query`, `service sql`).
            .env("CLOUD_QUERY_URL", self.url())
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .args(args);
        run_blocking(command).await
    }

    /// Runs a prepared command (any credential) against this server.
    pub async fn run_with(&self, mut command: assert_cmd::Command) -> Output {
        command.env("CLOUD_API_URL", self.url());
        run_blocking(command).await
    }

    /// Asserts the server saw exactly the expected requests, all with Basic auth of the
    /// test key. (wiremock itself checks each expectation when the server drops.)
    pub async fn verify(&self) {
        let received = self.server.received_requests().await.unwrap_or_default();
        let expected = self.expected.load(Ordering::SeqCst);
        let seen: Vec<String> = received
            .iter()
            .map(|r| format!("{} {}", r.method, r.url.path()))
            .collect();
        assert_eq!(received.len(), expected, "requests seen: {seen:#?}");
        self.server.verify().await;
    }

    /// Every request the server saw, as `METHOD /path`.
    pub async fn seen(&self) -> Vec<String> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| format!("{} {}", r.method, r.url.path()))
            .collect()
    }
}

/// Records in `sandbox` that the test key is an Admin key of `api_url`, learnt just now.
pub fn cache_admin_role(sandbox: &Sandbox, api_url: &str) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let cache = format!(
        "[[keys]]\napi_url = \"{api_url}\"\nkey_id = \"{KEY_ID}\"\nrole = \"Admin\"\nwrites = true\nchecked_at = {now}\n"
    );
    std::fs::write(sandbox.config_dir.path().join("key-roles.toml"), cache).unwrap();
}

/// Mock responses only expect the test key's Basic credentials.
pub fn basic_auth_header() -> wiremock::matchers::HeaderExactMatcher {
    header(
        "authorization",
        "Basic dGVzdC1rZXktaWQ6dGVzdC1rZXktc2VjcmV0",
    )
}

/// The server runs on the test's runtime; the blocking child process must not stall it.
async fn run_blocking(mut command: assert_cmd::Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("run cloud"))
        .await
        .expect("join")
}

/// Asserts success and returns stdout.
#[track_caller]
pub fn success(output: &Output) -> String {
    assert!(
        output.status.success(),
        "cloud failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
