//! `--wait [--wait-timeout DURATION]`: after a write, poll `service get` until the service
//! reaches the state the write leads to.
//!
//! Targets: `create`, `start` and `backup restore` (the new service) wait for `running`;
//! `stop` for `stopped`; `delete` until the service is gone (404) or `terminated`/`softdeleted`;
//! `scale` until the service is settled again (`running`, `idle` or `stopped`: scaling does not
//! change whether a service runs).
//! A service that turns `failed` ends the wait at once (exit 1, code `service_failed`; a
//! ClickPipe's `Failed` or `InternalError` too);
//! `degraded` and every transitional state keep it waiting. Polling is idempotent GETs
//! through the `ReadApi`, 500 ms apart at first, growing to 10 s. Running out of time is
//! exit 8 (`wait_timed_out`); Ctrl-C stops the wait (exit 130). Neither stops the operation
//! itself, which goes on in ClickHouse Cloud.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::api::models::Service;
use crate::api::{ApiError, ReadApi, Reply};
use crate::error::{Error, Result};
use crate::output::Output;

/// The first pause between polls; each later one is 1.5 times longer, up to the maximum.
const FIRST_POLL: Duration = Duration::from_millis(500);
const MAX_POLL: Duration = Duration::from_secs(10);

/// `--wait-timeout`'s default for `create` (provisioning takes longest).
pub const CREATE_TIMEOUT: Duration = Duration::from_secs(20 * 60);
/// `--wait-timeout`'s default for `start`, `stop`, `delete` and `scale`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// `--wait` and `--wait-timeout`, shared by the service writes.
#[derive(Debug, Clone, clap::Args)]
pub struct WaitArgs {
    /// Wait until the change is done (polls `cloud service get`), then print the result
    #[arg(long)]
    pub wait: bool,

    /// How long --wait waits, e.g. 90s or 10m [default: 20m for create and backup restore, 10m otherwise]
    #[arg(
        long,
        value_name = "DURATION",
        requires = "wait",
        value_parser = crate::api::transport::parse_duration
    )]
    pub wait_timeout: Option<Duration>,
}

impl WaitArgs {
    pub fn timeout(&self, default: Duration) -> Duration {
        self.wait_timeout.unwrap_or(default)
    }
}

/// The state a write leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Running,
    Stopped,
    /// A ClickPipe stopped: `Stopped` (streaming and object storage) or `Paused` (database).
    StoppedOrPaused,
    /// Deleted: 404, `terminated` or `softdeleted`.
    Gone,
    /// Any state that is not on its way to another: `running`, `idle` or `stopped`.
    Settled,
}

impl Target {
    pub fn describe(self) -> &'static str {
        match self {
            Target::Running => "running",
            Target::Stopped => "stopped",
            Target::StoppedOrPaused => "stopped or paused",
            Target::Gone => "deleted",
            Target::Settled => "running, idle or stopped",
        }
    }

    /// ClickPipe states are capitalized (`Running`), service states not: compared ignoring case.
    fn reached(self, state: &str) -> bool {
        let state = state.to_ascii_lowercase();
        let state = state.as_str();
        match self {
            Target::Running => state == "running",
            Target::Stopped => state == "stopped",
            Target::StoppedOrPaused => matches!(state, "stopped" | "paused"),
            Target::Gone => matches!(state, "terminated" | "softdeleted"),
            Target::Settled => matches!(state, "running" | "idle" | "stopped"),
        }
    }
}

/// Polls the service until it reaches `target`. Returns its last reply, or `None` when it
/// is gone (404, only for [`Target::Gone`]).
pub async fn until(
    api: &ReadApi,
    org: Uuid,
    id: Uuid,
    target: Target,
    timeout: Duration,
    out: Output,
) -> Result<Option<Reply<Service>>> {
    poll(
        id,
        target,
        timeout,
        out,
        || api.service(org, id),
        |service: &Service| service.state.clone(),
    )
    .await
}

/// What a wait is about, for its spinner and errors.
#[derive(Debug, Clone)]
pub struct Subject {
    /// `service 2b1c…`, `ClickPipe 4f0e…`
    pub named: String,
    /// The command that shows its state: `cloud service get 2b1c…`
    pub check: String,
}

impl Subject {
    pub fn service(id: Uuid) -> Subject {
        Subject {
            named: format!("service {id}"),
            check: format!("cloud service get {id}"),
        }
    }
}

/// [`poll_as`] for a service.
pub async fn poll<T, F, Fut>(
    id: Uuid,
    target: Target,
    timeout: Duration,
    out: Output,
    fetch: F,
    state: impl Fn(&T) -> Option<String>,
) -> Result<Option<Reply<T>>>
where
    T: serde::de::DeserializeOwned,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::result::Result<Reply<T>, ApiError>>,
{
    poll_as(Subject::service(id), target, timeout, out, fetch, state).await
}

/// The polling of [`until`] for any resource with a state (Postgres services, ClickPipes):
/// `fetch` reads it, `state` says what state it is in.
pub async fn poll_as<T, F, Fut>(
    subject: Subject,
    target: Target,
    timeout: Duration,
    out: Output,
    mut fetch: F,
    state: impl Fn(&T) -> Option<String>,
) -> Result<Option<Reply<T>>>
where
    T: serde::de::DeserializeOwned,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::result::Result<Reply<T>, ApiError>>,
{
    let spinner = Spinner::new(out, &subject, target);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let deadline = Instant::now() + timeout;
    let mut pause = FIRST_POLL;
    let mut last_state = "unknown".to_owned();
    loop {
        let reply = tokio::select! {
            reply = fetch() => reply,
            _ = &mut ctrl_c => return Err(interrupted(&subject, &last_state, target)),
        };
        let reply = match reply {
            Ok(reply) => reply,
            Err(e @ ApiError::Status { status: 404, .. }) => {
                if target == Target::Gone {
                    spinner.finish();
                    return Ok(None);
                }
                return Err(e.into());
            }
            Err(e) => return Err(e.into()),
        };
        let state = state(reply.data()?).unwrap_or_else(|| "unknown".into());
        if target.reached(&state) {
            spinner.finish();
            return Ok(Some(reply));
        }
        if failed(&state) {
            spinner.finish();
            return Err(Error::ServiceFailed {
                subject: subject.named,
                check: subject.check,
                state,
                target: target.describe(),
            });
        }
        spinner.show(&state);
        last_state = state;
        let now = Instant::now();
        if now >= deadline {
            spinner.finish();
            return Err(Error::WaitTimedOut {
                subject: subject.named,
                check: subject.check,
                state: last_state,
                target: target.describe(),
                waited: humantime(timeout),
            });
        }
        let sleep = pause.min(deadline - now);
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            _ = &mut ctrl_c => {
                spinner.finish();
                return Err(interrupted(&subject, &last_state, target));
            }
        }
        pause = pause.mul_f32(1.5).min(MAX_POLL);
    }
}

/// A state that will not reach any target: a service's `failed`, a ClickPipe's `Failed` or
/// `InternalError`.
fn failed(state: &str) -> bool {
    state.eq_ignore_ascii_case("failed") || state.eq_ignore_ascii_case("internalerror")
}

fn interrupted(subject: &Subject, state: &str, target: Target) -> Error {
    Error::WaitInterrupted {
        subject: subject.named.clone(),
        check: subject.check.clone(),
        state: state.to_owned(),
        target: target.describe(),
    }
}

/// `90s`, `10m`, `1h 30m`, `1.5s`.
fn humantime(duration: Duration) -> String {
    let ms = duration.as_millis();
    if !ms.is_multiple_of(1000) {
        return format!("{}s", duration.as_secs_f64());
    }
    let secs = duration.as_secs();
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, 0, 0) => format!("{h}h"),
        (h, m, s) => format!("{h}h {m}m {s}s"),
    }
}

/// A spinner with the current state on stderr, only for a person at a terminal: nothing
/// in JSON mode (which includes agents), under --quiet, in CI, or when stderr is not a terminal.
struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    fn new(out: Output, subject: &Subject, target: Target) -> Spinner {
        if out.json
            || crate::notes::quiet()
            || crate::agent::ci()
            || !std::io::stderr().is_terminal()
        {
            return Spinner(None);
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.set_style(indicatif::ProgressStyle::default_spinner());
        bar.set_message(format!(
            "Waiting for {} to be {}…",
            subject.named,
            target.describe()
        ));
        bar.enable_steady_tick(Duration::from_millis(120));
        Spinner(Some(bar))
    }

    fn show(&self, state: &str) {
        if let Some(bar) = &self.0 {
            let message = bar.message();
            let head = message.split(" (state: ").next().unwrap_or_default();
            bar.set_message(format!(
                "{head} (state: {})",
                crate::output::for_person(state)
            ));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert!(Target::Running.reached("running"));
        assert!(!Target::Running.reached("starting"));
        assert!(Target::Gone.reached("terminated"));
        assert!(Target::Settled.reached("idle"));
        assert!(!Target::Settled.reached("awaking"));
        assert!(Target::Running.reached("Running"));
        assert!(Target::StoppedOrPaused.reached("Paused"));
        assert!(!Target::Stopped.reached("paused"));
        assert!(failed("InternalError") && failed("failed") && !failed("Degraded"));
    }

    #[test]
    fn durations_read_back() {
        assert_eq!(humantime(Duration::from_secs(90)), "1m 30s");
        assert_eq!(humantime(Duration::from_secs(600)), "10m");
        assert_eq!(humantime(Duration::from_secs(1)), "1s");
        assert_eq!(humantime(Duration::from_millis(1500)), "1.5s");
    }
}
