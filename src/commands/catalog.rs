//! `cloud commands`: the catalog of every leaf command and its access.
//!
//! Derived from the clap tree and [`Classified`], never written by hand, so it cannot
//! drift from what the binary does. To classify a leaf it needs a parsed value of it,
//! so it parses the leaf's path with a sample value for each required argument,
//! chosen by that argument's own value parser. The same parsed value gives the leaf's
//! declared [`Operations`] (plus the key-role lookup every Write makes first).
//!
//! Deriving it takes a thousand parses, far more than a fast path may spend, so the binary
//! keeps what those parses find (each leaf's access and operations, each argument's type)
//! in `catalog.index` and reads everything else off clap's tree when asked: the test
//! [`live::tests`] derives the whole catalog and compares. A command added without
//! regenerating the index (`CLOUD_UPDATE_CATALOG=1 cargo test --lib catalog`) fails the
//! build's tests, never reaches a user.

use serde::Serialize;

use crate::access::Access;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table};

/// What the commands themselves cannot tell quickly, one leaf a line in help order: its path,
/// access, operations and the type of each argument (`path<TAB>access<TAB>op,op<TAB>type,type`).
/// Derived by [`live::catalog`], checked by its test; the rest of each entry (summaries,
/// arguments, help) is read off clap's tree, so the binary carries none of it twice.
const INDEX: &str = include_str!("catalog.index");

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud commands\n  cloud commands --json --jq '.[] | select(.access == \"write\") | .path'"
)]
pub struct CommandsArgs {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub path: String,
    pub access: Access,
    pub summary: String,
    /// Whether an OAuth login (read-only) can run it: true exactly for Read leaves.
    pub oauth: bool,
    pub arguments: Vec<Argument>,
    /// The spec `operationId`s the command may call.
    pub operations: Vec<&'static str>,
}

/// One argument of a leaf, from its clap definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Argument {
    /// `--flag` for options, the value name for positionals.
    pub name: String,
    pub positional: bool,
    /// `boolean` (a switch, or a `true|false` value), `enum`, `uuid`, `date`, `integer`,
    /// `email` or `string`: what the value parser accepts.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub required: bool,
    /// Whether it may be given more than once (or take several values).
    pub multiple: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_name: Option<String>,
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    pub help: String,
}

pub fn run(_args: CommandsArgs, out: Output) -> Result<()> {
    let mut root = super::deferred::expandable(<crate::cli::Cli as clap::CommandFactory>::command);
    if out.json {
        // About twelve bytes of JSON for each byte of the index: sized once, not doubled
        // (and copied) a dozen times on the way.
        let mut text = Vec::with_capacity(INDEX.len() * 12);
        text.push(b'[');
        served(&mut root, |entry| {
            if text.len() > 1 {
                text.push(b',');
            }
            serde_json::to_writer(&mut text, &entry)
                .map_err(|e| Error::Other(anyhow::anyhow!("internal error: the catalog: {e}")))
        })?;
        text.push(b']');
        out.json_raw(&String::from_utf8_lossy(&text));
    } else {
        let mut rows = Vec::new();
        served(&mut root, |e| {
            rows.push(vec![
                format!("cloud {}", e.path),
                e.access.to_string(),
                e.summary,
            ]);
            Ok(())
        })?;
        out.table(&list_table(
            &[
                Column::key("command"),
                Column::ranked("access", 1),
                Column::text("summary", 2),
            ],
            rows,
        ));
    }
    Ok(())
}

/// Every leaf command below `noun` (or `noun` itself, if a leaf) with its path, in help order.
fn leaves(noun: &clap::Command) -> Vec<(String, &clap::Command)> {
    fn collect<'c>(
        command: &'c clap::Command,
        path: &mut Vec<&'c str>,
        leaves: &mut Vec<(String, &'c clap::Command)>,
    ) {
        let mut children = command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .peekable();
        if children.peek().is_none() {
            leaves.push((path.join(" "), command));
        }
        for child in children {
            path.push(child.get_name());
            collect(child, path, leaves);
            path.pop();
        }
    }
    let mut leaves = Vec::new();
    collect(noun, &mut vec![noun.get_name()], &mut leaves);
    leaves
}

/// The catalog, an entry at a time: [`INDEX`] joined with clap's tree (see [`arguments`]).
///
/// The nouns of `root` are taken out and expanded one at a time, their leaves listed, then
/// dropped: the whole tree at once is 2 MB of fresh heap (see [`super::deferred`]), one noun
/// reuses the last one's.
fn served(root: &mut clap::Command, mut each: impl FnMut(Entry) -> Result<()>) -> Result<()> {
    let stale = |what: &str| {
        Error::Other(anyhow::anyhow!(
            "internal error: catalog.index is stale ({what})"
        ))
    };
    let mut lines = INDEX.lines();
    for noun in root
        .get_subcommands_mut()
        .filter(|c| c.get_name() != "help")
    {
        let noun = super::deferred::expand(std::mem::take(noun));
        for (path, leaf) in leaves(&noun) {
            let line = lines.next().ok_or_else(|| stale("a leaf was added"))?;
            let mut fields = line.split('\t');
            let mut next = || fields.next().unwrap_or_default();
            let (indexed, access, operations, kinds) = (next(), next(), next(), next());
            let access: Access = access.parse().map_err(|_| stale(line))?;
            if indexed != path {
                return Err(stale(&path));
            }
            let mut kinds = kinds.split(',');
            each(Entry {
                summary: leaf.get_about().map(plain).unwrap_or_default(),
                oauth: access == Access::Read,
                access,
                arguments: arguments(leaf, |_| kinds.next().unwrap_or("string")),
                operations: operations.split(',').filter(|op| !op.is_empty()).collect(),
                path,
            })?;
        }
    }
    match lines.next() {
        Some(_) => Err(stale("a leaf was removed")),
        None => Ok(()),
    }
}

/// A help text without styling. `to_string` strips ANSI styles through a parser, byte by
/// byte; derived help has none, so the text is taken as it is unless it holds an escape.
fn plain(text: &clap::builder::StyledStr) -> String {
    let raw = text.ansi().to_string();
    if raw.contains('\x1b') {
        text.to_string()
    } else {
        raw
    }
}

/// The leaf's own arguments (global flags such as `--json` are left out: `cloud --help`
/// lists them once), each typed by `kind`.
fn arguments(
    leaf: &clap::Command,
    mut kind: impl FnMut(&clap::Arg) -> &'static str,
) -> Vec<Argument> {
    leaf.get_arguments()
        .filter(|a| !a.is_global_set() && !a.is_hide_set())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|arg| {
            // Read off each argument's own settings (its action, its value parser) rather than
            // what building the tree derives from them, so the tree need not be built: that
            // copies every global flag into every command, most of the time a build takes.
            let takes_value = arg.get_action().takes_values();
            let values: Vec<String> = if takes_value {
                arg.get_value_parser()
                    .possible_values()
                    .into_iter()
                    .flatten()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_owned())
                    .collect()
            } else {
                Vec::new()
            };
            let multiple = matches!(arg.get_action(), clap::ArgAction::Append)
                || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
            let name = match arg.get_long() {
                Some(long) => format!("--{long}"),
                None => arg
                    .get_value_names()
                    .and_then(|names| names.first())
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| arg.get_id().to_string().to_uppercase()),
            };
            let default = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect::<Vec<_>>();
            Argument {
                name,
                positional: arg.is_positional(),
                kind: kind(arg),
                required: arg.is_required_set(),
                multiple,
                value_name: if takes_value {
                    arg.get_value_names().map(|names| {
                        names
                            .iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                } else {
                    None
                },
                values,
                default: if default.is_empty() || !takes_value {
                    None
                } else {
                    Some(default.join(","))
                },
                help: arg.get_help().map(plain).unwrap_or_default(),
            }
        })
        .collect()
}

/// The catalog derived from the commands themselves.
#[cfg(test)]
pub(crate) mod live {
    use clap::CommandFactory;

    use super::{Entry, arguments, leaves};
    use crate::access::{Access, Classified, Operations};
    use crate::api::role::ROLE_LOOKUP_OPERATIONS;
    use crate::args::IdOrName;
    use crate::cli::Cli;
    use crate::error::{Error, Result};

    /// Every leaf command, in help order.
    pub fn catalog() -> Result<Vec<Entry>> {
        let mut root = Cli::command();
        root.build();
        // One parser for every sample command line: building clap's tree per leaf made the
        // catalog quadratic in the number of commands.
        let mut parser = root.clone();
        let mut entries = Vec::new();
        let nouns = root.get_subcommands().filter(|c| c.get_name() != "help");
        for (path, leaf) in nouns.flat_map(leaves) {
            let words: Vec<String> = path.split(' ').map(str::to_owned).collect();
            let (access, declared) = classify(&words, leaf, &mut parser)?;
            let mut operations: Vec<&'static str> = Vec::new();
            if access == Access::Write {
                operations.extend(ROLE_LOOKUP_OPERATIONS);
            }
            for op in declared {
                if !operations.contains(op) {
                    operations.push(op);
                }
            }
            entries.push(Entry {
                path,
                access,
                summary: leaf.get_about().map(|a| a.to_string()).unwrap_or_default(),
                oauth: access == Access::Read,
                arguments: arguments(leaf, kind),
                operations,
            });
        }
        Ok(entries)
    }

    const SAMPLES: [&str; 8] = [
        "00000000-0000-4000-8000-000000000000",
        "2026-01-01",
        "ada@example.com",
        "16",
        "true",
        // A weekday (0–6) and an upgrade-window start hour (0, 6, 12, 18) take it.
        "6",
        // RFC 3339 (`postgres restore --restore-target`).
        "2026-01-01T00:00:00Z",
        "sample",
    ];

    /// `arg`'s own value parser on a bare positional (none of the argument's relations to its
    /// siblings), built once and asked about several values: building a command per value was
    /// most of the catalog's time.
    struct Probe(clap::Command);

    impl Probe {
        fn new(arg: &clap::Arg) -> Probe {
            let bare = clap::Arg::new("value")
                .index(1)
                .value_parser(arg.get_value_parser().clone());
            Probe(clap::Command::new("probe").arg(bare))
        }

        /// Whether the parser takes `value`.
        fn accepts(&mut self, value: &str) -> bool {
            self.0.try_get_matches_from_mut(["probe", value]).is_ok()
        }
    }

    /// What `arg`'s value parser accepts, found by asking it about sample values.
    fn kind(arg: &clap::Arg) -> &'static str {
        let takes_value = arg.get_num_args().is_none_or(|n| n.takes_values());
        let has_values = arg.get_possible_values().iter().any(|v| !v.is_hide_set());
        let mut probe = Probe::new(arg);
        let mut accepts = |value: &str| probe.accepts(value);
        let switch_like = accepts("true") && accepts("false") && !accepts("sample");
        let by_name = arg.get_value_parser().type_id() == std::any::TypeId::of::<IdOrName>();
        if !takes_value || switch_like {
            "boolean"
        } else if by_name {
            "uuid-or-name"
        } else if has_values {
            "enum"
        } else if accepts("sample") {
            "string"
        } else if accepts(SAMPLES[0]) {
            "uuid"
        } else if accepts(SAMPLES[1]) {
            "date"
        } else if accepts(SAMPLES[3]) {
            "integer"
        } else if accepts(SAMPLES[2]) {
            "email"
        } else {
            "string"
        }
    }

    /// The first sample value `arg` takes (the last, a plain word, when it takes none).
    fn sample_for(arg: &clap::Arg) -> String {
        let mut probe = Probe::new(arg);
        SAMPLES
            .iter()
            .find(|sample| probe.accepts(sample))
            .unwrap_or(&SAMPLES[SAMPLES.len() - 1])
            .to_string()
    }

    fn classify(
        path: &[String],
        leaf: &clap::Command,
        parser: &mut clap::Command,
    ) -> Result<(Access, &'static [&'static str])> {
        let mut argv: Vec<String> = std::iter::once("cloud".to_owned())
            .chain(path.iter().cloned())
            .collect();
        for arg in leaf.get_arguments().filter(|a| a.is_required_set()) {
            let possible = arg.get_possible_values();
            let value = match possible.first() {
                Some(first) => first.get_name().to_owned(),
                None => sample_for(arg),
            };
            match arg.get_long() {
                Some(long) => argv.extend([format!("--{long}"), value]),
                None => argv.push(value),
            }
        }
        // A required group (`service query`: SERVICE, --id or --name) is given its first member.
        for group in leaf.get_groups().filter(|g| g.is_required_set()) {
            let Some(arg) = group
                .get_args()
                .next()
                .and_then(|id| leaf.get_arguments().find(|a| a.get_id() == id))
            else {
                continue;
            };
            let value = sample_for(arg);
            match arg.get_long() {
                Some(long) => argv.extend([format!("--{long}"), value]),
                None => argv.push(value),
            }
        }
        let mut parsed = parser
            .try_get_matches_from_mut(&argv)
            .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
        // Flags required unless `--file` gives the whole body (`clickpipe create <source>`):
        // clap does not say which, so the sample gives `--file` instead.
        if parsed
            .as_ref()
            .is_err_and(|e| e.kind() == clap::error::ErrorKind::MissingRequiredArgument)
            && let Some(file) = leaf.get_arguments().find(|a| a.get_long() == Some("file"))
        {
            argv.extend(["--file".to_owned(), sample_for(file)]);
            parsed = parser
                .try_get_matches_from_mut(&argv)
                .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
        }
        let cli = parsed.map_err(|e| {
            Error::Other(anyhow::anyhow!(
                "internal error: could not classify `{}`: {e}",
                path.join(" ")
            ))
        })?;
        Ok((cli.command.access(), cli.command.operations()))
    }

    mod tests {
        use clap::CommandFactory;

        use crate::cli::Cli;

        /// The binary joins `catalog.index` with clap's tree; the result must be what the
        /// commands derive.
        #[test]
        fn the_served_catalog_is_the_derived_one() {
            let derived = super::catalog().expect("every leaf classifies");
            let lines: Vec<String> = derived
                .iter()
                .map(|entry| {
                    let kinds: Vec<&str> = entry.arguments.iter().map(|a| a.kind).collect();
                    format!(
                        "{}\t{}\t{}\t{}\n",
                        entry.path,
                        entry.access,
                        entry.operations.join(","),
                        kinds.join(",")
                    )
                })
                .collect();
            let text = lines.concat();
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/commands/catalog.index");
            if std::env::var_os("CLOUD_UPDATE_CATALOG").is_some() {
                std::fs::write(path, &text).unwrap();
                return;
            }
            let stale = "src/commands/catalog.index is stale: regenerate it with \
                 `CLOUD_UPDATE_CATALOG=1 cargo test --lib catalog` and review the diff";
            assert!(text == super::super::INDEX, "{stale}");
            // Served from a tree with its nouns deferred, as `cloud commands` makes it, and from
            // an expanded one.
            for mut tree in [
                crate::commands::deferred::expandable(Cli::command),
                crate::commands::deferred::expanded(Cli::command),
            ] {
                let mut served = Vec::new();
                super::super::served(&mut tree, |entry| {
                    served.push(entry);
                    Ok(())
                })
                .expect(stale);
                assert_eq!(served, derived, "{stale}");
            }
        }
    }
}
