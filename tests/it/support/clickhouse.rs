//! A real ClickHouse server for the SQL end-to-end tests: Debian's `clickhouse-server`
//! package (18.16 on Debian), started as a child process on loopback.
//!
//! It runs from a copy of the package's `config.xml` whose data, temporary, log, user-file
//! and format-schema paths point into a temporary directory, whose `http_port` is a free
//! port, and which drops the native and interserver ports (the tests speak HTTP only).
//!
//! [`shared`] starts one server per test run, on first use. A static is never dropped, so
//! the server runs under a small `sh` guard holding the read end of a pipe whose write end
//! this process keeps: when the test process exits, however it exits, the pipe closes and
//! the guard stops the server and removes its directory.
//!
//! Where the package is not installed, [`shared`] says so and the tests print
//! "skipped: ..." ([`or_skip`]); `.ci/run` installs it.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The package's configuration, copied and adjusted per server.
const PACKAGE_CONFIG_DIR: &str = "/etc/clickhouse-server";
/// How long a server may take to answer `/ping` (18.16 takes well under a second).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// Stops the server when the test process exits: waits until its stdin closes.
const GUARD: &str = r#"
"$0" --config-file="$1/config.xml" >"$1/server.out" 2>&1 &
server=$!
read -r _ignored
kill "$server" 2>/dev/null
wait "$server"
rm -rf "$1"
"#;

/// A running ClickHouse server, stopped when dropped.
pub struct ClickHouse {
    guard: Mutex<Child>,
    /// Closing it tells the guard to stop the server.
    stdin: Mutex<Option<ChildStdin>>,
    url: String,
}

/// Why there is no ClickHouse server to test against.
#[derive(Clone, Debug)]
pub struct Unavailable(pub String);

/// The server shared by every test of this run, started on first use; `Err` when
/// `clickhouse-server` is not installed. Panics when it is installed but does not start:
/// that is a failure, not a skip.
pub fn shared() -> Result<&'static ClickHouse, Unavailable> {
    static SHARED: OnceLock<Result<ClickHouse, Unavailable>> = OnceLock::new();
    SHARED
        .get_or_init(|| binary().map(|binary| ClickHouse::start(&binary)))
        .as_ref()
        .map_err(Clone::clone)
}

/// The shared server, or `None` after printing why `test` is skipped.
pub fn or_skip(test: &str) -> Option<&'static ClickHouse> {
    match shared() {
        Ok(server) => Some(server),
        Err(Unavailable(reason)) => {
            // Straight to the process's stderr: the test harness captures `eprintln!`, and a
            // skip must show in a normal run.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: {test} needs a ClickHouse server, because {reason}"
            );
            None
        }
    }
}

/// `clickhouse-server` on PATH or where Debian installs it (`/usr/sbin`, often not on a
/// user's PATH), with the package's configuration beside it.
fn binary() -> Result<PathBuf, Unavailable> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|dir| dir.join("clickhouse-server"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            Unavailable(
                "clickhouse-server is not installed (`apt-get install clickhouse-server`, as .ci/run does)"
                    .into(),
            )
        })?;
    if !Path::new(PACKAGE_CONFIG_DIR).join("config.xml").is_file() {
        return Err(Unavailable(format!(
            "{PACKAGE_CONFIG_DIR}/config.xml is missing (reinstall the clickhouse-server package)"
        )));
    }
    Ok(found)
}

impl ClickHouse {
    /// Starts a server of its own (most tests want [`shared`]).
    pub fn start_own() -> Result<ClickHouse, Unavailable> {
        binary().map(|binary| ClickHouse::start(&binary))
    }

    fn start(binary: &Path) -> ClickHouse {
        let dir = tempfile::Builder::new()
            .prefix("cloud-clickhouse-")
            .tempdir()
            .expect("a temporary directory")
            // The guard removes it, also when the static holding this is never dropped.
            .keep();
        let port = free_port();
        let source = std::fs::read_to_string(Path::new(PACKAGE_CONFIG_DIR).join("config.xml"))
            .expect("read the package's config.xml");
        std::fs::write(dir.join("config.xml"), config(&source, &dir, port))
            .expect("write config.xml");
        let users = Path::new(PACKAGE_CONFIG_DIR).join("users.xml");
        if users.is_file() {
            std::fs::copy(&users, dir.join("users.xml")).expect("copy users.xml");
        }
        let mut guard = Command::new("sh")
            .arg("-c")
            .arg(GUARD)
            .arg(binary)
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sh to run clickhouse-server");
        let stdin = guard.stdin.take();
        let server = ClickHouse {
            guard: Mutex::new(guard),
            stdin: Mutex::new(stdin),
            url: format!("http://127.0.0.1:{port}"),
        };
        server.wait_until_ready(&dir);
        server
    }

    /// `http://127.0.0.1:<port>`, ClickHouse's HTTP interface.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn wait_until_ready(&self, dir: &Path) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if self.ping() {
                return;
            }
            let exited = self.guard.lock().unwrap().try_wait().ok().flatten();
            if exited.is_some() || Instant::now() > deadline {
                let log = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
                panic!(
                    "clickhouse-server did not answer {}/ping ({}):\n{}\n{}",
                    self.url,
                    match exited {
                        Some(status) => format!("it exited: {status}"),
                        None => "timeout".into(),
                    },
                    log("server.out"),
                    log("log/clickhouse-server.err.log")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `GET /ping` answers `Ok.`.
    fn ping(&self) -> bool {
        self.send("GET", "/ping", "")
            .is_some_and(|(status, body)| status == 200 && body.trim() == "Ok.")
    }

    /// `POST /?{params}` with `sql` as the body, straight to ClickHouse: status and body.
    pub fn query(&self, params: &str, sql: &str) -> (u16, String) {
        self.send("POST", &format!("/?{params}"), sql)
            .unwrap_or_else(|| panic!("no answer from ClickHouse at {}", self.url))
    }

    /// One HTTP/1.0 request (so the body ends with the connection, never chunked).
    fn send(&self, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
        let authority = self.url.strip_prefix("http://")?;
        let mut stream = TcpStream::connect(authority).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: {authority}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .ok()?;
        let mut raw = String::new();
        stream.read_to_string(&mut raw).ok()?;
        let (head, body) = raw.split_once("\r\n\r\n")?;
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, body.to_owned()))
    }
}

impl Drop for ClickHouse {
    fn drop(&mut self) {
        // Closing stdin ends the guard's `read`: it stops the server and cleans up.
        self.stdin.lock().unwrap().take();
        let _ = self.guard.lock().unwrap().wait();
    }
}

/// A port nobody listens on now (the server binds it a moment later).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// The package's `config.xml` made private to `dir` and `port`: comments removed (so no
/// commented-out tag is matched), paths under `dir`, HTTP on `port` on IPv4 loopback only,
/// no native or interserver port.
pub fn config(source: &str, dir: &Path, port: u16) -> String {
    let dir = dir.display();
    let mut xml = strip_comments(source);
    for (tag, value) in [
        ("http_port", port.to_string()),
        ("path", format!("{dir}/data/")),
        ("tmp_path", format!("{dir}/tmp/")),
        ("user_files_path", format!("{dir}/user_files/")),
        ("format_schema_path", format!("{dir}/format_schemas/")),
        ("log", format!("{dir}/log/clickhouse-server.log")),
        ("errorlog", format!("{dir}/log/clickhouse-server.err.log")),
    ] {
        xml = set_first(&xml, tag, &value);
    }
    for tag in [
        "tcp_port",
        "tcp_port_secure",
        "https_port",
        "interserver_http_port",
        "mysql_port",
        "postgresql_port",
        "listen_host",
    ] {
        xml = remove_all(&xml, tag);
    }
    // Before the root element's closing tag (`</yandex>`, or `</clickhouse>` in newer packages).
    let end = xml.rfind("</").expect("a root element");
    xml.insert_str(end, "    <listen_host>127.0.0.1</listen_host>\n");
    xml
}

fn strip_comments(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("-->") {
            Some(end) => &rest[start + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Replaces the text of the first `<tag>…</tag>`, or adds the element when there is none.
fn set_first(xml: &str, tag: &str, value: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    if let Some(start) = xml.find(&open)
        && let Some(len) = xml[start..].find(&close)
    {
        return format!(
            "{}{open}{value}{close}{}",
            &xml[..start],
            &xml[start + len + close.len()..]
        );
    }
    let end = xml.rfind("</").expect("a root element");
    format!("{}    {open}{value}{close}\n{}", &xml[..end], &xml[end..])
}

fn remove_all(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut xml = xml.to_owned();
    while let Some(start) = xml.find(&open) {
        let Some(len) = xml[start..].find(&close) else {
            break;
        };
        xml.replace_range(start..start + len + close.len(), "");
    }
    xml
}

#[test]
fn the_config_is_private_to_its_directory_and_port() {
    let source = "<?xml version=\"1.0\"?>\n<yandex>\n<!-- <http_port>1</http_port> -->\n\
        <logger><log>/var/log/x.log</log><errorlog>/var/log/e.log</errorlog></logger>\n\
        <http_port>8123</http_port><tcp_port>9000</tcp_port>\n\
        <!--\n<https_port>8443</https_port>\n-->\n\
        <listen_host>::1</listen_host><listen_host>127.0.0.1</listen_host>\n\
        <path>/var/lib/clickhouse/</path><tmp_path>/var/lib/clickhouse/tmp/</tmp_path>\n\
        <interserver_http_port>9009</interserver_http_port>\n\
        <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>\n</yandex>\n";
    let xml = config(source, Path::new("/t"), 4242);
    for wanted in [
        "<http_port>4242</http_port>",
        "<log>/t/log/clickhouse-server.log</log>",
        "<errorlog>/t/log/clickhouse-server.err.log</errorlog>",
        "<path>/t/data/</path>",
        "<tmp_path>/t/tmp/</tmp_path>",
        "<user_files_path>/t/user_files/</user_files_path>",
        "<format_schema_path>/t/format_schemas/</format_schema_path>",
        // Only the first <path> is the data path.
        "<path>/clickhouse/task_queue/ddl</path>",
    ] {
        assert!(xml.contains(wanted), "{wanted} in {xml}");
    }
    for unwanted in [
        "<!--",
        "tcp_port",
        "https_port",
        "interserver",
        "::1",
        "8123",
    ] {
        assert!(!xml.contains(unwanted), "{unwanted} in {xml}");
    }
    assert_eq!(
        xml.matches("<listen_host>127.0.0.1</listen_host>").count(),
        1
    );
    assert!(xml.trim_end().ends_with("</yandex>"), "{xml}");
}
