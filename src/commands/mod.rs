//! Every command of `cloud`: one module per noun, one file per leaf command.
//!
//! Each noun's `mod.rs` holds its `Subcommand` enum, its `Classified` impl and its
//! dispatch side by side. Classification matches have no wildcard arms, and this lint
//! keeps it that way: a new command does not compile until it is classified.
#![deny(clippy::wildcard_enum_match_arm)]

pub mod activity;
pub mod agents;
pub mod auth;
pub mod backup;
pub mod catalog;
pub mod clickpipe;
pub mod clickstack;
pub mod completion;
pub mod config;
pub mod confirm;
pub mod context;
pub mod default_org;
pub mod deferred;
pub mod help;
pub mod invitation;
pub mod json_file;
pub mod key;
pub mod lookup;
pub mod man;
pub mod member;
pub mod org;
pub mod postgres;
pub mod raw_api;
pub mod role;
pub mod service;
pub mod udf;

use clap::{Args, Subcommand};
use uuid::Uuid;

use crate::access::{Access, Classified, Operations};
use crate::api::ReadApi;
use crate::app::{ApiCommand, App};
use crate::error::{Error, Result};
use deferred::Deferred;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in and out, and see which credential is in use
    #[command(
        subcommand,
        after_help = agents::after(
            "OAuth logins (`cloud auth login`) are read-only: ClickHouse Cloud accepts changes \
only from API keys. For write access use `cloud auth login --api-key <KEY_ID>`, or set \
CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET.",
            agents::noun(
                "Which credential cloud uses (`auth status` also shows an API key's role, learnt from \
the API), logging in and out, and the OAuth token for scripts.",
                "login, logout, status, token (they change only local state: nothing in ClickHouse Cloud)",
                "",
            ),
        )
    )]
    Auth(Deferred<auth::AuthCommand>),
    /// Contexts: named settings and stored credentials; list, switch, show, rename, delete
    #[command(
        subcommand,
        after_help = agents::after(
            "Examples:\n  cloud context list\n  cloud context use staging\n  cloud context show --json\n  \
cloud context rename default prod\n  cloud context delete old-ci --yes",
            agents::noun(
                "Contexts: named settings (API URL, default organization, read-only clamp, output \
format, timeouts) with the credentials stored for each. The active one is --context, else \
CLOUD_CONTEXT, else the one `cloud context use` set, else `default`.",
                "list, use, show, rename, delete (they change only local state, never ClickHouse \
Cloud; delete asks first and needs --yes without a terminal)",
                "",
            ),
        )
    )]
    Context(Deferred<context::ContextCommand>),
    /// Settings of a context: API URL, default organization, read-only, format, timeouts
    #[command(
        subcommand,
        after_help = agents::after(
            "Examples:\n  cloud config set org <ORG_ID>     # then --org-id may be left out\n  \
cloud config set format json\n  cloud config get api-url\n  cloud config list --context staging\n  \
cloud config unset org",
            agents::noun(
                "The settings of the context --context names, else the active one, in config.toml. \
Keys: api-url, org, read-only, format, connect-timeout, timeout, max-response-size. Flags and \
environment variables outrank them; an unknown key or a bad value exits 2 and changes nothing.",
                "list, get, set, unset (they change only config.toml: nothing is sent)",
                "",
            ),
        )
    )]
    Config(Deferred<config::ConfigCommand>),
    /// Organizations: list, inspect, update, metrics, usage costs and BYOC infrastructures
    #[command(
        subcommand,
        after_help = agents::noun(
            "Organizations the credential can see: their settings, Prometheus metrics, usage costs, \
quotas and BYOC infrastructures.",
            "list, get, prometheus, usage, quota list|get, private-endpoint-config",
            "update, byoc create|update|delete",
        )
    )]
    Org(Deferred<org::OrgCommand>),
    /// Services: create, inspect, start, stop, scale, update and delete
    #[command(
        subcommand,
        after_help = agents::noun(
            "ClickHouse services of an organization: their lifecycle, scaling and scaling schedule, upgrade window, ClickHouse settings, endpoints, backup settings and bucket, and query and private endpoints.",
            "list, get, client, prometheus, query (read-only SQL), backup-config get, query-endpoint get, private-endpoint get-config, scaling-schedule get, upgrade-window get, settings list|get|schema, backup-bucket get",
            "create, delete, start, stop, update, scale, reset-password, sql, backup-config update, query-endpoint create|delete, private-endpoint create, scaling-schedule set|delete, upgrade-window set|delete, settings set|unset, backup-bucket create|update|delete",
        )
    )]
    Service(Deferred<service::ServiceCommand>),
    /// Backups of a service
    #[command(
        subcommand,
        after_help = agents::noun(
            "The backups ClickHouse Cloud takes of a service (the schedule is `cloud service backup-config`), \
and restoring one into a new service.",
            "list, get",
            "restore",
        )
    )]
    Backup(Deferred<backup::BackupCommand>),
    /// Members of an organization
    #[command(
        subcommand,
        after_help = agents::noun(
            "The people who belong to an organization, and their roles.",
            "list, get",
            "update, remove",
        )
    )]
    Member(Deferred<member::MemberCommand>),
    /// Invitations to an organization
    #[command(
        subcommand,
        after_help = agents::noun(
            "Pending email invitations to join an organization.",
            "list, get",
            "create, delete",
        )
    )]
    Invitation(Deferred<invitation::InvitationCommand>),
    /// API keys of an organization
    #[command(
        subcommand,
        after_help = agents::noun(
            "The API keys of an organization (their secrets are never shown again after creation).",
            "list, get",
            "create, update, delete",
        )
    )]
    Key(Deferred<key::KeyCommand>),
    /// Roles of an organization: what --role-id takes, and custom roles
    #[command(
        subcommand,
        after_help = agents::noun(
            "The roles (system and custom) of an organization and their IDs, which `key create`, \
`member update` and `invitation create` take as --role-id. Custom roles can be created, changed \
and deleted; the system roles (Admin, Developer) cannot.",
            "list, get",
            "create, update, delete",
        )
    )]
    Role(Deferred<role::RoleCommand>),
    /// The activity (audit) log of an organization
    #[command(
        subcommand,
        after_help = agents::noun(
            "The audit log of an organization: who changed what, and when.",
            "list, get",
            "",
        )
    )]
    Activity(Deferred<activity::ActivityCommand>),
    /// ClickStack of a service: dashboards, alerts, sources, webhooks, roles, saved searches
    #[command(
        subcommand,
        name = "clickstack",
        after_help = agents::noun(
            "ClickStack (HyperDX), the observability UI of a service: its dashboards, alerts, \
sources, webhooks, roles and saved searches, as the API's JSON objects; bodies come from --file.",
            "<kind> list, <kind> get",
            "dashboard create|update|delete|validate, alert create|update|delete, source \
create|update|delete, webhook create|update|delete, role create|update|delete, saved-search \
create|update|delete",
        )
    )]
    ClickStack(Deferred<clickstack::ClickStackCommand>),
    /// User-defined functions (beta): create from an archive, versions, attach to services
    #[command(
        subcommand,
        after_help = agents::noun(
            "User-defined functions (UDFs) of an organization (beta API): executable functions \
built from a zip of their source, named by their function name (there is no ID), in numbered \
versions, attached to services. `create` and `version create` upload the archive (--file) to a \
presigned URL, without the API credential, before the create call.",
            "list, get, version list, attachment list|get",
            "create, delete, version create|delete, attach, detach",
        )
    )]
    Udf(Deferred<udf::UdfCommand>),
    /// Managed Postgres services: create, configure, replicate, restore and observe
    #[command(
        subcommand,
        after_help = agents::noun(
            "Managed Postgres services of an organization, beside ClickHouse: their lifecycle, size and high availability, configuration, CA certificate, superuser password, read replicas, point-in-time restores, metrics and slow queries. Passwords are read from stdin and never printed back; --wait follows create, restore, read-replica create, restart, promote, switchover and delete.",
            "list, get, certs get, config get, metrics, slow-query list|get, prometheus",
            "create, update, delete, reset-password, config replace|patch, read-replica create, restore, restart, promote, switchover",
        )
    )]
    Postgres(Deferred<postgres::PostgresCommand>),
    /// ClickPipes: managed ingestion into a service from Kafka, object storage, Kinesis, Pub/Sub and databases
    #[command(
        subcommand,
        after_help = agents::noun(
            "ClickPipes of a service: managed pipelines that ingest from Kafka, object storage, Kinesis, Pub/Sub and databases (Postgres, MySQL, MongoDB, BigQuery) into its tables; their state, scaling and settings, the service's CDC scaling and reverse private endpoints. A pipe is named by ID or by name within its service. --wait follows create, start, stop, resync and delete. `schema-discover` changes nothing, but it is a POST, which ClickHouse Cloud refuses under an OAuth login, so it counts as a write.",
            "list, get, settings get, cdc-scaling get, reverse-private-endpoint list|get",
            "create kafka|object-storage|kinesis|pubsub|postgres|mysql|bigquery|mongodb, schema-discover kafka|kinesis, update, delete, start, stop, resync, scale, settings update, cdc-scaling update, reverse-private-endpoint create|update|delete",
        )
    )]
    Clickpipe(Deferred<clickpipe::ClickpipeCommand>),
    /// Send any request to the API (GET/HEAD read; POST/PUT/PATCH/DELETE write)
    Api(raw_api::Args),
    /// List every command with its access (read or write)
    Commands(catalog::CommandsArgs),
    /// Print a shell completion script
    Completion(completion::CompletionArgs),
    /// Print the man page, or write one per command with --dir
    Man(man::ManArgs),
}

impl Classified for Command {
    fn access(&self) -> Access {
        match self {
            Command::Auth(Deferred(command)) => command.access(),
            Command::Context(Deferred(command)) => command.access(),
            Command::Config(Deferred(command)) => command.access(),
            Command::Org(Deferred(command)) => command.access(),
            Command::Service(Deferred(command)) => command.access(),
            Command::Backup(Deferred(command)) => command.access(),
            Command::Member(Deferred(command)) => command.access(),
            Command::Invitation(Deferred(command)) => command.access(),
            Command::Key(Deferred(command)) => command.access(),
            Command::Role(Deferred(command)) => command.access(),
            Command::Activity(Deferred(command)) => command.access(),
            Command::ClickStack(Deferred(command)) => command.access(),
            Command::Udf(Deferred(command)) => command.access(),
            Command::Postgres(Deferred(command)) => command.access(),
            Command::Clickpipe(Deferred(command)) => command.access(),
            // By the parsed method: GET and HEAD read, the others write.
            Command::Api(args) => args.access(),
            Command::Commands(_) => Access::Read,
            Command::Completion(_) => Access::Read,
            Command::Man(_) => Access::Read,
        }
    }
}

impl Operations for Command {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            Command::Auth(Deferred(command)) => command.operations(),
            Command::Context(Deferred(command)) => command.operations(),
            Command::Config(Deferred(command)) => command.operations(),
            Command::Org(Deferred(command)) => command.operations(),
            Command::Service(Deferred(command)) => command.operations(),
            Command::Backup(Deferred(command)) => command.operations(),
            Command::Member(Deferred(command)) => command.operations(),
            Command::Invitation(Deferred(command)) => command.operations(),
            Command::Key(Deferred(command)) => command.operations(),
            Command::Role(Deferred(command)) => command.operations(),
            Command::Activity(Deferred(command)) => command.operations(),
            Command::ClickStack(Deferred(command)) => command.operations(),
            Command::Udf(Deferred(command)) => command.operations(),
            Command::Postgres(Deferred(command)) => command.operations(),
            Command::Clickpipe(Deferred(command)) => command.operations(),
            Command::Api(args) => args.operations(),
            Command::Commands(_) => &[],
            Command::Completion(_) => &[],
            Command::Man(_) => &[],
        }
    }
}

impl Command {
    /// The `--yes` of a destructive command, `None` for the rest (see [`confirm`]).
    fn confirmation(&self) -> Option<confirm::Yes> {
        match self {
            Command::Service(Deferred(command)) => command.confirmation(),
            Command::Member(Deferred(command)) => command.confirmation(),
            Command::Invitation(Deferred(command)) => command.confirmation(),
            Command::Key(Deferred(command)) => command.confirmation(),
            Command::Context(Deferred(command)) => command.confirmation(),
            Command::ClickStack(Deferred(command)) => command.confirmation(),
            Command::Udf(Deferred(command)) => command.confirmation(),
            Command::Role(Deferred(command)) => command.confirmation(),
            Command::Org(Deferred(command)) => command.confirmation(),
            Command::Postgres(Deferred(command)) => command.confirmation(),
            Command::Clickpipe(Deferred(command)) => command.confirmation(),
            Command::Auth(_)
            | Command::Config(_)
            | Command::Commands(_)
            | Command::Completion(_)
            | Command::Man(_)
            | Command::Backup(_)
            | Command::Activity(_)
            | Command::Api(_) => None,
        }
    }

    pub async fn run(self, app: &App) -> Result<()> {
        if app.global.dry_run && self.access() == Access::Read {
            return Err(Error::Usage(format!(
                "--dry-run is for commands that change something; `cloud {}` only reads \
                 (drop --dry-run to run it)",
                app.command_path
            )));
        }
        // Before any request: a destructive command nobody can confirm is refused.
        if let Some(yes) = self.confirmation() {
            confirm::require(yes, app.global.dry_run, &app.command_path)?;
        }
        match self {
            Command::Auth(Deferred(command)) => command.run(app).await,
            Command::Context(Deferred(command)) => command.run(app).await,
            Command::Config(Deferred(command)) => command.run(app).await,
            Command::Commands(args) => catalog::run(args, app.out),
            Command::Completion(args) => completion::run(args),
            Command::Man(args) => man::run(args, app.out),
            Command::Org(Deferred(command)) => through_session(command, app).await,
            Command::Service(Deferred(command)) => through_session(command, app).await,
            Command::Backup(Deferred(command)) => through_session(command, app).await,
            Command::Member(Deferred(command)) => through_session(command, app).await,
            Command::Invitation(Deferred(command)) => through_session(command, app).await,
            Command::Key(Deferred(command)) => through_session(command, app).await,
            Command::Role(Deferred(command)) => through_session(command, app).await,
            Command::Activity(Deferred(command)) => through_session(command, app).await,
            Command::ClickStack(Deferred(command)) => through_session(command, app).await,
            Command::Udf(Deferred(command)) => through_session(command.prepare()?, app).await,
            Command::Postgres(Deferred(command)) => through_session(command, app).await,
            Command::Clickpipe(Deferred(command)) => through_session(command.prepare()?, app).await,
            Command::Api(args) => through_session(args.prepare()?, app).await,
        }
    }
}

/// A context named by `--context` or `CLOUD_CONTEXT` must exist (or be `default`): a typo
/// would otherwise run with none of its settings (say the production API instead of the
/// context's `api-url`), under whatever credential the environment holds. `auth login` and
/// `cloud config set` are how a context comes to be; they do not pass here.
fn known_context(settings: &crate::app::Settings) -> Result<()> {
    use crate::app::ContextSource;
    let from = match settings.context_source {
        ContextSource::Flag => "--context names",
        ContextSource::Environment => "CLOUD_CONTEXT names",
        ContextSource::Config | ContextSource::Default => return Ok(()),
    };
    if settings.context == crate::config::DEFAULT_CONTEXT
        || settings.config.context(&settings.context).is_some()
    {
        return Ok(());
    }
    let known: Vec<&str> = settings
        .config
        .contexts
        .keys()
        .map(String::as_str)
        .collect();
    Err(Error::Usage(format!(
        "{from} `{}`, a context that does not exist ({}); `cloud context list` shows them, \
         and `cloud auth login --context {}` creates it",
        crate::sanitize::text(&settings.context),
        if known.is_empty() {
            "there are none yet".to_owned()
        } else {
            format!("there are: {}", known.join(", "))
        },
        crate::sanitize::text(&settings.context),
    )))
}

async fn through_session(command: impl ApiCommand, app: &App) -> Result<()> {
    let settings = app.settings()?;
    known_context(&settings)?;
    // Before the session: a malformed `org` is a usage error before any request.
    if let Some(org) = default_org::install(&settings)? {
        app.debug(&format!("default organization of the context: {org}"));
    }
    let session = app.session(command.access()).await?;
    default_org::explain(command.run(&session, app.out).await)
}

/// `--org-id`, optional wherever it appears.
#[derive(Debug, Clone, Args)]
pub struct OrgArg {
    /// Organization ID [default: the context's `org`, else the only organization the credential sees]
    #[arg(long = "org-id", value_name = "ORG_ID", value_parser = crate::args::uuid)]
    pub org_id: Option<Uuid>,
}

impl OrgArg {
    /// The given organization, else the context's default (`cloud config set org`), else
    /// the only one the credential sees (one request). With several,
    /// the error lists them so the next command can be written at once.
    pub async fn resolve(&self, api: &ReadApi) -> Result<Uuid> {
        if let Some(org) = self.org_id.or_else(default_org::take) {
            return Ok(org);
        }
        let orgs = api.organizations().await?.into_data()?;
        let ids: Vec<(Uuid, String)> = orgs
            .iter()
            .filter_map(|o| {
                let id = o.id.as_deref().and_then(|id| Uuid::try_parse(id).ok())?;
                Some((id, o.name.clone().unwrap_or_default()))
            })
            .collect();
        match ids.as_slice() {
            [(only, _)] => Ok(*only),
            [] => Err(Error::Usage(
                "the credential in use sees no organization; pass --org-id <ORG_ID>".into(),
            )),
            several => {
                let listing: Vec<String> = several
                    .iter()
                    .map(|(id, name)| format!("  {id}  {name}"))
                    .collect();
                Err(Error::Usage(format!(
                    "--org-id is required: the credential in use sees {} organizations:\n{}",
                    several.len(),
                    listing.join("\n")
                )))
            }
        }
    }
}

/// Refuses an update that would send an empty body.
pub fn require_changes(nothing: bool, what: &str) -> Result<()> {
    if nothing {
        Err(Error::Usage(format!(
            "nothing to change: give at least one of {what} (see --help)"
        )))
    } else {
        Ok(())
    }
}
