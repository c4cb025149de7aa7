//! The machine contract: in JSON mode every failure is one JSON object on stderr with a
//! stable code and exit code; agents get JSON by default and are never prompted; CI and
//! pipes never wait for a person.

use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::support::emulator::Emulator;
use crate::support::*;

const KEYS: [&str; 8] = [
    "code",
    "message",
    "hint",
    "exit_code",
    "http_status",
    "request_id",
    "credential_source",
    "retryable",
];

/// Environment variables for one run.
type Envs<'a> = &'a [(&'a str, &'a str)];

const ENV_KEY_SOURCE: &str =
    "CLICKHOUSE_CLOUD_API_KEY/CLICKHOUSE_CLOUD_API_SECRET environment variables";

/// The one JSON error object on stderr: its last line (notes for people, such as retries,
/// may come before it, and none of them is JSON). Checked for its shape, with the exit code
/// agreeing with `exit_code` and stdout empty.
#[track_caller]
fn error_object(out: &Output) -> Value {
    let text = stderr(out);
    let lines: Vec<&str> = text.trim().lines().collect();
    let (last, notes) = lines.split_last().unwrap_or_else(|| panic!("empty stderr"));
    // Every line of stderr is JSON: notices and warnings before, the one error last.
    for note in notes {
        let note: Value = serde_json::from_str(note).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert!(
            note.get("notice").is_some() || note.get("warning").is_some(),
            "{text}"
        );
    }
    let value: Value = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {text}"));
    let error = value["error"].clone();
    let keys: Vec<&str> = error
        .as_object()
        .unwrap_or_else(|| panic!("no error object: {text}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, KEYS, "{text}");
    assert_eq!(
        error["exit_code"].as_i64().map(|c| c as i32),
        out.status.code(),
        "{text}"
    );
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(error["retryable"].is_boolean());
    assert!(out.stdout.is_empty(), "{}", stdout(out));
    error
}

async fn failing_read(reply: ResponseTemplate, times: u64) -> Output {
    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/organizations"))
        .respond_with(reply)
        .expect(times)
        .mount(&api.server)
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list", "--json"]).await;
    api.server.verify().await;
    out
}

// --- usage errors, from clap and from `cloud` --------------------------------------------

#[test]
fn usage_errors_are_json_objects_whichever_way_json_mode_is_asked_for() {
    let cases: [(&[&str], Envs, &str); 7] = [
        (&["--json", "servce", "list"], &[], "unknown_command"),
        (&["service", "lst", "--format=json"], &[], "unknown_command"),
        (
            &["--format", "json", "org", "list", "--bogus"],
            &[],
            "unknown_argument",
        ),
        (&["service", "get", "--json"], &[], "missing_argument"),
        (
            &["service", "list", "--org-id", "nope"],
            &[("CLAUDECODE", "1")],
            "invalid_value",
        ),
        (
            &["service"],
            &[("CLOUD_AGENT_MODE", "1")],
            "missing_command",
        ),
        (&["--json", "--format", "table", "commands"], &[], "usage"),
    ];
    for (args, envs, code) in cases {
        let out = cloud()
            .args(args)
            .envs(envs.iter().copied())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let error = error_object(&out);
        assert_eq!(error["code"], code, "{args:?}: {error}");
        assert_eq!(error["retryable"], false);
        assert_eq!(error["http_status"], Value::Null);
    }
    // A person gets clap's own message.
    let out = cloud().args(["servce", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: unrecognized subcommand"),
        "{}",
        stderr(&out)
    );
    // `--format table` wins over agent detection, for errors too.
    let out = cloud()
        .env("CLAUDECODE", "1")
        .args(["servce", "--format", "table"])
        .output()
        .unwrap();
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
}

#[test]
fn help_and_version_stay_text_in_json_mode() {
    let out = cloud().args(["--json", "--version"]).output().unwrap();
    assert!(success(&out).starts_with("cloud "));
    let out = cloud()
        .args(["service", "--help"])
        .env("CLAUDECODE", "1")
        .output()
        .unwrap();
    assert!(success(&out).contains("Usage: cloud service"));
}

// --- one case per exit code ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn not_found_exits_5() {
    let out = failing_read(
        ResponseTemplate::new(404).set_body_json(error_envelope(404, "Organization not found")),
        1,
    )
    .await;
    let error = error_object(&out);
    assert_eq!(error["code"], "not_found");
    assert_eq!(error["exit_code"], 5);
    assert_eq!(error["http_status"], 404);
    assert_eq!(error["request_id"], REQUEST_ID);
    assert_eq!(error["credential_source"], ENV_KEY_SOURCE);
    assert_eq!(error["retryable"], false);
    assert_eq!(error["hint"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn conflict_exits_6() {
    let api = Api::start().await;
    api.expect_reply(
        "PATCH",
        &format!("/v1/organizations/{ORG}"),
        Some(json!({ "name": "x" })),
        ResponseTemplate::new(409).set_body_json(error_envelope(409, "Conflict")),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["org", "update", ORG, "--name", "x", "--json"],
        )
        .await;
    let error = error_object(&out);
    assert_eq!(error["code"], "conflict");
    assert_eq!(error["exit_code"], 6);
    assert_eq!(error["http_status"], 409);
    assert_eq!(error["retryable"], false);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limited_after_the_retries_exits_7_and_is_retryable() {
    let out = failing_read(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "0")
            .set_body_json(error_envelope(429, "Too many requests")),
        4,
    )
    .await;
    // The retry notes are JSON lines too: every line of stderr parses, the error is last.
    assert!(stderr(&out).contains(r#"{"notice":"note: the API answered HTTP 429"#));
    let error = error_object(&out);
    assert_eq!(error["code"], "rate_limited");
    assert_eq!(error["exit_code"], 7);
    assert_eq!(error["retryable"], true);
    assert_eq!(error["http_status"], 429);
}

#[tokio::test(flavor = "multi_thread")]
async fn unavailable_exits_7_and_a_500_exits_1() {
    for (status, code, exit, retryable) in [
        (503, "unavailable", 7, true),
        (502, "unavailable", 7, true),
        (500, "server_error", 1, false),
    ] {
        let times = if retryable { 4 } else { 1 };
        let out = failing_read(
            ResponseTemplate::new(status)
                .insert_header("Retry-After", "0")
                .set_body_json(error_envelope(status, "down")),
            times,
        )
        .await;
        let error = error_object(&out);
        assert_eq!(error["code"], code, "{status}");
        assert_eq!(error["exit_code"], exit, "{status}");
        assert_eq!(error["retryable"], retryable, "{status}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unauthorized_exits_4_and_names_the_credential() {
    let out = failing_read(
        ResponseTemplate::new(401).set_body_json(error_envelope(401, "Unauthorized")),
        1,
    )
    .await;
    let error = error_object(&out);
    assert_eq!(error["code"], "unauthorized");
    assert_eq!(error["exit_code"], 4);
    assert_eq!(error["credential_source"], ENV_KEY_SOURCE);
    assert!(error["hint"].is_string());
}

#[test]
fn no_credential_exits_4_with_a_hint() {
    let out = cloud().args(["org", "list", "--json"]).output().unwrap();
    let error = error_object(&out);
    assert_eq!(error["code"], "not_logged_in");
    assert_eq!(error["exit_code"], 4);
    assert!(
        error["hint"]
            .as_str()
            .unwrap()
            .contains("CLICKHOUSE_CLOUD_API_KEY"),
        "{error}"
    );
}

#[test]
fn network_errors_exit_1_and_are_retryable() {
    let out = cloud()
        .env("CLOUD_API_URL", "http://127.0.0.1:9")
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["org", "list", "--json"])
        .output()
        .unwrap();
    let error = error_object(&out);
    assert_eq!(error["code"], "network");
    assert_eq!(error["exit_code"], 1);
    assert_eq!(error["retryable"], true);
    assert_eq!(error["credential_source"], ENV_KEY_SOURCE);
}

#[test]
fn timeouts_exit_1_and_are_retryable() {
    let emulator = Emulator::start_with(&["--fault", "slow-headers=10000"]);
    let key = emulator.admin_key();
    let started = Instant::now();
    let out = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .env("CLOUD_AGENT_MODE", "1")
        .args(["org", "list", "--timeout", "500ms"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(8));
    let error = error_object(&out);
    assert_eq!(error["code"], "timeout");
    assert_eq!(error["exit_code"], 1);
    assert_eq!(error["retryable"], true);
}

/// The emulator failing every request with 503: the read's retries run out, exit 7.
#[test]
fn an_emulator_that_keeps_failing_exits_7() {
    let emulator = Emulator::start_with(&["--fail-rate", "1.0"]);
    let key = emulator.admin_key();
    let out = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(["org", "list", "--json"])
        .output()
        .unwrap();
    let error = error_object(&out);
    assert_eq!(error["code"], "unavailable");
    assert_eq!(error["exit_code"], 7);
    assert_eq!(error["retryable"], true);
}

// --- the documentation of the contract ----------------------------------------------------

#[test]
fn help_exit_codes_lists_every_exit_code_and_error_code() {
    let text = success(&cloud().args(["help", "exit-codes"]).output().unwrap());
    for (code, meaning) in cloud::error::exit::TABLE {
        assert!(
            text.contains(&format!("{code:<5}{meaning}")),
            "{code}: {text}"
        );
    }
    for (code, _, _) in cloud::error::CODES {
        assert!(text.contains(code), "{code}: {text}");
    }
    for name in cloud::agent::VARIABLES {
        assert!(text.contains(name), "{name}: {text}");
    }
    let listed: Value = serde_json::from_str(&success(
        &cloud()
            .args(["help", "exit-codes", "--json"])
            .output()
            .unwrap(),
    ))
    .unwrap();
    let exits: Vec<i64> = listed["exit_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["exit_code"].as_i64().unwrap())
        .collect();
    assert_eq!(exits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]);
    assert_eq!(
        listed["error_codes"].as_array().unwrap().len(),
        cloud::error::CODES.len()
    );
    // `cloud help <command>` still works, and an unknown topic is a usage error.
    assert!(
        success(
            &cloud()
                .args(["--json", "help", "exit-codes"])
                .output()
                .unwrap()
        )
        .starts_with('{')
    );
    assert!(
        success(&cloud().args(["help", "service", "list"]).output().unwrap())
            .contains("Usage: cloud service list")
    );
    assert_eq!(
        cloud()
            .args(["help", "nope"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_readme_documents_every_exit_code_and_error_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (code, _) in cloud::error::exit::TABLE {
        assert!(readme.contains(&format!("| {code} |")), "exit code {code}");
    }
    for (code, _, _) in cloud::error::CODES {
        assert!(readme.contains(&format!("`{code}`")), "error code {code}");
    }
    for name in cloud::agent::VARIABLES {
        assert!(
            readme.contains(&format!("`{name}`")),
            "agent variable {name}"
        );
    }
}

// --- agent detection -----------------------------------------------------------------------

/// `cloud commands` prints JSON or a table: which one says whether agent mode is on.
fn prints_json(envs: &[(&str, &str)], args: &[&str]) -> bool {
    let out = cloud()
        .envs(envs.iter().copied())
        .arg("commands")
        .args(args)
        .output()
        .unwrap();
    let text = success(&out);
    serde_json::from_str::<Value>(&text).is_ok()
}

#[test]
fn each_agent_variable_makes_json_the_default() {
    assert!(!prints_json(&[], &[]), "a person gets a table");
    for name in cloud::agent::VARIABLES {
        assert!(prints_json(&[(name, "1")], &[]), "{name}=1");
        assert!(prints_json(&[(name, "claude")], &[]), "{name}=claude");
        assert!(!prints_json(&[(name, "")], &[]), "{name} empty");
        // The generic conventions may say no; an agent's own marker counts whenever set.
        if ["AGENT", "AI_AGENT"].contains(name) {
            assert!(!prints_json(&[(name, "0")], &[]), "{name}=0");
            assert!(!prints_json(&[(name, "false")], &[]), "{name}=false");
        }
        assert!(
            !prints_json(&[(name, "1")], &["--format", "table"]),
            "{name} --format table"
        );
        assert!(
            !prints_json(&[(name, "1"), ("CLOUD_AGENT_MODE", "0")], &[]),
            "{name} with CLOUD_AGENT_MODE=0"
        );
    }
}

#[test]
fn agent_mode_can_be_forced_and_json_asked_for_explicitly() {
    assert!(prints_json(&[("CLOUD_AGENT_MODE", "1")], &[]));
    assert!(prints_json(&[], &["--format", "json"]));
    assert!(prints_json(&[], &["--json"]));
    assert!(prints_json(&[("CLOUD_AGENT_MODE", "0")], &["--json"]));
    // CI alone changes prompting, not the output format.
    assert!(!prints_json(&[("CI", "true")], &[]));
}

/// Detection changes how `cloud` talks, never what a credential may do.
#[tokio::test(flavor = "multi_thread")]
async fn agent_detection_changes_no_capability_decision() {
    let api = Api::start().await;
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut command = Sandbox::new().cloud();
        command.envs(envs.iter().copied()).args(args);
        api.run_with(command)
    };
    let token = ("CLOUD_ACCESS_TOKEN", "read-only-token");
    let key = [
        ("CLICKHOUSE_CLOUD_API_KEY", KEY_ID),
        ("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET),
    ];
    let clamp = ("CLOUD_READ_ONLY", "1");
    let write = ["org", "update", ORG, "--name", "x", "--json"];
    for credential in [vec![token], vec![key[0], key[1], clamp]] {
        let mut as_agent = credential.clone();
        as_agent.push(("CLAUDECODE", "1"));
        let person = run(&credential, &write).await;
        let agent = run(&as_agent, &write).await;
        assert_eq!(person.status.code(), Some(4));
        assert_eq!(agent.status.code(), Some(4));
        assert_eq!(stderr(&person), stderr(&agent));
        let status = ["auth", "status", "--json"];
        let person = run(&credential, &status).await;
        let agent = run(&as_agent, &status).await;
        assert_eq!(stdout(&person), stdout(&agent));
        assert_eq!(person.status.code(), agent.status.code());
    }
    // `auth status` may look up the key's role (GETs); nothing else may leave.
    let seen = api.seen().await;
    assert!(
        seen.iter().all(|r| r.starts_with("GET ")),
        "no write left: {seen:?}"
    );
}

// --- nothing waits for a person who is not there --------------------------------------------

/// `cloud auth login` (device flow) without a person: fails at once, sends nothing.
#[tokio::test(flavor = "multi_thread")]
async fn interactive_login_fails_fast_without_a_person() {
    let api = Api::start().await;
    let cases: [(Envs, &str); 3] = [
        (&[("CI", "true")], "CI is set"),
        (&[("CLAUDECODE", "1")], "CLAUDECODE"),
        // No terminal on stdin (tests run through pipes), nothing else.
        (&[], "not a terminal"),
    ];
    for (envs, why) in cases {
        for extra in [&[][..], &["--web"], &["--no-browser"]] {
            let mut command = Sandbox::new().cloud();
            command
                .env_remove(cloud::agent::TEST_ASSUME_PERSON_ENV)
                .envs(envs.iter().copied())
                .args(["auth", "login", "--json"])
                .args(extra)
                .timeout(Duration::from_secs(10));
            let out = api.run_with(command).await;
            let error = error_object(&out);
            assert_eq!(error["code"], "login_needs_a_person", "{envs:?}");
            assert_eq!(error["exit_code"], 4);
            assert!(error["message"].as_str().unwrap().contains(why), "{error}");
            let hint = error["hint"].as_str().unwrap();
            assert!(
                hint.contains("cloud auth login --no-input --json"),
                "{hint}"
            );
            assert!(hint.contains("cloud auth login --complete"), "{hint}");
        }
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// The two-step login works where the interactive one refuses: CI, under an agent.
#[test]
fn the_two_step_login_works_in_ci_and_under_an_agent() {
    let emulator = Emulator::start_with(&["--device-interval", "1"]);
    let sandbox = Sandbox::new();
    let run = |args: &[&str]| {
        sandbox
            .cloud()
            .env_remove(cloud::agent::TEST_ASSUME_PERSON_ENV)
            .env("CI", "true")
            .env("CLAUDECODE", "1")
            .env("CLOUD_API_URL", emulator.base_url())
            .args(args)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap()
    };
    // JSON by default under the agent: no --json needed.
    let started: Value =
        serde_json::from_str(&success(&run(&["auth", "login", "--no-input"]))).unwrap();
    let code = started["userCode"].as_str().unwrap();
    emulator.post_form("/oauth/device", &format!("user_code={code}&action=approve"));
    let done: Value =
        serde_json::from_str(&success(&run(&["auth", "login", "--complete"]))).unwrap();
    assert_eq!(done["access"], "read-only");
}

/// Prompts for an API key secret are never shown to an agent or in CI.
#[test]
fn the_api_key_prompt_is_refused_without_a_person() {
    for envs in [[("CI", "true")], [("CURSOR_AGENT", "1")]] {
        let out = cloud()
            .envs(envs)
            .args(["auth", "login", "--api-key", KEY_ID, "--json"])
            .output()
            .unwrap();
        let error = error_object(&out);
        assert_eq!(error["code"], "usage");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("--api-secret-stdin"),
            "{error}"
        );
    }
}
