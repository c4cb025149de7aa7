//! `service query` (SQL that reads) and `service sql` (any SQL, a write): the exact
//! Query API requests, the refusals before sending, the wake flow.

use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, Request, ResponseTemplate};

use crate::support::api::{Api, KEY_ID, SERVICE, basic_auth_header, cache_admin_role};
use crate::support::{Sandbox, stderr, stdout};

const RUN: &str = "/service/2b1c9d8e-7f6a-4b5c-8d9e-0a1b2c3d4e5f/run";
const ROWS: &str = "{\"n\":1}\n{\"n\":2}\n";

/// `cloud` with the test API key, the mock as both API and Query API.
fn with_key(api: &Api, sandbox: &Sandbox, args: &[&str]) -> assert_cmd::Command {
    cache_admin_role(sandbox, &api.url());
    let mut command = sandbox.cloud();
    command
        .env("CLOUD_API_URL", api.url())
        .env("CLOUD_QUERY_URL", api.url())
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", "test-key-secret")
        .args(args);
    command
}

fn with_oauth(api: &Api, sandbox: &Sandbox, args: &[&str]) -> assert_cmd::Command {
    let mut command = sandbox.cloud();
    command
        .env("CLOUD_API_URL", api.url())
        .env("CLOUD_QUERY_URL", api.url())
        .env("CLOUD_ACCESS_TOKEN", "oauth-token")
        .args(args);
    command
}

async fn run(command: assert_cmd::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let mut command = command;
        command.output().expect("run cloud")
    })
    .await
    .expect("join")
}

async fn received(api: &Api) -> Vec<Request> {
    api.server.received_requests().await.unwrap_or_default()
}

fn error_object(out: &std::process::Output) -> Value {
    serde_json::from_str(stderr(out).trim()).unwrap_or_else(|_| panic!("{}", stderr(out)))
}

/// The request the read leaf sends with an API key: Basic auth plus `auth-provider: custom`.
#[tokio::test(flavor = "multi_thread")]
async fn select_streams_rows_with_an_api_key() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .and(query_param("format", "JSONEachRow"))
        .and(header("x-service-type", "clickhouse"))
        .and(header("auth-provider", "custom"))
        .and(basic_auth_header())
        .and(body_json(
            json!({ "sql": "SELECT n FROM t", "database": "sales" }),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(ROWS))
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let out = run(with_key(
        &api,
        &sandbox,
        &[
            "service",
            "query",
            SERVICE,
            "--query",
            "SELECT n FROM t",
            "--database",
            "sales",
        ],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), ROWS);
    assert_eq!(received(&api).await.len(), 1);
}

/// Under an OAuth login: the bearer token, and no `auth-provider` header.
#[tokio::test(flavor = "multi_thread")]
async fn select_under_oauth_sends_the_bearer_token() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .and(header("authorization", "Bearer oauth-token"))
        .and(header("x-service-type", "clickhouse"))
        .respond_with(ResponseTemplate::new(200).set_body_string(ROWS))
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let out = run(with_oauth(
        &api,
        &sandbox,
        &["service", "query", "--id", SERVICE, "--query", "SELECT 1"],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), ROWS);
    let requests = received(&api).await;
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].headers.contains_key("auth-provider"));
}

/// `--format` takes ClickHouse formats for the SQL leaves (the official CLI's flag), and
/// `--output-format` is the same; `--format table` is PrettyCompact; `--no-auto-enable` is a no-op.
#[tokio::test(flavor = "multi_thread")]
async fn clickhouse_formats_pass_through() {
    for (args, format) in [
        (&["--format", "CSV"][..], "CSV"),
        (&["--format=TabSeparated"], "TabSeparated"),
        (&["--output-format", "Pretty"], "Pretty"),
        (&["--format", "table"], "PrettyCompact"),
        (&["--json"], "JSONEachRow"),
        (&["--no-auto-enable"], "JSONEachRow"),
    ] {
        let api = Api::start().await;
        Mock::given(method("POST"))
            .and(path(RUN))
            .and(query_param("format", format))
            .respond_with(ResponseTemplate::new(200).set_body_string("1\n"))
            .expect(1)
            .mount(&api.server)
            .await;
        let sandbox = Sandbox::new();
        let mut argv = vec!["service", "query", SERVICE, "--query", "SELECT 1"];
        argv.extend_from_slice(args);
        let out = run(with_key(&api, &sandbox, &argv)).await;
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "1\n", "{args:?}");
    }
}

/// Every statement that is not a read is refused before any request (exit 2,
/// `sql_not_read`), with `service sql` as the hint. `WITH … INSERT` is refused too.
#[tokio::test(flavor = "multi_thread")]
async fn the_read_leaf_refuses_writes_before_sending() {
    let statements = [
        "INSERT INTO t VALUES (1)",
        "insert into t values (1)",
        "-- SELECT\nINSERT INTO t SELECT 1",
        "/* SELECT */ DROP TABLE t",
        "(INSERT INTO t VALUES (1))",
        "CREATE TABLE t (x UInt8) ENGINE = Memory",
        "ALTER TABLE t DELETE WHERE 1",
        "TRUNCATE TABLE t",
        "SYSTEM RELOAD DICTIONARIES",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
        "SELECT 1; DROP TABLE t",
        "SELECT ';'; insert into t values (';')",
        "SET readonly = 0",
    ];
    for sql in statements {
        let api = Api::start().await;
        let sandbox = Sandbox::new();
        let out = run(with_key(
            &api,
            &sandbox,
            &["service", "query", SERVICE, "--query", sql, "--json"],
        ))
        .await;
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stderr(&out));
        let error = error_object(&out);
        assert_eq!(error["error"]["code"], "sql_not_read", "{sql}");
        let hint = error["error"]["hint"].as_str().unwrap();
        assert!(
            hint.contains(&format!("cloud service sql {SERVICE}")),
            "{hint}"
        );
        assert!(received(&api).await.is_empty(), "{sql} was sent");
    }
}

/// A queries file is checked whole: one write among reads and nothing is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_queries_file_with_one_write_sends_nothing() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let file = sandbox.config_dir.path().join("q.sql");
    std::fs::write(
        &file,
        "SELECT 1;\n-- the next one writes\nINSERT INTO t VALUES (1);\n",
    )
    .unwrap();
    let out = run(with_key(
        &api,
        &sandbox,
        &[
            "service",
            "query",
            SERVICE,
            "--queries-file",
            file.to_str().unwrap(),
        ],
    ))
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("starts with INSERT"),
        "{}",
        stderr(&out)
    );
    assert!(received(&api).await.is_empty());
}

/// Several read statements (from stdin here) run in order, each its own request.
#[tokio::test(flavor = "multi_thread")]
async fn statements_from_stdin_run_in_order() {
    let api = Api::start().await;
    for (sql, answer) in [("SELECT 1", "1\n"), ("SELECT 'a;b'", "a;b\n")] {
        Mock::given(method("POST"))
            .and(path(RUN))
            .and(body_json(json!({ "sql": sql })))
            .respond_with(ResponseTemplate::new(200).set_body_string(answer))
            .expect(1)
            .mount(&api.server)
            .await;
    }
    let sandbox = Sandbox::new();
    let mut command = with_key(
        &api,
        &sandbox,
        &["service", "query", SERVICE, "--query", "-"],
    );
    command.write_stdin("SELECT 1;\nSELECT 'a;b';\n");
    let out = run(command).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\na;b\n");
}

/// The write leaf sends any statement with an API key.
#[tokio::test(flavor = "multi_thread")]
async fn the_write_leaf_sends_an_insert_with_an_admin_key() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .and(query_param("format", "JSONEachRow"))
        .and(header("x-service-type", "clickhouse"))
        .and(header("auth-provider", "custom"))
        .and(basic_auth_header())
        .and(body_json(json!({ "sql": "INSERT INTO t VALUES (1)" })))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let out = run(with_key(
        &api,
        &sandbox,
        &[
            "service",
            "sql",
            SERVICE,
            "--query",
            "INSERT INTO t VALUES (1)",
        ],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(received(&api).await.len(), 1);
}

/// Under OAuth the write leaf is refused before any request, like every write.
#[tokio::test(flavor = "multi_thread")]
async fn the_write_leaf_is_refused_under_oauth_before_any_request() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let out = run(with_oauth(
        &api,
        &sandbox,
        &[
            "service",
            "sql",
            SERVICE,
            "--query",
            "INSERT INTO t VALUES (1)",
            "--json",
        ],
    ))
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        error_object(&out)["error"]["code"],
        "write_requires_api_key"
    );
    assert!(received(&api).await.is_empty());
}

/// `--dry-run` prints the Query API request of the write leaf and sends nothing.
#[tokio::test(flavor = "multi_thread")]
async fn the_write_leaf_dry_run_sends_nothing() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let out = run(with_key(
        &api,
        &sandbox,
        &[
            "service",
            "sql",
            SERVICE,
            "--query",
            "DROP TABLE t",
            "--dry-run",
            "--json",
        ],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(plan["method"], "POST");
    assert_eq!(
        plan["url"],
        format!("{}{RUN}?format=JSONEachRow", api.url())
    );
    assert_eq!(plan["body"], json!({ "sql": "DROP TABLE t" }));
    assert!(received(&api).await.is_empty());
}

/// An idle service: 206 "Confirm wake service". Without --wake the command stops with
/// `service_idle` after one request; with --wake it resends once with `wake-service: true`.
#[tokio::test(flavor = "multi_thread")]
async fn an_idle_service_is_woken_only_with_wake() {
    for wake in [false, true] {
        let api = Api::start().await;
        Mock::given(method("POST"))
            .and(path(RUN))
            .and(header("wake-service", "true"))
            .respond_with(ResponseTemplate::new(200).set_body_string(ROWS))
            .with_priority(1)
            .expect(u64::from(wake))
            .mount(&api.server)
            .await;
        Mock::given(method("POST"))
            .and(path(RUN))
            .respond_with(
                ResponseTemplate::new(206).set_body_json(json!({ "data": "Confirm wake service" })),
            )
            .expect(1)
            .mount(&api.server)
            .await;
        let sandbox = Sandbox::new();
        let mut argv = vec!["service", "query", SERVICE, "--query", "SELECT 1", "--json"];
        if wake {
            argv.push("--wake");
        }
        let out = run(with_key(&api, &sandbox, &argv)).await;
        let requests = received(&api).await;
        if wake {
            assert!(out.status.success(), "{}", stderr(&out));
            assert_eq!(stdout(&out), ROWS);
            assert_eq!(requests.len(), 2);
            assert!(!requests[0].headers.contains_key("wake-service"));
            assert_eq!(requests[1].body, requests[0].body);
        } else {
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            let error = error_object(&out);
            assert_eq!(error["error"]["code"], "service_idle");
            assert!(
                error["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("--wake")
            );
            assert_eq!(stdout(&out), "");
            assert_eq!(requests.len(), 1);
        }
    }
}

/// A stopped service: the message says how to start it.
#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_service_says_how_to_start_it() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .respond_with(
            ResponseTemplate::new(206).set_body_json(json!({ "data": "Service is stopped" })),
        )
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let out = run(with_key(
        &api,
        &sandbox,
        &["service", "query", SERVICE, "--query", "SELECT 1", "--wake"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("cloud service start {SERVICE} --wait")),
        "{}",
        stderr(&out)
    );
}

/// A key not bound to the query endpoint: the error names the binding command, nothing is
/// provisioned.
#[tokio::test(flavor = "multi_thread")]
async fn an_unbound_key_is_told_how_to_bind_it() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .respond_with(ResponseTemplate::new(403).set_body_string("Forbidden"))
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let out = run(with_key(
        &api,
        &sandbox,
        &["service", "query", SERVICE, "--query", "SELECT 1", "--json"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let error = error_object(&out);
    assert_eq!(error["error"]["code"], "query_not_permitted");
    assert_eq!(
        error["error"]["hint"],
        format!(
            "cloud service query-endpoint create <SERVICE> --open-api-key {KEY_ID} --role sql_console_read_only"
        )
    );
    assert_eq!(received(&api).await.len(), 1);
}

/// A ClickHouse error (HTTP 400 with its text) is shown as sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_sql_error_is_shown() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .respond_with(
            ResponseTemplate::new(400).set_body_string("Code: 62. DB::Exception: Syntax error"),
        )
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let out = run(with_key(
        &api,
        &sandbox,
        &["service", "query", SERVICE, "--query", "SELECT FROM"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("Syntax error"), "{}", stderr(&out));
}

/// An API URL that is not `api.…` has no derivable Query API: the error says how to set one,
/// and nothing is sent. An http query URL to a remote host is refused like an API URL.
#[tokio::test(flavor = "multi_thread")]
async fn the_query_url_must_be_known_and_safe() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let mut command = sandbox.cloud();
    command
        .env("CLOUD_API_URL", api.url())
        .env("CLOUD_ACCESS_TOKEN", "oauth-token")
        .args(["service", "query", SERVICE, "--query", "SELECT 1", "--json"]);
    let out = run(command).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let error = error_object(&out);
    assert_eq!(error["error"]["code"], "query_url_missing");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("CLOUD_QUERY_URL"), "{message}");
    assert!(message.contains("cloud config set query-url"), "{message}");
    assert!(received(&api).await.is_empty());

    let mut command = sandbox.cloud();
    command
        .env("CLOUD_API_URL", api.url())
        .env("CLOUD_QUERY_URL", "http://queries.example.com")
        .env("CLOUD_ACCESS_TOKEN", "oauth-token")
        .args(["service", "query", SERVICE, "--query", "SELECT 1"]);
    let out = run(command).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("clear text"), "{}", stderr(&out));
}

/// The context's `query_url` (`cloud config set query-url`) is used when CLOUD_QUERY_URL is not set.
#[tokio::test(flavor = "multi_thread")]
async fn the_context_query_url_is_used() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .respond_with(ResponseTemplate::new(200).set_body_string("1\n"))
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let set = sandbox
        .cloud()
        .args(["config", "set", "query-url", &api.url()])
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", stderr(&set));
    let mut command = sandbox.cloud();
    command
        .env("CLOUD_API_URL", api.url())
        .env("CLOUD_ACCESS_TOKEN", "oauth-token")
        .args(["service", "query", SERVICE, "--query", "SELECT 1"]);
    let out = run(command).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\n");
}

/// Bad input is refused before any request: no SQL, both --id and a SERVICE.
#[tokio::test(flavor = "multi_thread")]
async fn bad_input_sends_nothing() {
    for argv in [
        &["service", "query", SERVICE, "--query", " ; -- nothing"][..],
        &["service", "query", SERVICE],
        &["service", "query", "--query", "SELECT 1"],
        &[
            "service", "query", SERVICE, "--id", SERVICE, "--query", "SELECT 1",
        ],
        &[
            "service",
            "sql",
            SERVICE,
            "--query",
            "SELECT 1",
            "--output-format",
            "a b",
        ],
    ] {
        let api = Api::start().await;
        let sandbox = Sandbox::new();
        let out = run(with_key(&api, &sandbox, argv)).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(received(&api).await.is_empty(), "{argv:?}");
    }
}
