//! `cloud service client <SERVICE> [--exec] [-- EXTRA_ARGS…]`

use anyhow::anyhow;
use serde_json::json;
use uuid::Uuid;

use crate::api::ReadApi;
use crate::api::models::Service;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

/// The native protocol over TLS, the one `clickhouse client` speaks to Cloud.
const NATIVE_SECURE: &str = "nativesecure";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The password is never put on the command line: `--password` without a \
value makes clickhouse client ask for it.\n\n\
Examples:\n  \
cloud service client analytics                       # print the command\n  \
cloud service client analytics --exec                # run it\n  \
cloud service client analytics --exec -- --query 'SELECT version()'"
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Run clickhouse client instead of printing the command
    #[arg(long)]
    pub exec: bool,

    /// More arguments for clickhouse client, after `--`
    #[arg(last = true, value_name = "EXTRA_ARGS")]
    pub extra_args: Vec<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let service = api.service(org, service_id).await?.into_data()?;
    let argv = command_line(&service, service_id, &args.extra_args)?;
    if args.exec {
        return exec(&argv);
    }
    if out.json {
        out.json_value(&json!({ "command": argv }));
    } else {
        let words: Vec<String> = argv.iter().map(|a| shell_quote(a)).collect();
        out.line(&words.join(" "));
    }
    Ok(())
}

/// `clickhouse client --host H --port P --user U --password --secure [EXTRA…]`.
///
/// `--password` has no value, so clickhouse client prompts for it and the password
/// never reaches argv. It is followed by `--secure` on purpose: clickhouse client takes
/// the next word as the password unless it starts with `-`, and EXTRA may not.
fn command_line(service: &Service, id: Uuid, extra: &[String]) -> Result<Vec<String>> {
    let endpoints = service.endpoints.as_deref().unwrap_or_default();
    let endpoint = endpoints
        .iter()
        .find(|e| e.protocol.as_deref() == Some(NATIVE_SECURE));
    let (Some(host), Some(port)) = (
        endpoint.and_then(|e| e.host.clone()),
        endpoint.and_then(|e| e.port),
    ) else {
        let listed: Vec<&str> = endpoints
            .iter()
            .filter_map(|e| e.protocol.as_deref())
            .collect();
        let has = if listed.is_empty() {
            "none".to_owned()
        } else {
            listed.join(", ")
        };
        return Err(Error::Other(anyhow!(
            "service {id} has no native secure ({NATIVE_SECURE}) endpoint with a host and port, \
             which clickhouse client needs (endpoints: {has}); `cloud service get {id}` shows them"
        )));
    };
    let user = endpoint
        .and_then(|e| e.username.clone())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "default".to_owned());
    let mut argv: Vec<String> = [
        "clickhouse",
        "client",
        "--host",
        &host,
        "--port",
        &port.to_string(),
        "--user",
        &user,
        "--password",
        "--secure",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    argv.extend(extra.iter().cloned());
    Ok(argv)
}

fn not_installed() -> Error {
    Error::Other(anyhow!(
        "`clickhouse` was not found on PATH. Install it with:\n  \
         curl https://clickhouse.com/ | sh\n\
         then run `sudo ./clickhouse install` (or move ./clickhouse to a directory on PATH) and try again"
    ))
}

/// Replaces this process with clickhouse client, so the terminal, signals (Ctrl-C
/// cancels a query) and the exit code are all the client's.
#[cfg(unix)]
fn exec(argv: &[String]) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let error = std::process::Command::new(&argv[0]).args(&argv[1..]).exec();
    if error.kind() == std::io::ErrorKind::NotFound {
        Err(not_installed())
    } else {
        Err(Error::Other(anyhow!(
            "could not run clickhouse client: {error}"
        )))
    }
}

/// Runs clickhouse client with this terminal and exits with its exit code.
#[cfg(not(unix))]
fn exec(argv: &[String]) -> Result<()> {
    let status = std::process::Command::new(&argv[0])
        .args(&argv[1..])
        .status()
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                not_installed()
            } else {
                Error::Other(anyhow!("could not run clickhouse client: {error}"))
            }
        })?;
    std::process::exit(status.code().unwrap_or(1))
}

/// A word as a POSIX shell reads it back: bare when safe, else in single quotes.
fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b'=' | b',' | b'@')
        });
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("--port"), "--port");
        assert_eq!(shell_quote("SELECT 1"), "'SELECT 1'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
