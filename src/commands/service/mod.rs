//! `cloud service …`

mod backup_bucket;
mod backup_config;
mod client;
pub(crate) mod create;
mod delete;
mod get;
mod list;
mod private_endpoint;
mod prometheus;
pub(crate) mod query;
mod query_endpoint;
mod reset_password;
mod scale;
pub(crate) mod scaling_schedule;
mod settings;
mod sql;
mod start;
mod stop;
mod update;
mod upgrade_window;
pub(crate) mod wait;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::Service;
use crate::api::requests::{EndpointChange, ReplicaScalingPatch};
use crate::app::{ApiCommand, Session};
use crate::error::{Error, Result};
use crate::output::{Output, detail_table, flag, number};

#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// List the services of the organization
    List(list::Args),
    /// Show one service
    Get(get::Args),
    /// Print (or run) the clickhouse client command that connects to a service
    Client(client::Args),
    /// Print a service's Prometheus metrics
    Prometheus(prometheus::Args),
    /// Create a service
    Create(Box<create::Args>),
    /// Delete a service (--force stops it first)
    Delete(delete::Args),
    /// Start a stopped service
    Start(start::Args),
    /// Stop a running service
    Stop(stop::Args),
    /// Change a service's name, IP access list, endpoints, tags and more
    Update(Box<update::Args>),
    /// Change a service's memory, replicas and idle scaling
    Scale(scale::Args),
    /// Run SQL that only reads (SELECT, SHOW, ...) on a service
    Query(query::Args),
    /// Run any SQL statement on a service (INSERT, DDL, ...): a write
    Sql(sql::Args),
    /// Set a new password for the service's default user
    ResetPassword(reset_password::Args),
    /// A service's backup schedule and retention
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "When a service is backed up and how long backups are kept.",
            "get",
            "update",
        )
    )]
    BackupConfig(backup_config::BackupConfigCommand),
    /// A service's query API endpoint
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "The HTTP query API endpoint of a service: run saved queries with an API key.",
            "get",
            "create, delete",
        )
    )]
    QueryEndpoint(query_endpoint::QueryEndpointCommand),
    /// A service's private endpoints
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "Private network endpoints (AWS PrivateLink, GCP Private Service Connect, Azure Private Link) of a service.",
            "get-config",
            "create",
        )
    )]
    PrivateEndpoint(private_endpoint::PrivateEndpointCommand),
    /// A service's scaling schedule: different scaling at given hours of given days
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "Scheduled autoscaling (beta): entries that scale a service differently at given UTC hours of given weekdays; outside them the base scaling (`cloud service scale`) applies. Needs the feature enabled for the organization.",
            "get",
            "set, delete",
        )
    )]
    ScalingSchedule(scaling_schedule::ScalingScheduleCommand),
    /// A service's weekly upgrade window
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "The weekly 6-hour window in which ClickHouse Cloud may upgrade a primary service (secondary services inherit their primary's).",
            "get",
            "set, delete",
        )
    )]
    UpgradeWindow(upgrade_window::UpgradeWindowCommand),
    /// A service's ClickHouse settings
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "ClickHouse server and profile settings configured on a service (beta). `schema` lists what may be set, with types, allowed values and warnings; `list` shows only what was set.",
            "list, get, schema",
            "set, unset",
        )
    )]
    Settings(settings::SettingsCommand),
    /// A service's own backup bucket
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "Where a service's backups are written when not to ClickHouse Cloud's own storage: an S3 bucket (IAM role), a GCS bucket (HMAC key) or an Azure container (connection string), in the service's cloud. Secrets are read from stdin and never shown.",
            "get",
            "create, update, delete",
        )
    )]
    BackupBucket(backup_bucket::BackupBucketCommand),
}

impl Classified for ServiceCommand {
    fn access(&self) -> Access {
        match self {
            ServiceCommand::List(_) => Access::Read,
            ServiceCommand::Get(_) => Access::Read,
            ServiceCommand::Client(_) => Access::Read,
            ServiceCommand::Prometheus(_) => Access::Read,
            ServiceCommand::Create(_) => Access::Write,
            ServiceCommand::Delete(_) => Access::Write,
            ServiceCommand::Start(_) => Access::Write,
            ServiceCommand::Stop(_) => Access::Write,
            ServiceCommand::Update(_) => Access::Write,
            ServiceCommand::Scale(_) => Access::Write,
            ServiceCommand::ResetPassword(_) => Access::Write,
            // Reads only: `ReadApi::run_read_sql` takes statements checked to read.
            ServiceCommand::Query(_) => Access::Read,
            ServiceCommand::Sql(_) => Access::Write,
            ServiceCommand::BackupConfig(command) => command.access(),
            ServiceCommand::QueryEndpoint(command) => command.access(),
            ServiceCommand::PrivateEndpoint(command) => command.access(),
            ServiceCommand::ScalingSchedule(command) => command.access(),
            ServiceCommand::UpgradeWindow(command) => command.access(),
            ServiceCommand::Settings(command) => command.access(),
            ServiceCommand::BackupBucket(command) => command.access(),
        }
    }
}

impl ServiceCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            ServiceCommand::List(_) => None,
            ServiceCommand::Get(_) => None,
            ServiceCommand::Client(_) => None,
            ServiceCommand::Prometheus(_) => None,
            ServiceCommand::Create(_) => None,
            ServiceCommand::Delete(args) => Some(args.confirm),
            ServiceCommand::Start(_) => None,
            ServiceCommand::Stop(_) => None,
            ServiceCommand::Update(_) => None,
            ServiceCommand::Scale(_) => None,
            ServiceCommand::ResetPassword(args) => Some(args.confirm),
            ServiceCommand::Query(_) => None,
            ServiceCommand::Sql(_) => None,
            ServiceCommand::BackupConfig(_) => None,
            ServiceCommand::QueryEndpoint(command) => command.confirmation(),
            ServiceCommand::PrivateEndpoint(_) => None,
            ServiceCommand::ScalingSchedule(command) => command.confirmation(),
            ServiceCommand::UpgradeWindow(command) => command.confirmation(),
            ServiceCommand::Settings(_) => None,
            ServiceCommand::BackupBucket(command) => command.confirmation(),
        }
    }
}

impl Operations for ServiceCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ServiceCommand::List(_) => &["organizationGetList", "instanceGetList"],
            ServiceCommand::Get(_) => &["organizationGetList", "instanceGetList", "instanceGet"],
            ServiceCommand::Client(_) => &["organizationGetList", "instanceGetList", "instanceGet"],
            ServiceCommand::Prometheus(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instancePrometheusGet",
            ],
            ServiceCommand::Create(_) => &["organizationGetList", "instanceCreate", "instanceGet"],
            ServiceCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "instanceStateUpdate",
                "instanceDelete",
            ],
            ServiceCommand::Start(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceStateUpdate",
                "instanceGet",
            ],
            ServiceCommand::Stop(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceStateUpdate",
                "instanceGet",
            ],
            ServiceCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "organizationGet",
                "instanceUpdate",
            ],
            ServiceCommand::Scale(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceReplicaScalingUpdate",
                "instanceScalingUpdate",
                "instanceGet",
            ],
            ServiceCommand::ResetPassword(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "instancePasswordUpdate",
            ],
            // Plus the Query API (`/service/{id}/run` on its own host), which the spec lacks.
            ServiceCommand::Query(_) | ServiceCommand::Sql(_) => {
                &["organizationGetList", "instanceGetList"]
            }
            ServiceCommand::BackupConfig(command) => command.operations(),
            ServiceCommand::QueryEndpoint(command) => command.operations(),
            ServiceCommand::PrivateEndpoint(command) => command.operations(),
            ServiceCommand::ScalingSchedule(command) => command.operations(),
            ServiceCommand::UpgradeWindow(command) => command.operations(),
            ServiceCommand::Settings(command) => command.operations(),
            ServiceCommand::BackupBucket(command) => command.operations(),
        }
    }
}

impl ApiCommand for ServiceCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            ServiceCommand::List(args) => list::run(args, session.read(), out).await,
            ServiceCommand::Get(args) => get::run(args, session.read(), out).await,
            ServiceCommand::Client(args) => client::run(args, session.read(), out).await,
            ServiceCommand::Prometheus(args) => prometheus::run(args, session.read(), out).await,
            ServiceCommand::Create(args) => create::run(*args, session.write()?, out).await,
            ServiceCommand::Delete(args) => delete::run(args, session.write()?, out).await,
            ServiceCommand::Start(args) => start::run(args, session.write()?, out).await,
            ServiceCommand::Stop(args) => stop::run(args, session.write()?, out).await,
            ServiceCommand::Update(args) => update::run(*args, session.write()?, out).await,
            ServiceCommand::Scale(args) => scale::run(args, session.write()?, out).await,
            ServiceCommand::ResetPassword(args) => {
                reset_password::run(args, session.write()?, out).await
            }
            ServiceCommand::Query(args) => query::run(args, session.read(), out).await,
            ServiceCommand::Sql(args) => sql::run(args, session.write()?, out).await,
            ServiceCommand::BackupConfig(command) => command.run(session, out).await,
            ServiceCommand::QueryEndpoint(command) => command.run(session, out).await,
            ServiceCommand::PrivateEndpoint(command) => command.run(session, out).await,
            ServiceCommand::ScalingSchedule(command) => command.run(session, out).await,
            ServiceCommand::UpgradeWindow(command) => command.run(session, out).await,
            ServiceCommand::Settings(command) => command.run(session, out).await,
            ServiceCommand::BackupBucket(command) => command.run(session, out).await,
        }
    }
}

/// How a confirmation names a service: its name and id, or the id when the name cannot be read.
pub(crate) async fn describe(api: &crate::api::ReadApi, org: uuid::Uuid, id: uuid::Uuid) -> String {
    let name = api
        .service(org, id)
        .await
        .ok()
        .and_then(|s| s.into_data().ok())
        .and_then(|s| s.name);
    crate::commands::confirm::describe(name.as_deref(), &id.to_string())
}

/// Memory and replica flags, shared by `create` and `scale`.
#[derive(Debug, Clone, clap::Args)]
pub struct Scaling {
    /// Minimum memory per replica in GiB (a multiple of 4, 8 to 356)
    #[arg(long, value_name = "GIB", value_parser = crate::args::replica_memory_gb)]
    pub min_replica_memory_gb: Option<u32>,

    /// Maximum memory per replica in GiB (a multiple of 4, 8 to 356)
    #[arg(long, value_name = "GIB", value_parser = crate::args::replica_memory_gb)]
    pub max_replica_memory_gb: Option<u32>,

    /// Fixed number of replicas, 1 to 20 (vertical autoscaling)
    #[arg(
        long,
        value_parser = clap::value_parser!(u32).range(1..=20),
        conflicts_with_all = ["min_replicas", "max_replicas"]
    )]
    pub num_replicas: Option<u32>,

    /// Fewest replicas, 1 to 20 (horizontal autoscaling); needs --max-replicas
    #[arg(
        long,
        value_parser = clap::value_parser!(u32).range(1..=20),
        requires = "max_replicas"
    )]
    pub min_replicas: Option<u32>,

    /// Most replicas, 1 to 20 (horizontal autoscaling); needs --min-replicas
    #[arg(
        long,
        value_parser = clap::value_parser!(u32).range(1..=20),
        requires = "min_replicas"
    )]
    pub max_replicas: Option<u32>,

    /// Scale memory per replica (vertical) or the number of replicas (horizontal)
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::AUTOSCALING_MODES))]
    pub autoscaling_mode: Option<String>,

    /// Let the service scale down to zero when idle
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub idle_scaling: Option<bool>,

    /// Minutes without queries before an idle service scales down (at least 5)
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(5..))]
    pub idle_timeout_minutes: Option<u32>,
}

impl Scaling {
    /// The replica-scaling request these flags describe, after checking that each
    /// minimum is at most its maximum.
    pub fn patch(self) -> Result<ReplicaScalingPatch> {
        if let (Some(min), Some(max)) = (self.min_replica_memory_gb, self.max_replica_memory_gb)
            && min > max
        {
            return Err(Error::Usage(format!(
                "--min-replica-memory-gb ({min}) is larger than --max-replica-memory-gb ({max})"
            )));
        }
        if let (Some(min), Some(max)) = (self.min_replicas, self.max_replicas)
            && min > max
        {
            return Err(Error::Usage(format!(
                "--min-replicas ({min}) is larger than --max-replicas ({max})"
            )));
        }
        Ok(ReplicaScalingPatch {
            min_replica_memory_gb: self.min_replica_memory_gb,
            max_replica_memory_gb: self.max_replica_memory_gb,
            num_replicas: self.num_replicas,
            min_replicas: self.min_replicas,
            max_replicas: self.max_replicas,
            autoscaling_mode: self.autoscaling_mode,
            idle_scaling: self.idle_scaling,
            idle_timeout_minutes: self.idle_timeout_minutes,
        })
    }
}

pub use crate::args::MAX_TAGS;

/// Refuses more than [`MAX_TAGS`] occurrences of a tag flag (exit 2), before any request.
pub(crate) fn check_tag_count(flag: &str, given: usize) -> Result<()> {
    if given > MAX_TAGS {
        return Err(Error::Usage(format!(
            "{flag} is given {given} times, but a request takes at most {MAX_TAGS} tags"
        )));
    }
    Ok(())
}

/// `--enable-endpoint`/`--disable-endpoint` as the API's list of changes.
fn endpoint_changes(enable: Vec<String>, disable: Vec<String>) -> Result<Vec<EndpointChange>> {
    if let Some(both) = enable.iter().find(|p| disable.contains(p)) {
        return Err(Error::Usage(format!(
            "the {both} endpoint cannot be both enabled and disabled"
        )));
    }
    let change = |enabled: bool| move |protocol: String| EndpointChange { protocol, enabled };
    Ok(enable
        .into_iter()
        .map(change(true))
        .chain(disable.into_iter().map(change(false)))
        .collect())
}

/// `protocol://host:port` for each endpoint the API listed.
fn endpoint_urls(service: &Service) -> Option<String> {
    service.endpoints.as_ref().map(|endpoints| {
        if endpoints.is_empty() {
            return "-".to_owned();
        }
        endpoints
            .iter()
            .map(|e| {
                let mut url = format!(
                    "{}://{}",
                    e.protocol.as_deref().unwrap_or("?"),
                    e.host.as_deref().unwrap_or("?")
                );
                if let Some(port) = e.port {
                    url.push_str(&format!(":{port}"));
                }
                url
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// `8–16 GiB`, or `16 GiB` when memory is fixed.
fn memory(service: &Service) -> Option<String> {
    memory_band(service.min_replica_memory_gb, service.max_replica_memory_gb)
}

fn memory_band(min: Option<f64>, max: Option<f64>) -> Option<String> {
    // Pushed rather than formatted: a table of 10,000 services makes one a row.
    let band = match (number(min), number(max)) {
        (Some(min), Some(max)) if min == max => min,
        (Some(mut min), Some(max)) => {
            min.push('–');
            min.push_str(&max);
            min
        }
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    Some(band + " GiB")
}

/// The fixed replica count, or `min–max` when the count scales.
fn replicas(service: &Service) -> Option<String> {
    replica_band(
        service.min_replicas,
        service.max_replicas,
        service.num_replicas,
        service.autoscaling_mode.as_deref(),
    )
}

fn replica_band(
    min: Option<u32>,
    max: Option<u32>,
    fixed: Option<u32>,
    autoscaling_mode: Option<&str>,
) -> Option<String> {
    let band = match (min, max) {
        (Some(min), Some(max)) if min == max => Some(min.to_string()),
        (Some(min), Some(max)) => Some(format!("{min}–{max}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    };
    if autoscaling_mode == Some("horizontal") {
        band.or(fixed.map(|n| n.to_string()))
    } else {
        fixed.map(|n| n.to_string()).or(band)
    }
}

fn ip_access_list(service: &Service) -> Option<String> {
    service.ip_access_list.as_ref().map(|entries| {
        if entries.is_empty() {
            return "none (no address may connect)".to_owned();
        }
        entries
            .iter()
            .map(|e| {
                let source = e.source.as_deref().unwrap_or("?");
                match e.description.as_deref().filter(|d| !d.is_empty()) {
                    Some(description) => format!("{source} ({description})"),
                    None => source.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn tags(service: &Service) -> Option<String> {
    service.tags.as_ref().map(|tags| {
        if tags.is_empty() {
            return "-".to_owned();
        }
        tags.iter()
            .map(|t| {
                let key = t.key.as_deref().unwrap_or("?");
                match &t.value {
                    Some(value) => format!("{key}={value}"),
                    None => key.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Every row of the detail view; rows the API did not send are skipped later.
fn detail_rows(service: &Service) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("ID", service.id.clone()),
        ("Name", service.name.clone()),
        ("State", service.state.clone()),
        ("Provider", service.provider.clone()),
        ("Region", service.region.clone()),
        ("ClickHouse version", service.clickhouse_version.clone()),
        ("Endpoints", endpoint_urls(service)),
        ("Memory per replica", memory(service)),
        ("Replicas", replicas(service)),
        ("Autoscaling", service.autoscaling_mode.clone()),
        ("Idle scaling", flag(service.idle_scaling)),
        (
            "Idle timeout",
            number(service.idle_timeout_minutes).map(|m| format!("{m} min")),
        ),
        ("IP access list", ip_access_list(service)),
        (
            "Private endpoints",
            crate::output::join(&service.private_endpoint_ids),
        ),
        ("Tags", tags(service)),
        ("Release channel", service.release_channel.clone()),
        ("Profile", service.profile.clone()),
        ("Compliance", service.compliance_type.clone()),
        ("Data warehouse", service.data_warehouse_id.clone()),
        ("Primary", flag(service.is_primary)),
        ("Read-only", flag(service.is_readonly)),
        (
            "Encryption (TDE)",
            flag(service.has_transparent_data_encryption),
        ),
        ("Core dumps", flag(service.enable_core_dumps)),
        (
            "Created",
            service.created_at.as_deref().map(crate::output::local_time),
        ),
    ]
}

/// The detail view shared by `get`, `update` and `scale`.
fn detail(service: &Service) -> comfy_table::Table {
    detail_table(detail_rows(service))
}

/// The short view `start` and `stop` show.
fn summary(service: &Service) -> comfy_table::Table {
    detail_table([
        ("ID", service.id.clone()),
        ("Name", service.name.clone()),
        ("State", service.state.clone()),
    ])
}
