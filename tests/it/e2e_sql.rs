//! SQL end to end: `cloud service query` and `cloud service sql` against `cloud-emulator`
//! serving the Query API, forwarding to a real ClickHouse server (`support::clickhouse`).
//!
//! Read-only callers are refused by ClickHouse itself (`readonly=1`), so these tests show
//! that a write cannot slip through, not just that `cloud` declines to send one. Where
//! `clickhouse-server` is not installed, the tests that need it print "skipped: ..." and
//! return.

use std::process::Output;

use serde_json::Value;

use crate::support::clickhouse;
use crate::support::emulator::*;
use crate::support::{Sandbox, stderr, stdout};

const STOPPED: &str = DEMO_EXTRA_SERVICE_IDS[0];
const IDLE: &str = DEMO_EXTRA_SERVICE_IDS[1];

/// An emulator whose Query API runs SQL on the shared ClickHouse, or `None` (after printing
/// why `test` is skipped).
fn emulator_with_clickhouse(test: &str) -> Option<Emulator> {
    let server = clickhouse::or_skip(test)?;
    Some(Emulator::start_with(&[
        "--auto-approve",
        "--clickhouse-url",
        server.url(),
    ]))
}

/// `cloud` pointed at the emulator for both the API and the Query API.
fn cloud(emulator: &Emulator) -> assert_cmd::Command {
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLOUD_QUERY_URL", emulator.query_url());
    command
}

fn as_key(emulator: &Emulator, key: &SeededKey, args: &[&str]) -> Output {
    cloud(emulator)
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(args)
        .output()
        .expect("run cloud")
}

fn as_oauth(emulator: &Emulator, token: &str, args: &[&str]) -> Output {
    cloud(emulator)
        .env("CLOUD_ACCESS_TOKEN", token)
        .args(args)
        .output()
        .expect("run cloud")
}

/// An access token from the device flow of an `--auto-approve` emulator.
fn oauth_token(emulator: &Emulator) -> String {
    let (status, body) = emulator.post_form(
        "/oauth/device/code",
        "client_id=cloud-cli&scope=openid%20offline_access&audience=control-plane-web",
    );
    assert_eq!(status, 200, "{body}");
    let device: Value = serde_json::from_str(&body).unwrap();
    let (status, body) = emulator.post_form(
        "/oauth/token",
        &format!(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=cloud-cli&device_code={}",
            device["device_code"].as_str().unwrap()
        ),
    );
    assert_eq!(status, 200, "{body}");
    let tokens: Value = serde_json::from_str(&body).unwrap();
    tokens["access_token"].as_str().unwrap().to_owned()
}

/// Binds the admin key to `service`'s query endpoint with `role`, through `cloud`.
fn bind_admin_key(emulator: &Emulator, service: &str, role: &str) {
    let admin = emulator.admin_key();
    crate::support::success(&as_key(
        emulator,
        admin,
        &[
            "service",
            "query-endpoint",
            "create",
            service,
            "--role",
            role,
            "--open-api-key",
            &admin.key_id,
        ],
    ));
}

/// The error object `--json` prints on stderr.
fn error_object(out: &Output) -> Value {
    serde_json::from_str(stderr(out).trim()).unwrap_or_else(|_| panic!("{}", stderr(out)))
}

/// The Query API requests the emulator saw, as `(status, path)`.
fn runs(emulator: &Emulator) -> Vec<(u16, String)> {
    emulator
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/run"))
        .map(|r| (r.status, r.path))
        .collect()
}

const THREE_ROWS: &str = "SELECT toUInt8(number) AS n FROM system.numbers LIMIT 3";

#[test]
fn a_select_returns_rows_under_oauth_and_under_a_read_only_key() {
    let Some(emulator) =
        emulator_with_clickhouse("a_select_returns_rows_under_oauth_and_under_a_read_only_key")
    else {
        return;
    };
    let token = oauth_token(&emulator);
    let out = as_oauth(
        &emulator,
        &token,
        &["service", "query", DEMO_SERVICE_ID, "--query", THREE_ROWS],
    );
    // Piped, the default format is JSON lines.
    assert_eq!(
        crate::support::success(&out),
        "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n"
    );

    bind_admin_key(&emulator, DEMO_SERVICE_ID, "sql_console_read_only");
    let admin = emulator.admin_key();
    for (format, expected) in [
        ("TabSeparated", "0\n1\n2\n"),
        ("CSV", "0\n1\n2\n"),
        ("JSONEachRow", "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n"),
    ] {
        let out = as_key(
            &emulator,
            admin,
            &[
                "service",
                "query",
                DEMO_SERVICE_ID,
                "--query",
                THREE_ROWS,
                "--format",
                format,
            ],
        );
        assert_eq!(crate::support::success(&out), expected, "{format}");
    }
    // --database reaches ClickHouse; several statements run in order.
    let out = as_key(
        &emulator,
        admin,
        &[
            "service",
            "query",
            "--id",
            DEMO_SERVICE_ID,
            "--database",
            "system",
            "--query",
            "SELECT currentDatabase(); SELECT 2",
            "--format",
            "TabSeparated",
        ],
    );
    assert_eq!(crate::support::success(&out), "system\n2\n");
}

/// The read leaf refuses an INSERT before anything is sent: the emulator sees no request.
#[test]
fn an_insert_through_service_query_is_refused_before_sending() {
    // Needs no ClickHouse: nothing reaches it.
    let emulator = Emulator::start_with(&["--auto-approve"]);
    bind_admin_key(&emulator, DEMO_SERVICE_ID, "sql_console_admin");
    let token = oauth_token(&emulator);
    let insert = "INSERT INTO default.anything VALUES (1)";
    for out in [
        as_key(
            &emulator,
            emulator.admin_key(),
            &[
                "service",
                "query",
                DEMO_SERVICE_ID,
                "--query",
                insert,
                "--json",
            ],
        ),
        as_oauth(
            &emulator,
            &token,
            &[
                "service",
                "query",
                DEMO_SERVICE_ID,
                "--query",
                insert,
                "--json",
            ],
        ),
    ] {
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(error_object(&out)["error"]["code"], "sql_not_read");
        assert_eq!(stdout(&out), "");
    }
    emulator.clear_requests();
    let out = as_key(
        &emulator,
        emulator.admin_key(),
        &[
            "service",
            "query",
            DEMO_SERVICE_ID,
            "--query",
            &format!("SELECT 1; {insert}"),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(emulator.requests(), Vec::new(), "nothing was sent");
}

/// The write leaf runs DDL and an INSERT with an admin key bound as `sql_console_admin`;
/// under OAuth it is refused before any request; a key bound read-only is refused by
/// ClickHouse (`readonly=1`).
#[test]
fn service_sql_writes_with_an_admin_key_and_is_refused_under_oauth() {
    let Some(emulator) =
        emulator_with_clickhouse("service_sql_writes_with_an_admin_key_and_is_refused_under_oauth")
    else {
        return;
    };
    let admin = emulator.admin_key();
    let table = "default.e2e_sql_insert";
    let insert = format!("INSERT INTO {table} VALUES (7)");
    bind_admin_key(&emulator, DEMO_SERVICE_ID, "sql_console_admin");
    for sql in [
        format!("DROP TABLE IF EXISTS {table}"),
        format!("CREATE TABLE {table} (n UInt8) ENGINE = Memory"),
        insert.clone(),
    ] {
        let out = as_key(
            &emulator,
            admin,
            &["service", "sql", DEMO_SERVICE_ID, "--query", &sql],
        );
        crate::support::success(&out);
    }
    let count = || {
        let out = as_key(
            &emulator,
            admin,
            &[
                "service",
                "query",
                DEMO_SERVICE_ID,
                "--query",
                &format!("SELECT count() FROM {table}"),
                "--format",
                "TabSeparated",
            ],
        );
        crate::support::success(&out)
    };
    assert_eq!(count(), "1\n");

    // OAuth: refused before any request, not even the Query API's.
    let token = oauth_token(&emulator);
    emulator.clear_requests();
    let out = as_oauth(
        &emulator,
        &token,
        &[
            "service",
            "sql",
            DEMO_SERVICE_ID,
            "--query",
            &insert,
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        error_object(&out)["error"]["code"],
        "write_requires_api_key"
    );
    assert_eq!(emulator.requests(), Vec::new(), "nothing was sent");

    // Bound read-only, the same key reaches ClickHouse, which refuses the write.
    bind_admin_key(&emulator, DEMO_SERVICE_ID, "sql_console_read_only");
    let out = as_key(
        &emulator,
        admin,
        &["service", "sql", DEMO_SERVICE_ID, "--query", &insert],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("readonly mode"), "{}", stderr(&out));
    assert_eq!(count(), "1\n");
}

/// A key the service's query endpoint does not list: the error says how to bind it.
#[test]
fn an_unbound_key_is_told_how_to_bind_it() {
    // The emulator refuses it before ClickHouse would be asked.
    let emulator = Emulator::start();
    let admin = emulator.admin_key();
    let out = as_key(
        &emulator,
        admin,
        &[
            "service",
            "query",
            DEMO_SERVICE_ID,
            "--query",
            "SELECT 1",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let error = error_object(&out);
    assert_eq!(error["error"]["code"], "query_not_permitted");
    assert_eq!(error["error"]["http_status"], 403);
    assert!(
        error["error"]["hint"]
            .as_str()
            .unwrap()
            .contains(&format!("--open-api-key {}", admin.key_id)),
        "{error}"
    );
}

/// An idle service: without --wake the 206 becomes `service_idle` and nothing runs; with it
/// the query is resent with `wake-service: true`, the service wakes and the rows come back.
#[test]
fn an_idle_service_runs_sql_only_with_wake() {
    let Some(emulator) = emulator_with_clickhouse("an_idle_service_runs_sql_only_with_wake") else {
        return;
    };
    let token = oauth_token(&emulator);
    let query = ["service", "query", IDLE, "--query", "SELECT 42 AS answer"];

    let out = as_oauth(&emulator, &token, &[&query[..], &["--json"]].concat());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error = error_object(&out);
    assert_eq!(error["error"]["code"], "service_idle");
    assert!(
        error["error"]["hint"].as_str().unwrap().contains("--wake"),
        "{error}"
    );
    assert_eq!(runs(&emulator), [(206, format!("/service/{IDLE}/run"))]);
    let state = |emulator: &Emulator| -> Value {
        let out = as_oauth(emulator, &token, &["service", "get", IDLE, "--json"]);
        serde_json::from_str::<Value>(&crate::support::success(&out)).unwrap()["state"].clone()
    };
    assert_eq!(state(&emulator), "idle");

    emulator.clear_requests();
    let out = as_oauth(&emulator, &token, &[&query[..], &["--wake"]].concat());
    assert_eq!(crate::support::success(&out), "{\"answer\":42}\n");
    assert!(stderr(&out).contains("waking it up"), "{}", stderr(&out));
    let path = format!("/service/{IDLE}/run");
    assert_eq!(runs(&emulator), [(206, path.clone()), (200, path)]);
    assert_ne!(state(&emulator), "idle");
}

/// A stopped service is not woken: the error says how to start it.
#[test]
fn a_stopped_service_says_how_to_start_it() {
    // Needs no ClickHouse: the emulator answers before forwarding.
    let emulator = Emulator::start_with(&["--auto-approve"]);
    let token = oauth_token(&emulator);
    for wake in [false, true] {
        let mut args = vec!["service", "query", STOPPED, "--query", "SELECT 1", "--json"];
        if wake {
            args.push("--wake");
        }
        let out = as_oauth(&emulator, &token, &args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let error = error_object(&out);
        assert_eq!(error["error"]["code"], "service_stopped", "{error}");
        assert!(
            error["error"]["hint"]
                .as_str()
                .unwrap()
                .contains(&format!("cloud service start {STOPPED}")),
            "{error}"
        );
    }
}

/// Without --clickhouse-url the Query API's 503 reaches the user, naming the flag.
#[test]
fn without_clickhouse_the_error_names_the_flag() {
    let emulator = Emulator::start_with(&["--auto-approve"]);
    let token = oauth_token(&emulator);
    let out = as_oauth(
        &emulator,
        &token,
        &["service", "query", DEMO_SERVICE_ID, "--query", "SELECT 1"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("--clickhouse-url"),
        "{}",
        stderr(&out)
    );
}

/// ClickHouse 18.16 (Debian's package) does what the tests above rely on: the formats the
/// client asks for, and `readonly=1` refusing writes.
#[test]
fn the_packaged_clickhouse_speaks_the_formats_and_refuses_writes_when_read_only() {
    let Some(server) = clickhouse::or_skip(
        "the_packaged_clickhouse_speaks_the_formats_and_refuses_writes_when_read_only",
    ) else {
        return;
    };
    let select = "SELECT toUInt8(1) AS n";
    for (format, expected) in [
        ("JSONEachRow", "{\"n\":1}\n"),
        ("TabSeparated", "1\n"),
        ("CSV", "1\n"),
    ] {
        let answer = server.query(&format!("default_format={format}&readonly=1"), select);
        assert_eq!(answer, (200, expected.to_owned()), "{format}");
    }
    let (status, table) = server.query("default_format=PrettyCompact", select);
    assert_eq!(status, 200);
    assert!(table.contains('┌'), "{table}");
    for write in [
        "CREATE TABLE default.never (n UInt8) ENGINE = Memory",
        "CREATE DATABASE never",
        "SET max_threads = 1",
    ] {
        let (status, message) = server.query("readonly=1", write);
        assert_eq!(status, 500, "{write}: {message}");
        assert!(message.contains("readonly mode"), "{write}: {message}");
    }
    assert_eq!(
        server.query("readonly=1", "EXISTS TABLE default.never"),
        (200, "0\n".to_owned())
    );
}
