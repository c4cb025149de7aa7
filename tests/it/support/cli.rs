//! Running the real `cloud` binary in a sealed environment.

use assert_cmd::Command;
use tempfile::TempDir;

/// Environment variables that change `cloud`'s behaviour; tests start without them.
const AMBIENT: &[&str] = &[
    "CLICKHOUSE_CLOUD_API_KEY",
    "CLICKHOUSE_CLOUD_API_SECRET",
    "CLOUD_ACCESS_TOKEN",
    "CLOUD_API_URL",
    "CLOUD_CONTEXT",
    "CLOUD_READ_ONLY",
    "CLOUD_CONFIG_DIR",
    "CLOUD_CREDENTIAL_STORE",
    "BROWSER",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "SSH_CONNECTION",
    "SSH_TTY",
    "CLOUD_OAUTH_CLIENT_ID",
    "CLOUD_OAUTH_ISSUER",
    "CLOUD_OAUTH_AUDIENCE",
    "CLOUD_ORG_ID",
    "CLOUD_CONNECT_TIMEOUT",
    "CLOUD_TIMEOUT",
    "CLOUD_MAX_RESPONSE_SIZE",
    "CLOUD_QUERY_URL",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    // Agent and CI detection change the default output and whether `cloud` prompts.
    "CI",
    "CLOUD_AGENT_MODE",
];

/// What a process needs from the environment to run at all.
pub const KEPT: [&str; 4] = ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"];

/// A private configuration directory, so no test reads or writes the developer's own
/// settings or keyring (the file store is forced).
pub struct Sandbox {
    pub config_dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            config_dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// `cloud` with a clean environment pointing at this sandbox.
    pub fn cloud(&self) -> Command {
        Command::from_std(self.std_cloud())
    }

    /// The same as a `std::process::Command`, for tests that spawn and wait.
    pub fn std_cloud(&self) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cloud"));
        // A clean environment: nothing of the developer's, of CI's or of an AI agent running
        // the tests (is-ai-agent knows dozens of variables) changes what `cloud` does.
        command.env_clear();
        for name in KEPT {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        for name in AMBIENT.iter().chain(cloud::agent::VARIABLES) {
            command.env_remove(name);
        }
        command
            .env("CLOUD_CONFIG_DIR", self.config_dir.path())
            .env("CLOUD_CREDENTIAL_STORE", "file")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            // Tables show times in the local time zone: the same one on every machine.
            .env("TZ", "UTC")
            // Tests drive the interactive OAuth login through pipes, as a person would at a
            // terminal; tests of the refusal without a person remove it (debug builds only).
            .env(cloud::agent::TEST_ASSUME_PERSON_ENV, "1");
        command
    }
}

impl Sandbox {
    /// `cloud ARGS` on a pseudo-terminal, through util-linux `script`, with the same clean
    /// environment as [`Sandbox::std_cloud`]. `args` is shell text; add env and stdio freely.
    pub fn on_terminal(&self, args: &str) -> std::process::Command {
        let inner = self.std_cloud();
        let mut command = std::process::Command::new("script");
        command.env_clear();
        for name in KEPT {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        for (name, value) in inner.get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        // A fresh pseudo-terminal is 0 columns wide; a person's never is.
        command.env("TERM", "xterm-256color");
        let line = format!(
            "stty cols 120 rows 40 2>/dev/null; '{}' {args}",
            inner.get_program().to_string_lossy()
        );
        command.args(["-qec", &line, "/dev/null"]);
        command
    }
}

/// Whether [`Sandbox::on_terminal`] can run here: util-linux `script` (`-qec CMD FILE`); the
/// BSD one on macOS takes other arguments. Tests that need it say so and pass without it.
pub fn have_script() -> bool {
    let found = cfg!(target_os = "linux")
        && std::process::Command::new("script")
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success());
    if !found {
        eprintln!("skipped: no util-linux `script` to make a pseudo-terminal");
    }
    found
}

/// `cloud` in a throwaway sandbox, for tests that need no stored state.
pub fn cloud() -> Command {
    let sandbox = Sandbox::new();
    let command = sandbox.cloud();
    // The directory only has to exist while the command runs; leaking it keeps the
    // helper a one-liner and the OS cleans the temp dir.
    std::mem::forget(sandbox);
    command
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
