use serde_json::json;

use crate::support::*;

const USER: &str = "4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a";
const ROLE_ADMIN: &str = "11111111-2222-4333-8444-555555555555";
const ROLE_DEV: &str = "66666666-7777-4888-8999-aaaaaaaaaaaa";

fn member() -> serde_json::Value {
    json!({
        "userId": USER,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "role": "admin",
        "joinedAt": "2024-06-01T09:00:00Z",
        "assignedRoles": [
            { "roleId": ROLE_ADMIN, "roleName": "Admin", "roleType": "system" },
            { "roleId": ROLE_DEV, "roleName": "Developer", "roleType": "system" }
        ]
    })
}

fn member_path() -> String {
    format!("/v1/organizations/{ORG}/members/{USER}")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/members"),
        None,
        json!([
            member(),
            {
                "userId": "legacy-user", "name": "Charles Babbage",
                "email": "charles@example.com", "role": "developer",
                "joinedAt": "2024-07-01T09:00:00Z"
            }
        ]),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["member", "list", "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_finds_the_only_organization() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}/members"),
        None,
        json!([]),
    )
    .await;
    let out = api.run(&Sandbox::new(), &["member", "list"]).await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_one_member() {
    let api = Api::start().await;
    api.expect("GET", &member_path(), None, member()).await;
    let out = api
        .run(&Sandbox::new(), &["member", "get", USER, "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_sends_the_role_ids() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &member_path(),
        Some(json!({ "assignedRoleIds": [ROLE_ADMIN, ROLE_DEV] })),
        member(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "member",
                "update",
                USER,
                "--org-id",
                ORG,
                "--role-id",
                ROLE_ADMIN,
                "--role-id",
                ROLE_DEV,
            ],
        )
        .await;
    assert!(success(&out).contains("Admin, Developer"));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_without_a_role_is_a_usage_error_and_sends_nothing() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &["member", "update", USER, "--org-id", ORG],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--role-id"), "{}", stderr(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_deletes_and_confirms_on_stderr() {
    let api = Api::start().await;
    api.expect("DELETE", &member_path(), None, json!(null))
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["member", "remove", USER, "--org-id", ORG, "--yes"],
        )
        .await;
    assert_eq!(success(&out), "");
    assert!(
        stderr(&out).contains(&format!("Removed member {USER}")),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_json_says_what_was_removed() {
    let api = Api::start().await;
    api.expect("DELETE", &member_path(), None, json!(null))
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["member", "remove", USER, "--org-id", ORG, "--json", "--yes"],
        )
        .await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({ "id": USER, "removed": true }));
    api.verify().await;
}
