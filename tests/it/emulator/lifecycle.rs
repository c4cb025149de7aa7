//! Service state transitions (with a short `--transition-ms`), deletion rules and the activity
//! entries they leave.

use std::time::Duration;

use serde_json::{Value, json};

use super::{ApiClient, demo_org};
use crate::support::emulator::{DEMO_ADMIN_KEY_UUID, DEMO_SERVICE_ID, Emulator};

/// Long enough for the assertions made while a transition is in progress, even on a busy machine.
const TRANSITION: Duration = Duration::from_millis(600);

/// Polls the service every 100 ms until it reports `state` (for at most 20 transitions' worth).
async fn wait_for(api: &ApiClient, path: &str, state: &str) -> Value {
    for _ in 0..(20 * TRANSITION.as_millis() / 100) {
        let service = api.get(path).await.result().clone();
        if service["state"] == state {
            return service;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} never became {state}");
}

#[tokio::test(flavor = "multi_thread")]
async fn services_move_through_their_states() {
    let emulator = Emulator::start_with(&["--transition-ms", "600"]);
    let api = ApiClient::admin(&emulator);

    let created = api
        .post(
            &demo_org("/services"),
            json!({"name": "etl", "provider": "gcp", "region": "europe-west4", "tags": [{"key": "env", "value": "ci"}]}),
        )
        .await;
    let created = created.result().clone();
    assert_eq!(created["service"]["state"], "provisioning");
    assert_eq!(created["service"]["provider"], "gcp");
    assert!(created["password"].as_str().unwrap().len() >= 12);
    let id = created["service"]["id"].as_str().unwrap().to_string();
    let path = demo_org(&format!("/services/{id}"));
    let state = format!("{path}/state");

    // Still provisioning: can neither be stopped nor deleted.
    api.patch(&state, json!({"command": "stop"}))
        .await
        .assert_error(409, &["provisioning"]);
    api.delete(&path)
        .await
        .assert_error(409, &["must be stopped"]);
    wait_for(&api, &path, "running").await;

    // Idempotent: starting a running service is a 200 that changes nothing.
    let again = api.patch(&state, json!({"command": "start"})).await;
    assert_eq!(again.result()["state"], "running");
    api.delete(&path)
        .await
        .assert_error(409, &["is running", "must be stopped"]);

    let stopping = api.patch(&state, json!({"command": "stop"})).await;
    assert_eq!(stopping.result()["state"], "stopping");
    api.patch(&state, json!({"command": "start"}))
        .await
        .assert_error(409, &["stopping"]);
    wait_for(&api, &path, "stopped").await;
    let still = api.patch(&state, json!({"command": "stop"})).await;
    assert_eq!(still.result()["state"], "stopped");

    let starting = api.patch(&state, json!({"command": "start"})).await;
    assert_eq!(starting.result()["state"], "starting");
    wait_for(&api, &path, "running").await;
    api.patch(&state, json!({"command": "stop"})).await.result();
    wait_for(&api, &path, "stopped").await;

    api.delete(&path).await.assert_done();
    api.get(&path).await.assert_error(404, &["not found"]);

    // Every successful write is in the activity log, by this key, about this service.
    let activities = api.get(&demo_org("/activities")).await;
    let mine: Vec<(String, String)> = activities
        .result()
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["serviceId"] == id.as_str())
        .map(|a| {
            assert_eq!(a["actorType"], "api");
            assert_eq!(a["actorId"], DEMO_ADMIN_KEY_UUID);
            (
                a["type"].as_str().unwrap().to_string(),
                a["createdAt"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let kinds: Vec<&str> = mine.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "service_create",
            "service_start",
            "service_stop",
            "service_stop",
            "service_start",
            "service_stop",
            "service_delete"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seeded_service_can_be_stopped_and_deleted() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let api = ApiClient::admin(&emulator);
    let path = demo_org(&format!("/services/{DEMO_SERVICE_ID}"));
    api.delete(&path).await.assert_error(409, &["running"]);
    let stopped = api
        .patch(&format!("{path}/state"), json!({"command": "stop"}))
        .await;
    assert_eq!(stopped.result()["state"], "stopped", "0 ms: immediate");
    api.delete(&path).await.assert_done();
    let left = api.get(&demo_org("/services")).await;
    let left = left.result().as_array().unwrap();
    assert!(!left.is_empty(), "Demo Org's other seeded services stay");
    assert!(left.iter().all(|s| s["id"] != DEMO_SERVICE_ID), "{left:?}");
}

/// The emulator keeps the last service list's text; a write, a settled transition or a
/// different filter must never see it stale.
#[tokio::test(flavor = "multi_thread")]
async fn the_cached_service_list_follows_every_change() {
    let emulator = Emulator::start_with(&["--transition-ms", "600"]);
    let api = ApiClient::admin(&emulator);
    let list = demo_org("/services");
    let state_of = |services: &Value, id: &str| -> Option<String> {
        services
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["state"].as_str().unwrap().to_string())
    };

    let before = api.get(&list).await.result().clone();
    let created = api
        .post(
            &list,
            json!({"name": "cache-probe", "provider": "aws", "region": "us-east-1", "tags": [{"key": "team", "value": "cache"}]}),
        )
        .await;
    let id = created.result()["service"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(state_of(&before, &id), None);

    let after_create = api.get(&list).await.result().clone();
    assert_eq!(
        state_of(&after_create, &id).as_deref(),
        Some("provisioning")
    );
    // The same list twice: the cached answer is the same text.
    assert_eq!(api.get(&list).await.result(), &after_create);

    // A filter is a different list.
    let filtered = api.get(&format!("{list}?filter=tag:team=cache")).await;
    assert_eq!(filtered.result().as_array().unwrap().len(), 1);
    assert_eq!(api.get(&list).await.result(), &after_create);

    // A transition that settles between two reads changes the list.
    wait_for(&api, &demo_org(&format!("/services/{id}")), "running").await;
    let settled = api.get(&list).await.result().clone();
    assert_eq!(state_of(&settled, &id).as_deref(), Some("running"));
}
