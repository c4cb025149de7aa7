//! The typed ClickHouse Cloud API client, split by capability.
//!
//! [`ReadApi`] has only `GET` and `HEAD` methods. [`WriteApi`] adds the mutating ones and can be
//! obtained only through [`WriteApi::authorize`], which refuses read-only credentials.
//! The raw transport is private to this module, so a handler given a `ReadApi` cannot
//! send a mutating request however it is written.

pub mod clickpipe_create;
pub mod clickpipes;
mod error;
pub mod models;
pub mod query;
mod read;
pub mod requests;
pub mod role;
mod tls;
pub mod transport;
mod write;

use std::cell::OnceCell;
use std::time::Duration;

use reqwest::Method;
use reqwest::header;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::credentials::{Credential, Secret};
pub use error::ApiError;
pub use read::ReadApi;
pub use transport::{Limits, TimeoutKind, check_transport, http_client};
pub use write::{ReadOnlyCredential, WriteApi, WriteMethod};

/// Where the public API lives unless `--api-url` / `CLOUD_API_URL` say otherwise.
pub const PRODUCTION_API_URL: &str = "https://api.clickhouse.cloud";

/// The `result` of a reply, exactly as the API sent it, decoded into `T` only when asked.
///
/// `--json` prints the `result` without building a tree of it, so fields this version of
/// `cloud` does not model still reach programs, absent fields stay absent, and a large list
/// costs one quick pass ([`Reply::transcoded`]: checked and copied out at once). Tables and
/// handlers call [`Reply::data`] or [`Reply::rows`], which check the envelope and decode the
/// result in one serde pass. Either way the body is checked before anything of it is used.
#[derive(Debug)]
pub struct Reply<T> {
    /// The reply's body (or a text a command built): kept whole rather than a copy of
    /// `result`, which for a large list is most of it.
    text: String,
    /// Where `result` lies in `text`, once the envelope is checked.
    result: OnceCell<Span>,
    data: OnceCell<T>,
    url: String,
    status: u16,
}

/// Where a reply's `result` lies.
#[derive(Debug, Clone)]
enum Span {
    In(std::ops::Range<usize>),
    /// No `result` (or `null`): read as `null`.
    Null,
}

/// A reply's text and where its `result` lies ([`Reply::body`]).
pub struct Body<'r> {
    text: &'r str,
    result: &'r OnceCell<Span>,
    url: &'r str,
    status: u16,
}

impl<'r> Body<'r> {
    /// [`Reply::raw`].
    pub fn raw(&self) -> Result<&'r str, ApiError> {
        let span = match self.result.get() {
            Some(span) => span,
            None => {
                let span = self.check()?;
                self.result.get_or_init(|| span)
            }
        };
        Ok(match span {
            Span::In(range) => &self.text[range.clone()],
            Span::Null => "null",
        })
    }

    /// Checks the envelope and finds `result` in it. A fast scan vouches for valid JSON
    /// only; serde decides (and explains) the rest.
    fn check(&self) -> Result<Span, ApiError> {
        match passthrough::result_span(self.text) {
            Ok(span) => Ok(span.map_or(Span::Null, Span::In)),
            Err(passthrough::NotVouched) => self.serde_check(),
        }
    }

    /// What serde reads of a body the fast scan did not vouch for, or why it is refused.
    fn serde_check(&self) -> Result<Span, ApiError> {
        let result =
            serde_result(self.text.as_bytes()).map_err(|detail| ApiError::InvalidResponse {
                url: self.url.to_owned(),
                status: self.status,
                detail,
            })?;
        Ok(result.map_or(Span::Null, |result| {
            let start = result.get().as_ptr() as usize - self.text.as_ptr() as usize;
            Span::In(start..start + result.get().len())
        }))
    }

    /// [`Reply::transcoded`].
    pub fn transcoded(&self, pretty: bool, secrets: &[String]) -> Option<Vec<u8>> {
        if self.result.get().is_some() {
            return None;
        }
        // Pretty JSON of a compact body is about one and a half times its size; what is
        // reserved and never written costs no memory.
        let mut copy = Vec::with_capacity(self.text.len().saturating_mul(2).saturating_add(16));
        transport::advise_huge_pages(&mut copy);
        match passthrough::transcode_result(self.text, pretty, secrets, &mut copy) {
            Ok(span) => {
                let _ = self.result.set(span.map_or(Span::Null, Span::In));
                Some(copy)
            }
            // The scan refused it: serde decides. A body serde reads (nested deeper than the
            // scan goes, say) is then printed by `raw` without a second scan; one it refuses
            // is explained by `raw` as before.
            Err(passthrough::NotVouched) => {
                if let Ok(span) = self.serde_check() {
                    let _ = self.result.set(span);
                }
                None
            }
        }
    }
}

impl<T: DeserializeOwned> Reply<T> {
    /// The typed result, decoded on first use.
    pub fn data(&self) -> Result<&T, ApiError> {
        if let Some(data) = self.data.get() {
            return Ok(data);
        }
        let data = self.decode()?;
        Ok(self.data.get_or_init(|| data))
    }

    /// The typed result, owned.
    pub fn into_data(self) -> Result<T, ApiError> {
        match self.data.into_inner() {
            Some(data) => Ok(data),
            None => Reply::<T> {
                data: OnceCell::new(),
                ..self
            }
            .decode(),
        }
    }

    fn decode(&self) -> Result<T, ApiError> {
        self.rows()
    }
}

impl<T> Reply<T> {
    /// The `result` as the API sent it: JSON text, checked.
    pub fn raw(&self) -> Result<&str, ApiError> {
        self.body().raw()
    }

    /// The `result` checked and copied out pretty or compact, redacted and inert, in one pass
    /// over the body ([`passthrough::transcode_result`]), where [`Reply::raw`] then a copy
    /// take two. `None` when the reply is checked already, or the scan does not vouch for it:
    /// [`Reply::raw`] then decides.
    pub fn transcoded(&self, pretty: bool, secrets: &[String]) -> Option<Vec<u8>> {
        self.body().transcoded(pretty, secrets)
    }

    /// What of the reply does not depend on `T`: the code that reads the text is written
    /// once, not once for each of the hundred result types.
    pub fn body(&self) -> Body<'_> {
        Body {
            text: &self.text,
            result: &self.result,
            url: &self.url,
            status: self.status,
        }
    }

    /// A reply whose `result` is all of `text` (already checked JSON).
    fn whole(text: String, url: String, status: u16) -> Reply<T> {
        Reply {
            result: OnceCell::from(Span::In(0..text.len())),
            text,
            data: OnceCell::new(),
            url,
            status,
        }
    }

    /// The `result` decoded as `R`, which may borrow from the text (a table's rows).
    pub fn rows<'a, R: serde::Deserialize<'a>>(&'a self) -> Result<R, ApiError> {
        if self.result.get().is_none() {
            // Not checked yet: check the envelope and decode the rows in one pass. Whatever
            // fails here is taken again the long way below, which says what went wrong.
            #[derive(serde::Deserialize)]
            struct Envelope<R> {
                result: Option<R>,
            }
            if let Ok(Envelope { result: Some(rows) }) = serde_json::from_str(&self.text) {
                return Ok(rows);
            }
        }
        serde_json::from_str(self.raw()?).map_err(|e| ApiError::InvalidResponse {
            url: self.url.clone(),
            status: self.status,
            detail: format!("the `result` field did not have the documented shape: {e}"),
        })
    }

    /// The rows of a list `result` read off the text by [`Scanned::FIELDS`], without serde,
    /// when [`passthrough::result_fields`] vouches for it and every value has the type `R`
    /// wants; else decoded by serde, which then explains what is wrong.
    pub fn scanned_rows<'a, R: Scanned<'a>>(&'a self) -> Result<Vec<R>, ApiError> {
        // One pass checks the envelope and reads the rows (a reply a command built has no
        // envelope left to check: its rows are read off its text).
        let fields = match self.result.get() {
            None => passthrough::result_fields(&self.text, R::FIELDS).map(|(span, fields)| {
                let _ = self.result.set(Span::In(span));
                fields
            }),
            Some(_) => Err(passthrough::NotVouched),
        };
        if let Ok(fields) = fields
            && let Some(rows) = fields
                .chunks(R::FIELDS.len().max(1))
                .map(R::from_fields)
                .collect::<Option<Vec<R>>>()
        {
            return Ok(rows);
        }
        self.rows()
    }

    /// The `result` as a JSON tree, for the few replies a command reshapes.
    pub fn to_value(&self) -> Value {
        self.raw()
            .ok()
            .and_then(|raw| serde_json::from_str(raw).ok())
            .unwrap_or(Value::Null)
    }

    /// A reply whose `result` a command built itself (e.g. one that adds a field).
    pub fn built(value: &Value, data: T) -> Reply<T> {
        let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
        Reply {
            result: OnceCell::from(Span::In(0..text.len())),
            text,
            data: OnceCell::from(data),
            url: String::new(),
            status: 200,
        }
    }
}

/// A table's row that can be read off a list's JSON text by member name
/// ([`Reply::scanned_rows`]): for the lists that grow large, where serde's decoding of every
/// key of every object is most of a table's time.
pub trait Scanned<'a>: serde::Deserialize<'a> {
    /// The members read, in the order [`Scanned::from_fields`] receives them.
    const FIELDS: &'static [&'static str];
    /// The row from the JSON text of those members (`None` where absent); `None` when a
    /// value is not of the type the row wants (serde then says so).
    fn from_fields(fields: &[Option<&'a str>]) -> Option<Self>;
}

/// A JSON string member read as text: `Some(None)` when absent or `null`, `None` when it is
/// not a string. Borrowed unless it holds an escape.
pub fn scanned_text(token: Option<&str>) -> Option<Option<std::borrow::Cow<'_, str>>> {
    match token {
        None | Some("null") => Some(None),
        Some(token) if token.len() >= 2 && token.starts_with('"') => {
            if token.contains('\\') {
                serde_json::from_str::<String>(token)
                    .ok()
                    .map(|text| Some(std::borrow::Cow::Owned(text)))
            } else {
                Some(Some(std::borrow::Cow::Borrowed(&token[1..token.len() - 1])))
            }
        }
        Some(_) => None,
    }
}

/// A JSON number member read as `N`: `Some(None)` when absent or `null`, `None` when it is
/// not a number `N` holds (`3.5` for a count, say).
pub fn scanned_number<N: serde::de::DeserializeOwned + std::str::FromStr>(
    token: Option<&str>,
) -> Option<Option<N>> {
    match token {
        None | Some("null") => Some(None),
        // A short run of digits reads the same either way (and exactly, as a float), without
        // a deserializer; anything else (a sign, a fraction, an exponent) is serde's to read.
        Some(token) if token.len() < 16 && token.bytes().all(|b| b.is_ascii_digit()) => {
            match token.parse() {
                Ok(number) => Some(Some(number)),
                Err(_) => serde_json::from_str(token).ok().map(Some),
            }
        }
        Some(token) if token.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
            serde_json::from_str(token).ok().map(Some)
        }
        Some(_) => None,
    }
}

/// Sends requests with one credential. Private to `api`: only the capability
/// handles decide which methods reach it.
#[derive(Debug, Clone)]
struct Transport {
    http: reqwest::Client,
    base_url: String,
    secret: Secret,
    bearer: bool,
    debug: bool,
    /// `--dry-run`: [`Transport::mutate_raw`] describes the request instead of sending it.
    dry_run: bool,
    /// The Query API's base URL, when known (`query::derive_query_url` or a setting).
    query_url: Option<String>,
}

/// What a write would have sent under `--dry-run`: nothing mutating left the machine.
/// Known secrets are redacted, and so are body fields named like a secret
/// ([`crate::redact::secret_fields`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DryRunPlan {
    pub method: String,
    pub url: String,
    pub body: Option<Value>,
    /// The requests that would follow, for a command that sends several (`udf create`).
    pub then: Vec<DryRunPlan>,
}

/// The body of a raw reply (`cloud api`), as the API sent it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawBody {
    /// Nothing (a `HEAD`, a `204`).
    Empty,
    /// A JSON document: the whole `{status, requestId, result}` envelope, not unwrapped.
    Json(Value),
    /// Anything else, e.g. the Prometheus endpoints' text.
    Text(String),
}

impl RawBody {
    fn of(url: &str, status: u16, body: Vec<u8>) -> Result<RawBody, ApiError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(RawBody::Empty);
        }
        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
            return Ok(RawBody::Json(value));
        }
        String::from_utf8(body)
            .map(RawBody::Text)
            .map_err(|_| ApiError::InvalidResponse {
                url: url.to_owned(),
                status,
                detail: "the body was neither JSON nor UTF-8 text".into(),
            })
    }
}

impl Transport {
    fn new(http: reqwest::Client, api_url: &str, credential: &Credential, debug: bool) -> Self {
        Transport {
            http,
            base_url: api_url.trim_end_matches('/').to_owned(),
            bearer: matches!(credential.secret, Secret::Bearer(_)),
            secret: credential.secret.clone(),
            debug,
            dry_run: false,
            query_url: None,
        }
    }

    async fn get<T>(&self, path: &str, query: &[(&str, String)]) -> Result<Reply<T>, ApiError> {
        let raw = self.read(path, query).await?;
        decode(raw.status, raw.url, raw.body, self.bearer)
    }

    /// Reads are idempotent, so a 429 or a 502/503/504 is retried a few times: after the
    /// API's `Retry-After` (capped), else with a growing pause. Writes are never retried.
    async fn read(&self, path: &str, query: &[(&str, String)]) -> Result<RawReply, ApiError> {
        self.read_with(Method::GET, path, query).await
    }

    /// [`Transport::read`] for `GET` or `HEAD`, the two methods `ReadApi` may send.
    async fn read_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<RawReply, ApiError> {
        debug_assert!(method == Method::GET || method == Method::HEAD);
        let mut attempt = 0;
        loop {
            let raw = self.send(method.clone(), path, query, None).await?;
            if !matches!(raw.status, 429 | 502 | 503 | 504) || attempt == READ_RETRIES {
                return Ok(raw);
            }
            let pause = raw
                .retry_after
                .map(|wait| wait.min(MAX_RETRY_PAUSE))
                .unwrap_or(Duration::from_millis(500 << attempt));
            crate::notes::notice(&format!(
                "note: the API answered HTTP {}; retrying in {:.1} s",
                raw.status,
                pause.as_secs_f64()
            ));
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    /// For the Prometheus endpoints, which answer plain text on success.
    async fn get_text(&self, path: &str, query: &[(&str, String)]) -> Result<String, ApiError> {
        let RawReply {
            status, url, body, ..
        } = self.read(path, query).await?;
        if (200..300).contains(&status) {
            return String::from_utf8(body).map_err(|_| ApiError::InvalidResponse {
                url,
                status,
                detail: "the metrics were not valid UTF-8".into(),
            });
        }
        Err(error_from_body(status, &url, &body, self.bearer))
    }

    async fn mutate<T>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Reply<T>, ApiError> {
        let raw = self.mutate_raw(method, path, &[], body).await?;
        decode(raw.status, raw.url, raw.body, self.bearer)
    }

    /// The one way a mutating request leaves: never retried, and under `--dry-run` not
    /// sent at all but returned as [`ApiError::DryRun`] for the top to print.
    async fn mutate_raw(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<RawReply, ApiError> {
        debug_assert!(
            method != Method::GET && method != Method::HEAD,
            "reads go through Transport::read"
        );
        if self.dry_run {
            let url = format!("{}{path}{}", self.base_url, render_query(query));
            let body = body.map(|mut body| {
                crate::redact::secret_fields(&mut body);
                crate::redact::scrub_json(&mut body);
                body
            });
            return Err(ApiError::DryRun(Box::new(DryRunPlan {
                method: method.to_string(),
                url: crate::redact::scrub(&url).into_owned(),
                body,
                then: Vec::new(),
            })));
        }
        self.send(method, path, query, body).await
    }

    /// A raw reply: the body as sent on success, the API's error otherwise.
    fn raw_body(&self, raw: RawReply) -> Result<RawBody, ApiError> {
        if !(200..300).contains(&raw.status) {
            return Err(error_from_body(
                raw.status,
                &raw.url,
                &raw.body,
                self.bearer,
            ));
        }
        RawBody::of(&raw.url, raw.status, raw.body)
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<RawReply, ApiError> {
        let url = format!("{}{path}", self.base_url);
        // Checked where the URL is resolved too; here nothing can slip past.
        transport::ensure_transport(&url, true)?;
        if self.debug {
            eprintln!("debug: {method} {url}{}", render_query(query));
        }
        let mut request = self
            .http
            .request(method, &url)
            .header(header::ACCEPT, "application/json");
        // reqwest marks both headers sensitive, so they never show in its debug output.
        request = match &self.secret {
            Secret::ApiKey { key_id, key_secret } => {
                request.basic_auth(key_id, Some(key_secret.expose()))
            }
            Secret::Bearer(token) => request.bearer_auth(token.expose()),
        };
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport::network_error(&url, &e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| transport::retry_after(v, std::time::SystemTime::now()));
        let bytes = transport::read_body(response, &url).await?;
        if self.debug {
            eprintln!("debug: HTTP {status}, {} bytes", bytes.len());
        }
        Ok(RawReply {
            status,
            url,
            body: bytes,
            retry_after,
        })
    }
}

/// How often a read is retried after 429/502/503/504, and the longest pause honoured.
const READ_RETRIES: u32 = 3;
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(10);

/// An HTTP reply before decoding.
struct RawReply {
    status: u16,
    url: String,
    body: Vec<u8>,
    retry_after: Option<Duration>,
}

/// Checks a reply's status and keeps its body, whose envelope is checked when it is first
/// used ([`Reply::raw`], [`Reply::rows`]).
fn decode<T>(status: u16, url: String, body: Vec<u8>, bearer: bool) -> Result<Reply<T>, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from_body(status, &url, &body, bearer));
    }
    // Checked as UTF-8 once, whole: parsed as text, serde need not check it again.
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        // Invalid UTF-8 where serde does not look (a string it skips, say a `requestId`):
        // parse the bytes and keep a copy of `result` alone, which serde did check.
        Err(e) => {
            let bytes = e.into_bytes();
            let result = match serde_result(&bytes) {
                Ok(result) => result,
                Err(detail) => {
                    return Err(ApiError::InvalidResponse {
                        url,
                        status,
                        detail,
                    });
                }
            };
            let text = result.map_or_else(|| "null".to_owned(), |r| r.get().to_owned());
            return Ok(Reply::whole(text, url, status));
        }
    };
    Ok(Reply {
        text,
        result: OnceCell::new(),
        data: OnceCell::new(),
        url,
        status,
    })
}

/// serde's reading of an envelope: its `result` as sent (`None` when absent or `null`), or
/// what is wrong with the body, for the error.
fn serde_result(bytes: &[u8]) -> Result<Option<&RawValue>, String> {
    #[derive(serde::Deserialize)]
    struct Envelope<'a> {
        #[serde(borrow)]
        result: Option<&'a RawValue>,
    }
    match serde_json::from_slice::<Envelope>(bytes) {
        Ok(envelope) => Ok(envelope.result),
        Err(e) if e.is_data() => Err("expected a JSON object with a `result` field".into()),
        Err(e) => Err(explain_bad_json(bytes, &e)),
    }
}

fn error_from_body(status: u16, url: &str, body: &[u8], bearer: bool) -> ApiError {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ErrorEnvelope {
        error: String,
        request_id: Option<String>,
    }
    let (message, request_id) = match serde_json::from_slice::<ErrorEnvelope>(body) {
        Ok(envelope) => (envelope.error, envelope.request_id),
        Err(_) => (summarize_unexpected_body(body, url), None),
    };
    ApiError::Status {
        status,
        message,
        request_id,
        bearer,
    }
}

fn summarize_unexpected_body(body: &[u8], url: &str) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        "no error message (empty body)".into()
    } else if looks_like_html(trimmed) {
        format!("an HTML page instead of a JSON error; is {url} the ClickHouse Cloud API?")
    } else {
        let snippet: String = trimmed.chars().take(200).collect();
        format!("unexpected body: {snippet}")
    }
}

fn explain_bad_json(body: &[u8], error: &serde_json::Error) -> String {
    let text = String::from_utf8_lossy(body);
    if looks_like_html(text.trim_start()) {
        "expected JSON but got an HTML page; check --api-url / CLOUD_API_URL".into()
    } else if error.is_eof() {
        format!(
            "the JSON ended early (truncated after {} bytes)",
            body.len()
        )
    } else {
        format!("invalid JSON: {error}")
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with('<')
}

fn render_query(query: &[(&str, String)]) -> String {
    if query.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("?{}", pairs.join("&"))
}

/// An error with its causes, e.g. "error sending request: connection refused".
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Percent-encodes a free-form path segment (ids that are not UUIDs).
fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("abc-1_2.3~"), "abc-1_2.3~");
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn the_result_is_kept_as_sent_wherever_it_lies() {
        let body = br#"{"status":200,"requestId":"r","result":{"b": 1,"a":[2]},"x":0}"#;
        let reply = decode::<Value>(200, "http://x".into(), body.to_vec(), false).unwrap();
        assert_eq!(reply.raw().unwrap(), r#"{"b": 1,"a":[2]}"#);
        // Invalid UTF-8 outside `result`, where serde does not look: `result` alone is kept.
        let mut body = br#"{"requestId":"?","result":[1]}"#.to_vec();
        body[14] = 0xff;
        let reply = decode::<Vec<u8>>(200, "http://x".into(), body, false).unwrap();
        assert_eq!(reply.raw().unwrap(), "[1]");
        assert_eq!(reply.data().unwrap(), &vec![1]);
        let reply = decode::<Value>(200, "http://x".into(), br#"{"status":200}"#.to_vec(), false);
        assert_eq!(reply.unwrap().raw().unwrap(), "null");
    }

    #[test]
    fn scanned_rows_are_what_serde_decodes() {
        use models::ServiceRow;
        let body = br#"{"status":200,"result":[
            {"id":"a","name":"n\u00e9 \"q\"","minReplicaMemoryGb":16,"maxReplicaMemoryGb":1.5e2,
             "numReplicas":3,"extra":[{"id":"no"}],"autoscalingMode":"horizontal"},
            {"name":null,"state":"idle"},
            {}
        ]}"#;
        let reply = decode::<Value>(200, "http://x".into(), body.to_vec(), false).unwrap();
        let scanned: Vec<ServiceRow> = reply.scanned_rows().unwrap();
        let decoded: Vec<ServiceRow> = reply.rows().unwrap();
        assert_eq!(scanned.len(), 3);
        assert_eq!(scanned[0].max_replica_memory_gb, Some(150.0));
        assert_eq!(format!("{scanned:?}"), format!("{decoded:?}"));
        // A value of the wrong type goes to serde, which names the problem.
        for result in [
            r#"[{"numReplicas":3.5}]"#,
            r#"[{"numReplicas":4294967296}]"#,
            r#"[{"numReplicas":-1}]"#,
            r#"[{"name":1}]"#,
            r#"{"id":"x"}"#,
        ] {
            let body = format!(r#"{{"result":{result}}}"#);
            let reply = decode::<Value>(200, "http://x".into(), body.into_bytes(), false).unwrap();
            let err = reply.scanned_rows::<ServiceRow>().unwrap_err();
            assert!(err.to_string().contains("documented shape"), "{err}");
        }
    }

    #[test]
    fn truncated_json_is_explained() {
        let body = br#"{"status":200,"result":{"id":"#;
        let reply = decode::<Value>(200, "http://x".into(), body.to_vec(), false).unwrap();
        // Whichever way the reply is used, the envelope is checked first.
        for err in [reply.raw().unwrap_err(), reply.data().unwrap_err()] {
            assert!(err.to_string().contains("truncated"), "{err}");
        }
    }

    #[test]
    fn html_error_pages_are_explained() {
        let err = error_from_body(
            502,
            "http://x",
            b"<html><body>Bad gateway</body></html>",
            false,
        );
        assert!(err.to_string().contains("HTML page"), "{err}");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;
        use crate::sanitize;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Whatever bytes and status a server sends, decoding ends in a value or an error.
            #[test]
            fn decoding_never_panics(body in proptest::collection::vec(any::<u8>(), 0..512), status in 0u16..1000, bearer: bool) {
                if let Ok(reply) = decode::<Value>(status, "http://x".into(), body.clone(), bearer) {
                    let _ = (reply.raw().map(str::len), reply.data().is_ok());
                }
                if let Ok(reply) = decode::<Vec<models::Organization>>(status, "http://x".into(), body.clone(), bearer) {
                    let _ = (reply.data().is_ok(), reply.raw().map(str::len));
                }
                let error = error_from_body(status, "http://x", &body, bearer);
                let _ = (error.to_string(), error.status());
            }

            /// JSON-shaped bodies too, where the interesting paths are.
            #[test]
            fn decoding_json_never_panics(text in r#"\{("(status|result|error|requestId)":("[^"]*"|\[[^\]]*\]|[0-9]+|null),?){0,4}\}?"#, status in 100u16..600) {
                if let Ok(reply) = decode::<Vec<models::Organization>>(status, "http://x".into(), text.clone().into_bytes(), false) {
                    let _ = (reply.data().is_ok(), reply.raw().map(str::len));
                }
                let _ = error_from_body(status, "http://x", text.as_bytes(), true).to_string();
            }

            /// Sanitised text never carries a control character or a bidi override.
            #[test]
            fn sanitized_text_is_inert(text in any::<String>()) {
                let message = sanitize::text(&text);
                prop_assert!(!message.chars().any(|c| sanitize::is_unsafe(c) && c != '\n'), "{:?}", message);
                let json = sanitize::to_json_compact(&serde_json::json!({ "v": text }));
                prop_assert!(!json.chars().any(sanitize::is_unsafe), "{:?}", json);
                let back: Value = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(back["v"].as_str(), Some(text.as_str()));
            }

            /// `--json`'s fast copy keeps every value, leaves nothing unsafe and redacts the
            /// secret, whatever the server's strings and whitespace.
            #[test]
            fn transcoded_json_is_the_same_value_and_inert(
                texts in proptest::collection::vec(any::<String>(), 0..6),
                pretty: bool,
                spaced: bool,
            ) {
                let secret = "s3cret-Key-xyz".to_owned();
                let mut value = serde_json::json!({ "texts": texts, "n": [1, -2.5, null, true], "o": {} });
                value["k"] = Value::String(format!("<{secret}>"));
                let text = if spaced { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
                let mut out = Vec::new();
                passthrough::transcode(&text, pretty, std::slice::from_ref(&secret), &mut out).unwrap();
                let out = String::from_utf8(out).unwrap();
                prop_assert!(!out.chars().any(|c| sanitize::is_unsafe(c) && c != '\n'), "{:?}", out);
                prop_assert!(!out.contains(&secret));
                let mut back: Value = serde_json::from_str(&out).unwrap();
                prop_assert_eq!(back["k"].as_str(), Some("<[redacted]>"));
                back["k"] = value["k"].clone();
                let texts_back: Vec<String> = serde_json::from_value(back["texts"].clone()).unwrap();
                let redacted: Vec<String> = texts.iter().map(|t| t.replace(&secret, "[redacted]")).collect();
                prop_assert_eq!(texts_back, redacted);
                prop_assert_eq!(&back["n"], &value["n"]);
            }
        }
    }
}
