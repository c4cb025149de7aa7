//! `cloud clickpipe create object-storage <SERVICE>`

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::spec::{self, CP_POST_OBJECT_STORAGE_SOURCE as SCHEMA};
use super::streaming::Destination;
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{self, Input, Shape, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Authentication (--auth) defaults to what the credentials given say: IAM_ROLE with \
--iam-role, IAM_USER with --access-key-id (S3, GCS HMAC, DigitalOcean Spaces), CONNECTION_STRING \
with a connection string (Azure), SERVICE_ACCOUNT with a service account key (GCS), else none \
(a public bucket). Secrets never need the command line: --secret-key-stdin or \
CLOUD_CLICKPIPE_SECRET_KEY, --connection-string-stdin or CLOUD_CLICKPIPE_CONNECTION_STRING, \
--service-account-file FILE (`-` for stdin) or CLOUD_CLICKPIPE_SERVICE_ACCOUNT (the JSON key). \
The body is checked against the API's schema before sending (exit 2 naming the field).\n\n\
Examples:\n  \
cloud clickpipe create object-storage analytics --name logs \\\n    \
--source-url 'https://my-bucket.s3.amazonaws.com/logs/*.json.gz' --format JSONEachRow \\\n    \
--iam-role arn:aws:iam::123456789012:role/clickpipes --continuous \\\n    \
--table logs --column ts:DateTime --column message:String --wait\n  \
cloud clickpipe create object-storage analytics --name events --storage-type gcs \\\n    \
--source-url 'https://storage.googleapis.com/my-bucket/events/*.parquet' --format Parquet \\\n    \
--service-account-file key.json --table events --column id:UInt64 --dry-run",
    crate::commands::agents::write("creates a ClickPipe that ingests the files into the service (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    /// URL of the files, wildcards allowed (not for Azure, which takes --azure-container-name and --path)
    #[arg(long, conflicts_with = "file")]
    pub source_url: Option<String>,

    /// Format of the files (also --format)
    #[arg(long = "data-format", value_name = "FORMAT", required_unless_present = "file", conflicts_with = "file", value_parser = spec::values(&SCHEMA, "format"))]
    pub data_format: Option<String>,

    /// Kind of object storage
    #[arg(long, default_value = "s3", conflicts_with = "file", value_parser = spec::values(&SCHEMA, "type"))]
    pub storage_type: String,

    /// Compression of the files [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&SCHEMA, "compression"))]
    pub compression: Option<String>,

    /// Keep reading new files (uploaded in lexical order, or announced on --queue-url)
    #[arg(long, conflicts_with = "file")]
    pub continuous: bool,

    /// SQS queue URL (S3) or Pub/Sub subscription (GCS) announcing new files
    #[arg(long, conflicts_with = "file")]
    pub queue_url: Option<String>,

    /// Ingest only the files announced on --queue-url, not the existing ones
    #[arg(long, conflicts_with = "file")]
    pub skip_initial_load: bool,

    /// Skip the files up to and including this key during the initial load
    #[arg(long, conflicts_with = "file")]
    pub start_after: Option<String>,

    /// Field delimiter of CSV files
    #[arg(long, conflicts_with = "file")]
    pub delimiter: Option<String>,

    /// Authentication [default: inferred from the credentials given, else none]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&SCHEMA, "authentication"))]
    pub auth: Option<String>,

    /// IAM role ARN (IAM_ROLE, S3)
    #[arg(long, conflicts_with = "file")]
    pub iam_role: Option<String>,

    /// Access key ID (IAM_USER)
    #[arg(long, conflicts_with = "file")]
    pub access_key_id: Option<String>,

    /// Secret access key (IAM_USER); prefer --secret-key-stdin
    #[arg(long, env = "CLOUD_CLICKPIPE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Read the secret access key from the first line of stdin
    #[arg(long)]
    pub secret_key_stdin: bool,

    /// Azure Blob Storage connection string; prefer --connection-string-stdin
    #[arg(
        long,
        env = "CLOUD_CLICKPIPE_CONNECTION_STRING",
        hide_env_values = true
    )]
    pub connection_string: Option<String>,

    /// Read the Azure connection string from the first line of stdin
    #[arg(long)]
    pub connection_string_stdin: bool,

    /// Azure container
    #[arg(long, conflicts_with = "file")]
    pub azure_container_name: Option<String>,

    /// Path of the files in the Azure container, wildcards allowed
    #[arg(long, conflicts_with = "file")]
    pub path: Option<String>,

    /// Google Cloud service account JSON key file (SERVICE_ACCOUNT, GCS); `-` for stdin
    #[arg(long, value_name = "SERVICE_ACCOUNT_FILE")]
    pub service_account_file: Option<PathBuf>,

    #[command(flatten)]
    pub destination: Destination,

    #[command(flatten)]
    pub tuning: Tuning,
}

impl Source for Args {
    const KIND: Kind = Kind::ObjectStorage;

    fn common(self) -> Common {
        self.common
    }

    fn common_ref(&self) -> &Common {
        &self.common
    }

    fn secrets(&self, stdin: &Stdin, out: Output) -> Result<Secrets> {
        let mut secrets = Secrets::default();
        let secret_key = Input {
            flag: "--secret-key",
            env: "CLOUD_CLICKPIPE_SECRET_KEY",
            stdin_flag: "--secret-key-stdin",
            shape: Shape::Line,
            value: self.secret_key.as_deref(),
            from_stdin: self.secret_key_stdin,
        };
        secrets.add(&["accessKey", "secretKey"], secret_key.read(stdin, out)?);
        let connection_string = Input {
            flag: "--connection-string",
            env: "CLOUD_CLICKPIPE_CONNECTION_STRING",
            stdin_flag: "--connection-string-stdin",
            shape: Shape::Line,
            value: self.connection_string.as_deref(),
            from_stdin: self.connection_string_stdin,
        };
        secrets.add(&["connectionString"], connection_string.read(stdin, out)?);
        secrets.add(
            &["serviceAccountKey"],
            secrets::service_account(
                "--service-account-file",
                "CLOUD_CLICKPIPE_SERVICE_ACCOUNT",
                self.service_account_file.as_deref(),
                stdin,
            )?,
        );
        Ok(secrets)
    }

    fn build(&self, body: &mut Map<String, Value>, secrets: &Secrets) -> Result<()> {
        let mut source = Map::new();
        source.insert("type".into(), json!(self.storage_type));
        source.insert("format".into(), json!(self.data_format));
        let azure = self.storage_type == "azureblobstorage";
        match &self.source_url {
            Some(url) => {
                source.insert("url".into(), json!(url));
            }
            None if !azure => {
                return Err(Error::Usage(format!(
                    "--storage-type {} needs --source-url; nothing was sent",
                    self.storage_type
                )));
            }
            None => {}
        }
        let optional = [
            ("delimiter", &self.delimiter),
            ("compression", &self.compression),
            ("queueUrl", &self.queue_url),
            ("startAfter", &self.start_after),
            ("iamRole", &self.iam_role),
            ("azureContainerName", &self.azure_container_name),
            ("path", &self.path),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                source.insert(field.into(), json!(value));
            }
        }
        if self.continuous {
            source.insert("isContinuous".into(), json!(true));
        }
        if self.skip_initial_load {
            source.insert("skipInitialLoad".into(), json!(true));
        }
        let auth = self.auth.clone().or_else(|| {
            if self.iam_role.is_some() {
                Some("IAM_ROLE".into())
            } else if self.access_key_id.is_some() {
                Some("IAM_USER".into())
            } else if secrets.has(&["connectionString"]) {
                Some("CONNECTION_STRING".into())
            } else if secrets.has(&["serviceAccountKey"]) {
                Some("SERVICE_ACCOUNT".into())
            } else {
                None
            }
        });
        let lacking = match auth.as_deref() {
            Some("IAM_ROLE") if self.iam_role.is_none() => Some("--iam-role"),
            Some("IAM_USER")
                if self.access_key_id.is_none() || !secrets.has(&["accessKey", "secretKey"]) =>
            {
                Some(
                    "--access-key-id and the secret key (--secret-key-stdin or CLOUD_CLICKPIPE_SECRET_KEY)",
                )
            }
            Some("CONNECTION_STRING") if !secrets.has(&["connectionString"]) => Some(
                "the connection string (--connection-string-stdin or CLOUD_CLICKPIPE_CONNECTION_STRING)",
            ),
            Some("SERVICE_ACCOUNT") if !secrets.has(&["serviceAccountKey"]) => {
                Some("--service-account-file or CLOUD_CLICKPIPE_SERVICE_ACCOUNT")
            }
            _ => None,
        };
        if let (Some(auth), Some(lacking)) = (&auth, lacking) {
            return Err(Error::Usage(format!(
                "--auth {auth} needs {lacking}; nothing was sent"
            )));
        }
        if let Some(auth) = auth {
            source.insert("authentication".into(), json!(auth));
        }
        if let Some(id) = &self.access_key_id {
            source.insert("accessKey".into(), json!({ "accessKeyId": id }));
        }
        body.insert("source".into(), json!({ "objectStorage": source }));
        self.destination.add_to(body);
        self.tuning.add_to(body);
        Ok(())
    }
}
