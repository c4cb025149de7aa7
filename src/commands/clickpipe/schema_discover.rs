//! `cloud clickpipe schema-discover kafka|kinesis <SERVICE>`: the fields (names and
//! ClickHouse types) a streaming source's messages have, inferred by ClickPipes from a sample,
//! without creating a pipe.
//!
//! It changes nothing, but it is a POST, which ClickHouse Cloud refuses under an OAuth login
//! (every non-GET is), so it is classified Write: it needs an API key.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{Value, json};

use super::create::kafka::KafkaSource;
use super::create::kinesis::KinesisSource;
use super::create::{Secrets, spec};
use super::secrets::Stdin;
use crate::access::{Access, Classified, Operations};
use crate::api::WriteApi;
use crate::api::clickpipe_create::DiscoveredSchema;
use crate::app::Session;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table, text};

const WHY_WRITE: &str = "Schema discovery changes nothing, but it is a POST, which ClickHouse \
Cloud accepts only from API keys (an OAuth login is refused for every request but GET), so \
`cloud` classifies it as a write: it needs an API key, and --dry-run shows the request.";

#[derive(Debug, Subcommand)]
pub enum DiscoverCommand {
    /// Infer the fields of a Kafka topic's messages
    #[command(after_help = crate::commands::agents::after(
        &format!("{WHY_WRITE} Secrets come from stdin or the environment, as for \
`clickpipe create kafka`.\n\n\
Examples:\n  \
cloud clickpipe schema-discover kafka analytics --brokers broker-1.example.com:9092 \\\n    \
--topics events --format JSONEachRow --kafka-type msk --auth IAM_ROLE \\\n    \
--iam-role arn:aws:iam::123456789012:role/clickpipes\n  \
printf '%s\\n' \"$KAFKA_PASSWORD\" | cloud clickpipe schema-discover kafka analytics \\\n    \
--brokers broker-1.example.com:9092 --topics events --format JSONEachRow --username ingest \\\n    \
--password-stdin --json"),
        crate::commands::agents::write("nothing: it reads a sample of the topic and answers the fields it found (POST clickPipeSchemaDiscovery)."),
    ))]
    Kafka(Box<KafkaArgs>),
    /// Infer the fields of a Kinesis stream's records
    #[command(after_help = crate::commands::agents::after(
        &format!("{WHY_WRITE} The secret key comes from --secret-key-stdin or \
CLOUD_CLICKPIPE_SECRET_KEY, as for `clickpipe create kinesis`.\n\n\
Examples:\n  \
cloud clickpipe schema-discover kinesis analytics --stream-name clicks --region us-east-1 \\\n    \
--format JSONEachRow --iam-role arn:aws:iam::123456789012:role/clickpipes\n  \
cloud clickpipe schema-discover kinesis analytics --file discover.json --json"),
        crate::commands::agents::write("nothing: it reads a sample of the stream and answers the fields it found (POST clickPipeSchemaDiscovery)."),
    ))]
    Kinesis(Box<KinesisArgs>),
}

/// The service, `--file` and `--org-id`, for both sources.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// Service ID or name (the service whose ClickPipes would read the source)
    #[arg(value_name = "SERVICE_ID", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// The whole request body (a ClickPipeSchemaDiscoveryRequest) as JSON, `-` for stdin;
    /// only secret inputs may be given with it
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub org: OrgArg,
}

#[derive(Debug, clap::Args)]
pub struct KafkaArgs {
    #[command(flatten)]
    pub target: Target,

    #[command(flatten)]
    pub source: KafkaSource,
}

#[derive(Debug, clap::Args)]
pub struct KinesisArgs {
    #[command(flatten)]
    pub target: Target,

    #[command(flatten)]
    pub source: KinesisSource,
}

impl Classified for DiscoverCommand {
    fn access(&self) -> Access {
        match self {
            // A POST: refused under OAuth by the API, so a write here (see WHY_WRITE).
            DiscoverCommand::Kafka(_) => Access::Write,
            DiscoverCommand::Kinesis(_) => Access::Write,
        }
    }
}

impl Operations for DiscoverCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            DiscoverCommand::Kafka(_) | DiscoverCommand::Kinesis(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeSchemaDiscovery",
            ],
        }
    }
}

impl DiscoverCommand {
    pub async fn run(self, session: &Session, out: Output) -> Result<()> {
        let api = session.write()?;
        let stdin = Stdin::default();
        let (target, body) = match self {
            DiscoverCommand::Kafka(args) => {
                let body = body(
                    &args.target,
                    "kafka",
                    &stdin,
                    &args.source.secrets(&stdin, out)?,
                    |s| args.source.build(s),
                )?;
                (args.target, body)
            }
            DiscoverCommand::Kinesis(args) => {
                let body = body(
                    &args.target,
                    "kinesis",
                    &stdin,
                    &args.source.secrets(&stdin, out)?,
                    |s| args.source.build(s),
                )?;
                (args.target, body)
            }
        };
        send(api, target, &body, out).await
    }
}

/// The checked body, from `--file` or the flags, with the secrets laid over it.
fn body(
    target: &Target,
    key: &'static str,
    stdin: &Stdin,
    secrets: &Secrets,
    build: impl FnOnce(&Secrets) -> Result<Value>,
) -> Result<Value> {
    let mut body = match &target.file {
        Some(path) => {
            if path == std::path::Path::new("-") {
                stdin.claim("--file -")?;
            }
            crate::commands::json_file::read(path, "a JSON object")?
        }
        None => json!({ "source": { key: build(secrets)? } }),
    };
    for (path, secret) in secrets.iter() {
        let mut full = vec!["source", key];
        full.extend(path);
        spec::set(&mut body, &full, json!(secret));
    }
    let mut problems = spec::check(&body, &spec::CP_SCHEMA_DISCOVERY_REQUEST, "");
    let given: Vec<&str> = body["source"]
        .as_object()
        .map(|s| {
            s.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default();
    if given != [key] {
        problems.insert(
            0,
            format!(
                "source: `clickpipe schema-discover {key}` takes exactly one source, source.{key}"
            ),
        );
    }
    if problems.is_empty() {
        Ok(body)
    } else {
        Err(Error::Usage(format!(
            "the request is not one the API accepts; nothing was sent:\n  {}",
            problems.join("\n  ")
        )))
    }
}

async fn send(api: &WriteApi, target: Target, body: &Value, out: Output) -> Result<()> {
    let org = target.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &target.service).await?;
    let reply = api.discover_clickpipe_schema(org, service, body).await?;
    out.reply(&reply, |schema: &DiscoveredSchema| {
        list_table(
            &[
                Column::key("name"),
                Column::key("type"),
                Column::ranked("optional", 1),
            ],
            schema.fields.iter().flatten().map(|field| {
                vec![
                    text(&field.name),
                    text(&field.kind),
                    field
                        .optional
                        .map(|o| if o { "yes" } else { "no" }.to_owned())
                        .unwrap_or_default(),
                ]
            }),
        )
    });
    Ok(())
}
