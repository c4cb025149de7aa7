use serde_json::json;

use crate::support::*;

fn org() -> serde_json::Value {
    json!({
        "id": ORG,
        "name": "Acme",
        "createdAt": "2024-05-01T10:00:00Z",
        "privateEndpoints": [],
        "enableCoreDumps": false
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_a_table() {
    let api = Api::start().await;
    api.expect("GET", "/v1/organizations", None, json!([org()]))
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list"]).await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_json_is_the_result_as_sent() {
    let api = Api::start().await;
    api.expect(
        "GET",
        "/v1/organizations",
        None,
        json!([{ "id": ORG, "futureField": 1 }]),
    )
    .await;
    let out = api.run(&Sandbox::new(), &["org", "list", "--json"]).await;
    let printed: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!([{ "id": ORG, "futureField": 1 }]));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_one_organization() {
    let api = Api::start().await;
    api.expect("GET", &format!("/v1/organizations/{ORG}"), None, org())
        .await;
    let out = api.run(&Sandbox::new(), &["org", "get", ORG]).await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_sends_only_the_given_fields() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &format!("/v1/organizations/{ORG}"),
        Some(json!({
            "name": "Acme Labs",
            "privateEndpoints": { "remove": [{ "id": "vpce-1" }, { "id": "vpce-2" }] },
            "enableCoreDumps": true
        })),
        org(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "update",
                ORG,
                "--name",
                "Acme Labs",
                "--remove-private-endpoint",
                "vpce-1",
                "--remove-private-endpoint",
                "vpce-2",
                "--enable-core-dumps",
                "true",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_without_changes_is_a_usage_error_and_sends_nothing() {
    let api = Api::start().await;
    let out = api.run(&Sandbox::new(), &["org", "update", ORG]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing to change"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn prometheus_prints_the_metrics_text() {
    let api = Api::start().await;
    let metrics = "# HELP ClickHouse_ServiceInfo Information about the service\nClickHouse_ServiceInfo{clickhouse_org=\"x\"} 1\n";
    let mock = wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(format!(
            "/v1/organizations/{ORG}/prometheus"
        )))
        .and(wiremock::matchers::query_param("filtered_metrics", "true"))
        .and(basic_auth_header())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_string(metrics))
        .expect(1);
    api.server.register(mock).await;
    api.expect_single_org().await;
    let out = api
        .run(
            &Sandbox::new(),
            &["org", "prometheus", "--filtered-metrics", "true"],
        )
        .await;
    assert_eq!(success(&out), metrics);
    let seen = api.seen().await;
    assert_eq!(
        seen,
        [
            "GET /v1/organizations",
            &format!("GET /v1/organizations/{ORG}/prometheus")
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_sends_dates_and_repeated_filters() {
    let api = Api::start().await;
    let mock = wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(format!(
            "/v1/organizations/{ORG}/usageCost"
        )))
        .and(wiremock::matchers::query_param("from_date", "2026-01-01"))
        .and(wiremock::matchers::query_param("to_date", "2026-01-31"))
        .and(basic_auth_header())
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(envelope(json!({
                "grandTotalCHC": 12.5,
                "costs": [{
                    "date": "2026-01-01", "entityType": "service", "entityId": SERVICE,
                    "entityName": "analytics", "totalCHC": 12.5, "locked": true
                }]
            }))),
        )
        .expect(1);
    api.server.register(mock).await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "usage",
                "--org-id",
                ORG,
                "--from-date",
                "2026-01-01",
                "--to-date",
                "2026-01-31",
                "--filter",
                "tag:env=prod",
                "--filter",
                "tag:team",
            ],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    let requests = api.server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        Some("from_date=2026-01-01&to_date=2026-01-31&filter=tag%3Aenv%3Dprod&filter=tag%3Ateam")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_longer_than_31_days_is_refused_before_any_request() {
    let api = Api::start().await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "usage",
                "--org-id",
                ORG,
                "--from-date",
                "2026-01-01",
                "--to-date",
                "2026-03-01",
            ],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at most 31 days"), "{}", stderr(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_list_says_so_on_stderr_and_prints_nothing() {
    let api = Api::start().await;
    api.expect("GET", "/v1/organizations", None, json!([]))
        .await;
    let out = api.run(&Sandbox::new(), &["org", "list"]).await;
    assert_eq!(success(&out), "");
    assert_eq!(stderr(&out).trim(), "No results.");
    api.verify().await;
}

/// `org usage --since`/`--until`: the report takes whole days, so the UTC day of each is sent;
/// without an end, today.
#[tokio::test(flavor = "multi_thread")]
async fn usage_since_and_until_send_their_days() {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let week_ago = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(7 * 24))
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let cases: [(&[&str], String, String); 3] = [
        (
            &[
                "--since",
                "2026-01-01T23:30:00-02:00",
                "--until",
                "2026-01-05",
            ],
            "2026-01-02".into(),
            "2026-01-05".into(),
        ),
        (&["--since", "1w"], week_ago.to_string(), today.to_string()),
        (
            &[
                "--from-date",
                "2026-01-01",
                "--until",
                "2026-01-03T10:00:00Z",
            ],
            "2026-01-01".into(),
            "2026-01-03".into(),
        ),
    ];
    for (args, from, to) in cases {
        let api = Api::start().await;
        api.expect(
            "GET",
            &format!("/v1/organizations/{ORG}/usageCost"),
            None,
            json!({ "grandTotalCHC": 0, "costs": [] }),
        )
        .await;
        let mut argv = vec!["org", "usage", "--org-id", ORG];
        argv.extend_from_slice(args);
        let out = api.run(&Sandbox::new(), &argv).await;
        success(&out);
        let requests = api.server.received_requests().await.unwrap();
        assert_eq!(
            requests[0].url.query(),
            Some(format!("from_date={from}&to_date={to}").as_str()),
            "{args:?}"
        );
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_needs_a_start_and_refuses_an_end_before_it() {
    for (args, says) in [
        (&[][..], "--from-date"),
        (&["--from-date", "2026-01-01"], "--to-date"),
        (
            &["--since", "1d", "--until", "3d"],
            "--until is before --since",
        ),
        (
            &["--since", "1w", "--from-date", "2026-01-01"],
            "cannot be used with",
        ),
    ] {
        let api = Api::start().await;
        let mut argv = vec!["org", "usage", "--org-id", ORG];
        argv.extend_from_slice(args);
        let out = api.run(&Sandbox::new(), &argv).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        api.verify().await;
    }
}
