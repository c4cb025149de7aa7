//! A hostile or broken server, or an unsafe URL, cannot make `cloud` leak a credential,
//! hang, eat memory or drive the terminal. Most tests run `cloud-emulator --fault MODE`.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::emulator::{DEMO_ORG_ID, Emulator};
use crate::support::*;

/// A Demo Org id the emulator does not know, for a 404 with the server's own message.
const MISSING_ORG: &str = "1e000000-0000-4000-8000-000000000099";

/// Environment variables for one run.
type Envs<'a> = &'a [(&'a str, &'a str)];

/// `cloud` against the emulator with its admin key.
fn run(emulator: &Emulator, envs: Envs, args: &[&str]) -> Output {
    let key = emulator.admin_key();
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .envs(envs.iter().copied())
        .args(args);
    command.output().expect("run cloud")
}

fn has_terminal_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// A listener that stands in for a proxy (or the host itself) and must never be contacted.
struct Tripwire(TcpListener);

impl Tripwire {
    fn new() -> Tripwire {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        Tripwire(listener)
    }

    fn url(&self) -> String {
        format!("http://{}", self.0.local_addr().unwrap())
    }

    #[track_caller]
    fn assert_untouched(&self) {
        match self.0.accept() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            other => panic!("something connected: {other:?}"),
        }
    }
}

/// What is refused, the environment, the arguments.
type Attempt<'a> = (&'a str, Vec<(&'a str, String)>, Vec<&'a str>);

#[test]
fn http_to_a_remote_host_is_refused_before_any_connection() {
    let proxy = Tripwire::new();
    let proxies = [
        ("HTTP_PROXY", proxy.url()),
        ("http_proxy", proxy.url()),
        ("ALL_PROXY", proxy.url()),
    ];
    let sandbox = Sandbox::new();
    let attempts: [Attempt; 3] = [
        (
            "--api-url",
            vec![],
            vec!["--api-url", "http://api.example.com", "org", "list"],
        ),
        (
            "CLOUD_API_URL",
            vec![("CLOUD_API_URL", "http://api.example.com/".into())],
            vec!["org", "list"],
        ),
        (
            "CLOUD_OAUTH_ISSUER",
            vec![
                ("CLOUD_API_URL", proxy.url()),
                ("CLOUD_OAUTH_ISSUER", "http://auth.example.com".into()),
            ],
            vec!["auth", "login", "--no-input", "--json"],
        ),
    ];
    for (what, envs, args) in attempts {
        let out = sandbox
            .cloud()
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env(
                "CLICKHOUSE_CLOUD_API_SECRET",
                "a-secret-that-must-stay-home",
            )
            .envs(proxies.iter().map(|(k, v)| (*k, v.as_str())))
            .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
            .args(&args)
            .output()
            .unwrap();
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {message}");
        assert!(message.contains("clear text"), "{what}: {message}");
        assert!(message.contains("HTTP_PROXY"), "{what}: {message}");
        assert!(message.contains("https://"), "{what}: {message}");
        proxy.assert_untouched();
    }

    // The same URL from a context in config.toml.
    std::fs::write(
        sandbox.config_dir.path().join("config.toml"),
        "[contexts.default]\napi_url = \"http://10.1.2.3:8080\"\n",
    )
    .unwrap();
    let out = sandbox
        .cloud()
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .envs(proxies.iter().map(|(k, v)| (*k, v.as_str())))
        .args(["org", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("`api_url` of context `default`"));
    assert!(stderr(&out).contains("https://10.1.2.3:8080"));
    proxy.assert_untouched();
}

#[test]
fn a_server_that_never_answers_hits_the_timeout_flag_or_env() {
    let emulator = Emulator::start_with(&["--fault", "slow-headers=10000"]);
    let url = emulator.url("/v1/organizations");
    let cases: [(Envs, &[&str], &str); 2] = [
        (&[], &["org", "list", "--timeout", "1s"], "within 1 s"),
        (
            &[("CLOUD_TIMEOUT", "700ms")],
            &["org", "list"],
            "within 700 ms",
        ),
    ];
    for (envs, args, limit) in cases {
        let started = Instant::now();
        let out = run(&emulator, envs, args);
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{message}");
        assert!(started.elapsed() < Duration::from_secs(8), "{message}");
        assert!(message.contains(&url), "{message}");
        assert!(message.contains(limit), "{message}");
        assert!(message.contains("--timeout"), "{message}");
        assert!(message.contains("CLOUD_TIMEOUT"), "{message}");
    }
    // Under --json the code says what happened.
    let out = run(
        &emulator,
        &[],
        &["org", "list", "--timeout", "500ms", "--json"],
    );
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "timeout");
}

#[test]
fn a_body_that_stalls_after_the_headers_hits_the_timeout_from_config() {
    let emulator = Emulator::start_with(&["--fault", "slow-body=10000"]);
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.config_dir.path().join("config.toml"),
        "[contexts.default]\ntimeout = \"800ms\"\n",
    )
    .unwrap();
    let key = emulator.admin_key();
    let out = sandbox
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLICKHOUSE_CLOUD_API_KEY", &key.key_id)
        .env("CLICKHOUSE_CLOUD_API_SECRET", &key.secret)
        .args(["org", "list"])
        .output()
        .unwrap();
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{message}");
    assert!(message.contains("within 800 ms"), "{message}");
    assert!(
        message.contains(&emulator.url("/v1/organizations")),
        "{message}"
    );
}

#[test]
fn bad_timeout_and_size_values_are_usage_errors() {
    for args in [
        ["--timeout", "soon"],
        ["--connect-timeout", "0s"],
        ["--max-response-size", "lots"],
    ] {
        let out = cloud().args(args).args(["org", "list"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let emulator = Emulator::start_with(&["--fault", "retry-after-date"]);
    let started = Instant::now();
    let out = run(&emulator, &[], &["org", "list", "--json"]);
    let orgs: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(orgs[0]["id"], DEMO_ORG_ID);
    let message = stderr(&out);
    assert_eq!(message.matches("retrying in").count(), 1, "{message}");
    let pause: f64 = message
        .split("retrying in ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no pause in: {message}"));
    // The date is 2 s ahead at a 1 s resolution: between 1 and 2 s from now.
    assert!((0.9..=2.0).contains(&pause), "{message}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    let statuses: Vec<u16> = emulator.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
}

#[test]
fn a_huge_streamed_body_is_cut_off_at_the_cap() {
    let emulator = Emulator::start_with(&["--fault", "huge-body=80"]);
    // The default cap (64 MiB) stops an 80 MiB stream.
    let out = run(&emulator, &[], &["org", "list"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{message}");
    assert!(
        message.contains("larger than the 64 MiB limit"),
        "{message}"
    );
    assert!(message.contains("--max-response-size"), "{message}");
    assert!(out.stdout.is_empty());
    // A lower cap by environment, with the JSON error code.
    let out = run(
        &emulator,
        &[("CLOUD_MAX_RESPONSE_SIZE", "1MiB")],
        &["org", "list", "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "response_too_large");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1 MiB")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declared_content_length_over_the_cap_is_refused_before_reading() {
    let api = Api::start().await;
    let big = format!("{{\"result\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    api.expect_reply(
        "GET",
        "/v1/organizations",
        None,
        wiremock::ResponseTemplate::new(200).set_body_raw(big, "application/json"),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["org", "list", "--max-response-size", "1MiB"],
        )
        .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("larger than the 1 MiB limit"),
        "{}",
        stderr(&out)
    );
    api.verify().await;
}

#[test]
fn escape_sequences_are_neutralised_in_tables_and_errors_but_exact_in_json() {
    let emulator = Emulator::start_with(&["--fault", "escape-sequences"]);
    let escapes = "\u{1b}[31mRED\u{1b}[0m \u{1b}]8;;https://evil.example/\u{7}click";

    let table = success(&run(&emulator, &[], &["org", "list"]));
    assert!(!has_terminal_controls(&table), "{table:?}");
    assert!(
        table.contains("Demo Org \\x1b[31mRED\\x1b[0m \\x1b]8;;https://evil.example/\\x07click"),
        "{table}"
    );
    assert!(table.contains("\\x1b]52;c;"), "{table}");
    assert!(table.contains("\\u{202e}exe.txt"), "{table}");

    let detail = success(&run(&emulator, &[], &["org", "get", DEMO_ORG_ID]));
    assert!(!has_terminal_controls(&detail), "{detail:?}");

    let json = success(&run(&emulator, &[], &["org", "list", "--json"]));
    assert!(!has_terminal_controls(&json), "{json:?}");
    let orgs: Value = serde_json::from_str(&json).unwrap();
    let name = orgs[0]["name"].as_str().unwrap();
    assert!(name.starts_with(&format!("Demo Org {escapes}")), "{name:?}");
    assert!(name.ends_with("\u{202e}exe.txt"), "{name:?}");

    let out = run(&emulator, &[], &["org", "get", MISSING_ORG]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{message}");
    assert!(!has_terminal_controls(&message), "{message:?}");
    assert!(message.contains("not found \\x1b[31mRED"), "{message}");

    let out = run(&emulator, &[], &["org", "get", MISSING_ORG, "--json"]);
    let message = stderr(&out);
    assert!(!has_terminal_controls(&message), "{message:?}");
    let error: Value = serde_json::from_str(message.trim()).unwrap();
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains(escapes),
        "{message}"
    );
}

#[test]
fn a_secret_echoed_by_the_server_is_redacted_everywhere() {
    let emulator = Emulator::start_with(&["--fault", "echo-secret"]);
    let secret = emulator.admin_key().secret.clone();
    let outputs = [
        run(&emulator, &[], &["org", "list"]),
        run(&emulator, &[], &["org", "list", "--json"]),
        run(&emulator, &[], &["org", "get", DEMO_ORG_ID]),
        run(&emulator, &[], &["org", "get", MISSING_ORG]),
        run(&emulator, &[], &["org", "get", MISSING_ORG, "--json"]),
    ];
    for out in &outputs {
        let all = format!("{}{}", stdout(out), stderr(out));
        assert!(!all.contains(&secret), "{all}");
        assert!(all.contains("(credential: [redacted])"), "{all}");
    }
    let listed: Value = serde_json::from_str(&stdout(&outputs[1])).unwrap();
    assert_eq!(listed[0]["name"], "Demo Org (credential: [redacted])");

    // An OAuth access token the server echoes back in its 401.
    let token = "an-access-token-the-server-should-never-see-again";
    let out = Sandbox::new()
        .cloud()
        .env("CLOUD_API_URL", emulator.base_url())
        .env("CLOUD_ACCESS_TOKEN", token)
        .args(["org", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!stderr(&out).contains(token), "{}", stderr(&out));
    assert!(stderr(&out).contains("[redacted]"), "{}", stderr(&out));
}

/// A one-file TLS server with the fixture certificate: answers each request with an
/// empty organization list in HTTP/1.1, and shrugs off handshakes the client aborts.
fn tls_server() -> String {
    tls_server_with_alpn(Vec::new())
}

/// [`tls_server`] offering `alpn` in its order of preference.
fn tls_server_with_alpn(alpn: Vec<Vec<u8>>) -> String {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let certs = vec![CertificateDer::from_pem_file(dir.join("server.pem")).unwrap()];
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.alpn_protocols = alpn;
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let connection = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            if request.is_empty() {
                continue;
            }
            let body = r#"{"status":200,"requestId":"r","result":[]}"#;
            let _ = write!(
                tls,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    url
}

#[test]
fn an_unknown_ca_is_refused_unless_ssl_cert_file_trusts_it() {
    let url = tls_server();
    let ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls/ca.pem");
    let command = |extra: Option<(&str, &Path)>| {
        let mut command = cloud();
        command
            .env("CLOUD_API_URL", &url)
            .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
            .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
            .args(["org", "list", "--json"]);
        if let Some((name, value)) = extra {
            command.env(name, value);
        }
        command.output().unwrap()
    };

    let refused = command(None);
    let message = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "{message}");
    assert!(message.to_lowercase().contains("certificate"), "{message}");

    let trusted = command(Some(("SSL_CERT_FILE", &ca)));
    assert_eq!(success(&trusted).trim(), "[]");

    let dir = ca.parent().unwrap();
    let trusted = command(Some(("SSL_CERT_DIR", dir)));
    assert_eq!(success(&trusted).trim(), "[]");

    // A bundle with no certificate in it is named when a certificate is to be verified...
    let empty = tempfile::NamedTempFile::new().unwrap();
    let refused = command(Some(("SSL_CERT_FILE", empty.path())));
    let message = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "{message}");
    assert!(
        message.contains("SSL_CERT_FILE is set but no usable CA certificate was found"),
        "{message}"
    );
}

/// ...and not before: the roots are loaded on the first https handshake, so plain http to
/// loopback never reads them.
#[tokio::test]
async fn plain_http_to_loopback_never_loads_the_roots() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_string(r#"{"status":200,"requestId":"r","result":[]}"#),
        )
        .mount(&server)
        .await;
    let empty = tempfile::NamedTempFile::new().unwrap();
    let out = cloud()
        .env("CLOUD_API_URL", server.uri())
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .env("SSL_CERT_FILE", empty.path())
        .args(["org", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(success(&out).trim(), "[]");
}

/// `cloud` is built without HTTP/2 (for size), so it must not offer `h2` in the TLS
/// handshake: a server preferring h2, as most do, would pick it and the exchange would fail.
#[test]
fn tls_settles_on_http1_with_a_server_that_prefers_h2() {
    let url = tls_server_with_alpn(vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
    let ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls/ca.pem");
    let out = cloud()
        .env("CLOUD_API_URL", &url)
        .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
        .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
        .env("SSL_CERT_FILE", &ca)
        .args(["org", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(success(&out).trim(), "[]");
}

/// A sandbox holding an expired OAuth login whose token endpoint is `token_endpoint`.
pub(crate) fn expired_login(api_url: &str, token_endpoint: &str) -> Sandbox {
    let sandbox = Sandbox::new();
    let dir = sandbox.config_dir.path();
    let issuer = "https://auth.example.com";
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[contexts.default.oauth]\nissuer = \"{issuer}\"\napi_url = \"{api_url}\"\nstorage = \"file\"\n"
        ),
    )
    .unwrap();
    let tokens = serde_json::json!({
        "access_token": "expired-access-token-0001",
        "refresh_token": "refresh-token-that-must-not-leak",
        "expires_at": 1,
        "lifetime_secs": 3600,
        "token_endpoint": token_endpoint,
        "client_id": "client-1",
    });
    let mut secrets = toml::Table::new();
    secrets.insert(
        format!("oauth:default:{issuer}"),
        toml::Value::String(tokens.to_string()),
    );
    let mut file = toml::Table::new();
    file.insert("secrets".into(), toml::Value::Table(secrets));
    let path = dir.join("credentials.toml");
    std::fs::write(&path, toml::to_string(&file).unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    sandbox
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_endpoint_cannot_flood_a_refresh_and_the_login_is_kept() {
    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/oauth/token"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(
            format!("{{\"pad\":\"{}\"}}", "x".repeat(64 * 1024)),
            "application/json",
        ))
        .expect(1)
        .mount(&api.server)
        .await;
    let sandbox = expired_login(&api.url(), &format!("{}/oauth/token", api.url()));
    let before =
        std::fs::read_to_string(sandbox.config_dir.path().join("credentials.toml")).unwrap();
    let mut command = sandbox.cloud();
    command
        .env("CLOUD_API_URL", api.url())
        .env("CLOUD_MAX_RESPONSE_SIZE", "16KiB")
        .args(["org", "list"]);
    let out = api.run_with(command).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("16 KiB"), "{message}");
    assert!(message.contains("it is kept"), "{message}");
    let after =
        std::fs::read_to_string(sandbox.config_dir.path().join("credentials.toml")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_stored_plain_http_token_endpoint_gets_no_refresh_token() {
    let proxy = Tripwire::new();
    let sandbox = expired_login("http://127.0.0.1:9", "http://auth.example.com/oauth/token");
    let out = sandbox
        .cloud()
        .env("CLOUD_API_URL", "http://127.0.0.1:9")
        .env("HTTP_PROXY", proxy.url())
        .env("http_proxy", proxy.url())
        .args(["org", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("http://auth.example.com"), "{message}");
    assert!(
        !message.contains("refresh-token-that-must-not-leak"),
        "{message}"
    );
    proxy.assert_untouched();
}
