//! What the API sends back, good or bad, never makes `cloud` panic.

use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::*;

async fn failing_with(reply: ResponseTemplate) -> std::process::Output {
    let api = Api::start().await;
    api.expect_reply("GET", "/v1/organizations", None, reply)
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list"]).await;
    api.verify().await;
    out
}

fn assert_clean_failure(out: &std::process::Output, code: i32, expected: &str) {
    let message = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{message}");
    assert!(
        message.contains(expected),
        "expected {expected:?} in: {message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(out.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn html_instead_of_json() {
    let out = failing_with(
        ResponseTemplate::new(200).set_body_raw("<!DOCTYPE html><html>login</html>", "text/html"),
    )
    .await;
    assert_clean_failure(&out, 1, "HTML page");
}

#[tokio::test(flavor = "multi_thread")]
async fn truncated_json() {
    let out = failing_with(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"status":200,"result":[{"id":"#, "application/json"),
    )
    .await;
    assert_clean_failure(&out, 1, "truncated");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_shape() {
    let out =
        failing_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"not": "a list"}))))
            .await;
    assert_clean_failure(&out, 1, "documented shape");
}

#[tokio::test(flavor = "multi_thread")]
async fn html_error_page() {
    let out = failing_with(
        ResponseTemplate::new(500).set_body_raw("<html>Internal error</html>", "text/html"),
    )
    .await;
    assert_clean_failure(&out, 1, "HTTP 500");
}

#[tokio::test(flavor = "multi_thread")]
async fn not_found_exits_5_with_status_message_and_request_id() {
    let out = failing_with(
        ResponseTemplate::new(404).set_body_json(error_envelope(404, "Organization not found")),
    )
    .await;
    assert_clean_failure(&out, 5, "HTTP 404: Organization not found");
    assert!(stderr(&out).contains(REQUEST_ID));
}

#[tokio::test(flavor = "multi_thread")]
async fn unauthorized_exits_4() {
    let out =
        failing_with(ResponseTemplate::new(401).set_body_json(error_envelope(401, "Unauthorized")))
            .await;
    assert_clean_failure(&out, 4, "not accepted");
}

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_on_a_bearer_token_adds_the_read_only_hint() {
    let api = Api::start().await;
    let mock = wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/organizations"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer some-token",
        ))
        .respond_with(ResponseTemplate::new(403).set_body_json(error_envelope(403, "Forbidden")))
        .expect(1);
    api.server.register(mock).await;
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_ACCESS_TOKEN", "some-token")
        .args(["org", "list", "--json"]);
    let out = api.run_with(command).await;
    assert_eq!(out.status.code(), Some(4));
    let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "write_requires_api_key");
    assert_eq!(error["error"]["http_status"], 403);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("OAuth logins are read-only")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unreachable_api_is_a_network_error() {
    let out = cloud()
        .env("CLOUD_API_URL", "http://127.0.0.1:9")
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["org", "list"])
        .output()
        .unwrap();
    assert_clean_failure(&out, 1, "could not reach the API at http://127.0.0.1:9");
}

/// Reads are idempotent: a 429 or 503 is retried after the API's Retry-After.
#[tokio::test(flavor = "multi_thread")]
async fn reads_are_retried_after_429_and_503() {
    let api = Api::start().await;
    for status in [429, 503] {
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path("/v1/organizations"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("Retry-After", "0")
                    .set_body_json(error_envelope(status, "slow down")),
            )
            .up_to_n_times(1)
            .with_priority(1)
            .expect(1)
            .mount(&api.server)
            .await;
    }
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/organizations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!([]))))
        .with_priority(2)
        .expect(1)
        .mount(&api.server)
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list", "--json"]).await;
    assert_eq!(success(&out).trim(), "[]");
    assert_eq!(
        stderr(&out).matches("retrying").count(),
        2,
        "{}",
        stderr(&out)
    );
    assert_eq!(api.seen().await.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_gives_up_after_three_retries() {
    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "0")
                .set_body_json(error_envelope(503, "Service unavailable")),
        )
        .expect(4)
        .mount(&api.server)
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list"]).await;
    assert_clean_failure(&out, 7, "HTTP 503: Service unavailable");
}

/// A write that failed may or may not have happened: it is never sent twice.
#[tokio::test(flavor = "multi_thread")]
async fn writes_are_never_retried() {
    let api = Api::start().await;
    api.expect_reply(
        "PATCH",
        &format!("/v1/organizations/{ORG}"),
        Some(json!({ "name": "x" })),
        ResponseTemplate::new(503)
            .insert_header("Retry-After", "0")
            .set_body_json(error_envelope(503, "Service unavailable")),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["org", "update", ORG, "--name", "x"])
        .await;
    assert_eq!(out.status.code(), Some(7));
    api.verify().await;
}
