//! End to end: the real `cloud` binary against `cloud-emulator` over real HTTP.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::Sandbox;
use crate::support::emulator::*;
use crate::support::spec::operation_of;

/// Runs `cloud` with `key` against `emulator`; returns the output.
fn cloud_as(emulator: &Emulator, key: &SeededKey, args: &[&str]) -> std::process::Output {
    Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLOUD_QUERY_URL", emulator.query_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(args)
        .output()
        .expect("run cloud")
}

/// Runs a command as the admin and returns its `--json` output.
#[track_caller]
fn admin_json(emulator: &Emulator, args: &[&str]) -> Value {
    let mut argv = args.to_vec();
    argv.push("--json");
    let out = cloud_as(emulator, emulator.admin_key(), &argv);
    let stdout = crate::support::success(&out);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}"))
}

#[track_caller]
fn admin_ok(emulator: &Emulator, args: &[&str]) -> String {
    crate::support::success(&cloud_as(emulator, emulator.admin_key(), args))
}

fn wait_for_state(emulator: &Emulator, service: &str, wanted: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = admin_json(emulator, &["service", "get", service]);
        if found["state"] == wanted {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{service} never became {wanted}: {found}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Every API leaf command in the catalog succeeds with an admin key, in an order
/// that makes sense to a user (create before get, stop before delete).
/// What the sweep records for a request to the Query API, which is not in the spec.
const QUERY_API: &str = "(Query API) POST /service/{id}/run";

#[test]
fn every_leaf_command_succeeds_with_an_admin_key() {
    // The SQL leaves need a ClickHouse behind the emulator's Query API.
    let clickhouse = crate::support::clickhouse::or_skip(
        "every_leaf_command_succeeds_with_an_admin_key (for `service query` and `service sql` only)",
    );
    let mut flags = vec!["--transition-ms", "200"];
    if let Some(server) = clickhouse {
        flags.extend(["--clickhouse-url", server.url()]);
    }
    let emulator = Emulator::start_with(&flags);
    let covered = std::cell::RefCell::new(BTreeSet::new());
    // What each leaf sent, as (method, operationId), from the emulator's request log.
    let observed = std::cell::RefCell::new(BTreeMap::<String, BTreeSet<(String, String)>>::new());
    let record = |path: &str| {
        let mut observed = observed.borrow_mut();
        let sent = observed.entry(path.to_owned()).or_default();
        for request in emulator.requests() {
            if request.path.starts_with("/service/") && request.path.ends_with("/run") {
                sent.insert((request.method, QUERY_API.to_owned()));
                continue;
            }
            let operation = operation_of(&request.method, &request.path).unwrap_or_else(|| {
                panic!(
                    "`{path}` sent {} {}, which is no operation of the spec",
                    request.method, request.path
                )
            });
            sent.insert((request.method, operation));
        }
    };
    let run = |path: &str, args: &[&str]| -> Value {
        covered.borrow_mut().insert(path.to_owned());
        emulator.clear_requests();
        let value = admin_json(&emulator, args);
        record(path);
        value
    };
    let run_text = |path: &str, args: &[&str]| -> String {
        covered.borrow_mut().insert(path.to_owned());
        emulator.clear_requests();
        let text = admin_ok(&emulator, args);
        record(path);
        text
    };
    let org = DEMO_ORG_ID;
    let svc = DEMO_SERVICE_ID;

    run("org list", &["org", "list"]);
    run("org get", &["org", "get", org]);
    run(
        "org update",
        &["org", "update", org, "--name", "Demo Org Renamed"],
    );
    assert!(run_text("org prometheus", &["org", "prometheus"]).contains("# TYPE"));
    let byoc = run(
        "org byoc create",
        &[
            "org",
            "byoc",
            "create",
            "--region",
            "eu-west-1",
            "--account-id",
            "123456789012",
            "--name",
            "e2e-byoc",
        ],
    );
    assert_eq!(byoc["cloudProvider"], "aws");
    run(
        "org byoc update",
        &["org", "byoc", "update", "e2e-byoc", "--name", "e2e-byoc-2"],
    );
    run(
        "org byoc delete",
        &["org", "byoc", "delete", "e2e-byoc-2", "--yes"],
    );
    run(
        "org usage",
        &[
            "org",
            "usage",
            "--from-date",
            "2026-01-01",
            "--to-date",
            "2026-01-07",
        ],
    );

    run("service list", &["service", "list"]);
    run("service get", &["service", "get", svc]);
    run("service client", &["service", "client", svc]);
    assert!(run_text("service prometheus", &["service", "prometheus", svc]).contains("# TYPE"));
    run(
        "service update",
        &[
            "service",
            "update",
            svc,
            "--add-ip-allow",
            "203.0.113.0/24",
            "--add-tag",
            "env=e2e",
        ],
    );
    run(
        "service scale",
        &[
            "service",
            "scale",
            svc,
            "--min-replica-memory-gb",
            "16",
            "--max-replica-memory-gb",
            "32",
        ],
    );
    run(
        "service reset-password",
        &["service", "reset-password", svc, "--yes"],
    );
    run(
        "service backup-config get",
        &["service", "backup-config", "get", svc],
    );
    run(
        "service backup-config update",
        &[
            "service",
            "backup-config",
            "update",
            svc,
            "--backup-retention-period-hours",
            "48",
        ],
    );
    run(
        "service query-endpoint create",
        &[
            "service",
            "query-endpoint",
            "create",
            svc,
            "--role",
            "sql_console_read_only",
            "--open-api-key",
            DEMO_ADMIN_KEY_UUID,
        ],
    );
    run(
        "service query-endpoint get",
        &["service", "query-endpoint", "get", svc],
    );
    if clickhouse.is_some() {
        // The admin key, bound read-only above, reads; `service sql` runs what it is given.
        let rows = run(
            "service query",
            &["service", "query", svc, "--query", "SELECT 1 AS one"],
        );
        assert_eq!(rows, serde_json::json!({ "one": 1 }));
        let rows = run(
            "service sql",
            &["service", "sql", svc, "--query", "SELECT 2 AS two"],
        );
        assert_eq!(rows, serde_json::json!({ "two": 2 }));
    }
    run(
        "service query-endpoint delete",
        &["service", "query-endpoint", "delete", svc, "--yes"],
    );
    run(
        "service private-endpoint get-config",
        &["service", "private-endpoint", "get-config", svc],
    );
    run(
        "service private-endpoint create",
        &[
            "service",
            "private-endpoint",
            "create",
            svc,
            "--endpoint-id",
            "vpce-0123456789abcdef0",
            "--description",
            "e2e",
        ],
    );
    crate::e2e_service_config::every_leaf(&run, &run_text, svc);
    crate::e2e_postgres::every_leaf(&run, &run_text);
    crate::e2e_clickpipe::every_leaf(&run, &run_text, svc);

    let backups = run("backup list", &["backup", "list", svc]);
    let backup_id = backups[0]["id"]
        .as_str()
        .expect("a seeded backup")
        .to_owned();
    run("backup get", &["backup", "get", svc, &backup_id]);
    let restored = run(
        "backup restore",
        &[
            "backup",
            "restore",
            svc,
            &backup_id,
            "--name",
            "e2e-restored",
        ],
    );
    assert_eq!(restored["region"], "us-east-1");
    assert!(restored["password"].is_string(), "{restored}");

    // ClickStack: every kind created from a file, listed, read, replaced and deleted.
    for word in crate::commands::clickstack::WORDS {
        let file = &crate::commands::clickstack::fixture(word);
        let path = |verb: &str| format!("clickstack {word} {verb}");
        let created = run(
            &path("create"),
            &["clickstack", word, "create", svc, "--file", file],
        );
        let id = created["id"].as_str().expect("an id").to_owned();
        let listed = run(&path("list"), &["clickstack", word, "list", svc]);
        assert_eq!(listed[0]["id"], id.as_str(), "{word}");
        let got = run(&path("get"), &["clickstack", word, "get", svc, &id]);
        assert_eq!(got, created, "{word}");
        let updated = run(
            &path("update"),
            &["clickstack", word, "update", svc, &id, "--file", file],
        );
        assert_eq!(updated["id"], id.as_str(), "{word}");
        run(
            &path("delete"),
            &["clickstack", word, "delete", svc, &id, "--yes"],
        );
        let after = run(&path("list"), &["clickstack", word, "list", svc]);
        assert_eq!(after, serde_json::json!([]), "{word}");
    }
    let dashboard = crate::commands::clickstack::fixture("dashboard");
    let verdict = run(
        "clickstack dashboard validate",
        &[
            "clickstack",
            "dashboard",
            "validate",
            svc,
            "--file",
            &dashboard,
        ],
    );
    assert_eq!(verdict["valid"], true);

    run("member list", &["member", "list"]);
    run("member get", &["member", "get", DEVELOPER_USER_ID]);
    run(
        "member update",
        &[
            "member",
            "update",
            DEVELOPER_USER_ID,
            "--role-id",
            ADMIN_ROLE_ID,
        ],
    );
    run(
        "member remove",
        &["member", "remove", DEVELOPER_USER_ID, "--yes"],
    );

    let invitation = run(
        "invitation create",
        &[
            "invitation",
            "create",
            "--email",
            "new@example.com",
            "--role-id",
            DEVELOPER_ROLE_ID,
        ],
    );
    let invitation_id = invitation["id"].as_str().expect("invitation id").to_owned();
    run("invitation list", &["invitation", "list"]);
    run("invitation get", &["invitation", "get", &invitation_id]);
    run(
        "invitation delete",
        &["invitation", "delete", &invitation_id, "--yes"],
    );

    let created = run(
        "key create",
        &[
            "key",
            "create",
            "--name",
            "e2e",
            "--role-id",
            DEVELOPER_ROLE_ID,
        ],
    );
    let key_uuid = created["id"].as_str().expect("key id").to_owned();
    run("key list", &["key", "list"]);
    let roles = run("role list", &["role", "list"]);
    assert_eq!(roles[1]["id"], DEVELOPER_ROLE_ID);
    let role = run("role get", &["role", "get", DEVELOPER_ROLE_ID]);
    assert_eq!(role["name"], "Developer");
    let actor = format!("apiKey/{key_uuid}");
    let custom = run(
        "role create",
        &[
            "role",
            "create",
            "--name",
            "E2E viewers",
            "--allow",
            "control-plane:service:view",
            "--resource",
            "instance/*",
            "--actor",
            &actor,
        ],
    );
    assert_eq!(custom["type"], "custom");
    let renamed = run(
        "role update",
        &["role", "update", "E2E viewers", "--name", "E2E readers"],
    );
    assert_eq!(renamed["actors"], serde_json::json!([actor]));
    run("role delete", &["role", "delete", "E2E readers", "--yes"]);
    run("key get", &["key", "get", &key_uuid]);
    run(
        "key update",
        &["key", "update", &key_uuid, "--state", "disabled"],
    );
    run("key delete", &["key", "delete", &key_uuid, "--yes"]);

    // A new service: provisioning, then running; stop; delete with --force.
    let created = run(
        "service create",
        &[
            "service",
            "create",
            "--name",
            "e2e",
            "--provider",
            "aws",
            "--region",
            "eu-west-1",
            "--ip-allow",
            "198.51.100.0/24",
        ],
    );
    let new_id = created["id"].as_str().expect("service id").to_owned();
    wait_for_state(&emulator, &new_id, "running");
    run("service stop", &["service", "stop", &new_id]);
    wait_for_state(&emulator, &new_id, "stopped");
    run("service start", &["service", "start", &new_id]);
    wait_for_state(&emulator, &new_id, "running");
    run(
        "service delete",
        &["service", "delete", &new_id, "--force", "--yes"],
    );
    let out = cloud_as(
        &emulator,
        emulator.admin_key(),
        &["service", "get", &new_id],
    );
    assert_eq!(out.status.code(), Some(5), "deleted service is gone");

    let activities = run("activity list", &["activity", "list"]);
    let activity_id = activities[0]["id"]
        .as_str()
        .expect("an activity")
        .to_owned();
    run("activity get", &["activity", "get", &activity_id]);

    // UDFs: created from a temporary archive, in versions, attached to a service.
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("hello.zip");
    std::fs::copy(crate::classification::UDF_ARCHIVE, &archive).unwrap();
    let archive = archive.to_str().unwrap();
    let definition = [
        "--file",
        archive,
        "--runtime",
        "python3.11",
        "--arg",
        "name:String",
        "--return-type",
        "String",
    ];
    let created = run(
        "udf create",
        &[&["udf", "create", "hello"][..], &definition].concat(),
    );
    assert_eq!(created["status"], "building");
    let wait_ready = || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while admin_json(&emulator, &["udf", "get", "hello"])["status"] != "ready" {
            assert!(Instant::now() < deadline, "the UDF never became ready");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_ready();
    let listed = run("udf list", &["udf", "list"]);
    assert_eq!(listed[0]["functionName"], "hello");
    run("udf get", &["udf", "get", "hello"]);
    let second = run(
        "udf version create",
        &[&["udf", "version", "create", "hello"][..], &definition].concat(),
    );
    assert_eq!(second["version"], 2);
    let versions = run("udf version list", &["udf", "version", "list", "hello"]);
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
    wait_ready();
    let attached = run(
        "udf attach",
        &["udf", "attach", "hello", svc, "--version", "1"],
    );
    assert_eq!(attached["version"], 1);
    let attachments = run(
        "udf attachment list",
        &["udf", "attachment", "list", "hello"],
    );
    assert_eq!(attachments[0]["serviceId"], svc);
    run(
        "udf attachment get",
        &["udf", "attachment", "get", "hello", svc],
    );
    run("udf detach", &["udf", "detach", "hello", svc]);
    run(
        "udf version delete",
        &["udf", "version", "delete", "hello", "2", "--yes"],
    );
    run("udf delete", &["udf", "delete", "hello", "--yes"]);
    let out = cloud_as(&emulator, emulator.admin_key(), &["udf", "get", "hello"]);
    assert_eq!(out.status.code(), Some(5), "deleted UDF is gone");

    // Raw access: a read, and a write through the same gate.
    let orgs = run("api", &["api", "GET", "/v1/organizations"]);
    assert_eq!(orgs[0]["id"], org);
    let renamed = run(
        "api",
        &[
            "api",
            "PATCH",
            &format!("organizations/{org}"),
            "-F",
            "name=Renamed Raw",
        ],
    );
    assert_eq!(renamed["name"], "Renamed Raw");

    // Every API command of the catalog was exercised.
    let catalog: Vec<Value> =
        serde_json::from_str(&admin_ok(&emulator, &["commands", "--json"])).unwrap();
    let api_commands: BTreeSet<String> = catalog
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .filter(|p| {
            !["auth ", "context ", "config "]
                .iter()
                .any(|local| p.starts_with(local))
                && p != "commands"
                && p != "completion"
                && p != "man"
                // Skipped above without ClickHouse (commands::sql still checks their
                // requests against wiremock).
                && (clickhouse.is_some() || (p != "service query" && p != "service sql"))
        })
        .collect();
    assert_eq!(covered.into_inner(), api_commands);

    // Each leaf called only operations it declares, and Read leaves only GET.
    for entry in &catalog {
        let path = entry["path"].as_str().unwrap();
        // `cloud api` may call any operation (it declares `*`) and its access follows the
        // method it is given: `commands::api::the_method_decides_the_access` checks that.
        if path == "api" {
            continue;
        }
        let Some(sent) = observed.borrow().get(path).cloned() else {
            continue;
        };
        let declared: BTreeSet<&str> = entry["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        for (method, operation) in &sent {
            // The Query API is not in the spec; what a read may run there is decided by the
            // SQL (`ReadSql`, and ClickHouse's readonly=1), not the method.
            if operation == QUERY_API {
                assert!(
                    ["service query", "service sql"].contains(&path),
                    "`{path}` called the Query API"
                );
                continue;
            }
            assert!(
                declared.contains(operation.as_str()),
                "`{path}` called {operation} ({method}), which it does not declare: {declared:?}"
            );
            if entry["access"] == "read" {
                assert_eq!(
                    method, "GET",
                    "`{path}` is Read but sent {method} ({operation})"
                );
            }
        }
        assert!(!sent.is_empty(), "`{path}` sent nothing");
    }
}

#[test]
fn service_states_move_as_seen_through_service_get() {
    // Long enough that `stopping` is still seen on a loaded machine: the stop itself now
    // learns the key's role first.
    let emulator = Emulator::start_with(&["--transition-ms", "2000"]);
    let created = admin_json(
        &emulator,
        &[
            "service",
            "create",
            "--name",
            "states",
            "--provider",
            "gcp",
            "--region",
            "us-central1",
        ],
    );
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["state"], "provisioning");
    let running = wait_for_state(&emulator, &id, "running");
    assert_eq!(running["name"], "states");
    admin_ok(&emulator, &["service", "stop", &id]);
    let now = admin_json(&emulator, &["service", "get", &id]);
    assert_eq!(now["state"], "stopping");
    wait_for_state(&emulator, &id, "stopped");
}

/// `service create` with neither --provider nor --region makes an aws service in us-east-1
/// on the emulator, which checks that the pair is real.
#[test]
fn service_create_defaults_to_aws_us_east_1() {
    let emulator = Emulator::start();
    let out = cloud_as(
        &emulator,
        emulator.admin_key(),
        &["service", "create", "--name", "defaults", "--json"],
    );
    let created: Value = serde_json::from_str(&crate::support::success(&out)).unwrap();
    assert_eq!(created["provider"], "aws");
    assert_eq!(created["region"], "us-east-1");
    let notices = String::from_utf8_lossy(&out.stderr);
    assert!(notices.contains("the defaults"), "{notices}");
}

#[test]
fn deleting_a_running_service_without_force_is_a_conflict() {
    let emulator = Emulator::start();
    let out = cloud_as(
        &emulator,
        emulator.admin_key(),
        &["service", "delete", DEMO_SERVICE_ID, "--yes"],
    );
    assert_eq!(out.status.code(), Some(6));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("HTTP 409"), "{message}");
    assert!(message.contains("--force"), "{message}");
}

/// The developer key's role only reads: `cloud` learns it from the key's own record and
/// refuses the write before sending it. The emulator's log shows the lookup's GETs only.
#[test]
fn a_developer_key_write_is_refused_before_any_mutating_request() {
    let emulator = Emulator::start();
    let developer = emulator.developer_key();
    let out = cloud_as(&emulator, developer, &["service", "list"]);
    crate::support::success(&out);
    assert!(
        !emulator
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/keys")),
        "a read makes no role lookup: {:?}",
        emulator.requests()
    );

    emulator.clear_requests();
    let out = cloud_as(
        &emulator,
        developer,
        &["service", "stop", DEMO_SERVICE_ID, "--json"],
    );
    assert_eq!(out.status.code(), Some(4));
    let error: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(error["error"]["code"], "write_requires_api_key");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("role is `Developer`"), "{message}");
    assert!(!message.contains("HTTP 403"), "{message}");
    let sent: Vec<(String, String)> = emulator
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(
        sent,
        [
            ("GET".to_owned(), "/v1/organizations".to_owned()),
            (
                "GET".to_owned(),
                format!("/v1/organizations/{DEMO_ORG_ID}/keys")
            ),
        ]
    );
    let state = admin_json(&emulator, &["service", "get", DEMO_SERVICE_ID]);
    assert_eq!(state["state"], "running", "nothing changed");
}

/// An admin key's write goes through; its role is cached, so the next write in ten
/// minutes makes no lookup.
#[test]
fn an_admin_key_write_proceeds_and_its_role_is_cached() {
    let emulator = Emulator::start();
    let admin = emulator.admin_key();
    let sandbox = Sandbox::new();
    let rename = |name: &str| {
        sandbox
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .env("CLICKHOUSE_CLOUD_API_KEY", &admin.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &admin.secret)
            .args(["org", "update", DEMO_ORG_ID, "--name", name])
            .output()
            .unwrap()
    };
    let lookups = |requests: &[RecordedRequest]| {
        requests
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/keys"))
            .count()
    };

    emulator.clear_requests();
    crate::support::success(&rename("Renamed once"));
    let first = emulator.requests();
    assert_eq!(lookups(&first), 1, "{first:?}");
    assert!(first.iter().any(|r| r.method == "PATCH"), "{first:?}");
    let cache = std::fs::read_to_string(sandbox.config_dir.path().join("key-roles.toml")).unwrap();
    assert!(
        cache.contains("Admin") && !cache.contains(&admin.secret),
        "{cache}"
    );

    emulator.clear_requests();
    crate::support::success(&rename("Renamed twice"));
    let second = emulator.requests();
    assert_eq!(lookups(&second), 0, "cached: {second:?}");
    let sent: Vec<&str> = second.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(sent, ["PATCH"]);
}

/// `auth status` names the active key's role, and says a read-only role clamps it.
#[test]
fn auth_status_shows_the_api_key_role() {
    let emulator = Emulator::start();
    let out = cloud_as(
        &emulator,
        emulator.developer_key(),
        &["auth", "status", "--json"],
    );
    let status: Value = serde_json::from_str(&crate::support::success(&out)).unwrap();
    assert_eq!(status["active"], "environment");
    let row = &status["sources"][1];
    assert_eq!(row["role"], "Developer", "{row}");
    assert_eq!(row["access"], "read-only (clamped)", "{row}");

    let out = cloud_as(&emulator, emulator.admin_key(), &["auth", "status"]);
    let table = crate::support::success(&out);
    assert!(table.contains("role Admin"), "{table}");
    assert!(table.contains("[read/write]"), "{table}");
}

/// With a bearer token the write never leaves the machine: the emulator's request log
/// shows no mutating request.
#[test]
fn bearer_writes_never_reach_the_emulator() {
    let emulator = Emulator::start();
    let out = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLOUD_ACCESS_TOKEN", "any-token")
        .args(["service", "stop", DEMO_SERVICE_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(emulator.requests().iter().all(|r| r.method == "GET"));
}

/// `--dry-run` against the real emulator: the plan is printed, the service keeps running,
/// and the emulator saw only reads.
#[test]
fn a_dry_run_changes_nothing_on_the_emulator() {
    let emulator = Emulator::start();
    emulator.clear_requests();
    for args in [
        &["service", "stop", DEMO_SERVICE_ID, "--dry-run"][..],
        &["service", "delete", DEMO_SERVICE_ID, "--force", "--dry-run"],
        &["api", "DELETE", "/v1/organizations", "--dry-run"],
    ] {
        let out = cloud_as(&emulator, emulator.admin_key(), args);
        let text = crate::support::success(&out);
        assert!(
            text.starts_with("PATCH ") || text.starts_with("DELETE "),
            "{text}"
        );
    }
    assert!(
        emulator.requests().iter().all(|r| r.method == "GET"),
        "{:?}",
        emulator.requests()
    );
    let state = admin_json(&emulator, &["service", "get", DEMO_SERVICE_ID]);
    assert_eq!(state["state"], "running");
}

/// Login against the emulator stores the key; the next commands need no flags at all.
#[test]
fn login_then_use_the_stored_key() {
    let emulator = Emulator::start();
    let sandbox = Sandbox::new();
    let admin = emulator.admin_key();
    let out = sandbox
        .cloud()
        .args([
            "auth",
            "login",
            "--api-url",
            emulator.base_url(),
            "--api-key",
            &admin.key_id,
            "--api-secret-stdin",
        ])
        .write_stdin(format!("{}\n", admin.secret))
        .output()
        .unwrap();
    crate::support::success(&out);
    let out = sandbox
        .cloud()
        .args(["service", "list", "--json"])
        .output()
        .unwrap();
    let services: Value = serde_json::from_str(&crate::support::success(&out)).unwrap();
    assert_eq!(services[0]["id"], DEMO_SERVICE_ID);
}

/// Under the emulator's rate limit, reads wait as told by Retry-After and succeed.
#[test]
fn reads_ride_out_a_rate_limit() {
    let emulator = Emulator::start_with(&["--rate-limit", "1"]);
    // Two reads in a row: the organization lookup, then the services.
    let out = cloud_as(
        &emulator,
        emulator.admin_key(),
        &["service", "list", "--json"],
    );
    let services: Value = serde_json::from_str(&crate::support::success(&out)).unwrap();
    assert_eq!(services[0]["id"], DEMO_SERVICE_ID);
    let statuses: Vec<u16> = emulator.requests().iter().map(|r| r.status).collect();
    assert!(statuses.contains(&429), "the limit was hit: {statuses:?}");
    assert_eq!(statuses.last(), Some(&200));
}
