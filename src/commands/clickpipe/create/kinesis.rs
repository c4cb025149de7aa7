//! `cloud clickpipe create kinesis <SERVICE>`, and the Kinesis source flags that
//! `schema-discover kinesis` shares.

use serde_json::{Map, Value, json};

use super::spec::{self, CP_POST_KINESIS_SOURCE};
use super::streaming::Destination;
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{Input, Shape, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Authentication (--auth) is IAM_ROLE with --iam-role, else IAM_USER (--access-key-id, and \
the secret key from --secret-key-stdin or CLOUD_CLICKPIPE_SECRET_KEY; --secret-key works, with a \
warning). The body is checked against the API's schema before sending (exit 2 naming the field).\n\n\
Examples:\n  \
cloud clickpipe create kinesis analytics --name clicks --stream-name clicks --region us-east-1 \\\n    \
--format JSONEachRow --iam-role arn:aws:iam::123456789012:role/clickpipes \\\n    \
--table clicks --column url:String --column ts:DateTime --wait\n  \
printf '%s\\n' \"$AWS_SECRET_ACCESS_KEY\" | cloud clickpipe create kinesis analytics --name clicks \\\n    \
--stream-name clicks --region eu-west-1 --format JSONEachRow --access-key-id AKIAEXAMPLE \\\n    \
--secret-key-stdin --iterator-type LATEST --table clicks --column url:String",
    crate::commands::agents::write("creates a ClickPipe that ingests continuously into the service, billed while it runs (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    #[command(flatten)]
    pub source: KinesisSource,

    #[command(flatten)]
    pub destination: Destination,

    #[command(flatten)]
    pub tuning: Tuning,
}

/// The Kinesis flags of `create kinesis` and `schema-discover kinesis`.
#[derive(Debug, clap::Args)]
pub struct KinesisSource {
    /// Name of the Kinesis stream
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub stream_name: Option<String>,

    /// AWS region of the stream, e.g. us-east-1
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub region: Option<String>,

    /// Format of the records (also --format)
    #[arg(long = "data-format", value_name = "FORMAT", required_unless_present = "file", conflicts_with = "file", value_parser = spec::values(&CP_POST_KINESIS_SOURCE, "format"))]
    pub data_format: Option<String>,

    /// Authentication [default: IAM_ROLE with --iam-role, else IAM_USER]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&CP_POST_KINESIS_SOURCE, "authentication"))]
    pub auth: Option<String>,

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

    /// Where to start reading
    #[arg(long, default_value = "TRIM_HORIZON", conflicts_with = "file", value_parser = spec::values(&CP_POST_KINESIS_SOURCE, "iteratorType"))]
    pub iterator_type: String,

    /// Start of AT_TIMESTAMP: UNIX seconds or an RFC 3339 date-time
    #[arg(long, conflicts_with = "file", value_parser = unix_seconds)]
    pub iterator_timestamp: Option<i64>,

    /// Use enhanced fan-out
    #[arg(long, conflicts_with = "file")]
    pub enhanced_fan_out: bool,
}

fn unix_seconds(value: &str) -> std::result::Result<i64, String> {
    if let Ok(seconds) = value.parse::<i64>() {
        return Ok(seconds);
    }
    value
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| {
            "expected UNIX seconds or an RFC 3339 date-time such as 2026-01-31T12:00:00Z".into()
        })
}

impl KinesisSource {
    pub fn secrets(&self, stdin: &Stdin, out: Output) -> Result<Secrets> {
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
        Ok(secrets)
    }

    pub fn build(&self, secrets: &Secrets) -> Result<Value> {
        let mut kinesis = Map::new();
        kinesis.insert("format".into(), json!(self.data_format));
        kinesis.insert("streamName".into(), json!(self.stream_name));
        kinesis.insert("region".into(), json!(self.region));
        kinesis.insert("iteratorType".into(), json!(self.iterator_type));
        if let Some(timestamp) = self.iterator_timestamp {
            kinesis.insert("timestamp".into(), json!(timestamp));
        } else if self.iterator_type == "AT_TIMESTAMP" {
            return Err(Error::Usage(
                "--iterator-type AT_TIMESTAMP needs --iterator-timestamp; nothing was sent".into(),
            ));
        }
        if self.enhanced_fan_out {
            kinesis.insert("useEnhancedFanOut".into(), json!(true));
        }
        let auth = self.auth.clone().unwrap_or_else(|| {
            if self.iam_role.is_some() {
                "IAM_ROLE"
            } else {
                "IAM_USER"
            }
            .to_owned()
        });
        if auth == "IAM_ROLE" {
            let Some(role) = &self.iam_role else {
                return Err(Error::Usage(
                    "--auth IAM_ROLE needs --iam-role; nothing was sent".into(),
                ));
            };
            kinesis.insert("iamRole".into(), json!(role));
        } else {
            if self.access_key_id.is_none() || !secrets.has(&["accessKey", "secretKey"]) {
                return Err(Error::Usage(
                    "--auth IAM_USER needs --access-key-id and the secret key \
                     (--secret-key-stdin or CLOUD_CLICKPIPE_SECRET_KEY), or give --iam-role; \
                     nothing was sent"
                        .into(),
                ));
            }
            kinesis.insert(
                "accessKey".into(),
                json!({ "accessKeyId": self.access_key_id }),
            );
        }
        kinesis.insert("authentication".into(), json!(auth));
        Ok(Value::Object(kinesis))
    }
}

impl Source for Args {
    const KIND: Kind = Kind::Kinesis;

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
            json!({ "kinesis": self.source.build(secrets)? }),
        );
        self.destination.add_to(body);
        self.tuning.add_to(body);
        Ok(())
    }
}
