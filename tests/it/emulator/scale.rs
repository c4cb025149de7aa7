//! `--seed-services N`: Demo Org with N more services, derived from their index, for lists at
//! scale (scripts/bench.sh seeds up to 100,000).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{ApiClient, demo_org};
use crate::support::emulator::{DEMO_ORG_ID, DEMO_SERVICE_ID, Emulator};
use crate::support::{Sandbox, success};

const SEEDED: usize = 30;

async fn services(emulator: &Emulator) -> Vec<Value> {
    let api = ApiClient::admin(emulator);
    let list = api.get(&demo_org("/services")).await;
    list.result().as_array().expect("a list").clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn seeded_services_follow_their_index_and_vary() {
    let emulator = Emulator::start_with(&["--seed-services", &SEEDED.to_string()]);
    let services = services(&emulator).await;
    // The four regular services first, then the seeded ones in index order.
    assert_eq!(services.len(), 4 + SEEDED);
    assert_eq!(services[0]["id"], DEMO_SERVICE_ID);
    let seeded = &services[4..];
    for (position, service) in seeded.iter().enumerate() {
        let index = position + 1;
        assert_eq!(
            service["id"],
            format!("5e000000-0000-4000-9000-{index:012}"),
            "{service}"
        );
        let name = service["name"].as_str().unwrap();
        assert!(name.ends_with(&format!("-{index:06}")), "{name}");
        assert!(name.len() <= 50, "{name}");
    }

    // Every field a real service has, as the regular seed has them.
    let fields =
        |service: &Value| -> Vec<String> { service.as_object().unwrap().keys().cloned().collect() };
    for service in seeded {
        assert_eq!(fields(service), fields(&services[0]), "{service}");
        let provider = service["provider"].as_str().unwrap();
        let host = service["endpoints"][0]["host"].as_str().unwrap();
        assert!(
            host.ends_with(&format!(
                ".{}.{provider}.clickhouse.cloud",
                service["region"].as_str().unwrap()
            )),
            "{host}"
        );
    }

    let distinct = |field: &str| -> BTreeSet<String> {
        seeded
            .iter()
            .map(|s| s[field].as_str().unwrap().to_owned())
            .collect()
    };
    let states = distinct("state");
    assert!(
        states.is_subset(&["idle", "running", "stopped"].map(String::from).into()),
        "{states:?}"
    );
    assert!(states.len() >= 2, "{states:?}");
    assert!(distinct("region").len() >= 3);
    assert!(distinct("provider").len() >= 2);
    assert_eq!(distinct("name").len(), SEEDED);
    assert_eq!(distinct("createdAt").len(), SEEDED);

    // Deterministic: another start serves the same list.
    let again = Emulator::start_with(&["--seed-services", &SEEDED.to_string()]);
    assert_eq!(self::services(&again).await, services);
}

/// `cloud` with Demo Org's admin key against `emulator`; its stdout as JSON.
fn cloud_json(emulator: &Emulator, args: &[&str]) -> Value {
    let key = emulator.admin_key();
    let output = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(args)
        .args(["--json", "--org-id", DEMO_ORG_ID])
        .output()
        .expect("run cloud");
    serde_json::from_str(&success(&output)).expect("JSON on stdout")
}

#[test]
fn cloud_lists_seeded_services_and_finds_one_by_name() {
    let emulator = Emulator::start_with(&["--seed-services", "5"]);
    let list = cloud_json(&emulator, &["service", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4 + 5);
    let name = list[8]["name"].as_str().unwrap().to_owned();
    assert!(name.ends_with("-000005"), "{name}");
    let got = cloud_json(&emulator, &["service", "get", &name]);
    assert_eq!(got["id"], "5e000000-0000-4000-9000-000000000005");
}
