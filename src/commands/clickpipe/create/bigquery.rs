//! `cloud clickpipe create bigquery <SERVICE>`: a snapshot of BigQuery tables.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::spec;
use super::table_mapping::{self, TableMapping};
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{self, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--table-mapping DATASET.TABLE[:TARGET_TABLE] (repeatable) names each BigQuery table to copy \
and the ClickHouse table it lands in (by default the source table's name), in --database. The \
service account key comes from --service-account-file FILE (`-` for stdin) or \
CLOUD_CLICKPIPE_SERVICE_ACCOUNT (the JSON key). The body is checked against the API's schema \
before sending (exit 2 naming the field).\n\n\
Examples:\n  \
cloud clickpipe create bigquery analytics --name warehouse --service-account-file key.json \\\n    \
--staging-path gs://my-bucket/staging/ --table-mapping sales.orders \\\n    \
--table-mapping sales.customers:bq_customers --wait",
    crate::commands::agents::write("creates a ClickPipe that copies the tables into the service (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    /// Google Cloud service account JSON key file; `-` for stdin
    #[arg(long, value_name = "SERVICE_ACCOUNT_FILE")]
    pub service_account_file: Option<PathBuf>,

    /// GCS path for staging the snapshot, e.g. gs://my-bucket/staging/
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub staging_path: Option<String>,

    /// A table to copy, DATASET.TABLE[:TARGET_TABLE] (repeatable)
    #[arg(long = "table-mapping", value_name = "TABLE_MAPPINGS", value_parser = table_mapping::parse, required_unless_present = "file", conflicts_with = "file")]
    pub table_mappings: Vec<TableMapping>,

    /// Engine of the ClickHouse tables [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&spec::CP_BIGQUERY_PIPE_TABLE_MAPPING, "tableEngine"))]
    pub table_engine: Option<String>,

    /// ClickHouse database of the copied tables
    #[arg(long, default_value = "default", conflicts_with = "file")]
    pub database: String,

    #[command(flatten)]
    pub tuning: Tuning,
}

impl Source for Args {
    const KIND: Kind = Kind::Bigquery;

    fn common(self) -> Common {
        self.common
    }

    fn common_ref(&self) -> &Common {
        &self.common
    }

    fn secrets(&self, stdin: &Stdin, _out: Output) -> Result<Secrets> {
        let mut secrets = Secrets::default();
        secrets.add(
            &["credentials", "serviceAccountFile"],
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
        if !secrets.has(&["credentials", "serviceAccountFile"]) {
            return Err(Error::Usage(
                "a BigQuery pipe needs a service account key: --service-account-file FILE or \
                 CLOUD_CLICKPIPE_SERVICE_ACCOUNT; nothing was sent"
                    .into(),
            ));
        }
        let source = json!({
            "snapshotStagingPath": self.staging_path,
            "settings": { "replicationMode": "snapshot" },
            "tableMappings": table_mapping::to_json(
                &self.table_mappings,
                table_mapping::BIGQUERY,
                self.table_engine.as_deref(),
            ),
        });
        body.insert("source".into(), json!({ "bigquery": source }));
        body.insert("destination".into(), json!({ "database": self.database }));
        self.tuning.add_to(body);
        Ok(())
    }
}
