//! Operating the emulator: the request log, `--state` persistence, fault injection, flags and
//! shutdown.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{ApiClient, Credentials, demo_org};
use crate::support::emulator::{DEMO_ORG_ID, Emulator, RecordedRequest, binary};

#[tokio::test(flavor = "multi_thread")]
async fn request_log_records_every_request_in_order() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    api.get(&demo_org("/services?filter=tag:env"))
        .await
        .result();
    ApiClient::new(&emulator, Credentials::Bearer("nope".into()))
        .get("/v1/organizations")
        .await
        .assert_error(401, &[]);
    ApiClient::new(&emulator, Credentials::None)
        .get("/.well-known/oauth-authorization-server")
        .await;
    let log = emulator.requests();
    assert_eq!(
        log,
        [
            RecordedRequest {
                method: "GET".into(),
                path: format!("/v1/organizations/{DEMO_ORG_ID}/services"),
                query: Some("filter=tag:env".into()),
                auth: "basic".into(),
                status: 200,
                grant_type: None,
            },
            RecordedRequest {
                method: "GET".into(),
                path: "/v1/organizations".into(),
                query: None,
                auth: "bearer".into(),
                status: 401,
                grant_type: None,
            },
            RecordedRequest {
                method: "GET".into(),
                path: "/.well-known/oauth-authorization-server".into(),
                query: None,
                auth: "none".into(),
                status: 200,
                grant_type: None,
            },
        ]
    );
    emulator.clear_requests();
    assert_eq!(emulator.requests(), []);
}

/// A fresh path in the system temp directory, removed on drop.
pub(super) struct TempPath(pub(super) PathBuf);

impl TempPath {
    pub(super) fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "cloud-emulator-test-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempPath(dir.join(name))
    }

    pub(super) fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn state_file_survives_a_restart() {
    let state = TempPath::new("state.json");
    let service_id = {
        let emulator = Emulator::start_with(&["--state", state.arg(), "--transition-ms", "0"]);
        assert!(state.0.exists(), "the seed is saved at startup");
        let api = ApiClient::admin(&emulator);
        api.patch(&demo_org(""), json!({"name": "Persisted Org"}))
            .await
            .result();
        let created = api
            .post(
                &demo_org("/services"),
                json!({"name": "kept", "provider": "aws", "region": "eu-west-1"}),
            )
            .await;
        created.result()["service"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let leftovers: Vec<_> = std::fs::read_dir(state.0.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("state.json")],
        "no temp files left"
    );

    let emulator = Emulator::start_with(&["--state", state.arg()]);
    let api = ApiClient::admin(&emulator);
    assert_eq!(
        api.get(&demo_org("")).await.result()["name"],
        "Persisted Org"
    );
    let service = api.get(&demo_org(&format!("/services/{service_id}"))).await;
    assert_eq!(service.result()["name"], "kept");
    assert_eq!(service.result()["state"], "running");
    // The startup lines name the org as it is now.
    assert_eq!(emulator.admin_key().org, "Persisted Org");
    let kinds: Vec<String> = api
        .get(&demo_org("/activities"))
        .await
        .result()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.contains(&"service_create".to_string()));
}

#[test]
fn a_corrupt_state_file_is_a_startup_error_naming_it() {
    let state = TempPath::new("broken.json");
    std::fs::write(&state.0, "{ not json").unwrap();
    let output = assert_cmd::Command::new(binary())
        .args(["--port", "0", "--state", state.arg()])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(state.arg()), "{stderr}");
    assert!(output.stdout.is_empty(), "no base URL on failure");
}

#[test]
fn invalid_flags_are_rejected() {
    for args in [
        &["--fail-rate", "1.5"][..],
        &["--orgs", "3"],
        &["--rate-limit", "0"],
        // ClickHouse's plain HTTP interface only, and a URL.
        &["--clickhouse-url", "https://127.0.0.1:8443"],
        &["--clickhouse-url", "127.0.0.1:8123"],
    ] {
        assert_cmd::Command::new(binary())
            .args(args)
            .timeout(Duration::from_secs(20))
            .assert()
            .failure();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_rate_answers_503_with_the_envelope() {
    let always = Emulator::start_with(&["--fail-rate", "1.0"]);
    let api = ApiClient::admin(&always);
    for _ in 0..3 {
        api.get("/v1/organizations")
            .await
            .assert_error(503, &["unavailable"]);
    }
    // OAuth and the ops endpoints are not affected.
    assert_eq!(always.requests().len(), 3);

    let half = Emulator::start_with(&["--fail-rate", "0.5"]);
    let api = ApiClient::admin(&half);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(api.get("/v1/organizations").await.status);
    }
    assert_eq!(statuses, [200, 503, 200, 503]);
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limit_answers_429_with_retry_after() {
    let emulator = Emulator::start_with(&["--rate-limit", "2"]);
    let api = ApiClient::admin(&emulator);
    // Three requests inside one second: the third is over the limit. A burst that took longer
    // (a very busy machine) proves nothing either way, so it is retried.
    let mut limited = None;
    for _ in 0..5 {
        let started = Instant::now();
        let mut replies = Vec::new();
        for _ in 0..3 {
            replies.push(api.get("/v1/organizations").await);
        }
        if started.elapsed() < Duration::from_millis(900) {
            limited = replies.pop();
            break;
        }
        tokio::time::sleep(Duration::from_millis(1050)).await;
    }
    let limited = limited.expect("a burst of 3 requests within 900 ms");
    limited.assert_error(429, &["Rate limit"]);
    assert_eq!(limited.headers["retry-after"], "1");
    tokio::time::sleep(Duration::from_millis(1050)).await;
    api.get("/v1/organizations").await.result();
}

#[tokio::test(flavor = "multi_thread")]
async fn latency_delays_api_responses() {
    let emulator = Emulator::start_with(&["--latency-ms", "300"]);
    let api = ApiClient::admin(&emulator);
    let started = Instant::now();
    api.get("/v1/organizations").await.result();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[cfg(unix)]
#[test]
fn sigterm_shuts_down_gracefully() {
    let emulator = Emulator::start();
    let status = emulator.terminate();
    assert!(status.success(), "{status:?}");
}
