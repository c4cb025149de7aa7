//! UDFs in the emulator: the presigned upload URL it serves, uploads used once, bodies checked
//! against `UdfCreateRequest`, and paginated lists.

use reqwest::Method;
use serde_json::{Value, json};

use super::{ApiClient, demo_org, http};
use crate::classification::UDF_ARCHIVE;
use crate::support::emulator::Emulator;

fn body(name: &str, upload_id: &str) -> Value {
    json!({
        "functionName": name,
        "uploadId": upload_id,
        "runtime": "python3.11",
        "type": "executable",
        "arguments": [{"name": "x", "type": "String"}],
        "returnType": "String",
    })
}

/// A new upload session: (uploadId, uploadUrl).
async fn session(api: &ApiClient) -> (String, String) {
    let reply = api
        .call(Method::POST, &demo_org("/udfUploads/url"), None)
        .await;
    let result = reply.result();
    (
        result["uploadId"].as_str().unwrap().to_owned(),
        result["uploadUrl"].as_str().unwrap().to_owned(),
    )
}

async fn put(url: &str, content_type: &str, authorization: Option<&str>) -> u16 {
    let mut request = http()
        .put(url)
        .header("content-type", content_type)
        .body(std::fs::read(UDF_ARCHIVE).unwrap());
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_upload_url_takes_only_its_own_signature_and_serves_one_create() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let (upload_id, url) = session(&api).await;
    assert!(url.starts_with(emulator.base_url()), "{url}");

    // Not uploaded yet.
    api.post(&demo_org("/udfs"), body("hello", &upload_id))
        .await
        .assert_error(400, &["Nothing was uploaded"]);
    assert_eq!(put(&url, "application/zip", Some("Basic eDp5")).await, 400);
    assert_eq!(put(&url, "application/octet-stream", None).await, 403);
    let forged = format!("{}0", url);
    assert_eq!(put(&forged, "application/zip", None).await, 403);
    assert_eq!(put(&url, "application/zip", None).await, 200);

    let created = api
        .post(&demo_org("/udfs"), body("hello", &upload_id))
        .await;
    assert_eq!(created.result()["version"], 1);
    assert_eq!(created.result()["poolSize"], Value::Null);
    // The upload was consumed.
    api.post(
        &demo_org("/udfs/hello/versions"),
        json!({
            "uploadId": upload_id, "runtime": "native", "type": "executable",
            "arguments": [], "returnType": "UInt8"
        }),
    )
    .await
    .assert_error(410, &["already used"]);
    // A name is unique in the organization.
    let (second, url) = session(&api).await;
    assert_eq!(put(&url, "application/zip", None).await, 200);
    api.post(&demo_org("/udfs"), body("hello", &second))
        .await
        .assert_error(409, &["already exists"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_bodies_are_checked_against_the_spec() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let (upload_id, _) = session(&api).await;
    let with = |field: &str, value: Value| {
        let mut b = body("hello", &upload_id);
        b[field] = value;
        b
    };
    let cases = [
        (with("colour", json!("red")), "Unknown field"),
        (with("runtime", json!("python2")), "runtime"),
        (with("functionName", json!("1st")), "functionName"),
        (with("poolSize", json!(2)), "poolSize"),
        (
            with("arguments", json!([{"name": "x"}])),
            "arguments[0].type",
        ),
        (with("uploadId", json!("nope")), "uploadId"),
    ];
    for (request, needle) in cases {
        api.post(&demo_org("/udfs"), request)
            .await
            .assert_error(400, &[needle]);
    }
    api.post(
        &demo_org("/udfs"),
        body("hello", "3f0c8d1a-4b7f-4c2e-9a6d-3f1b0e9c8a7d"),
    )
    .await
    .assert_error(400, &["Unknown uploadId"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_are_paginated_by_cursor() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    for name in ["a", "b", "c"] {
        let (upload_id, url) = session(&api).await;
        assert_eq!(put(&url, "application/zip", None).await, 200);
        api.post(&demo_org("/udfs"), body(name, &upload_id))
            .await
            .result();
    }
    let first = api.get(&demo_org("/udfs?limit=2")).await;
    let page = first.result();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["pagination"]["totalRecords"], 3);
    let next = page["pagination"]["nextCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = api
        .get(&demo_org(&format!("/udfs?limit=2&cursor={next}")))
        .await;
    assert_eq!(second.result()["items"][0]["functionName"], "c");
    assert_eq!(second.result()["pagination"]["nextCursor"], Value::Null);
    api.get(&demo_org("/udfs?limit=101"))
        .await
        .assert_error(400, &["limit"]);
}
