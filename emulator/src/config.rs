//! Command-line flags.

use std::path::PathBuf;

use clap::Parser;

use crate::hostile::{Fault, parse_fault};

/// Local, stateful emulator of the ClickHouse Cloud API (v1) and its OAuth 2 server.
///
/// Prints its base URL as the first line of stdout, then one `export ...` line per seeded API
/// key, then `export CLOUD_QUERY_URL=...` (the Query API shares the listener), then an empty
/// line. Runs until SIGINT/SIGTERM.
#[derive(Debug, Clone, Parser)]
#[command(name = "cloud-emulator", version)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on; 0 picks a free port (the base URL line tells which).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,

    /// How many seeded organizations: 1 ("Demo Org") or 2 (plus "Second Org").
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub orgs: u8,

    /// Seed Demo Org with N more services (ids and names derived from the index; see
    /// docs/emulator.md), to try lists at scale. Ignored when a state file is loaded.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed_services: u64,

    /// How long a service stays provisioning/starting/stopping/awaking, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub transition_ms: u64,

    /// Delay every /v1 response by this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,

    /// Fraction (0.0–1.0) of /v1 requests answered 503; deterministic (every 1/F-th request).
    #[arg(long, value_name = "F", default_value_t = 0.0, value_parser = parse_fraction)]
    pub fail_rate: f64,

    /// Answer 429 (with Retry-After: 1) to /v1 requests beyond N per second.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,

    /// Behave like a hostile or broken server on /v1 (repeatable): huge-body[=MB],
    /// echo-secret, escape-sequences, slow-headers[=MS], slow-body[=MS], retry-after-date.
    #[arg(long = "fault", value_name = "MODE", value_parser = parse_fault)]
    pub faults: Vec<Fault>,

    /// Load state from FILE if it exists; save it there after every change (atomically).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Approve every device code at creation and skip the consent page of /oauth/authorize.
    #[arg(long)]
    pub auto_approve: bool,

    /// Lifetime of device codes, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub device_code_ttl: u64,

    /// Minimum polling interval announced for device codes, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub device_interval: u64,

    /// Lifetime of access tokens, in seconds (refresh tokens live until used or revoked).
    #[arg(long, value_name = "SECS", default_value_t = 3600)]
    pub token_ttl: u64,

    /// Serve no userinfo: the metadata names no userinfo_endpoint and /oauth/userinfo is a 404.
    #[arg(long)]
    pub no_userinfo: bool,

    /// A ClickHouse server's HTTP interface (e.g. http://127.0.0.1:8123) that runs the SQL
    /// sent to the Query API (`POST /service/{id}/run`); without it that answers 503.
    #[arg(long, value_name = "URL", value_parser = parse_clickhouse_url)]
    pub clickhouse_url: Option<String>,

    /// What token responses carry as id_token: `full` (with email), `no-email` (only sub and
    /// name), or `none` (no id_token at all).
    #[arg(long, value_enum, value_name = "KIND", default_value_t = IdTokenKind::Full)]
    pub id_token: IdTokenKind,
}

/// The id_token a token response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IdTokenKind {
    /// Claims with `email` and `email_verified`.
    Full,
    /// Claims without `email` and `email_verified`.
    NoEmail,
    /// No id_token.
    None,
}

fn parse_fraction(raw: &str) -> Result<f64, String> {
    let value: f64 = raw
        .parse()
        .map_err(|_| format!("{raw:?} is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0.0 and 1.0"))
    }
}

fn parse_clickhouse_url(raw: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(raw).map_err(|e| format!("{raw:?} is not a URL ({e})"))?;
    if url.scheme() != "http" {
        return Err(format!(
            "{raw:?}: use ClickHouse's plain HTTP interface, e.g. http://127.0.0.1:8123"
        ));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}
