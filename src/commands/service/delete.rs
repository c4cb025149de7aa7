//! `cloud service delete <SERVICE> [--force]`

use std::time::{Duration, Instant};

use anyhow::anyhow;
use serde_json::json;
use uuid::Uuid;

use super::wait::{self, Target};
use crate::api::requests::StateCommand;
use crate::api::{ApiError, WriteApi};
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

/// The first pause between state checks; each later one doubles, up to the maximum.
const FIRST_POLL_INTERVAL: Duration = Duration::from_millis(500);
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// How long `--force` waits for the service to reach `stopped`.
const STOP_TIMEOUT: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "The API deletes only stopped services. --force stops a running service \
first, waits (up to 15 minutes) until it is stopped, then deletes it.\n\n\
Examples:\n  \
cloud service delete analytics           # the service must be stopped\n  \
cloud service delete analytics --force   # stop it first if needed",
        crate::commands::agents::destructive("deletes the service and its data for good (DELETE instanceDelete); with --force it stops the service first (instanceStateUpdate)."),
    )
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Stop the service first if it is not stopped, wait for it, then delete it
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub wait: super::wait::WaitArgs,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::service(api, org, &args.service).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = api
            .service(org, id)
            .await
            .ok()
            .and_then(|s| s.into_data().ok())
            .and_then(|s| s.name);
        let what = crate::commands::confirm::describe(name.as_deref(), &id.to_string());
        let question = format!("Delete service {what} and all its data?");
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    if args.force {
        stop_and_wait(api, org, id, out).await?;
    }
    api.delete_service(org, id)
        .await
        .map_err(|e| hint_force(e, id, args.force, args.confirm.yes))?;
    if args.wait.wait {
        let timeout = args.wait.timeout(wait::DEFAULT_TIMEOUT);
        wait::until(api, org, id, Target::Gone, timeout, out).await?;
    }
    out.notice(&format!("Deleted service {id}."));
    if out.json {
        out.json_value(&json!({ "id": id.to_string(), "deleted": true }));
    }
    Ok(())
}

/// A 409 without `--force` usually means the service is not stopped: say how to go on.
fn hint_force(error: ApiError, id: Uuid, forced: bool, yes: bool) -> Error {
    let yes = if yes { " --yes" } else { "" };
    match error {
        ApiError::Status {
            status: 409,
            message,
            request_id,
            bearer,
        } if !forced => ApiError::Status {
            status: 409,
            message: format!(
                "{message}; only a stopped service can be deleted: \
                 `cloud service delete {id} --force{yes}` stops it first"
            ),
            request_id,
            bearer,
        }
        .into(),
        other @ (ApiError::Status { .. }
        | ApiError::Network { .. }
        | ApiError::Timeout { .. }
        | ApiError::TooLarge { .. }
        | ApiError::InsecureUrl { .. }
        | ApiError::InvalidResponse { .. }
        | ApiError::QueryRefused { .. }
        | ApiError::QueryUrlMissing { .. }
        | ApiError::ServiceIdle { .. }
        | ApiError::ServiceStopped { .. }
        | ApiError::UploadRejected { .. }
        | ApiError::DryRun(_)) => other.into(),
    }
}

/// Stops the service unless it is stopped or stopping, then polls until it is stopped.
async fn stop_and_wait(api: &WriteApi, org: Uuid, id: Uuid, out: Output) -> Result<()> {
    let state = api.service(org, id).await?.into_data()?.state;
    let shown = |state: &Option<String>| state.clone().unwrap_or_else(|| "unknown".into());
    if state.as_deref() == Some("stopped") {
        return Ok(());
    }
    let stopping = state.as_deref() == Some("stopping");
    if api.is_dry_run() {
        // No waiting: a stopping service goes on to the delete's plan; any other gets the
        // stop's plan (returned as ApiError::DryRun; nothing is sent).
        out.notice(&format!(
            "Service {id} is {}: --force would stop it if needed, wait until it is stopped, \
             then delete it.",
            shown(&state)
        ));
        if !stopping {
            api.change_service_state(org, id, StateCommand::Stop)
                .await?;
        }
        return Ok(());
    }
    if stopping {
        out.notice(&format!("Service {id} is already stopping."));
    } else {
        out.notice(&format!(
            "Stopping service {id} (state: {})…",
            shown(&state)
        ));
        api.change_service_state(org, id, StateCommand::Stop)
            .await?;
    }
    let started = Instant::now();
    let mut interval = FIRST_POLL_INTERVAL;
    let mut last_reported: Option<Option<String>> = None;
    loop {
        let state = api.service(org, id).await?.into_data()?.state;
        if state.as_deref() == Some("stopped") {
            out.notice(&format!("Service {id} is stopped."));
            return Ok(());
        }
        if started.elapsed() >= STOP_TIMEOUT {
            return Err(Error::Other(anyhow!(
                "service {id} did not stop within 15 minutes (state: {}); it was not deleted. \
                 Check it with `cloud service get {id}`, then run `cloud service delete {id} --force` again",
                shown(&state)
            )));
        }
        if last_reported.as_ref() != Some(&state) {
            out.notice(&format!(
                "Waiting for service {id} to stop (state: {})…",
                shown(&state)
            ));
            last_reported = Some(state);
        }
        tokio::time::sleep(interval).await;
        interval = (interval * 2).min(MAX_POLL_INTERVAL);
    }
}
