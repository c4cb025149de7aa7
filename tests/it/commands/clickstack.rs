//! `cloud clickstack <kind> …`: the same five verbs over six kinds, so the tests run over a
//! table of the kinds: each one's exact requests, bodies from --file, and local refusals.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

/// The command words of the kinds, with their path segments.
pub const WORDS: [&str; 6] = [
    "dashboard",
    "alert",
    "source",
    "webhook",
    "role",
    "saved-search",
];

fn segment(word: &str) -> &'static str {
    match word {
        "dashboard" => "dashboards",
        "alert" => "alerts",
        "source" => "sources",
        "webhook" => "webhooks",
        "role" => "roles",
        "saved-search" => "saved-searches",
        other => panic!("no kind {other}"),
    }
}

/// A valid body of the kind, as a file path (tests/it/fixtures/clickstack/).
pub fn fixture(word: &str) -> String {
    format!(
        "{}/tests/it/fixtures/clickstack/{word}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn fixture_json(word: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(word)).unwrap()).unwrap()
}

fn base(word: &str) -> String {
    format!(
        "/v1/organizations/{ORG}/services/{SERVICE}/clickstack/{}",
        segment(word)
    )
}

const ID: &str = "65f5e4a3b9e77c001a567890";

fn stored(word: &str) -> Value {
    let mut object = fixture_json(word);
    object["id"] = json!(ID);
    object
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table_of_ids_and_names() {
    for word in WORDS {
        let api = Api::start().await;
        api.expect("GET", &base(word), None, json!([stored(word)]))
            .await;
        let out = api
            .run(
                &Sandbox::new(),
                &["clickstack", word, "list", SERVICE, "--org-id", ORG],
            )
            .await;
        let text = success(&out);
        assert!(text.starts_with("ID "), "{word}: {text}");
        assert!(text.contains(ID), "{word}: {text}");
        let name = fixture_json(word)["name"].as_str().unwrap().to_owned();
        assert!(text.contains(&name), "{word}: {text}");
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn get_prints_the_object_as_sent_under_json() {
    for word in WORDS {
        let api = Api::start().await;
        let object = stored(word);
        if word == "webhook" {
            // No GET of one webhook in the API: the list, then the one with the ID.
            let other = json!({ "id": "other", "name": "Other" });
            api.expect("GET", &base(word), None, json!([other, object]))
                .await;
        } else {
            api.expect("GET", &format!("{}/{ID}", base(word)), None, object.clone())
                .await;
        }
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickstack",
                    word,
                    "get",
                    SERVICE,
                    ID,
                    "--org-id",
                    ORG,
                    "--json",
                ],
            )
            .await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(printed, object, "{word}");
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_webhook_missing_from_the_list_is_not_found() {
    let api = Api::start().await;
    api.expect("GET", &base("webhook"), None, json!([])).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["clickstack", "webhook", "get", SERVICE, ID, "--org-id", ORG],
        )
        .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("clickstack webhook list"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_and_update_send_the_file_exactly() {
    for word in WORDS {
        let api = Api::start().await;
        let body = fixture_json(word);
        api.expect("POST", &base(word), Some(body.clone()), stored(word))
            .await;
        api.expect(
            "PUT",
            &format!("{}/{ID}", base(word)),
            Some(body.clone()),
            stored(word),
        )
        .await;
        let file = fixture(word);
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickstack",
                    word,
                    "create",
                    SERVICE,
                    "--org-id",
                    ORG,
                    "--file",
                    &file,
                ],
            )
            .await;
        assert!(success(&out).contains(ID), "{word}");
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickstack",
                    word,
                    "update",
                    SERVICE,
                    ID,
                    "--org-id",
                    ORG,
                    "--file",
                    &file,
                    "--json",
                ],
            )
            .await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(printed, stored(word), "{word}");
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_body_can_come_from_stdin() {
    let api = Api::start().await;
    let body = fixture_json("role");
    api.expect("POST", &base("role"), Some(body.clone()), stored("role"))
        .await;
    let sandbox = Sandbox::new();
    cache_admin_role(&sandbox, &api.url());
    let mut command = sandbox.cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args([
            "clickstack",
            "role",
            "create",
            SERVICE,
            "--org-id",
            ORG,
            "--file",
            "-",
        ])
        .write_stdin(body.to_string());
    let out = api.run_with(command).await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_sends_one_delete() {
    for word in WORDS {
        let api = Api::start().await;
        Mock::given(method("DELETE"))
            .and(path(format!("{}/{ID}", base(word))))
            .and(basic_auth_header())
            .respond_with(ResponseTemplate::new(200).set_body_json(envelope(Value::Null)))
            .expect(1)
            .mount(&api.server)
            .await;
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickstack",
                    word,
                    "delete",
                    SERVICE,
                    ID,
                    "--org-id",
                    ORG,
                    "--yes",
                    "--json",
                ],
            )
            .await;
        let printed: Value = serde_json::from_str(&success(&out)).unwrap();
        assert_eq!(printed, json!({ "id": ID, "deleted": true }), "{word}");
        assert_eq!(api.seen().await.len(), 1, "{word}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_posts_the_dashboard_and_shows_the_verdict() {
    let api = Api::start().await;
    let body = fixture_json("dashboard");
    api.expect(
        "POST",
        &format!("{}/validate", base("dashboard")),
        Some(body.clone()),
        json!({ "valid": false, "errors": ["tiles[0]: bad"], "normalized": body }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickstack",
                "dashboard",
                "validate",
                SERVICE,
                "--org-id",
                ORG,
                "--file",
                &fixture("dashboard"),
            ],
        )
        .await;
    let text = success(&out);
    assert!(text.contains("Valid:") && text.contains("no"), "{text}");
    assert!(text.contains("tiles[0]: bad"), "{text}");
    api.verify().await;
}

/// Bodies that are not JSON objects with the spec's required fields are refused before
/// anything is sent.
#[tokio::test(flavor = "multi_thread")]
async fn bad_bodies_are_refused_before_sending() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        file.to_str().unwrap().to_owned()
    };
    let cases = [
        ("dashboard", write("a.json", "not json"), "not valid JSON"),
        ("dashboard", write("b.json", "[1]"), "JSON object"),
        ("dashboard", write("c.json", r#"{"name":"x"}"#), "\"tiles\""),
        (
            "webhook",
            write("d.json", r#"{"name":"x","service":"generic"}"#),
            "\"url\"",
        ),
        (
            "saved-search",
            write("e.json", r#"{"name":"x"}"#),
            "\"sourceId\"",
        ),
        (
            "role",
            dir.path().join("missing.json").to_str().unwrap().to_owned(),
            "could not read",
        ),
    ];
    let api = Api::start().await;
    for (word, file, says) in &cases {
        let out = api
            .run(
                &Sandbox::new(),
                &[
                    "clickstack",
                    word,
                    "create",
                    SERVICE,
                    "--org-id",
                    ORG,
                    "--file",
                    file,
                ],
            )
            .await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{word} {file}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(says), "{word}: {}", stderr(&out));
    }
    // The update of a role needs only `permissions`.
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickstack",
                "role",
                "update",
                SERVICE,
                ID,
                "--org-id",
                ORG,
                "--file",
                &write("f.json", r#"{"name":"x"}"#),
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"permissions\""), "{}", stderr(&out));
    assert_eq!(api.seen().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_name_is_looked_up() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/services"),
        None,
        json!([{ "id": SERVICE, "name": "prod" }]),
    )
    .await;
    api.expect("GET", &base("alert"), None, json!([])).await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickstack",
                "alert",
                "list",
                "prod",
                "--org-id",
                ORG,
                "--json",
            ],
        )
        .await;
    assert_eq!(success(&out).trim(), "[]");
    api.verify().await;
}

/// Without a terminal a delete needs --yes, and is refused before any request otherwise.
#[tokio::test(flavor = "multi_thread")]
async fn delete_without_yes_is_refused_without_a_terminal() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "clickstack",
                "source",
                "delete",
                SERVICE,
                ID,
                "--org-id",
                ORG,
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// The emulator keeps ClickStack objects per service. (Every kind and verb runs against it
/// in `e2e::every_leaf_command_succeeds_with_an_admin_key`; OAuth writes are refused before
/// any request in `oauth::every_write_under_oauth_exits_4_and_sends_nothing_mutating`.)
#[test]
fn the_emulator_keeps_objects_per_service() {
    let emulator = crate::support::emulator::Emulator::start();
    let admin = emulator.admin_key();
    let run = |args: &[&str]| {
        Sandbox::new()
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .env("CLICKHOUSE_CLOUD_API_KEY", &admin.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &admin.secret)
            .args(args)
            .output()
            .unwrap()
    };
    let svc = crate::support::emulator::DEMO_SERVICE_ID;
    let created: Value = serde_json::from_str(&success(&run(&[
        "clickstack",
        "role",
        "create",
        svc,
        "--file",
        &fixture("role"),
        "--json",
    ])))
    .unwrap();
    assert!(created["id"].is_string(), "{created}");
    let other = crate::support::emulator::DEMO_EXTRA_SERVICE_IDS[0];
    let listed = success(&run(&["clickstack", "role", "list", other, "--json"]));
    assert_eq!(listed.trim(), "[]", "another service has its own");
    let listed: Value = serde_json::from_str(&success(&run(&[
        "clickstack",
        "role",
        "list",
        svc,
        "--json",
    ])))
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
}
