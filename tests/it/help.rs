//! Help text is part of the interface: snapshots catch accidental changes.

use crate::support::*;

fn help(args: &[&str]) -> String {
    let out = cloud().args(args).arg("--help").output().unwrap();
    success(&out)
}

#[test]
fn top_level_help() {
    insta::assert_snapshot!(help(&[]));
}

#[test]
fn noun_help() {
    for noun in [
        "auth",
        "context",
        "config",
        "org",
        "service",
        "backup",
        "member",
        "invitation",
        "key",
        "role",
        "activity",
        "api",
    ] {
        insta::assert_snapshot!(format!("{noun}_help"), help(&[noun]));
    }
}

#[test]
fn service_sub_noun_help() {
    for noun in ["query-endpoint", "private-endpoint", "backup-config"] {
        insta::assert_snapshot!(format!("service_{noun}_help"), help(&["service", noun]));
    }
}

#[test]
fn auth_login_help_explains_api_keys_and_oauth() {
    let text = help(&["auth", "login"]);
    assert!(text.contains("OAuth access is READ-ONLY"), "{text}");
    assert!(text.contains("CLICKHOUSE_CLOUD_API_KEY"), "{text}");
    assert!(text.contains("--api-secret-stdin"), "{text}");
}

/// Help, version and completions touch no configuration, keyring or network: they
/// work even when the configuration file is corrupt and no API is reachable.
#[test]
fn help_version_and_completions_ignore_configuration() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.config_dir.path().join("config.toml"), "not [valid").unwrap();
    for args in [
        &["--help"][..],
        &["--version"],
        &["service", "create", "--help"],
        &["completion", "bash"],
        &["commands", "--json"],
        &["man"],
    ] {
        let out = sandbox
            .cloud()
            .env("CLOUD_API_URL", "http://127.0.0.1:9")
            .args(args)
            .output()
            .unwrap();
        success(&out);
    }
}

#[test]
fn version_names_the_binary() {
    let out = cloud().arg("--version").output().unwrap();
    assert_eq!(
        success(&out),
        format!("cloud {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Every help page that touches authentication says OAuth is read-only and how to get
/// write access.
#[test]
fn auth_help_pages_explain_read_only_oauth_and_write_access() {
    for args in [
        &[][..],
        &["auth"],
        &["auth", "login"],
        &["auth", "status"],
        &["auth", "token"],
    ] {
        let text = help(args);
        let prose = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let says_oauth_is_read_only = prose.match_indices("oauth").any(|(at, _)| {
            prose[at..]
                .split('.')
                .next()
                .unwrap_or("")
                .contains("read-only")
        });
        assert!(says_oauth_is_read_only, "{args:?}: {text}");
        assert!(
            prose.contains("cloud auth login --api-key")
                || prose.contains("set clickhouse_cloud_api_key"),
            "{args:?} says how to get write access: {text}"
        );
    }
}

/// The catalog's leaves, as `(path, access)`.
fn leaves() -> Vec<(String, String)> {
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&success(&out)).unwrap();
    entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["access"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every write command's help ends with what it changes and who may run it.
#[test]
fn write_command_help_has_context_for_agents() {
    for (path, access) in leaves() {
        if access != "write" {
            continue;
        }
        let words: Vec<&str> = path.split(' ').collect();
        let text = help(&words);
        let context = text
            .split_once("CONTEXT FOR AGENTS:")
            .unwrap_or_else(|| panic!("`{path}` has no CONTEXT FOR AGENTS: {text}"))
            .1;
        assert!(context.contains("Writes: "), "{path}: {context}");
        assert!(context.contains("OAuth logins"), "{path}: {context}");
        assert!(context.contains("--json"), "{path}: {context}");
        insta::assert_snapshot!(format!("write_{}_help", path.replace(' ', "_")), text);
    }
}

/// Every leaf teaches by example: an `Examples:` section whose lines run that very command.
/// Read leaves are snapshotted here; write leaves in `write_command_help_has_context_for_agents`.
#[test]
fn every_leaf_help_has_examples_of_itself() {
    for (path, access) in leaves() {
        let words: Vec<&str> = path.split(' ').collect();
        let text = help(&words);
        let examples = text
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("`{path}` has no Examples: {text}"))
            .1;
        let runs_itself = examples
            .lines()
            .take_while(|line| line.starts_with("  "))
            .any(|line| line.contains(&format!("cloud {path}")));
        assert!(
            runs_itself,
            "`{path}`: no example runs `cloud {path}`: {examples}"
        );
        if access == "read" {
            insta::assert_snapshot!(format!("read_{}_help", path.replace(' ', "_")), text);
        }
    }
}

/// Every noun's help says what it does and names each of its write commands.
#[test]
fn noun_help_has_context_for_agents() {
    let leaves = leaves();
    let nouns = [
        "auth",
        "context",
        "config",
        "org",
        "service",
        "backup",
        "member",
        "invitation",
        "key",
        "role",
        "activity",
        "service query-endpoint",
        "service private-endpoint",
        "service backup-config",
        "clickstack",
        "clickstack dashboard",
        "clickstack alert",
        "clickstack source",
        "clickstack webhook",
        "clickstack role",
        "clickstack saved-search",
        "service scaling-schedule",
        "service upgrade-window",
        "service settings",
        "service backup-bucket",
        "org quota",
        "udf",
        "udf version",
        "udf attachment",
        "clickpipe",
        "clickpipe settings",
        "clickpipe cdc-scaling",
        "clickpipe reverse-private-endpoint",
        "clickpipe create",
        "clickpipe schema-discover",
    ];
    for noun in nouns {
        let words: Vec<&str> = noun.split(' ').collect();
        let text = help(&words);
        let context = text
            .split_once("CONTEXT FOR AGENTS:")
            .unwrap_or_else(|| panic!("`{noun}` has no CONTEXT FOR AGENTS: {text}"))
            .1;
        assert!(context.contains("--json"), "{noun}: {context}");
        let writes_line = context
            .split_once("Writes: ")
            .unwrap_or_else(|| panic!("{noun}: {context}"))
            .1
            .split(". ")
            .next()
            .unwrap()
            .replace('\n', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for (path, access) in &leaves {
            let Some(rest) = path.strip_prefix(&format!("{noun} ")) else {
                continue;
            };
            if access == "write" {
                // `query-endpoint create|delete` names two leaves at once.
                let named = writes_line.split(", ").any(|w| {
                    w == rest
                        || w.split_once(' ').is_some_and(|(sub, verbs)| {
                            rest.split_once(' ').is_some_and(|(rsub, rverb)| {
                                sub == rsub && verbs.split('|').any(|v| v == rverb)
                            })
                        })
                });
                assert!(
                    named,
                    "`{noun}` help does not name its write `{rest}`: {writes_line}"
                );
            }
        }
    }
}

/// `cloud completion bash | head -1`: the reader closes the pipe early (the script is far
/// larger than a pipe holds), and `cloud` ends quietly with 0 instead of panicking.
#[test]
fn completion_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let mut child = crate::support::Sandbox::new()
        .std_cloud()
        .args(["completion", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `cloud` or a noun alone shows what is there: its help on stdout, exit 0. In JSON mode it
/// stays the `missing_command` usage error.
#[test]
fn a_noun_alone_prints_its_help() {
    for (args, usage) in [
        (&[][..], "Usage: cloud [OPTIONS] <COMMAND>"),
        (&["service"], "Usage: cloud service [OPTIONS] <COMMAND>"),
        (
            &["service", "query-endpoint"],
            "Usage: cloud service query-endpoint",
        ),
    ] {
        let out = crate::support::cloud().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(usage), "{args:?}: {stdout}");
        assert!(stdout.contains("Commands:"), "{args:?}: {stdout}");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
    let out = crate::support::cloud()
        .args(["service", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stderr).trim()).unwrap();
    assert_eq!(error["error"]["code"], "missing_command");
}
