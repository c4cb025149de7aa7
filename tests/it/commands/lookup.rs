//! Names instead of IDs (`service get analytics`): an ID is used as given with no extra
//! request; a name costs one list request, then the command goes on with the ID it found; no
//! match is exit 5, several are exit 2 (`ambiguous_name`) listing them.

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::emulator::*;
use crate::support::*;

const KEY: &str = "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b";
const USER: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const INVITATION: &str = "6c5b4a39-2817-4f6e-8d5c-4b3a29180716";
const ROLE: &str = "7e000000-0000-4000-8000-0000000000c1";
const BACKUP: &str = "be000000-0000-4000-8000-0000000000aa";
const OTHER: &str = "0f0e0d0c-0b0a-4908-8706-050403020100";

fn org_path(rest: &str) -> String {
    format!("/v1/organizations/{ORG}{rest}")
}

/// What a noun's list answers: the resource with the name, and another one.
fn listing(noun: Noun) -> (String, Value) {
    match noun {
        Noun::Service => (
            org_path("/services"),
            json!([
                { "id": OTHER, "name": "etl" },
                { "id": SERVICE, "name": "analytics" }
            ]),
        ),
        Noun::Key => (
            org_path("/keys"),
            json!([
                { "id": OTHER, "name": "deploy" },
                { "id": KEY, "name": "ci" }
            ]),
        ),
        Noun::Member => (
            org_path("/members"),
            json!([
                { "userId": OTHER, "name": "Bob", "email": "bob@example.com" },
                { "userId": USER, "name": "Ada Lovelace", "email": "ada@example.com" }
            ]),
        ),
        Noun::Invitation => (
            org_path("/invitations"),
            json!([
                { "id": OTHER, "email": "bob@example.com" },
                { "id": INVITATION, "email": "ada@example.com" }
            ]),
        ),
        Noun::Role => (
            org_path("/roles"),
            json!([
                { "id": OTHER, "name": "Admin", "type": "system" },
                { "id": ROLE, "name": "Viewers", "type": "custom" }
            ]),
        ),
    }
}

#[derive(Clone, Copy, Debug)]
enum Noun {
    Service,
    Key,
    Member,
    Invitation,
    Role,
}

impl Noun {
    /// The name the listing above gives the resource, and its ID.
    fn name_and_id(self) -> (&'static str, &'static str) {
        match self {
            Noun::Service => ("analytics", SERVICE),
            Noun::Key => ("ci", KEY),
            Noun::Member => ("ada@example.com", USER),
            Noun::Invitation => ("ada@example.com", INVITATION),
            Noun::Role => ("Viewers", ROLE),
        }
    }
}

/// One command with a resource argument: its words (`{}` is the resource), what it names, and
/// the request it makes with the ID.
struct Row {
    args: &'static [&'static str],
    noun: Noun,
    verb: &'static str,
    /// After `/v1/organizations/{ORG}`, `{}` is the ID.
    action: &'static str,
}

const fn row(
    args: &'static [&'static str],
    noun: Noun,
    verb: &'static str,
    action: &'static str,
) -> Row {
    Row {
        args,
        noun,
        verb,
        action,
    }
}

/// Every command whose argument takes a name (the private endpoints are tested below).
const ROWS: &[Row] = &[
    row(
        &["service", "get", "{}"],
        Noun::Service,
        "GET",
        "/services/{}",
    ),
    row(
        &["service", "prometheus", "{}"],
        Noun::Service,
        "GET",
        "/services/{}/prometheus",
    ),
    row(
        &["service", "delete", "{}", "--yes"],
        Noun::Service,
        "DELETE",
        "/services/{}",
    ),
    row(
        &["service", "start", "{}"],
        Noun::Service,
        "PATCH",
        "/services/{}/state",
    ),
    row(
        &["service", "stop", "{}"],
        Noun::Service,
        "PATCH",
        "/services/{}/state",
    ),
    row(
        &["service", "update", "{}", "--name", "analytics-2"],
        Noun::Service,
        "PATCH",
        "/services/{}",
    ),
    row(
        &["service", "scale", "{}", "--num-replicas", "2"],
        Noun::Service,
        "PATCH",
        "/services/{}/replicaScaling",
    ),
    row(
        &["service", "reset-password", "{}", "--yes"],
        Noun::Service,
        "PATCH",
        "/services/{}/password",
    ),
    row(
        &["service", "backup-config", "get", "{}"],
        Noun::Service,
        "GET",
        "/services/{}/backupConfiguration",
    ),
    row(
        &[
            "service",
            "backup-config",
            "update",
            "{}",
            "--backup-period-hours",
            "24",
        ],
        Noun::Service,
        "PATCH",
        "/services/{}/backupConfiguration",
    ),
    row(
        &["service", "query-endpoint", "get", "{}"],
        Noun::Service,
        "GET",
        "/services/{}/serviceQueryEndpoint",
    ),
    row(
        &[
            "service",
            "query-endpoint",
            "create",
            "{}",
            "--role",
            "sql_console_read_only",
            "--open-api-key",
            "k1",
        ],
        Noun::Service,
        "POST",
        "/services/{}/serviceQueryEndpoint",
    ),
    row(
        &["service", "query-endpoint", "delete", "{}", "--yes"],
        Noun::Service,
        "DELETE",
        "/services/{}/serviceQueryEndpoint",
    ),
    row(
        &["service", "private-endpoint", "get-config", "{}"],
        Noun::Service,
        "GET",
        "/services/{}/privateEndpointConfig",
    ),
    row(
        &[
            "service",
            "private-endpoint",
            "create",
            "{}",
            "--endpoint-id",
            "vpce-1",
        ],
        Noun::Service,
        "POST",
        "/services/{}/privateEndpoint",
    ),
    row(
        &["backup", "list", "{}"],
        Noun::Service,
        "GET",
        "/services/{}/backups",
    ),
    row(
        &["backup", "get", "{}", BACKUP],
        Noun::Service,
        "GET",
        "/services/{}/backups/be000000-0000-4000-8000-0000000000aa",
    ),
    row(&["key", "get", "{}"], Noun::Key, "GET", "/keys/{}"),
    row(
        &["key", "update", "{}", "--state", "disabled"],
        Noun::Key,
        "PATCH",
        "/keys/{}",
    ),
    row(
        &["key", "delete", "{}", "--yes"],
        Noun::Key,
        "DELETE",
        "/keys/{}",
    ),
    row(&["member", "get", "{}"], Noun::Member, "GET", "/members/{}"),
    row(
        &["member", "update", "{}", "--role-id", OTHER],
        Noun::Member,
        "PATCH",
        "/members/{}",
    ),
    row(
        &["member", "remove", "{}", "--yes"],
        Noun::Member,
        "DELETE",
        "/members/{}",
    ),
    row(
        &["invitation", "get", "{}"],
        Noun::Invitation,
        "GET",
        "/invitations/{}",
    ),
    row(
        &["invitation", "delete", "{}", "--yes"],
        Noun::Invitation,
        "DELETE",
        "/invitations/{}",
    ),
    row(&["role", "get", "{}"], Noun::Role, "GET", "/roles/{}"),
    row(
        &["role", "update", "{}", "--name", "Readers"],
        Noun::Role,
        "PATCH",
        "/roles/{}",
    ),
    row(
        &["role", "delete", "{}", "--yes"],
        Noun::Role,
        "DELETE",
        "/roles/{}",
    ),
];

/// The row's words with `value` for the resource, and `--org-id` so no organization lookup is
/// made.
fn argv(row: &Row, value: &str) -> Vec<String> {
    let mut argv: Vec<String> = row
        .args
        .iter()
        .map(|a| if *a == "{}" { value } else { *a }.to_owned())
        .collect();
    argv.extend(["--org-id".to_owned(), ORG.to_owned()]);
    argv
}

fn action_path(row: &Row, id: &str) -> String {
    org_path(&row.action.replace("{}", id))
}

/// A reply every handler can render: the fields the commands read, nothing required.
fn reply() -> Value {
    json!({
        "id": SERVICE,
        "name": "analytics",
        "state": "running",
        "endpoints": [{ "protocol": "nativesecure", "host": "h.example.com", "port": 9440 }]
    })
}

/// The action's reply: `prometheus` answers text, the others JSON.
fn action_reply(row: &Row) -> ResponseTemplate {
    if row.action.ends_with("/prometheus") {
        ResponseTemplate::new(200).set_body_string("metric 1\n")
    } else if row.action.ends_with("/backups") {
        ResponseTemplate::new(200).set_body_json(envelope(json!([])))
    } else {
        ResponseTemplate::new(200).set_body_json(envelope(reply()))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_name_costs_one_list_request_then_the_action_uses_the_id() {
    let mut failures = Vec::new();
    for row in ROWS {
        let api = Api::start().await;
        let (list, body) = listing(row.noun);
        let (name, id) = row.noun.name_and_id();
        api.expect("GET", &list, None, body).await;
        api.expect_reply(row.verb, &action_path(row, id), None, action_reply(row))
            .await;
        let argv = argv(row, name);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let out = api.run(&Sandbox::new(), &argv).await;
        let seen = api.seen().await;
        let wanted = vec![
            format!("GET {list}"),
            format!("{} {}", row.verb, action_path(row, id)),
        ];
        if !out.status.success() || seen != wanted {
            failures.push(format!(
                "{argv:?}: exit {:?}, requests {seen:?}, stderr: {}",
                out.status.code(),
                stderr(&out)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_makes_no_list_request() {
    let mut failures = Vec::new();
    for row in ROWS {
        let api = Api::start().await;
        let (_, id) = row.noun.name_and_id();
        api.expect_reply(row.verb, &action_path(row, id), None, action_reply(row))
            .await;
        let argv = argv(row, id);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let out = api.run(&Sandbox::new(), &argv).await;
        let seen = api.seen().await;
        if !out.status.success() || seen != [format!("{} {}", row.verb, action_path(row, id))] {
            failures.push(format!(
                "{argv:?}: exit {:?}, requests {seen:?}, stderr: {}",
                out.status.code(),
                stderr(&out)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn neither_an_id_nor_a_name_is_refused_before_any_request() {
    let mut failures = Vec::new();
    for row in ROWS {
        for bad in ["", "a\u{7}b", "a\u{202e}b"] {
            let api = Api::start().await;
            let argv = argv(row, bad);
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let out = api.run(&Sandbox::new(), &argv).await;
            let message = stderr(&out);
            let seen = api.seen().await;
            let ok = out.status.code() == Some(2)
                && message.contains("ID (a UUID) or name")
                && !message.contains(['\u{7}', '\u{202e}'])
                && seen.is_empty();
            if !ok {
                failures.push(format!(
                    "{argv:?}: exit {:?}, requests {seen:?}, stderr: {message}",
                    out.status.code()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn several_matches_are_listed_and_nothing_else_is_sent() {
    let twins = |noun: Noun| -> Value {
        let (_, mut body) = listing(noun);
        let mut twin = body[1].clone();
        let id_field = if matches!(noun, Noun::Member) {
            "userId"
        } else {
            "id"
        };
        twin[id_field] = json!(OTHER);
        body[0] = twin;
        body
    };
    for row in ROWS {
        let api = Api::start().await;
        let (list, _) = listing(row.noun);
        let (name, id) = row.noun.name_and_id();
        api.expect("GET", &list, None, twins(row.noun)).await;
        let mut argv = argv(row, name);
        argv.push("--json".into());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let out = api.run(&Sandbox::new(), &argv).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        let error = &error["error"];
        assert_eq!(error["code"], "ambiguous_name", "{argv:?}");
        assert_eq!(error["exit_code"], 2);
        assert_eq!(error["retryable"], false);
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(id) && message.contains(OTHER) && message.contains(name),
            "{argv:?}: {message}"
        );
        assert!(error["hint"].as_str().unwrap().contains("by its ID"));
        api.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_name_is_not_found_with_the_list_command_as_hint() {
    for (noun, args, list_command) in [
        (
            Noun::Service,
            &["service", "get", "nobody"][..],
            "cloud service list",
        ),
        (
            Noun::Key,
            &["key", "delete", "nobody", "--yes"][..],
            "cloud key list",
        ),
        (
            Noun::Member,
            &["member", "get", "nobody@example.com"][..],
            "cloud member list",
        ),
        (
            Noun::Invitation,
            &["invitation", "get", "nobody@example.com"][..],
            "cloud invitation list",
        ),
    ] {
        let api = Api::start().await;
        let (list, body) = listing(noun);
        api.expect("GET", &list, None, body).await;
        let mut argv = args.to_vec();
        argv.extend(["--org-id", ORG, "--json"]);
        let out = api.run(&Sandbox::new(), &argv).await;
        assert_eq!(out.status.code(), Some(5), "{argv:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        let error = &error["error"];
        let keys: Vec<&String> = error.as_object().unwrap().keys().collect();
        assert_eq!(
            keys.len(),
            8,
            "the JSON error object keeps its eight keys: {keys:?}"
        );
        assert_eq!(error["code"], "not_found");
        assert_eq!(error["exit_code"], 5);
        assert_eq!(error["http_status"], Value::Null);
        assert_eq!(error["retryable"], false);
        assert_eq!(
            error["hint"],
            format!("{list_command} --org-id {ORG}"),
            "{argv:?}"
        );
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains(&format!("\"{}\"", args[2])),
            "{error}"
        );
        api.verify().await;
    }
}

/// The human message lists the candidates, their names made safe for the terminal.
#[tokio::test(flavor = "multi_thread")]
async fn the_candidates_are_shown_to_a_person_with_names_made_safe() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &org_path("/members"),
        None,
        json!([
            { "userId": USER, "name": "Ada", "email": "ada@example.com" },
            { "userId": OTHER, "name": "Ada", "email": "ada\u{1b}[31m@example.org" }
        ]),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["member", "get", "Ada", "--org-id", ORG])
        .await;
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(
        message.contains("2 members have the name or email \"Ada\""),
        "{message}"
    );
    assert!(message.contains(&format!("  {USER}  Ada <ada@example.com>")));
    assert!(message.contains(OTHER));
    api.verify().await;
}

/// Under `--dry-run` the lookup (a GET) is still sent; the write is not.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_still_looks_the_name_up() {
    let api = Api::start().await;
    let (list, body) = listing(Noun::Service);
    api.expect("GET", &list, None, body).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "stop", "analytics", "--org-id", ORG, "--dry-run"],
        )
        .await;
    let printed = success(&out);
    assert!(
        printed.contains(&format!("PATCH {}", api.url()))
            && printed.contains(&format!("/services/{SERVICE}/state")),
        "{printed}"
    );
    api.verify().await;
}

/// A read under an OAuth token looks the name up like any other GET.
#[tokio::test(flavor = "multi_thread")]
async fn the_lookup_is_allowed_under_oauth() {
    let api = Api::start().await;
    let bearer = || header("authorization", "Bearer oauth-token");
    let (list, body) = listing(Noun::Service);
    for (route, result) in [
        (list, body),
        (org_path(&format!("/services/{SERVICE}")), reply()),
    ] {
        Mock::given(method("GET"))
            .and(path(route.clone()))
            .and(bearer())
            .respond_with(ResponseTemplate::new(200).set_body_json(envelope(result)))
            .expect(1)
            .named(route)
            .mount(&api.server)
            .await;
    }
    let mut command = Sandbox::new().cloud();
    command.env("CLOUD_ACCESS_TOKEN", "oauth-token").args([
        "service",
        "get",
        "analytics",
        "--org-id",
        ORG,
    ]);
    let out = api.run_with(command).await;
    assert!(success(&out).contains(SERVICE));
    api.server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn private_endpoints_are_found_by_description_with_one_request_for_all() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &org_path(""),
        None,
        json!({
            "id": ORG,
            "privateEndpoints": [
                { "id": "vpce-0aaa", "description": "ETL VPC" },
                { "id": "pe-custom-7", "description": "" },
                { "id": "vpce-0bbb", "description": "BI VPC" }
            ]
        }),
    )
    .await;
    api.expect(
        "PATCH",
        &org_path(&format!("/services/{SERVICE}")),
        Some(json!({
            "privateEndpointIds": {
                "add": ["vpce-0aaa", "pe-custom-7"],
                "remove": ["vpce-0ccc", "vpce-0bbb"]
            }
        })),
        reply(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "service",
                "update",
                SERVICE,
                "--org-id",
                ORG,
                "--add-private-endpoint-id",
                "ETL VPC",
                // An ID of a shape cloud does not know is found by ID.
                "--add-private-endpoint-id",
                "pe-custom-7",
                "--remove-private-endpoint-id",
                "vpce-0ccc",
                "--remove-private-endpoint-id",
                "BI VPC",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn private_endpoint_ids_make_no_request_and_an_unknown_description_is_not_found() {
    let api = Api::start().await;
    api.expect(
        "PATCH",
        &org_path(""),
        Some(json!({ "privateEndpoints": { "remove": [{ "id": "vpce-0aaa" }, { "id": "123456" }] } })),
        json!({ "id": ORG }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "update",
                ORG,
                "--remove-private-endpoint",
                "vpce-0aaa",
                "--remove-private-endpoint",
                "123456",
            ],
        )
        .await;
    success(&out);
    api.verify().await;

    let api = Api::start().await;
    api.expect(
        "GET",
        &org_path(""),
        None,
        json!({ "id": ORG, "privateEndpoints": [{ "id": "vpce-0aaa", "description": "ETL VPC" }] }),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["org", "update", ORG, "--remove-private-endpoint", "etl vpc"],
        )
        .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("cloud org get {ORG}")),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

// --- against the emulator -----------------------------------------------------------------

fn admin(emulator: &Emulator, args: &[&str]) -> std::process::Output {
    let key = emulator.admin_key();
    Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(args)
        .output()
        .expect("run cloud")
}

fn emulator_path(rest: &str) -> String {
    format!("/v1/organizations/{DEMO_ORG_ID}{rest}")
}

/// Every request the emulator logged since the last clear, as `METHOD /path`.
fn logged(emulator: &Emulator) -> Vec<String> {
    emulator
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// The sweep against the emulator: each command names its resource by name, and the request
/// it makes goes to the resource's ID, after exactly one list request.
#[test]
fn names_resolve_against_the_emulator() {
    let emulator = Emulator::start_with(&["--transition-ms", "0"]);
    let svc = "demo-service";
    let services = emulator_path("/services");
    let on_service = |rest: &str| emulator_path(&format!("/services/{DEMO_SERVICE_ID}{rest}"));
    let created = admin(
        &emulator,
        &[
            "invitation",
            "create",
            "--email",
            "ada@example.com",
            "--json",
        ],
    );
    let invitation: Value = serde_json::from_str(&success(&created)).unwrap();
    let invitation = invitation["id"].as_str().unwrap().to_owned();
    let developer_key = emulator_path(&format!("/keys/{DEMO_DEVELOPER_KEY_UUID}"));
    let developer = emulator_path(&format!("/members/{DEVELOPER_USER_ID}"));
    let sweep: Vec<(Vec<&str>, String, String)> = vec![
        (
            vec!["service", "get", svc],
            services.clone(),
            format!("GET {}", on_service("")),
        ),
        (
            vec!["service", "client", svc],
            services.clone(),
            format!("GET {}", on_service("")),
        ),
        (
            vec!["service", "prometheus", svc],
            services.clone(),
            format!("GET {}", on_service("/prometheus")),
        ),
        (
            vec!["service", "backup-config", "get", svc],
            services.clone(),
            format!("GET {}", on_service("/backupConfiguration")),
        ),
        (
            vec![
                "service",
                "backup-config",
                "update",
                svc,
                "--backup-retention-period-hours",
                "48",
            ],
            services.clone(),
            format!("PATCH {}", on_service("/backupConfiguration")),
        ),
        (
            vec![
                "service",
                "query-endpoint",
                "create",
                svc,
                "--role",
                "sql_console_read_only",
                "--open-api-key",
                &emulator.admin_key().key_id,
            ],
            services.clone(),
            format!("POST {}", on_service("/serviceQueryEndpoint")),
        ),
        (
            vec!["service", "query-endpoint", "get", svc],
            services.clone(),
            format!("GET {}", on_service("/serviceQueryEndpoint")),
        ),
        (
            vec!["service", "query-endpoint", "delete", svc, "--yes"],
            services.clone(),
            format!("DELETE {}", on_service("/serviceQueryEndpoint")),
        ),
        (
            vec!["service", "private-endpoint", "get-config", svc],
            services.clone(),
            format!("GET {}", on_service("/privateEndpointConfig")),
        ),
        (
            vec![
                "service",
                "private-endpoint",
                "create",
                svc,
                "--endpoint-id",
                "vpce-0123456789abcdef0",
                "--description",
                "ETL VPC",
            ],
            services.clone(),
            format!("POST {}", on_service("/privateEndpoint")),
        ),
        (
            vec![
                "service",
                "update",
                svc,
                "--remove-private-endpoint-id",
                "ETL VPC",
            ],
            emulator_path(""),
            format!("PATCH {}", on_service("")),
        ),
        (
            vec![
                "org",
                "update",
                DEMO_ORG_ID,
                "--remove-private-endpoint",
                "ETL VPC",
            ],
            emulator_path(""),
            format!("PATCH {}", emulator_path("")),
        ),
        (
            vec!["service", "scale", svc, "--num-replicas", "2"],
            services.clone(),
            format!("PATCH {}", on_service("/replicaScaling")),
        ),
        (
            vec!["service", "reset-password", svc, "--yes"],
            services.clone(),
            format!("PATCH {}", on_service("/password")),
        ),
        (
            vec!["backup", "list", svc],
            services.clone(),
            format!("GET {}", on_service("/backups")),
        ),
        (
            vec!["backup", "get", svc, DEMO_BACKUP_ID],
            services.clone(),
            format!("GET {}", on_service(&format!("/backups/{DEMO_BACKUP_ID}"))),
        ),
        (
            vec!["service", "stop", svc, "--wait"],
            services.clone(),
            format!("PATCH {}", on_service("/state")),
        ),
        (
            vec!["service", "start", svc, "--wait"],
            services.clone(),
            format!("PATCH {}", on_service("/state")),
        ),
        (
            vec!["key", "get", "Demo developer key"],
            emulator_path("/keys"),
            format!("GET {developer_key}"),
        ),
        (
            vec!["key", "update", "Demo developer key", "--state", "disabled"],
            emulator_path("/keys"),
            format!("PATCH {developer_key}"),
        ),
        (
            vec!["member", "get", "Dev User"],
            emulator_path("/members"),
            format!("GET {developer}"),
        ),
        (
            vec![
                "member",
                "update",
                DEVELOPER_USER_EMAIL,
                "--role-id",
                DEVELOPER_ROLE_ID,
            ],
            emulator_path("/members"),
            format!("PATCH {developer}"),
        ),
        (
            vec!["invitation", "get", "ada@example.com"],
            emulator_path("/invitations"),
            format!(
                "GET {}",
                emulator_path(&format!("/invitations/{invitation}"))
            ),
        ),
        (
            vec!["invitation", "delete", "ada@example.com", "--yes"],
            emulator_path("/invitations"),
            format!(
                "DELETE {}",
                emulator_path(&format!("/invitations/{invitation}"))
            ),
        ),
        (
            vec!["key", "delete", "Demo developer key", "--yes"],
            emulator_path("/keys"),
            format!("DELETE {developer_key}"),
        ),
        (
            vec!["member", "remove", "Dev User", "--yes"],
            emulator_path("/members"),
            format!("DELETE {developer}"),
        ),
        (
            vec!["service", "delete", svc, "--force", "--yes"],
            services.clone(),
            format!("DELETE {}", on_service("")),
        ),
    ];
    let mut failures = Vec::new();
    for (args, list, action) in sweep {
        emulator.clear_requests();
        let out = admin(&emulator, &args);
        let seen = logged(&emulator);
        // A write first learns the key's role (organizations, then keys): the command's own
        // requests start at its organization lookup, the last one.
        let own = seen
            .iter()
            .rposition(|r| r == "GET /v1/organizations")
            .map_or(&seen[..], |at| &seen[at..]);
        let list = format!("GET {list}");
        let lists = own.iter().filter(|r| **r == list).count();
        let listed = own.iter().position(|r| *r == list);
        let acted = own.iter().position(|r| *r == action);
        if !out.status.success() || lists != 1 || acted.is_none() || listed > acted {
            failures.push(format!(
                "{args:?}: exit {:?}, requests {seen:?}, stderr: {}",
                out.status.code(),
                stderr(&out)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Two services (and two keys) with the same name: every command refuses with the
/// candidates, and sends nothing but the organization and list lookups.
#[test]
fn shared_names_are_ambiguous_against_the_emulator() {
    let emulator = Emulator::start();
    let created = admin(
        &emulator,
        &[
            "service",
            "create",
            "--name",
            "demo-service",
            "--provider",
            "aws",
            "--region",
            "us-east-1",
            "--json",
        ],
    );
    let twin: Value = serde_json::from_str(&success(&created)).unwrap();
    let twin = twin["service"]["id"]
        .as_str()
        .or(twin["id"].as_str())
        .unwrap_or_else(|| panic!("no id in {twin}"))
        .to_owned();
    success(&admin(
        &emulator,
        &[
            "key",
            "create",
            "--name",
            "Demo developer key",
            "--role-id",
            DEVELOPER_ROLE_ID,
            "--json",
        ],
    ));
    let mut failures = Vec::new();
    for row in ROWS {
        let name = match row.noun {
            Noun::Service => "demo-service",
            Noun::Key => "Demo developer key",
            // Role names are unique (the emulator refuses a second "Viewers").
            Noun::Member | Noun::Invitation | Noun::Role => continue,
        };
        let mut args: Vec<String> = argv(row, name);
        // The emulator's organization, found by the lookup rather than given.
        args.truncate(args.len() - 2);
        args.push("--json".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        emulator.clear_requests();
        let out = admin(&emulator, &args);
        let seen = logged(&emulator);
        let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap_or_default();
        let message = error["error"]["message"].as_str().unwrap_or_default();
        let ok = out.status.code() == Some(2)
            && error["error"]["code"] == "ambiguous_name"
            && match row.noun {
                Noun::Service => message.contains(DEMO_SERVICE_ID) && message.contains(&twin),
                _ => message.contains(DEMO_DEVELOPER_KEY_UUID),
            }
            && seen.iter().all(|r| {
                r == "GET /v1/organizations"
                    || *r == format!("GET {}", emulator_path("/services"))
                    || *r == format!("GET {}", emulator_path("/keys"))
            });
        if !ok {
            failures.push(format!(
                "{args:?}: exit {:?}, requests {seen:?}, stderr: {}",
                out.status.code(),
                stderr(&out)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_names_are_not_found_against_the_emulator() {
    let emulator = Emulator::start();
    for args in [
        &["service", "get", "no-such-service"][..],
        &["backup", "list", "no-such-service"],
        &["key", "get", "no such key"],
        &["member", "get", "nobody@example.com"],
        &["invitation", "get", "nobody@example.com"],
        &[
            "service",
            "update",
            DEMO_SERVICE_ID,
            "--add-private-endpoint-id",
            "no such endpoint",
        ],
    ] {
        let out = admin(&emulator, args);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("shows them with their IDs"),
            "{args:?}"
        );
    }
}

/// On a terminal, a destructive command named by name still asks with the name and the ID.
#[tokio::test(flavor = "multi_thread")]
async fn the_confirmation_shows_the_name_and_the_id() {
    if !have_script() {
        return;
    }
    let api = Api::start().await;
    let (list, body) = listing(Noun::Service);
    api.expect("GET", &list, None, body).await;
    api.expect(
        "GET",
        &org_path(&format!("/services/{SERVICE}")),
        None,
        reply(),
    )
    .await;
    let url = api.url();
    let out = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let sandbox = Sandbox::new();
        cache_admin_role(&sandbox, &url);
        let mut command = sandbox.on_terminal(&format!("service delete analytics --org-id {ORG}"));
        command
            .env("CLOUD_API_URL", &url)
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let _ = stdin.write_all(b"n\n");
        let _ = stdin.flush();
        let output = child.wait_with_output().unwrap();
        drop(stdin);
        output
    })
    .await
    .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(3), "{shown}");
    assert!(
        shown.contains(&format!("Delete service analytics ({SERVICE})")),
        "{shown}"
    );
    api.verify().await;
}
