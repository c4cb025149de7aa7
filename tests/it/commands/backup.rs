use serde_json::json;

use crate::support::*;

const BACKUP: &str = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const RUNNING: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

fn backup() -> serde_json::Value {
    json!({
        "id": BACKUP,
        "status": "done",
        "serviceId": SERVICE,
        "startedAt": "2026-01-02T03:00:00Z",
        "finishedAt": "2026-01-02T03:02:05Z",
        "sizeInBytes": 3221225472u64,
        "durationInSeconds": 125,
        "type": "full",
        "backupName": "backup-2026-01-02"
    })
}

fn backups_path() -> String {
    format!("/v1/organizations/{ORG}/services/{SERVICE}/backups")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &backups_path(),
        None,
        json!([
            backup(),
            {
                "id": RUNNING, "status": "in_progress", "serviceId": SERVICE,
                "startedAt": "2026-01-03T03:00:00Z", "durationInSeconds": 42, "type": "incremental"
            }
        ]),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["backup", "list", SERVICE, "--org-id", ORG],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_finds_the_only_organization() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect("GET", &backups_path(), None, json!([])).await;
    let out = api.run(&Sandbox::new(), &["backup", "list", SERVICE]).await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_json_is_the_result_as_sent() {
    let api = Api::start().await;
    api.expect("GET", &backups_path(), None, json!([backup()]))
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["backup", "list", SERVICE, "--org-id", ORG, "--json"],
        )
        .await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!([backup()]));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_one_backup() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("{}/{BACKUP}", backups_path()),
        None,
        backup(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["backup", "get", SERVICE, BACKUP, "--org-id", ORG],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_needs_a_uuid_backup_id() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &["backup", "get", SERVICE, "latest", "--org-id", ORG],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("expected a UUID"), "{}", stderr(&out));
    api.verify().await;
}
