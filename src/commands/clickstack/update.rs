//! `cloud clickstack <kind> update <SERVICE> <ID> --file <PATH>`

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

    /// ID, as `list` shows it
    #[arg(value_name = "ID", value_parser = super::object_id)]
    pub id: String,

    #[command(flatten)]
    pub file: FileArg,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(kind: Kind, args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let row = kind.row();
    let body = args.file.object(row.required_update, row.noun)?;
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let updated = api
        .clickstack_update(org, service, row.segment, &args.id, &body)
        .await?;
    out.reply(&updated, |o| super::detail(kind, o));
    Ok(())
}
