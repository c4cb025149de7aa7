//! `cloud postgres` end to end: the real `cloud` against `cloud-emulator`, with an admin key
//! (services move through their states on the emulator's clock, `--wait` follows them) and
//! under an OAuth login (reads work, writes are refused before any request).

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use crate::support::emulator::*;
use crate::support::{Sandbox, stderr, success};

const PASSWORD: &str = "E2eStdinPassw0rd";

/// Every `postgres` leaf, for `e2e::every_leaf_command_succeeds_with_an_admin_key`.
pub fn every_leaf(
    run: &dyn Fn(&str, &[&str]) -> Value,
    run_text: &dyn Fn(&str, &[&str]) -> String,
) {
    let created = run(
        "postgres create",
        &[
            "postgres",
            "create",
            "--name",
            "e2e-pg",
            "--region",
            "us-east-1",
            "--size",
            "c6gd.large",
            "--ha-type",
            "async",
            "--wait",
        ],
    );
    assert_eq!(created["state"], "running", "{created}");
    assert!(created["password"].is_string(), "{created}");
    let id = created["id"].as_str().expect("an id").to_owned();
    let id = id.as_str();
    assert_eq!(run("postgres list", &["postgres", "list"])[0]["id"], id);
    run("postgres get", &["postgres", "get", "e2e-pg"]);
    run(
        "postgres update",
        &[
            "postgres",
            "update",
            id,
            "--size",
            "c6gd.xlarge",
            "--add-tag",
            "env=e2e",
        ],
    );
    assert!(
        run_text("postgres certs get", &["postgres", "certs", "get", id])
            .contains("BEGIN CERTIFICATE")
    );
    run("postgres config get", &["postgres", "config", "get", id]);
    run(
        "postgres config replace",
        &[
            "postgres",
            "config",
            "replace",
            id,
            "--file",
            crate::classification::POSTGRES_CONFIG,
        ],
    );
    run(
        "postgres config patch",
        &["postgres", "config", "patch", id, "--set", "work_mem=64MB"],
    );
    run(
        "postgres reset-password",
        &["postgres", "reset-password", id, "--generate"],
    );
    let replica = run(
        "postgres read-replica create",
        &[
            "postgres",
            "read-replica",
            "create",
            id,
            "--name",
            "e2e-pg-replica",
            "--wait",
        ],
    );
    let replica_id = replica["id"].as_str().expect("an id").to_owned();
    let promoted = run(
        "postgres promote",
        &["postgres", "promote", &replica_id, "--wait"],
    );
    assert_eq!(promoted["isPrimary"], true);
    run("postgres restart", &["postgres", "restart", id, "--wait"]);
    run(
        "postgres switchover",
        &["postgres", "switchover", id, "--wait"],
    );
    let restored = run(
        "postgres restore",
        &[
            "postgres",
            "restore",
            id,
            "--name",
            "e2e-pg-restored",
            "--restore-target",
            "2026-11-30T12:00:00Z",
            "--wait",
        ],
    );
    assert_eq!(restored["state"], "running");
    let metrics = run("postgres metrics", &["postgres", "metrics", id]);
    assert!(metrics["metrics"][0]["series"].is_array(), "{metrics}");
    let patterns = run(
        "postgres slow-query list",
        &["postgres", "slow-query", "list", id],
    );
    let first = &patterns[0];
    let query_id = first["queryId"].as_str().expect("a query id").to_owned();
    let detail = run(
        "postgres slow-query get",
        &[
            "postgres",
            "slow-query",
            "get",
            id,
            &query_id,
            "--db-name",
            first["dbName"].as_str().unwrap(),
            "--db-user",
            first["dbUser"].as_str().unwrap(),
            "--db-operation",
            first["dbOperation"].as_str().unwrap(),
        ],
    );
    assert_eq!(detail["aggregate"]["queryId"], query_id.as_str());
    assert!(run_text("postgres prometheus", &["postgres", "prometheus"]).contains("pg_up"));
    assert!(run_text("postgres prometheus", &["postgres", "prometheus", id]).contains("pg_up"));
    for doomed in [id, replica_id.as_str(), restored["id"].as_str().unwrap()] {
        run(
            "postgres delete",
            &["postgres", "delete", doomed, "--yes", "--wait"],
        );
    }
    assert_eq!(
        run("postgres list", &["postgres", "list"]),
        serde_json::json!([])
    );
}

fn admin(emulator: &Emulator, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let key = emulator.admin_key();
    let mut command = Sandbox::new().std_cloud();
    command
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

#[track_caller]
fn admin_json(emulator: &Emulator, args: &[&str]) -> Value {
    let mut argv = args.to_vec();
    argv.push("--json");
    serde_json::from_str(&success(&admin(emulator, &argv, None))).unwrap()
}

/// Create with --wait, configure, add a read replica, reset the password from stdin, delete;
/// under an OAuth login the reads work and every write is refused before any request.
#[test]
fn a_postgres_service_from_creation_to_deletion() {
    let emulator = Emulator::start_with(&[
        "--auto-approve",
        "--device-interval",
        "1",
        "--transition-ms",
        "300",
    ]);
    let created = admin_json(
        &emulator,
        &[
            "postgres",
            "create",
            "--name",
            "orders-db",
            "--region",
            "us-east-1",
            "--size",
            "c6gd.large",
            "--pg-version",
            "17",
            "--tag",
            "env=prod",
            "--wait",
        ],
    );
    assert_eq!(created["state"], "running", "{created}");
    let id = created["id"].as_str().unwrap().to_owned();

    // A body the spec refuses is refused by the emulator too (the CLI leaves sizes to it).
    let out = admin(
        &emulator,
        &[
            "postgres",
            "create",
            "--name",
            "x",
            "--region",
            "us-east-1",
            "--size",
            "huge",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("HTTP 400"), "{}", stderr(&out));

    let patched = admin_json(
        &emulator,
        &[
            "postgres",
            "config",
            "patch",
            "orders-db",
            "--set",
            "max_connections=250",
            "--set",
            "pgbouncer.default_pool_size=32",
        ],
    );
    assert_eq!(patched["pgConfig"]["max_connections"], 250);
    let config = admin_json(&emulator, &["postgres", "config", "get", &id]);
    assert_eq!(config["pgBouncerConfig"]["default_pool_size"], "32");

    let replica = admin_json(
        &emulator,
        &[
            "postgres",
            "read-replica",
            "create",
            "orders-db",
            "--name",
            "orders-db-replica",
            "--wait",
        ],
    );
    assert_eq!(replica["state"], "running");
    assert_eq!(replica["isPrimary"], false);
    assert_eq!(
        replica["postgresVersion"], "17",
        "a replica runs its primary's version"
    );

    let out = admin(
        &emulator,
        &["postgres", "reset-password", "orders-db"],
        Some(&format!("{PASSWORD}\n")),
    );
    let printed = success(&out);
    assert!(!printed.contains(PASSWORD) && !stderr(&out).contains(PASSWORD));
    let sent = emulator
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH" && r.path.ends_with("/password"))
        .expect("the password request");
    assert_eq!(sent.status, 200);

    reads_work_and_writes_are_refused_under_oauth(&emulator, &id);

    for doomed in ["orders-db-replica", "orders-db"] {
        success(&admin(
            &emulator,
            &["postgres", "delete", doomed, "--yes", "--wait"],
            None,
        ));
    }
    assert_eq!(
        admin_json(&emulator, &["postgres", "list"]),
        serde_json::json!([])
    );
}

fn reads_work_and_writes_are_refused_under_oauth(emulator: &Emulator, id: &str) {
    let sandbox = Sandbox::new();
    success(
        &sandbox
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .args(["auth", "login", "--no-browser"])
            .output()
            .unwrap(),
    );
    let cloud = |args: &[&str]| {
        sandbox
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .args(args)
            .output()
            .unwrap()
    };
    let reads: &[&[&str]] = &[
        &["postgres", "list"],
        &["postgres", "get", id],
        &["postgres", "certs", "get", id],
        &["postgres", "config", "get", id],
        &["postgres", "metrics", id],
        &["postgres", "slow-query", "list", id],
        &["postgres", "prometheus"],
        &["postgres", "prometheus", id],
    ];
    for args in reads {
        success(&cloud(args));
    }
    emulator.clear_requests();
    let writes = crate::classification::WRITE_INVOCATIONS
        .iter()
        .filter(|argv| argv[0] == "postgres");
    let mut count = 0;
    for argv in writes {
        let args: Vec<&str> = argv
            .iter()
            .map(|a| if *a == crate::support::SERVICE { id } else { a })
            .collect();
        let out = cloud(&args);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr(&out));
        count += 1;
    }
    assert_eq!(count, 11, "every postgres write");
    let mutations: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/") && r.method != "GET")
        .collect();
    assert!(mutations.is_empty(), "{mutations:?}");
}
