use serde_json::{Value, json};
use wiremock::{Mock, ResponseTemplate, matchers};

use crate::support::*;

const PASSWORD: &str = "Xy7-generated-Pa55";

fn service() -> Value {
    json!({
        "id": SERVICE,
        "name": "analytics",
        "provider": "aws",
        "region": "us-east-1",
        "state": "running",
        "clickhouseVersion": "25.8.1.1",
        "endpoints": [
            { "protocol": "nativesecure", "host": "abc123.us-east-1.aws.clickhouse.cloud", "port": 9440 },
            { "protocol": "https", "host": "abc123.us-east-1.aws.clickhouse.cloud", "port": 8443 }
        ],
        "minReplicaMemoryGb": 16,
        "maxReplicaMemoryGb": 64,
        "numReplicas": 3,
        "autoscalingMode": "vertical",
        "idleScaling": true,
        "idleTimeoutMinutes": 15,
        "ipAccessList": [
            { "source": "203.0.113.0/24", "description": "office" },
            { "source": "198.51.100.7" }
        ],
        "createdAt": "2026-01-02T03:04:05Z",
        "privateEndpointIds": [],
        "isPrimary": true,
        "isReadonly": false,
        "releaseChannel": "default",
        "tags": [{ "key": "env", "value": "prod" }, { "key": "critical" }],
        "enableCoreDumps": false,
        "hasTransparentDataEncryption": false
    })
}

fn with_state(state: &str) -> Value {
    let mut s = service();
    s["state"] = json!(state);
    s
}

fn services_path() -> String {
    format!("/v1/organizations/{ORG}/services")
}

fn service_path(suffix: &str) -> String {
    format!("/v1/organizations/{ORG}/services/{SERVICE}{suffix}")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table_and_sends_repeated_filters() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect(
        "GET",
        &services_path(),
        None,
        json!([
            service(),
            {
                "id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "name": "etl", "provider": "gcp",
                "region": "us-central1", "state": "stopped", "minReplicaMemoryGb": 8,
                "maxReplicaMemoryGb": 8, "autoscalingMode": "horizontal",
                "minReplicas": 2, "maxReplicas": 6
            }
        ]),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "list",
                "--filter",
                "tag:env=prod",
                "--filter",
                "tag:team",
            ],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    let requests = api.server.received_requests().await.unwrap();
    assert_eq!(
        requests[1].url.query(),
        Some("filter=tag%3Aenv%3Dprod&filter=tag%3Ateam")
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_json_is_the_result_as_sent() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &services_path(),
        None,
        json!([{ "id": SERVICE, "futureField": 1 }]),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "list", "--org-id", ORG, "--json"],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!([{ "id": SERVICE, "futureField": 1 }]));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_one_service() {
    let api = Api::start().await;
    api.expect("GET", &service_path(""), None, service()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "get", SERVICE, "--org-id", ORG],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_rejects_a_service_that_is_neither_an_id_nor_a_name() {
    let api = Api::start().await;
    let out = api
        .run(&Sandbox::new(), &["service", "get", "ana\u{7}lytics"])
        .await;
    assert_eq!(out.status.code(), Some(2));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn client_prints_the_clickhouse_client_command() {
    let api = Api::start().await;
    api.expect("GET", &service_path(""), None, service()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service", "client", SERVICE, "--org-id", ORG, "--", "--query", "SELECT 1",
            ],
        )
        .await;
    assert_eq!(
        success(&out),
        "clickhouse client --host abc123.us-east-1.aws.clickhouse.cloud --port 9440 \
         --user default --password --secure --query 'SELECT 1'\n"
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn client_json_is_the_argv() {
    let api = Api::start().await;
    let mut with_user = service();
    with_user["endpoints"][0]["username"] = json!("ada");
    api.expect("GET", &service_path(""), None, with_user).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "client", SERVICE, "--org-id", ORG, "--json"],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        printed,
        json!({ "command": [
            "clickhouse", "client", "--host", "abc123.us-east-1.aws.clickhouse.cloud",
            "--port", "9440", "--user", "ada", "--password", "--secure"
        ]})
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn client_without_a_native_secure_endpoint_is_an_error() {
    let api = Api::start().await;
    let mut https_only = service();
    https_only["endpoints"] = json!([{ "protocol": "https", "host": "h", "port": 8443 }]);
    api.expect("GET", &service_path(""), None, https_only).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "client", SERVICE, "--org-id", ORG],
        )
        .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nativesecure"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    api.verify().await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn client_exec_runs_clickhouse_and_exits_with_its_code() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("clickhouse");
    std::fs::write(&fake, "#!/bin/sh\necho \"$@\"\nexit 3\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let api = Api::start().await;
    api.expect("GET", &service_path(""), None, service()).await;
    let sandbox = Sandbox::new();
    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .env("PATH", bin.path())
        .args([
            "service", "client", SERVICE, "--org-id", ORG, "--exec", "--", "--query", "SELECT 1",
        ]);
    let out = api.run_with(command).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "client --host abc123.us-east-1.aws.clickhouse.cloud --port 9440 --user default \
         --password --secure --query SELECT 1\n"
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn client_exec_without_clickhouse_says_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let api = Api::start().await;
    api.expect("GET", &service_path(""), None, service()).await;
    let sandbox = Sandbox::new();
    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .env("PATH", empty.path())
        .args(["service", "client", SERVICE, "--org-id", ORG, "--exec"]);
    let out = api.run_with(command).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("curl https://clickhouse.com/ | sh"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn prometheus_prints_the_metrics_text() {
    let api = Api::start().await;
    let metrics =
        "# HELP ClickHouseProfileEvents_Query Number of queries\nClickHouseProfileEvents_Query 7\n";
    api.server
        .register(
            Mock::given(matchers::method("GET"))
                .and(matchers::path(service_path("/prometheus")))
                .and(matchers::query_param("filtered_metrics", "false"))
                .and(basic_auth_header())
                .respond_with(ResponseTemplate::new(200).set_body_string(metrics))
                .expect(1),
        )
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "prometheus",
                SERVICE,
                "--org-id",
                ORG,
                "--filtered-metrics",
                "false",
            ],
        )
        .await;
    assert_eq!(success(&out), metrics);
    assert_eq!(
        api.seen().await,
        [format!("GET {}", service_path("/prometheus"))]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_every_flag() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &services_path(),
        Some(json!({
            "name": "analytics",
            "provider": "aws",
            "region": "us-east-1",
            "ipAccessList": [{ "source": "203.0.113.0/24" }, { "source": "198.51.100.7" }],
            "minReplicaMemoryGb": 16,
            "maxReplicaMemoryGb": 64,
            "minReplicas": 2,
            "maxReplicas": 4,
            "autoscalingMode": "horizontal",
            "idleScaling": false,
            "idleTimeoutMinutes": 10,
            "isReadonly": true,
            "dataWarehouseId": "dw-1",
            "backupId": "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
            "encryptionKey": "arn:aws:kms:key",
            "encryptionAssumedRoleIdentifier": "arn:aws:iam::role",
            "privatePreviewTermsChecked": true,
            "releaseChannel": "fast",
            "hasTransparentDataEncryption": true,
            "endpoints": [{ "protocol": "mysql", "enabled": true }],
            "profile": "v1-highmem-s",
            "complianceType": "hipaa",
            "tags": [{ "key": "env", "value": "prod" }, { "key": "critical" }],
            "enableCoreDumps": true
        })),
        json!({ "service": service(), "password": PASSWORD }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "create",
                "--org-id",
                ORG,
                "--name",
                "analytics",
                "--provider",
                "aws",
                "--region",
                "us-east-1",
                "--ip-allow",
                "203.0.113.0/24",
                "--ip-allow",
                "198.51.100.7",
                "--min-replica-memory-gb",
                "16",
                "--max-replica-memory-gb",
                "64",
                "--min-replicas",
                "2",
                "--max-replicas",
                "4",
                "--autoscaling-mode",
                "horizontal",
                "--idle-scaling",
                "false",
                "--idle-timeout-minutes",
                "10",
                "--readonly",
                "--data-warehouse-id",
                "dw-1",
                "--backup-id",
                "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
                "--encryption-key",
                "arn:aws:kms:key",
                "--encryption-role",
                "arn:aws:iam::role",
                "--private-preview-terms-checked",
                "--release-channel",
                "fast",
                "--enable-tde",
                "--enable-endpoint",
                "mysql",
                "--profile",
                "v1-highmem-s",
                "--compliance-type",
                "hipaa",
                "--tag",
                "env=prod",
                "--tag",
                "critical",
                "--enable-core-dumps",
                "true",
            ],
        )
        .await;
    let printed = success(&out);
    assert!(printed.contains(SERVICE), "{printed}");
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("Password:") && l.ends_with(PASSWORD)),
        "{printed}"
    );
    assert!(
        stderr(&out).contains("shown only this once"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("--add-ip-allow"), "{}", stderr(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_without_ip_allow_sends_no_access_list_and_says_so() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &services_path(),
        Some(json!({ "name": "analytics", "provider": "gcp", "region": "us-central1" })),
        json!({ "service": service(), "password": PASSWORD }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "create",
                "--org-id",
                ORG,
                "--name",
                "analytics",
                "--provider",
                "gcp",
                "--region",
                "us-central1",
            ],
        )
        .await;
    assert!(success(&out).contains(PASSWORD));
    let notice = stderr(&out);
    assert!(notice.contains("connections from nowhere"), "{notice}");
    assert!(
        notice.contains(&format!(
            "cloud service update {SERVICE} --add-ip-allow <IP_OR_CIDR>"
        )),
        "{notice}"
    );
    api.verify().await;
}

/// Without --provider and --region, `aws` and `us-east-1` (the official CLI's defaults) are
/// sent, and one notice says so; a region alone brings its provider.
#[tokio::test(flavor = "multi_thread")]
async fn create_defaults_to_aws_us_east_1_and_says_so() {
    let cases: [(&[&str], Value, Option<&str>); 3] = [
        (
            &[],
            json!({ "name": "a", "provider": "aws", "region": "us-east-1" }),
            Some(
                "using provider aws, region us-east-1 (the defaults; --provider/--region to choose)",
            ),
        ),
        (
            &["--region", "europe-west4"],
            json!({ "name": "a", "provider": "gcp", "region": "europe-west4" }),
            Some("using provider gcp, the provider of region europe-west4 (--provider to choose)"),
        ),
        (
            &["--provider", "azure", "--region", "eastus"],
            json!({ "name": "a", "provider": "azure", "region": "eastus" }),
            None,
        ),
    ];
    for (extra, body, notice) in cases {
        let api = Api::start().await;
        api.expect(
            "POST",
            &services_path(),
            Some(body),
            json!({ "service": service(), "password": PASSWORD }),
        )
        .await;
        let mut args = vec!["service", "create", "--org-id", ORG, "--name", "a"];
        args.extend_from_slice(extra);
        let out = api.run(&Sandbox::new(), &args).await;
        success(&out);
        let err = stderr(&out);
        match notice {
            Some(notice) => assert_eq!(err.matches(notice).count(), 1, "{extra:?}: {err}"),
            None => assert!(!err.contains("using "), "{extra:?}: {err}"),
        }
        api.verify().await;
    }
}

/// A provider other than aws has no default region, and a region of another provider is
/// refused: exit 2, nothing sent.
#[tokio::test(flavor = "multi_thread")]
async fn create_refuses_a_provider_without_its_region_before_any_request() {
    for (extra, says) in [
        (&["--provider", "gcp"][..], "e.g. --region us-east1"),
        (
            &["--provider", "gcp", "--region", "us-east-1"],
            "region us-east-1 is a region of aws, not gcp",
        ),
    ] {
        let api = Api::start().await;
        let mut args = vec!["service", "create", "--org-id", ORG, "--name", "a"];
        args.extend_from_slice(extra);
        let out = api.run(&Sandbox::new(), &args).await;
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        api.verify().await;
    }
}

fn create_args(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec![
        "service",
        "create",
        "--org-id",
        ORG,
        "--name",
        "a",
        "--provider",
        "aws",
        "--region",
        "eu-west-1",
        "--ip-allow",
        "10.0.0.0/8",
    ];
    args.extend_from_slice(extra);
    args
}

/// The API nests the new service (`{"service": {...}, "password": ...}`); `cloud` prints
/// the service as `service get` does, with the one-time password beside its fields.
#[tokio::test(flavor = "multi_thread")]
async fn create_json_is_the_service_with_its_password() {
    let api = Api::start().await;
    let result = json!({ "service": { "id": SERVICE }, "password": PASSWORD });
    api.expect("POST", &services_path(), None, result).await;
    let out = api.run(&Sandbox::new(), &create_args(&["--json"])).await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({ "id": SERVICE, "password": PASSWORD }));
    api.verify().await;
}

/// Create, get and update print one service the same way: the same object, key for key
/// (create adds only the one-time `password`).
#[tokio::test(flavor = "multi_thread")]
async fn create_get_and_update_print_the_same_shape() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &services_path(),
        None,
        json!({ "service": service(), "password": PASSWORD }),
    )
    .await;
    api.expect("GET", &service_path(""), None, service()).await;
    api.expect("PATCH", &service_path(""), None, service())
        .await;
    let sandbox = Sandbox::new();
    let json_of =
        |out: std::process::Output| -> Value { serde_json::from_str(&success(&out)).unwrap() };
    let mut created = json_of(api.run(&sandbox, &create_args(&["--json"])).await);
    let got = json_of(
        api.run(
            &sandbox,
            &["service", "get", SERVICE, "--org-id", ORG, "--json"],
        )
        .await,
    );
    let updated = json_of(
        api.run(
            &sandbox,
            &[
                "service", "update", SERVICE, "--org-id", ORG, "--name", "b", "--json",
            ],
        )
        .await,
    );
    assert_eq!(created["password"], PASSWORD);
    created.as_object_mut().unwrap().remove("password");
    assert_eq!(created, got);
    assert_eq!(updated, got);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_refuses_bad_scaling_flags_before_any_request() {
    let base = [
        "service",
        "create",
        "--org-id",
        ORG,
        "--name",
        "a",
        "--provider",
        "aws",
        "--region",
        "us-east-1",
    ];
    let cases: [&[&str]; 6] = [
        &["--min-replicas", "2"],
        &["--max-replicas", "2"],
        &[
            "--num-replicas",
            "3",
            "--min-replicas",
            "1",
            "--max-replicas",
            "2",
        ],
        &["--num-replicas", "21"],
        &["--min-replica-memory-gb", "10"],
        &["--idle-timeout-minutes", "4"],
    ];
    for extra in cases {
        let api = Api::start().await;
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let out = api.run(&Sandbox::new(), &args).await;
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_sends_delete() {
    let api = Api::start().await;
    api.expect("DELETE", &service_path(""), None, Value::Null)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service", "delete", SERVICE, "--org-id", ORG, "--json", "--yes",
            ],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({ "id": SERVICE, "deleted": true }));
    assert!(stderr(&out).contains("Deleted service"), "{}", stderr(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_conflict_suggests_force() {
    let api = Api::start().await;
    api.expect_reply(
        "DELETE",
        &service_path(""),
        None,
        ResponseTemplate::new(409)
            .set_body_json(error_envelope(409, "Service must be stopped to be deleted")),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "delete", SERVICE, "--org-id", ORG, "--yes"],
        )
        .await;
    assert_eq!(out.status.code(), Some(6));
    let message = stderr(&out);
    assert!(message.contains("Service must be stopped"), "{message}");
    assert!(
        message.contains(&format!("cloud service delete {SERVICE} --force --yes")),
        "{message}"
    );
    api.verify().await;
}

/// Serves `state` for the next GET of the service only, ahead of later mocks.
async fn serve_state_once(api: &Api, state: &str, priority: u8) {
    api.server
        .register(
            Mock::given(matchers::method("GET"))
                .and(matchers::path(service_path("")))
                .and(basic_auth_header())
                .respond_with(ResponseTemplate::new(200).set_body_json(envelope(with_state(state))))
                .up_to_n_times(1)
                .with_priority(priority)
                .expect(1)
                .named(format!("GET service ({state})")),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_force_stops_waits_then_deletes() {
    let api = Api::start().await;
    serve_state_once(&api, "running", 1).await;
    api.expect("GET", &service_path(""), None, with_state("stopped"))
        .await;
    api.expect(
        "PATCH",
        &service_path("/state"),
        Some(json!({ "command": "stop" })),
        with_state("stopping"),
    )
    .await;
    api.expect("DELETE", &service_path(""), None, Value::Null)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service", "delete", SERVICE, "--org-id", ORG, "--force", "--yes",
            ],
        )
        .await;
    success(&out);
    assert!(
        stderr(&out).contains("Stopping service"),
        "{}",
        stderr(&out)
    );
    let get = format!("GET {}", service_path(""));
    assert_eq!(
        api.seen().await,
        [
            get.clone(),
            format!("PATCH {}", service_path("/state")),
            get,
            format!("DELETE {}", service_path("")),
        ]
    );
    api.server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_force_polls_until_stopped() {
    let api = Api::start().await;
    serve_state_once(&api, "running", 1).await;
    serve_state_once(&api, "stopping", 2).await;
    api.expect("GET", &service_path(""), None, with_state("stopped"))
        .await;
    api.expect(
        "PATCH",
        &service_path("/state"),
        Some(json!({ "command": "stop" })),
        with_state("stopping"),
    )
    .await;
    api.expect("DELETE", &service_path(""), None, Value::Null)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service", "delete", SERVICE, "--org-id", ORG, "--force", "--yes",
            ],
        )
        .await;
    success(&out);
    assert!(
        stderr(&out).contains("Waiting for service"),
        "{}",
        stderr(&out)
    );
    let get = format!("GET {}", service_path(""));
    assert_eq!(
        api.seen().await,
        [
            get.clone(),
            format!("PATCH {}", service_path("/state")),
            get.clone(),
            get,
            format!("DELETE {}", service_path("")),
        ]
    );
    api.server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_force_of_a_stopped_service_just_deletes() {
    let api = Api::start().await;
    api.expect("GET", &service_path(""), None, with_state("stopped"))
        .await;
    api.expect("DELETE", &service_path(""), None, Value::Null)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service", "delete", SERVICE, "--org-id", ORG, "--force", "--yes",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn start_and_stop_change_the_state() {
    for (verb, state) in [("start", "starting"), ("stop", "stopping")] {
        let api = Api::start().await;
        api.expect(
            "PATCH",
            &service_path("/state"),
            Some(json!({ "command": verb })),
            with_state(state),
        )
        .await;
        let out = api
            .run(
                &Sandbox::new(),
                &["service", verb, SERVICE, "--org-id", ORG],
            )
            .await;
        let printed = success(&out);
        assert!(
            printed
                .lines()
                .any(|l| l.starts_with("State:") && l.ends_with(state)),
            "{printed}"
        );
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn update_sends_only_the_given_changes() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path(""),
        Some(json!({
            "name": "analytics-2",
            "ipAccessList": {
                "add": [{ "source": "203.0.113.0/24" }],
                "remove": [{ "source": "198.51.100.7" }]
            },
            "privateEndpointIds": { "add": ["vpce-1"], "remove": ["vpce-2"] },
            "releaseChannel": "slow",
            "endpoints": [{ "protocol": "mysql", "enabled": false }],
            "transparentDataEncryptionKeyId": "key-2",
            "tags": { "add": [{ "key": "env", "value": "prod" }], "remove": [{ "key": "old" }] },
            "enableCoreDumps": false
        })),
        service(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "update",
                SERVICE,
                "--org-id",
                ORG,
                "--name",
                "analytics-2",
                "--add-ip-allow",
                "203.0.113.0/24",
                "--remove-ip-allow",
                "198.51.100.7",
                "--add-private-endpoint-id",
                "vpce-1",
                "--remove-private-endpoint-id",
                "vpce-2",
                "--release-channel",
                "slow",
                "--disable-endpoint",
                "mysql",
                "--transparent-data-encryption-key-id",
                "key-2",
                "--add-tag",
                "env=prod",
                "--remove-tag",
                "old",
                "--enable-core-dumps",
                "false",
            ],
        )
        .await;
    assert!(success(&out).contains("analytics"));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_only_adding_an_address_sends_only_that() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path(""),
        Some(json!({ "ipAccessList": { "add": [{ "source": "10.1.2.3" }] } })),
        service(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "update",
                SERVICE,
                "--org-id",
                ORG,
                "--add-ip-allow",
                "10.1.2.3",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_and_scale_without_changes_are_usage_errors_and_send_nothing() {
    for verb in ["update", "scale"] {
        let api = Api::start().await;
        let out = api
            .run(
                &Sandbox::new(),
                &["service", verb, SERVICE, "--org-id", ORG],
            )
            .await;
        assert_eq!(out.status.code(), Some(2), "{verb}");
        assert!(
            stderr(&out).contains("nothing to change"),
            "{}",
            stderr(&out)
        );
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn scale_sends_the_replica_scaling_patch() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path("/replicaScaling"),
        Some(json!({
            "minReplicaMemoryGb": 24,
            "maxReplicaMemoryGb": 48,
            "numReplicas": 2,
            "autoscalingMode": "vertical",
            "idleScaling": true,
            "idleTimeoutMinutes": 30
        })),
        service(),
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
                "--min-replica-memory-gb",
                "24",
                "--max-replica-memory-gb",
                "48",
                "--num-replicas",
                "2",
                "--autoscaling-mode",
                "vertical",
                "--idle-scaling",
                "true",
                "--idle-timeout-minutes",
                "30",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn scale_min_replicas_needs_max_replicas() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "scale",
                SERVICE,
                "--org-id",
                ORG,
                "--min-replicas",
                "2",
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn scale_refuses_a_minimum_above_the_maximum() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "scale",
                SERVICE,
                "--org-id",
                ORG,
                "--min-replica-memory-gb",
                "64",
                "--max-replica-memory-gb",
                "16",
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_password_prints_the_generated_password() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path("/password"),
        Some(json!({})),
        json!({ "password": PASSWORD }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "reset-password",
                SERVICE,
                "--org-id",
                ORG,
                "--yes",
            ],
        )
        .await;
    assert_eq!(success(&out), format!("{PASSWORD}\n"));
    assert!(stderr(&out).contains("only this once"), "{}", stderr(&out));
    api.verify().await;
}

/// The hashes of "password" as the spec computes them (SHA-256 in base64, double SHA-1 in hex).
const PASSWORD_SHA256: &str = "XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=";
const PASSWORD_DOUBLE_SHA1: &str = "2470c0c06dee42fd1618bb99005adca2ec9d1e19";

#[tokio::test(flavor = "multi_thread")]
async fn reset_password_with_hashes_sends_them() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path("/password"),
        Some(json!({
            "newPasswordHash": PASSWORD_SHA256,
            "newDoubleSha1Hash": PASSWORD_DOUBLE_SHA1
        })),
        json!({}),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "reset-password",
                SERVICE,
                "--org-id",
                ORG,
                "--new-password-hash",
                PASSWORD_SHA256,
                "--new-double-sha1-hash",
                PASSWORD_DOUBLE_SHA1,
                "--yes",
            ],
        )
        .await;
    assert_eq!(success(&out), "");
    assert!(
        stderr(&out).contains("Changed the password"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_password_double_sha1_needs_the_password_hash() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "reset-password",
                SERVICE,
                "--org-id",
                ORG,
                "--new-double-sha1-hash",
                PASSWORD_DOUBLE_SHA1,
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    api.verify().await;
}

fn query_endpoint() -> Value {
    json!({
        "id": "qe-1",
        "roles": ["sql_console_read_only"],
        "openApiKeys": ["key-1", "key-2"],
        "allowedOrigins": "https://app.example.com"
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn query_endpoint_get_shows_it() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &service_path("/serviceQueryEndpoint"),
        None,
        query_endpoint(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "query-endpoint", "get", SERVICE, "--org-id", ORG],
        )
        .await;
    let printed = success(&out);
    assert!(printed.contains("key-1, key-2"), "{printed}");
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn query_endpoint_create_posts_roles_keys_and_origins() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &service_path("/serviceQueryEndpoint"),
        Some(json!({
            "roles": ["sql_console_read_only", "sql_console_admin"],
            "openApiKeys": ["key-1"],
            "allowedOrigins": "https://app.example.com"
        })),
        query_endpoint(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "query-endpoint",
                "create",
                SERVICE,
                "--org-id",
                ORG,
                "--role",
                "sql_console_read_only",
                "--role",
                "sql_console_admin",
                "--open-api-key",
                "key-1",
                "--allowed-origins",
                "https://app.example.com",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn query_endpoint_delete_sends_delete() {
    let api = Api::start().await;
    api.expect(
        "DELETE",
        &service_path("/serviceQueryEndpoint"),
        None,
        Value::Null,
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "query-endpoint",
                "delete",
                SERVICE,
                "--org-id",
                ORG,
                "--yes",
            ],
        )
        .await;
    success(&out);
    assert!(
        stderr(&out).contains("Deleted the query endpoint"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn private_endpoint_get_config_shows_it() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &service_path("/privateEndpointConfig"),
        None,
        json!({
            "endpointServiceId": "com.amazonaws.vpce.us-east-1.vpce-svc-123",
            "privateDnsHostname": "abc123.us-east-1.vpce.aws.clickhouse.cloud"
        }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "private-endpoint",
                "get-config",
                SERVICE,
                "--org-id",
                ORG,
            ],
        )
        .await;
    assert!(success(&out).contains("vpce-svc-123"));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn private_endpoint_create_posts_id_and_description() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &service_path("/privateEndpoint"),
        Some(json!({ "id": "vpce-0abc", "description": "prod VPC" })),
        json!({ "id": "vpce-0abc", "description": "prod VPC", "cloudProvider": "aws", "region": "us-east-1" }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "private-endpoint",
                "create",
                SERVICE,
                "--org-id",
                ORG,
                "--endpoint-id",
                "vpce-0abc",
                "--description",
                "prod VPC",
            ],
        )
        .await;
    assert!(success(&out).contains("vpce-0abc"));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_config_get_shows_it() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &service_path("/backupConfiguration"),
        None,
        json!({ "backupPeriodInHours": 24, "backupRetentionPeriodInHours": 48, "backupStartTime": "02:30" }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "backup-config", "get", SERVICE, "--org-id", ORG],
        )
        .await;
    let printed = success(&out);
    assert!(printed.contains("48 h"), "{printed}");
    assert!(printed.contains("02:30 UTC"), "{printed}");
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_config_update_sends_the_patch() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &service_path("/backupConfiguration"),
        Some(json!({
            "backupPeriodInHours": 12,
            "backupRetentionPeriodInHours": 72,
            "backupStartTime": "02:30"
        })),
        json!({ "backupPeriodInHours": 24, "backupRetentionPeriodInHours": 72, "backupStartTime": "02:30" }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "backup-config",
                "update",
                SERVICE,
                "--org-id",
                ORG,
                "--backup-period-hours",
                "12",
                "--backup-retention-period-hours",
                "72",
                "--backup-start-time",
                "02:30",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_config_update_checks_its_values_and_needs_a_change() {
    let cases: [&[&str]; 4] = [
        &[],
        &["--backup-period-hours", "0"],
        &["--backup-retention-period-hours", "50"],
        &["--backup-start-time", "25:00"],
    ];
    for extra in cases {
        let api = Api::start().await;
        let mut args = vec![
            "service",
            "backup-config",
            "update",
            SERVICE,
            "--org-id",
            ORG,
        ];
        args.extend_from_slice(extra);
        let out = api.run(&Sandbox::new(), &args).await;
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        api.verify().await;
    }
}

/// With an OAuth token (read-only), every write leaf stops with exit 4 before any
/// request, and every read leaf reaches the API.
#[tokio::test(flavor = "multi_thread")]
async fn classification_read_and_write() {
    let writes: [&[&str]; 11] = [
        &[
            "create",
            "--name",
            "a",
            "--provider",
            "aws",
            "--region",
            "us-east-1",
        ],
        &["delete", SERVICE, "--yes"],
        &["start", SERVICE],
        &["stop", SERVICE],
        &["update", SERVICE, "--name", "b"],
        &["scale", SERVICE, "--num-replicas", "2"],
        &["reset-password", SERVICE, "--yes"],
        &[
            "backup-config",
            "update",
            SERVICE,
            "--backup-period-hours",
            "6",
        ],
        &[
            "query-endpoint",
            "create",
            SERVICE,
            "--role",
            "sql_console_admin",
        ],
        &["query-endpoint", "delete", SERVICE, "--yes"],
        &[
            "private-endpoint",
            "create",
            SERVICE,
            "--endpoint-id",
            "vpce-1",
        ],
    ];
    let reads: [&[&str]; 7] = [
        &["list"],
        &["get", SERVICE],
        &["client", SERVICE],
        &["prometheus", SERVICE],
        &["backup-config", "get", SERVICE],
        &["query-endpoint", "get", SERVICE],
        &["private-endpoint", "get-config", SERVICE],
    ];
    for (leaf, write) in writes
        .iter()
        .map(|l| (l, true))
        .chain(reads.iter().map(|l| (l, false)))
    {
        let api = Api::start().await;
        let sandbox = Sandbox::new();
        let mut command = sandbox.cloud();
        command
            .env("CLOUD_ACCESS_TOKEN", "oauth-token")
            .arg("service")
            .args(leaf.iter())
            .args(["--org-id", ORG]);
        let out = api.run_with(command).await;
        let seen = api.seen().await;
        if write {
            assert_eq!(out.status.code(), Some(4), "{leaf:?}: {}", stderr(&out));
            assert!(seen.is_empty(), "{leaf:?} sent {seen:?}");
        } else {
            // The mock answers 404 to everything: the read went out and failed there.
            assert_eq!(out.status.code(), Some(5), "{leaf:?}: {}", stderr(&out));
            assert_eq!(seen.len(), 1, "{leaf:?} sent {seen:?}");
        }
    }
}
