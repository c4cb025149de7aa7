//! `cloud postgres create --name N --region R --size S`

use serde_json::{Map, Value, json};

use crate::api::WriteApi;
use crate::api::requests::Tag;
use crate::commands::OrgArg;
use crate::commands::service::wait::{self, WaitArgs};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The reply carries the superuser password and a connection string, shown only this once.\n\n\
Examples:\n  \
cloud postgres create --name orders-db --region us-east-1 --size c6gd.large\n  \
cloud postgres create --name orders-db --region us-east-1 --size c6gd.xlarge --pg-version 17 --ha-type async --tag env=prod --wait\n  \
cloud postgres create --name orders-db --region us-east-1 --size c6gd.large --pg-config-file pg.json --dry-run",
    crate::commands::agents::write("creates a new Postgres service, billed from now on, and prints its superuser password once (POST postgresServiceCreate)."),
))]
pub struct Args {
    /// Name, up to 50 characters
    #[arg(long, value_parser = crate::args::service_name)]
    pub name: String,

    /// Cloud region, e.g. us-east-1
    #[arg(long)]
    pub region: String,

    /// VM size, e.g. c6gd.large (the API lists the sizes it takes)
    #[arg(long)]
    pub size: String,

    /// Cloud provider
    #[arg(long, default_value = "aws", value_parser = ["aws"])]
    pub provider: String,

    /// Postgres major version [default: the API's]
    #[arg(long, value_parser = ["18", "17"])]
    pub pg_version: Option<String>,

    /// High availability: none, async (one standby) or sync (two standbys)
    #[arg(long, value_parser = ["none", "async", "sync"])]
    pub ha_type: Option<String>,

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
    body.insert("provider".into(), json!(args.provider));
    body.insert("region".into(), json!(args.region));
    body.insert("size".into(), json!(args.size));
    if let Some(version) = &args.pg_version {
        body.insert("postgresVersion".into(), json!(version));
    }
    if let Some(ha) = &args.ha_type {
        body.insert("haType".into(), json!(ha));
    }
    if !args.tag.is_empty() {
        body.insert("tags".into(), super::tag_values("--tag", &args.tag)?);
    }
    args.config.add_to(&mut body)?;
    let org = args.org.resolve(api).await?;
    let created = api.create_postgres(org, &Value::Object(body)).await?;
    super::show_after(api, org, created, &args.wait, wait::CREATE_TIMEOUT, out).await
}
