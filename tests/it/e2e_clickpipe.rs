//! `cloud clickpipe` against the emulator: every leaf with an admin key (for the sweep in
//! `e2e::every_leaf_command_succeeds_with_an_admin_key`).

use serde_json::Value;

use crate::support::emulator::DEMO_CLICKPIPE_IDS;

/// Every `clickpipe` leaf but `create` and `schema-discover`, on the seeded pipes of `svc`:
/// the Kafka pipe is scaled, stopped, started, renamed and deleted; the Postgres CDC pipe is
/// resynced.
pub fn every_leaf(
    run: &dyn Fn(&str, &[&str]) -> Value,
    run_text: &dyn Fn(&str, &[&str]) -> String,
    svc: &str,
) {
    let [kafka, cdc] = DEMO_CLICKPIPE_IDS;
    let listed = run("clickpipe list", &["clickpipe", "list", svc]);
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    let got = run("clickpipe get", &["clickpipe", "get", svc, kafka]);
    assert_eq!(got["state"], "Running", "{got}");

    let scaled = run(
        "clickpipe scale",
        &[
            "clickpipe",
            "scale",
            svc,
            kafka,
            "--replicas",
            "3",
            "--cpu-millicores",
            "500",
            "--memory-gb",
            "2",
        ],
    );
    assert_eq!(scaled["scaling"]["replicas"], 3, "{scaled}");

    let settings = run(
        "clickpipe settings get",
        &["clickpipe", "settings", "get", svc, kafka],
    );
    assert!(settings.is_object(), "{settings}");
    let updated = run(
        "clickpipe settings update",
        &[
            "clickpipe",
            "settings",
            "update",
            svc,
            kafka,
            "--clickhouse-max-threads",
            "4",
        ],
    );
    assert_eq!(updated["clickhouse_max_threads"], 4, "{updated}");

    let stopped = run(
        "clickpipe stop",
        &["clickpipe", "stop", svc, kafka, "--wait"],
    );
    assert_eq!(stopped["state"], "Stopped", "{stopped}");
    let started = run(
        "clickpipe start",
        &["clickpipe", "start", svc, kafka, "--wait"],
    );
    assert_eq!(started["state"], "Running", "{started}");
    let resynced = run(
        "clickpipe resync",
        &["clickpipe", "resync", svc, cdc, "--wait"],
    );
    assert_eq!(resynced["state"], "Running", "{resynced}");

    let renamed = run(
        "clickpipe update",
        &[
            "clickpipe",
            "update",
            svc,
            kafka,
            "--name",
            "orders-renamed",
        ],
    );
    assert_eq!(renamed["name"], "orders-renamed", "{renamed}");

    let cdc_scaling = run(
        "clickpipe cdc-scaling get",
        &["clickpipe", "cdc-scaling", "get", svc],
    );
    assert!(
        cdc_scaling["replicaCpuMillicores"].is_number(),
        "{cdc_scaling}"
    );
    let cdc_scaled = run(
        "clickpipe cdc-scaling update",
        &[
            "clickpipe",
            "cdc-scaling",
            "update",
            svc,
            "--cpu-millicores",
            "4000",
        ],
    );
    assert_eq!(cdc_scaled["replicaMemoryGb"], 16, "{cdc_scaled}");

    let endpoint = run(
        "clickpipe reverse-private-endpoint create",
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "create",
            svc,
            "--description",
            "e2e-endpoint",
            "--type",
            "VPC_ENDPOINT_SERVICE",
            "--vpc-endpoint-service-name",
            "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        ],
    );
    let endpoint_id = endpoint["id"].as_str().expect("an endpoint id").to_owned();
    let endpoints = run(
        "clickpipe reverse-private-endpoint list",
        &["clickpipe", "reverse-private-endpoint", "list", svc],
    );
    assert!(
        endpoints
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["id"] == endpoint_id.as_str()))
    );
    run(
        "clickpipe reverse-private-endpoint get",
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "get",
            svc,
            "e2e-endpoint",
        ],
    );
    let dns = run(
        "clickpipe reverse-private-endpoint update",
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "update",
            svc,
            &endpoint_id,
            "--private-dns-name",
            "kafka.e2e.example.com",
        ],
    );
    assert!(dns.to_string().contains("kafka.e2e.example.com"), "{dns}");
    run_text(
        "clickpipe reverse-private-endpoint delete",
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "delete",
            svc,
            &endpoint_id,
            "--yes",
        ],
    );

    run_text(
        "clickpipe delete",
        &[
            "clickpipe",
            "delete",
            svc,
            "orders-renamed",
            "--yes",
            "--wait",
        ],
    );
    let left = run("clickpipe list", &["clickpipe", "list", svc]);
    assert_eq!(left.as_array().map(Vec::len), Some(1), "{left}");
}
