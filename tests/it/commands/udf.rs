//! `cloud udf …`: the exact requests of each leaf (the upload's PUT carries no API
//! credential), local refusals before anything is sent, pagination, and under an OAuth login
//! against the emulator: reads work, writes are refused before any request.

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

use crate::classification::UDF_ARCHIVE;
use crate::support::*;

const UPLOAD_ID: &str = "3f0c8d1a-4b7f-4c2e-9a6d-3f1b0e9c8a7d";

fn udfs() -> String {
    format!("/v1/organizations/{ORG}/udfs")
}

fn udf(version: u64) -> Value {
    json!({
        "functionName": "hello",
        "version": version,
        "status": "building",
        "runtime": "python3.11",
        "type": "executable",
        "arguments": [{"name": "name", "type": "String"}],
        "returnType": "String",
        "returnName": null,
        "poolSize": null,
        "commandReadTimeout": 10000,
        "commandWriteTimeout": 10000,
        "maxCommandExecutionTime": 10,
        "sendChunkHeader": false,
        "format": "TabSeparated",
        "sandboxType": "basic",
        "sandboxVersion": "v2",
        "error": null,
        "createdAt": "2026-11-30T10:00:00Z",
        "updatedAt": "2026-11-30T10:00:00Z"
    })
}

/// The upload session the API hands out: a presigned URL on `api`'s own (loopback) server.
async fn expect_upload_session(api: &Api, upload_url: &str) {
    api.expect(
        "POST",
        &format!("/v1/organizations/{ORG}/udfUploads/url"),
        None,
        json!({
            "uploadId": UPLOAD_ID,
            "uploadUrl": upload_url,
            "expiresAt": "2099-01-01T00:00:00Z"
        }),
    )
    .await;
}

fn presigned(api: &Api) -> String {
    format!(
        "{}/bucket/udf-uploads/{UPLOAD_ID}?X-Amz-Signature=s1gn4ture",
        api.url()
    )
}

/// The PUT a presigned URL expects: exactly once, the archive as application/zip.
async fn expect_put(api: &Api, reply: ResponseTemplate) {
    Mock::given(method("PUT"))
        .and(path(format!("/bucket/udf-uploads/{UPLOAD_ID}")))
        .and(query_param("X-Amz-Signature", "s1gn4ture"))
        .and(header("content-type", "application/zip"))
        .respond_with(reply)
        .expect(1)
        .named("PUT to the upload URL")
        .mount(&api.server)
        .await;
}

const DEFINITION: [&str; 8] = [
    "--file",
    UDF_ARCHIVE,
    "--runtime",
    "python3.11",
    "--arg",
    "name:String",
    "--return-type",
    "String",
];

fn create_argv() -> Vec<&'static str> {
    [
        &["udf", "create", "hello", "--org-id", ORG][..],
        &DEFINITION,
    ]
    .concat()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_uploads_the_archive_without_the_api_credential_then_creates() {
    let api = Api::start().await;
    expect_upload_session(&api, &presigned(&api)).await;
    expect_put(&api, ResponseTemplate::new(200)).await;
    api.expect(
        "POST",
        &udfs(),
        Some(json!({
            "functionName": "hello",
            "uploadId": UPLOAD_ID,
            "runtime": "python3.11",
            "type": "executable_pool",
            "arguments": [{"name": "name", "type": "String"}, {"name": "n", "type": "UInt8"}],
            "returnType": "String",
            "format": "JSONEachRow",
            "poolSize": 2,
            "commandReadTimeout": 500,
            "sendChunkHeader": true,
            "sandboxType": "netenable",
        })),
        udf(1),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "udf",
                "create",
                "hello",
                "--org-id",
                ORG,
                "--file",
                UDF_ARCHIVE,
                "--runtime",
                "python3.11",
                "--type",
                "executable_pool",
                "--pool-size",
                "2",
                "--arg",
                "name:String",
                "--arg",
                "n:UInt8",
                "--return-type",
                "String",
                "--data-format",
                "JSONEachRow",
                "--command-read-timeout",
                "500",
                "--send-chunk-header",
                "--sandbox-type",
                "netenable",
            ],
        )
        .await;
    let text = success(&out);
    assert!(text.contains("building"), "{text}");
    assert_eq!(
        api.seen().await,
        [
            format!("POST /v1/organizations/{ORG}/udfUploads/url"),
            format!("PUT /bucket/udf-uploads/{UPLOAD_ID}"),
            format!("POST {}", udfs()),
        ]
    );
    let received = api.server.received_requests().await.unwrap();
    let put = received
        .iter()
        .find(|r| r.method.as_str() == "PUT")
        .unwrap();
    assert!(
        !put.headers.contains_key("authorization"),
        "the presigned URL gets no API credential: {:?}",
        put.headers
    );
    let archive = std::fs::read(UDF_ARCHIVE).unwrap();
    assert_eq!(put.body, archive, "the archive, byte for byte");
    assert_eq!(
        put.headers["content-length"].to_str().unwrap(),
        archive.len().to_string(),
        "a length, not a chunked body"
    );
    api.server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn version_create_uploads_then_posts_the_version_without_a_function_name() {
    let api = Api::start().await;
    expect_upload_session(&api, &presigned(&api)).await;
    expect_put(&api, ResponseTemplate::new(200)).await;
    api.expect(
        "POST",
        &format!("{}/hello/versions", udfs()),
        Some(json!({
            "uploadId": UPLOAD_ID,
            "runtime": "python3.11",
            "type": "executable",
            "arguments": [{"name": "name", "type": "String"}],
            "returnType": "String",
        })),
        udf(2),
    )
    .await;
    let argv = [
        &["udf", "version", "create", "hello", "--org-id", ORG][..],
        &DEFINITION,
    ]
    .concat();
    let out = api.run(&Sandbox::new(), &argv).await;
    success(&out);
    assert!(
        stderr(&out).contains("Created version 2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.seen().await.len(), 3);
    api.server.verify().await;
}

/// An upload URL over plain http to a host that is not loopback is refused: no PUT, no create.
#[tokio::test(flavor = "multi_thread")]
async fn a_plain_http_upload_url_is_refused() {
    let api = Api::start().await;
    expect_upload_session(
        &api,
        "http://uploads.example.com/udf-uploads/x?X-Amz-Signature=s3cr3t",
    )
    .await;
    let mut argv = create_argv();
    argv.push("--json");
    let out = api.run(&Sandbox::new(), &argv).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // The last line: notices (the upload's) come first.
    let error: Value = serde_json::from_str(stderr(&out).trim().lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "insecure_url");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("http://uploads.example.com/udf-uploads/x"),
        "{message}"
    );
    assert!(
        !message.contains("s3cr3t"),
        "the signature is not shown: {message}"
    );
    api.verify().await;
}

/// The upload URL's refusal is its own error; the create call is not sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_upload_stops_before_the_create_call() {
    let api = Api::start().await;
    expect_upload_session(&api, &presigned(&api)).await;
    expect_put(
        &api,
        ResponseTemplate::new(403).set_body_string("<Error><Code>AccessDenied</Code></Error>"),
    )
    .await;
    let mut argv = create_argv();
    argv.push("--json");
    let out = api.run(&Sandbox::new(), &argv).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // The last line: notices (the upload's) come first.
    let error: Value = serde_json::from_str(stderr(&out).trim().lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "upload_rejected");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("HTTP 403") && message.contains("AccessDenied"),
        "{message}"
    );
    assert!(!message.contains("s1gn4ture"), "{message}");
    assert_eq!(api.seen().await.len(), 2, "no create call");
    api.server.verify().await;
}

/// A missing, empty or non-zip archive, or a bad combination, exits 2 with nothing sent.
#[tokio::test(flavor = "multi_thread")]
async fn bad_archives_and_options_are_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.zip");
    std::fs::write(&empty, b"").unwrap();
    let text = dir.path().join("main.py");
    std::fs::write(&text, b"print(1)\n").unwrap();
    let missing = dir.path().join("missing.zip");
    // Sparse: one byte over the cap costs no disk.
    let huge = dir.path().join("huge.zip");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(256 * 1024 * 1024 + 1).unwrap();
    let cases: [(&str, &str, &str); 5] = [
        (missing.to_str().unwrap(), "", "cannot open it"),
        (
            huge.to_str().unwrap(),
            "",
            "at most 268435456 bytes (256 MiB)",
        ),
        (empty.to_str().unwrap(), "", "the file is empty"),
        (text.to_str().unwrap(), "", "not a zip archive"),
        (
            UDF_ARCHIVE,
            "--pool-size",
            "--pool-size is for --type executable_pool",
        ),
    ];
    for (file, extra, wanted) in cases {
        for leaf in [&["udf", "create"][..], &["udf", "version", "create"]] {
            let api = Api::start().await;
            let mut argv = leaf.to_vec();
            argv.extend([
                "hello",
                "--org-id",
                ORG,
                "--file",
                file,
                "--runtime",
                "native",
                "--return-type",
                "String",
            ]);
            if !extra.is_empty() {
                argv.extend([extra, "3"]);
            }
            let out = api.run(&Sandbox::new(), &argv).await;
            assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
            assert!(stderr(&out).contains(wanted), "{argv:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("nothing was sent"),
                "{}",
                stderr(&out)
            );
            assert_eq!(api.seen().await, Vec::<String>::new(), "{argv:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn names_are_checked_by_the_specs_pattern() {
    for name in ["1st", "has-dash", "", "naïve"] {
        let out = cloud()
            .args(["udf", "get", name, "--org-id", ORG])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name:?}: {}", stderr(&out));
    }
    let out = cloud()
        .args(
            [
                &["udf", "create", "hello"][..],
                &DEFINITION[..6],
                &["--arg", "x"],
                &DEFINITION[6..],
            ]
            .concat(),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("NAME:TYPE"), "{}", stderr(&out));
}

/// `--dry-run` shows the three requests and sends none of them.
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_plans_the_upload_session_the_put_and_the_create() {
    let api = Api::start().await;
    let mut argv = create_argv();
    argv.extend(["--dry-run", "--json"]);
    let out = api.run(&Sandbox::new(), &argv).await;
    let plan: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(plan["method"], "POST");
    assert!(
        plan["url"].as_str().unwrap().ends_with("/udfUploads/url"),
        "{plan}"
    );
    assert_eq!(plan["then"][0]["method"], "PUT");
    assert!(
        plan["then"][0]["body"]
            .as_str()
            .unwrap()
            .contains("without the API credential"),
        "{plan}"
    );
    assert_eq!(plan["then"][1]["method"], "POST");
    assert_eq!(plan["then"][1]["body"]["functionName"], "hello");
    assert_eq!(plan["then"].as_array().unwrap().len(), 2);
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// Lists follow `pagination.nextCursor`; `--json` prints the items of every page as one array.
#[tokio::test(flavor = "multi_thread")]
async fn list_follows_every_page() {
    let api = Api::start().await;
    let page = |items: Vec<Value>, next: Value| {
        ResponseTemplate::new(200).set_body_json(envelope(json!({
            "items": items,
            "pagination": {"totalRecords": 3, "currentCursor": null, "nextCursor": next, "limit": 2}
        })))
    };
    Mock::given(method("GET"))
        .and(path(udfs()))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(vec![udf(1), udf(1)], json!("c2")))
        .expect(1)
        .mount(&api.server)
        .await;
    Mock::given(method("GET"))
        .and(path(udfs()))
        .and(query_param("cursor", "c2"))
        .respond_with(page(vec![udf(3)], Value::Null))
        .expect(1)
        .mount(&api.server)
        .await;
    let out = api
        .run(&Sandbox::new(), &["udf", "list", "--org-id", ORG, "--json"])
        .await;
    let listed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(listed, json!([udf(1), udf(1), udf(3)]));
    api.server.verify().await;
}

/// The other leaves: each sends exactly its request.
#[tokio::test(flavor = "multi_thread")]
async fn each_leaf_sends_its_exact_request() {
    let hello = format!("{}/hello", udfs());
    let attachment = json!({
        "functionName": "hello", "serviceId": SERVICE, "status": "provisioning", "version": 2
    });
    // argv, method, path, body, result
    type Case<'a> = (Vec<&'a str>, &'a str, String, Option<Value>, Value);
    let cases: Vec<Case> = vec![
        (
            vec!["udf", "get", "hello"],
            "GET",
            hello.clone(),
            None,
            udf(1),
        ),
        (
            vec!["udf", "attach", "hello", SERVICE, "--version", "2"],
            "PUT",
            format!("{hello}/attachments/{SERVICE}"),
            Some(json!({"version": 2})),
            attachment.clone(),
        ),
        (
            vec!["udf", "attach", "hello", SERVICE],
            "PUT",
            format!("{hello}/attachments/{SERVICE}"),
            Some(json!({})),
            attachment.clone(),
        ),
        (
            vec!["udf", "attachment", "get", "hello", SERVICE],
            "GET",
            format!("{hello}/attachments/{SERVICE}"),
            None,
            attachment.clone(),
        ),
        (
            vec!["udf", "detach", "hello", SERVICE],
            "DELETE",
            format!("{hello}/attachments/{SERVICE}"),
            None,
            Value::Null,
        ),
        (
            vec!["udf", "version", "delete", "hello", "3", "--yes"],
            "DELETE",
            format!("{hello}/versions/3"),
            None,
            Value::Null,
        ),
        (
            vec!["udf", "delete", "hello", "--yes"],
            "DELETE",
            hello.clone(),
            None,
            Value::Null,
        ),
    ];
    for (argv, verb, route, body, result) in cases {
        let api = Api::start().await;
        api.expect(verb, &route, body, result).await;
        let mut args = argv.clone();
        args.extend(["--org-id", ORG]);
        success(&api.run(&Sandbox::new(), &args).await);
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn deletes_need_yes_without_a_terminal() {
    for argv in [
        &["udf", "delete", "hello", "--org-id", ORG][..],
        &["udf", "version", "delete", "hello", "1", "--org-id", ORG],
    ] {
        let api = Api::start().await;
        let out = api.run(&Sandbox::new(), argv).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}");
        assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
        assert_eq!(api.seen().await, Vec::<String>::new());
    }
}

/// Against the emulator: a UDF made with the admin key, then an OAuth login reads it and is
/// refused every write before anything mutating is sent.
#[test]
fn under_an_oauth_login_reads_work_and_writes_are_refused() {
    use crate::e2e_service_config::{
        oauth_emulator, reads_work_and_writes_are_refused_under_oauth,
    };
    let emulator = oauth_emulator();
    let admin = emulator.admin_key();
    let out = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &admin.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &admin.secret)
        .args([&["udf", "create", "hello"][..], &DEFINITION].concat())
        .output()
        .unwrap();
    success(&out);
    let svc = emulator::DEMO_SERVICE_ID;
    let create = [&["udf", "create", "other"][..], &DEFINITION].concat();
    let version = [&["udf", "version", "create", "hello"][..], &DEFINITION].concat();
    reads_work_and_writes_are_refused_under_oauth(
        &emulator,
        &[
            &["udf", "list"],
            &["udf", "get", "hello"],
            &["udf", "version", "list", "hello"],
            &["udf", "attachment", "list", "hello"],
        ],
        &[
            &create,
            &version,
            &["udf", "attach", "hello", svc],
            &["udf", "detach", "hello", svc],
            &["udf", "version", "delete", "hello", "1", "--yes"],
            &["udf", "delete", "hello", "--yes"],
        ],
    );
}

/// An unreachable upload URL is a network error that does not show the URL's signature.
#[tokio::test(flavor = "multi_thread")]
async fn a_failed_upload_never_shows_the_urls_signature() {
    let api = Api::start().await;
    expect_upload_session(
        &api,
        "http://127.0.0.1:1/udf-uploads/x?X-Amz-Signature=s3cr3t",
    )
    .await;
    let mut argv = create_argv();
    argv.extend(["--json", "--debug"]);
    let out = api.run(&Sandbox::new(), &argv).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(!text.contains("s3cr3t"), "{text}");
    let error: Value = serde_json::from_str(text.trim().lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "network", "{text}");
    api.verify().await;
}
