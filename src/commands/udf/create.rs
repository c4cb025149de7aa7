//! `cloud udf create <NAME> --file <PATH> …`

use crate::api::{ApiError, WriteApi};
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

use super::archive;
use super::definition::Definition;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Three requests: an upload session (udfUploadSessionCreate), the archive PUT to its presigned \
URL (https only, or http to loopback; streamed, at most 256 MiB, without the API credential), \
then udfCreate naming the upload. The UDF starts `building`; `udf get` shows when it is `ready`. \
A missing or non-zip --file exits 2 before anything is sent. Options left out take the API's \
defaults.

Examples:
  cloud udf create hello --file hello.zip --runtime python3.11 --arg name:String \\
    --return-type String
  cloud udf create score --file score.zip --runtime python3.11 --arg x:Float64 \\
    --type executable_pool --pool-size 4 --return-type Float64
  cloud udf create hello --file hello.zip --runtime native --return-type String --dry-run",
    crate::commands::agents::write(
        "uploads a source archive and creates a UDF (udfUploadSessionCreate, udfCreate).",
    ),
))]
pub struct Args {
    /// Name of the new UDF, as SQL calls it
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
    let name = Some(args.name.clone());
    let upload_id = match archive::upload(api, org, &archive, out).await {
        Ok(id) => id,
        Err(Error::Api(ApiError::DryRun(plan))) => {
            let planned = archive::PLANNED_UPLOAD_ID.to_owned();
            let request = args.definition.request(name, planned)?;
            let create = api.create_udf(org, &request).await;
            return Err(archive::dry_run(*plan, &archive, create));
        }
        Err(other) => return Err(other),
    };
    let request = args.definition.request(name, upload_id)?;
    let udf = api.create_udf(org, &request).await?;
    out.notice(&format!(
        "Created UDF {}; it is building (see `cloud udf get {}`).",
        args.name, args.name
    ));
    out.reply(&udf, super::detail);
    Ok(())
}
