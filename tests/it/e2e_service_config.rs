//! The scaling schedule, upgrade window and ClickHouse settings end to end: the real `cloud`
//! against `cloud-emulator`, with an admin key (every change lands and reads back) and under
//! an OAuth login (reads work, writes are refused before any request).

use serde_json::Value;

use crate::support::emulator::*;
use crate::support::{Sandbox, stderr, success};

/// The leaves of this group, for `e2e::every_leaf_command_succeeds_with_an_admin_key`.
pub fn every_leaf(
    run: &dyn Fn(&str, &[&str]) -> Value,
    run_text: &dyn Fn(&str, &[&str]) -> String,
    svc: &str,
) {
    run(
        "service scaling-schedule set",
        &[
            "service",
            "scaling-schedule",
            "set",
            svc,
            "--name",
            "Business hours",
            "--weekdays",
            "mon-fri",
            "--start-hour",
            "8",
            "--end-hour",
            "18",
        ],
    );
    run(
        "service scaling-schedule get",
        &["service", "scaling-schedule", "get", svc],
    );
    run(
        "service scaling-schedule delete",
        &["service", "scaling-schedule", "delete", svc, "--yes"],
    );
    run(
        "service upgrade-window set",
        &[
            "service",
            "upgrade-window",
            "set",
            svc,
            "--weekday",
            "sat",
            "--start-hour",
            "6",
        ],
    );
    run(
        "service upgrade-window get",
        &["service", "upgrade-window", "get", svc],
    );
    run(
        "service upgrade-window delete",
        &["service", "upgrade-window", "delete", svc, "--yes"],
    );
    run(
        "service settings schema",
        &["service", "settings", "schema", svc],
    );
    run(
        "service settings set",
        &["service", "settings", "set", svc, "max_threads=4"],
    );
    run(
        "service settings list",
        &["service", "settings", "list", svc],
    );
    run(
        "service settings get",
        &["service", "settings", "get", svc, "max_threads"],
    );
    run_text(
        "service settings unset",
        &["service", "settings", "unset", svc, "max_threads"],
    );
    run(
        "service backup-bucket create",
        &[
            "service",
            "backup-bucket",
            "create",
            svc,
            "--provider",
            "aws",
            "--bucket-path",
            "s3://e2e-backups/ch",
            "--iam-role-arn",
            "arn:aws:iam::123456789012:role/e2e",
        ],
    );
    run(
        "service backup-bucket get",
        &["service", "backup-bucket", "get", svc],
    );
    run(
        "service backup-bucket update",
        &[
            "service",
            "backup-bucket",
            "update",
            svc,
            "--bucket-path",
            "s3://e2e-backups/ch2",
        ],
    );
    run(
        "service backup-bucket delete",
        &["service", "backup-bucket", "delete", svc, "--yes"],
    );
    let quotas = run("org quota list", &["org", "quota", "list"]);
    assert_eq!(quotas[0]["quotaCode"], "services-per-organization");
    run(
        "org quota get",
        &["org", "quota", "get", "replicas-per-warehouse"],
    );
    run(
        "org private-endpoint-config",
        &[
            "org",
            "private-endpoint-config",
            "--provider",
            "aws",
            "--region",
            "eu-west-1",
        ],
    );
}

fn admin(emulator: &Emulator, args: &[&str]) -> std::process::Output {
    let key = emulator.admin_key();
    Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(args)
        .output()
        .unwrap()
}

#[track_caller]
fn admin_json(emulator: &Emulator, args: &[&str]) -> Value {
    let mut argv = args.to_vec();
    argv.push("--json");
    serde_json::from_str(&success(&admin(emulator, &argv))).unwrap()
}

/// An OAuth (device flow) login against an auto-approving emulator.
pub fn oauth_session(emulator: &Emulator) -> Sandbox {
    let sandbox = Sandbox::new();
    let out = sandbox
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .args(["auth", "login", "--no-browser"])
        .output()
        .unwrap();
    success(&out);
    sandbox
}

/// Under OAuth: each read succeeds, each write exits 4 and the emulator sees no mutation.
pub fn reads_work_and_writes_are_refused_under_oauth(
    emulator: &Emulator,
    reads: &[&[&str]],
    writes: &[&[&str]],
) {
    let sandbox = oauth_session(emulator);
    let cloud = |args: &[&str]| {
        sandbox
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .args(args)
            .output()
            .unwrap()
    };
    for args in reads {
        success(&cloud(args));
    }
    emulator.clear_requests();
    for args in writes {
        let out = cloud(args);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr(&out));
    }
    let mutations: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/") && r.method != "GET")
        .collect();
    assert!(mutations.is_empty(), "{mutations:?}");
}

pub fn oauth_emulator() -> Emulator {
    Emulator::start_with(&["--auto-approve", "--device-interval", "1"])
}

#[test]
fn scaling_schedule_end_to_end() {
    let emulator = oauth_emulator();
    let svc = "demo-service";
    let out = admin(&emulator, &["service", "scaling-schedule", "get", svc]);
    assert_eq!(out.status.code(), Some(5), "no schedule yet: a 404");
    let set = admin_json(
        &emulator,
        &[
            "service",
            "scaling-schedule",
            "set",
            svc,
            "--name",
            "Overnight",
            "--weekdays",
            "sun-sat",
            "--start-hour",
            "20",
            "--end-hour",
            "4",
            "--autoscaling-mode",
            "horizontal",
            "--min-replica-memory-gb",
            "32",
            "--max-replica-memory-gb",
            "32",
            "--min-replicas",
            "2",
            "--max-replicas",
            "5",
        ],
    );
    assert_eq!(set["entries"][0]["name"], "Overnight");
    let got = admin_json(&emulator, &["service", "scaling-schedule", "get", svc]);
    assert_eq!(got["entries"][0]["maxReplicas"], 5);
    assert_eq!(got["entries"][0]["weekdays"].as_array().unwrap().len(), 7);
    assert_eq!(got["baseConfig"]["autoscalingMode"], "vertical");

    reads_work_and_writes_are_refused_under_oauth(
        &emulator,
        &[&["service", "scaling-schedule", "get", svc]],
        &[
            &["service", "scaling-schedule", "set", svc, "--clear"],
            &["service", "scaling-schedule", "delete", svc, "--yes"],
        ],
    );

    success(&admin(
        &emulator,
        &["service", "scaling-schedule", "delete", svc, "--yes"],
    ));
    let out = admin(&emulator, &["service", "scaling-schedule", "get", svc]);
    assert_eq!(out.status.code(), Some(5), "deleted: a 404 again");
}

#[test]
fn upgrade_window_end_to_end() {
    let emulator = oauth_emulator();
    let svc = DEMO_SERVICE_ID;
    let set = admin_json(
        &emulator,
        &[
            "service",
            "upgrade-window",
            "set",
            svc,
            "--weekday",
            "tue",
            "--start-hour",
            "12",
        ],
    );
    assert_eq!(
        set,
        serde_json::json!({ "weekday": 2, "startHourUtc": 12, "duration": 6 })
    );
    let got = admin_json(&emulator, &["service", "upgrade-window", "get", svc]);
    assert_eq!(got, set);

    reads_work_and_writes_are_refused_under_oauth(
        &emulator,
        &[&["service", "upgrade-window", "get", svc]],
        &[
            &[
                "service",
                "upgrade-window",
                "set",
                svc,
                "--weekday",
                "0",
                "--start-hour",
                "0",
            ],
            &["service", "upgrade-window", "delete", svc, "--yes"],
        ],
    );

    success(&admin(
        &emulator,
        &["service", "upgrade-window", "delete", svc, "--yes"],
    ));
    let out = admin(&emulator, &["service", "upgrade-window", "get", svc]);
    assert_eq!(out.status.code(), Some(5));
}

#[test]
fn clickhouse_settings_end_to_end() {
    let emulator = oauth_emulator();
    let svc = DEMO_SERVICE_ID;
    let schema = admin_json(&emulator, &["service", "settings", "schema", svc]);
    assert!(
        schema["settings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "max_threads")
    );
    let out = admin(
        &emulator,
        &[
            "service",
            "settings",
            "set",
            svc,
            "max_threads=8",
            "keep_alive_timeout=30",
        ],
    );
    success(&out);
    assert!(
        stderr(&out).contains("keep_alive_timeout: "),
        "the restart warning is shown: {}",
        stderr(&out)
    );
    let list = admin_json(&emulator, &["service", "settings", "list", svc]);
    assert_eq!(
        list["settings"],
        serde_json::json!([
            { "name": "keep_alive_timeout", "value": "30" },
            { "name": "max_threads", "value": "8" }
        ])
    );
    // The emulator checks values against the setting's type, as the API does.
    let out = admin(
        &emulator,
        &["service", "settings", "set", svc, "max_threads=many"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    reads_work_and_writes_are_refused_under_oauth(
        &emulator,
        &[
            &["service", "settings", "list", svc],
            &["service", "settings", "get", svc, "max_threads"],
            &["service", "settings", "schema", svc],
        ],
        &[
            &["service", "settings", "set", svc, "max_threads=2"],
            &["service", "settings", "unset", svc, "max_threads"],
        ],
    );

    success(&admin(
        &emulator,
        &["service", "settings", "unset", svc, "max_threads"],
    ));
    let got = admin_json(
        &emulator,
        &["service", "settings", "get", svc, "max_threads"],
    );
    assert_eq!(got["value"], "0", "back to the default");
}

#[test]
fn backup_bucket_end_to_end() {
    let emulator = oauth_emulator();
    let svc = DEMO_SERVICE_ID;
    let out = admin(&emulator, &["service", "backup-bucket", "get", svc]);
    assert_eq!(out.status.code(), Some(5), "none yet: a 404");
    // The demo service runs on AWS: a GCP bucket is the API's 400.
    let out = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &emulator.admin_key().key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &emulator.admin_key().secret)
        .args([
            "service",
            "backup-bucket",
            "create",
            svc,
            "--provider",
            "gcp",
            "--bucket-path",
            "gs://b",
            "--access-key-id",
            "GOOG1",
            "--secret-stdin",
        ])
        .write_stdin("hmac-secret\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let created = admin_json(
        &emulator,
        &[
            "service",
            "backup-bucket",
            "create",
            svc,
            "--provider",
            "aws",
            "--bucket-path",
            "s3://b/ch",
            "--iam-role-arn",
            "arn:aws:iam::123456789012:role/ch",
        ],
    );
    assert_eq!(created["bucketProvider"], "AWS");
    assert!(created["id"].is_string());
    let out = admin(
        &emulator,
        &[
            "service",
            "backup-bucket",
            "create",
            svc,
            "--provider",
            "aws",
            "--bucket-path",
            "s3://b/ch",
            "--iam-role-arn",
            "arn:aws:iam::123456789012:role/ch",
        ],
    );
    assert_eq!(out.status.code(), Some(6), "a second bucket is a conflict");
    let updated = admin_json(
        &emulator,
        &[
            "service",
            "backup-bucket",
            "update",
            svc,
            "--iam-role-session-name",
            "backups",
        ],
    );
    assert_eq!(updated["iamRoleSessionName"], "backups");
    assert_eq!(updated["bucketPath"], "s3://b/ch");

    reads_work_and_writes_are_refused_under_oauth(
        &emulator,
        &[&["service", "backup-bucket", "get", svc]],
        &[
            &[
                "service",
                "backup-bucket",
                "update",
                svc,
                "--provider",
                "aws",
                "--bucket-path",
                "s3://x",
            ],
            &["service", "backup-bucket", "delete", svc, "--yes"],
        ],
    );

    success(&admin(
        &emulator,
        &["service", "backup-bucket", "delete", svc, "--yes"],
    ));
    let out = admin(&emulator, &["service", "backup-bucket", "get", svc]);
    assert_eq!(out.status.code(), Some(5));
}

#[test]
fn quotas_and_org_private_endpoint_config_under_oauth() {
    let emulator = oauth_emulator();
    let services = admin_json(&emulator, &["service", "list"]);
    let quota = admin_json(
        &emulator,
        &["org", "quota", "get", "services-per-organization"],
    );
    assert_eq!(quota["usage"], services.as_array().unwrap().len());
    reads_work_and_writes_are_refused_under_oauth(
        &emulator,
        &[
            &["org", "quota", "list"],
            &["org", "quota", "get", "replicas-per-warehouse"],
            &[
                "org",
                "private-endpoint-config",
                "--provider",
                "gcp",
                "--region",
                "us-central1",
            ],
        ],
        &[],
    );
}

/// The deprecated total-memory form of `service scale` lands on the emulator: memory per
/// replica is the total over three.
#[test]
fn scale_by_total_memory_end_to_end() {
    let emulator = Emulator::start();
    let service = admin_json(
        &emulator,
        &[
            "service",
            "scale",
            DEMO_SERVICE_ID,
            "--min-total-memory-gb",
            "48",
            "--max-total-memory-gb",
            "96",
        ],
    );
    assert_eq!(service["minReplicaMemoryGb"], 16);
    assert_eq!(service["maxReplicaMemoryGb"], 32);
    assert!(
        emulator
            .requests()
            .iter()
            .any(|r| r.method == "PATCH" && r.path.ends_with("/scaling")),
        "{:?}",
        emulator.requests()
    );
}
