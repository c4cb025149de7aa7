//! `cloud service scaling-schedule|upgrade-window|settings …`: the exact requests of each
//! leaf, what is refused before sending, and what is printed.

use serde_json::{Value, json};

use crate::support::*;

fn service_path(suffix: &str) -> String {
    format!("/v1/organizations/{ORG}/services/{SERVICE}{suffix}")
}

fn schedule() -> Value {
    json!({
        "entries": [{
            "id": "e0000000-0000-4000-8000-000000000001",
            "name": "Business hours",
            "weekdays": [1, 2, 3, 4, 5],
            "startHourUtc": 8,
            "endHourUtc": 18,
            "autoscalingMode": "vertical",
            "minReplicaMemoryGb": 32,
            "maxReplicaMemoryGb": 64,
            "isActiveNow": true
        }],
        "baseConfig": { "autoscalingMode": "vertical", "minReplicaMemoryGb": 16, "maxReplicaMemoryGb": 16, "minReplicas": 2, "maxReplicas": 2 },
        "activeEntryId": "e0000000-0000-4000-8000-000000000001"
    })
}

fn aws_bucket() -> Value {
    json!({
        "id": "b0000000-0000-4000-8000-000000000001",
        "bucketProvider": "AWS",
        "bucketPath": "s3://b/ch",
        "iamRoleArn": "arn:aws:iam::123456789012:role/ch",
        "iamRoleSessionName": "ch"
    })
}

/// One leaf: its arguments after `cloud service`, the request it must send, the reply.
struct Case {
    args: &'static [&'static str],
    method: &'static str,
    suffix: &'static str,
    body: Option<Value>,
    result: Value,
    prints: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            args: &["scaling-schedule", "get", SERVICE],
            method: "GET",
            suffix: "/scalingSchedule",
            body: None,
            result: schedule(),
            prints: "Mon,Tue,Wed,Thu,Fri",
        },
        Case {
            args: &[
                "scaling-schedule",
                "set",
                SERVICE,
                "--name",
                "Business hours",
                "--weekdays",
                "mon-wed,fri",
                "--start-hour",
                "8",
                "--end-hour",
                "18",
                "--min-replica-memory-gb",
                "32",
                "--max-replica-memory-gb",
                "64",
                "--num-replicas",
                "3",
                "--idle-scaling",
                "false",
                "--idle-timeout-minutes",
                "10",
            ],
            method: "POST",
            suffix: "/scalingSchedule",
            body: Some(json!({"entries": [{
                "name": "Business hours",
                "weekdays": [1, 2, 3, 5],
                "startHourUtc": 8,
                "endHourUtc": 18,
                "minReplicaMemoryGb": 32,
                "maxReplicaMemoryGb": 64,
                "numReplicas": 3,
                "idleScaling": false,
                "idleTimeoutMinutes": 10
            }]})),
            result: schedule(),
            prints: "Business hours",
        },
        Case {
            args: &[
                "scaling-schedule",
                "set",
                SERVICE,
                "--name",
                "Night",
                "--weekdays",
                "0,sat",
                "--start-hour",
                "22",
                "--end-hour",
                "6",
                "--autoscaling-mode",
                "horizontal",
                "--min-replica-memory-gb",
                "16",
                "--max-replica-memory-gb",
                "16",
                "--min-replicas",
                "2",
                "--max-replicas",
                "4",
            ],
            method: "POST",
            suffix: "/scalingSchedule",
            body: Some(json!({"entries": [{
                "name": "Night",
                "weekdays": [0, 6],
                "startHourUtc": 22,
                "endHourUtc": 6,
                "autoscalingMode": "horizontal",
                "minReplicaMemoryGb": 16,
                "maxReplicaMemoryGb": 16,
                "minReplicas": 2,
                "maxReplicas": 4
            }]})),
            result: schedule(),
            prints: "Business hours",
        },
        Case {
            args: &["scaling-schedule", "set", SERVICE, "--clear"],
            method: "POST",
            suffix: "/scalingSchedule",
            body: Some(json!({ "entries": [] })),
            result: json!({ "entries": [], "baseConfig": {} }),
            prints: "(base, when no entry is active)",
        },
        Case {
            args: &["scaling-schedule", "delete", SERVICE, "--yes"],
            method: "DELETE",
            suffix: "/scalingSchedule",
            body: None,
            result: Value::Null,
            prints: "",
        },
        Case {
            args: &["upgrade-window", "get", SERVICE],
            method: "GET",
            suffix: "/upgradeWindow",
            body: None,
            result: json!({ "weekday": 3, "startHourUtc": 12, "duration": 6 }),
            prints: "Wednesday (3)",
        },
        Case {
            args: &[
                "upgrade-window",
                "set",
                SERVICE,
                "--weekday",
                "saturday",
                "--start-hour",
                "18",
            ],
            method: "PUT",
            suffix: "/upgradeWindow",
            body: Some(json!({ "weekday": 6, "startHourUtc": 18 })),
            result: json!({ "weekday": 6, "startHourUtc": 18, "duration": 6 }),
            prints: "18:00–00:00 UTC (6 h)",
        },
        Case {
            args: &["upgrade-window", "delete", SERVICE, "--yes"],
            method: "DELETE",
            suffix: "/upgradeWindow",
            body: None,
            result: Value::Null,
            prints: "",
        },
        Case {
            args: &["settings", "list", SERVICE],
            method: "GET",
            suffix: "/clickhouseSettings",
            body: None,
            result: json!({ "settings": [{ "name": "max_threads", "value": "8" }] }),
            prints: "max_threads",
        },
        Case {
            args: &["settings", "get", SERVICE, "compatibility"],
            method: "GET",
            suffix: "/clickhouseSettings/compatibility",
            body: None,
            result: json!({ "name": "compatibility", "value": "24.8" }),
            prints: "24.8",
        },
        Case {
            args: &["settings", "schema", SERVICE],
            method: "GET",
            suffix: "/clickhouseSettings/schema",
            body: None,
            result: json!({ "settings": [{
                "name": "join_algorithm", "type": "String", "enum": ["hash", "auto"],
                "description": "Which JOIN algorithm."
            }] }),
            prints: "hash, auto",
        },
        Case {
            args: &[
                "settings",
                "set",
                SERVICE,
                "max_threads=8",
                "compatibility=24.8",
            ],
            method: "PATCH",
            suffix: "/clickhouseSettings",
            body: Some(json!({ "settings": "{\"max_threads\":\"8\",\"compatibility\":\"24.8\"}" })),
            result: json!({ "settings": "{\"max_threads\":\"8\",\"compatibility\":\"24.8\"}", "warnings": [] }),
            prints: "compatibility",
        },
        Case {
            args: &["backup-bucket", "get", SERVICE],
            method: "GET",
            suffix: "/backupBucket",
            body: None,
            result: aws_bucket(),
            prints: "arn:aws:iam::123456789012:role/ch",
        },
        Case {
            args: &[
                "backup-bucket",
                "create",
                SERVICE,
                "--provider",
                "aws",
                "--bucket-path",
                "s3://b/ch",
                "--iam-role-arn",
                "arn:aws:iam::123456789012:role/ch",
                "--iam-role-session-name",
                "ch",
            ],
            method: "POST",
            suffix: "/backupBucket",
            body: Some(json!({
                "bucketProvider": "AWS",
                "bucketPath": "s3://b/ch",
                "iamRoleArn": "arn:aws:iam::123456789012:role/ch",
                "iamRoleSessionName": "ch"
            })),
            result: aws_bucket(),
            prints: "s3://b/ch",
        },
        Case {
            args: &[
                "backup-bucket",
                "update",
                SERVICE,
                "--provider",
                "aws",
                "--bucket-path",
                "s3://b/new",
            ],
            method: "PATCH",
            suffix: "/backupBucket",
            body: Some(json!({ "bucketProvider": "AWS", "bucketPath": "s3://b/new" })),
            result: aws_bucket(),
            prints: "AWS",
        },
        Case {
            args: &["backup-bucket", "delete", SERVICE, "--yes"],
            method: "DELETE",
            suffix: "/backupBucket",
            body: None,
            result: Value::Null,
            prints: "",
        },
        Case {
            args: &["settings", "unset", SERVICE, "max_threads"],
            method: "DELETE",
            suffix: "/clickhouseSettings/max_threads",
            body: None,
            result: Value::Null,
            prints: "",
        },
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn each_leaf_sends_exactly_its_request() {
    for case in cases() {
        let api = Api::start().await;
        api.expect(
            case.method,
            &service_path(case.suffix),
            case.body.clone(),
            case.result.clone(),
        )
        .await;
        let mut args = vec!["service"];
        args.extend_from_slice(case.args);
        args.extend(["--org-id", ORG]);
        let out = api.run(&Sandbox::new(), &args).await;
        let printed = success(&out);
        assert!(printed.contains(case.prints), "{:?}: {printed}", case.args);
        api.verify().await;
    }
}

/// Under --json, reads and writes print the API's result as sent; deletes an object.
#[tokio::test(flavor = "multi_thread")]
async fn json_prints_the_result_or_what_was_deleted() {
    for case in cases() {
        let api = Api::start().await;
        api.expect(
            case.method,
            &service_path(case.suffix),
            case.body.clone(),
            case.result.clone(),
        )
        .await;
        let mut args = vec!["service"];
        args.extend_from_slice(case.args);
        args.extend(["--org-id", ORG, "--json"]);
        let out = api.run(&Sandbox::new(), &args).await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        if case.result.is_null() {
            assert_eq!(printed["deleted"], true, "{:?}", case.args);
            assert_eq!(printed["serviceId"], SERVICE, "{:?}", case.args);
        } else {
            assert_eq!(printed, case.result, "{:?}", case.args);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn schedule_from_a_file_is_sent_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.json");
    let body = json!({"entries": [
        {"name": "Weekdays", "weekdays": [1, 2, 3, 4, 5], "startHourUtc": 9, "endHourUtc": 17,
         "minReplicaMemoryGb": 24, "maxReplicaMemoryGb": 48},
        {"name": "Batch", "weekdays": [0], "startHourUtc": 23, "endHourUtc": 24,
         "autoscalingMode": "horizontal", "minReplicaMemoryGb": 32, "maxReplicaMemoryGb": 32,
         "minReplicas": 1, "maxReplicas": 5, "idleScaling": true}
    ]});
    std::fs::write(&file, body.to_string()).unwrap();
    let api = Api::start().await;
    api.expect(
        "POST",
        &service_path("/scalingSchedule"),
        Some(body),
        schedule(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "scaling-schedule",
                "set",
                SERVICE,
                "--org-id",
                ORG,
                "--file",
                file.to_str().unwrap(),
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_from_a_file_keep_their_json_types() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path("/clickhouseSettings"),
        Some(json!({ "settings": "{\"max_threads\":8,\"async_insert\":true}" })),
        json!({
            "settings": "{\"max_threads\":\"8\",\"async_insert\":\"1\"}",
            "warnings": [{ "name": "async_insert", "message": "restarts the server" }]
        }),
    )
    .await;
    let sandbox = Sandbox::new();
    cache_admin_role(&sandbox, &api.url());
    let mut command_in_sandbox = sandbox.cloud();
    command_in_sandbox
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args([
            "service", "settings", "set", SERVICE, "--org-id", ORG, "--file", "-",
        ])
        .write_stdin(r#"{"max_threads": 8, "async_insert": true}"#);
    let out = api.run_with(command_in_sandbox).await;
    let printed = success(&out);
    assert!(printed.contains("async_insert"), "{printed}");
    assert!(
        stderr(&out).contains("async_insert: restarts the server"),
        "the API's warning reaches stderr: {}",
        stderr(&out)
    );
    api.verify().await;
}

/// Bad input is refused with exit 2 before any request: ranges, enums and the rules the
/// spec states for schedule entries, upgrade windows and setting names.
#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let unknown_field = file(
        "unknown.json",
        r#"{"entries": [{"name": "a", "weekdays": [1], "startHourUtc": 1, "endHourUtc": 2, "colour": "red"}]}"#,
    );
    let bad_day = file(
        "day.json",
        r#"{"entries": [{"name": "a", "weekdays": [7], "startHourUtc": 1, "endHourUtc": 2}]}"#,
    );
    let no_days = file(
        "nodays.json",
        r#"{"entries": [{"name": "a", "weekdays": [], "startHourUtc": 1, "endHourUtc": 2}]}"#,
    );
    let odd_memory = file(
        "memory.json",
        r#"{"entries": [{"name": "a", "weekdays": [1], "startHourUtc": 1, "endHourUtc": 2, "minReplicaMemoryGb": 10, "maxReplicaMemoryGb": 16}]}"#,
    );
    let not_json = file("bad.json", "{");
    let nested_setting = file("nested.json", r#"{"max_threads": {"a": 1}}"#);
    let empty_settings = file("empty.json", "{}");
    let cases: Vec<Vec<&str>> = vec![
        vec!["scaling-schedule", "set", SERVICE],
        vec!["scaling-schedule", "set", SERVICE, "--file", &unknown_field],
        vec!["scaling-schedule", "set", SERVICE, "--file", &bad_day],
        vec!["scaling-schedule", "set", SERVICE, "--file", &no_days],
        vec!["scaling-schedule", "set", SERVICE, "--file", &odd_memory],
        vec!["scaling-schedule", "set", SERVICE, "--file", &not_json],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--file",
            "/nonexistent/x.json",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "mon",
            "--start-hour",
            "5",
            "--end-hour",
            "5",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "funday",
            "--start-hour",
            "5",
            "--end-hour",
            "6",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "fri-mon",
            "--start-hour",
            "5",
            "--end-hour",
            "6",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "mon",
            "--start-hour",
            "24",
            "--end-hour",
            "6",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "mon",
            "--start-hour",
            "1",
            "--end-hour",
            "6",
            "--autoscaling-mode",
            "horizontal",
            "--num-replicas",
            "2",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "mon",
            "--start-hour",
            "1",
            "--end-hour",
            "6",
            "--min-replicas",
            "3",
        ],
        vec![
            "scaling-schedule",
            "set",
            SERVICE,
            "--name",
            "a",
            "--weekdays",
            "mon",
            "--start-hour",
            "1",
            "--end-hour",
            "6",
            "--min-replica-memory-gb",
            "32",
            "--max-replica-memory-gb",
            "16",
        ],
        vec!["scaling-schedule", "set", SERVICE, "--clear", "--name", "a"],
        vec!["scaling-schedule", "delete", SERVICE],
        vec![
            "upgrade-window",
            "set",
            SERVICE,
            "--weekday",
            "7",
            "--start-hour",
            "0",
        ],
        vec![
            "upgrade-window",
            "set",
            SERVICE,
            "--weekday",
            "1",
            "--start-hour",
            "3",
        ],
        vec!["upgrade-window", "set", SERVICE, "--weekday", "1"],
        vec!["upgrade-window", "delete", SERVICE],
        vec!["settings", "set", SERVICE],
        vec!["settings", "set", SERVICE, "max_threads"],
        vec!["settings", "set", SERVICE, "max threads=1"],
        vec!["settings", "set", SERVICE, "--file", &nested_setting],
        vec!["settings", "set", SERVICE, "--file", &empty_settings],
        vec![
            "backup-bucket",
            "create",
            SERVICE,
            "--provider",
            "aws",
            "--bucket-path",
            "s3://b",
        ],
        vec![
            "backup-bucket",
            "create",
            SERVICE,
            "--provider",
            "aws",
            "--bucket-path",
            "s3://b",
            "--iam-role-arn",
            "arn",
            "--container-name",
            "c",
        ],
        vec![
            "backup-bucket",
            "create",
            SERVICE,
            "--provider",
            "gcp",
            "--bucket-path",
            "gs://b",
            "--access-key-id",
            "GOOG1",
        ],
        vec!["backup-bucket", "create", SERVICE, "--provider", "oracle"],
        vec!["backup-bucket", "update", SERVICE, "--provider", "aws"],
        vec![
            "backup-bucket",
            "update",
            SERVICE,
            "--provider",
            "azure",
            "--container-name",
            "c",
        ],
        vec!["backup-bucket", "delete", SERVICE],
        vec!["settings", "get", SERVICE, "../keys"],
        vec!["settings", "unset", SERVICE, "a/b"],
    ];
    for case in cases {
        let api = Api::start().await;
        let mut args = vec!["service"];
        args.extend_from_slice(&case);
        args.extend(["--org-id", ORG]);
        let out = api.run(&Sandbox::new(), &args).await;
        assert_eq!(out.status.code(), Some(2), "{case:?}: {}", stderr(&out));
        assert_eq!(api.seen().await, Vec::<String>::new(), "{case:?}");
    }
}

/// A GCP bucket's HMAC secret comes from stdin, is sent, and never printed.
#[tokio::test(flavor = "multi_thread")]
async fn gcp_bucket_secret_comes_from_stdin() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &service_path("/backupBucket"),
        Some(json!({
            "bucketProvider": "GCP",
            "bucketPath": "gs://b/ch",
            "accessKeyId": "GOOG1EXAMPLE",
            "secretAccessKey": "hmac-secret-value-123"
        })),
        json!({ "id": "b1", "bucketProvider": "GCP", "bucketPath": "gs://b/ch", "accessKeyId": "GOOG1EXAMPLE" }),
    )
    .await;
    let sandbox = Sandbox::new();
    cache_admin_role(&sandbox, &api.url());
    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args([
            "service",
            "backup-bucket",
            "create",
            SERVICE,
            "--org-id",
            ORG,
            "--provider",
            "gcp",
            "--bucket-path",
            "gs://b/ch",
            "--access-key-id",
            "GOOG1EXAMPLE",
            "--secret-stdin",
            "--dry-run",
        ])
        .write_stdin("hmac-secret-value-123\n");
    let out = api.run_with(command).await;
    let plan = success(&out);
    assert!(!plan.contains("hmac-secret-value-123"), "{plan}");
    assert!(plan.contains("POST "), "{plan}");

    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args([
            "service",
            "backup-bucket",
            "create",
            SERVICE,
            "--org-id",
            ORG,
            "--provider",
            "gcp",
            "--bucket-path",
            "gs://b/ch",
            "--access-key-id",
            "GOOG1EXAMPLE",
            "--secret-stdin",
        ])
        .write_stdin("hmac-secret-value-123\n");
    let out = api.run_with(command).await;
    assert!(success(&out).contains("GOOG1EXAMPLE"));
    api.verify().await;
}

/// Without --provider, `update` reads the bucket's provider first.
#[tokio::test(flavor = "multi_thread")]
async fn bucket_update_learns_the_provider_first() {
    let api = Api::start().await;
    api.expect("GET", &service_path("/backupBucket"), None, aws_bucket())
        .await;
    api.expect(
        "PATCH",
        &service_path("/backupBucket"),
        Some(json!({ "bucketProvider": "AWS", "iamRoleArn": "arn:aws:iam::1:role/x" })),
        aws_bucket(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "backup-bucket",
                "update",
                SERVICE,
                "--org-id",
                ORG,
                "--iam-role-arn",
                "arn:aws:iam::1:role/x",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn org_quota_and_private_endpoint_config_requests() {
    let org_path = |suffix: &str| format!("/v1/organizations/{ORG}{suffix}");
    let quota = json!({
        "quotaCode": "services-per-organization", "name": "Services per organization",
        "description": "d", "scope": "organization", "value": 20, "usage": 3, "adjustable": true
    });
    let cases: Vec<(Vec<&str>, String, Value, &str)> = vec![
        (
            vec!["org", "quota", "list"],
            org_path("/quotas"),
            json!([quota.clone()]),
            "services-per-organization",
        ),
        (
            vec!["org", "quota", "get", "services-per-organization"],
            org_path("/quotas/services-per-organization"),
            quota.clone(),
            "Services per organization",
        ),
    ];
    for (args, route, result, prints) in cases {
        let api = Api::start().await;
        api.expect("GET", &route, None, result).await;
        let mut argv = args.clone();
        argv.extend(["--org-id", ORG]);
        let out = api.run(&Sandbox::new(), &argv).await;
        assert!(success(&out).contains(prints), "{args:?}");
        api.verify().await;
    }

    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(org_path("/privateEndpointConfig")))
        .and(wiremock::matchers::query_param("cloud_provider", "azure"))
        .and(wiremock::matchers::query_param("region_id", "eastus2"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(envelope(json!({ "endpointServiceId": "azure-svc-1" }))),
        )
        .expect(1)
        .mount(&api.server)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "private-endpoint-config",
                "--provider",
                "azure",
                "--region",
                "eastus2",
                "--org-id",
                ORG,
            ],
        )
        .await;
    assert!(success(&out).contains("azure-svc-1"));

    // A region of another provider, and an unknown quota code: exit 2, nothing sent.
    for argv in [
        vec![
            "org",
            "private-endpoint-config",
            "--provider",
            "gcp",
            "--region",
            "us-east-1",
            "--org-id",
            ORG,
        ],
        vec!["org", "quota", "get", "widgets", "--org-id", ORG],
    ] {
        let api = Api::start().await;
        let out = api.run(&Sandbox::new(), &argv).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert_eq!(api.seen().await, Vec::<String>::new());
    }
}

/// `service scale` with total memory uses the deprecated `PATCH .../scaling`, with only the
/// fields that form takes; mixed with per-replica flags it is refused before sending.
#[tokio::test(flavor = "multi_thread")]
async fn scale_with_total_memory_uses_the_deprecated_endpoint() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path("/scaling"),
        Some(json!({
            "minTotalMemoryGb": 48,
            "maxTotalMemoryGb": 96,
            "numReplicas": 3,
            "idleScaling": true
        })),
        json!({ "id": SERVICE, "name": "analytics", "minReplicaMemoryGb": 16, "maxReplicaMemoryGb": 32 }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "scale",
                SERVICE,
                "--org-id",
                ORG,
                "--min-total-memory-gb",
                "48",
                "--max-total-memory-gb",
                "96",
                "--num-replicas",
                "3",
                "--idle-scaling",
                "true",
            ],
        )
        .await;
    assert!(success(&out).contains("16–32 GiB"));
    api.verify().await;

    for extra in [
        &["--min-total-memory-gb", "50"][..],
        &["--max-total-memory-gb", "1080"],
        &["--min-total-memory-gb", "96", "--max-total-memory-gb", "48"],
        &[
            "--min-total-memory-gb",
            "48",
            "--min-replica-memory-gb",
            "16",
        ],
        &[
            "--max-total-memory-gb",
            "48",
            "--autoscaling-mode",
            "vertical",
        ],
    ] {
        let api = Api::start().await;
        let mut args = vec!["service", "scale", SERVICE, "--org-id", ORG];
        args.extend_from_slice(extra);
        let out = api.run(&Sandbox::new(), &args).await;
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        assert_eq!(api.seen().await, Vec::<String>::new());
    }
}
