//! Time as the API shows it: RFC 3339 in UTC, whole seconds (like the production API).

use jiff::Timestamp;

/// Drops the sub-second part.
pub fn whole_seconds(ts: Timestamp) -> Timestamp {
    Timestamp::from_second(ts.as_second()).unwrap_or(ts)
}

/// `2025-01-15T10:00:00Z`.
pub fn rfc3339(ts: Timestamp) -> String {
    whole_seconds(ts).to_string()
}

/// `ts` plus whole seconds, saturating at jiff's range (never panics).
pub fn plus_seconds(ts: Timestamp, seconds: i64) -> Timestamp {
    Timestamp::from_second(ts.as_second().saturating_add(seconds)).unwrap_or(ts)
}
