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

/// The query `activity list ARGS` sends, as `(name, value)` pairs.
async fn activity_query(args: &[&str]) -> Vec<(String, String)> {
    let api = Api::start().await;
    api.expect("GET", &activities_path(), None, json!([])).await;
    let mut argv = vec!["activity", "list", "--org-id", ORG];
    argv.extend_from_slice(args);
    let out = api.run(&Sandbox::new(), &argv).await;
    success(&out);
    let requests = api.server.received_requests().await.unwrap();
    api.verify().await;
    requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// `--since`/`--until` with dates and RFC 3339 date-times send exact instants: a date is the
/// whole UTC day, a date-time is converted to UTC.
#[tokio::test(flavor = "multi_thread")]
async fn list_since_and_until_send_exact_instants() {
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    type Case = (&'static [&'static str], Vec<(String, String)>);
    let cases: [Case; 4] = [
        (
            &["--since", "2026-01-01", "--until", "2026-01-31"],
            vec![
                pair("from_date", "2026-01-01T00:00:00Z"),
                pair("to_date", "2026-01-31T23:59:59Z"),
            ],
        ),
        (
            &["--since", "2026-01-01T12:30:00+02:00"],
            vec![pair("from_date", "2026-01-01T10:30:00Z")],
        ),
        (
            &["--until", "2026-03-01T00:00:00Z"],
            vec![pair("to_date", "2026-03-01T00:00:00Z")],
        ),
        // Mixed with the official CLI's names where they do not overlap.
        (
            &[
                "--from-date",
                "2026-01-01",
                "--until",
                "2026-01-02T06:00:00Z",
            ],
            vec![
                pair("from_date", "2026-01-01T00:00:00Z"),
                pair("to_date", "2026-01-02T06:00:00Z"),
            ],
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(activity_query(args).await, expected, "{args:?}");
    }
}

/// A duration is back from now: the instant sent is within seconds of now minus it.
#[tokio::test(flavor = "multi_thread")]
async fn list_since_a_duration_is_that_long_ago() {
    for (text, seconds) in [
        ("30m", 1_800),
        ("2h", 7_200),
        ("3d", 259_200),
        ("1w", 604_800),
    ] {
        let before = jiff::Timestamp::now().as_second();
        let query = activity_query(&["--since", text]).await;
        let after = jiff::Timestamp::now().as_second();
        assert_eq!(query.len(), 1, "{query:?}");
        assert_eq!(query[0].0, "from_date");
        let sent: jiff::Timestamp = query[0].1.parse().unwrap();
        assert!(!query[0].1.contains('.'), "whole seconds: {}", query[0].1);
        let sent = sent.as_second();
        assert!(
            (before - seconds - 1..=after - seconds).contains(&sent),
            "{text}: sent {sent}, expected {}..={}",
            before - seconds,
            after - seconds
        );
    }
}

/// Overlapping flags conflict, `--until` before `--since` is exit 2, and a bad value names
/// what is accepted: nothing is sent.
#[tokio::test(flavor = "multi_thread")]
async fn list_since_and_until_refuse_bad_input_before_any_request() {
    for (args, says) in [
        (
            &["--since", "2h", "--from-date", "2026-01-01"][..],
            "cannot be used with",
        ),
        (
            &["--until", "1d", "--to-date", "2026-01-01"],
            "cannot be used with",
        ),
        (
            &["--since", "1h", "--until", "2h"],
            "--until is before --since",
        ),
        (
            &["--from-date", "2026-02-01", "--until", "2026-01-31"],
            "--until is before --from-date",
        ),
        (&["--since", "yesterday"], "e.g. 2h, 3d, 1w"),
        (&["--since", "2026-02-30"], "not a real calendar date"),
    ] {
        let api = Api::start().await;
        let mut argv = vec!["activity", "list", "--org-id", ORG];
        argv.extend_from_slice(args);
        let out = api.run(&Sandbox::new(), &argv).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        api.verify().await;
    }
}
