use serde_json::{Value, json};

use crate::support::*;

const ADMIN: &str = "7e000000-0000-4000-8000-000000000001";
const CUSTOM: &str = "7e000000-0000-4000-8000-0000000000c1";

fn roles() -> Value {
    json!([
        {
            "id": ADMIN, "tenantId": ORG, "ownerId": ORG, "name": "Admin", "type": "system",
            "actors": ["user/9e000000-0000-4000-8000-000000000001", "apiKey/test-key-id"],
            "policies": [{
                "id": "p1", "roleId": ADMIN, "allowDeny": "ALLOW",
                "permissions": ["control-plane:organization:manage", "control-plane:service:manage"],
                "resources": [format!("organization/{ORG}")]
            }],
            "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"
        },
        {
            "id": CUSTOM, "name": "Billing \u{1b}[31mreader", "type": "custom", "actors": [],
            "policies": [
                { "allowDeny": "ALLOW", "permissions": ["control-plane:organization:view-billing"] },
                { "allowDeny": "DENY", "permissions": ["control-plane:service:manage"] }
            ],
            "futureField": true
        }
    ])
}

fn roles_path() -> String {
    format!("/v1/organizations/{ORG}/roles")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_ids_names_and_types() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect("GET", &roles_path(), None, roles()).await;
    let out = api.run(&Sandbox::new(), &["role", "list"]).await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_json_is_the_result_as_sent() {
    let api = Api::start().await;
    api.expect("GET", &roles_path(), None, roles()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["role", "list", "--org-id", ORG, "--json"],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, roles());
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_permissions_and_actors() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("{}/{CUSTOM}", roles_path()),
        None,
        roles()[1].clone(),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["role", "get", CUSTOM, "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_refuses_an_id_that_is_not_a_uuid() {
    let api = Api::start().await;
    let out = api
        .run(&Sandbox::new(), &["role", "get", "Admin", "--org-id", ORG])
        .await;
    assert_eq!(out.status.code(), Some(2));
    api.verify().await;
}

/// The role commands only read: an OAuth token may run them.
#[tokio::test(flavor = "multi_thread")]
async fn a_bearer_token_may_list_roles() {
    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(roles_path()))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer read-token",
        ))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(envelope(roles())))
        .expect(1)
        .mount(&api.server)
        .await;
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_ACCESS_TOKEN", "read-token")
        .args(["role", "list", "--org-id", ORG, "--json"]);
    let out = api.run_with(command).await;
    success(&out);
}
