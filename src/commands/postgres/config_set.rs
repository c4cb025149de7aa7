//! `cloud postgres config replace <POSTGRES> --file F` and
//! `cloud postgres config patch <POSTGRES> --set KEY=VALUE | --file F`

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The file holds {\"pgConfig\": {…}, \"pgBouncerConfig\": {…}}, both required (what `config get --json` prints). \
Parameters left out return to their defaults; some take effect only after `cloud postgres restart`.\n\n\
Examples:\n  \
cloud postgres config get orders-db --json > config.json\n  \
cloud postgres config replace orders-db --file config.json\n  \
cloud postgres config replace <POSTGRES_ID> --file - --dry-run < config.json",
    crate::commands::agents::write("replaces the Postgres and PgBouncer configuration of the service (POST postgresInstanceConfigPost)."),
))]
pub struct ReplaceArgs {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// JSON file with pgConfig and pgBouncerConfig, `-` for stdin
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub org: OrgArg,
}

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--set KEY=VALUE sets a Postgres parameter (pgConfig); pgbouncer.KEY=VALUE a PgBouncer one. \
Whole numbers are sent as numbers, other values as strings. --file takes {\"pgConfig\": {…}, \
\"pgBouncerConfig\": {…}} with only the parameters to change; --set is applied on top.\n\n\
Examples:\n  \
cloud postgres config patch orders-db --set max_connections=200 --set work_mem=64MB\n  \
cloud postgres config patch <POSTGRES_ID> --set pgbouncer.default_pool_size=32\n  \
cloud postgres config patch orders-db --file changes.json --dry-run",
    crate::commands::agents::write("changes the given Postgres or PgBouncer parameters of the service (PATCH postgresInstanceConfigPatch)."),
))]
pub struct PatchArgs {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// A parameter: KEY=VALUE (Postgres) or pgbouncer.KEY=VALUE (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = setting)]
    pub sets: Vec<(String, String)>,

    /// JSON file with pgConfig and/or pgBouncerConfig, `-` for stdin
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub org: OrgArg,
}

fn setting(value: &str) -> std::result::Result<(String, String), String> {
    match value.split_once('=') {
        Some((key, v)) if !key.trim().is_empty() && !key.contains(char::is_whitespace) => {
            Ok((key.trim().to_owned(), v.to_owned()))
        }
        _ => Err(
            "expected KEY=VALUE, e.g. max_connections=200 or pgbouncer.default_pool_size=32".into(),
        ),
    }
}

const SECTIONS: [&str; 2] = ["pgConfig", "pgBouncerConfig"];

/// The configuration in `path`: an object of pgConfig and pgBouncerConfig objects, nothing else.
fn read(path: &std::path::Path, needs_both: bool) -> Result<Map<String, Value>> {
    let object = super::object_file(path, "--file")?;
    if let Some(key) = object.keys().find(|k| !SECTIONS.contains(&k.as_str())) {
        return Err(Error::Usage(format!(
            "--file {}: unknown field \"{key}\"; the configuration has pgConfig and pgBouncerConfig; nothing was sent",
            path.display()
        )));
    }
    for section in SECTIONS {
        match object.get(section) {
            Some(Value::Object(_)) => {}
            Some(_) => {
                return Err(Error::Usage(format!(
                    "--file {}: \"{section}\" must be a JSON object; nothing was sent",
                    path.display()
                )));
            }
            None if needs_both => {
                return Err(Error::Usage(format!(
                    "--file {}: lacks \"{section}\" (required by the API); nothing was sent",
                    path.display()
                )));
            }
            None => {}
        }
    }
    if let Some(Value::Object(bouncer)) = object.get("pgBouncerConfig") {
        super::check_bouncer(bouncer, "--file")?;
    }
    Ok(object)
}

pub async fn replace(args: ReplaceArgs, api: &WriteApi, out: Output) -> Result<()> {
    let body = read(&args.file, true)?;
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let reply = api
        .put_postgres_config(org, id, &Value::Object(body), true)
        .await?;
    show(&reply, out);
    Ok(())
}

pub async fn patch(args: PatchArgs, api: &WriteApi, out: Output) -> Result<()> {
    if args.sets.is_empty() && args.file.is_none() {
        return Err(Error::Usage(
            "nothing to change: give --set KEY=VALUE (repeatable) or --file".into(),
        ));
    }
    let mut body = match &args.file {
        Some(path) => read(path, false)?,
        None => Map::new(),
    };
    for (key, value) in &args.sets {
        let (section, name, value) = match key.strip_prefix("pgbouncer.") {
            Some(name) => ("pgBouncerConfig", name, Value::String(value.clone())),
            None => {
                let value = value
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(value.clone()));
                ("pgConfig", key.as_str(), value)
            }
        };
        if let Value::Object(params) = body
            .entry(section)
            .or_insert_with(|| Value::Object(Map::new()))
        {
            params.insert(name.to_owned(), value);
        }
    }
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    // The spec's PATCH body requires both sections, neither empty: a section this patch
    // leaves alone is sent as it stands, which changes nothing.
    let untouched = |body: &Map<String, Value>, section: &str| {
        body.get(section)
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty)
    };
    if SECTIONS.iter().any(|section| untouched(&body, section)) {
        let current = api.postgres_config(org, id).await?.into_data()?;
        for section in SECTIONS {
            if untouched(&body, section)
                && let Some(now) = current.get(section)
            {
                body.insert(section.to_owned(), now.clone());
            }
        }
    }
    let reply = api
        .put_postgres_config(org, id, &Value::Object(body), false)
        .await?;
    show(&reply, out);
    Ok(())
}

/// The configuration now, and the API's note (e.g. that a restart is needed).
fn show(reply: &crate::api::Reply<Value>, out: Output) {
    out.reply(reply, super::config_get::table);
    if let Some(message) = reply
        .data()
        .ok()
        .and_then(|v| v.get("message"))
        .and_then(Value::as_str)
    {
        out.notice(&crate::output::for_person(message));
    }
}
