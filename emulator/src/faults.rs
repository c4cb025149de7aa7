//! Fault injection for /v1: added latency, a deterministic share of 503s, and a per-second
//! rate limit answered with 429 + `Retry-After`. Lets clients test their retry and timeout paths.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::envelope::ApiError;

pub struct Faults {
    pub latency: Duration,
    fail_rate: f64,
    rate_limit: Option<u32>,
    /// /v1 requests seen so far, for the deterministic failure pattern.
    seen: AtomicU64,
    /// When the requests admitted in the last second arrived.
    window: Mutex<VecDeque<Instant>>,
}

impl Faults {
    pub fn new(latency: Duration, fail_rate: f64, rate_limit: Option<u32>) -> Self {
        Self {
            latency,
            fail_rate,
            rate_limit,
            seen: AtomicU64::new(0),
            window: Mutex::new(VecDeque::new()),
        }
    }

    /// The injected error for this request, if any (checked before authentication, like a
    /// gateway would).
    pub fn check(&self, now: Instant) -> Option<ApiError> {
        if self.over_rate_limit(now) {
            let mut error = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit exceeded; retry after 1 second",
            );
            error.retry_after_secs = Some(1);
            return Some(error);
        }
        if self.should_fail() {
            return Some(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Service temporarily unavailable (injected by --fail-rate)",
            ));
        }
        None
    }

    /// Fails request n when ⌊n·rate⌋ grows: exactly `rate` of requests, evenly spread, with no
    /// randomness (rate 0.5 fails every second request, 1.0 every request).
    fn should_fail(&self) -> bool {
        if self.fail_rate <= 0.0 {
            return false;
        }
        let n = self.seen.fetch_add(1, Ordering::Relaxed) + 1;
        let due = |k: u64| (k as f64 * self.fail_rate).floor();
        due(n) > due(n - 1)
    }

    /// Sliding one-second window; rejected requests do not count against the limit.
    fn over_rate_limit(&self, now: Instant) -> bool {
        let Some(limit) = self.rate_limit else {
            return false;
        };
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            window.pop_front();
        }
        if window.len() >= limit as usize {
            return true;
        }
        window.push_back(now);
        false
    }
}
