//! Tables for people: fitted to 80 and 200 columns against the seeded emulator, ids and
//! names never cut, `--wide`, `--fields`, local times and the order of rows.

use serde_json::Value;

use crate::support::emulator::*;
use crate::support::{Sandbox, have_script, stderr, success};

/// A POSIX zone (no tz database needed): tables show times 9 hours ahead of the API's UTC.
const TOKYO: &str = "JST-9";

/// `cloud ARGS` as Demo Org's admin against `emulator`, `COLUMNS` wide (`None`: unset, as
/// when piped), times in `tz`.
fn run(emulator: &Emulator, columns: Option<u16>, tz: &str, args: &[&str]) -> std::process::Output {
    let key = emulator.admin_key();
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .env("TZ", tz)
        .args(args);
    match columns {
        Some(width) => command.env("COLUMNS", width.to_string()),
        None => command.env_remove("COLUMNS"),
    };
    command.output().expect("run cloud")
}

/// stdout, then stderr if anything was said there: what a person sees.
fn screen(output: &std::process::Output) -> String {
    let out = success(output);
    match stderr(output) {
        err if err.is_empty() => out,
        err => format!("{out}--- stderr ---\n{err}"),
    }
}

fn widest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Every table a read command prints from the seeded data, at 80 and 200 columns.
#[test]
fn tables_of_the_seeded_emulator_at_80_and_200_columns() {
    let emulator = Emulator::start();
    let cases: &[(&str, &[&str])] = &[
        ("org_list", &["org", "list"]),
        ("org_get", &["org", "get", DEMO_ORG_ID]),
        (
            "org_usage",
            &[
                "org",
                "usage",
                "--from-date",
                "2025-09-09",
                "--to-date",
                "2025-09-10",
            ],
        ),
        ("service_list", &["service", "list"]),
        ("service_get", &["service", "get", DEMO_SERVICE_ID]),
        (
            "service_backup-config_get",
            &["service", "backup-config", "get", DEMO_SERVICE_ID],
        ),
        (
            "service_private-endpoint_get-config",
            &["service", "private-endpoint", "get-config", DEMO_SERVICE_ID],
        ),
        ("backup_list", &["backup", "list", DEMO_SERVICE_ID]),
        (
            "backup_get",
            &["backup", "get", DEMO_SERVICE_ID, DEMO_BACKUP_ID],
        ),
        ("member_list", &["member", "list"]),
        ("member_get", &["member", "get", DEVELOPER_USER_ID]),
        ("key_list", &["key", "list"]),
        ("key_get", &["key", "get", DEMO_ADMIN_KEY_UUID]),
        ("activity_list", &["activity", "list"]),
        (
            "activity_get",
            &["activity", "get", "ae000000-0000-4000-8000-000000000012"],
        ),
        ("commands", &["commands"]),
    ];
    // The seed's times are all in 2025; a later one is the emulator's "now" (a key's
    // `usedAt`, set by these very requests).
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        r"20(2[6-9]|[3-9]\d)-\d{2}-\d{2} \d{2}:\d{2}",
        "[now, local----]",
    );
    settings.bind(|| {
        for (name, args) in cases {
            for width in [80, 200] {
                let output = run(&emulator, Some(width), TOKYO, args);
                let text = screen(&output);
                insta::assert_snapshot!(format!("{name}_{width}"), text);
            }
        }
    });
}

/// Invitations are made now, by the test: their times are redacted.
#[test]
fn invitation_tables_at_80_and_200_columns() {
    let emulator = Emulator::start();
    for email in ["zoe.long-surname@example.com", "adam@example.com"] {
        let args = [
            "invitation",
            "create",
            "--email",
            email,
            "--role-id",
            DEVELOPER_ROLE_ID,
        ];
        success(&run(&emulator, None, TOKYO, &args));
    }
    let listed = run(&emulator, None, TOKYO, &["invitation", "list", "--json"]);
    let listed: Value = serde_json::from_str(&success(&listed)).unwrap();
    let first = listed[0]["id"].as_str().unwrap().to_owned();
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[local time----]");
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[invitation id---------------------]",
    );
    settings.bind(|| {
        for width in [80, 200] {
            let list = run(&emulator, Some(width), TOKYO, &["invitation", "list"]);
            insta::assert_snapshot!(format!("invitation_list_{width}"), screen(&list));
            let get = run(
                &emulator,
                Some(width),
                TOKYO,
                &["invitation", "get", &first],
            );
            insta::assert_snapshot!(format!("invitation_get_{width}"), screen(&get));
        }
    });
}

/// The issue's complaint: at 80 columns every id is there to copy, whole, and the table fits.
/// Narrower than an id plus a name, the line overflows rather than cut either.
#[test]
fn every_service_id_is_whole_in_the_service_list() {
    let emulator = Emulator::start();
    let listed = run(&emulator, None, TOKYO, &["service", "list", "--json"]);
    let services: Value = serde_json::from_str(&success(&listed)).unwrap();
    let services = services.as_array().unwrap();
    assert_eq!(services.len(), 1 + DEMO_EXTRA_SERVICE_IDS.len());
    for width in [80, 60, 40] {
        let output = run(&emulator, Some(width), TOKYO, &["service", "list"]);
        let table = success(&output);
        for service in services {
            let (id, name) = (
                service["id"].as_str().unwrap(),
                service["name"].as_str().unwrap(),
            );
            let row = table
                .lines()
                .find(|l| l.contains(id))
                .unwrap_or_else(|| panic!("{id} not whole at {width} columns:\n{table}"));
            assert!(row.contains(name), "{name} cut at {width}:\n{table}");
        }
        if width == 80 {
            assert!(widest_line(&table) <= 80, "{table}");
            assert!(table.lines().next().unwrap().contains("STATE"), "{table}");
        }
        assert!(
            stderr(&output).contains("columns hidden: ") && stderr(&output).contains("--wide"),
            "{}",
            stderr(&output)
        );
    }
}

/// What decides the width: `--wide` and a pipe without `COLUMNS` hide nothing; `--fields`
/// columns are never hidden.
#[test]
fn wide_pipes_and_fields_hide_nothing() {
    let emulator = Emulator::start();
    let all = [
        "ID", "NAME", "STATE", "PROVIDER", "REGION", "MEMORY", "REPLICAS",
    ];
    for (columns, extra) in [(Some(80), &["--wide"][..]), (None, &[][..])] {
        let mut args = vec!["service", "list"];
        args.extend(extra);
        let output = run(&emulator, columns, TOKYO, &args);
        let table = success(&output);
        let header = table.lines().next().unwrap();
        for column in all {
            assert!(header.contains(column), "{args:?}: {header}");
        }
        assert!(widest_line(&table) > 80, "{table}");
        assert_eq!(stderr(&output), "", "{args:?}");
    }
    let output = run(
        &emulator,
        Some(40),
        TOKYO,
        &["service", "list", "--fields", "name,replicas,id"],
    );
    let table = success(&output);
    assert!(
        table
            .lines()
            .next()
            .unwrap()
            .split_whitespace()
            .eq(["NAME", "REPLICAS", "ID"]),
        "{table}"
    );
    assert_eq!(stderr(&output), "");
}

/// Tables: by name, times in the local zone. JSON: the API's order and its RFC 3339 text.
#[test]
fn json_keeps_the_apis_order_and_times_tables_sort_and_localise() {
    let emulator = Emulator::start();
    let json = |tz| {
        let output = run(&emulator, None, tz, &["service", "list", "--json"]);
        serde_json::from_str::<Value>(&success(&output)).unwrap()
    };
    let utc = json("UTC");
    assert_eq!(utc, json(TOKYO), "JSON does not depend on the time zone");
    let ids: Vec<&str> = utc
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], DEMO_SERVICE_ID, "the API's order: {ids:?}");
    assert_eq!(utc[0]["createdAt"], "2025-01-15T10:00:00Z");

    let table = success(&run(&emulator, None, TOKYO, &["service", "list"]));
    let names: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split("  ").nth(1).unwrap().trim())
        .collect();
    assert_eq!(
        names,
        [
            "Analytics Staging",
            "clickstream-ingest-eu-production",
            "demo-service",
            "ml-feature-store-experimental"
        ]
    );
    for (tz, shown) in [("UTC", "2025-01-15 10:00"), (TOKYO, "2025-01-15 19:00")] {
        let detail = success(&run(
            &emulator,
            None,
            tz,
            &["service", "get", DEMO_SERVICE_ID],
        ));
        assert!(detail.contains(shown), "{tz}: {detail}");
    }
}

/// On a terminal and without `COLUMNS`, the terminal's own width counts.
#[test]
fn on_a_terminal_its_width_counts() {
    if !have_script() {
        return;
    }
    let emulator = Emulator::start();
    let key = emulator.admin_key();
    let sandbox = Sandbox::new();
    let cloud = sandbox.std_cloud();
    let mut command = std::process::Command::new("script");
    command.env_clear();
    for (name, value) in cloud.get_envs() {
        if let Some(value) = value {
            command.env(name, value);
        }
    }
    let line = format!(
        "stty cols 72 rows 24; '{}' service list",
        cloud.get_program().to_string_lossy()
    );
    let output = command
        .env_remove("COLUMNS")
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script");
    let screen = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(output.status.success(), "{screen}");
    let (table, note) = screen.split_once("5 columns hidden").expect(&screen);
    assert!(widest_line(table) <= 72, "{screen}");
    assert!(note.starts_with(": state, provider"), "{screen}");
    for id in DEMO_EXTRA_SERVICE_IDS.iter().chain([&DEMO_SERVICE_ID]) {
        assert!(screen.contains(id), "{id}: {screen}");
    }
}
