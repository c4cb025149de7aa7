//! `cloud clickpipe create mysql <SERVICE>`: MySQL and MariaDB CDC.

use serde_json::{Map, Value, json};

use super::postgres::{database_auth, tls};
use super::spec::{self, CP_MUTATE_MYSQL_SOURCE as SCHEMA};
use super::table_mapping::{self, TableMapping};
use super::{Common, Kind, Secrets, Source, Tuning};
use crate::commands::clickpipe::secrets::{Input, Stdin};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--table-mapping DATABASE.TABLE[:TARGET_TABLE] (repeatable) names each MySQL table to \
replicate and the ClickHouse table it lands in (by default the source table's name), in \
--database. The password comes from --password-stdin or CLOUD_CLICKPIPE_PASSWORD (--password \
works, with a warning). The body is checked against the API's schema before sending (exit 2 \
naming the field).\n\n\
Examples:\n  \
printf '%s\\n' \"$MYSQL_PASSWORD\" | cloud clickpipe create mysql analytics --name shop-cdc \\\n    \
--host mysql.example.com --username clickpipes --password-stdin \\\n    \
--table-mapping shop.orders --table-mapping shop.customers:shop_customers --wait\n  \
cloud clickpipe create mysql analytics --name shop-cdc --mysql-type rdsmysql --host db.example.com \\\n    \
--username clickpipes --auth IAM_ROLE --iam-role arn:aws:iam::123456789012:role/clickpipes \\\n    \
--replication-mechanism GTID --table-mapping shop.orders --dry-run",
    crate::commands::agents::write("creates a ClickPipe that replicates the tables into the service, billed while it runs (POST clickPipeCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub common: Common,

    /// Host name of the MySQL server
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub host: Option<String>,

    /// Port of the MySQL server
    #[arg(long, default_value_t = 3306, conflicts_with = "file")]
    pub port: i64,

    /// MySQL user
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub username: Option<String>,

    /// MySQL password; on the command line other local users can read it: prefer --password-stdin
    #[arg(long, env = "CLOUD_CLICKPIPE_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Read the MySQL password from the first line of stdin
    #[arg(long)]
    pub password_stdin: bool,

    /// A table to replicate, DATABASE.TABLE[:TARGET_TABLE] (repeatable)
    #[arg(long = "table-mapping", value_name = "TABLE_MAPPINGS", value_parser = table_mapping::parse, required_unless_present = "file", conflicts_with = "file")]
    pub table_mappings: Vec<TableMapping>,

    /// Engine of the ClickHouse tables [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&spec::CP_MYSQL_PIPE_TABLE_MAPPING, "tableEngine"))]
    pub table_engine: Option<String>,

    /// Kind of MySQL [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&SCHEMA, "type"))]
    pub mysql_type: Option<String>,

    /// cdc (snapshot, then changes), snapshot (once) or cdc_only (changes from now)
    #[arg(long, default_value = "cdc", conflicts_with = "file", value_parser = spec::values(&spec::CP_MYSQL_PIPE_SETTINGS, "replicationMode"))]
    pub replication_mode: String,

    /// How changes are followed: GTID or FILE_POS [default: the API's]
    #[arg(long, conflicts_with = "file", value_parser = spec::values(&spec::CP_MYSQL_PIPE_SETTINGS, "replicationMechanism"))]
    pub replication_mechanism: Option<String>,

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

    /// Connect without TLS
    #[arg(long, conflicts_with = "file")]
    pub disable_tls: bool,

    /// Do not verify the server's certificate
    #[arg(long, conflicts_with = "file")]
    pub skip_cert_verification: bool,

    /// Replication server ID (1-4294967295) [default: the API's]
    #[arg(long, conflicts_with = "file")]
    pub server_id: Option<i64>,

    /// ClickHouse database of the replicated tables
    #[arg(long, default_value = "default", conflicts_with = "file")]
    pub database: String,

    #[command(flatten)]
    pub tuning: Tuning,
}

impl Source for Args {
    const KIND: Kind = Kind::Mysql;

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
        if let Some(kind) = &self.mysql_type {
            source.insert("type".into(), json!(kind));
        }
        source.insert("host".into(), json!(self.host));
        source.insert("port".into(), json!(self.port));
        source.insert("authentication".into(), json!(self.auth));
        database_auth(&mut source, &self.auth, self.iam_role.as_deref(), secrets)?;
        source.insert("credentials".into(), json!({ "username": self.username }));
        tls(
            &mut source,
            self.tls_host.as_deref(),
            self.ca_certificate.as_deref(),
        )?;
        if self.disable_tls {
            source.insert("disableTls".into(), json!(true));
        }
        if self.skip_cert_verification {
            source.insert("skipCertVerification".into(), json!(true));
        }
        if let Some(id) = self.server_id {
            source.insert("serverId".into(), json!(id));
        }
        let mut settings = json!({ "replicationMode": self.replication_mode });
        if let Some(mechanism) = &self.replication_mechanism {
            settings["replicationMechanism"] = json!(mechanism);
        }
        source.insert("settings".into(), settings);
        source.insert(
            "tableMappings".into(),
            table_mapping::to_json(
                &self.table_mappings,
                table_mapping::MYSQL,
                self.table_engine.as_deref(),
            ),
        );
        body.insert("source".into(), json!({ "mysql": source }));
        body.insert("destination".into(), json!({ "database": self.database }));
        self.tuning.add_to(body);
        Ok(())
    }
}
