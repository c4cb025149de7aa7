//! Who may call the API: 401 without valid credentials, 403 for read-only callers, and each
//! credential's view of the organizations.

use serde_json::json;

use super::oauth::device_login;
use super::{ApiClient, Credentials, demo_org};
use crate::support::emulator::{DEMO_ORG_ID, DEMO_SERVICE_ID, Emulator, SECOND_ORG_ID};

#[tokio::test(flavor = "multi_thread")]
async fn missing_or_unknown_credentials_are_401() {
    let emulator = Emulator::start();
    let admin = emulator.admin_key();
    let attempts = [
        Credentials::None,
        Credentials::Basic(admin.key_id.clone(), "wrong-secret".into()),
        Credentials::Basic("NoSuchKey00000000000".into(), admin.secret.clone()),
        Credentials::Bearer("not-a-token".into()),
    ];
    for credentials in attempts {
        let api = ApiClient::new(&emulator, credentials);
        api.get("/v1/organizations").await.assert_error(401, &[]);
        // Auth comes first: unknown paths and writes are 401 too.
        api.post(&demo_org("/services"), json!({}))
            .await
            .assert_error(401, &[]);
    }
    let garbage = super::http()
        .get(emulator.url("/v1/organizations"))
        .header("authorization", "Basic !!!")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn developer_keys_read_but_cannot_write() {
    let emulator = Emulator::start();
    let developer = ApiClient::key(&emulator, emulator.developer_key());
    developer
        .get(&demo_org(&format!("/services/{DEMO_SERVICE_ID}")))
        .await
        .result();
    developer.get(&demo_org("/keys")).await.result();
    for (method, path) in [
        (reqwest::Method::PATCH, demo_org("")),
        (reqwest::Method::POST, demo_org("/services")),
        (
            reqwest::Method::PATCH,
            demo_org(&format!("/services/{DEMO_SERVICE_ID}/state")),
        ),
        (
            reqwest::Method::DELETE,
            demo_org(&format!("/services/{DEMO_SERVICE_ID}")),
        ),
        (reqwest::Method::POST, demo_org("/keys")),
    ] {
        developer
            .call(method, &path, Some(json!({"command": "stop"})))
            .await
            .assert_error(403, &["read-only", "Demo developer key"]);
    }
    // Nothing changed.
    let service = developer
        .get(&demo_org(&format!("/services/{DEMO_SERVICE_ID}")))
        .await;
    assert_eq!(service.result()["state"], "running");
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_see_their_org_and_the_oauth_user_sees_all_of_theirs() {
    let emulator = Emulator::start_with(&["--orgs", "2", "--auto-approve"]);
    let demo = ApiClient::admin(&emulator);
    let orgs = demo.get("/v1/organizations").await;
    assert_eq!(orgs.result().as_array().unwrap().len(), 1);
    demo.get(&format!("/v1/organizations/{SECOND_ORG_ID}"))
        .await
        .assert_error(404, &["Organization"]);
    demo.get(&format!("/v1/organizations/{SECOND_ORG_ID}/services"))
        .await
        .assert_error(404, &[]);

    let tokens = device_login(&emulator).await;
    let user = ApiClient::new(
        &emulator,
        Credentials::Bearer(tokens["access_token"].as_str().unwrap().into()),
    );
    let orgs = user.get("/v1/organizations").await;
    let ids: Vec<&str> = orgs
        .result()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [DEMO_ORG_ID, SECOND_ORG_ID]);
    user.get(&format!("/v1/organizations/{SECOND_ORG_ID}/members"))
        .await
        .result();

    // OAuth access is read-only, as in production.
    user.patch(&demo_org(""), json!({"name": "x"}))
        .await
        .assert_error(403, &["OAuth access is read-only; use an API key"]);
    user.delete(&demo_org(&format!("/services/{DEMO_SERVICE_ID}")))
        .await
        .assert_error(403, &["read-only"]);
}
