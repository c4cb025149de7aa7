//! `cloud clickpipe create kafka <SERVICE>`, and the Kafka source flags that
//! `schema-discover kafka` shares.

use serde_json::{Map, Value, json};

use super::spec::{self, CP_POST_KAFKA_SOURCE};
use super::streaming::Destination;
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{self, Input, Shape, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Authentication (--auth) defaults to what the credentials given say: IAM_ROLE with \
--iam-role, IAM_USER with --access-key-id, MUTUAL_TLS with --client-certificate, else PLAIN. \
Secrets never need the command line: --password-stdin or CLOUD_CLICKPIPE_PASSWORD, \
--secret-key-stdin or CLOUD_CLICKPIPE_SECRET_KEY, --connection-string-stdin or \
CLOUD_CLICKPIPE_CONNECTION_STRING (Azure Event Hubs), --client-key FILE, \
--schema-registry-password-stdin or CLOUD_CLICKPIPE_SCHEMA_REGISTRY_PASSWORD. Given as flag \
values they work, with a warning. The body is checked against the API's schema before sending \
(exit 2 naming the field); --dry-run shows it with the secrets redacted.\n\n\
Examples:\n  \
printf '%s\\n' \"$KAFKA_PASSWORD\" | cloud clickpipe create kafka analytics --name events \\\n    \
--brokers broker-1.example.com:9092 --topics events --format JSONEachRow \\\n    \
--auth SCRAM-SHA-512 --username ingest --password-stdin \\\n    \
--table events --column id:UInt64 --column payload:String --wait\n  \
cloud clickpipe create kafka analytics --name clicks --kafka-type msk --auth IAM_ROLE \\\n    \
--iam-role arn:aws:iam::123456789012:role/clickpipes --brokers b-1.msk.example.com:9098 \\\n    \
--topics clicks --format Avro --offset from_beginning --table clicks --column url:String --dry-run\n  \
cloud clickpipe create kafka analytics --file pipe.json --password-stdin < password.txt",
    crate::commands::agents::write("creates a ClickPipe that ingests continuously into the service, billed while it runs (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    #[command(flatten)]
    pub source: KafkaSource,

    #[command(flatten)]
    pub destination: Destination,

    #[command(flatten)]
    pub tuning: Tuning,
}

/// The Kafka flags of `create kafka` and `schema-discover kafka`.
#[derive(Debug, clap::Args)]
pub struct KafkaSource {
    /// Bootstrap brokers, host:port[,host:port...]
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub brokers: Option<String>,

    /// Topics to read (comma-separated)
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub topics: Option<String>,

    /// Format of the messages (also --format)
    #[arg(long = "data-format", value_name = "FORMAT", required_unless_present = "file", conflicts_with = "file", value_parser = spec::values(&CP_POST_KAFKA_SOURCE, "format"))]
    pub data_format: Option<String>,

    /// Flavour of Kafka
    #[arg(long, default_value = "kafka", conflicts_with = "file", value_parser = spec::values(&CP_POST_KAFKA_SOURCE, "type"))]
    pub kafka_type: String,

    /// Consumer group [default: clickpipes-<ID>]
    #[arg(long, conflicts_with = "file")]
    pub consumer_group: Option<String>,

    /// Authentication [default: inferred from the credentials given, else PLAIN]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&CP_POST_KAFKA_SOURCE, "authentication"))]
    pub auth: Option<String>,

    /// SASL user name (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)
    #[arg(long, conflicts_with = "file")]
    pub username: Option<String>,

    /// SASL password; on the command line other local users can read it: prefer --password-stdin
    #[arg(long, env = "CLOUD_CLICKPIPE_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Read the SASL password from the first line of stdin
    #[arg(long)]
    pub password_stdin: bool,

    /// IAM role ARN (IAM_ROLE)
    #[arg(long, conflicts_with = "file")]
    pub iam_role: Option<String>,

    /// AWS access key ID (IAM_USER)
    #[arg(long, conflicts_with = "file")]
    pub access_key_id: Option<String>,

    /// AWS secret access key (IAM_USER); prefer --secret-key-stdin
    #[arg(long, env = "CLOUD_CLICKPIPE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Read the AWS secret access key from the first line of stdin
    #[arg(long)]
    pub secret_key_stdin: bool,

    /// Azure Event Hubs connection string (--kafka-type azureeventhub); prefer --connection-string-stdin
    #[arg(
        long,
        env = "CLOUD_CLICKPIPE_CONNECTION_STRING",
        hide_env_values = true
    )]
    pub connection_string: Option<String>,

    /// Read the Azure Event Hubs connection string from the first line of stdin
    #[arg(long)]
    pub connection_string_stdin: bool,

    /// Where to start: from_beginning, from_latest or from_timestamp [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&spec::CP_KAFKA_OFFSET, "strategy"))]
    pub offset: Option<String>,

    /// The timestamp of --offset from_timestamp
    #[arg(long, conflicts_with = "file")]
    pub offset_timestamp: Option<String>,

    /// Schema registry URL (Avro, Protobuf)
    #[arg(long, conflicts_with = "file")]
    pub schema_registry_url: Option<String>,

    /// Schema registry user name
    #[arg(long, conflicts_with = "file")]
    pub schema_registry_username: Option<String>,

    /// Schema registry password; prefer --schema-registry-password-stdin
    #[arg(
        long,
        env = "CLOUD_CLICKPIPE_SCHEMA_REGISTRY_PASSWORD",
        hide_env_values = true
    )]
    pub schema_registry_password: Option<String>,

    /// Read the schema registry password from the first line of stdin
    #[arg(long)]
    pub schema_registry_password_stdin: bool,

    /// CA certificate of the brokers: PEM text or a PEM file
    #[arg(long, conflicts_with = "file")]
    pub ca_certificate: Option<String>,

    /// Client certificate (MUTUAL_TLS): PEM text or a PEM file
    #[arg(long, conflicts_with = "file")]
    pub client_certificate: Option<String>,

    /// Client private key (MUTUAL_TLS): a PEM file (or PEM text, with a warning)
    #[arg(long, env = "CLOUD_CLICKPIPE_CLIENT_KEY", hide_env_values = true)]
    pub client_key: Option<String>,

    /// Read the client private key (PEM) from stdin
    #[arg(long)]
    pub client_key_stdin: bool,

    /// CA certificate of the schema registry: PEM text or a PEM file
    #[arg(long, conflicts_with = "file")]
    pub schema_registry_ca_certificate: Option<String>,

    /// Reverse private endpoint ID for a private connection (repeatable)
    #[arg(
        long = "reverse-private-endpoint-id",
        value_name = "REVERSE_PRIVATE_ENDPOINT_IDS",
        conflicts_with = "file"
    )]
    pub reverse_private_endpoint_ids: Vec<String>,

    /// Insert every record exactly once (only at creation)
    #[arg(long, conflicts_with = "file")]
    pub exactly_once: bool,
}

impl KafkaSource {
    pub fn secrets(&self, stdin: &Stdin, out: Output) -> Result<Secrets> {
        let mut secrets = Secrets::default();
        let password = Input::password(self.password.as_deref(), self.password_stdin);
        secrets.add(&["credentials", "password"], password.read(stdin, out)?);
        let secret_key = Input {
            flag: "--secret-key",
            env: "CLOUD_CLICKPIPE_SECRET_KEY",
            stdin_flag: "--secret-key-stdin",
            shape: Shape::Line,
            value: self.secret_key.as_deref(),
            from_stdin: self.secret_key_stdin,
        };
        secrets.add(&["credentials", "secretKey"], secret_key.read(stdin, out)?);
        let connection_string = Input {
            flag: "--connection-string",
            env: "CLOUD_CLICKPIPE_CONNECTION_STRING",
            stdin_flag: "--connection-string-stdin",
            shape: Shape::Line,
            value: self.connection_string.as_deref(),
            from_stdin: self.connection_string_stdin,
        };
        secrets.add(
            &["credentials", "connectionString"],
            connection_string.read(stdin, out)?,
        );
        let client_key = Input {
            flag: "--client-key",
            env: "CLOUD_CLICKPIPE_CLIENT_KEY",
            stdin_flag: "--client-key-stdin",
            shape: Shape::Whole,
            value: self.client_key.as_deref(),
            from_stdin: self.client_key_stdin,
        };
        secrets.add(
            &["credentials", "privateKey"],
            client_key.read_key(stdin, out)?,
        );
        let registry = Input {
            flag: "--schema-registry-password",
            env: "CLOUD_CLICKPIPE_SCHEMA_REGISTRY_PASSWORD",
            stdin_flag: "--schema-registry-password-stdin",
            shape: Shape::Line,
            value: self.schema_registry_password.as_deref(),
            from_stdin: self.schema_registry_password_stdin,
        };
        secrets.add(
            &["schemaRegistry", "credentials", "password"],
            registry.read(stdin, out)?,
        );
        Ok(secrets)
    }

    /// `source.kafka` from the flags; `secrets` only say which were given.
    pub fn build(&self, secrets: &Secrets) -> Result<Value> {
        let mut kafka = Map::new();
        kafka.insert("type".into(), json!(self.kafka_type));
        kafka.insert("format".into(), json!(self.data_format));
        kafka.insert("brokers".into(), json!(self.brokers));
        kafka.insert("topics".into(), json!(self.topics));
        if let Some(group) = &self.consumer_group {
            kafka.insert("consumerGroup".into(), json!(group));
        }
        let auth = self.auth.clone().unwrap_or_else(|| {
            if self.iam_role.is_some() {
                "IAM_ROLE"
            } else if self.access_key_id.is_some() {
                "IAM_USER"
            } else if self.client_certificate.is_some() {
                "MUTUAL_TLS"
            } else {
                "PLAIN"
            }
            .to_owned()
        });
        let needs = |what: bool, flag: &str| {
            if what {
                Ok(())
            } else {
                Err(Error::Usage(format!(
                    "--auth {auth} needs {flag}; nothing was sent"
                )))
            }
        };
        match auth.as_str() {
            "IAM_ROLE" => {
                needs(self.iam_role.is_some(), "--iam-role")?;
                kafka.insert("iamRole".into(), json!(self.iam_role));
            }
            "IAM_USER" => {
                needs(self.access_key_id.is_some(), "--access-key-id")?;
                needs(
                    secrets.has(&["credentials", "secretKey"]),
                    "the secret key (--secret-key-stdin or CLOUD_CLICKPIPE_SECRET_KEY)",
                )?;
                kafka.insert(
                    "credentials".into(),
                    json!({ "accessKeyId": self.access_key_id }),
                );
            }
            "MUTUAL_TLS" => {
                let certificate = secrets::certificate(
                    "--client-certificate",
                    self.client_certificate.as_deref(),
                )?;
                needs(certificate.is_some(), "--client-certificate")?;
                needs(
                    secrets.has(&["credentials", "privateKey"]),
                    "the client key (--client-key FILE, --client-key-stdin or CLOUD_CLICKPIPE_CLIENT_KEY)",
                )?;
                kafka.insert("credentials".into(), json!({ "certificate": certificate }));
            }
            _ if self.kafka_type == "azureeventhub" => {
                needs(
                    secrets.has(&["credentials", "connectionString"]),
                    "the connection string (--connection-string-stdin or CLOUD_CLICKPIPE_CONNECTION_STRING)",
                )?;
            }
            _ => {
                needs(self.username.is_some(), "--username")?;
                needs(
                    secrets.has(&["credentials", "password"]),
                    "the password (--password-stdin or CLOUD_CLICKPIPE_PASSWORD)",
                )?;
                kafka.insert("credentials".into(), json!({ "username": self.username }));
            }
        }
        kafka.insert("authentication".into(), json!(auth));
        if self.offset.is_some() || self.offset_timestamp.is_some() {
            let strategy = self.offset.as_deref().unwrap_or("from_timestamp");
            let mut offset = json!({ "strategy": strategy });
            if let Some(timestamp) = &self.offset_timestamp {
                offset["timestamp"] = json!(timestamp);
            }
            kafka.insert("offset".into(), offset);
        }
        match &self.schema_registry_url {
            Some(url) => {
                let mut registry = json!({ "url": url });
                if let Some(username) = &self.schema_registry_username {
                    registry["authentication"] = json!("PLAIN");
                    registry["credentials"] = json!({ "username": username });
                }
                if let Some(ca) = secrets::certificate(
                    "--schema-registry-ca-certificate",
                    self.schema_registry_ca_certificate.as_deref(),
                )? {
                    registry["caCertificate"] = json!(ca);
                }
                kafka.insert("schemaRegistry".into(), registry);
            }
            None => {
                if self.schema_registry_username.is_some()
                    || secrets.has(&["schemaRegistry", "credentials", "password"])
                {
                    return Err(Error::Usage(
                        "the schema registry's credentials need --schema-registry-url; nothing \
                         was sent"
                            .into(),
                    ));
                }
            }
        }
        if let Some(ca) = secrets::certificate("--ca-certificate", self.ca_certificate.as_deref())?
        {
            kafka.insert("caCertificate".into(), json!(ca));
        }
        if !self.reverse_private_endpoint_ids.is_empty() {
            kafka.insert(
                "reversePrivateEndpointIds".into(),
                json!(self.reverse_private_endpoint_ids),
            );
        }
        if self.exactly_once {
            kafka.insert("exactlyOnce".into(), json!(true));
        }
        Ok(Value::Object(kafka))
    }
}

impl Source for Args {
    const KIND: Kind = Kind::Kafka;

    fn common(self) -> Common {
        self.common
    }

    fn common_ref(&self) -> &Common {
        &self.common
    }

    fn secrets(&self, stdin: &Stdin, out: Output) -> Result<Secrets> {
        self.source.secrets(stdin, out)
    }

    fn build(&self, body: &mut Map<String, Value>, secrets: &Secrets) -> Result<()> {
        body.insert(
            "source".into(),
            json!({ "kafka": self.source.build(secrets)? }),
        );
        self.destination.add_to(body);
        self.tuning.add_to(body);
        Ok(())
    }
}
