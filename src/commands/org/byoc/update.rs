//! `cloud org byoc update <BYOC> --name NAME`

use crate::api::WriteApi;
use crate::api::requests::ByocPatch;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud org byoc update <BYOC_ID> --name prod-eu\n  cloud org byoc update prod-eu --name prod-eu-1 --dry-run",
    crate::commands::agents::write("renames a BYOC infrastructure (organizationByocInfrastructureUpdate)."),
))]
pub struct Args {
    /// BYOC infrastructure ID (as `cloud org get --json` shows it in byocConfig) or display name
    #[arg(value_name = "BYOC", value_parser = crate::args::BYOC_REF)]
    pub byoc: IdOrName,

    /// New display name
    #[arg(long, value_parser = crate::args::BYOC_NAME)]
    pub name: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::byoc(api, org, &args.byoc).await?;
    let patch = ByocPatch {
        display_name: args.name,
    };
    let config = api.update_byoc(org, id, &patch).await?;
    out.reply(&config, super::detail);
    Ok(())
}
