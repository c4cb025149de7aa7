//! `--wait` on the service writes, against `cloud-emulator` with slow state transitions.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::Sandbox;
use crate::support::emulator::*;

fn cloud(emulator: &Emulator, args: &[&str]) -> std::process::Output {
    Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &emulator.admin_key().key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &emulator.admin_key().secret)
        .args(args)
        .output()
        .expect("run cloud")
}

#[track_caller]
fn json_ok(emulator: &Emulator, args: &[&str]) -> Value {
    let mut argv = args.to_vec();
    argv.push("--json");
    let out = cloud(emulator, &argv);
    let stdout = crate::support::success(&out);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}"))
}

const CREATE: &[&str] = &[
    "service",
    "create",
    "--name",
    "waited",
    "--provider",
    "aws",
    "--region",
    "eu-west-1",
    "--ip-allow",
    "198.51.100.0/24",
];

fn create_waited(emulator: &Emulator) -> String {
    let mut args = CREATE.to_vec();
    args.push("--wait");
    let created = json_ok(emulator, &args);
    assert_eq!(created["state"], "running", "{created}");
    assert!(created["password"].is_string(), "{created}");
    created["id"].as_str().expect("id").to_owned()
}

#[test]
fn create_start_stop_and_delete_wait_for_their_states() {
    let emulator = Emulator::start_with(&["--transition-ms", "1000"]);

    let started = Instant::now();
    let id = create_waited(&emulator);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "create --wait returned before the transition"
    );

    let stopped = json_ok(&emulator, &["service", "stop", &id, "--wait"]);
    assert_eq!(stopped["state"], "stopped", "{stopped}");
    assert_eq!(stopped["id"], id.as_str());
    // The whole service, as `service get` prints it.
    assert!(stopped["provider"].is_string(), "{stopped}");

    let running = json_ok(&emulator, &["service", "start", &id, "--wait"]);
    assert_eq!(running["state"], "running", "{running}");

    json_ok(&emulator, &["service", "stop", &id, "--wait"]);
    let deleted = json_ok(&emulator, &["service", "delete", &id, "--wait", "--yes"]);
    assert_eq!(deleted["deleted"], true, "{deleted}");
    let gone = cloud(&emulator, &["service", "get", &id, "--json"]);
    assert_eq!(gone.status.code(), Some(5));
}

#[test]
fn the_table_shows_the_service_in_its_target_state_and_no_spinner_off_a_terminal() {
    let emulator = Emulator::start_with(&["--transition-ms", "1000"]);
    let id = create_waited(&emulator);
    let out = cloud(
        &emulator,
        &["service", "stop", &id, "--wait", "--format", "table"],
    );
    let stdout = crate::support::success(&out);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("State:") && l.contains("stopped")),
        "{stdout}"
    );
    assert!(stdout.contains("Provider:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("Waiting") && !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "spinner text on a non-terminal stderr: {stderr:?}"
    );
}

#[test]
fn a_wait_that_runs_out_of_time_exits_8_and_says_the_operation_goes_on() {
    let emulator = Emulator::start_with(&["--transition-ms", "60000"]);
    let mut args = CREATE.to_vec();
    args.extend(["--wait", "--wait-timeout", "1s", "--json"]);
    let started = Instant::now();
    let out = cloud(&emulator, &args);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(8), "{out:?}");
    // The created service (with its one-time password) is printed all the same.
    let created: Value = serde_json::from_slice(&out.stdout).expect("stdout JSON");
    assert_eq!(created["state"], "provisioning", "{created}");
    assert!(created["password"].is_string(), "{created}");
    let id = created["id"].as_str().unwrap();

    let stderr = String::from_utf8_lossy(&out.stderr);
    let error: Value = serde_json::from_str(stderr.lines().last().unwrap()).expect("error JSON");
    assert_eq!(error["error"]["code"], "wait_timed_out", "{stderr}");
    assert_eq!(error["error"]["exit_code"], 8);
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains(id), "{message}");
    assert!(message.contains("provisioning"), "{message}");
    assert!(message.contains("running"), "{message}");
    assert!(message.contains("goes on"), "{message}");
    let hint = error["error"]["hint"].as_str().unwrap();
    assert!(hint.contains(&format!("cloud service get {id}")), "{hint}");

    // A stop of a service still provisioning: refused (409) or, if taken, timed out.
    let out = cloud(
        &emulator,
        &["service", "stop", id, "--wait", "--wait-timeout", "500ms"],
    );
    assert!(matches!(out.status.code(), Some(6 | 8)), "{out:?}");
}

#[test]
fn wait_timeout_needs_wait_and_a_duration() {
    let out = Sandbox::new()
        .cloud()
        .args([
            "service",
            "start",
            "8a2f7e1c-0000-4000-8000-000000000001",
            "--wait-timeout",
            "1m",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Sandbox::new()
        .cloud()
        .args([
            "service",
            "start",
            "8a2f7e1c-0000-4000-8000-000000000001",
            "--wait",
            "--wait-timeout",
            "soon",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn scale_waits_until_the_service_is_settled() {
    let emulator = Emulator::start_with(&["--transition-ms", "1000"]);
    let id = create_waited(&emulator);
    let scaled = json_ok(
        &emulator,
        &["service", "scale", &id, "--num-replicas", "3", "--wait"],
    );
    assert_eq!(scaled["state"], "running", "{scaled}");
    assert_eq!(scaled["numReplicas"], 3, "{scaled}");
}

#[test]
fn dry_run_does_not_wait() {
    let emulator = Emulator::start_with(&["--transition-ms", "60000"]);
    let mut args = CREATE.to_vec();
    args.extend(["--wait", "--dry-run"]);
    let started = Instant::now();
    let out = cloud(&emulator, &args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        emulator
            .requests()
            .iter()
            .all(|r| r.method == "GET" && !r.path.contains("/services/")),
        "{:?}",
        emulator.requests()
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_waiting_not_the_operation() {
    let emulator = Emulator::start_with(&["--transition-ms", "60000"]);
    let mut args = CREATE.to_vec();
    args.extend(["--wait", "--json"]);
    let sandbox = Sandbox::new();
    let child = sandbox
        .std_cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &emulator.admin_key().key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &emulator.admin_key().secret)
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn cloud");
    // Wait until it polls (twice: the Ctrl-C handler is armed by then).
    let deadline = Instant::now() + Duration::from_secs(20);
    while emulator
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.contains("/services/"))
        .count()
        < 2
    {
        assert!(Instant::now() < deadline, "cloud never polled");
        std::thread::sleep(Duration::from_millis(50));
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{out:?}");
    let created: Value = serde_json::from_slice(&out.stdout).expect("stdout JSON");
    assert!(created["password"].is_string(), "{created}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let error: Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "interrupted", "{stderr}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("goes on"),
        "{stderr}"
    );
    // The service was not touched: it is still on its way to running.
    let id = created["id"].as_str().unwrap();
    let now = json_ok(&emulator, &["service", "get", id]);
    assert_eq!(now["state"], "provisioning");
}

/// On a terminal, `--wait` shows a spinner with the service's state on stderr while it
/// waits, clears it, and leaves only the final table.
#[test]
fn on_a_terminal_a_spinner_shows_the_state_while_waiting() {
    if !crate::support::have_script() {
        return;
    }
    let emulator = Emulator::start_with(&["--transition-ms", "1500"]);
    let id = create_waited(&emulator);
    let out = Sandbox::new()
        .on_terminal(&format!("service stop {id} --wait --format table"))
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &emulator.admin_key().key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &emulator.admin_key().secret)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains(&format!("Waiting for service {id} to be stopped")),
        "{shown}"
    );
    assert!(shown.contains("(state: stopping)"), "{shown}");
    // indicatif redraws in place: carriage returns or cursor movement, never new lines.
    assert!(
        shown.contains('\r') || shown.contains('\u{1b}'),
        "{shown:?}"
    );
    let table = shown.rsplit("(state: stopping)").next().unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.contains("State:") && l.contains("stopped")),
        "{shown}"
    );
}

/// `backup restore --wait` creates a new service from the backup and returns once it runs,
/// with its one-time password; the backed-up service is untouched.
#[test]
fn backup_restore_waits_until_the_new_service_runs() {
    let emulator = Emulator::start_with(&["--transition-ms", "1000"]);
    let restored = json_ok(
        &emulator,
        &[
            "backup",
            "restore",
            DEMO_SERVICE_ID,
            DEMO_BACKUP_ID,
            "--name",
            "restored",
            "--wait",
        ],
    );
    assert_eq!(restored["state"], "running", "{restored}");
    assert_eq!(restored["name"], "restored");
    assert_ne!(restored["id"], DEMO_SERVICE_ID);
    assert!(restored["password"].is_string(), "{restored}");
    let source = json_ok(&emulator, &["service", "get", DEMO_SERVICE_ID]);
    assert_eq!(restored["provider"], source["provider"]);
    assert_eq!(restored["region"], source["region"]);
    assert_eq!(source["state"], "running");
}
