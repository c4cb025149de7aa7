//! `cloud clickpipe start|stop|resync <SERVICE> <CLICKPIPE>`: one state command each
//! (PATCH clickPipeStateUpdate).

use super::PipeRef;
use super::WaitArgs;
use crate::api::WriteApi;
use crate::commands::service::wait::Target;
use crate::error::Result;
use crate::output::Output;

/// The `command` of `ClickPipeStatePatchRequest`.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    Start,
    Stop,
    Resync,
}

impl Change {
    fn command(self) -> &'static str {
        match self {
            Change::Start => "start",
            Change::Stop => "stop",
            Change::Resync => "resync",
        }
    }

    /// Where `--wait` waits: database pipes pause where the others stop.
    fn target(self) -> Target {
        match self {
            Change::Start | Change::Resync => Target::Running,
            Change::Stop => Target::StoppedOrPaused,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "start runs a stopped (or paused) pipe again; stop stops a streaming or object storage pipe \
and pauses a database pipe; resync (database pipes only: Postgres, MySQL, MongoDB, BigQuery) \
loads the pipe's tables again from the source and swaps them in. --wait waits until the pipe is \
Running (start, resync) or Stopped/Paused (stop); a pipe that turns Failed or InternalError ends \
the wait (exit 1).\n\n\
Examples:\n  \
cloud clickpipe start <SERVICE_ID> <CLICKPIPE_ID>\n  \
cloud clickpipe stop analytics orders-from-kafka --wait\n  \
cloud clickpipe resync analytics orders-cdc --wait --wait-timeout 30m",
    crate::commands::agents::write("changes the state of the ClickPipe: start, stop or resync (PATCH clickPipeStateUpdate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,

    #[command(flatten)]
    pub wait: WaitArgs,
}

pub async fn run(change: Change, args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let pipe = args.pipe.resolve(api).await?;
    let reply = api
        .change_clickpipe_state(pipe.org, pipe.service, pipe.id, change.command())
        .await?;
    if args.wait.wait {
        let timeout = args.wait.timeout();
        if let Some(now) = super::until(api, pipe, change.target(), timeout, out).await? {
            out.reply(&now, super::detail);
            return Ok(());
        }
    }
    out.reply(&reply, super::detail);
    Ok(())
}
