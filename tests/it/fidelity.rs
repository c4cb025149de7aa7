//! `--json` prints the API's `result` as sent: every field, known to this version or not,
//! in the API's order, with its values untouched. Swept over every read command that prints
//! a result, against a server whose answers carry fields no model has.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

const ORG: &str = "1e000000-0000-4000-8000-000000000001";
const ID: &str = "5e000000-0000-4000-8000-000000000001";

/// Each read command that prints an API result, with the arguments it needs, and whether
/// its `result` is a list.
const READS: &[(&[&str], bool)] = &[
    (&["org", "list"], true),
    (&["org", "get", ORG], false),
    (
        &[
            "org",
            "usage",
            "--from-date",
            "2026-11-01",
            "--to-date",
            "2026-11-02",
        ],
        false,
    ),
    (&["service", "list"], true),
    (&["service", "get", ID], false),
    (&["service", "backup-config", "get", ID], false),
    (&["service", "query-endpoint", "get", ID], false),
    (&["service", "private-endpoint", "get-config", ID], false),
    (&["service", "scaling-schedule", "get", ID], false),
    (&["service", "upgrade-window", "get", ID], false),
    (&["service", "settings", "list", ID], false),
    (&["service", "settings", "get", ID, "max_threads"], false),
    (&["service", "settings", "schema", ID], false),
    (&["service", "backup-bucket", "get", ID], false),
    (&["org", "quota", "list"], true),
    (&["org", "quota", "get", "services-per-organization"], false),
    (
        &[
            "org",
            "private-endpoint-config",
            "--provider",
            "aws",
            "--region",
            "us-east-1",
        ],
        false,
    ),
    (&["backup", "list", ID], true),
    (&["backup", "get", ID, ID], false),
    (&["member", "list"], true),
    (&["member", "get", ID], false),
    (&["invitation", "list"], true),
    (&["invitation", "get", ID], false),
    (&["key", "list"], true),
    (&["key", "get", ID], false),
    (&["activity", "list"], true),
    (&["role", "list"], true),
    (&["role", "get", ID], false),
    (&["clickstack", "dashboard", "list", ID], true),
    (&["clickstack", "alert", "list", ID], true),
    (&["clickstack", "source", "list", ID], true),
    (&["clickstack", "webhook", "list", ID], true),
    (&["clickstack", "role", "list", ID], true),
    (&["clickstack", "saved-search", "list", ID], true),
    (&["clickstack", "dashboard", "get", ID, "abc"], false),
    (&["clickstack", "alert", "get", ID, "abc"], false),
    (&["clickstack", "source", "get", ID, "abc"], false),
    (&["clickstack", "role", "get", ID, "abc"], false),
    (&["clickstack", "saved-search", "get", ID, "abc"], false),
    (
        &["activity", "get", "ae000000-0000-4000-8000-000000000011"],
        false,
    ),
    (&["udf", "list"], true),
    (&["udf", "get", "parse_agent"], false),
    (&["udf", "version", "list", "parse_agent"], true),
    (&["udf", "attachment", "list", "parse_agent"], true),
    (&["udf", "attachment", "get", "parse_agent", ID], false),
    (&["clickpipe", "list", ID], true),
    (&["clickpipe", "get", ID, ID], false),
    (&["clickpipe", "settings", "get", ID, ID], false),
    (&["clickpipe", "cdc-scaling", "get", ID], false),
    (&["clickpipe", "reverse-private-endpoint", "list", ID], true),
    (
        &["clickpipe", "reverse-private-endpoint", "get", ID, ID],
        false,
    ),
    (&["postgres", "list"], true),
    (&["postgres", "get", ID], false),
    (&["postgres", "config", "get", ID], false),
    (&["postgres", "metrics", ID], false),
    (&["postgres", "slow-query", "list", ID], true),
    (
        &[
            "postgres",
            "slow-query",
            "get",
            ID,
            "q1",
            "--db-name",
            "d",
            "--db-user",
            "u",
            "--db-operation",
            "SELECT",
        ],
        false,
    ),
];

/// Reads of cursor-paginated lists: the API sends `{items, pagination}`, and the command
/// prints the items (of every page) as one array.
const PAGED: &[&str] = &["udf list", "udf version list", "udf attachment list"];

fn is_paged(argv: &[&str]) -> bool {
    let path: Vec<&str> = argv
        .iter()
        .copied()
        .filter(|a| *a != "parse_agent")
        .collect();
    PAGED.contains(&path.join(" ").as_str())
}

/// What the server answers for `result`: the items wrapped in one last page when paged.
fn served(argv: &[&str], result: &Value) -> Value {
    if is_paged(argv) {
        json!({
            "items": result,
            "pagination": {"totalRecords": 2, "currentCursor": null, "nextCursor": null, "limit": 100}
        })
    } else {
        result.clone()
    }
}

/// Read commands that print no API `result` as JSON: the reason is next to each.
const NOT_RESULTS: &[&str] = &[
    "auth login",          // local state, its own object
    "auth logout",         // local state
    "auth status",         // local state, its own object
    "auth token",          // a token, as text
    "org prometheus",      // Prometheus text, as sent
    "service prometheus",  // Prometheus text, as sent
    "service client",      // a command line
    "postgres prometheus", // Prometheus text, as sent
    "postgres certs get",  // a PEM certificate, as sent
    "service query",       // ClickHouse's own format, streamed as sent (commands::sql)
    "api",                 // the whole reply, tested in commands::api
    "commands",            // the catalog
    "completion",          // a shell script
    "man",                 // manual pages
    // One element of the list's result (the API cannot get one webhook), as sent:
    // commands::clickstack::get_prints_the_object_as_sent_under_json.
    "clickstack webhook get",
    // Local settings, their own objects.
    "context list",
    "context use",
    "context show",
    "context rename",
    "context delete",
    "config list",
    "config get",
    "config set",
    "config unset",
];

/// An object with fields no version of `cloud` models, odd characters and exact numbers.
fn unknown_fields_object() -> Value {
    json!({
        "zeta": "last letter, first key",
        "id": ID,
        "name": "naïve — ünïcödé ✓",
        "futureField": { "nested": [1, -2, 2.5, true, null, { "deep": "" }] },
        "emptyList": [],
        "bigNumber": 9007199254740993u64,
        "alpha": false
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_is_the_result_as_sent_for_every_read_command() {
    for (argv, is_list) in READS {
        let result = if *is_list {
            json!([unknown_fields_object(), { "only": "unknown" }])
        } else {
            unknown_fields_object()
        };
        let api = Api::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(envelope(served(argv, &result))))
            .expect(1)
            .mount(&api.server)
            .await;
        let mut args = argv.to_vec();
        if !matches!(argv[..2], ["org", "list" | "get"]) {
            args.extend(["--org-id", ORG]);
        }
        args.push("--json");
        let out = api.run(&Sandbox::new(), &args).await;
        let stdout = success(&out);
        assert_eq!(
            stdout,
            format!("{}\n", serde_json::to_string_pretty(&result).unwrap()),
            "{argv:?}"
        );
        // One line per element under --ndjson, each the element as sent.
        args.push("--ndjson");
        let api = Api::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(envelope(served(argv, &result))))
            .mount(&api.server)
            .await;
        let out = api.run(&Sandbox::new(), &args).await;
        let expected: String = match &result {
            Value::Array(items) => items.iter().map(|i| format!("{i}\n")).collect(),
            other => format!("{other}\n"),
        };
        assert_eq!(success(&out), expected, "{argv:?} --ndjson");
    }
}

#[test]
fn the_sweep_covers_every_read_command() {
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<Value> = serde_json::from_str(&success(&out)).unwrap();
    let reads: BTreeSet<String> = entries
        .iter()
        .filter(|e| e["access"] == "read")
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    let swept: BTreeSet<String> = READS
        .iter()
        .map(|(argv, _)| {
            argv.iter()
                .take_while(|a| {
                    !a.starts_with("--")
                        && **a != ORG
                        && **a != ID
                        && !a.starts_with("ae")
                        && **a != "max_threads"
                        && **a != "services-per-organization"
                        && **a != "parse_agent"
                })
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .chain(NOT_RESULTS.iter().map(|s| (*s).to_owned()))
        .collect();
    assert_eq!(swept, reads);
}

/// `--json` checks a reply and copies its `result` in one pass: a body refused anywhere,
/// even after the whole `result` was copied, prints nothing on stdout and one error; a
/// body the pass leaves to serde (valid, but nested deeper than it goes) still prints.
#[tokio::test(flavor = "multi_thread")]
async fn a_body_refused_after_its_result_was_copied_prints_nothing() {
    let rows = r#"[{"id":"a","name":"x"},{"id":"b","name":"y"}]"#;
    let refused = [
        format!(r#"{{"status":200,"result":{rows},"requestId":"r","extra":[1,]}}"#),
        format!(r#"{{"status":200,"result":{rows}}} trailing"#),
        format!(r#"{{"result":{rows},"result":[]}}"#),
        format!(r#"{{"result":{rows},"note":"bad \x escape"}}"#),
        r#"{"result":[{"id":"a","name":"x"},{"id":"b","name":"y\u12"}]}"#.to_owned(),
        r#"{"result":[{"id":"a"}"#.to_owned(),
    ];
    /// `cloud service list --json` against a server that answers `reply`.
    async fn list_json(reply: ResponseTemplate) -> std::process::Output {
        let api = Api::start().await;
        Mock::given(method("GET"))
            .respond_with(reply)
            .mount(&api.server)
            .await;
        let args = ["service", "list", "--org-id", ORG, "--json"];
        api.run(&Sandbox::new(), &args).await
    }
    for body in &refused {
        let out =
            list_json(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
                .await;
        assert!(
            out.stdout.is_empty(),
            "{body}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(out.status.code(), Some(1), "{body}");
        let error: Value = serde_json::from_slice(&out.stderr).expect("one JSON error");
        assert_eq!(
            error["error"]["code"], "invalid_response",
            "{body}: {error}"
        );
    }
    // 110 levels: valid JSON (serde reads up to 128), deeper than the one pass goes.
    let deep = (0..110).fold(json!("bottom"), |inner, _| json!([inner]));
    let deep_rows = json!([{ "id": ID, "deep": deep }]);
    let out =
        list_json(ResponseTemplate::new(200).set_body_json(envelope(deep_rows.clone()))).await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, deep_rows);
}
