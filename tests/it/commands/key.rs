use serde_json::json;

use crate::support::*;

const KEY: &str = "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b";
const ROLE: &str = "11111111-2222-4333-8444-555555555555";
const NEW_KEY_ID: &str = "AbCdEfGhIjKlMnOpQrSt";
const NEW_KEY_SECRET: &str = "4b1dS3cr3t+/xyz=";

fn key() -> serde_json::Value {
    json!({
        "id": KEY,
        "name": "ci",
        "state": "enabled",
        "roles": ["admin"],
        "assignedRoles": [{ "roleId": ROLE, "roleName": "Admin", "roleType": "system" }],
        "keySuffix": "QrSt",
        "createdAt": "2026-01-01T00:00:00Z",
        "expireAt": "2026-12-31T23:59:59Z",
        "usedAt": "2026-01-10T08:31:00Z",
        "ipAccessList": [{ "source": "203.0.113.0/24", "description": "" }]
    })
}

fn keys_path() -> String {
    format!("/v1/organizations/{ORG}/keys")
}

fn key_path() -> String {
    format!("/v1/organizations/{ORG}/keys/{KEY}")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &keys_path(),
        None,
        json!([
            key(),
            {
                "id": "7a6b5c4d-3e2f-4a1b-8c0d-9e8f7a6b5c4d", "name": "legacy",
                "state": "disabled", "roles": ["developer", "query_endpoints"],
                "keySuffix": "WxYz", "createdAt": "2025-01-01T00:00:00Z"
            }
        ]),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["key", "list", "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_one_key() {
    let api = Api::start().await;
    api.expect("GET", &key_path(), None, key()).await;
    let out = api
        .run(&Sandbox::new(), &["key", "get", KEY, "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_every_field_and_prints_the_secret() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &keys_path(),
        Some(json!({
            "name": "deploy",
            "assignedRoleIds": [ROLE],
            "expireAt": "2099-12-31T23:59:59Z",
            "state": "disabled",
            "ipAccessList": [{ "source": "203.0.113.0/24" }, { "source": "198.51.100.7" }]
        })),
        json!({ "key": key(), "keyId": NEW_KEY_ID, "keySecret": NEW_KEY_SECRET }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "key",
                "create",
                "--org-id",
                ORG,
                "--name",
                "deploy",
                "--role-id",
                ROLE,
                "--expires-at",
                "2099-12-31T23:59:59Z",
                "--state",
                "disabled",
                "--ip-allow",
                "203.0.113.0/24",
                "--ip-allow",
                "198.51.100.7",
            ],
        )
        .await;
    let stdout = success(&out);
    assert!(stdout.contains(NEW_KEY_ID), "{stdout}");
    assert!(stdout.contains(NEW_KEY_SECRET), "{stdout}");
    // stderr is a pipe here (a log, say): the secret stays in the result on stdout.
    let stderr = stderr(&out);
    assert!(stderr.contains("only this once"), "{stderr}");
    assert!(!stderr.contains(NEW_KEY_SECRET), "{stderr}");
    assert!(!stderr.contains("export "), "{stderr}");
    api.verify().await;
}

/// For a person at a terminal (stderr a TTY, not JSON mode) the `export` line is printed
/// too. `script` gives the command a pseudo-terminal; where it is missing, the test says
/// so and passes.
#[tokio::test(flavor = "multi_thread")]
async fn create_prints_the_export_line_only_on_a_terminal() {
    if !crate::support::have_script() {
        return;
    }
    let api = Api::start().await;
    let created = json!({ "key": key(), "keyId": NEW_KEY_ID, "keySecret": NEW_KEY_SECRET });
    api.server
        .register(
            wiremock::Mock::given(wiremock::matchers::method("POST"))
                .and(wiremock::matchers::path(keys_path()))
                .respond_with(
                    wiremock::ResponseTemplate::new(200).set_body_json(envelope(created)),
                ),
        )
        .await;
    let sandbox = Sandbox::new();
    let url = api.url();
    let on_terminal = move |extra: &str| {
        let mut command =
            sandbox.on_terminal(&format!("key create --org-id {ORG} --name ci {extra}"));
        command
            .env("CLOUD_API_URL", &url)
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .stdin(std::process::Stdio::null());
        command.output().unwrap()
    };
    let export = format!(
        "export CLICKHOUSE_CLOUD_API_KEY={NEW_KEY_ID} CLICKHOUSE_CLOUD_API_SECRET={NEW_KEY_SECRET}"
    );
    let (table, json) =
        tokio::task::spawn_blocking(move || (on_terminal(""), on_terminal("--json")))
            .await
            .unwrap();
    // stdout and stderr are the same terminal: the secret appears in the table and the hint.
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(table.contains(&export), "{table}");
    // In JSON mode only the result carries it, once.
    let json = String::from_utf8_lossy(&json.stdout).into_owned();
    assert!(!json.contains("export "), "{json}");
    assert_eq!(json.matches(NEW_KEY_SECRET).count(), 1, "{json}");
}

#[tokio::test(flavor = "multi_thread")]
async fn create_json_carries_the_secret() {
    let api = Api::start().await;
    let created = json!({ "key": key(), "keyId": NEW_KEY_ID, "keySecret": NEW_KEY_SECRET });
    api.expect(
        "POST",
        &keys_path(),
        Some(json!({ "name": "ci" })),
        created.clone(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["key", "create", "--org-id", ORG, "--name", "ci", "--json"],
        )
        .await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    // The key as `key get` prints it, with the one-time key ID and secret beside its fields.
    let mut expected = key();
    expected["keyId"] = json!(NEW_KEY_ID);
    expected["keySecret"] = json!(NEW_KEY_SECRET);
    assert_eq!(printed, expected);
    assert_eq!(
        serde_json::to_string(&printed).unwrap(),
        serde_json::to_string(&expected).unwrap(),
        "the key's fields first, in the API's order"
    );
    api.verify().await;
}

/// Create, get and update print one key the same way (create adds only `keyId` and
/// `keySecret`), so `--jq .id` or `--fields name,state` mean the same for all three.
#[tokio::test(flavor = "multi_thread")]
async fn create_get_and_update_print_the_same_shape() {
    let api = Api::start().await;
    let created = json!({ "key": key(), "keyId": NEW_KEY_ID, "keySecret": NEW_KEY_SECRET });
    api.expect("POST", &keys_path(), None, created).await;
    api.expect("GET", &format!("{}/{KEY}", keys_path()), None, key())
        .await;
    api.expect("PATCH", &format!("{}/{KEY}", keys_path()), None, key())
        .await;
    let sandbox = Sandbox::new();
    let json_of = |out: std::process::Output| -> serde_json::Value {
        serde_json::from_str(&success(&out)).unwrap()
    };
    let mut created = json_of(
        api.run(
            &sandbox,
            &["key", "create", "--org-id", ORG, "--name", "ci", "--json"],
        )
        .await,
    );
    let got = json_of(
        api.run(&sandbox, &["key", "get", KEY, "--org-id", ORG, "--json"])
            .await,
    );
    let updated = json_of(
        api.run(
            &sandbox,
            &[
                "key", "update", KEY, "--org-id", ORG, "--name", "cd", "--json",
            ],
        )
        .await,
    );
    let object = created.as_object_mut().unwrap();
    assert_eq!(object.remove("keyId"), Some(json!(NEW_KEY_ID)));
    assert_eq!(object.remove("keySecret"), Some(json!(NEW_KEY_SECRET)));
    assert_eq!(created, got);
    assert_eq!(updated, got);
    api.verify().await;
}

/// The one-time fields added to a created resource cannot clash with its own fields.
#[test]
fn one_time_fields_are_not_fields_of_the_resources() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/clickhouse-cloud-openapi.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let schemas = &spec["components"]["schemas"];
    for (resource, reply, extras) in [
        ("Service", "ServicePostResponse", &["password"][..]),
        ("ApiKey", "ApiKeyPostResponse", &["keyId", "keySecret"][..]),
    ] {
        let properties = schemas[resource]["properties"].as_object().unwrap();
        let reply = schemas[reply]["properties"].as_object().unwrap();
        for extra in extras {
            assert!(!properties.contains_key(*extra), "{resource} has {extra}");
            assert!(reply.contains_key(*extra), "the create reply lost {extra}");
        }
    }
}

/// base64(sha256("id")) and base64(sha256("secret")): real SHA-256 digests, as the flags take.
const ID_HASH: &str = "pWFFJwzms769HdAStzlIZ33WGNSWSIvGCKPLQ841R90=";
const SECRET_HASH: &str = "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=";

#[tokio::test(flavor = "multi_thread")]
async fn create_with_hashes_sends_hash_data() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &keys_path(),
        Some(json!({
            "name": "ci",
            "hashData": { "keyIdHash": ID_HASH, "keyIdSuffix": "QrSt", "keySecretHash": SECRET_HASH }
        })),
        json!({ "key": key() }),
    )
    .await;
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
                ID_HASH,
                "--hash-key-id-suffix",
                "QrSt",
                "--hash-key-secret",
                SECRET_HASH,
            ],
        )
        .await;
    assert!(success(&out).contains(KEY));
    assert!(stderr(&out).contains("hashes"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("export"), "{}", stderr(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_with_only_one_hash_flag_is_a_usage_error_and_sends_nothing() {
    let api = Api::start().await;
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
                ID_HASH,
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--hash-key-id-suffix"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_sends_only_the_given_fields() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &key_path(),
        Some(json!({
            "name": "ci-2",
            "assignedRoleIds": [ROLE],
            "expireAt": "2099-01-01T00:00:00Z",
            "state": "enabled",
            "ipAccessList": [{ "source": "10.0.0.0/8" }]
        })),
        key(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "key",
                "update",
                KEY,
                "--org-id",
                ORG,
                "--name",
                "ci-2",
                "--role-id",
                ROLE,
                "--expires-at",
                "2099-01-01T00:00:00Z",
                "--state",
                "enabled",
                "--ip-allow",
                "10.0.0.0/8",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_state_alone() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &key_path(),
        Some(json!({ "state": "disabled" })),
        key(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["key", "update", KEY, "--org-id", ORG, "--state", "disabled"],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_without_changes_is_a_usage_error_and_sends_nothing() {
    let api = Api::start().await;
    let out = api
        .run(&Sandbox::new(), &["key", "update", KEY, "--org-id", ORG])
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing to change"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_confirms_and_prints_json() {
    let api = Api::start().await;
    api.expect("DELETE", &key_path(), None, json!(null)).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["key", "delete", KEY, "--org-id", ORG, "--json", "--yes"],
        )
        .await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({ "id": KEY, "deleted": true }));
    assert!(
        stderr(&out).contains(&format!("Deleted API key {KEY}")),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}
