//! The state on disk under pressure: many writers at once, writers killed mid-save, and
//! credential files that are shared, symlinked or corrupt. Driven through the real binary
//! against `cloud-emulator`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::emulator::*;
use crate::support::{Sandbox, stderr, success};

/// A sandbox whose `cloud` talks to `emulator`.
struct Setup {
    sandbox: Sandbox,
    emulator: Emulator,
}

impl Setup {
    fn new(emulator_args: &[&str]) -> Setup {
        Setup {
            sandbox: Sandbox::new(),
            emulator: Emulator::start_with(emulator_args),
        }
    }

    fn dir(&self) -> &Path {
        self.sandbox.config_dir.path()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.sandbox.std_cloud();
        command
            .env("CLOUD_API_URL", self.emulator.base_url())
            .args(args);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run cloud")
    }

    /// `cloud auth login --api-key … --context <context>`, started and not waited for.
    fn spawn_login(&self, context: &str) -> Child {
        self.spawn_login_with(context, &[])
    }

    fn spawn_login_with(&self, context: &str, envs: &[(&str, &str)]) -> Child {
        let admin = self.emulator.admin_key();
        let mut child = self
            .command(&[
                "auth",
                "login",
                "--api-key",
                &admin.key_id,
                "--api-secret-stdin",
                "--context",
                context,
            ])
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn cloud");
        writeln!(child.stdin.take().unwrap(), "{}", admin.secret).unwrap();
        child
    }

    fn login(&self, context: &str) {
        finished(self.spawn_login(context));
    }

    fn oauth_login(&self) {
        success(&self.run(&["auth", "login", "--no-browser"]));
    }

    fn contexts_with_keys(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.dir().join("config.toml")).unwrap();
        let config: toml::Table = toml::from_str(&text).unwrap();
        config["contexts"]
            .as_table()
            .unwrap()
            .iter()
            .filter(|(_, c)| c.get("api_key").is_some())
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Every file in the configuration directory that contains `needle`.
    fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                std::fs::read(p)
                    .map(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
                    .unwrap_or(false)
            })
            .collect()
    }

    fn temp_files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".tmp"))
            .collect()
    }
}

fn finished(child: Child) {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "cloud failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn twenty_parallel_logins_keep_twenty_usable_contexts() {
    let setup = Setup::new(&[]);
    let contexts: Vec<String> = (0..20).map(|i| format!("ctx{i}")).collect();
    let children: Vec<Child> = contexts.iter().map(|c| setup.spawn_login(c)).collect();
    children.into_iter().for_each(finished);

    let mut kept = setup.contexts_with_keys();
    kept.sort();
    let mut expected = contexts.clone();
    expected.sort();
    assert_eq!(kept, expected);
    for context in &contexts {
        success(&setup.run(&["org", "list", "--context", context]));
    }
    assert!(setup.temp_files().is_empty(), "{:?}", setup.temp_files());
}

#[test]
fn refreshes_racing_logins_lose_nothing() {
    // 4 s tokens are refreshed in their last 2 s; each round starts inside that margin.
    let setup = Setup::new(&[
        "--auto-approve",
        "--device-interval",
        "1",
        "--token-ttl",
        "4",
    ]);
    setup.oauth_login();
    let mut contexts = Vec::new();
    for round in 0..3 {
        std::thread::sleep(Duration::from_millis(2200));
        let mut children = Vec::new();
        for i in 0..5 {
            let context = format!("r{round}k{i}");
            children.push(setup.spawn_login(&context));
            contexts.push(context);
            children.push(
                setup
                    .command(&["org", "list"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
        }
        children.into_iter().for_each(finished);
    }
    let refreshes = setup
        .emulator
        .requests()
        .into_iter()
        .filter(|r| r.grant_type.as_deref() == Some("refresh_token"))
        .count();
    assert!(refreshes >= 3, "every round refreshed: {refreshes}");

    let mut kept = setup.contexts_with_keys();
    kept.sort();
    contexts.sort();
    assert_eq!(kept, contexts, "no API key context was lost");
    let status = success(&setup.run(&["auth", "status", "--json"]));
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(
        status["active"], "oauth",
        "the OAuth login was kept: {status}"
    );
    success(&setup.run(&["org", "list"]));
}

#[test]
fn a_writer_killed_mid_save_leaves_no_secret_outside_the_store() {
    let setup = Setup::new(&[]);
    let secret = setup.emulator.admin_key().secret.clone();
    // Debug builds hold the written temporary file this long before the rename.
    let mut child =
        setup.spawn_login_with("default", &[("CLOUD_TEST_PAUSE_BEFORE_RENAME_MS", "20000")]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while setup.temp_files().is_empty() {
        assert!(Instant::now() < deadline, "the writer never wrote");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Let the write finish, so the temporary file really holds the secret.
    std::thread::sleep(Duration::from_millis(200));
    let temps = setup.temp_files();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&temps[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a temporary file is private from the start");
    }
    assert_eq!(setup.files_containing(&secret), temps);
    child.kill().unwrap();
    child.wait().unwrap();

    // Nothing was stored, so the credentials file never appeared.
    assert!(!setup.dir().join("credentials.toml").exists());
    // The next writer, here a logout, removes what the killed one left.
    success(&setup.run(&["auth", "logout"]));
    assert!(setup.temp_files().is_empty());
    assert!(setup.files_containing(&secret).is_empty());

    // A later login works and leaves the secret only in the credentials file.
    setup.login("default");
    assert_eq!(
        setup.files_containing(&secret),
        [setup.dir().join("credentials.toml")]
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_credentials_file_is_refused_and_its_target_untouched() {
    let setup = Setup::new(&[]);
    let elsewhere = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), setup.dir().join("credentials.toml")).unwrap();
    let out = setup.spawn_login("default").wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("symbolic link"), "{message}");
    assert!(
        message.contains(&elsewhere.path().display().to_string()),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(elsewhere.path()).unwrap(), "");
}

#[cfg(unix)]
#[test]
fn a_shared_credentials_file_is_refused_with_the_chmod_that_fixes_it() {
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new(&[]);
    setup.login("default");
    let file = setup.dir().join("credentials.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    for args in [&["org", "list"][..], &["auth", "status"]] {
        let out = setup.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains(&format!("chmod 600 {}", file.display())),
            "{args:?}: {message}"
        );
    }
    let out = setup.run(&["org", "list", "--json"]);
    let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "insecure_permissions");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    success(&setup.run(&["org", "list"]));
}

#[test]
fn a_corrupt_credentials_file_is_reported_with_its_line_and_never_overwritten() {
    let setup = Setup::new(&[]);
    setup.login("one");
    setup.login("two");
    let file = setup.dir().join("credentials.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nbroken = [\n");
    std::fs::write(&file, &text).unwrap();
    let line = text.lines().count();

    let out = setup.run(&["auth", "status", "--context", "one"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        crate::support::stdout(&out).contains("unusable"),
        "{}",
        crate::support::stdout(&out)
    );
    let message = stderr(&out);
    assert!(
        message.contains(&format!("{} is corrupt at line {line}", file.display())),
        "{message}"
    );

    // A login elsewhere refuses to replace the file, so the other contexts survive.
    let out = setup.spawn_login("three").wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn a_corrupt_config_file_is_named_with_its_line() {
    let setup = Setup::new(&[]);
    std::fs::write(setup.dir().join("config.toml"), "[contexts.a]\nx = \n").unwrap();
    let out = setup.run(&["auth", "status", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "state_corrupt");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("config.toml is corrupt at line 2"),
        "{message}"
    );
}

#[test]
fn a_held_lock_ends_the_wait_naming_the_file_and_its_holder() {
    let setup = Setup::new(&[]);
    let lock_path = setup.dir().join("state.lock");
    let mut holder = std::fs::File::create(&lock_path).unwrap();
    holder.lock().unwrap();
    write!(holder, "{}", std::process::id()).unwrap();

    let started = Instant::now();
    let out = setup
        .command(&["auth", "logout"])
        .env("CLOUD_LOCK_WAIT", "0.3")
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(&lock_path.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains(&format!("pid {}", std::process::id())),
        "{message}"
    );
    // Reads never wait for the lock.
    drop(setup.run(&["auth", "status"]));
    holder.unlock().unwrap();
    success(&setup.run(&["auth", "logout"]));
}

/// A logout while another process is refreshing stands: the refresh neither resurrects the
/// login nor stores its renewed tokens.
#[tokio::test(flavor = "multi_thread")]
async fn a_logout_during_a_refresh_stands() {
    let api = crate::support::Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/oauth/token"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({
                    "access_token": "renewed-access-token",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "refresh_token": "renewed-refresh-token",
                }))
                .set_delay(Duration::from_millis(1500)),
        )
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = crate::hostile::expired_login(&api.url(), &format!("{}/oauth/token", api.url()));
    let mut refresh = sandbox.std_cloud();
    refresh
        .env("CLOUD_API_URL", api.url())
        .args(["org", "list"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let refresh = refresh.spawn().unwrap();
    // The refresh is now waiting for the token endpoint, holding only its refresh lock.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut logout = sandbox.std_cloud();
    logout
        .env("CLOUD_API_URL", api.url())
        .args(["auth", "logout"]);
    success(&logout.output().unwrap());

    let out = tokio::task::spawn_blocking(move || refresh.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("logged out"), "{}", stderr(&out));
    let dir = sandbox.config_dir.path();
    for file in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(file.path()).unwrap_or_default();
        assert!(
            !text.contains("renewed-"),
            "{}: {text}",
            file.path().display()
        );
        assert!(!text.contains("[contexts.default.oauth]"), "{text}");
    }
}
