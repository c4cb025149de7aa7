//! `cloud clickstack <kind> create <SERVICE> --file <PATH>`

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

use super::body::FileArg;
use super::kind::Kind;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub file: FileArg,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(kind: Kind, args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let row = kind.row();
    let body = args.file.object(row.required_create, row.noun)?;
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let created = api
        .clickstack_create(org, service, row.segment, &body)
        .await?;
    out.reply(&created, |o| super::detail(kind, o));
    Ok(())
}
