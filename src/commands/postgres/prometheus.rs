//! `cloud postgres prometheus [POSTGRES]`

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Prints the Prometheus text exposition as sent, also under --json (it is not JSON).\n\nExamples:\n  cloud postgres prometheus\n  cloud postgres prometheus orders-db > metrics.txt"
)]
pub struct Args {
    /// Postgres service ID or name [default: every Postgres service of the organization]
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: Option<IdOrName>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = match &args.postgres {
        Some(given) => Some(crate::commands::lookup::postgres(api, org, given).await?),
        None => None,
    };
    let metrics = api.postgres_prometheus(org, id).await?;
    out.line(metrics.trim_end());
    Ok(())
}
