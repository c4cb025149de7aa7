//! Runs the real `cloud-emulator` binary (the `emulator/` crate) for a test.
//!
//! [`Emulator::start`] spawns it on a free port (`--port 0`), reads its startup lines (base
//! URL, then one `export CLICKHOUSE_CLOUD_API_KEY=... CLICKHOUSE_CLOUD_API_SECRET=...  # role, org`
//! line per seeded key, then an empty line) and kills it when dropped. The helpers are
//! synchronous (plain `std::net`), so they work the same from `#[test]` and from
//! `#[tokio::test(flavor = "multi_thread")]` tests that also drive other binaries.
//!
//! The constants below are the emulator's documented seed (EMULATOR.md); they let tests name
//! resources without listing them first.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::sync::{OnceLock, mpsc};
use std::thread;
use std::time::Duration;

use serde::Deserialize;

/// "Demo Org", seeded always.
pub const DEMO_ORG_ID: &str = "1e000000-0000-4000-8000-000000000001";
/// "Second Org", seeded with `--orgs 2`.
pub const SECOND_ORG_ID: &str = "1e000000-0000-4000-8000-000000000002";
/// The running service of Demo Org ("demo-service").
pub const DEMO_SERVICE_ID: &str = "5e000000-0000-4000-8000-000000000001";
/// Demo Org's other services: long names, other providers, regions and states.
pub const DEMO_EXTRA_SERVICE_IDS: [&str; 3] = [
    "5e000000-0000-4000-8000-000000000011",
    "5e000000-0000-4000-8000-000000000012",
    "5e000000-0000-4000-8000-000000000013",
];
/// The running service of Second Org ("second-service").
pub const SECOND_SERVICE_ID: &str = "5e000000-0000-4000-8000-000000000002";
/// The ClickPipes seeded on "demo-service", both running: a Kafka pipe, then a Postgres CDC pipe.
pub const DEMO_CLICKPIPE_IDS: [&str; 2] = [
    "c1000000-0000-4000-8000-000000000011",
    "c1000000-0000-4000-8000-000000000012",
];
/// The newest of Demo Org's three seeded backups.
pub const DEMO_BACKUP_ID: &str = "be000000-0000-4000-8000-000000000013";
/// `ApiKey.id` of Demo Org's admin key.
pub const DEMO_ADMIN_KEY_UUID: &str = "4e000000-0000-4000-8000-000000000011";
/// `ApiKey.id` of Demo Org's developer key.
pub const DEMO_DEVELOPER_KEY_UUID: &str = "4e000000-0000-4000-8000-000000000012";
/// The OAuth demo user: admin member of every seeded organization.
pub const DEMO_USER_ID: &str = "9e000000-0000-4000-8000-000000000001";
pub const DEMO_USER_EMAIL: &str = "demo@example.com";
/// The developer member of every seeded organization.
pub const DEVELOPER_USER_ID: &str = "9e000000-0000-4000-8000-000000000002";
pub const DEVELOPER_USER_EMAIL: &str = "developer@example.com";
/// System role ids (the same in every organization).
pub const ADMIN_ROLE_ID: &str = "7e000000-0000-4000-8000-000000000001";
pub const DEVELOPER_ROLE_ID: &str = "7e000000-0000-4000-8000-000000000002";

/// How long to wait for the emulator's startup lines.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

/// A seeded API key, as printed at startup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeededKey {
    /// Basic-auth user name (`CLICKHOUSE_CLOUD_API_KEY`).
    pub key_id: String,
    /// Basic-auth password (`CLICKHOUSE_CLOUD_API_SECRET`).
    pub secret: String,
    /// `admin` or `developer`.
    pub role: String,
    /// Organization name, e.g. `Demo Org`.
    pub org: String,
}

/// One entry of `GET /__emulator/requests`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Raw query string, `None` when there was none.
    pub query: Option<String>,
    /// `basic`, `bearer` or `none`.
    pub auth: String,
    pub status: u16,
    /// `grant_type` of `POST /oauth/token` requests.
    pub grant_type: Option<String>,
}

/// A running emulator process, killed on drop.
pub struct Emulator {
    child: Child,
    base_url: String,
    keys: Vec<SeededKey>,
    /// From the `export CLOUD_QUERY_URL=...` startup line.
    query_url: String,
    stderr: Arc<Mutex<String>>,
}

/// Path of the emulator binary, built on first use.
///
/// `cloud-emulator` is its own workspace crate (so installing `cloud` compiles no server), and
/// Cargo only hands tests the binaries of their own package; so the first test that needs it
/// runs `cargo build -p cloud-emulator` once, with the Cargo, target directory and profile of
/// this test run. A separate process rather than an in-process server on a thread, because the
/// tests rely on what only a process has: its startup lines on stdout, `--state` files
/// surviving a restart, SIGTERM's graceful shutdown, and exit codes for bad flags.
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(build_binary)
}

fn build_binary() -> PathBuf {
    // `<target>/<profile dir>/cloud`: the emulator lands next to it, built the same way.
    let cloud = Path::new(env!("CARGO_BIN_EXE_cloud"));
    let profile = match cloud.parent().and_then(Path::file_name) {
        Some(dir) if dir == "debug" => "dev".to_owned(),
        Some(dir) => dir.to_string_lossy().into_owned(),
        None => panic!("unexpected path of the cloud binary: {}", cloud.display()),
    };
    // CARGO_TARGET_TMPDIR is `<target>/tmp`, whatever --target-dir or CARGO_TARGET_DIR said.
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target directory");
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "--message-format=json", "--package"])
        .arg("cloud-emulator")
        .args([
            "--bin",
            "cloud-emulator",
            "--profile",
            &profile,
            "--target-dir",
        ])
        .arg(target_dir)
        .stdin(Stdio::null())
        .output()
        .expect("run cargo to build cloud-emulator");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The executable's path as Cargo reports it, rather than guessed from the layout.
    let executable = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "cloud-emulator")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from));
    match executable {
        Some(path) if output.status.success() => path,
        _ => panic!(
            "cargo build -p cloud-emulator failed ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            stdout
                .lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter_map(|message| message["message"]["rendered"].as_str().map(str::to_owned))
                .collect::<String>()
        ),
    }
}

impl Emulator {
    /// Starts the emulator with default flags (plus `--port 0`).
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the emulator with extra flags, e.g. `&["--transition-ms", "200"]`.
    /// Panics (with the emulator's stderr) if it does not come up.
    pub fn start_with(args: &[&str]) -> Self {
        let mut child = Command::new(binary())
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn cloud-emulator");

        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let sink = Arc::clone(&stderr);
            thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                sink.lock().unwrap().push_str(&text);
            });
        }
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || read_startup(stdout, sender));

        match receiver.recv_timeout(STARTUP_TIMEOUT) {
            Ok(Some(Startup {
                base_url,
                keys,
                query_url,
            })) => Emulator {
                child,
                base_url,
                keys,
                query_url,
                stderr,
            },
            outcome => {
                let _ = child.kill();
                let status = child.wait().ok();
                thread::sleep(Duration::from_millis(100));
                panic!(
                    "cloud-emulator did not start ({}; exit status {status:?}); stderr:\n{}",
                    if outcome.is_err() {
                        "timeout"
                    } else {
                        "stdout closed"
                    },
                    stderr.lock().unwrap()
                );
            }
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where it serves the Query API (`CLOUD_QUERY_URL`), as printed at startup.
    pub fn query_url(&self) -> &str {
        &self.query_url
    }

    /// `base_url` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Every seeded key printed at startup, in order.
    pub fn keys(&self) -> &[SeededKey] {
        &self.keys
    }

    /// The seeded key of `org` (name) with `role` (`admin` or `developer`).
    pub fn key(&self, org: &str, role: &str) -> &SeededKey {
        self.keys
            .iter()
            .find(|k| k.org == org && k.role == role)
            .unwrap_or_else(|| panic!("no seeded {role} key for {org}: {:?}", self.keys))
    }

    /// The first organization's (Demo Org's) admin (read/write) key. Found by position, not
    /// by name, so it still works after the organization was renamed in a `--state` file.
    pub fn admin_key(&self) -> &SeededKey {
        self.first_with_role("admin")
    }

    /// The first organization's (Demo Org's) developer (read-only) key.
    pub fn developer_key(&self) -> &SeededKey {
        self.first_with_role("developer")
    }

    fn first_with_role(&self, role: &str) -> &SeededKey {
        self.keys
            .iter()
            .find(|k| k.role == role)
            .unwrap_or_else(|| panic!("no seeded {role} key: {:?}", self.keys))
    }

    /// Every request the emulator received so far (API and OAuth, not the log's own).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let (status, body) = self.raw_request("GET", "/__emulator/requests");
        assert_eq!(status, 200, "GET /__emulator/requests: {body}");
        serde_json::from_str(&body).expect("request log JSON")
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        let (status, body) = self.raw_request("DELETE", "/__emulator/requests");
        assert!(status < 300, "DELETE /__emulator/requests: {status} {body}");
    }

    /// What the emulator wrote to stderr so far (complete once it exited).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits for the process to exit (graceful shutdown).
    #[cfg(unix)]
    pub fn terminate(mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM failed");
        self.child.wait().expect("wait for cloud-emulator")
    }

    /// A minimal HTTP/1.1 request without a body, returning status and body text.
    pub fn raw_request(&self, method: &str, path: &str) -> (u16, String) {
        self.send_raw(method, path, "", "")
    }

    /// `POST path` with a form body (`a=1&b=2`), as a browser submits the approval page.
    pub fn post_form(&self, path: &str, form: &str) -> (u16, String) {
        self.send_raw(
            "POST",
            path,
            "Content-Type: application/x-www-form-urlencoded\r\n",
            form,
        )
    }

    fn send_raw(&self, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
        let authority = self
            .base_url
            .strip_prefix("http://")
            .expect("http base URL");
        let mut stream = TcpStream::connect(authority).expect("connect to emulator");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("set timeout");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("send request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        parse_response(&raw)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the emulator prints at startup.
struct Startup {
    base_url: String,
    keys: Vec<SeededKey>,
    query_url: String,
}

/// Reads the startup block and sends it, or `None` if stdout closed first; then drains
/// stdout so the emulator can never block on a full pipe.
fn read_startup(stdout: ChildStdout, sender: mpsc::Sender<Option<Startup>>) {
    let mut lines = BufReader::new(stdout).lines();
    let Some(Ok(base_url)) = lines.next() else {
        let _ = sender.send(None);
        return;
    };
    let mut keys = Vec::new();
    let mut query_url = String::new();
    for line in lines.by_ref() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            break;
        }
        if let Some(key) = parse_export_line(&line) {
            keys.push(key);
        }
        if let Some(rest) = line.strip_prefix("export CLOUD_QUERY_URL=") {
            query_url = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
        }
    }
    let _ = sender.send(Some(Startup {
        base_url: base_url.trim().to_string(),
        keys,
        query_url,
    }));
    for _ in lines {}
}

/// Parses `export CLICKHOUSE_CLOUD_API_KEY=<id> CLICKHOUSE_CLOUD_API_SECRET=<secret>  # <role> (...), <org>`.
pub fn parse_export_line(line: &str) -> Option<SeededKey> {
    let rest = line.strip_prefix("export ")?;
    let (assignments, comment) = rest.split_once('#')?;
    let mut key_id = None;
    let mut secret = None;
    for assignment in assignments.split_whitespace() {
        match assignment.split_once('=') {
            Some(("CLICKHOUSE_CLOUD_API_KEY", value)) => key_id = Some(value.to_string()),
            Some(("CLICKHOUSE_CLOUD_API_SECRET", value)) => secret = Some(value.to_string()),
            _ => {}
        }
    }
    let comment = comment.trim();
    let role = comment.split_whitespace().next()?.to_string();
    let (_, org) = comment.split_once("), ")?;
    Some(SeededKey {
        key_id: key_id?,
        secret: secret?,
        role,
        org: org.trim().to_string(),
    })
}

/// Splits a raw HTTP/1.1 response into status and (de-chunked) body.
fn parse_response(raw: &[u8]) -> (u16, String) {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = raw.get(split + 4..).unwrap_or(&[]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Decodes a chunked transfer-encoded body.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let size_line = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        let rest = &body[line_end + 2..];
        if size == 0 || rest.len() < size {
            break;
        }
        out.extend_from_slice(&rest[..size]);
        body = rest[size..].strip_prefix(b"\r\n").unwrap_or(&rest[size..]);
    }
    out
}
