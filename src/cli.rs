//! The top of the command line: global flags and the noun commands below them.

use std::time::Duration;

use clap::{Args, Parser};

use crate::api::transport;
use crate::output::Format;

use crate::commands::Command;

const AFTER_HELP: &str = "\
Examples:
  cloud auth login --api-key <KEY_ID> --api-secret-stdin < secret.txt
  cloud service list
  cloud service get <SERVICE_ID> --json
  cloud service create --name analytics --provider aws --region us-east-1 --ip-allow 203.0.113.0/24

Credentials, first match wins:
  1. --api-key and --api-secret
  2. CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET
  3. the API key stored by `cloud auth login --api-key`
  4. CLOUD_ACCESS_TOKEN (an OAuth access token: read-only)
  5. the OAuth login stored by `cloud auth login` (read-only)
Only API keys can change resources; OAuth access is read-only. `cloud auth status` shows what is used.

Tables fit the terminal's width (or COLUMNS) by hiding their least important columns, never an
id or a name; --wide shows them all. Times are local (TZ); rows are sorted by name, time series
(activity, backups, usage) newest first. --json keeps the API's order and RFC 3339 times.

Exit codes: 0 success, 1 error, 2 usage, 3 cancelled, 4 auth required or not permitted,
            5 not found, 6 conflict, 7 rate limited or unavailable, 8 --wait timed out,
            130 interrupted. `cloud help exit-codes` lists them with every error code.

CONTEXT FOR AGENTS:
  Add --json (or --format json) to any command for JSON on stdout; errors then arrive on stderr
  as one object {\"error\": {\"code\", \"message\", \"hint\", \"exit_code\", \"retryable\", ...}}.
  Under an AI agent (CLAUDECODE, CURSOR_AGENT, GEMINI_CLI, AGENT, ... or CLOUD_AGENT_MODE=1)
  JSON is the default and nothing prompts; --format table or CLOUD_AGENT_MODE=0 turn that off.
  `cloud commands --json` lists every command with its access (read or write). OAuth is
  read-only: a write under OAuth exits 4 before any request (code write_requires_api_key).
  Write commands need an API key: set CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET.
  A service, key, member, invitation or private endpoint argument takes its ID or its exact name
  (one list GET); a name several share exits 2 (code ambiguous_name), listing their IDs.
  To log a person in without waiting, run `cloud auth login --no-input --json` (prints the code
  and URL), then `cloud auth login --complete`.
  --read-only or CLOUD_READ_ONLY=1 clamps any credential, API keys included, to read-only.";

/// ClickHouse Cloud from the command line: organizations, services, backups, members, keys.
#[derive(Debug, Parser)]
#[command(
    name = "cloud",
    version,
    about = "Manage ClickHouse Cloud from the command line",
    long_about = "Manage ClickHouse Cloud from the command line.\n\n\
                  Reads work with any credential. Changes need an API key: OAuth logins are read-only by design.",
    after_help = AFTER_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten, next_help_heading = "Global options")]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Print results as JSON (the API's objects as sent) instead of tables; short for --format json
    #[arg(long, global = true)]
    pub json: bool,

    /// Output format [default: table; json when an AI agent is detected]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Filter the JSON result with a jq expression (built in; implies --json); strings print raw
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,

    /// Keep only these fields: JSON keys (`a.b` reaches inside) or table columns, in this order
    #[arg(long, global = true, value_name = "FIELD,...", value_delimiter = ',')]
    pub fields: Vec<String>,

    /// Show every column of a table, even wider than the terminal
    #[arg(long, global = true)]
    pub wide: bool,

    /// Print one compact JSON value per line, a list's elements each on its own (implies --json)
    #[arg(long, global = true)]
    pub ndjson: bool,

    /// Print only results and errors: no notices, warnings or progress on stderr
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Never colour the output (also a non-empty NO_COLOR, or TERM=dumb)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Print the credential source, API URL and each request to stderr (never secrets)
    #[arg(long, global = true)]
    pub debug: bool,

    /// API key id to use (pair it with --api-secret)
    #[arg(long, global = true, value_name = "KEY_ID")]
    pub api_key: Option<String>,

    /// API key secret. Visible to other processes: prefer CLICKHOUSE_CLOUD_API_SECRET or --api-secret-stdin
    #[arg(long, global = true, value_name = "SECRET")]
    pub api_secret: Option<String>,

    /// ClickHouse Cloud API URL
    #[arg(long, global = true, env = "CLOUD_API_URL", value_name = "URL", value_parser = api_url)]
    pub api_url: Option<String>,

    /// Named settings to use (API URL, stored API key) [default: the active context, else `default`]
    #[arg(long, global = true, env = "CLOUD_CONTEXT", value_name = "NAME", value_parser = context_name)]
    pub context: Option<String>,

    /// Refuse every write, whatever the credential (also CLOUD_READ_ONLY=1)
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Write commands: print the request that would change something (method, URL, body;
    /// secrets redacted) instead of sending it
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Give up connecting to a server after this long, e.g. 10s or 500ms [default: 10s]
    #[arg(long, global = true, env = transport::CONNECT_TIMEOUT_ENV, value_name = "DURATION", value_parser = transport::parse_duration)]
    pub connect_timeout: Option<Duration>,

    /// Give up on a request (connecting to the last byte of the answer) after this long, e.g. 2m [default: 120s]
    #[arg(long, global = true, env = transport::TIMEOUT_ENV, value_name = "DURATION", value_parser = transport::parse_duration)]
    pub timeout: Option<Duration>,

    /// Refuse a response body larger than this, e.g. 64MiB or 1GiB [default: 64MiB]
    #[arg(long, global = true, env = transport::MAX_RESPONSE_SIZE_ENV, value_name = "SIZE", value_parser = transport::parse_size)]
    pub max_response_size: Option<u64>,
}

pub fn api_url(value: &str) -> Result<String, String> {
    let trimmed = value.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or("expected an http:// or https:// URL, e.g. https://api.clickhouse.cloud")?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err("expected an http:// or https:// URL with a host".into());
    }
    transport::check_transport(trimmed)?;
    Ok(trimmed.to_owned())
}

pub fn context_name(value: &str) -> Result<String, String> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err("a context name is 1 to 64 letters, digits, dashes, dots or underscores".into())
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// clap keys values by argument id: a command's own argument with the id of a global one
    /// (`fields` of `cloud api -F` against `--fields`) would silently fill the global instead.
    #[test]
    fn no_command_argument_shares_an_id_with_a_global_one() {
        let mut root = Cli::command();
        root.build();
        let globals: Vec<String> = root
            .get_arguments()
            .filter(|a| a.is_global_set())
            .map(|a| a.get_id().to_string())
            .collect();
        fn visit(command: &clap::Command, globals: &[String], clashes: &mut Vec<String>) {
            for sub in command.get_subcommands() {
                for arg in sub.get_arguments().filter(|a| !a.is_global_set()) {
                    if globals.contains(&arg.get_id().to_string()) {
                        clashes.push(format!("{} {}", sub.get_name(), arg.get_id()));
                    }
                }
                visit(sub, globals, clashes);
            }
        }
        let mut clashes = Vec::new();
        visit(&root, &globals, &mut clashes);
        assert!(globals.len() > 10, "{globals:?}");
        assert!(clashes.is_empty(), "{clashes:?}");
    }
}
