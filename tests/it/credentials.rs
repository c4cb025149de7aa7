//! Credential resolution, login, logout and status, through the real binary.

use serde_json::{Value, json};

use crate::support::*;

const SECRET_B: &str = "stored-secret-value";

#[tokio::test(flavor = "multi_thread")]
async fn debug_names_source_and_url_but_never_the_secret() {
    let api = Api::start().await;
    api.expect("GET", "/v1/organizations", None, json!([]))
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list", "--debug"]).await;
    success(&out);
    let log = stderr(&out);
    assert!(
        log.contains("CLICKHOUSE_CLOUD_API_KEY/CLICKHOUSE_CLOUD_API_SECRET environment variables"),
        "{log}"
    );
    assert!(log.contains(&format!("API URL: {}", api.url())), "{log}");
    assert!(log.contains(KEY_ID), "the key id is public: {log}");
    assert!(!log.contains(KEY_SECRET), "the secret leaked: {log}");
    assert!(
        !log.contains("dGVzdC1rZXktaWQ6"),
        "the Basic header leaked: {log}"
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_credential_exits_4_with_the_fix() {
    let out = cloud().args(["org", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let message = stderr(&out);
    assert!(message.contains("not logged in"), "{message}");
    assert!(message.contains("cloud auth login --api-key"), "{message}");
    assert!(message.contains("CLICKHOUSE_CLOUD_API_KEY"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn half_set_environment_names_the_missing_variable() {
    let out = cloud()
        .env("CLICKHOUSE_CLOUD_API_SECRET", "s")
        .args(["org", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out)
            .contains("CLICKHOUSE_CLOUD_API_SECRET is set but CLICKHOUSE_CLOUD_API_KEY is not"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_on_the_command_line_is_warned_about() {
    let api = Api::start().await;
    api.expect("GET", "/v1/organizations", None, json!([]))
        .await;
    let mut command = Sandbox::new().cloud();
    command.args([
        "org",
        "list",
        "--api-key",
        KEY_ID,
        "--api-secret",
        KEY_SECRET,
    ]);
    let out = api.run_with(command).await;
    success(&out);
    assert!(stderr(&out).contains("warning: --api-secret puts the secret where other processes"));
    assert!(!stderr(&out).contains(KEY_SECRET));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_organizations_require_org_id_and_list_them() {
    let api = Api::start().await;
    api.expect(
        "GET",
        "/v1/organizations",
        None,
        json!([{ "id": ORG, "name": "Acme" }, { "id": SERVICE, "name": "Globex" }]),
    )
    .await;
    let out = api.run(&Sandbox::new(), &["service", "list"]).await;
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("--org-id is required"), "{message}");
    assert!(message.contains(&format!("{ORG}  Acme")), "{message}");
    assert!(message.contains(&format!("{SERVICE}  Globex")), "{message}");
    api.verify().await;
}

/// Login verifies the key with one read, stores the secret 0600 (file store in tests),
/// and later commands use it; logout removes it.
#[tokio::test(flavor = "multi_thread")]
async fn login_stores_a_verified_key_that_later_commands_use() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let stored_auth = wiremock::matchers::header(
        "authorization",
        "Basic c3RvcmVkLWtleTpzdG9yZWQtc2VjcmV0LXZhbHVl", // stored-key:stored-secret-value
    );
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/organizations"))
        .and(stored_auth)
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(envelope(json!([{ "id": ORG, "name": "Acme" }]))),
        )
        // The login's check, `org list`, and `auth status` learning the key's role.
        .expect(3)
        .mount(&api.server)
        .await;

    let mut login = sandbox.cloud();
    login
        .args([
            "auth",
            "login",
            "--api-key",
            "stored-key",
            "--api-secret-stdin",
        ])
        .write_stdin(format!("{SECRET_B}\n"));
    let out = api.run_with(login).await;
    success(&out);
    assert!(stderr(&out).contains("Logged in to"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("CLOUD_CREDENTIAL_STORE=file"),
        "{}",
        stderr(&out)
    );

    let config = std::fs::read_to_string(sandbox.config_dir.path().join("config.toml")).unwrap();
    assert!(config.contains("stored-key"));
    assert!(
        !config.contains(SECRET_B),
        "config.toml must not hold the secret"
    );
    let secrets = sandbox.config_dir.path().join("credentials.toml");
    assert!(
        std::fs::read_to_string(&secrets)
            .unwrap()
            .contains(SECRET_B)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // The stored key is used by the next command (the API URL is remembered too).
    let mut list = sandbox.cloud();
    list.args(["org", "list", "--debug"]);
    let out = api.run_with(list).await;
    success(&out);
    assert!(
        stderr(&out).contains("API key stored for context `default` (file)"),
        "{}",
        stderr(&out)
    );

    let out = sandbox
        .cloud()
        .args(["auth", "status", "--json"])
        .output()
        .unwrap();
    let status: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(status["active"], "stored-api-key");
    assert_eq!(status["apiUrl"], api.url());

    let out = sandbox.cloud().args(["auth", "logout"]).output().unwrap();
    success(&out);
    // The file goes once its last secret does.
    assert!(
        !std::fs::read_to_string(&secrets)
            .unwrap_or_default()
            .contains(SECRET_B)
    );
    let out = sandbox.cloud().args(["org", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "logged out: {}", stderr(&out));
    api.server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn login_with_a_refused_key_stores_nothing() {
    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/organizations"))
        .respond_with(
            wiremock::ResponseTemplate::new(401)
                .set_body_json(error_envelope(401, "Invalid credentials")),
        )
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = Sandbox::new();
    let mut login = sandbox.cloud();
    login
        .args(["auth", "login", "--api-key", "bad", "--api-secret-stdin"])
        .write_stdin("wrong\n");
    let out = api.run_with(login).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("nothing was stored"),
        "{}",
        stderr(&out)
    );
    assert!(!sandbox.config_dir.path().join("credentials.toml").exists());
    assert!(!sandbox.config_dir.path().join("config.toml").exists());
}

/// A key verified against one API is never sent to another.
#[tokio::test(flavor = "multi_thread")]
async fn stored_key_is_not_sent_to_a_different_api_url() {
    let first = Api::start().await;
    let second = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(envelope(json!([]))))
        .mount(&first.server)
        .await;
    let sandbox = Sandbox::new();
    let mut login = sandbox.cloud();
    login
        .args(["auth", "login", "--api-key", "k", "--api-secret-stdin"])
        .write_stdin("s\n");
    success(&first.run_with(login).await);

    let mut elsewhere = sandbox.cloud();
    elsewhere.args(["org", "list"]);
    let out = second.run_with(elsewhere).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(second.seen().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn status_lists_every_source_in_order() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .cloud()
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .env("CLOUD_ACCESS_TOKEN", "token")
        .env("CLOUD_API_URL", "https://api.example.test")
        .args(["auth", "status"])
        .output()
        .unwrap();
    let table = success(&out);
    insta::assert_snapshot!(table);
    assert!(!table.contains(KEY_SECRET) && !table.contains("token "));

    let out = sandbox
        .cloud()
        .env("CLOUD_ACCESS_TOKEN", "token")
        .args(["auth", "status", "--json", "--read-only"])
        .output()
        .unwrap();
    let status: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(status["active"], "access-token");
    assert_eq!(status["readOnlyClamp"], "--read-only");
    let sources: Vec<&str> = status["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "flags",
            "environment",
            "stored-api-key",
            "access-token",
            "oauth"
        ]
    );
}

#[test]
fn status_without_credentials_exits_4() {
    let out = cloud().args(["auth", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).contains("absent"));
}

/// When the key's role cannot be learnt (listing keys refused, or two keys ending in the
/// same four characters), nothing is decided locally: the write is sent and the API
/// decides; `auth status` says why the role is unknown.
#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_key_role_leaves_the_write_to_the_server() {
    let twins = json!([
        { "id": SERVICE, "keySuffix": "y-id", "state": "enabled", "roles": ["developer"] },
        { "id": ORG, "keySuffix": "y-id", "state": "enabled", "roles": ["developer"] }
    ]);
    let cases = [
        (
            wiremock::ResponseTemplate::new(403).set_body_json(error_envelope(403, "Forbidden")),
            "refused (HTTP 403)",
        ),
        (
            wiremock::ResponseTemplate::new(200).set_body_json(envelope(twins)),
            "ambiguous",
        ),
    ];
    for (keys_reply, why) in cases {
        let api = Api::start().await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path("/v1/organizations"))
            .respond_with(
                wiremock::ResponseTemplate::new(200)
                    .set_body_json(envelope(json!([{ "id": ORG, "name": "Acme" }]))),
            )
            .mount(&api.server)
            .await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path(format!(
                "/v1/organizations/{ORG}/keys"
            )))
            .respond_with(keys_reply)
            .mount(&api.server)
            .await;
        wiremock::Mock::given(wiremock::matchers::method("PATCH"))
            .and(wiremock::matchers::path(format!("/v1/organizations/{ORG}")))
            .respond_with(
                wiremock::ResponseTemplate::new(200)
                    .set_body_json(envelope(json!({ "id": ORG, "name": "New" }))),
            )
            .expect(1)
            .mount(&api.server)
            .await;
        let sandbox = Sandbox::new();
        let with_key = |args: &[&str]| {
            let mut command = sandbox.cloud();
            command
                .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
                .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
                .args(args);
            command
        };
        let out = api
            .run_with(with_key(&["org", "update", ORG, "--name", "New"]))
            .await;
        success(&out);
        assert_eq!(
            api.seen().await,
            [
                "GET /v1/organizations".to_owned(),
                format!("GET /v1/organizations/{ORG}/keys"),
                format!("PATCH /v1/organizations/{ORG}"),
            ]
        );

        let out = api.run_with(with_key(&["auth", "status", "--json"])).await;
        let status: Value = serde_json::from_str(&success(&out)).unwrap();
        let row = &status["sources"][1];
        assert!(row["roleUnknown"].as_str().unwrap().contains(why), "{row}");
        assert_eq!(row["access"], "read/write", "{row}");
        assert!(row.get("role").is_none(), "{row}");
        api.server.verify().await;
    }
}
