//! `cloud postgres …`: the exact requests of each leaf, what is refused before sending,
//! how passwords travel, and what is printed.

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const PG: &str = "f71df78e-ddad-42d0-8dfa-abbec741b82e";
const PASSWORD: &str = "Str0ngPassw0rdFromStdin";

fn pg_path(suffix: &str) -> String {
    format!("/v1/organizations/{ORG}/postgres/{PG}{suffix}")
}

fn service() -> Value {
    json!({
        "id": PG,
        "name": "orders-db",
        "provider": "aws",
        "region": "us-east-1",
        "postgresVersion": "17",
        "size": "c6gd.large",
        "haType": "none",
        "state": "running",
        "isPrimary": true,
        "createdAt": "2026-11-30T12:00:00Z",
        "hostname": "orders-db.pg.example",
        "username": "postgres",
        "tags": [{"key": "env", "value": "prod"}]
    })
}

fn config() -> Value {
    json!({"pgConfig": {"max_connections": 200}, "pgBouncerConfig": {"default_pool_size": "16"}})
}

/// One leaf: its arguments after `cloud postgres`, the request it must send, the reply.
struct Case {
    args: &'static [&'static str],
    method: &'static str,
    /// The path after `/v1/organizations/{ORG}`.
    route: String,
    query: &'static [(&'static str, &'static str)],
    body: Option<Value>,
    /// A JSON result, or (for text endpoints) a string sent as the body.
    result: Value,
    prints: &'static str,
}

fn org_path(suffix: &str) -> String {
    format!("/v1/organizations/{ORG}{suffix}")
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            args: &["list"],
            method: "GET",
            route: org_path("/postgres"),
            query: &[],
            body: None,
            result: json!([service()]),
            prints: "orders-db",
        },
        Case {
            args: &["get", PG],
            method: "GET",
            route: pg_path(""),
            query: &[],
            body: None,
            result: service(),
            prints: "orders-db.pg.example",
        },
        Case {
            args: &[
                "create",
                "--name",
                "orders-db",
                "--region",
                "us-east-1",
                "--size",
                "c6gd.large",
                "--pg-version",
                "17",
                "--ha-type",
                "async",
                "--tag",
                "env=prod",
            ],
            method: "POST",
            route: org_path("/postgres"),
            query: &[],
            body: Some(json!({
                "name": "orders-db",
                "provider": "aws",
                "region": "us-east-1",
                "size": "c6gd.large",
                "postgresVersion": "17",
                "haType": "async",
                "tags": [{"key": "env", "value": "prod"}]
            })),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &["update", PG, "--size", "c6gd.xlarge", "--ha-type", "sync"],
            method: "PATCH",
            route: pg_path(""),
            query: &[],
            body: Some(json!({"size": "c6gd.xlarge", "haType": "sync"})),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &["delete", PG, "--yes"],
            method: "DELETE",
            route: pg_path(""),
            query: &[],
            body: None,
            result: Value::Null,
            prints: "",
        },
        Case {
            args: &["certs", "get", PG],
            method: "GET",
            route: pg_path("/caCertificates"),
            query: &[],
            body: None,
            result: json!("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
            prints: "BEGIN CERTIFICATE",
        },
        Case {
            args: &["config", "get", PG],
            method: "GET",
            route: pg_path("/config"),
            query: &[],
            body: None,
            result: config(),
            prints: "default_pool_size",
        },
        Case {
            args: &[
                "config",
                "replace",
                PG,
                "--file",
                crate::classification::POSTGRES_CONFIG,
            ],
            method: "POST",
            route: pg_path("/config"),
            query: &[],
            body: Some(config()),
            result: config(),
            prints: "max_connections",
        },
        Case {
            args: &[
                "config",
                "patch",
                PG,
                "--set",
                "max_connections=300",
                "--set",
                "work_mem=64MB",
                "--set",
                "pgbouncer.default_pool_size=32",
            ],
            method: "PATCH",
            route: pg_path("/config"),
            query: &[],
            body: Some(json!({
                "pgConfig": {"max_connections": 300, "work_mem": "64MB"},
                "pgBouncerConfig": {"default_pool_size": "32"}
            })),
            result: config(),
            prints: "max_connections",
        },
        Case {
            args: &["reset-password", PG, "--generate"],
            method: "PATCH",
            route: pg_path("/password"),
            query: &[],
            body: Some(json!({})),
            result: json!({"password": "Generated0ncePassword"}),
            prints: "Generated0ncePassword",
        },
        Case {
            args: &["read-replica", "create", PG, "--name", "orders-db-replica"],
            method: "POST",
            route: pg_path("/readReplica"),
            query: &[],
            body: Some(json!({"name": "orders-db-replica"})),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &[
                "restore",
                PG,
                "--name",
                "orders-db-restored",
                "--restore-target",
                "2026-11-30T12:00:00Z",
            ],
            method: "POST",
            route: pg_path("/restoredService"),
            query: &[],
            body: Some(
                json!({"name": "orders-db-restored", "restoreTarget": "2026-11-30T12:00:00Z"}),
            ),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &["restart", PG],
            method: "PATCH",
            route: pg_path("/state"),
            query: &[],
            body: Some(json!({"command": "restart"})),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &["promote", PG],
            method: "PATCH",
            route: pg_path("/state"),
            query: &[],
            body: Some(json!({"command": "promote"})),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &["switchover", PG],
            method: "PATCH",
            route: pg_path("/state"),
            query: &[],
            body: Some(json!({"command": "switchover"})),
            result: service(),
            prints: "orders-db",
        },
        Case {
            args: &[
                "metrics",
                PG,
                "--from",
                "2026-11-30T00:00:00Z",
                "--to",
                "2026-11-30T01:00:00Z",
                "--bucket-size-seconds",
                "300",
            ],
            method: "GET",
            route: pg_path("/metrics"),
            query: &[
                ("from_date", "2026-11-30T00:00:00Z"),
                ("to_date", "2026-11-30T01:00:00Z"),
                ("bucket_size_seconds", "300"),
            ],
            body: None,
            result: json!({"metrics": [{"key": "cpu_usage", "name": "CPU", "unit": "%", "description": "CPU",
                "series": [{"label": "user", "dataPoints": [{"timestamp": 1, "value": 12.5}]}]}]}),
            prints: "cpu_usage",
        },
        Case {
            args: &[
                "slow-query",
                "list",
                PG,
                "--from",
                "2026-11-30T00:00:00Z",
                "--to",
                "2026-11-30T01:00:00Z",
                "--sort-by",
                "avg_duration",
                "--limit",
                "5",
                "--db-name",
                "orders",
            ],
            method: "GET",
            route: pg_path("/slowQueryPatterns"),
            query: &[
                ("from_date", "2026-11-30T00:00:00Z"),
                ("to_date", "2026-11-30T01:00:00Z"),
                ("sort_by", "avg_duration"),
                ("limit", "5"),
                ("db_name", "orders"),
            ],
            body: None,
            result: json!([{"queryId": "q-42", "queryText": "SELECT $1", "callCount": 7, "avgDurationUs": 900}]),
            prints: "q-42",
        },
        Case {
            args: &[
                "slow-query",
                "get",
                PG,
                "q-42",
                "--db-name",
                "orders",
                "--db-user",
                "app",
                "--db-operation",
                "SELECT",
            ],
            method: "GET",
            route: pg_path("/slowQueryPatterns/q-42"),
            query: &[
                ("db_name", "orders"),
                ("db_user", "app"),
                ("db_operation", "SELECT"),
            ],
            body: None,
            result: json!({"aggregate": {"queryId": "q-42", "queryText": "SELECT $1"},
                "recentExecutions": [{"timestamp": "2026-11-30T00:10:00Z", "durationUs": 1234, "queryText": "SELECT $1"}]}),
            prints: "1234",
        },
        Case {
            args: &["prometheus"],
            method: "GET",
            route: org_path("/postgres/prometheus"),
            query: &[],
            body: None,
            result: json!("pg_up{service=\"orders-db\"} 1\n"),
            prints: "pg_up",
        },
        Case {
            args: &["prometheus", PG],
            method: "GET",
            route: pg_path("/prometheus"),
            query: &[],
            body: None,
            result: json!("pg_up{service=\"orders-db\"} 1\n"),
            prints: "pg_up",
        },
    ]
}

/// Mounts the one request `case` must send, with its query parameters and exact body.
async fn expect(api: &Api, case: &Case) {
    let reply = match &case.result {
        Value::String(text) => ResponseTemplate::new(200).set_body_string(text.clone()),
        result => ResponseTemplate::new(200).set_body_json(envelope(result.clone())),
    };
    let mut mock = Mock::given(method(case.method))
        .and(path(case.route.as_str()))
        .and(basic_auth_header());
    for (name, value) in case.query {
        mock = mock.and(query_param(*name, *value));
    }
    if let Some(body) = &case.body {
        mock = mock.and(body_json(body.clone()));
    }
    mock.respond_with(reply)
        .expect(1)
        .named(format!("{} {}", case.method, case.route))
        .mount(&api.server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_leaf_sends_its_exact_request_and_prints_the_result() {
    for case in cases() {
        let api = Api::start().await;
        expect(&api, &case).await;
        let mut args = vec!["postgres"];
        args.extend_from_slice(case.args);
        args.extend(["--org-id", ORG]);
        let out = api.run(&Sandbox::new(), &args).await;
        let printed = success(&out);
        assert!(printed.contains(case.prints), "{:?}: {printed}", case.args);
        let received = api.server.received_requests().await.unwrap_or_default();
        assert_eq!(received.len(), 1, "{:?} sent {received:?}", case.args);
        api.server.verify().await;
    }
}

/// Under --json, JSON results are printed as sent.
#[tokio::test(flavor = "multi_thread")]
async fn json_prints_the_result_as_sent() {
    for case in cases() {
        if case.result.is_string() || case.result.is_null() {
            continue;
        }
        let api = Api::start().await;
        expect(&api, &case).await;
        let mut args = vec!["postgres"];
        args.extend_from_slice(case.args);
        args.extend(["--org-id", ORG, "--json"]);
        let out = api.run(&Sandbox::new(), &args).await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(printed, case.result, "{:?}", case.args);
    }
}

/// A name costs one list request; the ID it finds is used.
#[tokio::test(flavor = "multi_thread")]
async fn a_name_is_looked_up_in_the_list() {
    let api = Api::start().await;
    api.expect("GET", &org_path("/postgres"), None, json!([service()]))
        .await;
    api.expect("GET", &pg_path("/config"), None, config()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["postgres", "config", "get", "orders-db", "--org-id", ORG],
        )
        .await;
    assert!(success(&out).contains("max_connections"));
    api.verify().await;
}

/// `list --filter` keeps the services with the tag, under --json too.
#[tokio::test(flavor = "multi_thread")]
async fn list_filters_by_tag_here() {
    let mut untagged = service();
    untagged["name"] = json!("scratch");
    untagged["tags"] = json!([]);
    let api = Api::start().await;
    api.expect(
        "GET",
        &org_path("/postgres"),
        None,
        json!([service(), untagged]),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "postgres",
                "list",
                "--org-id",
                ORG,
                "--filter",
                "tag:env=prod",
                "--json",
            ],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!([service()]));
}

fn reset_password(
    api: &Api,
    sandbox: &Sandbox,
    extra: &[&str],
    stdin: &str,
) -> assert_cmd::Command {
    cache_admin_role(sandbox, &api.url());
    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["postgres", "reset-password", PG, "--org-id", ORG])
        .args(extra)
        .write_stdin(stdin.to_owned());
    command
}

/// The password comes from stdin, is sent, and shown nowhere: not in the output, not in
/// --dry-run's plan, not in --debug's trace.
#[tokio::test(flavor = "multi_thread")]
async fn reset_password_reads_stdin_and_never_echoes() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &pg_path("/password"),
        Some(json!({"password": PASSWORD})),
        json!({}),
    )
    .await;
    let sandbox = Sandbox::new();
    let out = api
        .run_with(reset_password(
            &api,
            &sandbox,
            &["--debug"],
            &format!("{PASSWORD}\n"),
        ))
        .await;
    let printed = success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!printed.contains(PASSWORD), "{printed}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
    assert!(stderr.contains("Changed the password"), "{stderr}");
    api.verify().await;

    let api = Api::start().await;
    let out = api
        .run_with(reset_password(
            &api,
            &sandbox,
            &["--dry-run"],
            &format!("{PASSWORD}\n"),
        ))
        .await;
    let plan = success(&out);
    assert!(plan.contains("PATCH"), "{plan}");
    assert!(!plan.contains(PASSWORD), "{plan}");
    assert!(api.seen().await.is_empty());
}

/// --password works, with a warning, and is not echoed either.
#[tokio::test(flavor = "multi_thread")]
async fn a_password_on_argv_is_accepted_with_a_warning() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &pg_path("/password"),
        Some(json!({"password": PASSWORD})),
        json!({}),
    )
    .await;
    let sandbox = Sandbox::new();
    let out = api
        .run_with(reset_password(
            &api,
            &sandbox,
            &["--password", PASSWORD],
            "",
        ))
        .await;
    let printed = success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("other local users"), "{stderr}");
    assert!(!printed.contains(PASSWORD) && !stderr.contains(PASSWORD));
    api.verify().await;
}

/// Bad input is refused with exit 2 and nothing is sent.
#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_sending() {
    let sandbox = Sandbox::new();
    let api = Api::start().await;
    for (stdin, extra) in [
        ("short1A\n", &[][..]),
        ("alllowercase123\n", &[]),
        ("\n", &[]),
    ] {
        let out = api
            .run_with(reset_password(&api, &sandbox, extra, stdin))
            .await;
        assert_eq!(out.status.code(), Some(2), "{stdin:?}");
    }
    let bad_file = sandbox.config_dir.path().join("bad.json");
    std::fs::write(&bad_file, r#"{"pgConfig": {}}"#).unwrap();
    let bad_file = bad_file.to_str().unwrap().to_owned();
    for args in [
        vec!["postgres", "update", PG, "--org-id", ORG],
        vec!["postgres", "config", "patch", PG, "--org-id", ORG],
        vec![
            "postgres", "config", "replace", PG, "--org-id", ORG, "--file", &bad_file,
        ],
        vec![
            "postgres",
            "create",
            "--org-id",
            ORG,
            "--name",
            "x",
            "--region",
            "r",
            "--size",
            "s",
            "--pg-version",
            "9",
        ],
        vec![
            "postgres",
            "restore",
            PG,
            "--org-id",
            ORG,
            "--name",
            "x",
            "--restore-target",
            "yesterday",
        ],
        vec![
            "postgres",
            "slow-query",
            "list",
            PG,
            "--org-id",
            ORG,
            "--limit",
            "501",
        ],
    ] {
        let out = api.run(&sandbox, &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    assert!(api.seen().await.is_empty(), "{:?}", api.seen().await);
}

/// `delete` without --yes and without a terminal is refused before any request.
#[tokio::test(flavor = "multi_thread")]
async fn delete_needs_yes_without_a_terminal() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &["postgres", "delete", PG, "--org-id", ORG],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(api.seen().await.is_empty());
}

/// `create --wait` polls `get` until running and keeps the one-time password of the create.
#[tokio::test(flavor = "multi_thread")]
async fn create_wait_polls_until_running_and_keeps_the_password() {
    let api = Api::start().await;
    let mut creating = service();
    creating["state"] = json!("creating");
    creating["password"] = json!("Initial0Password");
    api.expect("POST", &org_path("/postgres"), None, creating)
        .await;
    api.expect("GET", &pg_path(""), None, service()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "postgres",
                "create",
                "--org-id",
                ORG,
                "--name",
                "orders-db",
                "--region",
                "us-east-1",
                "--size",
                "c6gd.large",
                "--wait",
                "--json",
            ],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed["state"], "running");
    assert_eq!(printed["password"], "Initial0Password");
    api.verify().await;
}

/// The spec's PATCH body needs both sections: the one `--set` leaves alone is sent as it
/// stands (read first), so it changes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_patch_of_one_section_sends_the_other_as_it_stands() {
    let api = Api::start().await;
    api.expect("GET", &pg_path("/config"), None, config()).await;
    api.expect(
        "PATCH",
        &pg_path("/config"),
        Some(json!({
            "pgConfig": {"max_connections": 300},
            "pgBouncerConfig": {"default_pool_size": "16"}
        })),
        config(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "postgres",
                "config",
                "patch",
                PG,
                "--org-id",
                ORG,
                "--set",
                "max_connections=300",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}
