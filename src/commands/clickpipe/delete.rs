//! `cloud clickpipe delete <SERVICE> <CLICKPIPE>`

use serde_json::json;

use super::PipeRef;
use super::WaitArgs;
use crate::api::WriteApi;
use crate::commands::confirm::{self, Yes};
use crate::commands::service::wait::Target;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The data the pipe already inserted stays in its tables. --wait waits until the pipe is gone.\n\n\
Examples:\n  \
cloud clickpipe delete <SERVICE_ID> <CLICKPIPE_ID>\n  \
cloud clickpipe delete analytics orders-from-kafka --yes --wait",
    crate::commands::agents::destructive("deletes the ClickPipe (DELETE clickPipeDelete); it stops ingesting."),
))]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,

    #[command(flatten)]
    pub confirm: Yes,

    #[command(flatten)]
    pub wait: WaitArgs,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let pipe = args.pipe.resolve(api).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = api
            .clickpipe(pipe.org, pipe.service, pipe.id)
            .await
            .ok()
            .and_then(|p| p.into_data().ok())
            .and_then(|p| p.name);
        let what = confirm::describe(name.as_deref(), &pipe.id.to_string());
        confirm::ask(args.confirm, false, &format!("Delete ClickPipe {what}?"))?;
    }
    api.delete_clickpipe(pipe.org, pipe.service, pipe.id)
        .await?;
    if args.wait.wait {
        let timeout = args.wait.timeout();
        super::until(api, pipe, Target::Gone, timeout, out).await?;
        out.notice(&format!("Deleted ClickPipe {}.", pipe.id));
    } else {
        out.notice(&format!("Deleting ClickPipe {}.", pipe.id));
    }
    // As every delete: the API's reply has no result to pass on.
    if out.json {
        out.json_value(&json!({ "id": pipe.id.to_string(), "deleted": true }));
    }
    Ok(())
}
