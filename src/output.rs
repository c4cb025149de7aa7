//! Rendering results: tables for people, JSON for programs.
//!
//! stdout carries results only. Notices, warnings and progress go to stderr, so
//! `cloud service list --json | jq` never sees anything but JSON. `--fields`, `--jq` and
//! `--ndjson` ([`crate::shape`]) shape every JSON result and table printed here.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::api::Reply;
use crate::shape::{self, Failure};
use crate::{redact, sanitize};

#[derive(Debug, Clone, Copy, Default)]
pub struct Output {
    /// JSON mode: `--json`, `--format json`, or an AI agent detected (`crate::agent`).
    pub json: bool,
}

/// `--format`: how results (and errors) are printed. (No doc comments on the variants:
/// they would switch every help page to clap's long layout.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Table,
}

impl Output {
    /// Prints a reply: the API's JSON as sent under `--json` (decoding nothing), else the
    /// table `draw` makes of the decoded result.
    pub fn reply<T: DeserializeOwned>(&self, reply: &Reply<T>, draw: impl FnOnce(&T) -> Table) {
        if self.json {
            self.json_raw(reply.raw());
        } else {
            match reply.data() {
                Ok(data) => self.table(&draw(data)),
                Err(e) => shape::fail(Failure::Response(e)),
            }
        }
    }

    /// JSON text as the API sent it, shaped by `--fields`, `--jq` and `--ndjson`, through
    /// one buffered, locked stdout.
    pub fn json_raw(&self, raw: &RawValue) {
        let stdout = io::stdout().lock();
        let mut writer = io::BufWriter::with_capacity(64 * 1024, stdout);
        match shape::write_raw(shape::current(), raw, &mut writer) {
            Ok(written) => {
                if let Err(e) = written.and_then(|()| writer.flush())
                    && e.kind() != io::ErrorKind::BrokenPipe
                {
                    eprintln!("error: could not write to stdout: {e}");
                }
            }
            Err(failure) => shape::fail(failure),
        }
    }

    /// Pretty JSON, exact but for known secrets (redacted); characters that could act on a
    /// terminal are written as JSON escapes, which leaves the value unchanged. Shaped by
    /// `--fields`, `--jq` and `--ndjson`, line by line.
    pub fn json_value(&self, value: &Value) {
        match shape::json_lines(shape::current(), value) {
            Ok(lines) => lines.iter().for_each(|line| stdout_line(line)),
            Err(failure) => shape::fail(failure),
        }
    }

    pub fn table(&self, table: &Table) {
        // A read whose `--fields` named a column the table lacks prints nothing; the
        // error says which columns there are.
        if shape::failed() && !shape::current().write {
            return;
        }
        // An empty list is said on stderr, like any other message for a person; stdout
        // stays empty so `| wc -l` counts results, not a lone header.
        if table.header().is_some() && table.row_iter().next().is_none() {
            self.notice("No results.");
            return;
        }
        // comfy-table pads the last column; trailing blanks only get in the way of diffs.
        let rendered = table.to_string();
        let lines: Vec<&str> = rendered.lines().map(str::trim_end).collect();
        stdout_line(&lines.join("\n"));
    }

    /// A plain result line on stdout (a password, a command line, metrics text, the token
    /// `cloud auth token` was asked for). Control characters are made visible; nothing is
    /// redacted, since printing a credential may be the point.
    pub fn line(&self, text: &str) {
        stdout_line(&sanitize::text(text));
    }

    /// A message for the person at the terminal; never part of the result.
    pub fn notice(&self, text: &str) {
        crate::notes::notice(text);
    }

    pub fn warn(&self, text: &str) {
        crate::notes::warning(text);
    }
}

/// Writes to stdout, treating a closed pipe (`cloud … | head`) as the end of output
/// rather than a crash.
fn stdout_line(text: &str) {
    let mut stdout = io::stdout().lock();
    let result = writeln!(stdout, "{text}").and_then(|()| stdout.flush());
    if let Err(e) = result
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: could not write to stdout: {e}");
    }
}

/// Text for a person on the terminal: known secrets redacted, control characters visible.
pub fn for_person(text: &str) -> String {
    sanitize::text(&redact::scrub(text)).into_owned()
}

/// A table cell: known secrets redacted, control characters visible (newlines stay: a cell
/// may span lines).
fn cell(text: &str) -> String {
    for_person(text)
}

fn base_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}

/// A table with one row per item, headed by upper-case column names; only the columns
/// `--fields` names, in its order, when it is given.
pub fn list_table(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Table {
    let columns = picked(headers).unwrap_or_else(|| (0..headers.len()).collect());
    let mut table = base_table();
    table.set_header(columns.iter().map(|&i| headers[i].to_uppercase()));
    for row in rows {
        table.add_row(
            columns
                .iter()
                .map(|&i| row.get(i).map(|value| cell(value)).unwrap_or_default())
                .collect::<Vec<_>>(),
        );
    }
    tighten(&mut table);
    table
}

/// A two-column table of one object's fields; rows whose value is absent are skipped.
/// Only the rows `--fields` names, in its order, when it is given.
pub fn detail_table(rows: impl IntoIterator<Item = (&'static str, Option<String>)>) -> Table {
    let mut rows: Vec<_> = rows.into_iter().map(Some).collect();
    let names: Vec<&str> = rows.iter().flatten().map(|(name, _)| *name).collect();
    let order = picked(&names).unwrap_or_else(|| (0..names.len()).collect());
    let mut table = base_table();
    for (name, value) in order.into_iter().filter_map(|i| rows[i].take()) {
        if let Some(value) = value {
            table.add_row(vec![format!("{name}:"), cell(&value)]);
        }
    }
    tighten(&mut table);
    table
}

/// The indexes of the columns `--fields` picks from `names`; `None` when every column is
/// shown: no `--fields`, or one naming a column that is not there (remembered as a usage
/// error, so that a write still shows its whole result before failing).
fn picked(names: &[&str]) -> Option<Vec<usize>> {
    let fields = shape::current().fields.as_ref()?;
    match shape::pick(fields, names) {
        Ok(columns) => Some(columns),
        Err(message) if shape::current().write => {
            shape::fail(Failure::Usage(format!(
                "{message} (the change was made: its whole result is printed above)"
            )));
            None
        }
        Err(message) => {
            shape::fail(Failure::Usage(message));
            None
        }
    }
}

fn tighten(table: &mut Table) {
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
}

/// Text for an optional string, `-` when the API did not send it.
pub fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".into())
}

pub fn number(value: Option<f64>) -> Option<String> {
    value.map(|v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v:.2}")
        }
    })
}

pub fn flag(value: Option<bool>) -> Option<String> {
    value.map(|v| if v { "yes" } else { "no" }.to_owned())
}

pub fn join(values: &Option<Vec<String>>) -> Option<String> {
    values.as_ref().map(|v| {
        if v.is_empty() {
            "-".into()
        } else {
            v.join(", ")
        }
    })
}

/// Bytes as a short human size (binary units).
pub fn bytes(value: Option<f64>) -> Option<String> {
    value.map(|mut v| {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        let mut unit = 0;
        while v >= 1024.0 && unit < units.len() - 1 {
            v /= 1024.0;
            unit += 1;
        }
        if unit == 0 {
            format!("{v:.0} B")
        } else {
            format!("{v:.1} {}", units[unit])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(Some(16.0)).unwrap(), "16");
        assert_eq!(number(Some(1.5)).unwrap(), "1.50");
    }

    #[test]
    fn sizes_use_binary_units() {
        assert_eq!(bytes(Some(512.0)).unwrap(), "512 B");
        assert_eq!(bytes(Some(1536.0)).unwrap(), "1.5 KiB");
        assert_eq!(
            bytes(Some(3.0 * 1024.0 * 1024.0 * 1024.0)).unwrap(),
            "3.0 GiB"
        );
    }
}
