//! How `cloud` talks HTTP: which URLs it may use, which certificate authorities it trusts,
//! how long it waits, how much it reads, and how long a `Retry-After` makes it pause.
//!
//! - Plain `http` only to loopback hosts (`127.0.0.0/8`, `::1`, `localhost`): anywhere else
//!   the API secret or OAuth token would cross the network, and any `HTTP_PROXY`, in clear text.
//!   [`check_transport`] is the one place that decides.
//! - TLS is rustls with the platform's root certificates (or only those of `SSL_CERT_FILE` /
//!   `SSL_CERT_DIR` when set), falling back to the bundled Mozilla roots when the platform has
//!   none. Verification cannot be turned off. HTTP/1.1 only: the handshake offers no `h2`.
//! - Connect and total timeouts, and a cap on the size of a response body, enforced while
//!   the body streams in.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::ApiError;

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * MIB;

pub const CONNECT_TIMEOUT_ENV: &str = "CLOUD_CONNECT_TIMEOUT";
pub const TIMEOUT_ENV: &str = "CLOUD_TIMEOUT";
pub const MAX_RESPONSE_SIZE_ENV: &str = "CLOUD_MAX_RESPONSE_SIZE";

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;
/// The longest timeout accepted: a day. Anything longer is a typo.
const MAX_DURATION: Duration = Duration::from_secs(24 * 3600);

/// The limits every request of the process runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_response_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
        }
    }
}

/// The limits of the process's HTTP client, for messages and the body cap.
static LIMITS: OnceLock<Limits> = OnceLock::new();

pub(crate) fn limits() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// Refuses a URL that would send credentials in clear text: `http` is only for loopback.
///
/// Returns the reason, for the caller to wrap in its own error (clap's for flags and
/// environment, [`ApiError::InsecureUrl`] elsewhere).
pub fn check_transport(url: &str) -> Result<(), String> {
    let parsed =
        Url::parse(url).map_err(|e| format!("{url} is not a valid URL ({e}); use https://…"))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&parsed) => Ok(()),
        "http" => Err(format!(
            "refusing to use {url}: plain http is allowed only to loopback hosts \
             (127.0.0.0/8, ::1, localhost). Over http the API secret or OAuth token would \
             travel in clear text, readable by anything on the way (a proxy set by HTTP_PROXY, \
             the network). Use https://{}",
            url.strip_prefix("http://").unwrap_or(url)
        )),
        other => Err(format!(
            "refusing to use {url}: the scheme `{other}` is not supported; use https://"
        )),
    }
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// [`check_transport`] as an API error; `usage` when the URL came from the user's settings.
pub(crate) fn ensure_transport(url: &str, usage: bool) -> Result<(), ApiError> {
    check_transport(url).map_err(|message| ApiError::InsecureUrl { message, usage })
}

/// The one HTTP client of the process.
pub fn http_client(limits: Limits) -> Result<reqwest::Client, ApiError> {
    let _ = LIMITS.set(limits);
    let tls = super::tls::config().map_err(|detail| ApiError::Network {
        url: String::new(),
        detail,
    })?;
    reqwest::Client::builder()
        .user_agent(concat!("cloud/", env!("CARGO_PKG_VERSION")))
        .use_preconfigured_tls(tls)
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout)
        // The API never redirects; the OAuth token endpoint must not (oauth2's advice).
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ApiError::Network {
            url: String::new(),
            detail: super::error_chain(&e),
        })
}

/// A failed request as an [`ApiError`], naming the limit when a timeout was hit.
pub(crate) fn network_error(url: &str, error: &reqwest::Error) -> ApiError {
    if error.is_timeout() {
        let limits = limits();
        let (kind, limit) = if error.is_connect() {
            (TimeoutKind::Connect, limits.connect_timeout)
        } else {
            (TimeoutKind::Total, limits.timeout)
        };
        return ApiError::Timeout {
            url: url.to_owned(),
            kind,
            limit,
        };
    }
    ApiError::Network {
        url: url.to_owned(),
        detail: super::error_chain(error),
    }
}

/// Which timeout was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    Connect,
    Total,
}

/// Reads a response body, refusing one larger than the process's cap: by its
/// `Content-Length` before reading, and chunk by chunk while it streams in.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    url: &str,
) -> Result<Vec<u8>, ApiError> {
    let limit = limits().max_response_size;
    let too_large = || ApiError::TooLarge {
        url: url.to_owned(),
        limit,
    };
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    // A declared length (already within the cap) sizes the buffer once: reserving costs no
    // memory until the bytes arrive, and growing by doubling would copy a large body and
    // touch up to twice its pages.
    let declared = response.content_length().unwrap_or(0).min(limit);
    let mut body = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    advise_huge_pages(&mut body);
    // The error without reqwest's URL: `url` names it (a presigned one without its signature).
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| network_error(url, &e.without_url()))?
    {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Asks Linux to back a large buffer with transparent huge pages where its 2 MiB-aligned
/// interior allows. Each fresh 4 KiB page costs a fault, about 4 µs on a virtual machine:
/// 12 ms for a 12 MB list of services, against a few for six huge pages. The capacity
/// counts, not the length: call it before the buffer fills. Advice only:
/// a kernel that declines (THP off, no huge page free) just faults as before.
pub(crate) fn advise_huge_pages(buffer: &mut Vec<u8>) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        if buffer.capacity() < 2 * HUGE {
            return;
        }
        let start = buffer.as_mut_ptr() as usize;
        let first = start.next_multiple_of(HUGE);
        let end = (start + buffer.capacity()) / HUGE * HUGE;
        if end > first {
            // SAFETY: the range lies inside `buffer`'s allocation, and MADV_HUGEPAGE changes
            // neither its contents nor its validity, only how the kernel backs it.
            unsafe {
                libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buffer;
}

/// `Retry-After` as delay-seconds or as an HTTP date (RFC 9110 §10.2.3); a date in the
/// past means "now". Unreadable values are ignored.
pub(crate) fn retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `10s`, `2m`, `500ms`, `1h`; a bare number is seconds.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let text = value.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{value:?} is not a duration; write e.g. 10s, 2m or 500ms"))?;
    let seconds = match unit.trim() {
        "ms" => number / 1000.0,
        "" | "s" | "sec" => number,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {value:?}; use ms, s, m or h (e.g. 10s, 2m, 500ms)"
            ));
        }
    };
    let duration =
        Duration::try_from_secs_f64(seconds).map_err(|_| format!("{value:?} is out of range"))?;
    if duration < Duration::from_millis(1) {
        return Err(format!("{value:?} is too short; use at least 1ms"));
    }
    if duration > MAX_DURATION {
        return Err(format!("{value:?} is too long; use at most 24h"));
    }
    Ok(duration)
}

/// `64MiB`, `512KiB`, `1GiB`, `10MB` (decimal), or a number of bytes.
pub fn parse_size(value: &str) -> Result<u64, String> {
    let text = value.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{value:?} is not a size; write e.g. 64MiB, 512KiB or 1GiB"))?;
    let multiplier = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => KIB,
        "kb" => 1000,
        "m" | "mib" => MIB,
        "mb" => 1000 * 1000,
        "g" | "gib" => GIB,
        "gb" => 1000 * 1000 * 1000,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {value:?}; use B, KiB, MiB or GiB (e.g. 64MiB)"
            ));
        }
    };
    let size = number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("{value:?} is out of range"))?;
    if size < KIB {
        return Err(format!("{value:?} is too small; use at least 1KiB"));
    }
    Ok(size)
}

/// A size for messages: `64 MiB`, `1.5 KiB`, `1000 bytes`.
pub fn describe_size(bytes: u64) -> String {
    for (unit, name) in [(GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")] {
        if bytes >= unit {
            let value = bytes as f64 / unit as f64;
            return if bytes.is_multiple_of(unit) {
                format!("{} {name}", bytes / unit)
            } else {
                format!("{value:.1} {name}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// A duration for messages: `10 s`, `500 ms`, `2.5 s`.
pub fn describe_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_to_loopback() {
        for ok in [
            "https://api.clickhouse.cloud",
            "http://127.0.0.1:8787",
            "http://127.1.2.3",
            "http://[::1]:80/v1",
            "http://localhost:1",
            "http://LOCALHOST",
        ] {
            assert!(check_transport(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.clickhouse.cloud",
            "http://10.0.0.1",
            "http://localhost.evil.example",
            "http://[::2]",
            "ftp://127.0.0.1",
            "not a url",
        ] {
            assert!(check_transport(bad).is_err(), "{bad}");
        }
        let message = check_transport("http://api.example.com").unwrap_err();
        assert!(message.contains("clear text"), "{message}");
        assert!(message.contains("https://api.example.com"), "{message}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        for bad in ["", "s", "0s", "10 parsecs", "-1s", "25h", "1e9s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB"), Ok(64 * MIB));
        assert_eq!(parse_size("64m"), Ok(64 * MIB));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("2048"), Ok(2048));
        for bad in ["", "MiB", "12", "1 TiB", "-1", "99999999999999GiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(describe_size(64 * MIB), "64 MiB");
        assert_eq!(describe_size(1536), "1.5 KiB");
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 2015-10-21 07:28:00
        let header = |v: &str| HeaderValue::from_str(v).unwrap();
        assert_eq!(retry_after(&header("7"), now), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&header("Wed, 21 Oct 2015 07:28:05 GMT"), now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after(&header("Wed, 21 Oct 2015 07:27:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&header("soon"), now), None);
    }
}
