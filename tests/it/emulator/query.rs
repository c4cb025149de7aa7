//! The Query API (`POST /service/{id}/run`) as the emulator serves it: who may call it,
//! the service-state answers, and the 503 without `--clickhouse-url`. None of this needs
//! ClickHouse (the state and caller are checked first); `tests/it/e2e_sql.rs` runs SQL.

use serde_json::{Value, json};

use super::oauth::device_login;
use super::{ApiClient, http};
use crate::support::emulator::{
    DEMO_ADMIN_KEY_UUID, DEMO_EXTRA_SERVICE_IDS, DEMO_ORG_ID, DEMO_SERVICE_ID, Emulator,
    SECOND_SERVICE_ID,
};

const STOPPED: &str = DEMO_EXTRA_SERVICE_IDS[0];
const IDLE: &str = DEMO_EXTRA_SERVICE_IDS[1];

/// How a request to the Query API authenticates.
enum Caller<'a> {
    Nobody,
    Bearer(&'a str),
    /// An API key with `auth-provider: custom`, as the official tools send it.
    Key(&'a str, &'a str),
    /// An API key without the header (which names a database user instead).
    KeyWithoutProvider(&'a str, &'a str),
}

/// `POST /service/{service}/run?format=JSONEachRow`: status and body.
async fn run(emulator: &Emulator, caller: Caller<'_>, service: &str, wake: bool) -> (u16, Value) {
    let mut request = http()
        .post(format!(
            "{}/service/{service}/run?format=JSONEachRow",
            emulator.query_url()
        ))
        .header("x-service-type", "clickhouse")
        .json(&json!({ "sql": "SELECT 1" }));
    request = match caller {
        Caller::Nobody => request,
        Caller::Bearer(token) => request.bearer_auth(token),
        Caller::Key(id, secret) => request
            .basic_auth(id, Some(secret))
            .header("auth-provider", "custom"),
        Caller::KeyWithoutProvider(id, secret) => request.basic_auth(id, Some(secret)),
    };
    if wake {
        request = request.header("wake-service", "true");
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn bind(emulator: &Emulator, service: &str, key: &str, role: &str) {
    ApiClient::admin(emulator)
        .post(
            &format!("/v1/organizations/{DEMO_ORG_ID}/services/{service}/serviceQueryEndpoint"),
            json!({ "roles": [role], "openApiKeys": [key] }),
        )
        .await
        .result();
}

async fn state(emulator: &Emulator, service: &str) -> Value {
    ApiClient::admin(emulator)
        .get(&format!(
            "/v1/organizations/{DEMO_ORG_ID}/services/{service}"
        ))
        .await
        .result()["state"]
        .clone()
}

async fn token(emulator: &Emulator) -> String {
    device_login(emulator).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_query_api_shares_the_api_listener_and_names_the_missing_flag() {
    let emulator = Emulator::start_with(&["--auto-approve"]);
    assert_eq!(emulator.query_url(), emulator.base_url());
    let token = token(&emulator).await;
    let (status, body) = run(&emulator, Caller::Bearer(&token), DEMO_SERVICE_ID, false).await;
    assert_eq!(status, 503, "{body}");
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("--clickhouse-url"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_key_needs_the_custom_provider_and_a_binding() {
    let emulator = Emulator::start();
    let admin = emulator.admin_key().clone();
    let (id, secret) = (admin.key_id.as_str(), admin.secret.as_str());

    let (status, _) = run(&emulator, Caller::Nobody, DEMO_SERVICE_ID, false).await;
    assert_eq!(status, 401);
    let (status, body) = run(
        &emulator,
        Caller::KeyWithoutProvider(id, secret),
        DEMO_SERVICE_ID,
        false,
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert!(body["error"].as_str().unwrap().contains("auth-provider"));
    let (status, _) = run(&emulator, Caller::Key(id, "wrong"), DEMO_SERVICE_ID, false).await;
    assert_eq!(status, 401);

    // Valid, but not bound to this service's query endpoint.
    let (status, body) = run(&emulator, Caller::Key(id, secret), DEMO_SERVICE_ID, false).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("not bound"),
        "{body}"
    );

    // Bound by its key id (as `cloud`'s hint says) or by its `ApiKey.id`: let through to the
    // missing ClickHouse.
    for bound in [id, DEMO_ADMIN_KEY_UUID] {
        bind(&emulator, DEMO_SERVICE_ID, bound, "sql_console_read_only").await;
        let (status, body) = run(&emulator, Caller::Key(id, secret), DEMO_SERVICE_ID, false).await;
        assert_eq!(status, 503, "bound as {bound}: {body}");
    }
    // Bound elsewhere only: this service still refuses it.
    let (status, _) = run(
        &emulator,
        Caller::Key(id, secret),
        DEMO_EXTRA_SERVICE_IDS[2],
        false,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_asks_to_wake_stopped_says_so_and_other_orgs_are_not_found() {
    let emulator = Emulator::start_with(&["--auto-approve", "--orgs", "2"]);
    let token = token(&emulator).await;
    let bearer = || Caller::Bearer(&token);

    let (status, body) = run(&emulator, bearer(), STOPPED, false).await;
    assert_eq!(
        (status, body),
        (206, json!({ "data": "Service is stopped" }))
    );
    let (status, body) = run(&emulator, bearer(), STOPPED, true).await;
    assert_eq!(
        (status, body),
        (206, json!({ "data": "Service is stopped" }))
    );

    let (status, body) = run(&emulator, bearer(), IDLE, false).await;
    assert_eq!(
        (status, body),
        (206, json!({ "data": "Confirm wake service" }))
    );
    assert_eq!(state(&emulator, IDLE).await, "idle", "asking wakes nothing");
    // `wake-service: true` wakes it, then the SQL goes on (to the missing ClickHouse).
    let (status, _) = run(&emulator, bearer(), IDLE, true).await;
    assert_eq!(status, 503);
    assert_eq!(state(&emulator, IDLE).await, "awaking");

    // The user is a member of Second Org: its service is theirs. A key of Demo Org sees none
    // of Second Org's.
    let (status, _) = run(&emulator, bearer(), SECOND_SERVICE_ID, false).await;
    assert_eq!(status, 503);
    let admin = emulator.admin_key().clone();
    let (status, _) = run(
        &emulator,
        Caller::Key(&admin.key_id, &admin.secret),
        SECOND_SERVICE_ID,
        false,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = run(
        &emulator,
        bearer(),
        "5e000000-0000-4000-8000-0000000000ff",
        false,
    )
    .await;
    assert_eq!(status, 404);
}
