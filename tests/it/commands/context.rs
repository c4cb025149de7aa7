//! `cloud context list|use|show|rename|delete`: local only, never a secret printed, and
//! rename/delete carry the stored credentials with them.

use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const OAUTH_ACCOUNT_OLD: &str = "oauth:old:https://issuer.example";
const OAUTH_ACCOUNT_NEW: &str = "oauth:new:https://issuer.example";
const TOKENS: &str = "stored-oauth-tokens-json";

fn run(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    sandbox.cloud().args(args).output().unwrap()
}

fn file(sandbox: &Sandbox, name: &str) -> Option<String> {
    std::fs::read_to_string(sandbox.config_dir.path().join(name)).ok()
}

/// A context `old` with an API key for `api_url` and an OAuth login, both in the file store,
/// plus a context `ci`, and `old` active.
fn seed(sandbox: &Sandbox, api_url: &str) {
    let dir = sandbox.config_dir.path();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "active_context = \"old\"\n\n\
             [contexts.old]\napi_url = \"{api_url}\"\norg = \"{ORG}\"\n\n\
             [contexts.old.api_key]\nkey_id = \"{KEY_ID}\"\napi_url = \"{api_url}\"\nstorage = \"file\"\n\n\
             [contexts.old.oauth]\nissuer = \"https://issuer.example\"\napi_url = \"{api_url}\"\n\
             storage = \"file\"\nemail = \"ada@example.com\"\n\n\
             [contexts.ci]\ntimeout = \"5s\"\n"
        ),
    )
    .unwrap();
    let secrets = dir.join("credentials.toml");
    std::fs::write(
        &secrets,
        format!(
            "[secrets]\n\"api-key:old\" = \"{KEY_SECRET}\"\n\"{OAUTH_ACCOUNT_OLD}\" = \"{TOKENS}\"\n"
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn list_marks_the_active_context_and_names_stored_credentials_never_secrets() {
    let sandbox = Sandbox::new();
    seed(&sandbox, "http://127.0.0.1:9");
    let table = success(&run(&sandbox, &["context", "list"]));
    insta::assert_snapshot!(table);
    assert!(!table.contains(KEY_SECRET) && !table.contains(TOKENS));

    let listed: Value = serde_json::from_str(&success(&run(
        &sandbox,
        &["context", "list", "--json", "--context", "ci"],
    )))
    .unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ci", "default", "old"]);
    assert_eq!(
        listed[0]["active"], true,
        "--context selects `ci`: {listed}"
    );
    assert_eq!(listed[2]["active"], false);
    assert_eq!(listed[2]["apiKey"], KEY_ID);
    assert_eq!(listed[2]["oauth"], "ada@example.com");
    assert_eq!(listed[2]["org"], ORG);
    assert_eq!(listed[1]["apiUrl"], "https://api.clickhouse.cloud");
}

#[test]
fn use_switches_the_active_context_and_refuses_unknown_names() {
    let sandbox = Sandbox::new();
    seed(&sandbox, "http://127.0.0.1:9");
    let before = file(&sandbox, "config.toml").unwrap();
    let out = run(&sandbox, &["context", "use", "prod"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let error = stderr(&out);
    assert!(error.contains("no context `prod`"), "{error}");
    assert!(error.contains("ci, default, old"), "{error}");
    assert_eq!(file(&sandbox, "config.toml").unwrap(), before);

    success(&run(&sandbox, &["context", "use", "ci"]));
    assert!(
        file(&sandbox, "config.toml")
            .unwrap()
            .contains("active_context = \"ci\"")
    );
    // `default` always exists, configured or not.
    let out = run(&sandbox, &["context", "use", "default", "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&success(&out)).unwrap(),
        json!({ "active": "default" })
    );
    assert!(
        !file(&sandbox, "config.toml")
            .unwrap()
            .contains("active_context")
    );
    let fresh = Sandbox::new();
    success(&run(&fresh, &["context", "use", "default"]));
}

/// `show` says why the context is active, for each of the four reasons.
#[test]
fn show_says_why_the_context_is_active() {
    let sandbox = Sandbox::new();
    let fresh = Sandbox::new();
    seed(&sandbox, "http://127.0.0.1:9");
    for (sandbox, env, args, name, because) in [
        (&fresh, None, &[][..], "default", "default"),
        (&sandbox, None, &[], "old", "config"),
        (&sandbox, Some("ci"), &[], "ci", "environment"),
        (
            &sandbox,
            Some("ci"),
            &["--context", "default"],
            "default",
            "flag",
        ),
    ] {
        let mut command = sandbox.cloud();
        if let Some(env) = env {
            command.env("CLOUD_CONTEXT", env);
        }
        let out = command
            .args(["context", "show", "--json"])
            .args(args)
            .output()
            .unwrap();
        let shown: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(shown["name"], name, "{shown}");
        assert_eq!(shown["active"], true, "{shown}");
        assert_eq!(shown["activeBecause"], because, "{shown}");
    }
    // Another context, by name: not active, its credentials named, no secret.
    let out = run(&sandbox, &["context", "show", "old", "--context", "ci"]);
    let text = success(&out);
    assert!(text.contains("active:             no"), "{text}");
    assert!(
        text.contains(KEY_ID) && text.contains("ada@example.com"),
        "{text}"
    );
    assert!(text.contains("(default: 120s)"), "{text}");
    assert!(
        !text.contains(KEY_SECRET) && !text.contains(TOKENS),
        "{text}"
    );
    let text = success(&run(&sandbox, &["context", "show"]));
    assert!(
        text.contains("yes: it is the active context in config.toml"),
        "{text}"
    );
    let out = run(&sandbox, &["context", "show", "nope"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Renaming moves the settings, the stored API key and the OAuth tokens, keeps the context
/// active, and the key keeps working under the new name.
#[tokio::test(flavor = "multi_thread")]
async fn rename_moves_the_stored_key_and_login() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    seed(&sandbox, &api.url());

    let out = run(&sandbox, &["context", "rename", "old", "ci"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already a context `ci`"));

    let out = run(&sandbox, &["context", "rename", "old", "new", "--json"]);
    let renamed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        renamed,
        json!({ "renamed": { "from": "old", "to": "new" }, "moved": ["api-key", "oauth"], "active": true })
    );
    let config = file(&sandbox, "config.toml").unwrap();
    assert!(config.contains("active_context = \"new\""), "{config}");
    assert!(config.contains("[contexts.new.api_key]"), "{config}");
    assert!(!config.contains("contexts.old"), "{config}");
    let secrets = file(&sandbox, "credentials.toml").unwrap();
    assert!(secrets.contains("\"api-key:new\""), "{secrets}");
    assert!(secrets.contains(OAUTH_ACCOUNT_NEW), "{secrets}");
    assert!(!secrets.contains(":old"), "{secrets}");

    // The stored key is found under its new name (and the default org saves the lookup).
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/services"),
        None,
        json!([]),
    )
    .await;
    let mut list = sandbox.cloud();
    list.args(["service", "list", "--json"]);
    success(&api.run_with(list).await);
    api.verify().await;

    let out = run(&sandbox, &["context", "rename", "gone", "other"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn delete_needs_yes_without_a_terminal_and_removes_every_secret() {
    let sandbox = Sandbox::new();
    seed(&sandbox, "http://127.0.0.1:9");
    let config = file(&sandbox, "config.toml").unwrap();
    let secrets = file(&sandbox, "credentials.toml").unwrap();

    let out = run(&sandbox, &["context", "delete", "old", "--json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "confirmation_required");
    assert_eq!(file(&sandbox, "config.toml").unwrap(), config);
    assert_eq!(file(&sandbox, "credentials.toml").unwrap(), secrets);

    let out = run(&sandbox, &["context", "delete", "nope", "--yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    let out = run(&sandbox, &["context", "delete", "old", "--yes", "--json"]);
    let deleted: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        deleted,
        json!({ "deleted": "old", "removed": ["api-key", "oauth"], "active": "default" })
    );
    let config = file(&sandbox, "config.toml").unwrap();
    assert!(!config.contains("old"), "{config}");
    assert!(config.contains("[contexts.ci]"), "{config}");
    // Its last secrets gone, the credentials file goes too.
    assert_eq!(file(&sandbox, "credentials.toml"), None);
    let shown: Value =
        serde_json::from_str(&success(&run(&sandbox, &["context", "show", "--json"]))).unwrap();
    assert_eq!(shown["name"], "default");
    assert_eq!(shown["activeBecause"], "default");
}

#[test]
fn delete_asks_on_a_terminal() {
    if !have_script() {
        return;
    }
    use std::io::Write;
    for (answer, code, kept) in [("n\n", 3, true), ("y\n", 0, false)] {
        let sandbox = Sandbox::new();
        seed(&sandbox, "http://127.0.0.1:9");
        let mut child = sandbox
            .on_terminal("context delete old")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1000));
        let _ = stdin.write_all(answer.as_bytes());
        let _ = stdin.flush();
        let out = child.wait_with_output().unwrap();
        drop(stdin);
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(code), "{shown}");
        assert!(shown.contains("Delete context `old`"), "{shown}");
        assert!(shown.contains(KEY_ID), "{shown}");
        assert!(shown.contains("[y/N]"), "{shown}");
        let config = file(&sandbox, "config.toml").unwrap();
        assert_eq!(config.contains("contexts.old"), kept, "{config}");
        assert_eq!(file(&sandbox, "credentials.toml").is_some(), kept);
    }
}

/// `auth status` names the context in use and why, in both forms.
#[test]
fn auth_status_shows_the_context_and_why() {
    let sandbox = Sandbox::new();
    success(&run(
        &sandbox,
        &["config", "set", "timeout", "5s", "--context", "ci"],
    ));
    for (env, args, context, because, said) in [
        (
            None,
            &[][..],
            "default",
            "default",
            "no --context, CLOUD_CONTEXT",
        ),
        (
            Some("ci"),
            &[],
            "ci",
            "environment",
            "CLOUD_CONTEXT selects it",
        ),
        (
            None,
            &["--context", "ci"],
            "ci",
            "flag",
            "--context selects it",
        ),
    ] {
        let status = |json: bool| {
            let mut command = sandbox.cloud();
            command.env("CLOUD_ACCESS_TOKEN", "token-for-status");
            if let Some(env) = env {
                command.env("CLOUD_CONTEXT", env);
            }
            command.args(["auth", "status"]).args(args);
            if json {
                command.arg("--json");
            }
            command.output().unwrap()
        };
        let out = status(true);
        let shown: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(shown["context"], context);
        assert_eq!(shown["contextSource"], because);
        let out = status(false);
        success(&out);
        let notice = stderr(&out);
        assert!(
            notice.contains(&format!("Context: {context} (active because")),
            "{notice}"
        );
        assert!(notice.contains(said), "{notice}");
    }
    success(&run(&sandbox, &["context", "use", "ci"]));
    let out = sandbox
        .cloud()
        .env("CLOUD_ACCESS_TOKEN", "token-for-status")
        .args(["auth", "status", "--json"])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(shown["contextSource"], "config");
}

/// Each leaf of the two nouns has examples in its help.
#[test]
fn every_leaf_has_examples() {
    for leaf in [
        "context list",
        "context use",
        "context show",
        "context rename",
        "context delete",
        "config list",
        "config get",
        "config set",
        "config unset",
    ] {
        let words: Vec<&str> = leaf.split(' ').collect();
        let out = cloud().args(&words).arg("--help").output().unwrap();
        let text = success(&out);
        assert!(text.contains("Examples:\n  cloud "), "{leaf}: {text}");
    }
}

/// A refresh of the old context's login in progress (its lock held) holds the rename back:
/// the rotated tokens it is about to save would otherwise be lost.
#[test]
fn rename_waits_for_a_refresh_of_the_old_context() {
    let sandbox = Sandbox::new();
    seed(&sandbox, "http://127.0.0.1:9");
    let config = file(&sandbox, "config.toml").unwrap();
    let lock =
        std::fs::File::create(sandbox.config_dir.path().join("oauth-refresh-old.lock")).unwrap();
    lock.lock().unwrap();
    let out = sandbox
        .cloud()
        .env("CLOUD_LOCK_WAIT", "0.3")
        .args(["context", "rename", "old", "new", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "state_locked");
    assert_eq!(file(&sandbox, "config.toml").unwrap(), config);
    lock.unlock().unwrap();
    success(&run(&sandbox, &["context", "rename", "old", "new"]));
}

/// A context named by `--context` or `CLOUD_CONTEXT` that does not exist stops an API
/// command before any request: a typo must not run with none of the context's settings
/// under whatever key the environment holds. `default` needs no entry, and `auth login`
/// still creates a context by naming it.
#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_context_stops_an_api_command_before_any_request() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    seed(&sandbox, &api.url());
    for named in [
        vec![
            "--context",
            "olld",
            "service",
            "list",
            "--org-id",
            ORG,
            "--json",
        ],
        vec!["service", "list", "--org-id", ORG, "--json"],
    ] {
        let mut command = sandbox.cloud();
        command
            .env("CLOUD_API_URL", api.url())
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .env("CLOUD_CONTEXT", "olld")
            .args(&named);
        let out = api.run_with(command).await;
        assert_eq!(out.status.code(), Some(2), "{named:?}: {}", stderr(&out));
        let error: Value = serde_json::from_slice(&out.stderr).unwrap();
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains("`olld`"), "{message}");
        assert!(message.contains("there are: ci, old"), "{message}");
        assert!(message.contains("cloud context list"), "{message}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
    // `default` is always there, with or without an entry.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!([]))))
        .mount(&api.server)
        .await;
    let out = api
        .run(
            &sandbox,
            &[
                "--context",
                "default",
                "service",
                "list",
                "--org-id",
                ORG,
                "--json",
            ],
        )
        .await;
    assert_eq!(success(&out), "[]\n");
}
