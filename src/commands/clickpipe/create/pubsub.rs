//! `cloud clickpipe create pubsub <SERVICE>` (Google Cloud Pub/Sub, a limited preview).

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::spec::{self, CP_POST_PUBSUB_SOURCE as SCHEMA};
use super::streaming::Destination;
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{self, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Pub/Sub ClickPipes are a limited preview: support enables them per organization. The \
service account key comes from --service-account-file FILE (`-` for stdin) or \
CLOUD_CLICKPIPE_SERVICE_ACCOUNT (the JSON key), never the command line. The body is checked \
against the API's schema before sending (exit 2 naming the field).\n\n\
Examples:\n  \
cloud clickpipe create pubsub analytics --name events --project-id my-project --topic events \\\n    \
--format JSONEachRow --service-account-file key.json --seek-type earliest \\\n    \
--table events --column id:UInt64 --column payload:String --wait",
    crate::commands::agents::write("creates a ClickPipe that ingests continuously into the service, billed while it runs (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    /// Google Cloud project that owns the topic
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub project_id: Option<String>,

    /// Topic name (not the full path)
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub topic: Option<String>,

    /// Format of the messages (also --format)
    #[arg(long = "data-format", value_name = "FORMAT", required_unless_present = "file", conflicts_with = "file", value_parser = spec::values(&SCHEMA, "format"))]
    pub data_format: Option<String>,

    /// Where to start
    #[arg(long, default_value = "latest", conflicts_with = "file", value_parser = spec::values(&SCHEMA, "seekType"))]
    pub seek_type: String,

    /// The RFC 3339 date-time of --seek-type timestamp
    #[arg(long, conflicts_with = "file")]
    pub seek_timestamp: Option<String>,

    /// Subscription filter (CEL, at most 256 characters)
    #[arg(long, conflicts_with = "file")]
    pub filter: Option<String>,

    /// Ordered delivery (messages need ordering keys)
    #[arg(long, conflicts_with = "file")]
    pub enable_ordering: bool,

    /// Acknowledgement deadline in seconds (10-600)
    #[arg(long, value_name = "SECONDS", conflicts_with = "file")]
    pub ack_deadline: Option<i64>,

    /// Google Cloud service account JSON key file; `-` for stdin
    #[arg(long, value_name = "SERVICE_ACCOUNT_FILE")]
    pub service_account_file: Option<PathBuf>,

    #[command(flatten)]
    pub destination: Destination,

    #[command(flatten)]
    pub tuning: Tuning,
}

impl Source for Args {
    const KIND: Kind = Kind::Pubsub;

    fn common(self) -> Common {
        self.common
    }

    fn common_ref(&self) -> &Common {
        &self.common
    }

    fn secrets(&self, stdin: &Stdin, _out: Output) -> Result<Secrets> {
        let mut secrets = Secrets::default();
        secrets.add(
            &["serviceAccountKey", "serviceAccountFile"],
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
        if !secrets.has(&["serviceAccountKey", "serviceAccountFile"]) {
            return Err(Error::Usage(
                "a Pub/Sub pipe needs a service account key: --service-account-file FILE or \
                 CLOUD_CLICKPIPE_SERVICE_ACCOUNT; nothing was sent"
                    .into(),
            ));
        }
        let mut source = Map::new();
        source.insert("format".into(), json!(self.data_format));
        source.insert("projectId".into(), json!(self.project_id));
        source.insert("topic".into(), json!(self.topic));
        source.insert("authentication".into(), json!("SERVICE_ACCOUNT"));
        source.insert("seekType".into(), json!(self.seek_type));
        if let Some(timestamp) = &self.seek_timestamp {
            source.insert("seekTimestamp".into(), json!(timestamp));
        }
        if let Some(filter) = &self.filter {
            source.insert("filter".into(), json!(filter));
        }
        if self.enable_ordering {
            source.insert("enableOrdering".into(), json!(true));
        }
        if let Some(deadline) = self.ack_deadline {
            source.insert("ackDeadline".into(), json!(deadline));
        }
        body.insert("source".into(), json!({ "pubsub": source }));
        self.destination.add_to(body);
        self.tuning.add_to(body);
        Ok(())
    }
}
