use serde_json::json;

use crate::support::*;

fn activities() -> serde_json::Value {
    json!([
        {
            "id": "act-1",
            "createdAt": "2026-01-02T10:00:00Z",
            "type": "service_create",
            "actorType": "user",
            "actorId": "4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a",
            "actorDetails": "ada@example.com",
            "actorIpAddress": "203.0.113.7",
            "organizationId": ORG,
            "serviceId": SERVICE
        },
        {
            "id": "act-2",
            "createdAt": "2026-01-03T11:00:00Z",
            "type": "key_create",
            "actorType": "api",
            "actorId": "test-key-id",
            "organizationId": ORG
        }
    ])
}

fn activities_path() -> String {
    format!("/v1/organizations/{ORG}/activities")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_sends_whole_days_and_prints_a_table() {
    let api = Api::start().await;
    api.expect("GET", &activities_path(), None, activities())
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "activity",
                "list",
                "--org-id",
                ORG,
                "--from-date",
                "2026-01-01",
                "--to-date",
                "2026-01-31",
            ],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    let requests = api.server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        Some("from_date=2026-01-01T00%3A00%3A00Z&to_date=2026-01-31T23%3A59%3A59Z")
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_without_dates_sends_no_query() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect("GET", &activities_path(), None, json!([])).await;
    let out = api.run(&Sandbox::new(), &["activity", "list"]).await;
    success(&out);
    let requests = api.server.received_requests().await.unwrap();
    assert_eq!(requests.last().unwrap().url.query(), None);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_with_only_a_start_date() {
    let api = Api::start().await;
    api.expect("GET", &activities_path(), None, json!([])).await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "activity",
                "list",
                "--org-id",
                ORG,
                "--from-date",
                "2026-02-28",
            ],
        )
        .await;
    success(&out);
    let requests = api.server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("from_date=2026-02-28T00%3A00%3A00Z")
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_with_dates_in_the_wrong_order_is_refused_before_any_request() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "activity",
                "list",
                "--org-id",
                ORG,
                "--from-date",
                "2026-02-01",
                "--to-date",
                "2026-01-31",
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--to-date is before --from-date"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_takes_a_free_form_id() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("{}/act-1", activities_path()),
        None,
        activities()[0].clone(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["activity", "get", "act-1", "--org-id", ORG],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}
