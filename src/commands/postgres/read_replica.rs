//! `cloud postgres read-replica create <POSTGRES> --name N`

use serde_json::{Map, Value, json};

use crate::api::WriteApi;
use crate::api::requests::Tag;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::commands::service::wait::{self, WaitArgs};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  \
cloud postgres read-replica create <POSTGRES_ID> --name orders-db-replica\n  \
cloud postgres read-replica create orders-db --name orders-db-replica --tag env=prod --wait",
    crate::commands::agents::write("creates a read replica, a new Postgres service billed from now on (POST postgresInstanceCreateReadReplica)."),
))]
pub struct Args {
    /// The primary: Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// Name of the replica, up to 50 characters
    #[arg(long, value_parser = crate::args::service_name)]
    pub name: String,

    /// A tag: KEY or KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = crate::args::tag)]
    pub tag: Vec<Tag>,

    #[command(flatten)]
    pub config: super::ConfigFiles,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let mut body = Map::new();
    body.insert("name".into(), json!(args.name));
    if !args.tag.is_empty() {
        body.insert("tags".into(), super::tag_values("--tag", &args.tag)?);
    }
    args.config.add_to(&mut body)?;
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let replica = api
        .create_postgres_read_replica(org, id, &Value::Object(body))
        .await?;
    super::show_after(api, org, replica, &args.wait, wait::CREATE_TIMEOUT, out).await
}
