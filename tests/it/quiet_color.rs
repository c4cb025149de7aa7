//! `--quiet` (results and errors only) and `--no-color` / `NO_COLOR` / `TERM=dumb`.

use serde_json::json;

use crate::support::*;

const ESC: u8 = 0x1b;

fn services_path() -> String {
    format!("/v1/organizations/{ORG}/services")
}

/// The notice of a defaulted `service create` (and the others) are gone under `--quiet`; the
/// result is not.
#[tokio::test(flavor = "multi_thread")]
async fn quiet_drops_notices_but_keeps_the_result() {
    for (quiet, json_mode) in [(false, false), (true, false), (true, true)] {
        let api = Api::start().await;
        api.expect(
            "POST",
            &services_path(),
            Some(json!({ "name": "a", "provider": "aws", "region": "us-east-1" })),
            json!({ "service": { "id": SERVICE, "name": "a" }, "password": "pw-once" }),
        )
        .await;
        let mut args = vec!["service", "create", "--org-id", ORG, "--name", "a"];
        if quiet {
            args.push(if json_mode { "--quiet" } else { "-q" });
        }
        if json_mode {
            args.push("--json");
        }
        let out = api.run(&Sandbox::new(), &args).await;
        assert!(success(&out).contains("pw-once"), "{args:?}");
        let err = stderr(&out);
        if quiet {
            assert_eq!(err, "", "{args:?}");
        } else {
            assert_eq!(err.matches("the defaults").count(), 1, "{err}");
            assert!(err.contains("shown only this once"), "{err}");
        }
        api.verify().await;
    }
}

/// Errors are never quieted, in either mode.
#[tokio::test(flavor = "multi_thread")]
async fn quiet_keeps_errors() {
    let api = Api::start().await;
    api.expect_reply(
        "GET",
        &format!("{}/{SERVICE}", services_path()),
        None,
        wiremock::ResponseTemplate::new(404).set_body_json(error_envelope(404, "Not found")),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["service", "get", SERVICE, "--org-id", ORG, "--quiet"],
        )
        .await;
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    let out = cloud()
        .args(["backup", "get", "x", "y", "-q", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "invalid_value");
}

/// clap colours its errors and help when forced (`CLICOLOR_FORCE=1`); `--no-color`,
/// `NO_COLOR` and `TERM=dumb` each win over that.
#[test]
fn no_color_wins_over_a_forced_colour() {
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut command = Sandbox::new().cloud();
        command
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .env("TERM", "xterm-256color");
        for (name, value) in env {
            command.env(name, value);
        }
        command.args(extra).output().unwrap()
    };
    let bad = ["backup", "get", "svc", "not-a-uuid"];
    let coloured = run(&bad, &[]);
    assert_eq!(coloured.status.code(), Some(2));
    assert!(
        coloured.stderr.contains(&ESC),
        "the control: forced colour shows"
    );
    assert!(run(&["--help"], &[]).stdout.contains(&ESC));
    type Case = (
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
    );
    let plain: [Case; 4] = [
        (&["--no-color"], &[]),
        (&[], &[("NO_COLOR", "1")]),
        (&[], &[("TERM", "dumb")]),
        (&["--no-color", "--help"], &[]),
    ];
    for (extra, env) in plain {
        let args: Vec<&str> = if extra.contains(&"--help") {
            extra.to_vec()
        } else {
            bad.iter().chain(extra).copied().collect()
        };
        let out = run(&args, env);
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        assert!(!all.is_empty(), "{args:?} {env:?}");
        assert!(
            !all.contains(&ESC),
            "{args:?} {env:?}: {}",
            String::from_utf8_lossy(&all)
        );
    }
    // An empty NO_COLOR does not count (no-color.org).
    assert!(run(&bad, &[("NO_COLOR", "")]).stderr.contains(&ESC));
}

/// On a real terminal clap colours by itself; `--no-color` turns it off there too.
#[test]
fn no_color_on_a_terminal() {
    if !have_script() {
        return;
    }
    let sandbox = Sandbox::new();
    let run = |args: &str| {
        let mut command = sandbox.on_terminal(args);
        command.env_remove("NO_COLOR").env("TERM", "xterm-256color");
        command.output().unwrap()
    };
    let coloured = run("backup get svc not-a-uuid");
    assert!(
        coloured.stdout.contains(&ESC),
        "{}",
        String::from_utf8_lossy(&coloured.stdout)
    );
    let plain = run("backup get svc not-a-uuid --no-color");
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.contains("invalid value"), "{text}");
    assert!(!plain.stdout.contains(&ESC), "{text}");
}

/// On a terminal `--wait` shows a spinner; `--quiet` leaves only the result.
#[test]
fn quiet_hides_the_spinner_on_a_terminal() {
    use crate::support::emulator::*;
    if !have_script() {
        return;
    }
    let emulator = Emulator::start_with(&["--transition-ms", "1500"]);
    let sandbox = Sandbox::new();
    let stop_and_start = |quiet: &str| {
        let mut outputs = Vec::new();
        for verb in ["stop", "start"] {
            let mut command = sandbox.on_terminal(&format!(
                "service {verb} {DEMO_SERVICE_ID} --wait --no-color --fields id {quiet}"
            ));
            command
                .env("TERM", "xterm-256color")
                .env("CLOUD_API_URL", emulator.base_url())
                .env("CLICKHOUSE_CLOUD_API_KEY", &emulator.admin_key().key_id)
                .env("CLICKHOUSE_CLOUD_API_SECRET", &emulator.admin_key().secret);
            let out = command.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
            outputs.push(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        outputs
    };
    let shown = stop_and_start("");
    assert!(shown[0].contains("Waiting for service"), "{}", shown[0]);
    let quiet = stop_and_start("--quiet");
    for text in &quiet {
        assert!(!text.contains("Waiting for service"), "{text}");
        // The pseudo-terminal may be 0 columns wide, which wraps the table a character a line.
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            compact.contains(&DEMO_SERVICE_ID[2..]),
            "the result stays: {text}"
        );
    }
}
