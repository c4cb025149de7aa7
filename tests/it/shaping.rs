//! `--jq`, `--fields` and `--ndjson` against `wiremock`: what is printed, what exits how,
//! and that a bad expression sends nothing.

use serde_json::{Value, json};

use crate::support::*;

fn services() -> Value {
    json!([
        {
            "id": SERVICE,
            "name": "analytics",
            "state": "running",
            "provider": "aws",
            "region": "us-east-1",
            "endpoints": [{ "protocol": "https", "host": "a.example", "port": 8443 }],
        },
        {
            "id": "3c2d1e0f-8a7b-4c6d-9e0f-1a2b3c4d5e6f",
            "name": "etl",
            "state": "stopped",
            "provider": "gcp",
            "region": "us-central1",
        },
    ])
}

fn services_path() -> String {
    format!("/v1/organizations/{ORG}/services")
}

async fn list(extra: &[&str]) -> std::process::Output {
    let api = Api::start().await;
    api.expect("GET", &services_path(), None, services()).await;
    let mut args = vec!["service", "list", "--org-id", ORG];
    args.extend_from_slice(extra);
    let out = api.run(&Sandbox::new(), &args).await;
    api.verify().await;
    out
}

async fn get(extra: &[&str]) -> std::process::Output {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("{}/{SERVICE}", services_path()),
        None,
        services()[0].clone(),
    )
    .await;
    let mut args = vec!["service", "get", SERVICE, "--org-id", ORG];
    args.extend_from_slice(extra);
    let out = api.run(&Sandbox::new(), &args).await;
    api.verify().await;
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn jq_on_a_list_prints_strings_raw() {
    let out = list(&["--jq", ".[].name"]).await;
    assert_eq!(success(&out), "analytics\netl\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn jq_on_a_get_prints_values_as_json() {
    let out = get(&["--jq", "{id, port: .endpoints[0].port}"]).await;
    assert_eq!(
        success(&out),
        format!("{{\n  \"id\": \"{SERVICE}\",\n  \"port\": 8443\n}}\n")
    );
    let out = get(&["--jq", ".endpoints | length"]).await;
    assert_eq!(success(&out), "1\n");
    let out = get(&["--jq", "[.name]"]).await;
    assert_eq!(success(&out), "[\n  \"analytics\"\n]\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_jq_expression_is_a_usage_error_and_sends_nothing() {
    for (args, problem) in [
        (
            vec!["service", "list", "--org-id", ORG, "--jq", ".[] |"],
            "expected term",
        ),
        (
            vec!["service", "list", "--org-id", ORG, "--jq", "nosuch(1)"],
            "undefined filter `nosuch`",
        ),
        // A write too: refused before the request that would have changed something.
        (
            vec!["service", "stop", SERVICE, "--org-id", ORG, "--jq", "{"],
            "expected",
        ),
    ] {
        let api = Api::start().await;
        let out = api.run(&Sandbox::new(), &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("--jq") && err.contains(problem), "{err}");
        assert!(stdout(&out).is_empty());
        assert_eq!(api.seen().await, Vec::<String>::new());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_jq_error_at_run_time_exits_1_as_json() {
    let out = list(&["--jq", ".[].name | .x"]).await;
    assert_eq!(out.status.code(), Some(1));
    // --jq implies --json: the error is a JSON object on stderr.
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "jq_failed");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("--jq") && message.contains("cannot index"),
        "{message}"
    );
}

/// `service get --jq EXPR` against a server that echoes the API secret and an escape
/// sequence in the service's name.
async fn get_echoing(jq: &str) -> std::process::Output {
    let api = Api::start().await;
    let mut echoed = services()[0].clone();
    echoed["name"] = json!(format!("{KEY_SECRET}\u{1b}]52;c;eA==\u{7}"));
    api.expect(
        "GET",
        &format!("{}/{SERVICE}", services_path()),
        None,
        echoed,
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "get", SERVICE, "--org-id", ORG, "--jq", jq],
        )
        .await;
    api.verify().await;
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn jq_output_is_redacted_and_escaped() {
    let raw = get_echoing(".name").await;
    assert_eq!(success(&raw), "[redacted]\\x1b]52;c;eA==\\x07\n");
    // Taken apart and rebuilt inside the filter: its input was redacted already.
    let rebuilt = get_echoing("{n: .name, s: (.name | explode | implode)}").await;
    let text = success(&rebuilt);
    assert!(!text.contains(KEY_SECRET), "{text}");
    assert!(
        text.contains("\\u001b") && !text.contains('\u{1b}'),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_pick_and_order_table_columns() {
    let out = list(&["--fields", "state,Name"]).await;
    assert_eq!(
        success(&out),
        "STATE    NAME\nrunning  analytics\nstopped  etl\n"
    );
    let out = get(&["--fields", "name,ID"]).await;
    assert_eq!(
        success(&out),
        format!("Name:  analytics\nID:    {SERVICE}\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_table_field_is_a_usage_error_naming_the_columns() {
    let out = list(&["--fields", "name,colour"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out).trim(),
        "error: unknown field for '--fields': colour; this table has: \
         id, name, state, provider, region, memory, replicas"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_with_an_unknown_field_still_prints_its_whole_result() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &services_path(),
        None,
        json!({ "service": services()[0], "password": "Pa55-once" }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "create",
                "--org-id",
                ORG,
                "--name",
                "analytics",
                "--provider",
                "aws",
                "--region",
                "us-east-1",
                "--ip-allow",
                "10.0.0.0/8",
                "--fields",
                "id,pasword",
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("Pa55-once"), "{}", stdout(&out));
    assert!(stderr(&out).contains("the change was made"));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_keep_json_keys_in_order() {
    let out = list(&["--json", "--fields", "state,id,nosuch"]).await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        serde_json::to_string(&printed).unwrap(),
        format!(
            r#"[{{"state":"running","id":"{SERVICE}"}},{{"state":"stopped","id":"3c2d1e0f-8a7b-4c6d-9e0f-1a2b3c4d5e6f"}}]"#
        )
    );
    let out = get(&["--json", "--fields", "name,endpoints.host"]).await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(
        printed,
        json!({ "name": "analytics", "endpoints": [{ "host": "a.example" }] })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_then_jq() {
    let out = list(&["--fields", "name,region", "--jq", ".[0] | keys_unsorted"]).await;
    assert_eq!(success(&out), "[\n  \"name\",\n  \"region\"\n]\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn ndjson_prints_one_object_per_line() {
    let out = list(&["--ndjson"]).await;
    let text = success(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    for (line, expected) in lines.iter().zip(services().as_array().unwrap()) {
        let parsed: Value = serde_json::from_str(line).unwrap();
        assert_eq!(&parsed, expected);
    }
    let out = list(&["--ndjson", "--fields", "name"]).await;
    assert_eq!(
        success(&out),
        "{\"name\":\"analytics\"}\n{\"name\":\"etl\"}\n"
    );
    let out = list(&["--ndjson", "--jq", "map({id})"]).await;
    assert_eq!(success(&out).lines().count(), 2);
    let out = get(&["--ndjson", "--fields", "id"]).await;
    assert_eq!(success(&out), format!("{{\"id\":\"{SERVICE}\"}}\n"));
}

/// End to end through `cloud-emulator`: what `service create` and `key create` print under
/// `--json` is what `get` prints for the same resource, plus the one-time secrets; the
/// shaping flags work on real replies.
#[test]
fn emulator_create_and_get_agree_and_shaping_works() {
    use crate::support::emulator::{ADMIN_ROLE_ID, DEMO_SERVICE_ID, Emulator};

    // Slow transitions: the new service stays `provisioning` between create and get.
    let emulator = Emulator::start_with(&["--transition-ms", "60000"]);
    let key = emulator.admin_key();
    let run = |args: &[&str]| {
        Sandbox::new()
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
            .args(args)
            .output()
            .expect("run cloud")
    };
    let json = |args: &[&str]| -> Value { serde_json::from_str(&success(&run(args))).unwrap() };

    let mut created = json(&[
        "service",
        "create",
        "--name",
        "shaped",
        "--provider",
        "aws",
        "--region",
        "us-east-1",
        "--ip-allow",
        "10.0.0.0/8",
        "--json",
    ]);
    let password = created.as_object_mut().unwrap().remove("password");
    assert!(password.is_some_and(|p| p.is_string()), "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let got = json(&["service", "get", &id, "--json"]);
    assert_eq!(created, got);

    let mut created = json(&[
        "key",
        "create",
        "--name",
        "shaped",
        "--role-id",
        ADMIN_ROLE_ID,
        "--json",
    ]);
    let object = created.as_object_mut().unwrap();
    assert!(object.remove("keyId").is_some() && object.remove("keySecret").is_some());
    let key_uuid = created["id"].as_str().unwrap().to_owned();
    let got = json(&["key", "get", &key_uuid, "--json"]);
    assert_eq!(created, got);

    // --jq, --fields and --ndjson on the emulator's list.
    let names = success(&run(&["service", "list", "--jq", ".[].name"]));
    assert!(names.lines().any(|n| n == "shaped"), "{names}");
    let ndjson = success(&run(&["service", "list", "--ndjson", "--fields", "id"]));
    assert_eq!(ndjson.lines().count(), names.lines().count());
    assert!(
        ndjson.contains(&format!("{{\"id\":\"{DEMO_SERVICE_ID}\"}}")),
        "{ndjson}"
    );
    let table = success(&run(&["service", "get", &id, "--fields", "state"]));
    assert_eq!(table, "State:  provisioning\n");
}

/// The survey behind "create, update and get print the same shape", through the emulator:
/// every other command that creates or changes a resource with a `get` prints what that `get`
/// prints (they pass the API's object through; only `service create` and `key create`
/// unwrap theirs, tested above).
#[test]
fn emulator_every_create_and_update_prints_what_get_prints() {
    use crate::support::emulator::{
        DEMO_ADMIN_KEY_UUID, DEMO_DEVELOPER_KEY_UUID, DEMO_ORG_ID, DEMO_SERVICE_ID,
        DEVELOPER_ROLE_ID, DEVELOPER_USER_ID, Emulator,
    };

    let emulator = Emulator::start_with(&["--transition-ms", "60000"]);
    let key = emulator.admin_key();
    let ndjson = |args: &[&str]| -> String {
        let out = Sandbox::new()
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
            .args(args)
            .arg("--ndjson")
            .output()
            .expect("run cloud");
        success(&out)
    };
    let s = DEMO_SERVICE_ID;
    let invitation = ndjson(&[
        "invitation",
        "create",
        "--email",
        "shape@example.com",
        "--role-id",
        DEVELOPER_ROLE_ID,
    ]);
    let invitation_id = serde_json::from_str::<Value>(&invitation).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        invitation,
        ndjson(&["invitation", "get", &invitation_id]),
        "invitation create"
    );
    for (change, get) in [
        (
            vec!["org", "update", DEMO_ORG_ID, "--name", "Renamed"],
            vec!["org", "get", DEMO_ORG_ID],
        ),
        (
            vec!["service", "update", s, "--name", "renamed"],
            vec!["service", "get", s],
        ),
        (
            vec![
                "service",
                "backup-config",
                "update",
                s,
                "--backup-period-hours",
                "12",
            ],
            vec!["service", "backup-config", "get", s],
        ),
        (
            vec![
                "service",
                "query-endpoint",
                "create",
                s,
                "--role",
                "sql_console_admin",
                "--open-api-key",
                DEMO_ADMIN_KEY_UUID,
            ],
            vec!["service", "query-endpoint", "get", s],
        ),
        (
            vec![
                "member",
                "update",
                DEVELOPER_USER_ID,
                "--role-id",
                DEVELOPER_ROLE_ID,
            ],
            vec!["member", "get", DEVELOPER_USER_ID],
        ),
        (
            vec![
                "key",
                "update",
                DEMO_DEVELOPER_KEY_UUID,
                "--name",
                "renamed",
            ],
            vec!["key", "get", DEMO_DEVELOPER_KEY_UUID],
        ),
    ] {
        assert_eq!(ndjson(&change), ndjson(&get), "{change:?}");
    }
}
