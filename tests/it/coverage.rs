//! How much of the ClickHouse Cloud API `cloud` reaches: every `operationId` of the vendored
//! spec is either declared by a classified command (the catalog's operations) or listed in
//! [`NOT_YET_EXPOSED`] with the reason. The list only shrinks: an entry a command now covers,
//! or one the spec no longer has, fails the test until it is removed.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::*;

/// Operations no command calls yet, by the issue that brings them. `cloud api` reaches
/// every one of them meanwhile (it is classified by its HTTP method).
const NOT_YET_EXPOSED: &[&str] = &[];

fn declared_by_commands() -> BTreeSet<String> {
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<Value> = serde_json::from_str(&success(&out)).unwrap();
    entries
        .iter()
        .flat_map(|e| e["operations"].as_array().unwrap().iter())
        .map(|o| o.as_str().unwrap().to_owned())
        .filter(|o| o != "*")
        .collect()
}

#[test]
fn every_spec_operation_is_reached_or_listed_as_not_yet_exposed() {
    let spec = crate::support::spec::operation_ids();
    let declared = declared_by_commands();
    let listed: BTreeSet<String> = NOT_YET_EXPOSED.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        listed.len(),
        NOT_YET_EXPOSED.len(),
        "an operation is listed twice"
    );

    let unaccounted: Vec<_> = spec
        .difference(&declared)
        .filter(|o| !listed.contains(*o))
        .collect();
    assert!(
        unaccounted.is_empty(),
        "no command calls these and they are not listed: {unaccounted:?}"
    );
    let stale: Vec<_> = listed
        .iter()
        .filter(|o| declared.contains(*o) || !spec.contains(*o))
        .collect();
    assert!(
        stale.is_empty(),
        "listed as not exposed, but a command calls them or the spec lost them: {stale:?}"
    );

    eprintln!(
        "coverage: {} of {} spec operations reached by commands, {} not yet",
        spec.len() - listed.len(),
        spec.len(),
        listed.len()
    );
}

/// `scripts/spec-drift NEW` names what a newer spec adds, removes and changes. Runs where
/// python3 is installed.
#[test]
fn spec_drift_names_added_removed_and_changed_operations() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/spec-drift");
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no python3 for scripts/spec-drift");
        return;
    }
    let same = std::process::Command::new(script)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/clickhouse-cloud-openapi.json"
        ))
        .output()
        .unwrap();
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("no drift: 142 operations"));

    let mut newer = crate::support::spec::spec();
    let paths = newer["paths"].as_object_mut().unwrap();
    paths
        .remove("/v1/organizations/{organizationId}/udfs")
        .unwrap();
    paths.insert(
        "/v1/organizations/{organizationId}/widgets".into(),
        serde_json::json!({"get": {"operationId": "widgetList", "responses": {}}}),
    );
    newer["components"]["schemas"]["ServicePostRequest"]["properties"]["newField"] =
        serde_json::json!({"type": "string"});
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("newer.json");
    std::fs::write(&file, newer.to_string()).unwrap();
    let out = std::process::Command::new(script)
        .arg(&file)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for line in [
        "+ widgetList  GET /v1/organizations/{organizationId}/widgets",
        "- udfCreate  POST /v1/organizations/{organizationId}/udfs",
        "- udfList  GET /v1/organizations/{organizationId}/udfs",
        "~ instanceCreate  POST /v1/organizations/{organizationId}/services",
        "    + body field newField (string)",
        "1 operations added, 2 removed, 1 changed",
    ] {
        assert!(
            report.lines().any(|l| l == line),
            "missing {line:?} in:\n{report}"
        );
    }
}
