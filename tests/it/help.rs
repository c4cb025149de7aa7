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
        "org",
        "service",
        "backup",
        "member",
        "invitation",
        "key",
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
