//! `cloud clickpipe update <SERVICE> <CLICKPIPE>` (PATCH clickPipeUpdate)

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::PipeRef;
use crate::api::WriteApi;
use crate::commands::require_changes;
use crate::error::{Error, Result};
use crate::output::Output;

/// The fields of `ClickPipePatchRequest`.
const PATCH_FIELDS: [&str; 5] = ["name", "source", "destination", "fieldMappings", "settings"];

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--file takes a ClickPipePatchRequest as JSON: any of name, source, destination (columns), \
fieldMappings and settings; --name overrides the file's name. Only what is given changes. \
Changing fieldMappings does not change the destination table's schema.\n\n\
Examples:\n  \
cloud clickpipe update <SERVICE_ID> <CLICKPIPE_ID> --name orders-v2\n  \
cloud clickpipe update analytics orders-from-kafka --file patch.json\n  \
echo '{\"settings\": {\"streaming_max_insert_wait_ms\": 2000}}' | cloud clickpipe update analytics orders-from-kafka --file -",
    crate::commands::agents::write("changes the ClickPipe's name, source, destination columns, field mappings or settings (PATCH clickPipeUpdate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,

    /// New name of the ClickPipe
    #[arg(long, value_parser = crate::args::CLICKPIPE_NAME)]
    pub name: Option<String>,

    /// JSON file of the changes (a ClickPipePatchRequest object); `-` for stdin
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// The body, read and checked by [`Args::prepare`] before the session.
    #[arg(skip)]
    body: Option<Map<String, Value>>,
}

impl Args {
    /// Reads `--file` (once: it may be stdin) and checks the body, before any request.
    pub fn prepare(&mut self) -> Result<()> {
        self.body = Some(patch(self)?);
        Ok(())
    }
}

/// The PATCH body: the file's object, then `--name`.
fn patch(args: &Args) -> Result<Map<String, Value>> {
    let mut body = Map::new();
    if let Some(path) = &args.file {
        let text = crate::commands::json_file::read_text(path)?;
        let shown = path.display();
        body = match serde_json::from_str(&text) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "--file {shown}: expected a JSON object such as {{\"name\": \"orders-v2\"}}; nothing was sent"
                )));
            }
            Err(e) => {
                return Err(Error::Usage(format!(
                    "--file {shown}: not valid JSON: {e}; nothing was sent"
                )));
            }
        };
        if let Some(key) = body.keys().find(|k| !PATCH_FIELDS.contains(&k.as_str())) {
            return Err(Error::Usage(format!(
                "--file {shown}: \"{key}\" cannot be changed; a ClickPipe update takes {}; nothing was sent",
                PATCH_FIELDS.join(", ")
            )));
        }
    }
    if let Some(name) = &args.name {
        body.insert("name".into(), Value::String(name.clone()));
    }
    require_changes(body.is_empty(), "--name, --file")?;
    Ok(body)
}

pub async fn run(mut args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let body = match args.body.take() {
        Some(body) => body,
        None => patch(&args)?,
    };
    let pipe = args.pipe.resolve(api).await?;
    let reply = api
        .update_clickpipe(pipe.org, pipe.service, pipe.id, &body)
        .await?;
    out.reply(&reply, super::detail);
    Ok(())
}
