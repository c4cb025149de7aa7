//! `cloud postgres restore <POSTGRES> --name N --restore-target T`

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
    "The service is restored into a new one; the original is left as it is.\n\n\
Examples:\n  \
cloud postgres restore <POSTGRES_ID> --name orders-db-restored --restore-target 2026-11-30T12:00:00Z\n  \
cloud postgres restore orders-db --name orders-db-restored --restore-target 2026-11-30T12:00:00Z --wait",
    crate::commands::agents::write("creates a new Postgres service from the service's state at the given time, billed from now on (POST postgresInstanceRestore)."),
))]
pub struct Args {
    /// Postgres service ID or name to restore from
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// Name of the new service, up to 50 characters
    #[arg(long, value_parser = crate::args::service_name)]
    pub name: String,

    /// The point in time to restore, RFC 3339 in UTC, e.g. 2026-11-30T12:00:00Z
    #[arg(long, value_name = "DATETIME", value_parser = super::datetime)]
    pub restore_target: String,

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
    body.insert("restoreTarget".into(), json!(args.restore_target));
    if !args.tag.is_empty() {
        body.insert("tags".into(), super::tag_values("--tag", &args.tag)?);
    }
    args.config.add_to(&mut body)?;
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let restored = api.restore_postgres(org, id, &Value::Object(body)).await?;
    super::show_after(api, org, restored, &args.wait, wait::CREATE_TIMEOUT, out).await
}
