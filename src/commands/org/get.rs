//! `cloud org get <ORG_ID>`

use uuid::Uuid;

use crate::api::ReadApi;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  cloud org get <ORG_ID>\n  cloud org get <ORG_ID> --json")]
pub struct Args {
    /// Organization ID
    #[arg(value_name = "ORG_ID", value_parser = crate::args::uuid)]
    pub org_id: Uuid,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = api.organization(args.org_id).await?;
    out.reply(&org, super::detail);
    Ok(())
}
