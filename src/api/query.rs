//! The Query API: SQL over HTTP on a service (`POST {query host}/service/{id}/run`). Not in
//! the OpenAPI spec; its rules are in the README's "SQL" section.
//!
//! Both capability handles can run SQL, but not the same SQL: [`ReadApi::run_read_sql`] takes
//! only a [`ReadSql`], which [`ReadSql::check`] builds from a statement whose first keyword
//! reads (so a read command cannot send an `INSERT`, however it is written), and
//! [`super::WriteApi::run_sql`] takes any statement and leaves through the same `--dry-run`
//! check as every other mutating request.

use std::io::Write;

use serde_json::{Value, json};
use uuid::Uuid;

use super::transport;
use super::{ApiError, DryRunPlan, ReadApi, Transport};
use crate::credentials::Secret;

/// `CLOUD_QUERY_URL`: where the Query API lives when it cannot be derived from the API URL.
pub const QUERY_URL_ENV: &str = "CLOUD_QUERY_URL";

/// The Query API host for an API URL: `api.` becomes `queries.` (and a `control-plane.`
/// label right after it goes), `https://api.clickhouse.cloud` → `https://queries.clickhouse.cloud`.
/// `None` for any other host (an emulator, a proxy): those need `CLOUD_QUERY_URL` or the
/// context's `query_url`.
pub fn derive_query_url(api_url: &str) -> Option<String> {
    let url = reqwest::Url::parse(api_url).ok()?;
    let host = url.host_str()?;
    let rest = host.strip_prefix("api.")?;
    let rest = rest.strip_prefix("control-plane.").unwrap_or(rest);
    if rest.is_empty() || rest.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{}://queries.{rest}{port}", url.scheme()))
}

/// The statement keywords [`ReadSql::check`] accepts: they only read.
pub const READ_KEYWORDS: &[&str] = &[
    "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "EXISTS",
];

/// Words that make a `WITH` statement a write when they appear outside parentheses
/// (`WITH x AS (SELECT 1) INSERT INTO t …`).
const WRITE_WORDS: &[&str] = &[
    "INSERT", "UPDATE", "DELETE", "ALTER", "CREATE", "DROP", "TRUNCATE", "RENAME", "OPTIMIZE",
    "GRANT", "REVOKE", "SYSTEM", "KILL", "ATTACH", "DETACH", "EXCHANGE", "UNDROP", "BACKUP",
    "RESTORE", "MOVE", "SET", "USE",
];

/// A statement that reads: the only SQL [`ReadApi::run_read_sql`] sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSql(String);

/// Why [`ReadSql::check`] refused a statement: its first keyword (empty when it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotARead {
    pub keyword: String,
    pub statement: String,
}

impl ReadSql {
    /// Accepts a statement whose first keyword (after comments, whitespace and opening
    /// parentheses) is one of [`READ_KEYWORDS`]; a `WITH` statement also must not hold a
    /// write verb outside parentheses.
    pub fn check(statement: &str) -> Result<ReadSql, NotARead> {
        let words = top_level_words(statement);
        let first = words.first().cloned().unwrap_or_default();
        let refuse = |keyword: String| NotARead {
            keyword,
            statement: statement.trim().to_owned(),
        };
        if !READ_KEYWORDS.contains(&first.as_str()) {
            return Err(refuse(first));
        }
        if first == "WITH"
            && let Some(write) = words.iter().find(|w| WRITE_WORDS.contains(&w.as_str()))
        {
            return Err(refuse(write.clone()));
        }
        Ok(ReadSql(statement.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Splits SQL at `;` outside quotes (`'…'`, `"…"`, `` `…` ``) and comments (`-- …`,
/// `/* … */`), dropping statements that are only whitespace and comments.
pub fn split_statements(sql: &str) -> Vec<String> {
    let mut statements = Vec::new();
    let mut start = 0;
    let mut scanner = Scanner::new(sql);
    while let Some((index, token)) = scanner.next_token() {
        if token == Token::Semicolon {
            statements.push(&sql[start..index]);
            start = index + 1;
        }
    }
    statements.push(&sql[start..]);
    statements
        .into_iter()
        .filter(|s| has_code(s))
        .map(|s| s.trim().to_owned())
        .collect()
}

/// Whether a piece of SQL holds anything but whitespace and comments.
fn has_code(sql: &str) -> bool {
    let mut scanner = Scanner::new(sql);
    while let Some((_, token)) = scanner.next_token() {
        if token != Token::Comment {
            return true;
        }
    }
    false
}

/// The words (upper-cased) outside quotes, comments and parentheses, in order.
fn top_level_words(sql: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut depth = 0usize;
    let mut scanner = Scanner::new(sql);
    let mut leading = true;
    while let Some((index, token)) = scanner.next_token() {
        match token {
            // Leading parentheses only group: `(SELECT 1)` is a SELECT.
            Token::Open if leading => {}
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Word(len) => {
                if depth == 0 {
                    words.push(sql[index..index + len].to_ascii_uppercase());
                }
                leading = false;
            }
            Token::Comment => {}
            Token::Quoted | Token::Semicolon | Token::Other => {
                // A statement that starts with anything but a word has no keyword.
                if leading {
                    words.push(String::new());
                }
                leading = false;
            }
        }
    }
    words
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Word(usize),
    Quoted,
    Comment,
    Open,
    Close,
    Semicolon,
    Other,
}

/// A small SQL tokenizer: enough to find statement boundaries and keywords, never to judge
/// whether SQL is valid (the server does that).
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn new(sql: &'a str) -> Self {
        Scanner {
            bytes: sql.as_bytes(),
            at: 0,
        }
    }

    fn next_token(&mut self) -> Option<(usize, Token)> {
        let bytes = self.bytes;
        while self.at < bytes.len() && bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
        let start = self.at;
        let byte = *bytes.get(start)?;
        let token = match byte {
            b'-' if bytes.get(start + 1) == Some(&b'-') => {
                self.at = find_from(bytes, start, b"\n").map_or(bytes.len(), |i| i + 1);
                Token::Comment
            }
            b'/' if bytes.get(start + 1) == Some(&b'*') => {
                self.at = find_from(bytes, start + 2, b"*/").map_or(bytes.len(), |i| i + 2);
                Token::Comment
            }
            b'\'' | b'"' | b'`' => {
                let mut i = start + 1;
                loop {
                    match bytes.get(i) {
                        None => break,
                        Some(b'\\') => i += 2,
                        // A doubled quote is an escaped one.
                        Some(&c) if c == byte && bytes.get(i + 1) == Some(&byte) => i += 2,
                        Some(&c) if c == byte => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                self.at = i.min(bytes.len());
                Token::Quoted
            }
            b'(' => {
                self.at += 1;
                Token::Open
            }
            b')' => {
                self.at += 1;
                Token::Close
            }
            b';' => {
                self.at += 1;
                Token::Semicolon
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let mut i = start;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                self.at = i;
                Token::Word(i - start)
            }
            _ => {
                self.at += 1;
                Token::Other
            }
        };
        Some((start, token))
    }
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// How to run one statement: the ClickHouse output format, the database, and whether an
/// idle service may be woken.
#[derive(Debug, Clone)]
pub struct QueryOptions {
    pub format: String,
    pub database: Option<String>,
    pub wake: bool,
}

/// A query's answer, not yet read: [`QueryResult::copy_to`] streams it.
#[derive(Debug)]
pub struct QueryResult {
    response: reqwest::Response,
    url: String,
}

impl QueryResult {
    /// Writes the body to `out` chunk by chunk as it arrives, within `--max-response-size`.
    /// With `terminal`, control characters and bidi overrides (tab and newline excepted)
    /// are made visible, as for any server text shown to a person. Returns the bytes read.
    pub async fn copy_to(mut self, out: &mut impl Write, terminal: bool) -> Result<u64, ApiError> {
        let limit = transport::limits().max_response_size;
        let too_large = |url: &str| ApiError::TooLarge {
            url: url.to_owned(),
            limit,
        };
        if self
            .response
            .content_length()
            .is_some_and(|len| len > limit)
        {
            return Err(too_large(&self.url));
        }
        let mut total = 0u64;
        // An incomplete UTF-8 sequence at the end of a chunk waits for the next one.
        let mut pending = Vec::new();
        while let Some(chunk) = self
            .response
            .chunk()
            .await
            .map_err(|e| transport::network_error(&self.url, &e))?
        {
            total += chunk.len() as u64;
            if total > limit {
                return Err(too_large(&self.url));
            }
            let open = if terminal {
                pending.extend_from_slice(&chunk);
                let valid = match std::str::from_utf8(&pending) {
                    Ok(_) => pending.len(),
                    Err(e) if e.error_len().is_none() => e.valid_up_to(),
                    Err(_) => pending.len(),
                };
                let text = inert(&String::from_utf8_lossy(&pending[..valid]));
                pending.drain(..valid);
                emit(out, text.as_bytes())?
            } else {
                emit(out, &chunk)?
            };
            if !open {
                return Ok(total);
            }
        }
        if !pending.is_empty() {
            emit(out, inert(&String::from_utf8_lossy(&pending)).as_bytes())?;
        }
        Ok(total)
    }
}

/// Writes and flushes, so rows show as they arrive. `false` when the reader went away
/// (`| head`): the rest is not wanted, which is not an error.
fn emit(out: &mut impl Write, bytes: &[u8]) -> Result<bool, ApiError> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(ApiError::Network {
            url: "stdout".into(),
            detail: format!("could not write the result: {e}"),
        }),
    }
}

/// [`crate::sanitize::text`], keeping tabs: TabSeparated output is full of them.
fn inert(text: &str) -> String {
    text.split('\t')
        .map(|part| crate::sanitize::text(part).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}

impl Transport {
    fn query_url(&self, service: Uuid, format: &str) -> Result<String, ApiError> {
        let base = self
            .query_url
            .as_deref()
            .ok_or_else(|| ApiError::QueryUrlMissing {
                api_url: self.base_url.clone(),
            })?;
        let mut url = reqwest::Url::parse(&format!(
            "{}/service/{service}/run",
            base.trim_end_matches('/')
        ))
        .map_err(|e| ApiError::InsecureUrl {
            message: format!("{base} is not a valid query URL ({e})"),
            usage: true,
        })?;
        url.query_pairs_mut().append_pair("format", format);
        Ok(url.to_string())
    }

    fn query_body(sql: &str, database: Option<&str>) -> Value {
        let mut body = json!({ "sql": sql });
        if let Some(database) = database {
            body["database"] = json!(database);
        }
        body
    }

    /// Sends one statement; on `206 Confirm wake service` resends it once with
    /// `wake-service: true` when `options.wake` allows.
    async fn run_query(
        &self,
        service: Uuid,
        sql: &str,
        options: &QueryOptions,
    ) -> Result<QueryResult, ApiError> {
        let url = self.query_url(service, &options.format)?;
        let body = Transport::query_body(sql, options.database.as_deref());
        let mut wake = false;
        loop {
            let response = self.send_query(&url, &body, wake).await?;
            let status = response.status().as_u16();
            if status == 206 {
                let text = transport::read_body(response, &url).await?;
                let data = serde_json::from_slice::<Value>(&text)
                    .ok()
                    .and_then(|v| v.get("data").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_default();
                if data.eq_ignore_ascii_case("Service is stopped") {
                    return Err(ApiError::ServiceStopped {
                        service: service.to_string(),
                    });
                }
                if data.eq_ignore_ascii_case("Confirm wake service") {
                    if options.wake && !wake {
                        crate::notes::notice("note: the service is idle; waking it up");
                        wake = true;
                        continue;
                    }
                    return Err(ApiError::ServiceIdle {
                        service: service.to_string(),
                        woken: wake,
                    });
                }
                // The Query API answers 206 only to ask about the service's state.
                return Err(ApiError::InvalidResponse {
                    url,
                    status,
                    detail: format!(
                        "HTTP 206 with an unknown message: {}",
                        String::from_utf8_lossy(&text)
                            .chars()
                            .take(200)
                            .collect::<String>()
                    ),
                });
            }
            if !(200..300).contains(&status) {
                let bytes = transport::read_body(response, &url).await?;
                return Err(self.query_error(status, &bytes));
            }
            return Ok(QueryResult { response, url });
        }
    }

    async fn send_query(
        &self,
        url: &str,
        body: &Value,
        wake: bool,
    ) -> Result<reqwest::Response, ApiError> {
        transport::ensure_transport(url, true)?;
        if self.debug {
            eprintln!(
                "debug: POST {url}{}",
                if wake { " (wake-service)" } else { "" }
            );
        }
        let mut request = self
            .http
            .post(url)
            .header("x-service-type", "clickhouse")
            .json(body);
        request = match &self.secret {
            Secret::ApiKey { key_id, key_secret } => request
                .basic_auth(key_id, Some(key_secret.expose()))
                .header("auth-provider", "custom"),
            Secret::Bearer(token) => request.bearer_auth(token.expose()),
        };
        if wake {
            request = request.header("wake-service", "true");
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport::network_error(url, &e))?;
        if self.debug {
            eprintln!("debug: HTTP {}", response.status().as_u16());
        }
        Ok(response)
    }

    /// An error answer of the Query API: its JSON `error`/`message`/`data` or its text.
    fn query_error(&self, status: u16, body: &[u8]) -> ApiError {
        let message = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| {
                ["error", "message", "data"]
                    .iter()
                    .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_owned))
            })
            .unwrap_or_else(|| {
                let text = String::from_utf8_lossy(body);
                let text: String = text.trim().chars().take(1000).collect();
                if text.is_empty() {
                    "no error message (empty body)".into()
                } else {
                    text
                }
            });
        match status {
            401 | 403 => ApiError::QueryRefused {
                status,
                message,
                key_id: match &self.secret {
                    Secret::ApiKey { key_id, .. } => Some(key_id.clone()),
                    Secret::Bearer(_) => None,
                },
            },
            _ => ApiError::Status {
                status,
                message,
                request_id: None,
                bearer: self.bearer,
            },
        }
    }

    /// `--dry-run` for SQL: the request described, not sent.
    fn query_plan(&self, service: Uuid, sql: &str, options: &QueryOptions) -> ApiError {
        let url = match self.query_url(service, &options.format) {
            Ok(url) => url,
            Err(error) => return error,
        };
        let mut body = Transport::query_body(sql, options.database.as_deref());
        crate::redact::scrub_json(&mut body);
        ApiError::DryRun(Box::new(DryRunPlan {
            method: "POST".into(),
            url: crate::redact::scrub(&url).into_owned(),
            body: Some(body),
            then: Vec::new(),
        }))
    }
}

impl ReadApi {
    /// Runs a statement that reads. Sent under `--dry-run` too, like every read.
    pub async fn run_read_sql(
        &self,
        service: Uuid,
        sql: &ReadSql,
        options: &QueryOptions,
    ) -> Result<QueryResult, ApiError> {
        self.transport
            .run_query(service, sql.as_str(), options)
            .await
    }

    /// Where the Query API is: derived from the API URL, or set (`CLOUD_QUERY_URL`,
    /// the context's `query_url`). `None` leaves every SQL call to fail with
    /// [`ApiError::QueryUrlMissing`].
    pub fn with_query_url(mut self, url: Option<String>) -> ReadApi {
        self.transport.query_url = url;
        self
    }
}

impl super::WriteApi {
    /// Runs any statement: the mutating side of the Query API. Under `--dry-run` the request
    /// is described ([`ApiError::DryRun`]) and nothing is sent.
    pub async fn run_sql(
        &self,
        service: Uuid,
        sql: &str,
        options: &QueryOptions,
    ) -> Result<QueryResult, ApiError> {
        let transport = &self.transport;
        if transport.dry_run {
            return Err(transport.query_plan(service, sql, options));
        }
        transport.run_query(service, sql, options).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_host_is_derived_from_the_api_host() {
        for (api, expected) in [
            (
                "https://api.clickhouse.cloud",
                Some("https://queries.clickhouse.cloud"),
            ),
            (
                "https://api.clickhouse.cloud/",
                Some("https://queries.clickhouse.cloud"),
            ),
            (
                "https://api.control-plane.clickhouse-staging.com",
                Some("https://queries.clickhouse-staging.com"),
            ),
            (
                "https://api.example.com:8443",
                Some("https://queries.example.com:8443"),
            ),
            ("http://127.0.0.1:8787", None),
            ("http://localhost:8787", None),
            ("https://proxy.example.com", None),
            ("https://myapi.example.com", None),
            ("https://api.", None),
            ("not a url", None),
        ] {
            assert_eq!(derive_query_url(api).as_deref(), expected, "{api}");
        }
    }

    #[test]
    fn reads_are_recognised_by_their_first_keyword() {
        for sql in [
            "SELECT 1",
            "select 1",
            "  \n\tSeLeCt 1",
            "-- a comment\nSELECT 1",
            "/* block */ SELECT 1",
            "/* multi\nline */ -- and more\n (SELECT 1) UNION ALL (SELECT 2)",
            "((select 1))",
            "WITH 1 AS x SELECT x",
            "WITH t AS (SELECT 1) SELECT * FROM t",
            "WITH t AS (INSERT INTO x VALUES (1)) SELECT 1", // the server refuses it; nothing top-level writes
            "SHOW TABLES",
            "show databases",
            "DESCRIBE TABLE t",
            "DESC t",
            "EXPLAIN SELECT 1",
            "EXISTS TABLE t",
            "SELECT 'DROP TABLE t'",
            "SELECT 1 -- ; DROP TABLE t",
        ] {
            assert!(ReadSql::check(sql).is_ok(), "{sql}");
        }
    }

    #[test]
    fn writes_are_refused_whatever_their_spelling() {
        for (sql, keyword) in [
            ("INSERT INTO t VALUES (1)", "INSERT"),
            ("insert into t values (1)", "INSERT"),
            ("  -- SELECT\n INSERT INTO t SELECT 1", "INSERT"),
            ("/* SELECT */ DROP TABLE t", "DROP"),
            ("(INSERT INTO t VALUES (1))", "INSERT"),
            ("CREATE TABLE t (x UInt8) ENGINE = Memory", "CREATE"),
            ("ALTER TABLE t DELETE WHERE 1", "ALTER"),
            ("DELETE FROM t WHERE 1", "DELETE"),
            ("UPDATE t SET x = 1", "UPDATE"),
            ("TRUNCATE TABLE t", "TRUNCATE"),
            ("DROP DATABASE d", "DROP"),
            ("RENAME TABLE a TO b", "RENAME"),
            ("OPTIMIZE TABLE t FINAL", "OPTIMIZE"),
            ("GRANT SELECT ON *.* TO u", "GRANT"),
            ("SYSTEM DROP DNS CACHE", "SYSTEM"),
            ("KILL QUERY WHERE 1", "KILL"),
            ("SET max_threads = 1", "SET"),
            ("USE other", "USE"),
            (
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
                "INSERT",
            ),
            ("with 1 as y insert into t select y", "INSERT"),
            ("SELECTX 1", "SELECTX"),
            ("'SELECT' 1", ""),
            ("", ""),
            ("-- only a comment", ""),
        ] {
            let refusal = ReadSql::check(sql).expect_err(sql);
            assert_eq!(refusal.keyword, keyword, "{sql}");
        }
    }

    #[test]
    fn statements_split_outside_quotes_and_comments() {
        assert_eq!(
            split_statements("SELECT 1; SELECT 2;"),
            vec!["SELECT 1", "SELECT 2"]
        );
        assert_eq!(
            split_statements("SELECT ';' ; SELECT \"a;b\"; SELECT `c;d`"),
            vec!["SELECT ';'", "SELECT \"a;b\"", "SELECT `c;d`"]
        );
        assert_eq!(
            split_statements("SELECT 'it''s; fine'; SELECT 'a\\';b'"),
            vec!["SELECT 'it''s; fine'", "SELECT 'a\\';b'"]
        );
        assert_eq!(
            split_statements("SELECT 1 -- no; split\n; /* nor ; here */ INSERT INTO t VALUES (1)"),
            vec![
                "SELECT 1 -- no; split",
                "/* nor ; here */ INSERT INTO t VALUES (1)"
            ]
        );
        assert_eq!(split_statements(" ; -- nothing\n ;"), Vec::<String>::new());
        assert_eq!(split_statements("SELECT 1"), vec!["SELECT 1"]);
    }

    #[test]
    fn terminal_output_keeps_tabs_and_newlines_only() {
        assert_eq!(inert("a\tb\nc"), "a\tb\nc");
        assert_eq!(inert("\u{1b}[31mred"), "\\x1b[31mred");
    }
}
