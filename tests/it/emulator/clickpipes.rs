//! ClickPipes in the emulator: every source kind, states on the clock, bodies checked against
//! the spec (400s that name the field), credentials never served, reverse private endpoints,
//! CDC scaling, read-only OAuth callers, and replies that match the spec's schemas.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::oauth::device_login;
use super::ops::TempPath;
use super::{ApiClient, Credentials, demo_org};
use crate::support::emulator::{DEMO_CLICKPIPE_IDS, DEMO_SERVICE_ID, Emulator};
use crate::support::spec::spec;

/// The seeded demo service's pipes: Kafka, then Postgres.
const SEEDED_PIPES: [&str; 2] = DEMO_CLICKPIPE_IDS;

fn pipes(suffix: &str) -> String {
    demo_org(&format!("/services/{DEMO_SERVICE_ID}/clickpipes{suffix}"))
}

fn service_path(suffix: &str) -> String {
    demo_org(&format!("/services/{DEMO_SERVICE_ID}{suffix}"))
}

/// Appears in every credential sent, so that a reply holding one is easy to find.
const SECRET: &str = "SECRET-do-not-echo";

fn streaming_destination() -> Value {
    json!({
        "database": "default",
        "table": "events",
        "managedTable": true,
        "columns": [{"name": "id", "type": "Int64"}, {"name": "body", "type": "String"}],
    })
}

/// A valid create body for each source kind, each with its credentials.
fn create_bodies() -> Vec<(&'static str, Value)> {
    let secret = |what: &str| format!("{SECRET}-{what}");
    let db_destination = json!({"database": "replica", "roles": ["default_role"]});
    vec![
        (
            "kafka",
            json!({
                "name": "kafka-pipe",
                "source": {"kafka": {
                    "type": "msk", "format": "JSONEachRow", "brokers": "b-1.msk:9096",
                    "topics": "events", "authentication": "SCRAM-SHA-512",
                    "credentials": {"username": "ingest", "password": secret("kafka")},
                    "schemaRegistry": {"url": "https://registry.example.com", "authentication": "PLAIN",
                        "credentials": {"username": "sr", "password": secret("registry")}},
                }},
                "destination": streaming_destination(),
            }),
        ),
        (
            "objectStorage",
            json!({
                "name": "s3-pipe",
                "source": {"objectStorage": {
                    "type": "s3", "format": "Parquet", "url": "https://bucket.s3.amazonaws.com/data/*.parquet",
                    "authentication": "IAM_USER", "isContinuous": true,
                    "accessKey": {"accessKeyId": "AKIAEXAMPLE", "secretKey": secret("s3")},
                }},
                "destination": streaming_destination(),
                "fieldMappings": [
                    {"sourceField": "id", "destinationField": "id"},
                    {"sourceField": "payload", "destinationField": "body"},
                ],
                "settings": {"object_storage_concurrency": 4},
            }),
        ),
        (
            "kinesis",
            json!({
                "name": "kinesis-pipe",
                "source": {"kinesis": {
                    "format": "JSONEachRow", "streamName": "clicks", "region": "us-east-1",
                    "iteratorType": "TRIM_HORIZON", "authentication": "IAM_USER",
                    "accessKey": {"accessKeyId": "AKIAEXAMPLE", "secretKey": secret("kinesis")},
                }},
                "destination": streaming_destination(),
                "scaling": {"replicas": 2},
            }),
        ),
        (
            "pubsub",
            json!({
                "name": "pubsub-pipe",
                "source": {"pubsub": {
                    "format": "JSONEachRow", "projectId": "demo", "topic": "events",
                    "authentication": "SERVICE_ACCOUNT", "seekType": "latest",
                    "serviceAccountKey": {"serviceAccountFile": secret("pubsub")},
                }},
                "destination": streaming_destination(),
            }),
        ),
        (
            "postgres",
            json!({
                "name": "pg-pipe",
                "source": {"postgres": {
                    "host": "db.example.com", "port": 5432, "database": "app",
                    "credentials": {"username": "repl", "password": secret("postgres")},
                    "settings": {"replicationMode": "cdc"},
                    "tableMappings": [{"sourceSchemaName": "public", "sourceTable": "users", "targetTable": "users"}],
                }},
                "destination": db_destination,
            }),
        ),
        (
            "mysql",
            json!({
                "name": "mysql-pipe",
                "source": {"mysql": {
                    "host": "mysql.example.com", "port": 3306,
                    "credentials": {"username": "repl", "password": secret("mysql")},
                    "settings": {"replicationMode": "cdc"},
                    "tableMappings": [{"sourceSchemaName": "shop", "sourceTable": "orders", "targetTable": "shop_orders"}],
                }},
                "destination": {"database": "replica"},
            }),
        ),
        (
            "bigquery",
            json!({
                "name": "bq-pipe",
                "source": {"bigquery": {
                    "snapshotStagingPath": "gs://staging/bq/",
                    "settings": {"replicationMode": "snapshot"},
                    "tableMappings": [{"sourceDatasetName": "sales", "sourceTable": "orders", "targetTable": "sales_orders"}],
                    "credentials": {"serviceAccountFile": secret("bigquery")},
                }},
                "destination": {"database": "replica"},
            }),
        ),
        (
            "mongodb",
            json!({
                "name": "mongo-pipe",
                "source": {"mongodb": {
                    "uri": format!("mongodb://app:{}@mongo.example.com:27017", secret("mongo-uri")),
                    "readPreference": "secondaryPreferred",
                    "credentials": {"username": "app", "password": secret("mongodb")},
                    "settings": {"replicationMode": "cdc"},
                    "tableMappings": [{"sourceDatabaseName": "app", "sourceCollection": "users", "targetTable": "users"}],
                }},
                "destination": {"database": "replica"},
            }),
        ),
    ]
}

fn assert_no_secret(what: &str, value: &Value) {
    let text = value.to_string();
    assert!(!text.contains(SECRET), "{what} echoes a credential: {text}");
}

/// Polls `path` every 25 ms until its `field` is `want`; returns every value seen, in order.
async fn watch(api: &ApiClient, path: &str, field: &str, want: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..400 {
        let value = api.get(path).await.result()[field]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if seen.last() != Some(&value) {
            seen.push(value.clone());
        }
        if value == want {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} never had {field} {want}; saw {seen:?}");
}

/// `seen` goes through `expected` in order, possibly skipping some (polls can miss a step).
fn assert_in_order(seen: &[String], expected: &[&str]) {
    let mut rest = expected.iter();
    for state in seen {
        assert!(
            rest.any(|e| e == state),
            "{state} out of order in {seen:?}, expected {expected:?}"
        );
    }
    assert_eq!(seen.last().map(String::as_str), expected.last().copied());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_source_kind_is_created_and_served_without_its_credentials() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let seeded = api.get(&pipes("")).await.result().clone();
    let seeded_ids: Vec<&str> = seeded
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(seeded_ids, SEEDED_PIPES);

    for (kind, body) in create_bodies() {
        let created = api.post(&pipes(""), body.clone()).await;
        let pipe = created.result().clone();
        assert_no_secret(kind, &pipe);
        assert_eq!(pipe["name"], body["name"], "{kind}");
        assert_eq!(pipe["serviceId"], DEMO_SERVICE_ID, "{kind}");
        assert_eq!(pipe["state"], "Running", "{kind}: no transition time");
        let source = pipe["source"].as_object().unwrap();
        assert_eq!(source.keys().collect::<Vec<_>>(), [kind], "{kind}");
        assert!(pipe["source"][kind].get("credentials").is_none(), "{kind}");
        assert!(pipe["destination"].get("roles").is_none(), "{kind}");
        let id = pipe["id"].as_str().unwrap();
        let fetched = api.get(&pipes(&format!("/{id}"))).await;
        assert_eq!(
            *fetched.result(),
            pipe,
            "{kind}: GET serves what create answered"
        );
    }
    let list = api.get(&pipes("")).await.result().clone();
    assert_no_secret("the list", &list);
    assert_eq!(list.as_array().unwrap().len(), 2 + 8);

    // Defaults and what each kind keeps.
    let by_name = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    let kafka = by_name("kafka-pipe");
    let kafka_id = kafka["id"].as_str().unwrap();
    assert_eq!(
        kafka["source"]["kafka"]["consumerGroup"],
        format!("clickpipes-{kafka_id}")
    );
    assert_eq!(
        kafka["source"]["kafka"]["schemaRegistry"]["url"],
        "https://registry.example.com"
    );
    assert_eq!(kafka["fieldMappings"][1]["destinationField"], "body");
    assert_eq!(kafka["scaling"]["replicas"], 1);
    assert_eq!(by_name("kinesis-pipe")["scaling"]["replicas"], 2);
    assert_eq!(
        by_name("s3-pipe")["settings"],
        json!({"object_storage_concurrency": 4})
    );
    assert_eq!(
        by_name("mongo-pipe")["source"]["mongodb"]["uri"],
        "mongodb://app@mongo.example.com:27017"
    );
    assert_eq!(by_name("pg-pipe")["source"]["postgres"]["type"], "postgres");
    assert!(by_name("pg-pipe").get("scaling").is_none());

    // Deleted: gone.
    let path = pipes(&format!("/{kafka_id}"));
    api.delete(&path).await.assert_done();
    api.get(&path).await.assert_error(404, &[kafka_id]);
    api.delete(&path).await.assert_error(404, &[kafka_id]);
    api.get(&pipes("/not-a-uuid"))
        .await
        .assert_error(400, &["clickPipeId"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn pipes_move_through_their_states_on_the_clock() {
    let emulator = Emulator::start_with(&["--transition-ms", "300"]);
    let api = ApiClient::admin(&emulator);
    let bodies = create_bodies();

    // Streaming: Provisioning → Running; stop → Stopping → Stopped; start → … → Running.
    let kafka = api.post(&pipes(""), bodies[0].1.clone()).await;
    assert_eq!(kafka.result()["state"], "Provisioning");
    let path = pipes(&format!("/{}", kafka.result()["id"].as_str().unwrap()));
    let state = format!("{path}/state");
    api.patch(&state, json!({"command": "stop"}))
        .await
        .assert_error(409, &["Provisioning", "wait until it is running"]);
    assert_in_order(
        &watch(&api, &path, "state", "Running").await,
        &["Provisioning", "Running"],
    );
    api.patch(&state, json!({"command": "resync"}))
        .await
        .assert_error(400, &["command", "only for database pipes", "kafka"]);
    let stopping = api.patch(&state, json!({"command": "stop"})).await;
    assert_eq!(stopping.result()["state"], "Stopping");
    api.patch(&state, json!({"command": "start"}))
        .await
        .assert_error(409, &["Stopping"]);
    assert_in_order(
        &watch(&api, &path, "state", "Stopped").await,
        &["Stopping", "Stopped"],
    );
    // Idempotent: stopping a stopped pipe changes nothing.
    let again = api.patch(&state, json!({"command": "stop"})).await;
    assert_eq!(again.result()["state"], "Stopped");
    let starting = api.patch(&state, json!({"command": "start"})).await;
    assert_eq!(starting.result()["state"], "Provisioning");
    watch(&api, &path, "state", "Running").await;

    // Database: Provisioning → Setup → Snapshot → Running; stop pauses; resync.
    let postgres = api.post(&pipes(""), bodies[4].1.clone()).await;
    assert_eq!(postgres.result()["state"], "Provisioning");
    let path = pipes(&format!("/{}", postgres.result()["id"].as_str().unwrap()));
    let state = format!("{path}/state");
    assert_in_order(
        &watch(&api, &path, "state", "Running").await,
        &["Provisioning", "Setup", "Snapshot", "Running"],
    );
    let pausing = api.patch(&state, json!({"command": "stop"})).await;
    assert_eq!(pausing.result()["state"], "Pausing");
    assert_in_order(
        &watch(&api, &path, "state", "Paused").await,
        &["Pausing", "Paused"],
    );
    let resync = api.patch(&state, json!({"command": "resync"})).await;
    assert_eq!(resync.result()["state"], "Resync");
    assert_in_order(
        &watch(&api, &path, "state", "Running").await,
        &["Resync", "Running"],
    );
    api.patch(&state, json!({"command": "pause"}))
        .await
        .assert_error(400, &["command", "start, stop, resync"]);

    // Reverse private endpoints: Provisioning → Ready.
    let endpoint = api
        .post(
            &service_path("/clickpipesReversePrivateEndpoints"),
            json!({"type": "VPC_ENDPOINT_SERVICE", "description": "kafka",
                   "vpcEndpointServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0123"}),
        )
        .await;
    assert_eq!(endpoint.result()["status"], "Provisioning");
    let path = service_path(&format!(
        "/clickpipesReversePrivateEndpoints/{}",
        endpoint.result()["id"].as_str().unwrap()
    ));
    assert_in_order(
        &watch(&api, &path, "status", "Ready").await,
        &["Provisioning", "Ready"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_bodies_get_a_400_that_names_the_field() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let bodies = create_bodies();
    let with = |kind: usize, pointer: &str, value: Value| {
        let mut body = bodies[kind].1.clone();
        let (parent, name) = pointer.rsplit_once('/').unwrap();
        let target = body.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        if value.is_null() {
            target.remove(name);
        } else {
            target.insert(name.to_owned(), value);
        }
        body
    };
    let both = {
        let mut body = bodies[0].1.clone();
        body["source"]["kinesis"] = bodies[2].1["source"]["kinesis"].clone();
        body
    };
    let cases: Vec<(Value, &[&str])> = vec![
        (with(0, "/name", Value::Null), &["\"name\" is required"]),
        (both, &["exactly one source", "kafka and kinesis"]),
        (
            with(0, "/source/kafka", Value::Null),
            &["\"source\"", "exactly one of"],
        ),
        (
            with(0, "/source/kafka/nope", json!(1)),
            &["Unknown field \"source.kafka.nope\""],
        ),
        (
            with(0, "/source/kafka/type", json!("warpstream")),
            &[
                "source.kafka.authentication",
                "SCRAM-SHA-512",
                "warpstream",
                "PLAIN",
            ],
        ),
        (
            with(0, "/source/kafka/credentials", Value::Null),
            &["source.kafka.credentials", "required", "SCRAM-SHA-512"],
        ),
        (
            with(0, "/source/kafka/credentials/accessKeyId", json!("AKIA")),
            &["source.kafka.credentials.accessKeyId", "does not go with"],
        ),
        (
            with(0, "/source/kafka/format", json!("XML")),
            &["source.kafka.format", "JSONEachRow"],
        ),
        (
            with(
                0,
                "/source/kafka/offset",
                json!({"strategy": "from_timestamp"}),
            ),
            &["source.kafka.offset.timestamp"],
        ),
        (
            with(
                0,
                "/source/kafka/reversePrivateEndpointIds",
                json!(["5e000000-0000-4000-8000-00000000dead"]),
            ),
            &["source.kafka.reversePrivateEndpointIds[0]"],
        ),
        (
            with(0, "/destination/columns", Value::Null),
            &["destination.columns", "required"],
        ),
        (
            with(
                0,
                "/fieldMappings",
                json!([{"sourceField": "id", "destinationField": "id"}]),
            ),
            &["fieldMappings", "\"body\""],
        ),
        (
            with(0, "/scaling", json!({"concurrency": 2})),
            &["scaling.concurrency", "streaming pipes"],
        ),
        (
            with(0, "/scaling", json!({"replicas": 41})),
            &["scaling.replicas", "between 1 and 40"],
        ),
        (
            with(0, "/settings", json!({"object_storage_concurrency": 2})),
            &["settings.object_storage_concurrency"],
        ),
        (
            with(0, "/settings", json!({"streaming_max_insert_wait_ms": 10})),
            &[
                "settings.streaming_max_insert_wait_ms",
                "between 500 and 60000",
            ],
        ),
        (
            with(1, "/source/objectStorage/type", json!("azureblobstorage")),
            &[
                "source.objectStorage.authentication",
                "IAM_USER",
                "azureblobstorage",
            ],
        ),
        (
            with(1, "/source/objectStorage/authentication", json!("IAM_ROLE")),
            &["source.objectStorage.iamRole"],
        ),
        (
            with(2, "/source/kinesis/iteratorType", json!("AT_TIMESTAMP")),
            &["source.kinesis.timestamp", "AT_TIMESTAMP"],
        ),
        (
            with(3, "/source/pubsub/seekType", json!("timestamp")),
            &["source.pubsub.seekTimestamp"],
        ),
        (
            with(3, "/source/pubsub/ackDeadline", json!(5)),
            &["source.pubsub.ackDeadline", "between 10 and 600"],
        ),
        (
            with(4, "/source/postgres/port", json!(70000)),
            &["source.postgres.port"],
        ),
        (
            with(4, "/source/postgres/credentials", Value::Null),
            &["source.postgres.credentials", "basic"],
        ),
        (
            with(
                4,
                "/source/postgres/credentials",
                json!({"username": "repl"}),
            ),
            &["source.postgres.credentials.password", "basic"],
        ),
        (
            with(4, "/source/postgres/tableMappings", json!([])),
            &["source.postgres.tableMappings", "at least one"],
        ),
        (
            with(4, "/scaling", json!({"replicas": 2})),
            &["scaling.replicas", "clickpipesCdcScaling"],
        ),
        (
            with(5, "/source/mysql/settings", json!({})),
            &["source.mysql.settings.replicationMode", "required"],
        ),
        (
            with(6, "/source/bigquery/snapshotStagingPath", json!("/tmp")),
            &["source.bigquery.snapshotStagingPath", "gs://"],
        ),
        (
            with(7, "/source/mongodb/readPreference", json!("any")),
            &["source.mongodb.readPreference"],
        ),
    ];
    for (body, needles) in &cases {
        let reply = api.post(&pipes(""), body.clone()).await;
        reply.assert_error(400, needles);
    }
    // None of them made a pipe.
    assert_eq!(
        api.get(&pipes("")).await.result().as_array().unwrap().len(),
        2
    );

    let kafka = pipes(&format!("/{}", SEEDED_PIPES[0]));
    let postgres = pipes(&format!("/{}", SEEDED_PIPES[1]));
    let others: Vec<(Method, String, Value, &[&str])> = vec![
        (
            Method::PATCH,
            format!("{kafka}/scaling"),
            json!({"replicas": 0}),
            &["replicas"],
        ),
        (
            Method::PATCH,
            format!("{kafka}/scaling"),
            json!({}),
            &["at least one"],
        ),
        (
            Method::PATCH,
            format!("{postgres}/scaling"),
            json!({"replicas": 2}),
            &["replicas", "clickpipesCdcScaling"],
        ),
        (
            Method::PATCH,
            format!("{kafka}/state"),
            json!({}),
            &["\"command\" is required"],
        ),
        (
            Method::PUT,
            format!("{kafka}/settings"),
            json!({"clickhouse_max_threads": 65}),
            &["clickhouse_max_threads"],
        ),
        (
            Method::PATCH,
            kafka.clone(),
            json!({"source": {"postgres": {"port": 5433}}}),
            &["source.postgres", "kafka"],
        ),
        (
            Method::PATCH,
            kafka.clone(),
            json!({"source": {"kafka": {"authentication": "IAM_ROLE"}}}),
            &["source.kafka.authentication", "confluent"],
        ),
        (
            Method::PATCH,
            postgres.clone(),
            json!({"source": {"postgres": {"tableMappingsToRemove": [
                {"sourceSchemaName": "public", "sourceTable": "nope", "targetTable": "nope"}]}}}),
            &["source.postgres.tableMappingsToRemove[0]"],
        ),
        (
            Method::PATCH,
            service_path("/clickpipesCdcScaling"),
            json!({"replicaCpuMillicores": 1500}),
            &["replicaCpuMillicores", "multiple of 1000"],
        ),
        (
            Method::PATCH,
            service_path("/clickpipesCdcScaling"),
            json!({"replicaCpuMillicores": 2000, "replicaMemoryGb": 12}),
            &["replicaMemoryGb", "4 ×"],
        ),
        (
            Method::POST,
            service_path("/clickpipesReversePrivateEndpoints"),
            json!({"type": "VPC_RESOURCE", "vpcResourceConfigurationId": "rcfg-1"}),
            &["vpcResourceShareArn", "VPC_RESOURCE"],
        ),
        (
            Method::POST,
            service_path("/clickpipesReversePrivateEndpoints"),
            json!({"type": "GCP_PSC_SERVICE_ATTACHMENT", "gcpServiceAttachment": "my-attachment"}),
            &["gcpServiceAttachment", "projects/"],
        ),
        (
            Method::POST,
            pipes("/schemaDiscovery"),
            json!({"source": bodies[4].1["source"].clone()}),
            &["source.postgres", "kafka and kinesis"],
        ),
    ];
    for (method, path, body, needles) in others {
        let reply = api.call(method.clone(), &path, Some(body)).await;
        reply.assert_error(400, needles);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn scaling_settings_and_updates_apply_to_the_stored_pipe() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let kafka = pipes(&format!("/{}", SEEDED_PIPES[0]));
    let postgres = pipes(&format!("/{}", SEEDED_PIPES[1]));

    let scaled = api
        .patch(
            &format!("{kafka}/scaling"),
            json!({"replicas": 3, "replicaCpuMillicores": 500, "replicaMemoryGb": null}),
        )
        .await;
    assert_eq!(
        scaled.result()["scaling"],
        json!({"replicas": 3, "replicaCpuMillicores": 500, "replicaMemoryGb": 0.5})
    );
    assert_eq!(api.get(&kafka).await.result()["scaling"]["replicas"], 3);

    let settings = json!({"streaming_max_insert_wait_ms": 1000, "clickhouse_max_threads": 8});
    let put = api
        .call(
            Method::PUT,
            &format!("{kafka}/settings"),
            Some(settings.clone()),
        )
        .await;
    assert_eq!(*put.result(), settings);
    assert_eq!(
        *api.get(&format!("{kafka}/settings")).await.result(),
        settings
    );
    assert_eq!(api.get(&kafka).await.result()["settings"], settings);
    // PUT replaces: what is left out is unset.
    let put = api
        .call(
            Method::PUT,
            &format!("{kafka}/settings"),
            Some(json!({"clickhouse_max_threads": 4, "streaming_max_insert_wait_ms": null})),
        )
        .await;
    assert_eq!(*put.result(), json!({"clickhouse_max_threads": 4}));

    let renamed = api
        .patch(
            &kafka,
            json!({
                "name": "orders",
                "source": {"kafka": {"credentials": {"username": "u2", "password": SECRET}}},
                "destination": {"columns": [{"name": "id", "type": "Int64"}]},
                "fieldMappings": [{"sourceField": "order_id", "destinationField": "id"}],
            }),
        )
        .await;
    let renamed = renamed.result().clone();
    assert_no_secret("a PATCH reply", &renamed);
    assert_eq!(renamed["name"], "orders");
    assert_eq!(renamed["fieldMappings"][0]["sourceField"], "order_id");
    assert_eq!(renamed["source"]["kafka"]["authentication"], "PLAIN");
    assert_eq!(*api.get(&kafka).await.result(), renamed);

    let added = api
        .patch(
            &postgres,
            json!({"source": {"postgres": {
                "settings": {"pullBatchSize": 5000},
                "tableMappingsToAdd": [{"sourceSchemaName": "public", "sourceTable": "orders", "targetTable": "public_orders"}],
                "tableMappingsToRemove": [{"sourceSchemaName": "public", "sourceTable": "users", "targetTable": "public_users"}],
            }}}),
        )
        .await;
    let source = &added.result()["source"]["postgres"];
    assert_eq!(source["settings"]["pullBatchSize"], 5000);
    assert_eq!(source["settings"]["replicationMode"], "cdc");
    let tables: Vec<&str> = source["tableMappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["sourceTable"].as_str().unwrap())
        .collect();
    assert_eq!(tables, ["orders"]);

    // CDC scaling: defaults, then one field sets both.
    let cdc = service_path("/clickpipesCdcScaling");
    assert_eq!(
        *api.get(&cdc).await.result(),
        json!({"replicaCpuMillicores": 2000, "replicaMemoryGb": 8})
    );
    let scaled = api.patch(&cdc, json!({"replicaCpuMillicores": 4000})).await;
    assert_eq!(
        *scaled.result(),
        json!({"replicaCpuMillicores": 4000, "replicaMemoryGb": 16})
    );
    assert_eq!(api.get(&cdc).await.result()["replicaMemoryGb"], 16);

    // Schema discovery changes nothing and answers the same every time.
    let discover = json!({"source": {"kinesis": {
        "format": "Avro", "streamName": "clicks", "region": "us-east-1",
        "iteratorType": "LATEST", "authentication": "IAM_ROLE",
        "iamRole": "arn:aws:iam::123456789012:role/ingest",
    }}});
    let first = api.post(&pipes("/schemaDiscovery"), discover.clone()).await;
    let fields = first.result()["fields"].as_array().unwrap();
    assert!(fields.len() >= 3, "{fields:?}");
    assert!(
        fields
            .iter()
            .all(|f| f["name"].is_string() && f["type"].is_string())
    );
    assert_eq!(first.result()["meta"]["stream"], "clicks");
    let second = api.post(&pipes("/schemaDiscovery"), discover).await;
    assert_eq!(first.result(), second.result());
    let kafka_fields = api
        .post(
            &pipes("/schemaDiscovery"),
            json!({"source": {"kafka": {
                "type": "kafka", "format": "Protobuf", "brokers": "b:9092", "topics": "a,b",
                "authentication": "PLAIN", "credentials": {"username": "u", "password": SECRET},
            }}}),
        )
        .await;
    assert_no_secret("schema discovery", kafka_fields.result());
    assert_eq!(kafka_fields.result()["meta"]["topic"], "a");
    assert_ne!(kafka_fields.result()["fields"], first.result()["fields"]);
    assert_eq!(
        api.get(&pipes("")).await.result().as_array().unwrap().len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reverse_private_endpoints_are_stored_per_service() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let endpoints = service_path("/clickpipesReversePrivateEndpoints");
    let created = api
        .post(
            &endpoints,
            json!({"type": "MSK_MULTI_VPC", "description": "msk",
                   "mskClusterArn": "arn:aws:kafka:us-east-1:123456789012:cluster/demo/abc",
                   "mskAuthentication": "SASL_IAM",
                   "customPrivateDnsMappings": [{"privateDnsName": "kafka.internal"}]}),
        )
        .await;
    let endpoint = created.result().clone();
    assert_eq!(endpoint["status"], "Ready");
    assert_eq!(endpoint["serviceId"], DEMO_SERVICE_ID);
    assert_eq!(endpoint["privateDnsNames"], json!(["kafka.internal"]));
    assert!(
        endpoint["endpointId"]
            .as_str()
            .unwrap()
            .starts_with("vpce-")
    );
    let id = endpoint["id"].as_str().unwrap();
    let path = format!("{endpoints}/{id}");
    assert_eq!(*api.get(&path).await.result(), endpoint);
    assert_eq!(
        api.get(&endpoints).await.result().as_array().unwrap().len(),
        1
    );

    // A private DNS name is unique in the service.
    api.post(
        &endpoints,
        json!({"type": "VPC_ENDPOINT_SERVICE", "vpcEndpointServiceName": "svc",
               "customPrivateDnsMappings": [{"privateDnsName": "kafka.internal"}]}),
    )
    .await
    .assert_error(409, &["kafka.internal"]);
    let updated = api
        .patch(
            &path,
            json!({"customPrivateDnsMappings": [{"privateDnsName": "msk.internal"}]}),
        )
        .await;
    assert_eq!(updated.result()["privateDnsNames"], json!(["msk.internal"]));

    // A Kafka pipe connects through it, which keeps it from being deleted.
    let mut body = create_bodies()[0].1.clone();
    body["source"]["kafka"]["reversePrivateEndpointIds"] = json!([id]);
    let pipe = api.post(&pipes(""), body).await;
    let pipe_path = pipes(&format!("/{}", pipe.result()["id"].as_str().unwrap()));
    api.delete(&path)
        .await
        .assert_error(409, &["used by ClickPipe"]);
    api.delete(&pipe_path).await.assert_done();
    api.delete(&path).await.assert_done();
    api.get(&path).await.assert_error(404, &[id]);
}

#[tokio::test(flavor = "multi_thread")]
async fn oauth_callers_read_pipes_but_change_nothing() {
    let emulator = Emulator::start_with(&["--auto-approve", "--transition-ms", "0"]);
    let token = device_login(&emulator).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let oauth = ApiClient::new(&emulator, Credentials::Bearer(token));
    let kafka = pipes(&format!("/{}", SEEDED_PIPES[0]));
    assert_eq!(
        oauth
            .get(&pipes(""))
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    oauth.get(&format!("{kafka}/settings")).await.result();
    oauth
        .get(&service_path("/clickpipesCdcScaling"))
        .await
        .result();
    oauth
        .get(&service_path("/clickpipesReversePrivateEndpoints"))
        .await
        .result();
    let bodies = create_bodies();
    let writes: Vec<(Method, String, Value)> = vec![
        (Method::POST, pipes(""), bodies[0].1.clone()),
        (
            Method::POST,
            pipes("/schemaDiscovery"),
            json!({"source": bodies[2].1["source"].clone()}),
        ),
        (Method::PATCH, kafka.clone(), json!({"name": "x"})),
        (
            Method::PATCH,
            format!("{kafka}/state"),
            json!({"command": "stop"}),
        ),
        (
            Method::PATCH,
            format!("{kafka}/scaling"),
            json!({"replicas": 2}),
        ),
        (Method::PUT, format!("{kafka}/settings"), json!({})),
        (Method::DELETE, kafka.clone(), Value::Null),
        (
            Method::PATCH,
            service_path("/clickpipesCdcScaling"),
            json!({"replicaCpuMillicores": 4000}),
        ),
        (
            Method::POST,
            service_path("/clickpipesReversePrivateEndpoints"),
            json!({"type": "VPC_ENDPOINT_SERVICE", "vpcEndpointServiceName": "svc"}),
        ),
    ];
    for (method, path, body) in writes {
        let body = (!body.is_null()).then_some(body);
        let reply = oauth.call(method.clone(), &path, body).await;
        reply.assert_error(403, &["read-only"]);
    }
    let admin = ApiClient::admin(&emulator);
    let kafka_pipe = admin.get(&kafka).await.result().clone();
    assert_eq!(kafka_pipe["name"], "orders-from-kafka");
    assert_eq!(kafka_pipe["state"], "Running");
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_service_deletes_its_pipes() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let created = api
        .post(
            &demo_org("/services"),
            json!({"name": "pipes", "provider": "aws", "region": "us-east-1"}),
        )
        .await;
    let service = created.result()["service"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let service_pipes = demo_org(&format!("/services/{service}/clickpipes"));
    let pipe = api.post(&service_pipes, create_bodies()[2].1.clone()).await;
    assert_eq!(pipe.result()["serviceId"], service.as_str());
    assert_eq!(
        api.get(&service_pipes)
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Other services' pipes are their own.
    assert_eq!(
        api.get(&pipes("")).await.result().as_array().unwrap().len(),
        2
    );

    api.patch(
        &demo_org(&format!("/services/{service}/state")),
        json!({"command": "stop"}),
    )
    .await
    .result();
    api.delete(&demo_org(&format!("/services/{service}")))
        .await
        .assert_done();
    api.get(&service_pipes).await.assert_error(404, &[&service]);
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_match_the_spec() {
    let spec = spec();
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let endpoint = api
        .post(
            &service_path("/clickpipesReversePrivateEndpoints"),
            json!({"type": "VPC_RESOURCE", "vpcResourceConfigurationId": "rcfg-0123",
                   "vpcResourceShareArn": "arn:aws:ram:us-east-1:123456789012:resource-share/abc"}),
        )
        .await;
    let endpoint_id = endpoint.result()["id"].as_str().unwrap().to_owned();
    let mut checked: Vec<(&str, String, Value)> = vec![(
        "clickPipeReversePrivateEndpointCreate",
        "POST".into(),
        endpoint.body.clone(),
    )];
    let mut ids = SEEDED_PIPES.map(str::to_owned).to_vec();
    for (_, body) in create_bodies() {
        let reply = api.post(&pipes(""), body).await;
        ids.push(reply.result()["id"].as_str().unwrap().to_owned());
        checked.push(("clickPipeCreate", "POST".into(), reply.body));
    }
    let mut reads = vec![
        ("clickPipeGetList", pipes("")),
        (
            "clickPipeCdcScalingGet",
            service_path("/clickpipesCdcScaling"),
        ),
        (
            "clickPipeReversePrivateEndpointGetList",
            service_path("/clickpipesReversePrivateEndpoints"),
        ),
        (
            "clickPipeReversePrivateEndpointGet",
            service_path(&format!("/clickpipesReversePrivateEndpoints/{endpoint_id}")),
        ),
    ];
    for id in &ids {
        reads.push(("clickPipeGet", pipes(&format!("/{id}"))));
        reads.push(("clickPipeSettingsGet", pipes(&format!("/{id}/settings"))));
    }
    for (operation, path) in reads {
        let reply = api.get(&path).await;
        reply.result();
        checked.push((operation, path, reply.body));
    }
    let kafka = pipes(&format!("/{}", SEEDED_PIPES[0]));
    let postgres = pipes(&format!("/{}", SEEDED_PIPES[1]));
    for (operation, method, path, body) in [
        (
            "clickPipeScalingUpdate",
            Method::PATCH,
            format!("{kafka}/scaling"),
            json!({"replicas": 2}),
        ),
        (
            "clickPipeStateUpdate",
            Method::PATCH,
            format!("{postgres}/state"),
            json!({"command": "resync"}),
        ),
        (
            "clickPipeUpdate",
            Method::PATCH,
            kafka.clone(),
            json!({"name": "renamed"}),
        ),
        (
            "clickPipeSettingsUpdate",
            Method::PUT,
            format!("{kafka}/settings"),
            json!({"clickhouse_max_threads": 2}),
        ),
        (
            "clickPipeCdcScalingUpdate",
            Method::PATCH,
            service_path("/clickpipesCdcScaling"),
            json!({"replicaMemoryGb": 12}),
        ),
        (
            "clickPipeSchemaDiscovery",
            Method::POST,
            pipes("/schemaDiscovery"),
            json!({"source": create_bodies()[0].1["source"].clone()}),
        ),
    ] {
        let reply = api.call(method, &path, Some(body)).await;
        reply.result();
        checked.push((operation, path, reply.body));
    }

    let mut problems = Vec::new();
    for (operation, path, body) in &checked {
        let schema = crate::schema::response_schema(&spec, operation);
        problems.extend(
            crate::schema::problems(&spec, operation, &schema, body)
                .into_iter()
                .map(|p| format!("{path}: {p}")),
        );
    }
    assert_eq!(problems, Vec::<String>::new());
    assert!(checked.len() > 25, "{}", checked.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn pipes_survive_a_restart_mid_transition_without_their_credentials() {
    let state = TempPath::new("state.json");
    let id = {
        let emulator = Emulator::start_with(&["--state", state.arg(), "--transition-ms", "400"]);
        let api = ApiClient::admin(&emulator);
        let created = api.post(&pipes(""), create_bodies()[4].1.clone()).await;
        assert_eq!(created.result()["state"], "Provisioning");
        api.patch(
            &service_path("/clickpipesCdcScaling"),
            json!({"replicaMemoryGb": 16}),
        )
        .await
        .result();
        created.result()["id"].as_str().unwrap().to_owned()
    };
    let saved = std::fs::read_to_string(&state.0).unwrap();
    assert!(saved.contains(&id));
    assert!(
        !saved.contains(SECRET),
        "credentials are saved as hashes only"
    );

    let emulator = Emulator::start_with(&["--state", state.arg(), "--transition-ms", "400"]);
    let api = ApiClient::admin(&emulator);
    let path = pipes(&format!("/{id}"));
    assert_eq!(api.get(&path).await.result()["name"], "pg-pipe");
    // The saved steps carry on from where they were.
    watch(&api, &path, "state", "Running").await;
    assert_eq!(
        api.get(&service_path("/clickpipesCdcScaling"))
            .await
            .result()["replicaCpuMillicores"],
        4000
    );
}
