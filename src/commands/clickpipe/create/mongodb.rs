//! `cloud clickpipe create mongodb <SERVICE>`: MongoDB CDC.

use serde_json::{Map, Value, json};

use super::postgres::tls;
use super::spec::{self, CP_MUTATE_MONGODB_SOURCE as SCHEMA};
use super::table_mapping::{self, TableMapping};
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{Input, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--table-mapping DATABASE.COLLECTION[:TARGET_TABLE] (repeatable) names each collection to \
replicate and the ClickHouse table it lands in (by default the collection's name), in \
--database. The password comes from --password-stdin or CLOUD_CLICKPIPE_PASSWORD (--password \
works, with a warning); keep it out of --uri. The body is checked against the API's schema \
before sending (exit 2 naming the field).\n\n\
Examples:\n  \
printf '%s\\n' \"$MONGO_PASSWORD\" | cloud clickpipe create mongodb analytics --name app-cdc \\\n    \
--uri mongodb+srv://cluster0.example.mongodb.net --username clickpipes --password-stdin \\\n    \
--table-mapping app.users --table-mapping app.orders:app_orders --wait",
    crate::commands::agents::write("creates a ClickPipe that replicates the collections into the service, billed while it runs (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    /// Connection URI (mongodb:// or mongodb+srv://), without the password
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub uri: Option<String>,

    /// MongoDB user
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub username: Option<String>,

    /// MongoDB password; on the command line other local users can read it: prefer --password-stdin
    #[arg(long, env = "CLOUD_CLICKPIPE_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Read the MongoDB password from the first line of stdin
    #[arg(long)]
    pub password_stdin: bool,

    /// A collection to replicate, DATABASE.COLLECTION[:TARGET_TABLE] (repeatable)
    #[arg(long = "table-mapping", value_name = "TABLE_MAPPINGS", value_parser = table_mapping::parse, required_unless_present = "file", conflicts_with = "file")]
    pub table_mappings: Vec<TableMapping>,

    /// Engine of the ClickHouse tables [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&spec::CP_MONGODB_PIPE_TABLE_MAPPING, "tableEngine"))]
    pub table_engine: Option<String>,

    /// cdc (snapshot, then changes), snapshot (once) or cdc_only (changes from now)
    #[arg(long, default_value = "cdc", conflicts_with = "file", value_parser = spec::values(&spec::CP_MONGODB_PIPE_SETTINGS, "replicationMode"))]
    pub replication_mode: String,

    /// Read preference of the replica set
    #[arg(long, default_value = "secondaryPreferred", conflicts_with = "file", value_parser = spec::values(&SCHEMA, "readPreference"))]
    pub read_preference: String,

    /// Host name the server's TLS certificate names
    #[arg(long, conflicts_with = "file")]
    pub tls_host: Option<String>,

    /// CA certificate of the server: PEM text or a PEM file
    #[arg(long, conflicts_with = "file")]
    pub ca_certificate: Option<String>,

    /// Connect without TLS
    #[arg(long, conflicts_with = "file")]
    pub disable_tls: bool,

    /// ClickHouse database of the replicated collections
    #[arg(long, default_value = "default", conflicts_with = "file")]
    pub database: String,

    #[command(flatten)]
    pub tuning: Tuning,
}

impl Source for Args {
    const KIND: Kind = Kind::Mongodb;

    fn common(self) -> Common {
        self.common
    }

    fn common_ref(&self) -> &Common {
        &self.common
    }

    fn secrets(&self, stdin: &Stdin, out: Output) -> Result<Secrets> {
        let mut secrets = Secrets::default();
        let password = Input::password(self.password.as_deref(), self.password_stdin);
        secrets.add(&["credentials", "password"], password.read(stdin, out)?);
        Ok(secrets)
    }

    fn build(&self, body: &mut Map<String, Value>, secrets: &Secrets) -> Result<()> {
        if !secrets.has(&["credentials", "password"]) {
            return Err(Error::Usage(
                "the password is missing: pipe it with --password-stdin or set \
                 CLOUD_CLICKPIPE_PASSWORD; nothing was sent"
                    .into(),
            ));
        }
        let mut source = Map::new();
        source.insert("uri".into(), json!(self.uri));
        source.insert("credentials".into(), json!({ "username": self.username }));
        source.insert("readPreference".into(), json!(self.read_preference));
        tls(
            &mut source,
            self.tls_host.as_deref(),
            self.ca_certificate.as_deref(),
        )?;
        if self.disable_tls {
            source.insert("disableTls".into(), json!(true));
        }
        source.insert(
            "settings".into(),
            json!({ "replicationMode": self.replication_mode }),
        );
        source.insert(
            "tableMappings".into(),
            table_mapping::to_json(
                &self.table_mappings,
                table_mapping::MONGODB,
                self.table_engine.as_deref(),
            ),
        );
        body.insert("source".into(), json!({ "mongodb": source }));
        body.insert("destination".into(), json!({ "database": self.database }));
        self.tuning.add_to(body);
        Ok(())
    }
}
