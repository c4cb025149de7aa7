//! Destructive commands ask for confirmation on a terminal, need `--yes` without one, and
//! send nothing mutating when declined (exit 3) or refused (exit 2).

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const ID: &str = "3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f";

/// One destructive command: its argv (without `--yes`), the GET that names the resource
/// and what it answers, and the mutating request.
#[derive(Clone)]
struct Case {
    argv: Vec<String>,
    get: String,
    name: &'static str,
    found: Value,
    verb: &'static str,
    target: String,
}

fn cases() -> Vec<Case> {
    let org = format!("/v1/organizations/{ORG}");
    let service = format!("{org}/services/{SERVICE}");
    let argv = |words: &[&str]| -> Vec<String> {
        words
            .iter()
            .copied()
            .chain(["--org-id", ORG])
            .map(str::to_owned)
            .collect()
    };
    vec![
        Case {
            argv: argv(&["service", "delete", SERVICE]),
            get: service.clone(),
            name: "analytics",
            found: json!({ "id": SERVICE, "name": "analytics", "state": "stopped" }),
            verb: "DELETE",
            target: service.clone(),
        },
        Case {
            argv: argv(&["service", "reset-password", SERVICE]),
            get: service.clone(),
            name: "analytics",
            found: json!({ "id": SERVICE, "name": "analytics" }),
            verb: "PATCH",
            target: format!("{service}/password"),
        },
        Case {
            argv: argv(&["service", "query-endpoint", "delete", SERVICE]),
            get: service.clone(),
            name: "analytics",
            found: json!({ "id": SERVICE, "name": "analytics" }),
            verb: "DELETE",
            target: format!("{service}/serviceQueryEndpoint"),
        },
        Case {
            argv: argv(&["key", "delete", ID]),
            get: format!("{org}/keys/{ID}"),
            name: "ci-deploy",
            found: json!({ "id": ID, "name": "ci-deploy" }),
            verb: "DELETE",
            target: format!("{org}/keys/{ID}"),
        },
        Case {
            argv: argv(&["member", "remove", ID]),
            get: format!("{org}/members/{ID}"),
            name: "ada@example.com",
            found: json!({ "userId": ID, "name": "Ada", "email": "ada@example.com" }),
            verb: "DELETE",
            target: format!("{org}/members/{ID}"),
        },
        Case {
            argv: argv(&["invitation", "delete", ID]),
            get: format!("{org}/invitations/{ID}"),
            name: "bob@example.com",
            found: json!({ "id": ID, "email": "bob@example.com" }),
            verb: "DELETE",
            target: format!("{org}/invitations/{ID}"),
        },
    ]
}

/// A server that answers the case's GET (or 404 when `found` is false) and its mutation.
async fn serve(case: &Case, found: bool) -> Api {
    let api = Api::start().await;
    let get = if found {
        ResponseTemplate::new(200).set_body_json(envelope(case.found.clone()))
    } else {
        ResponseTemplate::new(404).set_body_json(json!({ "status": 404, "error": "not found" }))
    };
    Mock::given(method("GET"))
        .and(path(case.get.as_str()))
        .respond_with(get)
        .mount(&api.server)
        .await;
    Mock::given(method(case.verb))
        .and(path(case.target.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({}))))
        .mount(&api.server)
        .await;
    api
}

fn mutations(seen: &[String]) -> Vec<&String> {
    seen.iter().filter(|r| !r.starts_with("GET ")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_destructive_commands_need_yes_and_send_nothing() {
    for case in cases() {
        let api = serve(&case, true).await;
        let argv: Vec<&str> = case.argv.iter().map(String::as_str).collect();
        let out = api.run(&Sandbox::new(), &argv).await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {err}");
        assert!(err.contains("--yes"), "{argv:?}: {err}");
        assert!(
            api.seen().await.is_empty(),
            "{argv:?}: {:?}",
            api.seen().await
        );

        // The same refusal as the JSON error object.
        let mut json = argv.clone();
        json.push("--json");
        let out = api.run(&Sandbox::new(), &json).await;
        assert_eq!(out.status.code(), Some(2), "{json:?}");
        let last = stderr(&out).lines().last().unwrap_or_default().to_owned();
        let object: Value = serde_json::from_str(&last).unwrap();
        assert_eq!(object["error"]["code"], "confirmation_required", "{last}");
        assert_eq!(object["error"]["exit_code"], 2, "{last}");
        assert!(
            object["error"]["hint"].as_str().unwrap().contains("--yes"),
            "{last}"
        );
        assert!(api.seen().await.is_empty(), "{json:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_yes_destructive_commands_send_at_once() {
    for flag in ["--yes", "-y"] {
        for case in cases() {
            let api = serve(&case, true).await;
            let mut argv: Vec<&str> = case.argv.iter().map(String::as_str).collect();
            argv.push(flag);
            let out = api.run(&Sandbox::new(), &argv).await;
            assert!(out.status.success(), "{argv:?}: {}", stderr(&out));
            // No lookup of the name: only the mutation.
            assert_eq!(
                api.seen().await,
                vec![format!("{} {}", case.verb, case.target)],
                "{argv:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_needs_no_confirmation() {
    for case in cases() {
        let api = serve(&case, true).await;
        let mut argv: Vec<&str> = case.argv.iter().map(String::as_str).collect();
        argv.push("--dry-run");
        let out = api.run(&Sandbox::new(), &argv).await;
        assert!(out.status.success(), "{argv:?}: {}", stderr(&out));
        assert!(mutations(&api.seen().await).is_empty(), "{argv:?}");
    }
}

/// Runs the case's command on a pseudo-terminal (`script`), typing `answer`.
fn on_terminal(
    api_url: &str,
    case: &Case,
    answer: &str,
    env: &[(&str, &str)],
) -> std::process::Output {
    use std::io::Write;
    let sandbox = Sandbox::new();
    cache_admin_role(&sandbox, api_url);
    let mut command = sandbox.on_terminal(&case.argv.join(" "));
    command
        .env("CLOUD_API_URL", api_url)
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Give the prompt time to appear, then answer; keep stdin open until cloud exits.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // A command that did not ask may be gone already: then nobody reads the answer.
    let _ = stdin.write_all(answer.as_bytes());
    let _ = stdin.flush();
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    output
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_terminal_declining_exits_3_and_sends_nothing() {
    if !have_script() {
        return;
    }
    for (case, answer) in
        cases()
            .into_iter()
            .zip(["n\n", "\n", "analytics\n", "no\n", "x\n", "N\n"])
    {
        let api = serve(&case, true).await;
        let url = api.url();
        let (case, out) = tokio::task::spawn_blocking(move || {
            let out = on_terminal(&url, &case, answer, &[]);
            (case, out)
        })
        .await
        .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(3), "{:?}: {shown}", case.argv);
        assert!(shown.contains(case.name), "{:?}: {shown}", case.argv);
        assert!(shown.contains("[y/N]"), "{shown}");
        assert!(shown.contains("cancelled"), "{shown}");
        let seen = api.seen().await;
        assert_eq!(seen, vec![format!("GET {}", case.get)], "{:?}", case.argv);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_terminal_answering_yes_sends_it() {
    if !have_script() {
        return;
    }
    for (case, found) in cases()
        .into_iter()
        .zip([true, false, true, false, true, true])
    {
        let api = serve(&case, found).await;
        let url = api.url();
        let (case, out) = tokio::task::spawn_blocking(move || {
            let out = on_terminal(&url, &case, "y\n", &[]);
            (case, out)
        })
        .await
        .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(0), "{:?}: {shown}", case.argv);
        // The name when the GET found it, else the id alone.
        let id = case.argv[case.argv.len() - 3].clone();
        assert!(shown.contains(&id), "{shown}");
        assert_eq!(shown.contains(case.name), found, "{shown}");
        let seen = api.seen().await;
        assert_eq!(
            mutations(&seen),
            vec![&format!("{} {}", case.verb, case.target)],
            "{:?}",
            case.argv
        );
    }
}

/// A terminal is not enough in CI or under an agent: nobody is asked, `--yes` is needed.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_terminal_in_ci_or_under_an_agent_yes_is_still_needed() {
    if !have_script() {
        return;
    }
    let case = cases().remove(0);
    for env in [("CI", "true"), ("CLOUD_AGENT_MODE", "1")] {
        let api = serve(&case, true).await;
        let url = api.url();
        let case = case.clone();
        let out = tokio::task::spawn_blocking(move || on_terminal(&url, &case, "y\n", &[env]))
            .await
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(2), "{env:?}: {shown}");
        assert!(shown.contains("--yes"), "{shown}");
        assert!(api.seen().await.is_empty(), "{env:?}");
    }
}
