//! `cloud service query <SERVICE> --query SQL`: SQL that only reads, through the Query API.
//!
//! Unlike the official CLI's `service query`, it never creates or binds an API key: the
//! credential is used as it is (an OAuth token, or a key already bound to the service's
//! query endpoint), and statements that do not read are refused before anything is sent.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use uuid::Uuid;

use crate::api::ReadApi;
use crate::api::query::{QueryOptions, QueryResult, ReadSql, split_statements};
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

const NOTES: &str = "\
Examples:
  cloud service query <SERVICE> --query 'SELECT count() FROM system.tables'
  cloud service query --name analytics --query 'SHOW DATABASES' --format CSV
  cloud service query <SERVICE> --queries-file report.sql --output-format JSONEachRow
  echo 'SELECT 1' | cloud service query <SERVICE> --query -
  cloud service query <SERVICE> --query 'SELECT now()' --wake

Only statements that read run here: the first keyword (after comments, whitespace and
parentheses) must be SELECT, WITH, SHOW, DESCRIBE, DESC, EXPLAIN or EXISTS, and a WITH
statement must not hold INSERT, ALTER, ... outside parentheses. Anything else is refused
before any request (exit 2, code sql_not_read): run it with `cloud service sql`, a write.
Several statements (`;`-separated, or a --queries-file) are all checked first, then run in order.

Credentials: an OAuth login (the server allows read-only SQL), or an API key bound to the
service's query endpoint, which cloud never does for you (the official CLI silently binds a new
admin key; --no-auto-enable is accepted and changes nothing here):
  cloud service query-endpoint create <SERVICE> --open-api-key <KEY_ID> --role sql_console_read_only

--format takes ClickHouse formats (CSV, TabSeparated, JSONEachRow, Pretty, ...) as the official
CLI's does: any value but json or table is passed on as --output-format. Default: PrettyCompact
on a terminal, JSONEachRow when piped or under --json. The result streams to stdout as it arrives
(--jq and --fields do not apply); --max-response-size and --timeout still bound it. The Query API
host is the API host with `api.` replaced by `queries.`; elsewhere set CLOUD_QUERY_URL or
`cloud config set query-url <URL>`.";

#[derive(Debug, clap::Args)]
#[command(after_help = NOTES)]
pub struct Args {
    #[command(flatten)]
    pub sql: SqlArgs,

    /// Accepted for scripts written for the official CLI; does nothing: cloud never creates or binds keys
    #[arg(long)]
    pub no_auto_enable: bool,
}

/// What `service query` and `service sql` share: where, what, how. One service (SERVICE,
/// --id or --name) and one source of SQL (--query or --queries-file).
#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("target").required(true).multiple(false)),
    group(clap::ArgGroup::new("statements").required(true).multiple(false))
)]
pub struct SqlArgs {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF, group = "target")]
    pub service: Option<IdOrName>,

    /// Service ID (the official CLI's spelling of SERVICE)
    #[arg(long, value_name = "ID", value_parser = crate::args::uuid, group = "target")]
    pub id: Option<Uuid>,

    /// Service name (the official CLI's spelling of SERVICE)
    #[arg(long, value_name = "NAME", group = "target")]
    pub name: Option<String>,

    /// The SQL to run (`;` separates statements); `-` reads it from stdin
    #[arg(
        long,
        value_name = "SQL",
        // SQL may start with a `--` comment.
        allow_hyphen_values = true,
        group = "statements"
    )]
    pub query: Option<String>,

    /// A file of SQL statements separated by `;`; `-` reads stdin
    #[arg(long, value_name = "FILE", group = "statements")]
    pub queries_file: Option<PathBuf>,

    /// Database the statements run in [default: the service's default]
    #[arg(long, value_name = "DATABASE")]
    pub database: Option<String>,

    /// ClickHouse output format, e.g. CSV, TabSeparated, JSONEachRow, Pretty (also --format)
    #[arg(long, value_name = "FORMAT", value_parser = clickhouse_format)]
    pub output_format: Option<String>,

    /// Wake the service up if it is idle (without it, an idle service is an error: service_idle)
    #[arg(long)]
    pub wake: bool,

    #[command(flatten)]
    pub org: OrgArg,
}

/// A ClickHouse format name: letters, digits and underscores.
fn clickhouse_format(value: &str) -> std::result::Result<String, String> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(value.to_owned())
    } else {
        Err("a ClickHouse format name, e.g. CSV, TabSeparated, JSONEachRow or PrettyCompact".into())
    }
}

impl SqlArgs {
    /// The service as given, for messages and the lookup.
    fn target(&self) -> IdOrName {
        match (&self.service, self.id, &self.name) {
            (Some(service), _, _) => service.clone(),
            (None, Some(id), _) => IdOrName::Id(id),
            (None, None, Some(name)) => IdOrName::Name(name.clone()),
            // clap requires one of the three.
            (None, None, None) => IdOrName::Name(String::new()),
        }
    }

    /// The statements to run, read from --query, the file or stdin; at least one.
    pub fn statements(&self) -> Result<Vec<String>> {
        let read_stdin = || {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::Usage(format!("could not read SQL from stdin: {e}")))?;
            Ok::<_, Error>(text)
        };
        let text = match (&self.query, &self.queries_file) {
            (Some(query), _) if query == "-" => read_stdin()?,
            (Some(query), _) => query.clone(),
            (None, Some(path)) if path.as_os_str() == "-" => read_stdin()?,
            (None, Some(path)) => std::fs::read_to_string(path).map_err(|e| {
                Error::Usage(format!(
                    "could not read --queries-file {}: {e}",
                    path.display()
                ))
            })?,
            (None, None) => String::new(),
        };
        let statements = split_statements(&text);
        if statements.is_empty() {
            return Err(Error::Usage(
                "no SQL statement to run: give one with --query or --queries-file".into(),
            ));
        }
        Ok(statements)
    }

    /// The service's ID: as given, or looked up by name (one GET, after the organization).
    pub async fn service_id(&self, api: &ReadApi) -> Result<Uuid> {
        match self.target() {
            IdOrName::Id(id) => Ok(id),
            name => {
                let org = self.org.resolve(api).await?;
                crate::commands::lookup::service(api, org, &name).await
            }
        }
    }

    pub fn options(&self, out: Output) -> QueryOptions {
        let format = match &self.output_format {
            Some(format) => format.clone(),
            None if !out.json && std::io::stdout().is_terminal() => "PrettyCompact".into(),
            None => "JSONEachRow".into(),
        };
        QueryOptions {
            format,
            database: self.database.clone(),
            wake: self.wake,
        }
    }

    /// How the service was named, for hints: the ID or name as given.
    pub fn shown(&self) -> String {
        match self.target() {
            IdOrName::Id(id) => id.to_string(),
            IdOrName::Name(name) => name,
        }
    }
}

/// A statement shortened for a message.
fn preview(statement: &str) -> String {
    let mut text: String = statement.chars().take(200).collect();
    if text.len() < statement.len() {
        text.push('…');
    }
    text
}

/// Streams a result to stdout as it arrives.
pub async fn print(result: QueryResult) -> Result<()> {
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut stdout = stdout;
    result.copy_to(&mut stdout, terminal).await?;
    Ok(())
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let sql = args.sql;
    let statements = sql.statements()?;
    // Every statement is checked before the first is sent.
    let checked = statements
        .iter()
        .map(|statement| {
            ReadSql::check(statement).map_err(|refusal| Error::NotARead {
                keyword: refusal.keyword,
                statement: preview(&refusal.statement),
                hint: format!(
                    "run it with `cloud service sql {} --query '…'` (a write: it needs an API key)",
                    sql.shown()
                ),
            })
        })
        .collect::<Result<Vec<ReadSql>>>()?;
    let service = sql.service_id(api).await?;
    let options = sql.options(out);
    for statement in &checked {
        let result = api.run_read_sql(service, statement, &options).await?;
        print(result).await?;
    }
    Ok(())
}

/// The official CLI's `--format` takes ClickHouse formats, but `--format` is `cloud`'s global
/// `json|table`. For `service query` and `service sql` a `--format` value other than json or
/// table is rewritten to `--output-format` before clap parses, and `--format table` becomes
/// `--output-format PrettyCompact`; `--format json` keeps its global meaning (JSON lines).
/// Likewise `clickpipe create <source>` and `clickpipe schema-discover <source>`, whose
/// `--format` (the official CLI's) is the source's data format: `--data-format`.
pub fn rewrite_format_flag(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let texts: Vec<Option<&str>> = args.iter().map(|a| a.to_str()).collect();
    let end = texts
        .iter()
        .position(|t| *t == Some("--"))
        .unwrap_or(texts.len());
    let is_sql_leaf = texts[..end]
        .windows(2)
        .any(|w| w[0] == Some("service") && matches!(w[1], Some("query" | "sql")));
    // `clickpipe create|schema-discover`: --format is the source's data format (JSONEachRow…).
    let is_pipe_leaf = texts[..end]
        .windows(2)
        .any(|w| w[0] == Some("clickpipe") && matches!(w[1], Some("create" | "schema-discover")));
    if !is_sql_leaf && !is_pipe_leaf {
        return args;
    }
    let target = if is_sql_leaf {
        "--output-format"
    } else {
        "--data-format"
    };
    let mapped = |value: &str| -> Option<String> {
        if value.eq_ignore_ascii_case("json") {
            None
        } else if value.eq_ignore_ascii_case("table") {
            is_sql_leaf.then(|| "PrettyCompact".into())
        } else {
            Some(value.to_owned())
        }
    };
    let mut out = Vec::with_capacity(args.len());
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        if index < end {
            if texts[index] == Some("--format")
                && let Some(Some(value)) = texts.get(index + 1)
                && let Some(format) = mapped(value)
            {
                out.push(target.into());
                out.push(format.into());
                index += 2;
                continue;
            }
            if let Some(value) = texts[index].and_then(|t| t.strip_prefix("--format="))
                && let Some(format) = mapped(value)
            {
                out.push(format!("{target}={format}").into());
                index += 1;
                continue;
            }
        }
        out.push(arg.clone());
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(args: &[&str]) -> Vec<String> {
        rewrite_format_flag(args.iter().map(Into::into).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn format_is_the_data_format_of_clickpipe_sources() {
        assert_eq!(
            rewrite(&[
                "cloud",
                "clickpipe",
                "create",
                "kafka",
                "s",
                "--format",
                "Avro"
            ]),
            [
                "cloud",
                "clickpipe",
                "create",
                "kafka",
                "s",
                "--data-format",
                "Avro"
            ]
        );
        assert_eq!(
            rewrite(&[
                "cloud",
                "clickpipe",
                "schema-discover",
                "kinesis",
                "--format=JSONEachRow"
            ]),
            [
                "cloud",
                "clickpipe",
                "schema-discover",
                "kinesis",
                "--data-format=JSONEachRow"
            ]
        );
        // json and table keep their global meaning.
        for global in ["json", "table"] {
            let args = ["cloud", "clickpipe", "create", "kafka", "--format", global];
            assert_eq!(rewrite(&args), args);
        }
    }

    #[test]
    fn format_becomes_output_format_for_the_sql_leaves_only() {
        assert_eq!(
            rewrite(&["cloud", "service", "query", "s", "--format", "CSV"]),
            ["cloud", "service", "query", "s", "--output-format", "CSV"]
        );
        assert_eq!(
            rewrite(&["cloud", "--format=TabSeparated", "service", "sql", "s"]),
            [
                "cloud",
                "--output-format=TabSeparated",
                "service",
                "sql",
                "s"
            ]
        );
        assert_eq!(
            rewrite(&["cloud", "service", "query", "s", "--format", "table"]),
            [
                "cloud",
                "service",
                "query",
                "s",
                "--output-format",
                "PrettyCompact"
            ]
        );
        for unchanged in [
            &["cloud", "service", "query", "s", "--format", "json"][..],
            &["cloud", "service", "list", "--format", "CSV"],
            &[
                "cloud", "api", "GET", "--", "service", "query", "--format", "CSV",
            ],
        ] {
            assert_eq!(rewrite(unchanged), unchanged);
        }
    }
}
