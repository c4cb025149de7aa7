//! `cloud clickpipe create postgres <SERVICE>`: Postgres CDC.

use serde_json::{Map, Value, json};

use super::spec::{self, CP_MUTATE_POSTGRES_SOURCE as SCHEMA};
use super::table_mapping::{self, TableMapping};
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{self, Input, Stdin};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--table-mapping SCHEMA.TABLE[:TARGET_TABLE] (repeatable) names each table to replicate and \
the ClickHouse table it lands in (by default the source table's name), in --database. The \
password comes from --password-stdin or CLOUD_CLICKPIPE_PASSWORD (--password works, with a \
warning); --auth IAM_ROLE (RDS, Aurora) takes --iam-role instead. The body is checked against \
the API's schema before sending (exit 2 naming the field).\n\n\
Examples:\n  \
printf '%s\\n' \"$PG_PASSWORD\" | cloud clickpipe create postgres analytics --name orders-cdc \\\n    \
--host db.example.com --pg-database shop --username clickpipes --password-stdin \\\n    \
--table-mapping public.orders --table-mapping public.customers:shop_customers --wait\n  \
cloud clickpipe create postgres analytics --name orders-cdc --postgres-type aurorapostgres \\\n    \
--host db.cluster.example.com --pg-database shop --username clickpipes --auth IAM_ROLE \\\n    \
--iam-role arn:aws:iam::123456789012:role/clickpipes --table-mapping public.orders --dry-run\n  \
CLOUD_CLICKPIPE_PASSWORD=\"$PG_PASSWORD\" cloud clickpipe create postgres analytics --file pipe.json",
    crate::commands::agents::write("creates a ClickPipe that replicates the tables into the service, billed while it runs (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    /// Host name of the Postgres server
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub host: Option<String>,

    /// Port of the Postgres server
    #[arg(long, default_value_t = 5432, conflicts_with = "file")]
    pub port: i64,

    /// Postgres database to replicate from
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub pg_database: Option<String>,

    /// Postgres user
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub username: Option<String>,

    /// Postgres password; on the command line other local users can read it: prefer --password-stdin
    #[arg(long, env = "CLOUD_CLICKPIPE_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Read the Postgres password from the first line of stdin
    #[arg(long)]
    pub password_stdin: bool,

    /// A table to replicate, SCHEMA.TABLE[:TARGET_TABLE] (repeatable)
    #[arg(long = "table-mapping", value_name = "TABLE_MAPPINGS", value_parser = table_mapping::parse, required_unless_present = "file", conflicts_with = "file")]
    pub table_mappings: Vec<TableMapping>,

    /// Engine of the ClickHouse tables [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&spec::CP_POSTGRES_PIPE_TABLE_MAPPING, "tableEngine"))]
    pub table_engine: Option<String>,

    /// Kind of Postgres [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&SCHEMA, "type"))]
    pub postgres_type: Option<String>,

    /// cdc (snapshot, then changes), snapshot (once) or cdc_only (changes from now)
    #[arg(long, default_value = "cdc", conflicts_with = "file", value_parser = spec::values(&spec::CP_POSTGRES_PIPE_SETTINGS, "replicationMode"))]
    pub replication_mode: String,

    /// Authentication: basic (password) or IAM_ROLE
    #[arg(long, default_value = "basic", conflicts_with = "file", value_parser = spec::values(&SCHEMA, "authentication"))]
    pub auth: String,

    /// IAM role ARN (--auth IAM_ROLE)
    #[arg(long, conflicts_with = "file")]
    pub iam_role: Option<String>,

    /// Host name the server's TLS certificate names, if not --host
    #[arg(long, conflicts_with = "file")]
    pub tls_host: Option<String>,

    /// CA certificate of the server: PEM text or a PEM file
    #[arg(long, conflicts_with = "file")]
    pub ca_certificate: Option<String>,

    /// Publication to replicate [default: one ClickPipes creates]
    #[arg(long, conflicts_with = "file")]
    pub publication_name: Option<String>,

    /// Replication slot [default: one ClickPipes creates]
    #[arg(long, conflicts_with = "file")]
    pub replication_slot_name: Option<String>,

    /// ClickHouse database of the replicated tables
    #[arg(long, default_value = "default", conflicts_with = "file")]
    pub database: String,

    #[command(flatten)]
    pub tuning: Tuning,
}

impl Source for Args {
    const KIND: Kind = Kind::Postgres;

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
        let mut source = Map::new();
        if let Some(kind) = &self.postgres_type {
            source.insert("type".into(), json!(kind));
        }
        source.insert("host".into(), json!(self.host));
        source.insert("port".into(), json!(self.port));
        source.insert("database".into(), json!(self.pg_database));
        source.insert("authentication".into(), json!(self.auth));
        database_auth(&mut source, &self.auth, self.iam_role.as_deref(), secrets)?;
        source.insert("credentials".into(), json!({ "username": self.username }));
        tls(
            &mut source,
            self.tls_host.as_deref(),
            self.ca_certificate.as_deref(),
        )?;
        let mut settings = json!({ "replicationMode": self.replication_mode });
        if let Some(publication) = &self.publication_name {
            settings["publicationName"] = json!(publication);
        }
        if let Some(slot) = &self.replication_slot_name {
            settings["replicationSlotName"] = json!(slot);
        }
        source.insert("settings".into(), settings);
        source.insert(
            "tableMappings".into(),
            table_mapping::to_json(
                &self.table_mappings,
                table_mapping::POSTGRES,
                self.table_engine.as_deref(),
            ),
        );
        body.insert("source".into(), json!({ "postgres": source }));
        body.insert("destination".into(), json!({ "database": self.database }));
        self.tuning.add_to(body);
        Ok(())
    }
}

/// basic needs the password; IAM_ROLE needs the role (Postgres and MySQL).
pub fn database_auth(
    source: &mut Map<String, Value>,
    auth: &str,
    iam_role: Option<&str>,
    secrets: &Secrets,
) -> Result<()> {
    if auth == "IAM_ROLE" {
        let Some(role) = iam_role else {
            return Err(Error::Usage(
                "--auth IAM_ROLE needs --iam-role; nothing was sent".into(),
            ));
        };
        source.insert("iamRole".into(), json!(role));
    } else if !secrets.has(&["credentials", "password"]) {
        return Err(Error::Usage(
            "the password is missing: pipe it with --password-stdin or set \
             CLOUD_CLICKPIPE_PASSWORD (or use --auth IAM_ROLE); nothing was sent"
                .into(),
        ));
    }
    Ok(())
}

/// `tlsHost` and `caCertificate`, when given.
pub fn tls(
    source: &mut Map<String, Value>,
    tls_host: Option<&str>,
    ca_certificate: Option<&str>,
) -> Result<()> {
    if let Some(host) = tls_host {
        source.insert("tlsHost".into(), json!(host));
    }
    if let Some(ca) = secrets::certificate("--ca-certificate", ca_certificate)? {
        source.insert("caCertificate".into(), json!(ca));
    }
    Ok(())
}
