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

const RESTORED: &str = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";

/// Restore reads the backed-up service (for its provider, region and size) and the backup,
/// then creates the new service with `backupId`; it prints the new service with its password.
#[tokio::test(flavor = "multi_thread")]
async fn restore_creates_a_service_from_the_backup_in_its_region() {
    let api = Api::start().await;
    let services = format!("/v1/organizations/{ORG}/services");
    api.expect(
        "GET",
        &format!("{services}/{SERVICE}"),
        None,
        json!({
            "id": SERVICE, "name": "analytics", "provider": "gcp", "region": "europe-west4",
            "state": "running", "minReplicaMemoryGb": 16, "maxReplicaMemoryGb": 64,
            "numReplicas": 3, "autoscalingMode": "vertical"
        }),
    )
    .await;
    api.expect(
        "GET",
        &format!("{}/{BACKUP}", backups_path()),
        None,
        backup(),
    )
    .await;
    api.expect(
        "POST",
        &services,
        Some(json!({
            "name": "analytics-restored", "provider": "gcp", "region": "europe-west4",
            "ipAccessList": [{ "source": "203.0.113.0/24" }],
            "minReplicaMemoryGb": 16, "maxReplicaMemoryGb": 64, "numReplicas": 3,
            "backupId": BACKUP
        })),
        json!({
            "service": { "id": RESTORED, "name": "analytics-restored", "state": "provisioning" },
            "password": "restored-Pa55"
        }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "backup",
                "restore",
                SERVICE,
                BACKUP,
                "--org-id",
                ORG,
                "--name",
                "analytics-restored",
                "--ip-allow",
                "203.0.113.0/24",
                "--json",
            ],
        )
        .await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed["id"], RESTORED);
    assert_eq!(printed["password"], "restored-Pa55");
    api.verify().await;
}

/// A backup that is not the service's is a 404 before anything is created.
#[tokio::test(flavor = "multi_thread")]
async fn restore_of_an_unknown_backup_creates_nothing() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/services/{SERVICE}"),
        None,
        json!({ "id": SERVICE, "provider": "aws", "region": "us-east-1" }),
    )
    .await;
    api.expect_reply(
        "GET",
        &format!("{}/{BACKUP}", backups_path()),
        None,
        wiremock::ResponseTemplate::new(404).set_body_json(error_envelope(404, "Backup not found")),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "backup", "restore", SERVICE, BACKUP, "--org-id", ORG, "--name", "r",
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Backup not found"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}
