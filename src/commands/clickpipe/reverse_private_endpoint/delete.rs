//! `cloud clickpipe reverse-private-endpoint delete <SERVICE> <ENDPOINT>`

use serde_json::json;

use super::EndpointRef;
use crate::api::WriteApi;
use crate::commands::confirm::{self, Yes};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "ClickPipes that reach their source through the endpoint lose their connection.\n\n\
Examples:\n  \
cloud clickpipe reverse-private-endpoint delete <SERVICE_ID> <ENDPOINT_ID>\n  \
cloud clickpipe reverse-private-endpoint delete analytics orders-psc --yes",
    crate::commands::agents::destructive("deletes the reverse private endpoint (DELETE clickPipeReversePrivateEndpointDelete)."),
))]
pub struct Args {
    #[command(flatten)]
    pub endpoint: EndpointRef,

    #[command(flatten)]
    pub confirm: Yes,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let (org, service, endpoint) = args.endpoint.resolve(api).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let description = api
            .reverse_private_endpoint(org, service, endpoint)
            .await
            .ok()
            .and_then(|e| e.into_data().ok())
            .and_then(|e| e.description);
        let what = confirm::describe(description.as_deref(), &endpoint.to_string());
        confirm::ask(
            args.confirm,
            false,
            &format!("Delete reverse private endpoint {what}?"),
        )?;
    }
    api.delete_reverse_private_endpoint(org, service, endpoint)
        .await?;
    out.notice(&format!("Deleting reverse private endpoint {endpoint}."));
    if out.json {
        out.json_value(&json!({ "id": endpoint.to_string(), "deleted": true }));
    }
    Ok(())
}
