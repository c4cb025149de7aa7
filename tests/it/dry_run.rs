//! `--dry-run`: every write command prints the request it would send and sends nothing
//! that changes anything. Reads a command makes first (a state check) may still go out.

use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::classification::all_write_invocations;
use crate::support::*;

/// Answers any GET with an object that satisfies the reads write commands make first
/// (`service delete --force` reads the state, `backup restore` the service's provider and
/// region), and any other method with a 500, so a
/// request that slipped through would also show in the exit code.
pub(crate) async fn server() -> Api {
    let api = Api::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({
            "id": SERVICE,
            "name": "x",
            "state": "running",
            // `backup restore` creates in the backed-up service's place.
            "provider": "aws",
            "region": "us-east-1"
        }))))
        .mount(&api.server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500).set_body_json(error_envelope(500, "sent!")))
        .with_priority(10)
        .mount(&api.server)
        .await;
    api
}

fn with<'a>(argv: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    argv.iter().chain(extra).copied().collect()
}

fn mutating(seen: &[String]) -> Vec<&String> {
    seen.iter().filter(|r| !r.starts_with("GET ")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_write_command_prints_its_request_and_sends_nothing_mutating() {
    let api = server().await;
    for argv in all_write_invocations() {
        // For people: the method and URL on the first line of stdout, then the body.
        let out = api.run(&Sandbox::new(), &with(argv, &["--dry-run"])).await;
        let text = success(&out);
        let first = text.lines().next().unwrap_or_default();
        let (verb, url) = first
            .split_once(' ')
            .unwrap_or_else(|| panic!("{argv:?}: {text}"));
        assert!(
            ["POST", "PUT", "PATCH", "DELETE"].contains(&verb),
            "{argv:?}: {text}"
        );
        // `service sql` sends to the Query API (the mock plays its host too).
        let expected = if argv.starts_with(&["service", "sql"]) {
            format!("{}/service/{SERVICE}/run?", api.url())
        } else {
            format!("{}/v1/organizations/", api.url())
        };
        assert!(url.starts_with(&expected), "{argv:?}: {text}");
        assert!(stderr(&out).contains("Dry run"), "{argv:?}");

        // For programs: one object.
        let out = api
            .run(&Sandbox::new(), &with(argv, &["--dry-run", "--json"]))
            .await;
        let plan: Value = serde_json::from_str(&success(&out))
            .unwrap_or_else(|e| panic!("{argv:?}: {e}: {}", stdout(&out)));
        assert_eq!(plan["dry_run"], true, "{argv:?}");
        assert_eq!(plan["method"], verb, "{argv:?}");
        assert_eq!(plan["url"], url, "{argv:?}");
        let mut keys: Vec<&String> = plan.as_object().unwrap().keys().collect();
        keys.sort();
        // An archive upload is three writes: the upload session (no body), then the rest.
        let uploads = url.ends_with("/udfUploads/url");
        if uploads {
            assert_eq!(
                keys,
                ["body", "dry_run", "method", "then", "url"],
                "{argv:?}"
            );
            assert_eq!(plan["then"].as_array().map(Vec::len), Some(2), "{argv:?}");
        } else {
            assert_eq!(keys, ["body", "dry_run", "method", "url"], "{argv:?}");
        }
        match verb {
            "DELETE" => assert_eq!(plan["body"], Value::Null, "{argv:?}"),
            _ if uploads => assert_eq!(plan["body"], Value::Null, "{argv:?}"),
            _ => {
                assert!(plan["body"].is_object(), "{argv:?}: {plan}");
                let body = serde_json::to_string_pretty(&plan["body"]).unwrap();
                assert!(text.contains(&body), "{argv:?}: the body is shown: {text}");
            }
        }
    }
    let seen = api.seen().await;
    assert_eq!(mutating(&seen), Vec::<&String>::new(), "{seen:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_is_exact() {
    let api = server().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "stop",
                SERVICE,
                "--org-id",
                ORG,
                "--dry-run",
                "--json",
            ],
        )
        .await;
    let plan: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        plan,
        json!({
            "dry_run": true,
            "method": "PATCH",
            "url": format!("{}/v1/organizations/{ORG}/services/{SERVICE}/state", api.url()),
            "body": { "command": "stop" }
        })
    );
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "api",
                "POST",
                &format!("organizations/{ORG}/services"),
                "-F",
                "name=x",
                "-F",
                "minReplicas=2",
                "--dry-run",
            ],
        )
        .await;
    assert_eq!(
        success(&out),
        format!(
            "POST {}/v1/organizations/{ORG}/services\n{{\n  \"name\": \"x\",\n  \"minReplicas\": 2\n}}\n",
            api.url()
        )
    );
    assert_eq!(mutating(&api.seen().await), Vec::<&String>::new());
}

/// Fields named like secrets, and the secret of the credential in use, never print.
#[tokio::test(flavor = "multi_thread")]
async fn secrets_in_the_plan_are_redacted() {
    let api = server().await;
    let hash = "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMDA=";
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "key",
                "create",
                "--org-id",
                ORG,
                "--name",
                "ci",
                "--hash-key-id",
                hash,
                "--hash-key-id-suffix",
                "abcd",
                "--hash-key-secret",
                "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MDA=",
                "--dry-run",
                "--json",
            ],
        )
        .await;
    let plan: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        plan["body"]["hashData"],
        json!({ "keyIdHash": hash, "keyIdSuffix": "abcd", "keySecretHash": "[redacted]" })
    );
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "api",
                "PATCH",
                &format!("organizations/{ORG}/services/{SERVICE}/password"),
                "-F",
                "newPasswordHash=aGFzaGhhc2g=",
                "-F",
                "client[secret]=plain",
                "-F",
                &format!("note=uses {KEY_SECRET}"),
                "--dry-run",
                "--json",
            ],
        )
        .await;
    let text = success(&out);
    assert!(!text.contains(KEY_SECRET), "{text}");
    let plan: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        plan["body"],
        json!({
            "newPasswordHash": "[redacted]",
            "client": { "secret": "[redacted]" },
            "note": "uses [redacted]"
        })
    );
    assert_eq!(mutating(&api.seen().await), Vec::<&String>::new());
}

/// The capability gate applies first: a dry run shows what *this* credential would send,
/// and an OAuth token may send no write.
#[tokio::test(flavor = "multi_thread")]
async fn the_gate_still_applies_under_dry_run() {
    let api = server().await;
    for argv in all_write_invocations() {
        let mut command = Sandbox::new().cloud();
        command
            .env("CLOUD_ACCESS_TOKEN", "read-only-token")
            .args(argv)
            .arg("--dry-run");
        let out = api.run_with(command).await;
        assert_eq!(out.status.code(), Some(4), "{argv:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{argv:?}");
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// A read command has nothing to dry-run: exit 2, nothing sent.
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_on_a_read_command_is_a_usage_error() {
    let api = server().await;
    let cases: &[&[&str]] = &[
        &["service", "list", "--org-id", ORG],
        &["org", "get", ORG],
        &["api", "GET", "/v1/organizations"],
        &["api", "HEAD", "/v1/organizations"],
        &["auth", "status"],
        &["commands"],
    ];
    for argv in cases {
        let out = api.run(&Sandbox::new(), &with(argv, &["--dry-run"])).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("only reads"), "{}", stderr(&out));
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// `service delete --force` reads the state (a GET, sent) and never waits under a dry run:
/// a running service shows the stop it would send first, a stopping one the delete.
#[tokio::test(flavor = "multi_thread")]
async fn a_forced_delete_shows_its_first_change_without_waiting() {
    for (state, verb, tail) in [("running", "PATCH", "/state"), ("stopping", "DELETE", "")] {
        let api = Api::start().await;
        api.expect(
            "GET",
            &format!("/v1/organizations/{ORG}/services/{SERVICE}"),
            None,
            json!({ "id": SERVICE, "state": state }),
        )
        .await;
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "service",
                    "delete",
                    SERVICE,
                    "--org-id",
                    ORG,
                    "--force",
                    "--dry-run",
                ],
            )
            .await;
        let text = success(&out);
        assert!(
            text.starts_with(&format!(
                "{verb} {}/v1/organizations/{ORG}/services/{SERVICE}{tail}\n",
                api.url()
            )),
            "{state}: {text}"
        );
        assert!(
            stderr(&out).contains("would stop it if needed"),
            "{}",
            stderr(&out)
        );
        api.verify().await;
    }
}
