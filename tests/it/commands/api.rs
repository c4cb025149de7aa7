//! `cloud api`: raw requests, classified by method, through the same transport rules.

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

fn services_path() -> String {
    format!("/v1/organizations/{ORG}/services")
}

fn parse(out: &std::process::Output) -> Value {
    let text = success(out);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn get_prints_the_result_and_sends_fields_as_query_parameters() {
    let api = Api::start().await;
    Mock::given(method("GET"))
        .and(path(services_path()))
        .and(query_param("filter", "tag:env=prod"))
        .and(basic_auth_header())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(envelope(json!([{ "id": SERVICE, "name": "prod" }]))),
        )
        .expect(1)
        .mount(&api.server)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "api",
                "get",
                &format!("organizations/{ORG}/services"),
                "-F",
                "filter=tag:env=prod",
            ],
        )
        .await;
    assert_eq!(parse(&out), json!([{ "id": SERVICE, "name": "prod" }]));
    let received = api.server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("filter=tag%3Aenv%3Dprod"));
}

#[tokio::test(flavor = "multi_thread")]
async fn envelope_prints_the_reply_as_sent() {
    let api = Api::start().await;
    api.expect("GET", "/v1/organizations", None, json!([]))
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["api", "GET", "/v1/organizations", "--envelope"],
        )
        .await;
    assert_eq!(parse(&out), envelope(json!([])));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn post_builds_a_typed_json_body_from_fields() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("description.txt");
    std::fs::write(&file, "from a file\n").unwrap();
    let body = json!({
        "name": "ci",
        "count": 3,
        "ratio": 0.5,
        "enabled": true,
        "expireAt": null,
        "code": "007",
        "literal": "true",
        "description": "from a file\n",
        "hashData": { "keyIdSuffix": "abcd" },
        "assignedRoleIds": ["r1", "r2"]
    });
    api.expect(
        "POST",
        &format!("/v1/organizations/{ORG}/keys"),
        Some(body),
        json!({ "keyId": "new" }),
    )
    .await;
    let description = format!("description=@{}", file.display());
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "api",
                "POST",
                &format!("/v1/organizations/{ORG}/keys"),
                "-F",
                "name=ci",
                "-F",
                "count=3",
                "-F",
                "ratio=0.5",
                "-F",
                "enabled=true",
                "-F",
                "expireAt=null",
                "-F",
                "code=007",
                "-f",
                "literal=true",
                "-F",
                &description,
                "-F",
                "hashData[keyIdSuffix]=abcd",
                "-F",
                "assignedRoleIds[]=r1",
                "--field",
                "assignedRoleIds[]=r2",
            ],
        )
        .await;
    assert_eq!(parse(&out), json!({ "keyId": "new" }));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn input_sends_a_file_or_standard_input_as_the_body() {
    let api = Api::start().await;
    let route = format!("/v1/organizations/{ORG}");
    let body = json!({ "name": "Acme", "nested": { "list": [1, 2] } });
    Mock::given(method("PATCH"))
        .and(path(route.clone()))
        .and(body_json(body.clone()))
        .and(basic_auth_header())
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({ "id": ORG }))))
        .expect(2)
        .mount(&api.server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let file = file.display().to_string();
    let out = api
        .run(&Sandbox::new(), &["api", "PATCH", &route, "--input", &file])
        .await;
    assert_eq!(parse(&out), json!({ "id": ORG }));
    let mut command = Sandbox::new().cloud();
    command
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["api", "patch", &route, "--input", "-"])
        .write_stdin(body.to_string());
    let out = api.run_with(command).await;
    assert_eq!(parse(&out), json!({ "id": ORG }));
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_are_retried_and_writes_are_not() {
    let api = Api::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/organizations"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&api.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/organizations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!([]))))
        .with_priority(2)
        .mount(&api.server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_envelope(503, "busy")))
        .mount(&api.server)
        .await;
    let out = api
        .run(&Sandbox::new(), &["api", "GET", "/v1/organizations"])
        .await;
    assert_eq!(parse(&out), json!([]));
    let out = api
        .run(
            &Sandbox::new(),
            &["api", "POST", "/v1/organizations/x", "-F", "a=1"],
        )
        .await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("HTTP 503"), "{}", stderr(&out));
    assert_eq!(
        api.seen().await,
        [
            "GET /v1/organizations",
            "GET /v1/organizations",
            "POST /v1/organizations/x"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn head_prints_nothing_on_success() {
    let api = Api::start().await;
    api.expect_reply(
        "HEAD",
        "/v1/organizations",
        None,
        ResponseTemplate::new(200),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["api", "HEAD", "/v1/organizations"])
        .await;
    assert_eq!(success(&out), "");
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn error_statuses_exit_like_any_command() {
    let api = Api::start().await;
    for (status, code) in [(404, 5), (403, 4), (401, 4), (400, 1)] {
        let route = format!("/v1/status/{status}");
        Mock::given(path(route.clone()))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(error_envelope(status, "refused")),
            )
            .mount(&api.server)
            .await;
        for verb in ["GET", "DELETE"] {
            let out = api.run(&Sandbox::new(), &["api", verb, &route]).await;
            assert_eq!(out.status.code(), Some(code), "{verb} {status}");
            assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
            assert!(out.stdout.is_empty());
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_body_cap_and_redaction_apply() {
    let api = Api::start().await;
    Mock::given(path("/v1/big"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(envelope(json!({ "blob": "x".repeat(64 * 1024) }))),
        )
        .mount(&api.server)
        .await;
    Mock::given(path("/v1/echo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(
            json!({ "youSent": format!("{KEY_ID}:{KEY_SECRET}") }),
        )))
        .mount(&api.server)
        .await;
    Mock::given(path("/v1/metrics"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(format!("# TYPE x gauge\nx{{k=\"{KEY_SECRET}\"}} 1\n")),
        )
        .mount(&api.server)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["api", "GET", "/v1/big", "--max-response-size", "16KiB"],
        )
        .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("16 KiB"), "{}", stderr(&out));
    let out = api.run(&Sandbox::new(), &["api", "GET", "/v1/echo"]).await;
    assert_eq!(
        parse(&out),
        json!({ "youSent": format!("{KEY_ID}:[redacted]") })
    );
    let out = api.run(&Sandbox::new(), &["api", "GET", "metrics"]).await;
    let text = success(&out);
    assert!(text.starts_with("# TYPE x gauge"), "{text}");
    assert!(!text.contains(KEY_SECRET), "{text}");
}

/// `--paginate` follows `result.pagination.nextCursor` and prints one result with every item.
#[tokio::test(flavor = "multi_thread")]
async fn paginate_follows_next_cursor() {
    let api = Api::start().await;
    let route = format!("/v1/organizations/{ORG}/udfs");
    let page = |items: Value, current: Value, next: Value| {
        envelope(json!({
            "items": items,
            "pagination": { "totalRecords": 3, "currentCursor": current, "nextCursor": next, "limit": 2 }
        }))
    };
    Mock::given(method("GET"))
        .and(path(route.clone()))
        .and(query_param_is_missing("cursor"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            json!([{ "functionName": "a" }, { "functionName": "b" }]),
            Value::Null,
            json!("c2"),
        )))
        .expect(1)
        .mount(&api.server)
        .await;
    Mock::given(method("GET"))
        .and(path(route.clone()))
        .and(query_param("cursor", "c2"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            json!([{ "functionName": "c" }]),
            json!("c2"),
            Value::Null,
        )))
        .expect(1)
        .mount(&api.server)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["api", "GET", &route, "-F", "limit=2", "--paginate"],
        )
        .await;
    assert_eq!(
        parse(&out),
        json!({
            "items": [{ "functionName": "a" }, { "functionName": "b" }, { "functionName": "c" }],
            "pagination": { "totalRecords": 3, "currentCursor": "c2", "nextCursor": null, "limit": 2 }
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn paginate_stops_on_a_repeated_cursor_and_passes_unpaged_replies_through() {
    let api = Api::start().await;
    Mock::given(path("/v1/loop"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({
            "items": [1],
            "pagination": { "nextCursor": "same" }
        }))))
        .mount(&api.server)
        .await;
    api.expect("GET", "/v1/organizations", None, json!([{ "id": ORG }]))
        .await;
    let out = api
        .run(&Sandbox::new(), &["api", "GET", "/v1/loop", "--paginate"])
        .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("twice"), "{}", stderr(&out));
    let out = api
        .run(
            &Sandbox::new(),
            &["api", "GET", "/v1/organizations", "--paginate"],
        )
        .await;
    assert_eq!(parse(&out), json!([{ "id": ORG }]));
}

/// Input mistakes are exit 2, found before the credential or the network are touched.
#[test]
fn bad_input_is_a_usage_error_before_any_request() {
    let cases: &[&[&str]] = &[
        &["api", "FETCH", "/v1/organizations"],
        &["api", "GET", "https://evil.example/v1/organizations"],
        &["api", "GET", "/v1/../x"],
        &["api", "POST", "/v1/x", "--paginate"],
        &["api", "GET", "/v1/x", "--input", "-"],
        &["api", "POST", "/v1/x", "-F", "novalue"],
        &["api", "POST", "/v1/x", "-F", "=x"],
        &["api", "POST", "/v1/x", "-F", "a[=1"],
        &["api", "POST", "/v1/x", "-F", "a=1", "-F", "a[b]=2"],
        &["api", "POST", "/v1/x", "-F", "a=@/nonexistent/file"],
        &["api", "POST", "/v1/x", "--input", "/nonexistent/file"],
        &["api", "POST", "/v1/x", "--input", "-", "-F", "a=1"],
    ];
    for argv in cases {
        // An unroutable API URL: any request would fail with exit 1, not 2.
        let out = cloud()
            .env("CLOUD_API_URL", "http://127.0.0.1:9")
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .args(*argv)
            .write_stdin("not json")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
    }
    let out = cloud()
        .env("CLOUD_API_URL", "http://127.0.0.1:9")
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .args(["api", "PUT", "/v1/x", "--input", "-"])
        .write_stdin("{not json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not valid JSON"), "{}", stderr(&out));
}

/// The method decides the access: a GET goes out under an OAuth token, a DELETE is refused
/// before any request, and the refusal names the method.
#[tokio::test(flavor = "multi_thread")]
async fn the_method_decides_the_access() {
    let api = Api::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/organizations"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer read-only-token",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!([]))))
        .expect(1)
        .mount(&api.server)
        .await;
    let bearer = |args: &[&str]| {
        let mut command = Sandbox::new().cloud();
        command
            .env("CLOUD_ACCESS_TOKEN", "read-only-token")
            .args(args);
        command
    };
    let out = api
        .run_with(bearer(&["api", "GET", "/v1/organizations"]))
        .await;
    assert_eq!(parse(&out), json!([]));
    let out = api
        .run_with(bearer(&["api", "delete", "/v1/organizations/x"]))
        .await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("`cloud api DELETE` changes resources"),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.seen().await, ["GET /v1/organizations"]);
}
