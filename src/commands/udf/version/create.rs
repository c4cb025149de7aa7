//! `cloud udf version create <NAME> --file <PATH> …`

use crate::api::{ApiError, WriteApi};
use crate::commands::OrgArg;
use crate::commands::udf::archive;
use crate::commands::udf::definition::Definition;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Like `udf create`: an upload session, the archive PUT to its presigned URL (https or \
loopback, streamed, at most 256 MiB, no API credential), then udfVersionCreate. Settings are \
not inherited from the previous version: options left out take the API's defaults. Attached \
services keep their version until `udf attach` moves them.

Examples:
  cloud udf version create hello --file hello.zip --runtime python3.11 --arg name:String \\
    --return-type String
  cloud udf version create hello --file hello.zip --runtime native --return-type String --dry-run",
    crate::commands::agents::write(
        "uploads a source archive and builds it as a new version of a UDF (udfUploadSessionCreate, udfVersionCreate).",
    ),
))]
pub struct Args {
    /// Name of the UDF
    #[arg(value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub name: String,

    #[command(flatten)]
    pub definition: Definition,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let archive = args.definition.check()?;
    let org = args.org.resolve(api).await?;
    let upload_id = match archive::upload(api, org, &archive, out).await {
        Ok(id) => id,
        Err(Error::Api(ApiError::DryRun(plan))) => {
            let planned = archive::PLANNED_UPLOAD_ID.to_owned();
            let request = args.definition.request(None, planned)?;
            let create = api.create_udf_version(org, &args.name, &request).await;
            return Err(archive::dry_run(*plan, &archive, create));
        }
        Err(other) => return Err(other),
    };
    let request = args.definition.request(None, upload_id)?;
    let udf = api.create_udf_version(org, &args.name, &request).await?;
    let version = udf
        .data()
        .ok()
        .and_then(|u| u.version)
        .map_or_else(String::new, |v| format!(" {v}"));
    out.notice(&format!(
        "Created version{version} of UDF {}; it is building (see `cloud udf get {}`).",
        args.name, args.name
    ));
    out.reply(&udf, crate::commands::udf::detail);
    Ok(())
}
