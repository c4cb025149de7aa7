//! `--fault MODE`: a hostile or broken server, for testing how clients defend themselves.
//!
//! | mode | what `/v1` does |
//! |---|---|
//! | `huge-body[=MB]` | answers every GET with a valid JSON envelope of MB mebibytes (default 100), streamed |
//! | `echo-secret` | appends the credential it received (Basic password or bearer token) to every `name` in results and to every error message |
//! | `escape-sequences` | appends terminal escape sequences (SGR colour, OSC 8 link, OSC 52 clipboard write, BEL) and a bidi override (U+202E) to every `name` and error message |
//! | `slow-headers[=MS]` | waits MS milliseconds (default 5000) before answering |
//! | `slow-body[=MS]` | sends the headers and the first bytes, then stalls MS milliseconds (default 5000) before the rest |
//! | `retry-after-date` | answers every odd-numbered request 429 with `Retry-After` as an HTTP date 2 s ahead |

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::envelope::{ApiError, Reply, failure};

/// One `--fault` mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    HugeBody { mebibytes: u64 },
    EchoSecret,
    EscapeSequences,
    SlowHeaders { ms: u64 },
    SlowBody { ms: u64 },
    RetryAfterDate,
}

/// What `escape-sequences` appends: red text, a hyperlink, a clipboard write, a bell, and
/// text reversed by a right-to-left override.
pub const ESCAPES: &str = "\u{1b}[31mRED\u{1b}[0m \u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7} \u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{7} \u{202e}exe.txt";

pub fn parse_fault(raw: &str) -> Result<Fault, String> {
    let (name, value) = match raw.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (raw, None),
    };
    let number = |default: u64| -> Result<u64, String> {
        value.map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| format!("{v:?} is not a number in --fault {raw}"))
        })
    };
    let no_value = |fault: Fault| match value {
        None => Ok(fault),
        Some(_) => Err(format!("--fault {name} takes no value")),
    };
    match name {
        "huge-body" => Ok(Fault::HugeBody {
            mebibytes: number(100)?,
        }),
        "echo-secret" => no_value(Fault::EchoSecret),
        "escape-sequences" => no_value(Fault::EscapeSequences),
        "slow-headers" => Ok(Fault::SlowHeaders { ms: number(5000)? }),
        "slow-body" => Ok(Fault::SlowBody { ms: number(5000)? }),
        "retry-after-date" => no_value(Fault::RetryAfterDate),
        _ => Err(format!(
            "unknown fault {name:?}; one of huge-body[=MB], echo-secret, escape-sequences, \
             slow-headers[=MS], slow-body[=MS], retry-after-date"
        )),
    }
}

/// The `--fault` modes in force, with the state some of them keep.
pub struct Hostile {
    faults: Vec<Fault>,
    seen: AtomicU64,
}

impl Hostile {
    pub fn new(faults: Vec<Fault>) -> Self {
        Self {
            faults,
            seen: AtomicU64::new(0),
        }
    }

    fn has(&self, fault: Fault) -> bool {
        self.faults.contains(&fault)
    }

    /// Before the request is served: a stall, or an answer that replaces the real one.
    pub async fn before(&self, is_get: bool) -> Option<Response> {
        for fault in &self.faults {
            if let Fault::SlowHeaders { ms } = fault {
                tokio::time::sleep(Duration::from_millis(*ms)).await;
            }
        }
        if self.has(Fault::RetryAfterDate)
            && self.seen.fetch_add(1, Ordering::Relaxed).is_multiple_of(2)
        {
            let mut response = failure(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit exceeded (injected by --fault retry-after-date)",
            ));
            let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
            if let Ok(value) = HeaderValue::from_str(&when) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Some(response);
        }
        let huge = self.faults.iter().find_map(|f| match f {
            Fault::HugeBody { mebibytes } => Some(*mebibytes),
            _ => None,
        });
        match huge {
            Some(mebibytes) if is_get => Some(huge_body(mebibytes)),
            _ => None,
        }
    }

    /// The served outcome, with secrets or escape sequences worked into its text.
    pub fn rewrite(
        &self,
        headers: &HeaderMap,
        outcome: Result<Reply, ApiError>,
    ) -> Result<Reply, ApiError> {
        let mut suffix = String::new();
        if self.has(Fault::EchoSecret) {
            suffix.push_str(&format!(" (credential: {})", received_secret(headers)));
        }
        if self.has(Fault::EscapeSequences) {
            suffix.push(' ');
            suffix.push_str(ESCAPES);
        }
        if suffix.is_empty() {
            return outcome;
        }
        match outcome {
            Ok(Reply::Result(mut value)) => {
                append_to_names(&mut value, &suffix);
                Ok(Reply::Result(value))
            }
            Ok(Reply::Json(text)) => {
                let mut value: Value = serde_json::from_str(&text)
                    .map_err(|e| ApiError::internal(format!("cannot reread the result: {e}")))?;
                append_to_names(&mut value, &suffix);
                Ok(Reply::Result(value))
            }
            Ok(other) => Ok(other),
            Err(mut error) => {
                error.message.push_str(&suffix);
                Err(error)
            }
        }
    }

    /// After the response is made: `slow-body` stalls it after its first bytes.
    pub async fn after(&self, response: Response) -> Response {
        let Some(ms) = self.faults.iter().find_map(|f| match f {
            Fault::SlowBody { ms } => Some(*ms),
            _ => None,
        }) else {
            return response;
        };
        let (mut parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        parts.headers.remove(header::CONTENT_LENGTH);
        let split = bytes.len().min(8);
        let (head, tail) = (bytes.slice(..split), bytes.slice(split..));
        let stream = futures_util::stream::unfold(0u8, move |step| {
            let (head, tail) = (head.clone(), tail.clone());
            async move {
                match step {
                    0 => Some((Ok::<_, Infallible>(head), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(ms)).await;
                        Some((Ok(tail), 2))
                    }
                    _ => None,
                }
            }
        });
        Response::from_parts(parts, Body::from_stream(stream))
    }
}

/// The Basic password or bearer token of the request, as sent.
fn received_secret(headers: &HeaderMap) -> String {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Some(token) = value.strip_prefix("Bearer ") {
        return token.trim().to_owned();
    }
    if let Some(encoded) = value.strip_prefix("Basic ") {
        let decoded = STANDARD.decode(encoded.trim()).unwrap_or_default();
        let text = String::from_utf8_lossy(&decoded);
        return text
            .split_once(':')
            .map(|(_, p)| p)
            .unwrap_or("")
            .to_owned();
    }
    "none".into()
}

/// Appends to `name` of the result object, or of each object of a result list.
fn append_to_names(value: &mut Value, suffix: &str) {
    let objects: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        other => vec![other],
    };
    for object in objects {
        if let Some(Value::String(name)) = object.get_mut("name") {
            name.push_str(suffix);
        }
    }
}

/// A valid envelope around a list of organizations, `mebibytes` MiB long, made as it is sent.
fn huge_body(mebibytes: u64) -> Response {
    const ITEMS_PER_CHUNK: usize = 64;
    let item = format!(
        r#"{{"id":"1e000000-0000-4000-8000-000000000001","name":"{}"}}"#,
        "x".repeat(960)
    );
    let chunk = Bytes::from(format!("{item},").repeat(ITEMS_PER_CHUNK));
    let target = mebibytes.saturating_mul(1024 * 1024);
    let chunks = target / chunk.len() as u64;
    let head = Bytes::from_static(
        br#"{"status":200,"requestId":"00000000-0000-4000-8000-000000000000","result":["#,
    );
    let tail = Bytes::from(format!("{item}]}}"));
    let body = std::iter::once(head)
        .chain((0..chunks).map(move |_| chunk.clone()))
        .chain(std::iter::once(tail))
        .map(Ok::<_, Infallible>);
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures_util::stream::iter(body)))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!(
            parse_fault("huge-body=3"),
            Ok(Fault::HugeBody { mebibytes: 3 })
        );
        assert_eq!(parse_fault("slow-body"), Ok(Fault::SlowBody { ms: 5000 }));
        assert!(parse_fault("echo-secret=1").is_err());
        assert!(parse_fault("nonsense").is_err());
    }
}
