//! `cloud postgres …`: managed Postgres services of an organization, beside ClickHouse.

mod certs;
mod config_get;
mod config_set;
mod create;
mod delete;
mod get;
mod list;
mod metrics;
mod prometheus;
mod read_replica;
mod reset_password;
mod restore;
mod slow_query_get;
mod slow_query_list;
mod state;
mod update;

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::access::{Access, Classified, Operations};
use crate::api::models::PostgresService;
use crate::api::requests::Tag;
use crate::api::{ReadApi, Reply, WriteApi};
use crate::app::{ApiCommand, Session};
use crate::commands::agents;
use crate::commands::service::wait::{self, Target, WaitArgs};
use crate::error::{Error, Result};
use crate::output::{Output, detail_table, flag, text};

#[derive(Debug, Subcommand)]
pub enum PostgresCommand {
    /// List the Postgres services of the organization
    List(list::Args),
    /// Show one Postgres service
    Get(get::Args),
    /// Create a Postgres service
    Create(Box<create::Args>),
    /// Change a Postgres service's name, size, high availability or tags
    Update(update::Args),
    /// Delete a Postgres service
    Delete(delete::Args),
    /// The CA certificate of a Postgres service
    #[command(
        subcommand,
        after_help = agents::noun(
            "The CA certificate (PEM) that signs a Postgres service's TLS certificate, for `sslrootcert`.",
            "get",
            "",
        )
    )]
    Certs(CertsCommand),
    /// The Postgres and PgBouncer configuration of a service
    #[command(
        subcommand,
        after_help = agents::noun(
            "The Postgres runtime parameters (pgConfig) and PgBouncer parameters (pgBouncerConfig) of a Postgres service.",
            "get",
            "replace, patch",
        )
    )]
    Config(ConfigCommand),
    /// Set a new superuser password (from stdin, or --generate)
    ResetPassword(reset_password::Args),
    /// Read replicas of a Postgres service
    #[command(
        subcommand,
        after_help = agents::noun(
            "Read replicas: new Postgres services that follow a primary and serve reads.",
            "",
            "create",
        )
    )]
    ReadReplica(ReadReplicaCommand),
    /// Restore a Postgres service to a point in time, as a new service
    Restore(restore::Args),
    /// Restart a Postgres service
    Restart(state::Args),
    /// Promote a read replica to a primary of its own
    Promote(state::Args),
    /// Switch a highly available service over to its standby
    Switchover(state::Args),
    /// Metrics of a Postgres service over a time window (CPU, connections, ...)
    Metrics(metrics::Args),
    /// The slowest query patterns of a Postgres service
    #[command(
        subcommand,
        after_help = agents::noun(
            "Query patterns (normalized SQL) of a Postgres service ranked by duration, calls or errors, and the recent executions of one.",
            "list, get",
            "",
        )
    )]
    SlowQuery(SlowQueryCommand),
    /// Prometheus metrics of every Postgres service of the organization, or of one
    Prometheus(prometheus::Args),
}

#[derive(Debug, Subcommand)]
pub enum CertsCommand {
    /// Print (or save with --output) the CA certificate of a Postgres service
    Get(certs::Args),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show the Postgres and PgBouncer parameters of a service
    Get(config_get::Args),
    /// Replace the whole configuration with a JSON file
    Replace(config_set::ReplaceArgs),
    /// Change some parameters (--set KEY=VALUE, or a JSON file)
    Patch(config_set::PatchArgs),
}

#[derive(Debug, Subcommand)]
pub enum ReadReplicaCommand {
    /// Create a read replica of a Postgres service
    Create(read_replica::Args),
}

#[derive(Debug, Subcommand)]
pub enum SlowQueryCommand {
    /// List the slowest query patterns in a time window
    List(slow_query_list::Args),
    /// Show one query pattern and its recent executions
    Get(slow_query_get::Args),
}

impl Classified for PostgresCommand {
    fn access(&self) -> Access {
        match self {
            PostgresCommand::List(_) => Access::Read,
            PostgresCommand::Get(_) => Access::Read,
            PostgresCommand::Create(_) => Access::Write,
            PostgresCommand::Update(_) => Access::Write,
            PostgresCommand::Delete(_) => Access::Write,
            PostgresCommand::Certs(CertsCommand::Get(_)) => Access::Read,
            PostgresCommand::Config(ConfigCommand::Get(_)) => Access::Read,
            PostgresCommand::Config(ConfigCommand::Replace(_)) => Access::Write,
            PostgresCommand::Config(ConfigCommand::Patch(_)) => Access::Write,
            PostgresCommand::ResetPassword(_) => Access::Write,
            PostgresCommand::ReadReplica(ReadReplicaCommand::Create(_)) => Access::Write,
            PostgresCommand::Restore(_) => Access::Write,
            PostgresCommand::Restart(_) => Access::Write,
            PostgresCommand::Promote(_) => Access::Write,
            PostgresCommand::Switchover(_) => Access::Write,
            PostgresCommand::Metrics(_) => Access::Read,
            PostgresCommand::SlowQuery(SlowQueryCommand::List(_)) => Access::Read,
            PostgresCommand::SlowQuery(SlowQueryCommand::Get(_)) => Access::Read,
            PostgresCommand::Prometheus(_) => Access::Read,
        }
    }
}

impl PostgresCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            PostgresCommand::Delete(args) => Some(args.confirm),
            PostgresCommand::List(_)
            | PostgresCommand::Get(_)
            | PostgresCommand::Create(_)
            | PostgresCommand::Update(_)
            | PostgresCommand::Certs(_)
            | PostgresCommand::Config(_)
            | PostgresCommand::ResetPassword(_)
            | PostgresCommand::ReadReplica(_)
            | PostgresCommand::Restore(_)
            | PostgresCommand::Restart(_)
            | PostgresCommand::Promote(_)
            | PostgresCommand::Switchover(_)
            | PostgresCommand::Metrics(_)
            | PostgresCommand::SlowQuery(_)
            | PostgresCommand::Prometheus(_) => None,
        }
    }
}

impl Operations for PostgresCommand {
    fn operations(&self) -> &'static [&'static str] {
        // Every leaf that names a service may look its name up (postgresServiceGetList).
        match self {
            PostgresCommand::List(_) => &["organizationGetList", "postgresServiceGetList"],
            PostgresCommand::Get(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresServiceGet",
            ],
            PostgresCommand::Create(_) => &[
                "organizationGetList",
                "postgresServiceCreate",
                "postgresServiceGet",
            ],
            PostgresCommand::Update(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresServiceGet",
                "postgresServicePatch",
            ],
            PostgresCommand::Delete(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresServiceGet",
                "postgresServiceDelete",
            ],
            PostgresCommand::Certs(CertsCommand::Get(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresServiceCertsGet",
            ],
            PostgresCommand::Config(ConfigCommand::Get(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresInstanceConfigGet",
            ],
            PostgresCommand::Config(ConfigCommand::Replace(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresInstanceConfigPost",
            ],
            PostgresCommand::Config(ConfigCommand::Patch(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresInstanceConfigGet",
                "postgresInstanceConfigPatch",
            ],
            PostgresCommand::ResetPassword(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresServiceSetPassword",
            ],
            PostgresCommand::ReadReplica(ReadReplicaCommand::Create(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresInstanceCreateReadReplica",
                "postgresServiceGet",
            ],
            PostgresCommand::Restore(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresInstanceRestore",
                "postgresServiceGet",
            ],
            PostgresCommand::Restart(_)
            | PostgresCommand::Promote(_)
            | PostgresCommand::Switchover(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresServicePatchState",
                "postgresServiceGet",
            ],
            PostgresCommand::Metrics(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresInstanceMetricsGet",
            ],
            PostgresCommand::SlowQuery(SlowQueryCommand::List(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "slowQueryPatternsGetList",
            ],
            PostgresCommand::SlowQuery(SlowQueryCommand::Get(_)) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "slowQueryPatternGet",
            ],
            PostgresCommand::Prometheus(_) => &[
                "organizationGetList",
                "postgresServiceGetList",
                "postgresOrgPrometheusGet",
                "postgresInstancePrometheusGet",
            ],
        }
    }
}

impl ApiCommand for PostgresCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            PostgresCommand::List(args) => list::run(args, session.read(), out).await,
            PostgresCommand::Get(args) => get::run(args, session.read(), out).await,
            PostgresCommand::Create(args) => create::run(*args, session.write()?, out).await,
            PostgresCommand::Update(args) => update::run(args, session.write()?, out).await,
            PostgresCommand::Delete(args) => delete::run(args, session.write()?, out).await,
            PostgresCommand::Certs(CertsCommand::Get(args)) => {
                certs::run(args, session.read(), out).await
            }
            PostgresCommand::Config(ConfigCommand::Get(args)) => {
                config_get::run(args, session.read(), out).await
            }
            PostgresCommand::Config(ConfigCommand::Replace(args)) => {
                config_set::replace(args, session.write()?, out).await
            }
            PostgresCommand::Config(ConfigCommand::Patch(args)) => {
                config_set::patch(args, session.write()?, out).await
            }
            PostgresCommand::ResetPassword(args) => {
                reset_password::run(args, session.write()?, out).await
            }
            PostgresCommand::ReadReplica(ReadReplicaCommand::Create(args)) => {
                read_replica::run(args, session.write()?, out).await
            }
            PostgresCommand::Restore(args) => restore::run(args, session.write()?, out).await,
            PostgresCommand::Restart(args) => {
                state::run("restart", args, session.write()?, out).await
            }
            PostgresCommand::Promote(args) => {
                state::run("promote", args, session.write()?, out).await
            }
            PostgresCommand::Switchover(args) => {
                state::run("switchover", args, session.write()?, out).await
            }
            PostgresCommand::Metrics(args) => metrics::run(args, session.read(), out).await,
            PostgresCommand::SlowQuery(SlowQueryCommand::List(args)) => {
                slow_query_list::run(args, session.read(), out).await
            }
            PostgresCommand::SlowQuery(SlowQueryCommand::Get(args)) => {
                slow_query_get::run(args, session.read(), out).await
            }
            PostgresCommand::Prometheus(args) => prometheus::run(args, session.read(), out).await,
        }
    }
}

/// The detail view of one Postgres service.
fn detail(service: &PostgresService) -> comfy_table::Table {
    detail_table([
        ("ID", service.id.clone()),
        ("Name", service.name.clone()),
        ("State", service.state.clone()),
        ("Provider", service.provider.clone()),
        ("Region", service.region.clone()),
        ("Postgres version", service.postgres_version.clone()),
        ("Size", service.size.clone()),
        ("Storage (GiB)", service.storage_size.map(|s| s.to_string())),
        ("High availability", service.ha_type.clone()),
        ("Primary", flag(service.is_primary)),
        ("Hostname", service.hostname.clone()),
        ("Username", service.username.clone()),
        ("Created", Some(crate::output::time(&service.created_at))),
        ("Tags", tags(service)),
        // Only in the reply of a create, restore or password reset.
        ("Password", service.password.clone()),
        ("Connection string", service.connection_string.clone()),
    ])
}

fn tags(service: &PostgresService) -> Option<String> {
    let tags = service.tags.as_ref().filter(|t| !t.is_empty())?;
    Some(
        tags.iter()
            .map(|t| match &t.value {
                Some(value) => format!("{}={value}", text(&t.key)),
                None => text(&t.key),
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// `--pg-config-file` and `--pg-bouncer-config-file`: JSON objects of parameters, shared by
/// `create`, `restore` and `read-replica create`.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigFiles {
    /// JSON file of Postgres parameters (pgConfig), e.g. {"max_connections": 200}; `-` for stdin
    #[arg(long, value_name = "FILE")]
    pub pg_config_file: Option<PathBuf>,

    /// JSON file of PgBouncer parameters (pgBouncerConfig), e.g. {"default_pool_size": "16"}
    #[arg(long, value_name = "FILE")]
    pub pg_bouncer_config_file: Option<PathBuf>,
}

impl ConfigFiles {
    /// Adds `pgConfig` and `pgBouncerConfig` to `body` from the files given.
    fn add_to(&self, body: &mut Map<String, Value>) -> Result<()> {
        if let Some(path) = &self.pg_config_file {
            body.insert(
                "pgConfig".into(),
                Value::Object(object_file(path, "--pg-config-file")?),
            );
        }
        if let Some(path) = &self.pg_bouncer_config_file {
            let object = object_file(path, "--pg-bouncer-config-file")?;
            check_bouncer(&object, "--pg-bouncer-config-file")?;
            body.insert("pgBouncerConfig".into(), Value::Object(object));
        }
        Ok(())
    }
}

/// A JSON object read from `path` (`-` for stdin); anything else is exit 2, nothing sent.
fn object_file(path: &std::path::Path, flag: &str) -> Result<Map<String, Value>> {
    let text = crate::commands::json_file::read_text(path)?;
    match serde_json::from_str(&text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Error::Usage(format!(
            "{flag} {}: expected a JSON object ({{\"name\": value, …}}); nothing was sent",
            path.display()
        ))),
        Err(e) => Err(Error::Usage(format!(
            "{flag} {}: not valid JSON: {e}; nothing was sent",
            path.display()
        ))),
    }
}

/// The spec's `pgBouncerConfig`: 1 to 64 parameters, every value a string.
fn check_bouncer(object: &Map<String, Value>, flag: &str) -> Result<()> {
    if object.is_empty() || object.len() > 64 {
        return Err(Error::Usage(format!(
            "{flag}: PgBouncer takes 1 to 64 parameters, not {}; nothing was sent",
            object.len()
        )));
    }
    if let Some((key, _)) = object.iter().find(|(_, v)| !v.is_string()) {
        return Err(Error::Usage(format!(
            "{flag}: PgBouncer parameter \"{key}\" must be a string, e.g. \"16\"; nothing was sent"
        )));
    }
    Ok(())
}

/// Tags as the API takes them (`ResourceTagsV1`), at most 50.
fn tag_values(flag: &str, tags: &[Tag]) -> Result<Value> {
    if tags.len() > 50 {
        return Err(Error::Usage(format!(
            "{flag}: a Postgres service takes at most 50 tags, not {}; nothing was sent",
            tags.len()
        )));
    }
    Ok(serde_json::to_value(tags).unwrap_or(Value::Null))
}

/// An RFC 3339 date-time, sent as given.
fn datetime(value: &str) -> std::result::Result<String, String> {
    crate::args::datetime(value).map(|_| value.trim().to_owned())
}

/// After a write that leads to a running service (create, restore, read replica, state
/// change): waits when asked, then prints the service. The reply of the write is kept for
/// `--json` (a create's carries the one-time password and connection string, which a later
/// GET omits), with the state the wait reached. A failed wait still prints what was
/// created, then returns the wait's error.
async fn show_after(
    api: &WriteApi,
    org: Uuid,
    reply: Reply<PostgresService>,
    wait_args: &WaitArgs,
    timeout: std::time::Duration,
    out: Output,
) -> Result<()> {
    let mut reply = reply;
    let mut waited = Ok(());
    if wait_args.wait {
        match reply.data()?.id.as_deref().map(Uuid::try_parse) {
            Some(Ok(id)) => match until(
                api,
                org,
                id,
                Target::Running,
                wait_args.timeout(timeout),
                out,
            )
            .await
            {
                Ok(Some(now)) => {
                    let mut shown = reply.to_value();
                    let now_value = now.to_value();
                    if let (Some(object), Some(fresh)) =
                        (shown.as_object_mut(), now_value.as_object())
                    {
                        for (key, value) in fresh {
                            object.insert(key.clone(), value.clone());
                        }
                    }
                    let mut data = reply.into_data()?;
                    let fresh = now.into_data()?;
                    data.state = fresh.state;
                    data.hostname = fresh.hostname.or(data.hostname);
                    reply = Reply::built(&shown, data);
                }
                Ok(None) => {}
                Err(e) => waited = Err(e),
            },
            Some(Err(_)) | None => {
                waited = Err(Error::Other(anyhow::anyhow!(
                    "the API returned no Postgres service ID that is a UUID; cannot --wait for it"
                )));
            }
        }
    }
    let password = reply.data()?.password.clone();
    out.reply(&reply, detail);
    if password.is_some() {
        out.notice(
            "The password is shown only this once: store it now. `cloud postgres reset-password` sets a new one.",
        );
    }
    waited
}

/// Polls `postgres get` until the service reaches `target`.
async fn until(
    api: &ReadApi,
    org: Uuid,
    id: Uuid,
    target: Target,
    timeout: std::time::Duration,
    out: Output,
) -> Result<Option<Reply<PostgresService>>> {
    let subject = wait::Subject {
        named: format!("Postgres service {id}"),
        check: format!("cloud postgres get {id}"),
    };
    wait::poll_as(
        subject,
        target,
        timeout,
        out,
        || api.postgres_service(org, id),
        |service: &PostgresService| service.state.clone(),
    )
    .await
}
