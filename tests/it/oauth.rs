//! OAuth logins end to end against `cloud-emulator`: device flow, browser flow with
//! PKCE, the agents' two-step login, refresh with rotation, and read-only everywhere.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::classification::WRITE_INVOCATIONS;
use crate::support::emulator::*;
use crate::support::{Sandbox, stderr, success};

/// A sandbox whose `cloud` talks to `emulator`.
struct Session<'a> {
    sandbox: Sandbox,
    emulator: &'a Emulator,
}

impl<'a> Session<'a> {
    fn new(emulator: &'a Emulator) -> Self {
        Session {
            sandbox: Sandbox::new(),
            emulator,
        }
    }

    fn cloud(&self) -> assert_cmd::Command {
        let mut command = self.sandbox.cloud();
        command.env("CLOUD_API_URL", self.emulator.base_url());
        command
    }

    fn std_cloud(&self) -> Command {
        let mut command = self.sandbox.std_cloud();
        command.env("CLOUD_API_URL", self.emulator.base_url());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cloud().args(args).output().expect("run cloud")
    }

    /// Device-flow login against an `--auto-approve` emulator.
    fn login(&self) {
        let out = self.run(&["auth", "login", "--no-browser"]);
        success(&out);
    }

    fn credentials_file(&self) -> std::path::PathBuf {
        self.sandbox.config_dir.path().join("credentials.toml")
    }

    /// The stored OAuth tokens (the file store holds them as JSON under one account).
    fn stored_tokens(&self) -> Value {
        let text = std::fs::read_to_string(self.credentials_file()).unwrap();
        let file: toml::Table = toml::from_str(&text).unwrap();
        let secrets = file["secrets"].as_table().unwrap();
        let (_, tokens) = secrets
            .iter()
            .find(|(account, _)| account.starts_with("oauth:"))
            .expect("an OAuth login in the file");
        serde_json::from_str(tokens.as_str().unwrap()).unwrap()
    }

    /// The OAuth row of `cloud auth status --json`.
    fn oauth_status(&self) -> Value {
        let out = self.run(&["auth", "status", "--json"]);
        let status: Value = serde_json::from_str(&success(&out)).unwrap();
        let row = status["sources"][4].clone();
        assert_eq!(row["source"], "oauth", "{status}");
        row
    }

    fn userinfo_requests(&self) -> usize {
        self.emulator
            .requests()
            .iter()
            .filter(|r| r.path == "/oauth/userinfo")
            .count()
    }

    fn token_requests(&self) -> Vec<String> {
        self.emulator
            .requests()
            .into_iter()
            .filter(|r| r.path == "/oauth/token")
            .filter_map(|r| r.grant_type)
            .collect()
    }
}

fn auto_approving(extra: &[&str]) -> Emulator {
    let mut args = vec!["--auto-approve", "--device-interval", "1"];
    args.extend_from_slice(extra);
    Emulator::start_with(&args)
}

#[test]
fn device_flow_logs_in_read_only_and_shows_the_email() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-browser"]);
    success(&out);
    let message = stderr(&out);
    assert!(message.contains("one-time code"), "{message}");
    assert!(message.contains("as demo@example.com"), "{message}");
    assert!(message.contains("OAuth access is read-only"), "{message}");

    let out = session.run(&["service", "list", "--json"]);
    let services: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(services[0]["id"], DEMO_SERVICE_ID);
    assert!(
        emulator
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/services") && r.auth == "bearer")
    );

    let out = session.run(&["auth", "status", "--json"]);
    let status: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(status["active"], "oauth");
    let oauth = &status["sources"][4];
    assert_eq!(oauth["access"], "read-only");
    assert!(
        oauth["detail"]
            .as_str()
            .unwrap()
            .contains("demo@example.com"),
        "{oauth}"
    );
}

/// Reads the user code `cloud` prints while it waits.
fn user_code_of(child: &mut std::process::Child) -> String {
    let stderr = child.stderr.take().expect("piped stderr");
    let mut lines = BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        let line = line.expect("stderr line");
        if let Some(code) = line.strip_prefix("First copy your one-time code: ") {
            std::thread::spawn(move || for _ in lines {});
            return code.trim().to_owned();
        }
    }
    panic!("cloud printed no user code");
}

fn waiting_login(session: &Session) -> std::process::Child {
    let mut command = session.std_cloud();
    command
        .args(["auth", "login", "--no-browser"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cloud")
}

#[test]
fn device_flow_approved_in_the_browser_page() {
    let emulator = Emulator::start_with(&["--device-interval", "1"]);
    let session = Session::new(&emulator);
    let mut child = waiting_login(&session);
    let code = user_code_of(&mut child);
    let (status, _) =
        emulator.post_form("/oauth/device", &format!("user_code={code}&action=approve"));
    assert!(status < 400, "approval page answered {status}");
    assert!(child.wait().unwrap().success());
    success(&session.run(&["org", "list"]));
}

#[test]
fn device_flow_denied_stores_nothing() {
    let emulator = Emulator::start_with(&["--device-interval", "1"]);
    let session = Session::new(&emulator);
    let mut child = waiting_login(&session);
    let code = user_code_of(&mut child);
    emulator.post_form("/oauth/device", &format!("user_code={code}&action=deny"));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(4));
    assert!(!session.credentials_file().exists());
    assert_eq!(session.run(&["org", "list"]).status.code(), Some(4));
}

#[test]
fn browser_flow_with_pkce_through_a_browser_program() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    // The "browser" follows the authorization server's redirect to the loopback port.
    let browser = session.sandbox.config_dir.path().join("browser.sh");
    std::fs::write(&browser, "#!/bin/sh\nexec curl -s -L -o /dev/null \"$1\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = session
        .cloud()
        .env("BROWSER", &browser)
        .args(["auth", "login", "--web"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    success(&out);
    assert!(
        stderr(&out).contains("Opening your browser"),
        "{}",
        stderr(&out)
    );
    assert!(
        session
            .token_requests()
            .contains(&"authorization_code".to_owned())
    );
    success(&session.run(&["org", "list"]));
    let oauth = session.oauth_status();
    assert_eq!(oauth["identity"], DEMO_USER_EMAIL);
    assert_eq!(oauth["identitySource"], "id_token");
}

#[test]
fn web_login_without_a_display_falls_back_to_the_device_flow() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    let out = session
        .cloud()
        .env("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
        .args(["auth", "login", "--web"])
        .output()
        .unwrap();
    success(&out);
    assert!(
        stderr(&out).contains("using a one-time code instead"),
        "{}",
        stderr(&out)
    );
    assert!(
        session
            .token_requests()
            .iter()
            .any(|g| g.ends_with("device_code"))
    );
}

#[test]
fn agents_log_in_in_two_steps() {
    let emulator = Emulator::start_with(&["--device-interval", "1"]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-input", "--json"]);
    let started: Value = serde_json::from_str(&success(&out)).unwrap();
    let code = started["userCode"].as_str().unwrap();
    assert!(
        started["verificationUri"]
            .as_str()
            .unwrap()
            .starts_with(emulator.base_url())
    );
    assert!(
        started["completeCommand"]
            .as_str()
            .unwrap()
            .starts_with("cloud auth login --complete")
    );
    assert_eq!(started["access"], "read-only");

    emulator.post_form("/oauth/device", &format!("user_code={code}&action=approve"));
    let out = session.run(&["auth", "login", "--complete", "--json"]);
    let done: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(done["identity"], "demo@example.com");
    success(&session.run(&["org", "list"]));
    // The pending login is used up.
    assert_eq!(
        session.run(&["auth", "login", "--complete"]).status.code(),
        Some(2)
    );
}

#[test]
fn expired_tokens_are_refreshed_and_rotated() {
    let emulator = auto_approving(&["--token-ttl", "2"]);
    let session = Session::new(&emulator);
    session.login();
    let before = std::fs::read_to_string(session.credentials_file()).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    success(&session.run(&["org", "list"]));
    assert_eq!(
        session
            .token_requests()
            .iter()
            .filter(|g| *g == "refresh_token")
            .count(),
        1
    );
    let after = std::fs::read_to_string(session.credentials_file()).unwrap();
    assert_ne!(before, after, "the rotated tokens were stored");
}

#[test]
fn eight_parallel_processes_refresh_exactly_once() {
    // A 6 s token is refreshed in its last 3 s: all eight start inside that margin, and the
    // renewed token stays fresh for 3 s, time enough for the other seven to find it.
    let emulator = auto_approving(&["--token-ttl", "6"]);
    let session = Session::new(&emulator);
    session.login();
    std::thread::sleep(Duration::from_millis(3500));
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut command = session.std_cloud();
            command
                .args(["org", "list"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let refreshes = session
        .token_requests()
        .iter()
        .filter(|g| *g == "refresh_token")
        .count();
    assert_eq!(refreshes, 1);
}

#[test]
fn a_rejected_refresh_token_ends_the_login_with_exit_4() {
    let emulator = auto_approving(&["--token-ttl", "2"]);
    let session = Session::new(&emulator);
    session.login();
    // Someone else uses (and so revokes) the stored refresh token.
    let refresh = session.stored_tokens()["refresh_token"]
        .as_str()
        .expect("stored refresh token")
        .to_owned();
    let client_id = session.stored_tokens()["client_id"]
        .as_str()
        .expect("stored client id")
        .to_owned();
    let (status, body) = emulator.post_form(
        "/oauth/token",
        &format!("grant_type=refresh_token&refresh_token={refresh}&client_id={client_id}"),
    );
    assert_eq!(status, 200, "{body}");
    std::thread::sleep(Duration::from_millis(1500));
    let out = session.run(&["org", "list"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Run `cloud auth login`"),
        "{}",
        stderr(&out)
    );
    // The login was cleared, so the next command says so plainly.
    let out = session.run(&["org", "list"]);
    assert!(stderr(&out).contains("not logged in"), "{}", stderr(&out));
}

#[test]
fn every_write_under_oauth_exits_4_and_sends_nothing_mutating() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    session.login();
    emulator.clear_requests();
    for argv in WRITE_INVOCATIONS {
        let out = session.run(argv);
        assert_eq!(out.status.code(), Some(4), "{argv:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("OAuth login of context `default`"),
            "{message}"
        );
        assert!(message.contains("cloud auth login --api-key"), "{message}");
    }
    let requests = emulator.requests();
    assert!(requests.iter().all(|r| r.method == "GET"), "{requests:?}");
    assert!(requests.is_empty(), "nothing at all was sent: {requests:?}");
}

#[test]
fn clamped_admin_key_is_refused_before_any_request() {
    let emulator = Emulator::start();
    let admin = emulator.admin_key();
    for clamp in [&["--read-only"][..], &[]] {
        let session = Session::new(&emulator);
        let mut command = session.cloud();
        command
            .env("CLICKHOUSE_CLOUD_API_KEY", &admin.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &admin.secret)
            .args(["service", "stop", DEMO_SERVICE_ID])
            .args(clamp);
        if clamp.is_empty() {
            command.env("CLOUD_READ_ONLY", "1");
        }
        emulator.clear_requests();
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert!(emulator.requests().is_empty());
        let out = session
            .cloud()
            .env("CLICKHOUSE_CLOUD_API_KEY", &admin.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &admin.secret)
            .env("CLOUD_READ_ONLY", "1")
            .args(["auth", "status"])
            .output()
            .unwrap();
        assert!(
            stdout_of(&out).contains("[read-only (clamped)]"),
            "{}",
            stdout_of(&out)
        );
    }
}

fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn file_fallback_is_private_and_corruption_names_the_file() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    // A configuration directory cloud creates itself.
    let dir = session.sandbox.config_dir.path().join("fresh");
    let cloud = |args: &[&str]| {
        session
            .cloud()
            .env("CLOUD_CONFIG_DIR", &dir)
            .args(args)
            .output()
            .unwrap()
    };
    success(&cloud(&["auth", "login", "--no-browser"]));
    let file = dir.join("credentials.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(dir_mode, 0o700);
    }
    std::fs::write(&file, "secrets = [not toml").unwrap();
    let out = cloud(&["org", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("corrupt"), "{message}");
}

#[test]
fn logout_removes_the_oauth_login() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    session.login();
    let out = session.run(&["auth", "logout", "--oauth"]);
    success(&out);
    assert!(
        stderr(&out).contains("Removed the stored OAuth login"),
        "{}",
        stderr(&out)
    );
    assert_eq!(session.run(&["org", "list"]).status.code(), Some(4));
}

#[test]
fn auth_token_prints_the_read_only_token() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    session.login();
    let out = session.run(&["auth", "token"]);
    let token = success(&out);
    assert!(!token.trim().is_empty());
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(session.stored_tokens()["access_token"], token.trim());
}

#[test]
fn an_unapproved_code_expires_with_a_clear_message() {
    let emulator = Emulator::start_with(&["--device-interval", "1", "--device-code-ttl", "2"]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-browser", "--json"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let error: Value = serde_json::from_str(stderr(&out).lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "expired_token");
    assert!(!session.credentials_file().exists());
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_waiting_exits_130_and_stores_nothing() {
    let emulator = Emulator::start_with(&["--device-interval", "1"]);
    let session = Session::new(&emulator);
    let mut child = waiting_login(&session);
    user_code_of(&mut child);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert!(!session.credentials_file().exists());
}

#[test]
fn status_json_names_identity_storage_and_expiry() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    session.login();
    let out = session.run(&["auth", "status", "--json"]);
    let status: Value = serde_json::from_str(&success(&out)).unwrap();
    let oauth = &status["sources"][4];
    assert_eq!(oauth["state"], "active");
    assert_eq!(oauth["identity"], "demo@example.com");
    assert_eq!(oauth["storage"], "file");
    assert!(
        oauth["expiresAt"].as_str().unwrap().ends_with('Z'),
        "{oauth}"
    );
}

/// The production client, registered with each ClickHouse Cloud tenant; the emulator takes any.
const PRODUCTION_CLIENT_ID: &str = "9q6XAueAs47R4X5d1d6FbjbJqjsrA2ZJ";

#[test]
fn identity_comes_from_the_id_token_email() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-browser", "--json"]);
    let done: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(done["identity"], DEMO_USER_EMAIL);
    assert_eq!(done["identitySource"], "id_token");
    assert_eq!(session.userinfo_requests(), 0, "userinfo was not needed");

    let oauth = session.oauth_status();
    assert_eq!(oauth["identity"], DEMO_USER_EMAIL);
    assert_eq!(oauth["identitySource"], "id_token");
    let human = session.run(&["auth", "status"]);
    let table = stdout_of(&human);
    assert!(
        table.contains("demo@example.com (identity from the ID token)"),
        "{table}"
    );
}

#[test]
fn an_id_token_without_email_falls_back_to_userinfo() {
    let emulator = auto_approving(&["--id-token", "no-email"]);
    let session = Session::new(&emulator);
    session.login();
    assert_eq!(session.userinfo_requests(), 1);
    let oauth = session.oauth_status();
    assert_eq!(oauth["identity"], DEMO_USER_EMAIL);
    assert_eq!(oauth["identitySource"], "userinfo");
    let table = stdout_of(&session.run(&["auth", "status"]));
    assert!(table.contains("(identity from userinfo)"), "{table}");
}

#[test]
fn without_userinfo_or_an_email_the_subject_is_the_last_resort() {
    let emulator = auto_approving(&["--id-token", "no-email", "--no-userinfo"]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-browser", "--debug"]);
    success(&out);
    let message = stderr(&out);
    assert!(message.contains(&format!("as {DEMO_USER_ID}")), "{message}");
    assert!(
        message.contains("debug: identity: the ID token names no email or user name"),
        "{message}"
    );
    assert!(message.contains("no userinfo endpoint"), "{message}");
    assert_eq!(
        session.userinfo_requests(),
        0,
        "no userinfo endpoint to ask"
    );
    let oauth = session.oauth_status();
    assert_eq!(oauth["identity"], DEMO_USER_ID);
    assert_eq!(oauth["identitySource"], "id_token");
}

#[test]
fn with_neither_id_token_nor_userinfo_the_user_is_unknown() {
    let emulator = auto_approving(&["--id-token", "none", "--no-userinfo"]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-browser"]);
    success(&out);
    assert!(stderr(&out).contains("as unknown user"), "{}", stderr(&out));
    let oauth = session.oauth_status();
    assert_eq!(oauth["identity"], "unknown user");
    assert!(oauth.get("identitySource").is_none(), "{oauth}");
    // The login works all the same.
    success(&session.run(&["org", "list"]));
}

#[test]
fn debug_login_names_the_issuer_and_client_id() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    let out = session.run(&["auth", "login", "--no-browser", "--debug"]);
    success(&out);
    let message = stderr(&out);
    let base = emulator.base_url();
    assert!(
        message.contains(&format!("debug: OAuth issuer: {base}\n")),
        "{message}"
    );
    assert!(
        message.contains(&format!("debug: OAuth client id: {PRODUCTION_CLIENT_ID}\n")),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "debug: OAuth endpoints: discovered at {base}/.well-known/oauth-authorization-server"
        )),
        "{message}"
    );
    assert!(
        message.contains("debug: identity read from id_token"),
        "{message}"
    );
    let access_token = session.stored_tokens()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!message.contains(&access_token), "no secret on stderr");
}

#[test]
fn an_overridden_client_id_is_used_and_checked_against_the_id_token() {
    let emulator = auto_approving(&[]);
    let session = Session::new(&emulator);
    let out = session
        .cloud()
        .env("CLOUD_OAUTH_CLIENT_ID", "my-own-client")
        .args(["auth", "login", "--no-browser", "--debug"])
        .output()
        .unwrap();
    success(&out);
    let message = stderr(&out);
    assert!(
        message.contains("debug: OAuth client id: my-own-client\n"),
        "{message}"
    );
    assert!(
        message.contains("debug: OAuth client id from CLOUD_OAUTH_CLIENT_ID"),
        "{message}"
    );
    assert_eq!(session.stored_tokens()["client_id"], "my-own-client");
    // The emulator's id_token is for the client that asked, so its email is believed.
    assert_eq!(session.oauth_status()["identitySource"], "id_token");
}
