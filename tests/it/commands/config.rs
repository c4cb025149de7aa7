//! `cloud config list|get|set|unset`: the settings of one context in config.toml, checked as
//! the global flags check them; and what they change: the default organization (one request
//! fewer) and the output format.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const OTHER_ORG: &str = "0b5e9c3a-1d2f-4a6b-8c7d-9e0f1a2b3c4d";

fn config_text(sandbox: &Sandbox) -> Option<String> {
    std::fs::read_to_string(sandbox.config_dir.path().join("config.toml")).ok()
}

fn run(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    sandbox.cloud().args(args).output().unwrap()
}

#[track_caller]
fn fails_with(out: &std::process::Output, code: i32) -> String {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    stderr(out)
}

/// Every key: a value that is stored (as the TOML key, and as `get` prints it), and a value
/// its flag's parser refuses.
struct Case {
    key: &'static str,
    value: &'static str,
    toml: &'static str,
    printed: Value,
    bad: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            key: "api-url",
            value: "https://api.example.com/",
            toml: "api_url = \"https://api.example.com\"",
            printed: json!("https://api.example.com"),
            bad: "http://api.example.com",
        },
        Case {
            key: "org",
            value: "7F3E1C2A-9B4D-4E8F-A1B2-C3D4E5F60718",
            toml: "org = \"7f3e1c2a-9b4d-4e8f-a1b2-c3d4e5f60718\"",
            printed: json!(ORG),
            bad: "acme",
        },
        Case {
            key: "read-only",
            value: "true",
            toml: "read_only = true",
            printed: json!(true),
            bad: "yes please",
        },
        Case {
            key: "format",
            value: "json",
            toml: "format = \"json\"",
            printed: json!("json"),
            bad: "yaml",
        },
        Case {
            key: "connect-timeout",
            value: "5s",
            toml: "connect_timeout = \"5s\"",
            printed: json!("5s"),
            bad: "5 parsecs",
        },
        Case {
            key: "timeout",
            value: "2m",
            toml: "timeout = \"2m\"",
            printed: json!("2m"),
            bad: "0s",
        },
        Case {
            key: "max-response-size",
            value: "1GiB",
            toml: "max_response_size = \"1GiB\"",
            printed: json!("1GiB"),
            bad: "12",
        },
        Case {
            key: "query-url",
            value: "https://queries.example.com/",
            toml: "query_url = \"https://queries.example.com\"",
            printed: json!("https://queries.example.com"),
            bad: "http://queries.example.com",
        },
    ]
}

#[test]
fn every_key_can_be_set_read_and_unset_and_bad_values_change_nothing() {
    let keys: Vec<&str> = cases().iter().map(|c| c.key).collect();
    for case in cases() {
        let sandbox = Sandbox::new();
        let key = case.key;
        // A bad value is refused (exit 2) before the file is created.
        let out = run(&sandbox, &["config", "set", key, case.bad]);
        let error = fails_with(&out, 2);
        assert!(error.contains(key), "{key}: {error}");
        assert_eq!(config_text(&sandbox), None, "{key}");

        success(&run(&sandbox, &["config", "set", key, case.value]));
        let text = config_text(&sandbox).unwrap();
        assert!(text.contains("[contexts.default]"), "{key}: {text}");
        assert!(text.contains(case.toml), "{key}: {text}");

        // A bad value leaves the stored one, byte for byte.
        let out = run(&sandbox, &["config", "set", key, case.bad, "--json"]);
        fails_with(&out, 2);
        let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        assert_eq!(error["error"]["code"], "usage", "{key}");
        assert_eq!(config_text(&sandbox).unwrap(), text, "{key}");

        // `--format table`: once `format` is `json`, that is what `get` prints by default.
        let printed = success(&run(&sandbox, &["config", "get", key, "--format", "table"]));
        let plain = case
            .printed
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| case.printed.to_string());
        assert_eq!(printed, format!("{plain}\n"), "{key}");
        let json: Value =
            serde_json::from_str(&success(&run(&sandbox, &["config", "get", key, "--json"])))
                .unwrap();
        assert_eq!(json, case.printed, "{key}");

        let listed: Value =
            serde_json::from_str(&success(&run(&sandbox, &["config", "list", "--json"]))).unwrap();
        let object = listed.as_object().unwrap();
        assert_eq!(object.keys().count(), keys.len(), "{listed}");
        for other in &keys {
            let expected = if *other == key {
                case.printed.clone()
            } else {
                Value::Null
            };
            assert_eq!(listed[other], expected, "{key}: {listed}");
        }
        let table = success(&run(&sandbox, &["config", "list", "--format", "table"]));
        assert!(table.contains(&plain), "{key}: {table}");
        assert!(
            table.contains("(default: 120s)") || key == "timeout",
            "{table}"
        );

        let out = run(&sandbox, &["config", "unset", key, "--json"]);
        let unset: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(unset["removed"], true, "{key}");
        assert!(!config_text(&sandbox).unwrap().contains(case.toml), "{key}");
        let out = run(&sandbox, &["config", "get", key]);
        assert_eq!(success(&out), "", "{key}");
        assert!(stderr(&out).contains("not set"), "{key}: {}", stderr(&out));
        let null: Value =
            serde_json::from_str(&success(&run(&sandbox, &["config", "get", key, "--json"])))
                .unwrap();
        assert_eq!(null, Value::Null, "{key}");
    }
}

#[test]
fn unknown_keys_are_refused_naming_the_valid_ones() {
    let sandbox = Sandbox::new();
    for args in [
        &["config", "set", "colour", "blue"][..],
        &["config", "get", "api_url"],
        &["config", "unset", "profile"],
    ] {
        let error = fails_with(&run(&sandbox, args), 2);
        for key in cases().iter().map(|c| c.key) {
            assert!(error.contains(key), "{args:?} names {key}: {error}");
        }
    }
    assert_eq!(config_text(&sandbox), None);
}

#[test]
fn set_creates_the_context_it_is_given_and_leaves_the_others() {
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["config", "set", "timeout", "30s"]));
    success(&run(
        &sandbox,
        &["config", "set", "timeout", "5s", "--context", "ci"],
    ));
    let out = sandbox
        .cloud()
        .env("CLOUD_CONTEXT", "ci")
        .args(["config", "get", "timeout"])
        .output()
        .unwrap();
    assert_eq!(success(&out), "5s\n");
    assert_eq!(
        success(&run(&sandbox, &["config", "get", "timeout"])),
        "30s\n"
    );
    // The active context is the one `config` changes when no --context is given.
    success(&run(&sandbox, &["context", "use", "ci"]));
    success(&run(&sandbox, &["config", "unset", "timeout"]));
    assert_eq!(success(&run(&sandbox, &["config", "get", "timeout"])), "");
    assert_eq!(
        success(&run(
            &sandbox,
            &["config", "get", "timeout", "--context", "default"]
        )),
        "30s\n"
    );
}

/// A context whose stored API URL would be refused can still be repaired with `config`.
#[test]
fn config_repairs_a_context_whose_settings_are_wrong() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.config_dir.path().join("config.toml"),
        "[contexts.default]\napi_url = \"http://api.example.com\"\n",
    )
    .unwrap();
    let out = run(&sandbox, &["org", "list"]);
    fails_with(&out, 2);
    success(&run(
        &sandbox,
        &["config", "set", "api-url", "https://api.example.com"],
    ));
    assert!(
        config_text(&sandbox)
            .unwrap()
            .contains("api_url = \"https://api.example.com\"")
    );
}

#[test]
fn config_commands_work_under_a_read_only_clamp() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .cloud()
        .env("CLOUD_READ_ONLY", "1")
        .args(["config", "set", "read-only", "false", "--read-only"])
        .output()
        .unwrap();
    success(&out);
    assert!(config_text(&sandbox).unwrap().contains("read_only = false"));
}

/// With a default organization, `service list` is one request: no organization lookup.
#[tokio::test(flavor = "multi_thread")]
async fn a_default_organization_saves_the_lookup() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["config", "set", "org", ORG]));
    Mock::given(method("GET"))
        .and(path("/v1/organizations"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .named("the organization lookup")
        .mount(&api.server)
        .await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/services"),
        None,
        json!([{ "id": SERVICE, "name": "analytics", "state": "running" }]),
    )
    .await;
    let out = api.run(&sandbox, &["service", "list", "--json"]).await;
    let services: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(services[0]["id"], SERVICE);
    api.verify().await;
}

/// `--org-id` outranks the context's organization.
#[tokio::test(flavor = "multi_thread")]
async fn org_id_outranks_the_default_organization() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["config", "set", "org", OTHER_ORG]));
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/services"),
        None,
        json!([]),
    )
    .await;
    let out = api
        .run(&sandbox, &["service", "list", "--org-id", ORG, "--json"])
        .await;
    success(&out);
    api.verify().await;
}

/// A 404 after the default organization was used says how to stop using it.
#[tokio::test(flavor = "multi_thread")]
async fn a_default_organization_that_is_not_found_hints_at_unsetting_it() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["config", "set", "org", OTHER_ORG]));
    Mock::given(method("GET"))
        .and(path(format!("/v1/organizations/{OTHER_ORG}/services")))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(error_envelope(404, "Organization not found")),
        )
        .expect(3)
        .mount(&api.server)
        .await;
    let out = api.run(&sandbox, &["service", "list"]).await;
    let error = fails_with(&out, 5);
    assert!(error.contains("cloud config unset org"), "{error}");
    assert!(error.contains(OTHER_ORG), "{error}");

    let out = api.run(&sandbox, &["service", "list", "--json"]).await;
    fails_with(&out, 5);
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "not_found");
    assert_eq!(error["error"]["http_status"], 404);
    assert!(
        error["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("cloud config unset org"),
        "{error}"
    );
    // The same 404 for an organization given with --org-id: nothing about the default.
    let out = api
        .run(&sandbox, &["service", "list", "--org-id", OTHER_ORG])
        .await;
    let error = fails_with(&out, 5);
    assert!(!error.contains("config unset"), "{error}");
}

/// Pointing a context at another API says its stored credentials will not follow.
#[test]
fn a_new_api_url_warns_that_stored_credentials_stay_behind() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.config_dir.path().join("config.toml"),
        format!(
            "[contexts.default.api_key]\nkey_id = \"{KEY_ID}\"\n\
             api_url = \"http://127.0.0.1:9\"\nstorage = \"file\"\n"
        ),
    )
    .unwrap();
    let out = run(
        &sandbox,
        &["config", "set", "api-url", "http://127.0.0.1:8"],
    );
    success(&out);
    let warning = stderr(&out);
    assert!(warning.contains(KEY_ID), "{warning}");
    assert!(
        warning.contains("never sent to http://127.0.0.1:8"),
        "{warning}"
    );
    let out = run(
        &sandbox,
        &["config", "set", "api-url", "http://127.0.0.1:9"],
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

/// A hand-edited organization that is not a UUID is named, before any request.
#[test]
fn a_default_organization_that_is_not_a_uuid_is_a_usage_error() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.config_dir.path().join("config.toml"),
        "[contexts.default]\norg = \"acme\"\n",
    )
    .unwrap();
    let out = sandbox
        .cloud()
        .env("CLOUD_API_URL", "http://127.0.0.1:9")
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["service", "list"])
        .output()
        .unwrap();
    let error = fails_with(&out, 2);
    assert!(error.contains("`org` of context `default`"), "{error}");
}

/// --json/--format > an AI agent (JSON) > the context's format > table.
#[test]
fn the_context_format_comes_after_flags_and_agents() {
    let sandbox = Sandbox::new();
    let is_json = |env: &[(&str, &str)], args: &[&str]| {
        let out = sandbox
            .cloud()
            .envs(env.iter().copied())
            .args(["context", "list"])
            .args(args)
            .output()
            .unwrap();
        serde_json::from_str::<Value>(&success(&out)).is_ok()
    };
    assert!(!is_json(&[], &[]));
    success(&run(&sandbox, &["config", "set", "format", "json"]));
    assert!(is_json(&[], &[]));
    assert!(!is_json(&[], &["--format", "table"]));
    assert!(is_json(&[("CLOUD_AGENT_MODE", "0")], &[]));
    success(&run(
        &sandbox,
        &["config", "set", "format", "table", "--format", "table"],
    ));
    assert!(!is_json(&[], &[]));
    assert!(is_json(&[("CLOUD_AGENT_MODE", "1")], &[]));
    assert!(is_json(&[], &["--json"]));
    // Another context's format does not apply.
    success(&run(
        &sandbox,
        &["config", "set", "format", "json", "--context", "ci"],
    ));
    assert!(!is_json(&[], &[]));
    assert!(is_json(&[("CLOUD_CONTEXT", "ci")], &[]));
}
