//! `cloud commands`: the catalog of every leaf command and its access.
//!
//! Derived from the clap tree and [`Classified`], never written by hand, so it cannot
//! drift from what the binary does. To classify a leaf it needs a parsed value of it,
//! so it parses the leaf's path with a sample value for each required argument,
//! chosen by that argument's own value parser.

use clap::{CommandFactory, Parser};
use serde::Serialize;

use crate::access::{Access, Classified};
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::{Output, list_table};

#[derive(Debug, clap::Args)]
pub struct CommandsArgs {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub path: String,
    pub access: Access,
    pub summary: String,
}

pub fn run(_args: CommandsArgs, out: Output) -> Result<()> {
    let entries = catalog()?;
    if out.json {
        out.json_value(&serde_json::to_value(&entries).map_err(anyhow::Error::from)?);
    } else {
        out.table(&list_table(
            &["command", "access", "summary"],
            entries.iter().map(|e| {
                vec![
                    format!("cloud {}", e.path),
                    e.access.to_string(),
                    e.summary.clone(),
                ]
            }),
        ));
    }
    Ok(())
}

/// Every leaf command, in help order.
pub fn catalog() -> Result<Vec<Entry>> {
    let mut root = Cli::command();
    root.build();
    let mut entries = Vec::new();
    for noun in root.get_subcommands().filter(|c| c.get_name() != "help") {
        collect(noun, &mut vec![noun.get_name().to_owned()], &mut entries)?;
    }
    Ok(entries)
}

fn collect(
    command: &clap::Command,
    path: &mut Vec<String>,
    entries: &mut Vec<Entry>,
) -> Result<()> {
    let children: Vec<_> = command
        .get_subcommands()
        .filter(|c| c.get_name() != "help")
        .collect();
    if children.is_empty() {
        entries.push(Entry {
            path: path.join(" "),
            access: access_of(path, command)?,
            summary: command
                .get_about()
                .map(|a| a.to_string())
                .unwrap_or_default(),
        });
        return Ok(());
    }
    for child in children {
        path.push(child.get_name().to_owned());
        collect(child, path, entries)?;
        path.pop();
    }
    Ok(())
}

const SAMPLES: [&str; 6] = [
    "00000000-0000-4000-8000-000000000000",
    "2026-01-01",
    "ada@example.com",
    "16",
    "true",
    "sample",
];

/// Whether `arg`'s own value parser takes `value`, tried on a command holding only it.
fn accepts(arg: &clap::Arg, value: &str) -> bool {
    // A positional keeps the index it had in its leaf; alone in the probe it is the first.
    let arg = if arg.is_positional() {
        arg.clone().index(1)
    } else {
        arg.clone()
    };
    let probe = clap::Command::new("probe").arg(arg.clone());
    let mut argv = vec!["probe".to_owned()];
    if let Some(long) = arg.get_long() {
        argv.push(format!("--{long}"));
    }
    argv.push(value.to_owned());
    probe.try_get_matches_from(argv).is_ok()
}

fn access_of(path: &[String], leaf: &clap::Command) -> Result<Access> {
    let mut argv: Vec<String> = std::iter::once("cloud".to_owned())
        .chain(path.iter().cloned())
        .collect();
    for arg in leaf.get_arguments().filter(|a| a.is_required_set()) {
        let possible = arg.get_possible_values();
        let value = match possible.first() {
            Some(first) => first.get_name().to_owned(),
            None => SAMPLES
                .iter()
                .find(|sample| accepts(arg, sample))
                .map(|s| (*s).to_owned())
                .unwrap_or_else(|| SAMPLES[SAMPLES.len() - 1].to_owned()),
        };
        match arg.get_long() {
            Some(long) => argv.extend([format!("--{long}"), value]),
            None => argv.push(value),
        }
    }
    let cli = Cli::try_parse_from(&argv).map_err(|e| {
        Error::Other(anyhow::anyhow!(
            "internal error: could not classify `{}`: {e}",
            path.join(" ")
        ))
    })?;
    Ok(cli.command.access())
}
