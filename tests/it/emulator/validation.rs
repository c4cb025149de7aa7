//! Request bodies are checked against the spec's schemas; every 400 names the field.

use reqwest::Method;
use serde_json::{Value, json};

use super::{ApiClient, demo_org};
use crate::support::emulator::{DEMO_EXTRA_SERVICE_IDS, DEMO_SERVICE_ID, Emulator};

fn service_post(extra: Value) -> Value {
    let mut body = json!({"name": "analytics", "provider": "aws", "region": "us-east-1"});
    for (name, value) in extra.as_object().unwrap() {
        body[name] = value.clone();
    }
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_bodies_are_rejected_naming_the_field() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let services = demo_org("/services");
    let service = demo_org(&format!("/services/{DEMO_SERVICE_ID}"));

    let cases: Vec<(String, Value, Vec<&str>)> = vec![
        // Unknown fields, at the top level and nested.
        (
            services.clone(),
            service_post(json!({"colour": "red"})),
            vec!["Unknown field", "\"colour\""],
        ),
        (
            service.clone(),
            json!({"tags": {"add": [{"key": "a", "colour": "b"}]}}),
            vec!["tags.add[0].colour"],
        ),
        // Enums, with the allowed values.
        (
            services.clone(),
            service_post(json!({"provider": "moon"})),
            vec!["provider", "aws, gcp, azure"],
        ),
        (
            format!("{service}/state"),
            json!({"command": "reboot"}),
            vec!["command", "start, stop, awake"],
        ),
        (
            service.clone(),
            json!({"releaseChannel": "nightly"}),
            vec!["releaseChannel", "slow, default, fast"],
        ),
        // Ranges and steps.
        (
            services.clone(),
            service_post(json!({"minReplicaMemoryGb": 10})),
            vec!["minReplicaMemoryGb", "multiple of 4", "8", "356"],
        ),
        (
            services.clone(),
            service_post(json!({"maxReplicaMemoryGb": 400})),
            vec!["maxReplicaMemoryGb"],
        ),
        (
            services.clone(),
            service_post(json!({"numReplicas": 21})),
            vec!["numReplicas", "1", "20"],
        ),
        (
            services.clone(),
            service_post(json!({"numReplicas": 2.5})),
            vec!["numReplicas", "integer"],
        ),
        (
            services.clone(),
            service_post(json!({"idleTimeoutMinutes": 4})),
            vec!["idleTimeoutMinutes", "5"],
        ),
        (
            format!("{service}/backupConfiguration"),
            json!({"backupRetentionPeriodInHours": 36}),
            vec!["backupRetentionPeriodInHours", "multiple of 24"],
        ),
        (
            format!("{service}/backupConfiguration"),
            json!({"backupRetentionPeriodInHours": 1104}),
            vec!["backupRetentionPeriodInHours", "1080"],
        ),
        (
            format!("{service}/backupConfiguration"),
            json!({"backupStartTime": "25:00"}),
            vec!["backupStartTime", "HH:MM"],
        ),
        // Strings: length and pattern.
        (
            services.clone(),
            service_post(json!({"name": ""})),
            vec!["name", "between 1 and 50"],
        ),
        (
            services.clone(),
            service_post(json!({"name": "x".repeat(51)})),
            vec!["name"],
        ),
        (
            services.clone(),
            service_post(json!({"tags": [{"key": "bad key"}]})),
            vec!["tags[0].key", "^[a-zA-Z0-9._-]+$"],
        ),
        (
            services.clone(),
            service_post(json!({"tags": [{"key": "k", "value": "v".repeat(257)}]})),
            vec!["tags[0].value"],
        ),
        // Types and required fields.
        (
            services.clone(),
            json!({"name": "x", "provider": "aws"}),
            vec!["region", "required"],
        ),
        (
            services.clone(),
            service_post(json!({"idleScaling": "yes"})),
            vec!["idleScaling", "boolean"],
        ),
        (services.clone(), json!([1, 2]), vec!["JSON object"]),
        // Cross-field rules.
        (
            services.clone(),
            service_post(json!({"minReplicas": 2})),
            vec!["minReplicas", "maxReplicas", "together"],
        ),
        (
            services.clone(),
            service_post(json!({"numReplicas": 2, "minReplicas": 1, "maxReplicas": 3})),
            vec!["numReplicas"],
        ),
        (
            services.clone(),
            service_post(json!({"minReplicaMemoryGb": 64, "maxReplicaMemoryGb": 32})),
            vec!["minReplicaMemoryGb", "maxReplicaMemoryGb"],
        ),
        (
            services.clone(),
            service_post(json!({"region": "eastus"})),
            vec!["region", "aws"],
        ),
        (
            services.clone(),
            service_post(json!({"isReadonly": true})),
            vec!["isReadonly", "dataWarehouseId"],
        ),
        (
            format!("{service}/replicaScaling"),
            json!({"minReplicas": 1, "maxReplicas": 4}),
            vec!["horizontal"],
        ),
        (
            demo_org("/keys"),
            json!({"name": "k"}),
            vec!["assignedRoleIds"],
        ),
        (
            demo_org("/keys"),
            json!({"name": "k", "roles": ["owner"]}),
            vec!["roles[0]", "admin, developer, query_endpoints"],
        ),
        (
            demo_org("/keys"),
            json!({"name": "k", "roles": ["admin"], "expireAt": "2020-01-01T00:00:00Z"}),
            vec!["expireAt", "future"],
        ),
        (
            demo_org("/keys"),
            json!({"name": "k", "roles": ["admin"], "expireAt": "tomorrow"}),
            vec!["expireAt", "RFC 3339"],
        ),
        (
            demo_org("/keys"),
            json!({"name": "k", "assignedRoleIds": ["admin"]}),
            vec!["assignedRoleIds[0]", "UUID"],
        ),
        (
            demo_org(""),
            json!({"privateEndpoints": {"remove": [{"region": "us-east-1"}]}}),
            vec!["privateEndpoints.remove[0].id", "required"],
        ),
    ];
    for (path, body, needles) in cases {
        let method = if path.ends_with("/services") || path.ends_with("/keys") {
            Method::POST
        } else {
            Method::PATCH
        };
        let reply = api.call(method, &path, Some(body.clone())).await;
        assert_eq!(reply.status, 400, "{path} {body}: {reply:?}");
        reply.assert_error(400, &needles);
    }

    let invalid_json = api.send_raw(Method::POST, &services, "{\"name\": ").await;
    invalid_json.assert_error(400, &["Invalid JSON"]);

    // Nothing above changed anything.
    assert_eq!(
        api.get(&services).await.result().as_array().unwrap().len(),
        1 + DEMO_EXTRA_SERVICE_IDS.len()
    );
}
