//! `cloud service list`

use crate::api::ReadApi;
use crate::api::models::ServiceRow;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Column, Output, by_name, list_table, text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud service list\n  cloud service list --filter tag:env=prod --fields id,name,state\n  cloud service list --json --jq '.[] | select(.state == \"running\") | .id'"
)]
pub struct Args {
    #[command(flatten)]
    pub org: OrgArg,

    /// Only services with this tag: `tag:KEY` or `tag:KEY=VALUE` (repeatable)
    #[arg(long, value_parser = crate::args::TAG_FILTER)]
    pub filter: Vec<String>,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let services = api.services(org, &args.filter).await?;
    out.reply_scanned(&services, |services: &Vec<ServiceRow>| {
        list_table(
            &[
                Column::key("id"),
                Column::key("name"),
                Column::ranked("state", 1),
                Column::ranked("provider", 3),
                Column::ranked("region", 2),
                Column::ranked("memory", 4),
                Column::ranked("replicas", 5),
            ],
            by_name(services, |s| s.name.as_deref())
                .into_iter()
                .map(|s| {
                    let shown =
                        |v: &Option<std::borrow::Cow<str>>| v.as_deref().unwrap_or("-").to_owned();
                    vec![
                        shown(&s.id),
                        shown(&s.name),
                        shown(&s.state),
                        shown(&s.provider),
                        shown(&s.region),
                        text(&super::memory_band(
                            s.min_replica_memory_gb,
                            s.max_replica_memory_gb,
                        )),
                        text(&super::replica_band(
                            s.min_replicas,
                            s.max_replicas,
                            s.num_replicas,
                            s.autoscaling_mode.as_deref(),
                        )),
                    ]
                }),
        )
    });
    Ok(())
}
