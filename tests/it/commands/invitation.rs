use serde_json::json;

use crate::support::*;

const INVITATION: &str = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const ROLE: &str = "11111111-2222-4333-8444-555555555555";

fn invitation() -> serde_json::Value {
    json!({
        "id": INVITATION,
        "email": "ada@example.com",
        "role": "developer",
        "createdAt": "2026-01-05T12:00:00Z",
        "expireAt": "2026-02-04T12:00:00Z",
        "assignedRoles": [{ "roleId": ROLE, "roleName": "Developer", "roleType": "system" }]
    })
}

fn invitations_path() -> String {
    format!("/v1/organizations/{ORG}/invitations")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &invitations_path(),
        None,
        json!([
            invitation(),
            {
                "id": "0f0e0d0c-0b0a-4909-8807-060504030201", "email": "charles@example.com",
                "role": "admin", "createdAt": "2026-01-06T12:00:00Z"
            }
        ]),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["invitation", "list", "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_one_invitation() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("{}/{INVITATION}", invitations_path()),
        None,
        invitation(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["invitation", "get", INVITATION, "--org-id", ORG],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_email_and_roles() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &invitations_path(),
        Some(json!({ "email": "ada@example.com", "assignedRoleIds": [ROLE] })),
        invitation(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "invitation",
                "create",
                "--org-id",
                ORG,
                "--email",
                "ada@example.com",
                "--role-id",
                ROLE,
            ],
        )
        .await;
    assert!(success(&out).contains(INVITATION));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_without_roles_sends_only_the_email() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect(
        "POST",
        &invitations_path(),
        Some(json!({ "email": "ada@example.com" })),
        invitation(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["invitation", "create", "--email", "ada@example.com"],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_rejects_a_malformed_email_before_any_request() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &["invitation", "create", "--org-id", ORG, "--email", "ada"],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("email address"), "{}", stderr(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_confirms_and_prints_json() {
    let api = Api::start().await;
    api.expect(
        "DELETE",
        &format!("{}/{INVITATION}", invitations_path()),
        None,
        json!(null),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "invitation",
                "delete",
                INVITATION,
                "--org-id",
                ORG,
                "--json",
                "--yes",
            ],
        )
        .await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({ "id": INVITATION, "deleted": true }));
    assert!(
        stderr(&out).contains(&format!("Deleted invitation {INVITATION}")),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}
