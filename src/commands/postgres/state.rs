//! `cloud postgres restart|promote|switchover <POSTGRES>`: one state command each
//! (PATCH postgresServicePatchState).

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::commands::service::wait::{self, WaitArgs};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "restart restarts Postgres; promote turns a read replica into a primary of its own; \
switchover makes the standby of a highly available service the primary. --wait waits until \
the service is running again.\n\n\
Examples:\n  \
cloud postgres restart <POSTGRES_ID>\n  \
cloud postgres promote orders-db-replica --wait\n  \
cloud postgres switchover orders-db --wait --wait-timeout 5m",
    crate::commands::agents::write("changes the state of the Postgres service: restart, promote or switchover (PATCH postgresServicePatchState)."),
))]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(command: &str, args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let service = api.change_postgres_state(org, id, command).await?;
    super::show_after(api, org, service, &args.wait, wait::DEFAULT_TIMEOUT, out).await
}
