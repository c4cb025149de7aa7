//! `cloud clickstack <kind> list <SERVICE>`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table};

use super::kind::{Kind, cell};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(kind: Kind, args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let objects = api
        .clickstack_list(org, service, kind.row().segment)
        .await?;
    let fields = kind.row().fields;
    out.reply(&objects, |objects| {
        let columns: Vec<Column> = fields.iter().map(|f| f.column).collect();
        list_table(
            &columns,
            by_name(objects, |o| o.get("name").and_then(|n| n.as_str()))
                .into_iter()
                .map(|o| fields.iter().map(|f| cell(o, f.cell)).collect()),
        )
    });
    Ok(())
}
