//! `cloud clickpipe …` (all but `create` and `schema-discover`): the exact requests of each
//! leaf, `--json` as sent, what is refused before sending, `--wait`, and names for IDs.

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const PIPE: &str = "c1c1c1c1-0000-4000-8000-000000000001";
const ENDPOINT: &str = "e0e0e0e0-0000-4000-8000-000000000002";

/// The ClickPipe fixture for `clickpipe update --file`.
pub const PATCH_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickpipe/patch.json"
);

fn svc_path(suffix: &str) -> String {
    format!("/v1/organizations/{ORG}/services/{SERVICE}{suffix}")
}

fn pipe_path(suffix: &str) -> String {
    svc_path(&format!("/clickpipes/{PIPE}{suffix}"))
}

fn endpoint_path() -> String {
    svc_path(&format!("/clickpipesReversePrivateEndpoints/{ENDPOINT}"))
}

fn pipe(state: &str) -> Value {
    json!({
        "id": PIPE,
        "serviceId": SERVICE,
        "name": "orders-from-kafka",
        "state": state,
        "scaling": {"replicas": 2, "replicaCpuMillicores": 500, "replicaMemoryGb": 0.5},
        "source": {"kafka": {"type": "confluent", "format": "JSONEachRow", "brokers": "b:9092", "topics": "orders"}},
        "destination": {"database": "orders", "table": "events", "managedTable": true, "columns": []},
        "createdAt": "2026-11-30T12:00:00Z"
    })
}

fn settings() -> Value {
    json!({"streaming_max_insert_wait_ms": 5000, "clickhouse_max_threads": 8, "object_storage_use_cluster_function": null})
}

fn endpoint() -> Value {
    json!({
        "id": ENDPOINT,
        "serviceId": SERVICE,
        "description": "orders-vpce",
        "type": "VPC_ENDPOINT_SERVICE",
        "vpcEndpointServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        "endpointId": "vpce-0a1b2c3d4e5f67890",
        "dnsNames": ["vpce-0a1b.example.com"],
        "privateDnsNames": [],
        "status": "Ready"
    })
}

/// One leaf: its arguments after `cloud clickpipe`, the GETs it makes first, the request it
/// must send, the reply, and a piece of what it prints.
struct Case {
    args: Vec<&'static str>,
    reads_first: Vec<(String, Value)>,
    method: &'static str,
    route: String,
    body: Option<Value>,
    result: Value,
    prints: &'static str,
}

fn case(
    args: &[&'static str],
    method: &'static str,
    route: String,
    body: Option<Value>,
    result: Value,
    prints: &'static str,
) -> Case {
    Case {
        args: args.to_vec(),
        reads_first: Vec::new(),
        method,
        route,
        body,
        result,
        prints,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            &["list", SERVICE],
            "GET",
            svc_path("/clickpipes"),
            None,
            json!([pipe("Running")]),
            "orders.events",
        ),
        case(
            &["get", SERVICE, PIPE],
            "GET",
            pipe_path(""),
            None,
            pipe("Running"),
            "kafka",
        ),
        case(
            &["update", SERVICE, PIPE, "--name", "orders-v2"],
            "PATCH",
            pipe_path(""),
            Some(json!({"name": "orders-v2"})),
            pipe("Running"),
            "orders-from-kafka",
        ),
        case(
            &[
                "update",
                SERVICE,
                PIPE,
                "--file",
                PATCH_FILE,
                "--name",
                "orders-v3",
            ],
            "PATCH",
            pipe_path(""),
            Some(json!({
                "name": "orders-v3",
                "settings": {"streaming_max_insert_wait_ms": 2000},
                "fieldMappings": [{"sourceField": "id", "destinationField": "order_id"}]
            })),
            pipe("Running"),
            "orders-from-kafka",
        ),
        case(
            &["delete", SERVICE, PIPE, "--yes"],
            "DELETE",
            pipe_path(""),
            None,
            Value::Null,
            "",
        ),
        case(
            &["start", SERVICE, PIPE],
            "PATCH",
            pipe_path("/state"),
            Some(json!({"command": "start"})),
            pipe("Provisioning"),
            "Provisioning",
        ),
        case(
            &["stop", SERVICE, PIPE],
            "PATCH",
            pipe_path("/state"),
            Some(json!({"command": "stop"})),
            pipe("Stopping"),
            "Stopping",
        ),
        case(
            &["resync", SERVICE, PIPE],
            "PATCH",
            pipe_path("/state"),
            Some(json!({"command": "resync"})),
            pipe("Resync"),
            "Resync",
        ),
        case(
            &[
                "scale",
                SERVICE,
                PIPE,
                "--replicas",
                "3",
                "--cpu-millicores",
                "1000",
                "--memory-gb",
                "4.5",
                "--concurrency",
                "0",
            ],
            "PATCH",
            pipe_path("/scaling"),
            Some(
                json!({"replicas": 3, "concurrency": 0, "replicaCpuMillicores": 1000, "replicaMemoryGb": 4.5}),
            ),
            pipe("Running"),
            "orders-from-kafka",
        ),
        case(
            &["settings", "get", SERVICE, PIPE],
            "GET",
            pipe_path("/settings"),
            None,
            settings(),
            "streaming_max_insert_wait_ms",
        ),
        Case {
            // The settings not given are sent as they stand; unset (null) ones are left out.
            reads_first: vec![(pipe_path("/settings"), settings())],
            ..case(
                &[
                    "settings",
                    "update",
                    SERVICE,
                    PIPE,
                    "--streaming-max-insert-wait-ms",
                    "2000",
                    "--object-storage-concurrency",
                    "4",
                    "--object-storage-polling-interval-ms",
                    "30000",
                    "--object-storage-max-insert-bytes",
                    "10485760",
                    "--object-storage-max-file-count",
                    "100",
                    "--clickhouse-max-insert-threads",
                    "2",
                    "--clickhouse-min-insert-block-size-bytes",
                    "0",
                    "--clickhouse-max-download-threads",
                    "4",
                    "--clickhouse-parallel-distributed-insert-select",
                    "2",
                    "--object-storage-use-cluster-function",
                    "true",
                    "--clickhouse-parallel-view-processing",
                    "false",
                ],
                "PUT",
                pipe_path("/settings"),
                Some(json!({
                    "streaming_max_insert_wait_ms": 2000,
                    "object_storage_concurrency": 4,
                    "object_storage_polling_interval_ms": 30000,
                    "object_storage_max_insert_bytes": 10485760,
                    "object_storage_max_file_count": 100,
                    "clickhouse_max_threads": 8,
                    "clickhouse_max_insert_threads": 2,
                    "clickhouse_min_insert_block_size_bytes": 0,
                    "clickhouse_max_download_threads": 4,
                    "clickhouse_parallel_distributed_insert_select": 2,
                    "object_storage_use_cluster_function": true,
                    "clickhouse_parallel_view_processing": false
                })),
                json!({"streaming_max_insert_wait_ms": 2000}),
                "2000",
            )
        },
        case(
            &["cdc-scaling", "get", SERVICE],
            "GET",
            svc_path("/clickpipesCdcScaling"),
            None,
            json!({"replicaCpuMillicores": 2000, "replicaMemoryGb": 8}),
            "2000",
        ),
        case(
            &["cdc-scaling", "update", SERVICE, "--memory-gb", "16"],
            "PATCH",
            svc_path("/clickpipesCdcScaling"),
            Some(json!({"replicaCpuMillicores": 4000, "replicaMemoryGb": 16})),
            json!({"replicaCpuMillicores": 4000, "replicaMemoryGb": 16}),
            "4000",
        ),
        case(
            &["reverse-private-endpoint", "list", SERVICE],
            "GET",
            svc_path("/clickpipesReversePrivateEndpoints"),
            None,
            json!([endpoint()]),
            "orders-vpce",
        ),
        case(
            &["reverse-private-endpoint", "get", SERVICE, ENDPOINT],
            "GET",
            endpoint_path(),
            None,
            endpoint(),
            "vpce-0a1b2c3d4e5f67890",
        ),
        case(
            &[
                "reverse-private-endpoint",
                "create",
                SERVICE,
                "--description",
                "orders-msk",
                "--type",
                "msk_multi_vpc",
                "--msk-cluster-arn",
                "arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc",
                "--msk-authentication",
                "sasl_scram",
            ],
            "POST",
            svc_path("/clickpipesReversePrivateEndpoints"),
            Some(json!({
                "description": "orders-msk",
                "type": "MSK_MULTI_VPC",
                "mskClusterArn": "arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc",
                "mskAuthentication": "SASL_SCRAM"
            })),
            endpoint(),
            "orders-vpce",
        ),
        case(
            &[
                "reverse-private-endpoint",
                "create",
                SERVICE,
                "--description",
                "orders-psc",
                "--type",
                "GCP_PSC_SERVICE_ATTACHMENT",
                "--gcp-service-attachment",
                "projects/p/regions/us-central1/serviceAttachments/orders",
                "--private-dns-name",
                "db.example.com",
                "--private-dns-name",
                "*.example.com",
            ],
            "POST",
            svc_path("/clickpipesReversePrivateEndpoints"),
            Some(json!({
                "description": "orders-psc",
                "type": "GCP_PSC_SERVICE_ATTACHMENT",
                "gcpServiceAttachment": "projects/p/regions/us-central1/serviceAttachments/orders",
                "customPrivateDnsMappings": [{"privateDnsName": "db.example.com"}, {"privateDnsName": "*.example.com"}]
            })),
            endpoint(),
            "orders-vpce",
        ),
        case(
            &[
                "reverse-private-endpoint",
                "update",
                SERVICE,
                ENDPOINT,
                "--private-dns-name",
                "db.example.com",
            ],
            "PATCH",
            endpoint_path(),
            Some(json!({"customPrivateDnsMappings": [{"privateDnsName": "db.example.com"}]})),
            endpoint(),
            "orders-vpce",
        ),
        case(
            &[
                "reverse-private-endpoint",
                "update",
                SERVICE,
                ENDPOINT,
                "--clear-private-dns-names",
            ],
            "PATCH",
            endpoint_path(),
            Some(json!({"customPrivateDnsMappings": []})),
            endpoint(),
            "orders-vpce",
        ),
        case(
            &[
                "reverse-private-endpoint",
                "delete",
                SERVICE,
                ENDPOINT,
                "--yes",
            ],
            "DELETE",
            endpoint_path(),
            None,
            Value::Null,
            "",
        ),
    ]
}

/// Mounts the requests `case` must send, each exactly once with its exact body.
async fn expect(api: &Api, case: &Case) {
    for (route, result) in &case.reads_first {
        api.expect("GET", route, None, result.clone()).await;
    }
    let mut mock = Mock::given(method(case.method))
        .and(path(case.route.as_str()))
        .and(basic_auth_header());
    if let Some(body) = &case.body {
        mock = mock.and(body_json(body.clone()));
    }
    mock.respond_with(ResponseTemplate::new(200).set_body_json(envelope(case.result.clone())))
        .expect(1)
        .named(format!("{} {}", case.method, case.route))
        .mount(&api.server)
        .await;
}

fn argv<'a>(case: &'a Case, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["clickpipe"];
    args.extend(&case.args);
    args.extend(["--org-id", ORG]);
    args.extend(extra);
    args
}

#[tokio::test(flavor = "multi_thread")]
async fn every_leaf_sends_its_exact_request_and_prints_the_result() {
    for case in cases() {
        let api = Api::start().await;
        expect(&api, &case).await;
        let out = api.run(&Sandbox::new(), &argv(&case, &[])).await;
        let printed = success(&out);
        assert!(printed.contains(case.prints), "{:?}: {printed}", case.args);
        let received = api.server.received_requests().await.unwrap_or_default();
        assert_eq!(
            received.len(),
            1 + case.reads_first.len(),
            "{:?} sent {received:?}",
            case.args
        );
        api.server.verify().await;
    }
}

/// Under --json every result is printed as the API sent it; a delete, whose reply has no
/// result, prints what every delete of `cloud` prints.
#[tokio::test(flavor = "multi_thread")]
async fn json_prints_the_result_as_sent() {
    for case in cases() {
        let api = Api::start().await;
        expect(&api, &case).await;
        let out = api.run(&Sandbox::new(), &argv(&case, &["--json"])).await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        let expected = if case.result.is_null() {
            json!({"id": case.args[case.args.len() - 2], "deleted": true})
        } else {
            case.result.clone()
        };
        assert_eq!(printed, expected, "{:?}", case.args);
    }
}

/// Under an OAuth login (a bearer token) every write is refused with exit 4, and nothing at
/// all reaches the server; the reads go through.
#[tokio::test(flavor = "multi_thread")]
async fn under_an_oauth_login_writes_exit_4_and_send_nothing() {
    let mut writes = 0;
    for case in cases() {
        let api = Api::start().await;
        let mut command = Sandbox::new().cloud();
        command
            .env("CLOUD_ACCESS_TOKEN", "oauth-token")
            .args(argv(&case, &[]));
        if case.method == "GET" {
            Mock::given(method("GET"))
                .and(path(case.route.as_str()))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(envelope(case.result.clone())),
                )
                .expect(1)
                .mount(&api.server)
                .await;
            let out = api.run_with(command).await;
            success(&out);
            continue;
        }
        writes += 1;
        let out = api.run_with(command).await;
        assert_eq!(
            out.status.code(),
            Some(4),
            "{:?}: {}",
            case.args,
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("CLOUD_ACCESS_TOKEN"),
            "{}",
            stderr(&out)
        );
        assert_eq!(api.seen().await, Vec::<String>::new(), "{:?}", case.args);
    }
    assert_eq!(writes, 14);
}

/// Out of the spec's ranges, or not fitting together: exit 2, and not one request (not
/// even the key-role lookup of a write).
#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_any_request() {
    let refused: &[(&[&str], &str)] = &[
        (
            &["scale", SERVICE, PIPE, "--replicas", "41"],
            "41 is not in 1..=40",
        ),
        (
            &["scale", SERVICE, PIPE, "--replicas", "0"],
            "0 is not in 1..=40",
        ),
        (
            &["scale", SERVICE, PIPE, "--cpu-millicores", "124"],
            "124 is not in 125..=2000",
        ),
        (
            &["scale", SERVICE, PIPE, "--cpu-millicores", "2001"],
            "2001 is not in 125..=2000",
        ),
        (
            &["scale", SERVICE, PIPE, "--memory-gb", "0.25"],
            "between 0.5 and 8 GB",
        ),
        (
            &["scale", SERVICE, PIPE, "--memory-gb", "9"],
            "between 0.5 and 8 GB",
        ),
        (
            &["scale", SERVICE, PIPE, "--concurrency", "35"],
            "35 is not in 0..=34",
        ),
        (&["scale", SERVICE, PIPE], "nothing to change"),
        (
            &[
                "settings",
                "update",
                SERVICE,
                PIPE,
                "--streaming-max-insert-wait-ms",
                "499",
            ],
            "499 is not in 500..=60000",
        ),
        (
            &[
                "settings",
                "update",
                SERVICE,
                PIPE,
                "--object-storage-concurrency",
                "36",
            ],
            "36 is not in 1..=35",
        ),
        (
            &[
                "settings",
                "update",
                SERVICE,
                PIPE,
                "--object-storage-max-insert-bytes",
                "1024",
            ],
            "is not in 10485760..=53687091200",
        ),
        (
            &[
                "settings",
                "update",
                SERVICE,
                PIPE,
                "--clickhouse-max-threads",
                "65",
            ],
            "65 is not in 0..=64",
        ),
        (
            &[
                "settings",
                "update",
                SERVICE,
                PIPE,
                "--clickhouse-parallel-distributed-insert-select",
                "3",
            ],
            "3 is not in 0..=2",
        ),
        (
            &[
                "settings",
                "update",
                SERVICE,
                PIPE,
                "--clickhouse-parallel-view-processing",
                "maybe",
            ],
            "expected true or false",
        ),
        (&["settings", "update", SERVICE, PIPE], "nothing to change"),
        (
            &["cdc-scaling", "update", SERVICE, "--cpu-millicores", "1500"],
            "multiple of 1000 between 1000 and 32000",
        ),
        (
            &[
                "cdc-scaling",
                "update",
                SERVICE,
                "--cpu-millicores",
                "33000",
            ],
            "multiple of 1000 between 1000 and 32000",
        ),
        (
            &["cdc-scaling", "update", SERVICE, "--memory-gb", "6"],
            "multiple of 4 between 4 and 128",
        ),
        (
            &[
                "cdc-scaling",
                "update",
                SERVICE,
                "--cpu-millicores",
                "2000",
                "--memory-gb",
                "16",
            ],
            "4 GiB per core, so 8 GiB",
        ),
        (&["cdc-scaling", "update", SERVICE], "nothing to change"),
        (&["update", SERVICE, PIPE], "nothing to change"),
        (&["update", SERVICE, PIPE, "--name", ""], "ClickPipe name"),
        (
            &[
                "reverse-private-endpoint",
                "create",
                SERVICE,
                "--description",
                "x",
                "--type",
                "VPC_RESOURCE",
                "--vpc-resource-configuration-id",
                "rcfg-1",
            ],
            "--type VPC_RESOURCE needs --vpc-resource-share-arn",
        ),
        (
            &[
                "reverse-private-endpoint",
                "create",
                SERVICE,
                "--description",
                "x",
                "--type",
                "VPC_ENDPOINT_SERVICE",
                "--vpc-endpoint-service-name",
                "svc",
                "--msk-cluster-arn",
                "arn",
            ],
            "--msk-cluster-arn is for --type MSK_MULTI_VPC",
        ),
        (
            &[
                "reverse-private-endpoint",
                "create",
                SERVICE,
                "--description",
                "x",
                "--type",
                "MSK_MULTI_VPC",
                "--msk-cluster-arn",
                "arn",
                "--msk-authentication",
                "SASL_IAM",
                "--private-dns-name",
                "a.example.com",
            ],
            "not supported for MSK_MULTI_VPC",
        ),
        (
            &[
                "reverse-private-endpoint",
                "create",
                SERVICE,
                "--description",
                "x",
                "--type",
                "VPN",
            ],
            "invalid value 'VPN'",
        ),
        (
            &["reverse-private-endpoint", "update", SERVICE, ENDPOINT],
            "nothing to change",
        ),
        (
            &[
                "reverse-private-endpoint",
                "update",
                SERVICE,
                ENDPOINT,
                "--private-dns-name",
                "not a name",
            ],
            "expected a DNS name",
        ),
    ];
    for (args, expected) in refused {
        let api = Api::start().await;
        let mut argv = vec!["clickpipe"];
        argv.extend(*args);
        argv.extend(["--org-id", ORG]);
        // Without the cached role a write would look its key up first: nothing is cached here.
        let mut command = Sandbox::new().cloud();
        command
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .args(&argv);
        let out = api.run_with(command).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{argv:?}: {}",
            stderr(&out)
        );
        assert_eq!(api.seen().await, Vec::<String>::new(), "{argv:?}");
    }
}

/// A file that is not a ClickPipePatchRequest is refused, naming the field.
#[tokio::test(flavor = "multi_thread")]
async fn update_refuses_a_file_with_fields_it_cannot_change() {
    let dir = tempfile::tempdir().unwrap();
    for (content, expected) in [
        (r#"{"state": "Running"}"#, "\"state\" cannot be changed"),
        ("[1]", "expected a JSON object"),
        ("{", "not valid JSON"),
    ] {
        let file = dir.path().join("patch.json");
        std::fs::write(&file, content).unwrap();
        let api = Api::start().await;
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickpipe",
                    "update",
                    SERVICE,
                    PIPE,
                    "--file",
                    file.to_str().unwrap(),
                    "--org-id",
                    ORG,
                ],
            )
            .await;
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        assert_eq!(api.seen().await, Vec::<String>::new());
    }
}

/// Names for IDs: the service by its list, the pipe by the service's pipes, the endpoint by
/// its description.
#[tokio::test(flavor = "multi_thread")]
async fn names_are_looked_up() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/services"),
        None,
        json!([{"id": SERVICE, "name": "analytics"}]),
    )
    .await;
    api.expect(
        "GET",
        &svc_path("/clickpipes"),
        None,
        json!([pipe("Running")]),
    )
    .await;
    api.expect("GET", &pipe_path("/settings"), None, settings())
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickpipe",
                "settings",
                "get",
                "analytics",
                "orders-from-kafka",
                "--org-id",
                ORG,
            ],
        )
        .await;
    assert!(success(&out).contains("clickhouse_max_threads"));
    api.verify().await;

    let api = Api::start().await;
    api.expect(
        "GET",
        &svc_path("/clickpipesReversePrivateEndpoints"),
        None,
        json!([endpoint()]),
    )
    .await;
    api.expect("GET", &endpoint_path(), None, endpoint()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickpipe",
                "reverse-private-endpoint",
                "get",
                SERVICE,
                "orders-vpce",
                "--org-id",
                ORG,
            ],
        )
        .await;
    assert!(success(&out).contains("Ready"));
    api.verify().await;

    // No such pipe: exit 5, and the hint lists the service's pipes.
    let api = Api::start().await;
    api.expect(
        "GET",
        &svc_path("/clickpipes"),
        None,
        json!([pipe("Running")]),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["clickpipe", "get", SERVICE, "nope", "--org-id", ORG],
        )
        .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("cloud clickpipe list {SERVICE} --org-id {ORG}")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(&format!("in service {SERVICE}")),
        "{}",
        stderr(&out)
    );
}

/// Mounts `clickpipe get` answering each state in turn, the last one for good.
async fn states(api: &Api, states: &[&str]) {
    let (last, first) = states.split_last().unwrap();
    for (i, state) in first.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path(pipe_path("")))
            .respond_with(ResponseTemplate::new(200).set_body_json(envelope(pipe(state))))
            .up_to_n_times(1)
            .with_priority(u8::try_from(i + 1).unwrap())
            .mount(&api.server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(pipe_path("")))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(pipe(last))))
        .with_priority(100)
        .mount(&api.server)
        .await;
}

async fn state_change(api: &Api, command: &str, answer: &str) {
    Mock::given(method("PATCH"))
        .and(path(pipe_path("/state")))
        .and(body_json(json!({"command": command})))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(pipe(answer))))
        .expect(1)
        .mount(&api.server)
        .await;
}

/// --wait polls `clickpipe get` (GETs only) until the state the change leads to, and prints
/// the pipe as it is then; database pipes pause where the others stop.
#[tokio::test(flavor = "multi_thread")]
async fn wait_follows_the_pipe_to_its_state() {
    for (command, moving, reached) in [
        ("start", "Provisioning", "Running"),
        ("resync", "Resync", "Running"),
        ("stop", "Stopping", "Stopped"),
        ("stop", "Pausing", "Paused"),
    ] {
        let api = Api::start().await;
        state_change(&api, command, moving).await;
        states(&api, &[moving, reached]).await;
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickpipe",
                    command,
                    SERVICE,
                    PIPE,
                    "--org-id",
                    ORG,
                    "--wait",
                    "--json",
                ],
            )
            .await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(printed["state"], reached, "{command}");
        let seen = api.seen().await;
        assert!(seen.len() >= 3, "{seen:?}");
        assert!(seen[1..].iter().all(|r| r.starts_with("GET ")), "{seen:?}");
    }
}

/// A pipe that fails ends the wait (exit 1), naming the pipe and how to see it.
#[tokio::test(flavor = "multi_thread")]
async fn a_failed_pipe_ends_the_wait() {
    for failed in ["Failed", "InternalError"] {
        let api = Api::start().await;
        state_change(&api, "start", "Provisioning").await;
        states(&api, &["Provisioning", failed]).await;
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickpipe",
                    "start",
                    SERVICE,
                    PIPE,
                    "--org-id",
                    ORG,
                    "--wait",
                    "--json",
                ],
            )
            .await;
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        assert_eq!(error["error"]["code"], "service_failed");
        let message = error["error"]["message"].as_str().unwrap();
        assert_eq!(
            message,
            format!("ClickPipe {PIPE} is {failed}; it will not be running")
        );
        let hint = error["error"]["hint"].as_str().unwrap_or_default();
        assert!(
            hint.contains(&format!(
                "cloud clickpipe get {SERVICE} {PIPE} --org-id {ORG}"
            )),
            "{error}"
        );
    }
}

/// `delete --wait` returns once the pipe is gone (404).
#[tokio::test(flavor = "multi_thread")]
async fn delete_waits_until_the_pipe_is_gone() {
    let api = Api::start().await;
    Mock::given(method("DELETE"))
        .and(path(pipe_path("")))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(Value::Null)))
        .expect(1)
        .mount(&api.server)
        .await;
    Mock::given(method("GET"))
        .and(path(pipe_path("")))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(pipe("Stopping"))))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&api.server)
        .await;
    Mock::given(method("GET"))
        .and(path(pipe_path("")))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_envelope(404, "Not found")))
        .with_priority(2)
        .mount(&api.server)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickpipe",
                "delete",
                SERVICE,
                PIPE,
                "--org-id",
                ORG,
                "--yes",
                "--wait",
            ],
        )
        .await;
    success(&out);
    assert!(
        stderr(&out).contains(&format!("Deleted ClickPipe {PIPE}.")),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.seen().await.len(), 3);
}

/// Without --yes and nobody to ask, a delete is refused before any request.
#[tokio::test(flavor = "multi_thread")]
async fn deletes_need_yes_without_a_terminal() {
    for args in [
        &["clickpipe", "delete", SERVICE, PIPE, "--org-id", ORG][..],
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "delete",
            SERVICE,
            ENDPOINT,
            "--org-id",
            ORG,
        ][..],
    ] {
        let api = Api::start().await;
        let out = api.run(&Sandbox::new(), args).await;
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
        assert_eq!(api.seen().await, Vec::<String>::new());
    }
}

/// The list table: one row per pipe, in name order, with its source and destination.
#[tokio::test(flavor = "multi_thread")]
async fn list_shows_source_and_destination() {
    let api = Api::start().await;
    let mut cdc = pipe("Paused");
    cdc["id"] = json!("c1c1c1c1-0000-4000-8000-000000000002");
    cdc["name"] = json!("accounts-cdc");
    cdc["source"] = json!({"kafka": null, "postgres": {"host": "db"}});
    cdc["destination"] = json!({"database": "accounts"});
    api.expect(
        "GET",
        &svc_path("/clickpipes"),
        None,
        json!([pipe("Running"), cdc]),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["clickpipe", "list", SERVICE, "--org-id", ORG, "--wide"],
        )
        .await;
    let text = success(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("ID") && lines[0].contains("DESTINATION"),
        "{text}"
    );
    let accounts = lines
        .iter()
        .position(|l| l.contains("accounts-cdc"))
        .unwrap();
    let orders = lines
        .iter()
        .position(|l| l.contains("orders-from-kafka"))
        .unwrap();
    assert!(accounts < orders, "{text}");
    assert!(
        lines[accounts].contains("postgres") && lines[accounts].contains("Paused"),
        "{text}"
    );
    assert!(
        lines[orders].contains("kafka") && lines[orders].contains("orders.events"),
        "{text}"
    );
}
