//! `cloud clickpipe create <source>` and `cloud clickpipe schema-discover`: for every source,
//! the exact body the flags build and the same body from `--file`; what is refused before
//! sending; how secrets travel (stdin, environment) without ever being printed.

use base64::Engine;
use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::classification::SERVICE_ACCOUNT_KEY;
use crate::support::*;

const PIPE: &str = "c1e00000-0000-4000-8000-0000000000a1";

// Secrets, each long enough to be redacted, and each told apart in the output.
const KAFKA_PASSWORD: &str = "KafkaSaslPassw0rd!";
const REGISTRY_PASSWORD: &str = "Registry-Secret-42";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const DB_PASSWORD: &str = "Db-Passw0rd-From-Stdin";
const SA_JSON: &str = r#"{"type": "service_account", "private_key": "FAKE-KEY-FOR-TESTS"}"#;

fn pipes_path() -> String {
    format!("/v1/organizations/{ORG}/services/{SERVICE}/clickpipes")
}

fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text.trim())
}

fn created(state: &str) -> Value {
    json!({"id": PIPE, "serviceId": SERVICE, "name": "p", "state": state,
           "createdAt": "2026-11-30T12:00:00Z"})
}

/// One source: the flags after `cloud clickpipe create`, where its secrets come from, the
/// body it must send, and the secrets' places in that body (left out of the `--file` copy).
struct Case {
    args: Vec<&'static str>,
    env: Vec<(&'static str, String)>,
    stdin: Option<&'static str>,
    body: Value,
    secrets: Vec<&'static str>,
    /// JSON pointers of the secrets, removed for the `--file` body (the inputs refill them).
    secret_paths: Vec<&'static str>,
}

fn streaming_destination(table: &str, columns: &[(&str, &str)]) -> (Value, Value) {
    let cols: Vec<Value> = columns
        .iter()
        .map(|(n, t)| json!({"name": n, "type": t}))
        .collect();
    let maps: Vec<Value> = columns
        .iter()
        .map(|(n, _)| json!({"sourceField": n, "destinationField": n}))
        .collect();
    (
        json!({"database": "default", "table": table, "managedTable": true,
               "tableDefinition": {"engine": {"type": "MergeTree"}}, "columns": cols}),
        Value::Array(maps),
    )
}

fn cases() -> Vec<Case> {
    let (events, events_maps) =
        streaming_destination("events", &[("id", "UInt64"), ("payload", "String")]);
    let (clicks, clicks_maps) = streaming_destination("clicks", &[("url", "String")]);
    vec![
        Case {
            args: vec![
                "kafka",
                "--name",
                "events",
                "--brokers",
                "b-1.example.com:9092",
                "--topics",
                "events",
                "--format",
                "AvroConfluent",
                "--auth",
                "SCRAM-SHA-512",
                "--username",
                "ingest",
                "--password-stdin",
                "--consumer-group",
                "cg",
                "--offset",
                "from_beginning",
                "--schema-registry-url",
                "https://registry.example.com",
                "--schema-registry-username",
                "sr",
                "--table",
                "events",
                "--column",
                "id:UInt64",
                "--column",
                "payload:String",
                "--replicas",
                "2",
                "--setting",
                "clickhouse_max_threads=8",
            ],
            env: vec![(
                "CLOUD_CLICKPIPE_SCHEMA_REGISTRY_PASSWORD",
                REGISTRY_PASSWORD.into(),
            )],
            stdin: Some("KafkaSaslPassw0rd!\n"),
            body: json!({
                "name": "events",
                "source": {"kafka": {
                    "type": "kafka", "format": "AvroConfluent", "brokers": "b-1.example.com:9092",
                    "topics": "events", "consumerGroup": "cg",
                    "credentials": {"username": "ingest", "password": KAFKA_PASSWORD},
                    "authentication": "SCRAM-SHA-512",
                    "offset": {"strategy": "from_beginning"},
                    "schemaRegistry": {"url": "https://registry.example.com", "authentication": "PLAIN",
                        "credentials": {"username": "sr", "password": REGISTRY_PASSWORD}}
                }},
                "destination": events,
                "fieldMappings": events_maps,
                "scaling": {"replicas": 2},
                "settings": {"clickhouse_max_threads": 8}
            }),
            secrets: vec![KAFKA_PASSWORD, REGISTRY_PASSWORD],
            secret_paths: vec![
                "/source/kafka/credentials/password",
                "/source/kafka/schemaRegistry/credentials/password",
            ],
        },
        Case {
            args: vec![
                "kafka",
                "--name",
                "clicks",
                "--kafka-type",
                "msk",
                "--brokers",
                "b:9096",
                "--topics",
                "clicks",
                "--format",
                "JSONEachRow",
                "--access-key-id",
                "AKIAEXAMPLE",
                "--table",
                "clicks",
                "--column",
                "url:String",
            ],
            env: vec![("CLOUD_CLICKPIPE_SECRET_KEY", AWS_SECRET.into())],
            stdin: None,
            body: json!({
                "name": "clicks",
                "source": {"kafka": {
                    "type": "msk", "format": "JSONEachRow", "brokers": "b:9096", "topics": "clicks",
                    "credentials": {"accessKeyId": "AKIAEXAMPLE", "secretKey": AWS_SECRET},
                    "authentication": "IAM_USER"
                }},
                "destination": clicks.clone(),
                "fieldMappings": clicks_maps.clone()
            }),
            secrets: vec![AWS_SECRET],
            secret_paths: vec!["/source/kafka/credentials/secretKey"],
        },
        Case {
            args: vec![
                "object-storage",
                "--name",
                "logs",
                "--source-url",
                "https://bucket.s3.amazonaws.com/logs/*.json.gz",
                "--format",
                "JSONEachRow",
                "--compression",
                "gzip",
                "--continuous",
                "--access-key-id",
                "AKIAEXAMPLE",
                "--secret-key-stdin",
                "--table",
                "clicks",
                "--column",
                "url:String",
            ],
            env: vec![],
            stdin: Some("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
            body: json!({
                "name": "logs",
                "source": {"objectStorage": {
                    "type": "s3", "format": "JSONEachRow",
                    "url": "https://bucket.s3.amazonaws.com/logs/*.json.gz",
                    "compression": "gzip", "isContinuous": true, "authentication": "IAM_USER",
                    "accessKey": {"accessKeyId": "AKIAEXAMPLE", "secretKey": AWS_SECRET}
                }},
                "destination": clicks.clone(),
                "fieldMappings": clicks_maps.clone()
            }),
            secrets: vec![AWS_SECRET],
            secret_paths: vec!["/source/objectStorage/accessKey/secretKey"],
        },
        Case {
            args: vec![
                "kinesis",
                "--name",
                "clicks",
                "--stream-name",
                "clicks",
                "--region",
                "us-east-1",
                "--format",
                "JSONEachRow",
                "--iam-role",
                "arn:aws:iam::123456789012:role/cp",
                "--iterator-type",
                "AT_TIMESTAMP",
                "--iterator-timestamp",
                "2021-03-15T00:00:00Z",
                "--enhanced-fan-out",
                "--table",
                "clicks",
                "--column",
                "url:String",
            ],
            env: vec![],
            stdin: None,
            body: json!({
                "name": "clicks",
                "source": {"kinesis": {
                    "format": "JSONEachRow", "streamName": "clicks", "region": "us-east-1",
                    "iteratorType": "AT_TIMESTAMP", "timestamp": 1615766400,
                    "useEnhancedFanOut": true, "iamRole": "arn:aws:iam::123456789012:role/cp",
                    "authentication": "IAM_ROLE"
                }},
                "destination": clicks.clone(),
                "fieldMappings": clicks_maps.clone()
            }),
            secrets: vec![],
            secret_paths: vec![],
        },
        Case {
            args: vec![
                "pubsub",
                "--name",
                "events",
                "--project-id",
                "my-project",
                "--topic",
                "events",
                "--format",
                "JSONEachRow",
                "--seek-type",
                "earliest",
                "--ack-deadline",
                "60",
                "--table",
                "clicks",
                "--column",
                "url:String",
            ],
            env: vec![("CLOUD_CLICKPIPE_SERVICE_ACCOUNT", SA_JSON.into())],
            stdin: None,
            body: json!({
                "name": "events",
                "source": {"pubsub": {
                    "format": "JSONEachRow", "projectId": "my-project", "topic": "events",
                    "authentication": "SERVICE_ACCOUNT", "seekType": "earliest", "ackDeadline": 60,
                    "serviceAccountKey": {"serviceAccountFile": base64(SA_JSON)}
                }},
                "destination": clicks,
                "fieldMappings": clicks_maps
            }),
            secrets: vec!["FAKE-KEY-FOR-TESTS"],
            secret_paths: vec!["/source/pubsub/serviceAccountKey"],
        },
        Case {
            args: vec![
                "postgres",
                "--name",
                "orders-cdc",
                "--host",
                "db.example.com",
                "--pg-database",
                "shop",
                "--username",
                "cp",
                "--password-stdin",
                "--table-mapping",
                "public.orders",
                "--table-mapping",
                "sales.customers:shop_customers",
                "--publication-name",
                "pub",
                "--postgres-type",
                "rdspostgres",
                "--database",
                "replica",
            ],
            env: vec![],
            stdin: Some("Db-Passw0rd-From-Stdin\n"),
            body: json!({
                "name": "orders-cdc",
                "source": {"postgres": {
                    "type": "rdspostgres", "host": "db.example.com", "port": 5432,
                    "database": "shop", "authentication": "basic",
                    "credentials": {"username": "cp", "password": DB_PASSWORD},
                    "settings": {"replicationMode": "cdc", "publicationName": "pub"},
                    "tableMappings": [
                        {"sourceSchemaName": "public", "sourceTable": "orders", "targetTable": "orders"},
                        {"sourceSchemaName": "sales", "sourceTable": "customers", "targetTable": "shop_customers"}
                    ]
                }},
                "destination": {"database": "replica"}
            }),
            secrets: vec![DB_PASSWORD],
            secret_paths: vec!["/source/postgres/credentials/password"],
        },
        Case {
            args: vec![
                "mysql",
                "--name",
                "shop-cdc",
                "--host",
                "mysql.example.com",
                "--username",
                "cp",
                "--table-mapping",
                "shop.orders",
                "--replication-mechanism",
                "GTID",
                "--server-id",
                "7",
                "--skip-cert-verification",
            ],
            env: vec![("CLOUD_CLICKPIPE_PASSWORD", DB_PASSWORD.into())],
            stdin: None,
            body: json!({
                "name": "shop-cdc",
                "source": {"mysql": {
                    "host": "mysql.example.com", "port": 3306, "authentication": "basic",
                    "credentials": {"username": "cp", "password": DB_PASSWORD},
                    "skipCertVerification": true, "serverId": 7,
                    "settings": {"replicationMode": "cdc", "replicationMechanism": "GTID"},
                    "tableMappings": [
                        {"sourceSchemaName": "shop", "sourceTable": "orders", "targetTable": "orders"}
                    ]
                }},
                "destination": {"database": "default"}
            }),
            secrets: vec![DB_PASSWORD],
            secret_paths: vec!["/source/mysql/credentials/password"],
        },
        Case {
            args: vec![
                "bigquery",
                "--name",
                "warehouse",
                "--service-account-file",
                SERVICE_ACCOUNT_KEY,
                "--staging-path",
                "gs://bucket/staging/",
                "--table-mapping",
                "sales.orders:bq_orders",
                "--table-engine",
                "ReplacingMergeTree",
            ],
            env: vec![],
            stdin: None,
            body: json!({
                "name": "warehouse",
                "source": {"bigquery": {
                    "snapshotStagingPath": "gs://bucket/staging/",
                    "settings": {"replicationMode": "snapshot"},
                    "tableMappings": [{"sourceDatasetName": "sales", "sourceTable": "orders",
                        "targetTable": "bq_orders", "tableEngine": "ReplacingMergeTree"}],
                    "credentials": {"serviceAccountFile":
                        base64(&std::fs::read_to_string(SERVICE_ACCOUNT_KEY).unwrap())}
                }},
                "destination": {"database": "default"}
            }),
            secrets: vec!["TESTONLYNOTAKEY"],
            secret_paths: vec!["/source/bigquery/credentials"],
        },
        Case {
            args: vec![
                "mongodb",
                "--name",
                "app-cdc",
                "--uri",
                "mongodb+srv://cluster0.example.mongodb.net",
                "--username",
                "cp",
                "--password-stdin",
                "--table-mapping",
                "app.users",
                "--read-preference",
                "primary",
                "--replication-mode",
                "snapshot",
            ],
            env: vec![],
            stdin: Some("Db-Passw0rd-From-Stdin\n"),
            body: json!({
                "name": "app-cdc",
                "source": {"mongodb": {
                    "uri": "mongodb+srv://cluster0.example.mongodb.net",
                    "credentials": {"username": "cp", "password": DB_PASSWORD},
                    "readPreference": "primary",
                    "settings": {"replicationMode": "snapshot"},
                    "tableMappings": [{"sourceDatabaseName": "app", "sourceCollection": "users",
                        "targetTable": "users"}]
                }},
                "destination": {"database": "default"}
            }),
            secrets: vec![DB_PASSWORD],
            secret_paths: vec!["/source/mongodb/credentials/password"],
        },
    ]
}

/// `cloud clickpipe create ARGS SERVICE` with the test key, `env` and `stdin`.
async fn create(
    api: &Api,
    sandbox: &Sandbox,
    args: &[&str],
    env: &[(&str, String)],
    stdin: Option<&str>,
) -> std::process::Output {
    cache_admin_role(sandbox, &api.url());
    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["clickpipe", "create"])
        .args(&args[..1])
        .args([SERVICE, "--org-id", ORG])
        .args(&args[1..]);
    for (name, value) in env {
        command.env(name, value);
    }
    command.write_stdin(stdin.unwrap_or("").to_owned());
    api.run_with(command).await
}

fn assert_no_secret(case_args: &[&str], out: &std::process::Output, secrets: &[&str]) {
    let (stdout, stderr) = (stdout(out), stderr(out));
    for secret in secrets {
        assert!(
            !stdout.contains(secret),
            "{case_args:?} printed a secret: {stdout}"
        );
        assert!(
            !stderr.contains(secret),
            "{case_args:?} printed a secret: {stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_source_sends_the_body_its_flags_describe() {
    for case in cases() {
        let api = Api::start().await;
        api.expect(
            "POST",
            &pipes_path(),
            Some(case.body.clone()),
            created("Provisioning"),
        )
        .await;
        let out = create(&api, &Sandbox::new(), &case.args, &case.env, case.stdin).await;
        let text = success(&out);
        assert!(
            text.contains(PIPE) && text.contains("Provisioning"),
            "{text}"
        );
        assert_no_secret(&case.args, &out, &case.secrets);
        api.verify().await;
    }
}

/// `--file` with the body minus its secrets, and the same secret inputs: the same request.
#[tokio::test(flavor = "multi_thread")]
async fn every_source_sends_the_same_body_from_a_file() {
    for case in cases() {
        let api = Api::start().await;
        api.expect(
            "POST",
            &pipes_path(),
            Some(case.body.clone()),
            created("Provisioning"),
        )
        .await;
        let mut file_body = case.body.clone();
        for pointer in &case.secret_paths {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            file_body
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .unwrap()
                .remove(key);
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pipe.json");
        std::fs::write(&file, file_body.to_string()).unwrap();
        // Only the secret inputs travel with --file.
        let mut args = vec![case.args[0], "--file", file.to_str().unwrap()];
        for (i, arg) in case.args.iter().enumerate() {
            if arg.ends_with("-stdin")
                || (*arg == "--service-account-file" && i > 0)
                || (i > 0 && case.args[i - 1] == "--service-account-file")
            {
                args.push(arg);
            }
        }
        let out = create(&api, &Sandbox::new(), &args, &case.env, case.stdin).await;
        success(&out);
        assert_no_secret(&args, &out, &case.secrets);
        api.verify().await;
    }
}

/// `--dry-run` (text and JSON) and `--debug` show the request with every secret redacted.
#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_reach_the_output_under_dry_run_or_debug() {
    for case in cases() {
        let api = Api::start().await;
        for extra in [&["--dry-run"][..], &["--dry-run", "--json"], &["--debug"]] {
            if extra == ["--debug"] {
                api.expect(
                    "POST",
                    &pipes_path(),
                    Some(case.body.clone()),
                    created("Provisioning"),
                )
                .await;
            }
            let mut args = case.args.clone();
            args.extend(extra);
            let out = create(&api, &Sandbox::new(), &args, &case.env, case.stdin).await;
            let text = success(&out);
            assert_no_secret(&args, &out, &case.secrets);
            if extra[0] == "--dry-run" && !case.secrets.is_empty() {
                assert!(text.contains("[redacted]"), "{args:?}: {text}");
            }
        }
        api.verify().await;
    }
}

/// Refused before sending (exit 2), naming the field and what it may be.
#[tokio::test(flavor = "multi_thread")]
async fn invalid_bodies_exit_2_and_send_nothing() {
    let api = Api::start().await;
    Mock::given(method("POST"))
        .and(path_regex(".*"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&api.server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, body: Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, body.to_string()).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let bad_enum = file(
        "enum.json",
        json!({"name": "p", "source": {"kafka": {"format": "XML", "brokers": "b", "topics": "t"}}}),
    );
    let missing = file(
        "missing.json",
        json!({"name": "p", "source": {"mysql": {"host": "db.example.com", "port": 3306, "tableMappings": []}}}),
    );
    let other_source = file(
        "other.json",
        json!({"name": "p", "source": {"postgres": {"host": "db.example.com"}}}),
    );
    let range = file(
        "range.json",
        json!({"name": "p", "source": {"kinesis": {"streamName": "s"}}, "scaling": {"replicaMemoryGb": 16}}),
    );
    let unknown = file(
        "unknown.json",
        json!({"id": PIPE, "name": "p", "source": {"kafka": {"brokers": "b"}}}),
    );
    let mut cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["kafka", "--file", &bad_enum],
            "source.kafka.format: must be one of JSONEachRow, Avro, AvroConfluent, Protobuf, not \"XML\"",
        ),
        (
            vec!["mysql", "--file", &missing],
            "source.mysql.settings: required by the API",
        ),
        (
            vec!["kafka", "--file", &other_source],
            "takes exactly one source, source.kafka (the body has: postgres)",
        ),
        (
            vec!["kinesis", "--file", &range],
            "scaling.replicaMemoryGb: must be a number from 0.5 to 8",
        ),
        (
            vec!["kafka", "--file", &unknown],
            "id: not a field of ClickPipePostRequest",
        ),
        (
            vec![
                "kafka",
                "--name",
                "p",
                "--brokers",
                "b",
                "--topics",
                "t",
                "--format",
                "XML",
                "--table",
                "t",
                "--column",
                "a:String",
            ],
            "possible values: JSONEachRow",
        ),
        (
            vec![
                "postgres",
                "--name",
                "p",
                "--host",
                "db.example.com",
                "--pg-database",
                "d",
                "--username",
                "u",
                "--table-mapping",
                "public.t",
            ],
            "the password is missing",
        ),
        (
            vec![
                "postgres",
                "--name",
                "p",
                "--host",
                "db.example.com",
                "--pg-database",
                "d",
                "--username",
                "u",
                "--table-mapping",
                "orders",
            ],
            "expected SCHEMA.TABLE[:TARGET_TABLE]",
        ),
        (
            vec![
                "postgres",
                "--name",
                "p",
                "--host",
                "https://db.example.com",
                "--pg-database",
                "d",
                "--username",
                "u",
                "--table-mapping",
                "public.t",
                "--auth",
                "IAM_ROLE",
                "--iam-role",
                "arn",
            ],
            "source.postgres.host: must be a host name",
        ),
        (
            vec!["kafka", "--file", &bad_enum, "--topics", "t"],
            "cannot be used with",
        ),
    ];
    let long_name = "p".repeat(256);
    cases.push((
        vec!["kinesis", "--file", &range, "--name", &long_name],
        "name: 1 to 255 characters",
    ));
    for (args, expected) in cases {
        let out = create(&api, &Sandbox::new(), &args, &[], None).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Two secrets cannot both come from stdin.
    let out = create(
        &api,
        &Sandbox::new(),
        &[
            "kafka",
            "--name",
            "p",
            "--brokers",
            "b",
            "--topics",
            "t",
            "--format",
            "JSONEachRow",
            "--username",
            "u",
            "--password-stdin",
            "--schema-registry-password-stdin",
            "--schema-registry-url",
            "https://r",
            "--table",
            "t",
            "--column",
            "a:String",
        ],
        &[],
        Some("one\ntwo\n"),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("both read standard input"),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// A secret on argv still works (the official CLI's scripts), with a warning, and is not
/// printed back.
#[tokio::test(flavor = "multi_thread")]
async fn a_secret_on_the_command_line_works_with_a_warning() {
    let api = Api::start().await;
    let mut case = cases().remove(6); // mysql, password from the environment
    api.expect(
        "POST",
        &pipes_path(),
        Some(case.body.clone()),
        created("Provisioning"),
    )
    .await;
    case.args.extend(["--password", DB_PASSWORD]);
    let out = create(&api, &Sandbox::new(), &case.args, &[], None).await;
    success(&out);
    assert!(
        stderr(&out).contains("--password puts a secret where other local users can read it"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&case.args, &out, &case.secrets);
    api.verify().await;
}

/// An OAuth token may not write: exit 4 before anything is read or sent.
#[tokio::test(flavor = "multi_thread")]
async fn an_oauth_login_is_refused_before_anything_is_sent() {
    let api = Api::start().await;
    for case in cases() {
        let mut command = Sandbox::new().cloud();
        command
            .env("CLOUD_ACCESS_TOKEN", "read-only-token")
            .args(["clickpipe", "create"])
            .args(&case.args[..1])
            .args([SERVICE, "--org-id", ORG])
            .args(&case.args[1..])
            .write_stdin(case.stdin.unwrap_or(""));
        for (name, value) in &case.env {
            command.env(name, value);
        }
        let out = api.run_with(command).await;
        assert_eq!(
            out.status.code(),
            Some(4),
            "{:?}: {}",
            case.args,
            stderr(&out)
        );
        assert_no_secret(&case.args, &out, &case.secrets);
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// `--wait` polls the pipe until it runs, and a failed pipe ends the wait (exit 1).
#[tokio::test(flavor = "multi_thread")]
async fn wait_follows_the_pipe_until_it_runs() {
    let case = cases().remove(3); // kinesis, no secrets
    for (state, code) in [("Running", 0), ("Failed", 1)] {
        let api = Api::start().await;
        api.expect(
            "POST",
            &pipes_path(),
            Some(case.body.clone()),
            created("Provisioning"),
        )
        .await;
        api.expect(
            "GET",
            &format!("{}/{PIPE}", pipes_path()),
            None,
            created(state),
        )
        .await;
        let mut args = case.args.clone();
        args.push("--wait");
        let out = create(&api, &Sandbox::new(), &args, &[], None).await;
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        if code == 0 {
            assert!(stdout(&out).contains("Running"), "{}", stdout(&out));
        }
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn schema_discovery_prints_the_fields_found() {
    let fields = json!({"fields": [
        {"name": "id", "type": "Int64", "optional": false},
        {"name": "payload", "type": "String", "optional": true}
    ]});
    let body = json!({"source": {"kafka": {
        "type": "kafka", "format": "JSONEachRow", "brokers": "b:9092", "topics": "events",
        "credentials": {"username": "ingest", "password": KAFKA_PASSWORD},
        "authentication": "PLAIN"
    }}});
    let route = format!("{}/schemaDiscovery", pipes_path());
    let sandbox = Sandbox::new();
    let args = [
        "clickpipe",
        "schema-discover",
        "kafka",
        SERVICE,
        "--org-id",
        ORG,
        "--brokers",
        "b:9092",
        "--topics",
        "events",
        "--format",
        "JSONEachRow",
        "--username",
        "ingest",
        "--password-stdin",
    ];
    for json_mode in [false, true] {
        let api = Api::start().await;
        api.expect("POST", &route, Some(body.clone()), fields.clone())
            .await;
        cache_admin_role(&sandbox, &api.url());
        let mut command = sandbox.cloud();
        command
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .args(args)
            .write_stdin(format!("{KAFKA_PASSWORD}\n"));
        if json_mode {
            command.arg("--json");
        }
        let out = api.run_with(command).await;
        let text = success(&out);
        assert_no_secret(&args, &out, &[KAFKA_PASSWORD]);
        if json_mode {
            let value: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value["fields"][1]["optional"], true);
        } else {
            insta::assert_snapshot!("clickpipe_schema_discover_table", text);
        }
        api.verify().await;
    }
}
