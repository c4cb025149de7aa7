//! `cloud clickpipe create <source> <SERVICE>`: a ClickPipe from flags, or from `--file`.
//!
//! Whatever the origin, the body is checked against the spec ([`spec`]) before anything is
//! sent: a field the spec does not name, a value outside its enum or range, or a field it
//! requires that is missing exits 2 naming the field and what it may be.

mod bigquery;
pub mod kafka;
pub mod kinesis;
mod mongodb;
mod mysql;
mod object_storage;
mod postgres;
mod pubsub;
pub mod spec;
mod streaming;
mod table_mapping;

use std::path::PathBuf;
use std::time::Duration;

use clap::Subcommand;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::access::{Access, Classified, Operations};
use crate::api::WriteApi;
use crate::api::clickpipes::ClickPipe;
use crate::app::Session;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::commands::service::wait::{self, Subject, Target};
use crate::error::{Error, Result};
use crate::output::{Output, detail_table};

use super::secrets::Stdin;

#[derive(Debug, Subcommand)]
pub enum CreateCommand {
    /// Create a Kafka ClickPipe (Apache Kafka, Confluent, MSK, Redpanda, Event Hubs, ...)
    Kafka(Box<kafka::Args>),
    /// Create an object storage ClickPipe (S3, GCS, Azure Blob Storage, R2, ...)
    ObjectStorage(Box<object_storage::Args>),
    /// Create an Amazon Kinesis ClickPipe
    Kinesis(Box<kinesis::Args>),
    /// Create a Google Cloud Pub/Sub ClickPipe (limited preview)
    Pubsub(Box<pubsub::Args>),
    /// Create a Postgres CDC ClickPipe
    Postgres(Box<postgres::Args>),
    /// Create a MySQL (or MariaDB) CDC ClickPipe
    Mysql(Box<mysql::Args>),
    /// Create a BigQuery ClickPipe (snapshot)
    Bigquery(Box<bigquery::Args>),
    /// Create a MongoDB CDC ClickPipe
    Mongodb(Box<mongodb::Args>),
}

impl Classified for CreateCommand {
    fn access(&self) -> Access {
        match self {
            CreateCommand::Kafka(_) => Access::Write,
            CreateCommand::ObjectStorage(_) => Access::Write,
            CreateCommand::Kinesis(_) => Access::Write,
            CreateCommand::Pubsub(_) => Access::Write,
            CreateCommand::Postgres(_) => Access::Write,
            CreateCommand::Mysql(_) => Access::Write,
            CreateCommand::Bigquery(_) => Access::Write,
            CreateCommand::Mongodb(_) => Access::Write,
        }
    }
}

/// Every source: the organization, a service by name, the create and its `--wait`.
const CREATE_OPERATIONS: &[&str] = &[
    "organizationGetList",
    "instanceGetList",
    "clickPipeCreate",
    "clickPipeGet",
];

impl Operations for CreateCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            CreateCommand::Kafka(_)
            | CreateCommand::ObjectStorage(_)
            | CreateCommand::Kinesis(_)
            | CreateCommand::Pubsub(_)
            | CreateCommand::Postgres(_)
            | CreateCommand::Mysql(_)
            | CreateCommand::Bigquery(_)
            | CreateCommand::Mongodb(_) => CREATE_OPERATIONS,
        }
    }
}

impl CreateCommand {
    pub async fn run(self, session: &Session, out: Output) -> Result<()> {
        let api = session.write()?;
        let (common, body) = match self {
            CreateCommand::Kafka(args) => prepare(*args, out)?,
            CreateCommand::ObjectStorage(args) => prepare(*args, out)?,
            CreateCommand::Kinesis(args) => prepare(*args, out)?,
            CreateCommand::Pubsub(args) => prepare(*args, out)?,
            CreateCommand::Postgres(args) => prepare(*args, out)?,
            CreateCommand::Mysql(args) => prepare(*args, out)?,
            CreateCommand::Bigquery(args) => prepare(*args, out)?,
            CreateCommand::Mongodb(args) => prepare(*args, out)?,
        };
        common.send(api, &body, out).await
    }
}

/// One source's leaf: its flags build `source.<kind>` (and the destination); its secrets
/// are read apart, so that they fill a `--file` body as well as one built from flags.
pub trait Source {
    const KIND: Kind;

    fn common(self) -> Common;

    fn common_ref(&self) -> &Common;

    /// The secrets given, each with its place under `source.<kind>`.
    fn secrets(&self, stdin: &Stdin, out: Output) -> Result<Secrets>;

    /// The body from the flags (`name` is in it already); secrets are laid over it after.
    fn build(&self, body: &mut Map<String, Value>, secrets: &Secrets) -> Result<()>;
}

/// The checked body of a leaf (nothing is sent yet).
fn prepare<S: Source>(args: S, out: Output) -> Result<(Common, Value)> {
    let stdin = Stdin::default();
    let common = args.common_ref();
    if common.file.as_deref() == Some(std::path::Path::new("-")) {
        stdin.claim("--file -")?;
    }
    let secrets = args.secrets(&stdin, out)?;
    let mut body = match &common.file {
        Some(path) => {
            let body: Value = crate::commands::json_file::read(path, "a JSON object")?;
            if !body.is_object() {
                return Err(Error::Usage(format!(
                    "--file {}: the body must be a JSON object (a ClickPipePostRequest); \
                     nothing was sent",
                    path.display()
                )));
            }
            body
        }
        None => {
            let mut body = Map::new();
            body.insert(
                "name".into(),
                json!(common.name.clone().unwrap_or_default()),
            );
            args.build(&mut body, &secrets)?;
            Value::Object(body)
        }
    };
    if let Some(name) = &common.name {
        body["name"] = json!(name);
    }
    for (path, secret) in &secrets.0 {
        let mut full = vec!["source", S::KIND.key()];
        full.extend(path);
        spec::set(&mut body, &full, json!(secret));
    }
    check(&body, S::KIND)?;
    Ok((args.common(), body))
}

/// The source a leaf creates: its key under `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Kafka,
    ObjectStorage,
    Kinesis,
    Pubsub,
    Postgres,
    Mysql,
    Bigquery,
    Mongodb,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Kafka => "kafka",
            Kind::ObjectStorage => "objectStorage",
            Kind::Kinesis => "kinesis",
            Kind::Pubsub => "pubsub",
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
            Kind::Bigquery => "bigquery",
            Kind::Mongodb => "mongodb",
        }
    }

    fn command(self) -> &'static str {
        match self {
            Kind::Kafka => "kafka",
            Kind::ObjectStorage => "object-storage",
            Kind::Kinesis => "kinesis",
            Kind::Pubsub => "pubsub",
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
            Kind::Bigquery => "bigquery",
            Kind::Mongodb => "mongodb",
        }
    }
}

/// What every `create` leaf takes: the service, the name, `--file`, `--wait`, `--org-id`.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Service ID or name (the ClickHouse service the pipe writes into)
    #[arg(value_name = "SERVICE_ID", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Name of the ClickPipe (with --file: replaces the file's)
    #[arg(long, required_unless_present = "file")]
    pub name: Option<String>,

    /// The whole request body (a ClickPipePostRequest) as JSON, `-` for stdin. Only --name
    /// and the secret inputs may be given with it: they replace or fill the file's fields
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Wait until the pipe is Running (polls the pipe), then print it
    #[arg(long)]
    pub wait: bool,

    /// How long --wait waits, e.g. 90s or 10m [default: 20m]
    #[arg(
        long,
        value_name = "DURATION",
        requires = "wait",
        value_parser = crate::api::transport::parse_duration
    )]
    pub wait_timeout: Option<Duration>,

    #[command(flatten)]
    pub org: OrgArg,
}

impl Common {
    async fn send(self, api: &WriteApi, body: &Value, out: Output) -> Result<()> {
        let org = self.org.resolve(api).await?;
        let service = crate::commands::lookup::service(api, org, &self.service).await?;
        let created = api.create_clickpipe(org, service, body).await?;
        if !self.wait {
            out.reply(&created, detail);
            return Ok(());
        }
        let id = created
            .data()?
            .id
            .as_deref()
            .and_then(|id| Uuid::try_parse(id).ok());
        let Some(id) = id else {
            out.reply(&created, detail);
            return Err(Error::Usage(
                "the API's reply carried no pipe ID, so --wait cannot follow the pipe".into(),
            ));
        };
        let timeout = self.wait_timeout.unwrap_or(wait::CREATE_TIMEOUT);
        let subject = Subject {
            named: format!("ClickPipe {id}"),
            check: format!("cloud clickpipe get {service} {id} --org-id {org}"),
        };
        let last = wait::poll_as(
            subject,
            Target::Running,
            timeout,
            out,
            || api.clickpipe(org, service, id),
            |pipe: &ClickPipe| pipe.state.as_deref().map(wait_state),
        )
        .await;
        match last {
            Ok(Some(reply)) => out.reply(&reply, detail),
            Ok(None) => out.reply(&created, detail),
            Err(e) => {
                out.reply(&created, detail);
                return Err(e);
            }
        }
        Ok(())
    }
}

/// A pipe state in the words of the service wait: `Running` (and `Completed`, which a
/// one-time object storage pipe may reach first) is `running`; `Failed` and
/// `InternalError` are `failed`, which ends the wait.
fn wait_state(state: &str) -> String {
    match state {
        "Running" | "Completed" => "running".into(),
        "Failed" | "InternalError" => "failed".into(),
        other => other.to_owned(),
    }
}

/// What a new pipe shows: most of `clickpipe get`'s fields are not set yet.
fn detail(pipe: &ClickPipe) -> comfy_table::Table {
    detail_table([
        ("ID", pipe.id.clone()),
        ("Name", pipe.name.clone()),
        ("State", pipe.state.clone()),
        ("Created", Some(crate::output::time(&pipe.created_at))),
    ])
}

/// The secrets a leaf read, each with where it goes under `source.<kind>`.
#[derive(Debug, Default)]
pub struct Secrets(Vec<(Vec<&'static str>, String)>);

impl Secrets {
    pub fn iter(&self) -> impl Iterator<Item = (&[&'static str], &str)> {
        self.0
            .iter()
            .map(|(path, secret)| (path.as_slice(), secret.as_str()))
    }

    /// Whether a secret goes to `path`.
    pub fn has(&self, path: &[&str]) -> bool {
        self.0.iter().any(|(p, _)| p == path)
    }

    pub fn add(&mut self, path: &[&'static str], secret: Option<String>) {
        if let Some(secret) = secret {
            self.0.push((path.to_vec(), secret));
        }
    }
}

/// The body against the spec, and against what `cloud` needs: a name, and the leaf's source
/// (only that one) under `source`.
pub fn check(body: &Value, kind: Kind) -> Result<()> {
    let mut problems = spec::check(body, &spec::CP_POST_REQUEST, "");
    // A pipe's name is 1 to 255 characters (the spec's `ClickPipe.name`).
    match body["name"].as_str() {
        Some(name) if name.trim().is_empty() || name.chars().count() > 255 => {
            problems.insert(0, "name: 1 to 255 characters".into());
        }
        Some(_) => {}
        None => problems.insert(0, "name: required (--name)".into()),
    }
    let given: Vec<&str> = body["source"]
        .as_object()
        .map(|s| {
            s.iter()
                .filter(|(k, v)| *k != "validateSamples" && !v.is_null())
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default();
    if given != [kind.key()] {
        problems.insert(
            0,
            format!(
                "source: `clickpipe create {}` takes exactly one source, source.{}{}",
                kind.command(),
                kind.key(),
                if given.is_empty() {
                    String::new()
                } else {
                    format!(" (the body has: {})", given.join(", "))
                }
            ),
        );
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "the ClickPipe is not one the API accepts; nothing was sent:\n  {}",
        problems.join("\n  ")
    )))
}

/// `--column name:Type`: the type is ClickHouse's, left to the server (`Nullable(String)`).
pub fn column(value: &str) -> std::result::Result<(String, String), String> {
    match value.split_once(':') {
        Some((name, kind)) if !name.trim().is_empty() && !kind.trim().is_empty() => {
            Ok((name.trim().to_owned(), kind.trim().to_owned()))
        }
        _ => Err("expected NAME:TYPE, e.g. id:UInt64 or payload:Nullable(String)".into()),
    }
}

/// `KEY=VALUE` of `--setting`: the value as JSON when it parses (numbers, true/false),
/// else as a string.
pub fn setting(value: &str) -> std::result::Result<(String, Value), String> {
    let (key, raw) = value
        .split_once('=')
        .ok_or_else(|| "expected KEY=VALUE, e.g. clickhouse_max_threads=8".to_owned())?;
    let key = key.trim();
    if spec::CP_SETTINGS.field(key).is_none() {
        return Err(format!(
            "{key} is not a ClickPipe setting; the settings are: {}",
            spec::CP_SETTINGS
                .fields
                .iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let parsed = serde_json::from_str(raw.trim()).unwrap_or_else(|_| json!(raw.trim()));
    Ok((key.to_owned(), parsed))
}

/// `--scaling` flags and `--setting`, shared by every source.
#[derive(Debug, clap::Args)]
pub struct Tuning {
    /// Replicas of the pipe (1-40) [default: the API's]
    #[arg(long, value_name = "REPLICAS", conflicts_with = "file")]
    pub replicas: Option<i64>,

    /// CPU of each replica in millicores (125-2000)
    #[arg(long, value_name = "CPU_MILLICORES", conflicts_with = "file")]
    pub cpu_millicores: Option<i64>,

    /// Memory of each replica in GB (0.5-8)
    #[arg(long, value_name = "MEMORY_GB", conflicts_with = "file")]
    pub memory_gb: Option<f64>,

    /// A pipe setting, KEY=VALUE (repeatable), e.g. clickhouse_max_threads=8
    #[arg(long = "setting", value_name = "KEY=VALUE", value_parser = setting, conflicts_with = "file")]
    pub settings: Vec<(String, Value)>,
}

impl Tuning {
    pub fn add_to(&self, body: &mut Map<String, Value>) {
        let mut scaling = Map::new();
        if let Some(replicas) = self.replicas {
            scaling.insert("replicas".into(), json!(replicas));
        }
        if let Some(cpu) = self.cpu_millicores {
            scaling.insert("replicaCpuMillicores".into(), json!(cpu));
        }
        if let Some(memory) = self.memory_gb {
            scaling.insert("replicaMemoryGb".into(), json!(memory));
        }
        if !scaling.is_empty() {
            body.insert("scaling".into(), Value::Object(scaling));
        }
        if !self.settings.is_empty() {
            let settings: Map<String, Value> = self.settings.iter().cloned().collect();
            body.insert("settings".into(), Value::Object(settings));
        }
    }
}
