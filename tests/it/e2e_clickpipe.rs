//! `cloud clickpipe` end to end: the real `cloud` against `cloud-emulator`, every leaf with an
//! admin key (for the sweep in `e2e::every_leaf_command_succeeds_with_an_admin_key`), the life
//! of a Kafka and a Postgres CDC pipe, and the same leaves under an OAuth login.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use crate::classification::WRITE_INVOCATIONS;
use crate::support::api::{ORG, SERVICE};
use crate::support::emulator::*;
use crate::support::{Sandbox, stderr, success};

/// Every `clickpipe` leaf: a pipe of each source created and the Kafka and Kinesis schemas
/// discovered (as the classification sweep writes them), then the seeded pipes of `svc`: the
/// Kafka pipe is scaled, stopped, started, renamed and deleted; the Postgres CDC pipe is
/// resynced.
pub fn every_leaf(
    run: &dyn Fn(&str, &[&str]) -> Value,
    run_text: &dyn Fn(&str, &[&str]) -> String,
    svc: &str,
) {
    for argv in WRITE_INVOCATIONS.iter().filter(|argv| {
        argv.starts_with(&["clickpipe", "create"])
            || argv.starts_with(&["clickpipe", "schema-discover"])
    }) {
        let args: Vec<&str> = argv
            .iter()
            .map(|a| match *a {
                ORG => DEMO_ORG_ID,
                SERVICE => svc,
                other => other,
            })
            .collect();
        let path = argv[..3].join(" ");
        let answer = run(&path, &args);
        if argv[1] == "create" {
            assert_eq!(answer["state"], "Provisioning", "{path}: {answer}");
        } else {
            assert!(
                answer["fields"].as_array().is_some_and(|f| !f.is_empty()),
                "{path}: {answer}"
            );
        }
    }

    let [kafka, cdc] = DEMO_CLICKPIPE_IDS;
    let listed = run("clickpipe list", &["clickpipe", "list", svc]);
    assert_eq!(listed.as_array().map(Vec::len), Some(2 + 8), "{listed}");
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
    assert_eq!(left.as_array().map(Vec::len), Some(1 + 8), "{left}");
}

const KAFKA_PASSWORD: &str = "E2eKafkaPassw0rd";
const PG_PASSWORD: &str = "E2ePostgresPassw0rd";

/// `cloud` with Demo Org's admin key, `stdin` piped in and `env` set.
fn admin(
    emulator: &Emulator,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, &str)],
) -> std::process::Output {
    let key = emulator.admin_key();
    let mut command = Sandbox::new().std_cloud();
    command
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .envs(env.iter().copied())
        .args(args)
        .arg("--json")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// The JSON `cloud` printed, after checking no password reached its output.
#[track_caller]
fn answer(out: &std::process::Output) -> Value {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    for secret in [KAFKA_PASSWORD, PG_PASSWORD] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{stdout}{stderr}"
        );
    }
    let text = success(out);
    if text.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&text).unwrap()
}

/// The body `create` would send, from `--dry-run`, without its password: a file to create
/// the same pipe from, with the secret given apart.
fn body_file(emulator: &Emulator, args: &[&str], dir: &std::path::Path, name: &str) -> String {
    let mut argv = args.to_vec();
    argv.push("--dry-run");
    let dry = answer(&admin(emulator, &argv, Some("placeholder-secret\n"), &[]));
    let mut body = dry["body"].clone();
    let source = body["source"].as_object_mut().unwrap();
    for kind in source.values_mut() {
        if let Some(credentials) = kind.get_mut("credentials").and_then(Value::as_object_mut) {
            credentials.remove("password");
        }
    }
    body["name"] = Value::String(format!("{}-from-file", body["name"].as_str().unwrap()));
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(&body).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

/// The scenario: a Kafka and a Postgres CDC pipe, each created from flags and from a
/// file (the password from stdin, then from the environment), started, scaled, stopped and
/// deleted with `--wait`; no password reaches the output. Under an OAuth login the reads work
/// and every `clickpipe` write is refused before any request.
#[test]
fn kafka_and_postgres_cdc_pipes_from_creation_to_deletion() {
    let emulator = Emulator::start_with(&[
        "--auto-approve",
        "--device-interval",
        "1",
        "--transition-ms",
        "150",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let svc = "demo-service";
    let kafka: &[&str] = &[
        "clickpipe",
        "create",
        "kafka",
        svc,
        "--name",
        "events",
        "--brokers",
        "broker-1.example.com:9092",
        "--topics",
        "events",
        "--format",
        "JSONEachRow",
        "--auth",
        "SCRAM-SHA-512",
        "--username",
        "ingest",
        "--password-stdin",
        "--table",
        "events",
        "--column",
        "id:UInt64",
        "--column",
        "payload:String",
    ];
    let postgres: &[&str] = &[
        "clickpipe",
        "create",
        "postgres",
        svc,
        "--name",
        "orders-cdc",
        "--host",
        "db.example.com",
        "--port",
        "5432",
        "--pg-database",
        "shop",
        "--username",
        "clickpipes",
        "--password-stdin",
        "--table-mapping",
        "public.orders",
        "--table-mapping",
        "public.customers:shop_customers",
    ];
    let kafka_file = body_file(&emulator, kafka, dir.path(), "kafka.json");
    let postgres_file = body_file(&emulator, postgres, dir.path(), "postgres.json");

    let mut pipes = Vec::new();
    for (flags, file, password) in [
        (kafka, &kafka_file, KAFKA_PASSWORD),
        (postgres, &postgres_file, PG_PASSWORD),
    ] {
        let mut argv = flags.to_vec();
        argv.push("--wait");
        let created = answer(&admin(
            &emulator,
            &argv,
            Some(&format!("{password}\n")),
            &[],
        ));
        assert_eq!(created["state"], "Running", "{created}");
        pipes.push((flags[2], created["id"].as_str().unwrap().to_owned()));

        let from_file = [&flags[..4], &["--file", file.as_str(), "--wait"]].concat();
        let created = answer(&admin(
            &emulator,
            &from_file,
            None,
            &[("CLOUD_CLICKPIPE_PASSWORD", password)],
        ));
        assert_eq!(created["state"], "Running", "{created}");
        assert!(created["name"].as_str().unwrap().ends_with("-from-file"));
        pipes.push((flags[2], created["id"].as_str().unwrap().to_owned()));
    }
    // Never echoed by the API either.
    let listed = answer(&admin(&emulator, &["clickpipe", "list", svc], None, &[]));
    assert_eq!(listed.as_array().unwrap().len(), 2 + 4, "{listed}");

    for (kind, id) in &pipes {
        let id = id.as_str();
        let stopped = answer(&admin(
            &emulator,
            &["clickpipe", "stop", svc, id, "--wait"],
            None,
            &[],
        ));
        let expected = if *kind == "kafka" {
            "Stopped"
        } else {
            "Paused"
        };
        assert_eq!(stopped["state"], expected, "{stopped}");
        let started = answer(&admin(
            &emulator,
            &["clickpipe", "start", svc, id, "--wait"],
            None,
            &[],
        ));
        assert_eq!(started["state"], "Running", "{started}");
        if *kind == "kafka" {
            let scaled = answer(&admin(
                &emulator,
                &[
                    "clickpipe",
                    "scale",
                    svc,
                    id,
                    "--replicas",
                    "2",
                    "--cpu-millicores",
                    "250",
                    "--memory-gb",
                    "1",
                ],
                None,
                &[],
            ));
            assert_eq!(scaled["scaling"]["replicas"], 2, "{scaled}");
        } else {
            // Database pipes share the service's CDC resources.
            let scaled = answer(&admin(
                &emulator,
                &[
                    "clickpipe",
                    "cdc-scaling",
                    "update",
                    svc,
                    "--cpu-millicores",
                    "2000",
                ],
                None,
                &[],
            ));
            assert_eq!(scaled["replicaMemoryGb"], 8, "{scaled}");
            let resynced = answer(&admin(
                &emulator,
                &["clickpipe", "resync", svc, id, "--wait"],
                None,
                &[],
            ));
            assert_eq!(resynced["state"], "Running", "{resynced}");
        }
    }

    let endpoint = answer(&admin(
        &emulator,
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "create",
            svc,
            "--description",
            "orders-db",
            "--type",
            "VPC_ENDPOINT_SERVICE",
            "--vpc-endpoint-service-name",
            "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        ],
        None,
        &[],
    ));
    let endpoint = endpoint["id"].as_str().unwrap();
    oauth_reads_work_and_writes_are_refused(&emulator, &pipes[0].1, endpoint);

    for (_, id) in &pipes {
        answer(&admin(
            &emulator,
            &["clickpipe", "delete", svc, id, "--yes", "--wait"],
            None,
            &[],
        ));
        let gone = admin(&emulator, &["clickpipe", "get", svc, id], None, &[]);
        assert_eq!(gone.status.code(), Some(5), "{}", stderr(&gone));
    }
    let listed = answer(&admin(&emulator, &["clickpipe", "list", svc], None, &[]));
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
}

fn oauth_reads_work_and_writes_are_refused(emulator: &Emulator, pipe: &str, endpoint: &str) {
    let sandbox = Sandbox::new();
    success(
        &sandbox
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .args(["auth", "login", "--no-browser"])
            .output()
            .unwrap(),
    );
    let cloud = |args: &[&str]| {
        sandbox
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["clickpipe", "list", DEMO_SERVICE_ID][..],
        &["clickpipe", "get", DEMO_SERVICE_ID, pipe],
        &["clickpipe", "settings", "get", DEMO_SERVICE_ID, pipe],
        &["clickpipe", "cdc-scaling", "get", DEMO_SERVICE_ID],
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "list",
            DEMO_SERVICE_ID,
        ],
        &[
            "clickpipe",
            "reverse-private-endpoint",
            "get",
            DEMO_SERVICE_ID,
            endpoint,
        ],
    ] {
        success(&cloud(args));
    }
    emulator.clear_requests();
    let mut count = 0;
    for argv in WRITE_INVOCATIONS
        .iter()
        .filter(|argv| argv[0] == "clickpipe")
    {
        let args: Vec<&str> = argv
            .iter()
            .map(|a| match *a {
                ORG => DEMO_ORG_ID,
                SERVICE => DEMO_SERVICE_ID,
                other => other,
            })
            .collect();
        let out = cloud(&args);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr(&out));
        count += 1;
    }
    assert_eq!(count, 21, "every clickpipe write");
    let mutations: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/") && r.method != "GET")
        .collect();
    assert!(mutations.is_empty(), "{mutations:?}");
}
