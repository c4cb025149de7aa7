//! Rendering results: tables for people, JSON for programs.
//!
//! stdout carries results only. Notices, warnings and progress go to stderr, so
//! `cloud service list --json | jq` never sees anything but JSON. `--fields`, `--jq` and
//! `--ndjson` ([`crate::shape`]) shape every JSON result and table printed here.
//!
//! Tables fit the width (`COLUMNS`, else the terminal's; none when piped) by hiding their
//! least important columns; they never split or truncate an identifier, and only free text
//! wraps. `--wide` shows every column. Times are shown in the local time zone, rows in a
//! stable order ([`by_name`], [`newest_first`]); JSON keeps the API's values and order.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::de::DeserializeOwned;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::api::{Body, Reply};
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
    pub fn reply<T: DeserializeOwned, D: Drawing>(
        &self,
        reply: &Reply<T>,
        draw: impl FnOnce(&T) -> D,
    ) {
        if self.json {
            self.json_reply(reply);
        } else {
            match reply.data() {
                Ok(data) => self.table(&draw(data)),
                Err(e) => shape::fail(Failure::Response(e)),
            }
        }
    }

    /// [`Output::reply`], with the table drawn from rows of type `R` decoded from the reply's
    /// text (borrowing from it) rather than from the reply's model.
    pub fn reply_rows<'a, T, R: serde::Deserialize<'a>, D: Drawing>(
        &self,
        reply: &'a Reply<T>,
        draw: impl FnOnce(&R) -> D,
    ) {
        if self.json {
            self.json_reply(reply);
        } else {
            match reply.rows::<R>() {
                Ok(rows) => self.table(&draw(&rows)),
                Err(e) => shape::fail(Failure::Response(e)),
            }
        }
    }

    /// [`Output::reply_rows`] for the lists that grow large: the rows are read off the text
    /// by name ([`Reply::scanned_rows`]) rather than decoded by serde.
    pub fn reply_scanned<'a, T, R: crate::api::Scanned<'a>, D: Drawing>(
        &self,
        reply: &'a Reply<T>,
        draw: impl FnOnce(&Vec<R>) -> D,
    ) {
        if self.json {
            self.json_reply(reply);
        } else {
            match reply.scanned_rows::<R>() {
                Ok(rows) => self.table(&draw(&rows)),
                Err(e) => shape::fail(Failure::Response(e)),
            }
        }
    }

    /// A reply's `result` as the API sent it (see [`Output::json_raw`]), once its envelope
    /// is checked.
    pub fn json_reply<T>(&self, reply: &Reply<T>) {
        self.json_body(&reply.body());
    }

    fn json_body(&self, body: &Body<'_>) {
        let shape = shape::current();
        let plain = shape.fields.is_none() && shape.jq.is_none() && !shape.ndjson;
        if plain && let Some(copy) = body.transcoded(true, &redact::snapshot()) {
            return write_json_copy(&copy);
        }
        match body.raw() {
            Ok(raw) => self.json_raw(raw),
            Err(e) => shape::fail(Failure::Response(e)),
        }
    }

    /// JSON text as the API sent it, shaped by `--fields`, `--jq` and `--ndjson`, through
    /// one buffered, locked stdout.
    pub fn json_raw(&self, raw: &str) {
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

    pub fn table(&self, table: &impl Drawing) {
        let hidden = table.hidden();
        // A read whose `--fields` named a column the table lacks prints nothing; the
        // error says which columns there are.
        if shape::failed() && !shape::current().write {
            return;
        }
        // An empty list is said on stderr, like any other message for a person; stdout
        // stays empty so `| wc -l` counts results, not a lone header.
        if table.is_empty_list() {
            self.notice("No results.");
            return;
        }
        write_stdout(|out| table.write(out));
        if !hidden.is_empty() {
            let count = match hidden.len() {
                1 => "1 column".to_owned(),
                n => format!("{n} columns"),
            };
            self.notice(&format!(
                "{count} hidden: {}; --wide shows all",
                hidden.join(", ")
            ));
        }
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

/// JSON already copied out by [`Reply::transcoded`], and its newline, in one write.
fn write_json_copy(copy: &[u8]) {
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout
        .write_all(copy)
        .and_then(|()| stdout.write_all(b"\n"))
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: could not write to stdout: {e}");
    }
}

/// Writes to stdout, treating a closed pipe (`cloud … | head`) as the end of output
/// rather than a crash.
fn stdout_line(text: &str) {
    write_stdout(|out| writeln!(out, "{text}"));
}

/// Runs `write` on one buffered, locked stdout, as [`stdout_line`] does for one line.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let result = write(&mut out).and_then(|()| out.flush());
    if let Err(e) = result
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: could not write to stdout: {e}");
    }
}

/// A table as [`Output::table`] prints it: a list from [`list_table`], or a comfy-table
/// [`Table`] (a [`detail_table`], or one a command lays out itself).
pub trait Drawing {
    /// The headers of the columns hidden to fit the width, as a person would name them.
    fn hidden(&self) -> Vec<String>;
    /// A list with a header and no rows: said on stderr, not drawn.
    fn is_empty_list(&self) -> bool;
    /// The lines, without trailing blanks.
    fn write(&self, out: &mut dyn Write) -> io::Result<()>;
}

impl Drawing for Table {
    fn hidden(&self) -> Vec<String> {
        hidden_columns(self)
    }

    fn is_empty_list(&self) -> bool {
        self.header().is_some() && self.row_iter().next().is_none()
    }

    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        match plain(self) {
            Some(plain) => plain.write(out),
            // comfy-table pads the last column; trailing blanks only get in the way of diffs.
            None => self
                .lines()
                .try_for_each(|line| writeln!(out, "{}", line.trim_end())),
        }
    }
}

/// A list table from [`list_table`]: drawn directly when no column must wrap (always when
/// piped), else laid out by comfy-table.
pub struct List {
    drawn: Drawn,
    hidden: Vec<String>,
    empty: bool,
}

enum Drawn {
    Plain(Plain),
    Laid(Box<Table>),
}

impl Drawing for List {
    fn hidden(&self) -> Vec<String> {
        self.hidden.clone()
    }

    fn is_empty_list(&self) -> bool {
        self.empty
    }

    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        match &self.drawn {
            Drawn::Plain(plain) => plain.write(out),
            Drawn::Laid(table) => table.write(out),
        }
    }
}

/// The cells of a table none of whose columns wraps, ready to write line by line.
struct Plain {
    widths: Vec<usize>,
    /// Per row (the header first), per shown column, the cell (lines split by `\n`).
    rows: Vec<Vec<String>>,
}

/// The table as comfy-table would draw it, when no cell needs wrapping: every shown column
/// as wide as its widest line, then [`GAP`]. comfy-table's general layout costs far more per
/// cell, which a list of 10,000 services makes plain; tables that must wrap still go
/// through it (`None`).
fn plain(table: &Table) -> Option<Plain> {
    let shown: Vec<bool> = table.column_iter().map(|c| !c.is_hidden()).collect();
    let mut widths = vec![0usize; shown.len()];
    let mut rows = Vec::with_capacity(table.row_count() + 1);
    for row in table.header().into_iter().chain(table.row_iter()) {
        let mut cells = Vec::with_capacity(shown.len());
        for (index, cell) in row.cell_iter().enumerate() {
            if !shown.get(index).copied().unwrap_or(false) {
                continue;
            }
            let content = cell.content();
            for line in content.split('\n') {
                widths[index] = widths[index].max(shown_width(line));
            }
            cells.push(content);
        }
        rows.push(cells);
    }
    let widths: Vec<usize> = widths
        .into_iter()
        .zip(&shown)
        .filter(|(_, shown)| **shown)
        .map(|(width, _)| width)
        .collect();
    let total: usize = widths.iter().map(|w| w + usize::from(GAP)).sum();
    let wraps = !matches!(table.content_arrangement(), ContentArrangement::Disabled)
        && table
            .width()
            .is_some_and(|width| total > usize::from(width));
    (!wraps).then_some(Plain { widths, rows })
}

impl Plain {
    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut line = String::new();
        let mut lines: Vec<std::str::Split<'_, char>> = Vec::new();
        for row in &self.rows {
            if !row.iter().any(|cell| cell.contains('\n')) {
                line.clear();
                for (index, width) in self.widths.iter().enumerate() {
                    pad_cell(&mut line, row.get(index).map_or("", String::as_str), *width);
                }
                line.truncate(line.trim_end().len());
                line.push('\n');
                out.write_all(line.as_bytes())?;
                continue;
            }
            lines.clear();
            lines.extend(row.iter().map(|cell| cell.split('\n')));
            let height = row
                .iter()
                .map(|cell| cell.split('\n').count())
                .max()
                .unwrap_or(0);
            for _ in 0..height {
                line.clear();
                for (index, width) in self.widths.iter().enumerate() {
                    let text = lines.get_mut(index).and_then(Iterator::next).unwrap_or("");
                    pad_cell(&mut line, text, *width);
                }
                line.truncate(line.trim_end().len());
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
        }
        Ok(())
    }
}

/// How many columns a line of a cell takes. Cells hold no control character but the newline
/// (made visible, [`cell`]), so ASCII text is one column a byte, known without a look.
fn shown_width(line: &str) -> usize {
    if passthrough::plain_ascii(line) {
        line.len()
    } else {
        line.width()
    }
}

/// `text` and the spaces that take it to `width` and the gap after it.
fn pad_cell(line: &mut String, text: &str, width: usize) {
    const SPACES: &str = "                                                                ";
    line.push_str(text);
    let shown = shown_width(text);
    let mut pad = width + usize::from(GAP) - shown.min(width);
    while pad > 0 {
        let now = pad.min(SPACES.len());
        line.push_str(&SPACES[..now]);
        pad -= now;
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

/// [`cell`] of a string the caller owns: kept as it is when nothing needs changing.
fn cell_owned(text: String) -> String {
    match redact::scrub(&text) {
        Cow::Borrowed(_) => match sanitize::text(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(clean) => clean,
        },
        Cow::Owned(scrubbed) => sanitize::text(&scrubbed).into_owned(),
    }
}

static WIDE: AtomicBool = AtomicBool::new(false);

/// `--wide`: every column, whatever the width. Set once by the dispatcher.
pub fn set_wide(wide: bool) {
    WIDE.store(wide, Ordering::Relaxed);
}

/// The width tables must fit: `COLUMNS` when set, else the terminal's when stdout is one;
/// `None` (no limit) under `--wide` or when piped.
fn table_width() -> Option<u16> {
    static WIDTH: OnceLock<Option<u16>> = OnceLock::new();
    if WIDE.load(Ordering::Relaxed) {
        return None;
    }
    *WIDTH.get_or_init(|| {
        let columns = std::env::var("COLUMNS").ok();
        match columns.and_then(|c| c.trim().parse::<u16>().ok()) {
            Some(width) if width > 0 => Some(width),
            // A terminal that reports no size (some CI pseudo-terminals) sets no limit.
            _ if io::stdout().is_terminal() => Table::new().width().filter(|w| *w > 0),
            _ => None,
        }
    })
}

/// Padding right of every column; the last column's is trimmed from the output.
const GAP: u16 = 2;

fn base_table() -> Table {
    base_table_at(table_width())
}

fn base_table_at(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    match width {
        // The last column's gap is trimmed, so it may stand past the edge.
        Some(width) => table
            .set_width(width.saturating_add(GAP))
            .set_content_arrangement(ContentArrangement::Dynamic),
        None => table
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled),
    };
    table
}

/// A column of a list table: its header, and what gives way when the width is short.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    name: &'static str,
    /// 0: always shown. Otherwise, when the table is too wide, the column with the highest
    /// rank is hidden first (the rightmost among equals).
    rank: u8,
    /// Free text, which may wrap at spaces. Other columns are never wrapped nor cut.
    wraps: bool,
}

impl Column {
    /// What identifies a row (an id, a name, an email): always shown, whole.
    pub const fn key(name: &'static str) -> Column {
        Column {
            name,
            rank: 0,
            wraps: false,
        }
    }

    /// Shown whole while the width allows; hidden before any column of a lower rank.
    pub const fn ranked(name: &'static str, rank: u8) -> Column {
        Column {
            name,
            rank,
            wraps: false,
        }
    }

    /// Free text (a description): wraps at spaces when the width is short; rank as above.
    pub const fn text(name: &'static str, rank: u8) -> Column {
        Column {
            name,
            rank,
            wraps: true,
        }
    }
}

/// The width of the longest word of the column: a wrapping column is never narrower, so
/// no word is split.
fn longest_word(table: &Table, index: usize) -> u16 {
    table
        .column_cells_with_header_iter(index)
        .flatten()
        .flat_map(|cell| cell.content().split_whitespace().map(|w| w.width()).max())
        .max()
        .unwrap_or(1)
        .try_into()
        .unwrap_or(u16::MAX)
}

/// Sets each column's constraint and hides the least important ones until the table fits
/// the width (if there is one). Identifiers and the columns `--fields` named stay.
fn fit(table: &mut Table, columns: &[Column], width: Option<u16>) {
    let content = table.column_max_content_widths();
    let mut least = Vec::with_capacity(columns.len());
    for (index, column) in columns.iter().enumerate() {
        let word = longest_word(table, index);
        let Some(target) = table.column_mut(index) else {
            continue;
        };
        target.set_padding((0, GAP));
        if column.wraps {
            target.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(word)));
            least.push(word);
        } else {
            target.set_constraint(ColumnConstraint::ContentWidth);
            least.push(content.get(index).copied().unwrap_or(1));
        }
    }
    let Some(width) = width else { return };
    let (shown, overflows) = shown_columns(columns, &least, width);
    for (index, shown) in shown.iter().enumerate() {
        if !shown && let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::Hidden);
        }
    }
    // Still too wide: overflowing (the terminal folds the line) beats splitting a word.
    if overflows {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
}

/// Which columns stay when the table must fit `width`, given each column's least width
/// (its content, or its longest word when it wraps); and whether it is still too wide.
fn shown_columns(columns: &[Column], least: &[u16], width: u16) -> (Vec<bool>, bool) {
    let needed = |shown: &[bool]| -> u32 {
        least
            .iter()
            .zip(shown)
            .filter(|(_, shown)| **shown)
            .map(|(w, _)| u32::from(*w) + u32::from(GAP))
            .sum()
    };
    let limit = u32::from(width) + u32::from(GAP);
    let mut shown = vec![true; columns.len()];
    while needed(&shown) > limit {
        // The highest rank gives way first; among equals, the rightmost.
        let Some(drop) = (0..columns.len())
            .filter(|&i| shown[i] && columns[i].rank > 0)
            .max_by_key(|&i| (columns[i].rank, i))
        else {
            break;
        };
        shown[drop] = false;
    }
    let overflows = needed(&shown) > limit;
    (shown, overflows)
}

/// The headers of the columns [`fit`] hid, as the person would name them.
fn hidden_columns(table: &Table) -> Vec<String> {
    let Some(header) = table.header() else {
        return Vec::new();
    };
    table
        .column_iter()
        .zip(header.cell_iter())
        .filter(|(column, _)| column.is_hidden())
        .map(|(_, cell)| cell.content().to_lowercase())
        .collect()
}

/// A table with one row per item, headed by upper-case column names; only the columns
/// `--fields` names, in its order, when it is given (and then none is hidden).
pub fn list_table(columns: &[Column], rows: impl IntoIterator<Item = Vec<String>>) -> List {
    let (picked, chosen, header) = list_columns(columns);
    let body: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| clean_row(row, picked.as_deref(), columns.len()))
        .collect();
    lay_out(&chosen, header, body, table_width())
}

/// The columns of a [`list_table`] `--fields` picks (their indexes, `None` for all), those
/// columns, and their headers.
fn list_columns(columns: &[Column]) -> (Option<Vec<usize>>, Vec<Column>, Vec<String>) {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let picked = picked(&names);
    let chosen: Vec<Column> = match &picked {
        Some(indexes) => indexes
            .iter()
            .map(|&i| Column {
                rank: 0,
                ..columns[i]
            })
            .collect(),
        None => columns.to_vec(),
    };
    let header = chosen.iter().map(|c| c.name.to_uppercase()).collect();
    (picked, chosen, header)
}

/// A row's cells cleaned for the terminal ([`cell_owned`]), the columns `picked` by
/// `--fields` in their order, else every one of the `count` in its place. Not generic, so
/// written once rather than for each list.
fn clean_row(mut row: Vec<String>, picked: Option<&[usize]>, count: usize) -> Vec<String> {
    match picked {
        // Every column in its place: the row is cleaned where it lies, not collected anew.
        None => {
            row.truncate(count);
            let mut row: Vec<String> = row.into_iter().map(cell_owned).collect();
            row.resize_with(count, String::new);
            row
        }
        // `--fields` names each column at most once, so each cell can be moved out of its row.
        Some(indexes) => indexes
            .iter()
            .map(|&i| {
                row.get_mut(i)
                    .map(std::mem::take)
                    .map(cell_owned)
                    .unwrap_or_default()
            })
            .collect(),
    }
}

/// [`list_table`] at a given width: drawn directly unless a column must wrap to fit.
fn lay_out(
    columns: &[Column],
    header: Vec<String>,
    body: Vec<Vec<String>>,
    width: Option<u16>,
) -> List {
    let empty = body.is_empty();
    let mut content = vec![0usize; columns.len()];
    let mut words = vec![1usize; columns.len()];
    for row in std::iter::once(&header).chain(&body) {
        for (index, text) in row.iter().enumerate().take(columns.len()) {
            for line in text.split('\n') {
                content[index] = content[index].max(shown_width(line));
            }
            if columns[index].wraps {
                let word = text
                    .split_whitespace()
                    .map(|w| w.width())
                    .max()
                    .unwrap_or(0);
                words[index] = words[index].max(word);
            }
        }
    }
    let clamp = |w: usize| u16::try_from(w).unwrap_or(u16::MAX);
    let least: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| clamp(if c.wraps { words[i] } else { content[i] }))
        .collect();
    let (shown, overflows) = match width {
        Some(width) => shown_columns(columns, &least, width),
        None => (vec![true; columns.len()], false),
    };
    let total: usize = (0..columns.len())
        .filter(|&i| shown[i])
        .map(|i| content[i] + usize::from(GAP))
        .sum();
    // Overflowing even with every column that may go gone, nothing wraps either.
    let fits = width.is_none_or(|w| total <= usize::from(w) + usize::from(GAP));
    if fits || overflows {
        let hidden = (0..columns.len())
            .filter(|&i| !shown[i])
            .map(|i| header[i].to_lowercase())
            .collect();
        let keep = |row: Vec<String>| -> Vec<String> {
            row.into_iter()
                .enumerate()
                .filter(|(i, _)| shown.get(*i).copied().unwrap_or(false))
                .map(|(_, text)| text)
                .collect()
        };
        let widths = (0..columns.len())
            .filter(|&i| shown[i])
            .map(|i| content[i])
            .collect();
        let rows = std::iter::once(header).chain(body).map(keep).collect();
        return List {
            drawn: Drawn::Plain(Plain { widths, rows }),
            hidden,
            empty,
        };
    }
    let mut table = base_table_at(width);
    table.set_header(header);
    for row in body {
        table.add_row(row);
    }
    fit(&mut table, columns, width);
    List {
        hidden: hidden_columns(&table),
        drawn: Drawn::Laid(Box::new(table)),
        empty,
    }
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
    fit(
        &mut table,
        &[Column::key("field"), Column::text("value", 0)],
        table_width(),
    );
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

/// Text for an optional string, `-` when the API did not send it.
pub fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".into())
}

/// A time the API sent, for a table: `2025-01-15 10:00` in the local time zone (`TZ` is
/// honoured); `-` when absent, the text as sent when it is not RFC 3339. JSON keeps it as sent.
pub fn time(value: &Option<String>) -> String {
    value.as_deref().map_or_else(|| "-".into(), local_time)
}

pub fn local_time(raw: &str) -> String {
    static ZONE: OnceLock<jiff::tz::TimeZone> = OnceLock::new();
    let zone =
        ZONE.get_or_init(|| jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC));
    match raw.parse::<jiff::Timestamp>() {
        Ok(at) => at
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => raw.to_owned(),
    }
}

/// The rows of a table in name order, ignoring case (rows without a name last; equal names
/// keep the API's order).
pub fn by_name<T>(items: &[T], name: impl Fn(&T) -> Option<&str>) -> Vec<&T> {
    // One folded key per row, made once (a name already in lower case is borrowed): folding
    // inside the comparison redid it about 2 log2(n) times per row. Sorted by the stable
    // sort, which finds runs already in order (lists often come sorted, or nearly) in one
    // pass, where `sort_by_cached_key`'s quicksort compares n log n times regardless; the
    // index makes every key distinct, so the order is the same either way.
    let mut keyed: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let key = match name(item) {
                Some(name) => (false, fold_case(name), name),
                None => (true, std::borrow::Cow::Borrowed(""), ""),
            };
            (key, index)
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, index)| &items[index]).collect()
}

/// `name` in lower case, borrowed when it already is.
fn fold_case(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.to_lowercase())
    }
}

/// The rows of a time series, newest first (rows without a readable time last; equal times
/// keep the API's order).
pub fn newest_first<T>(items: &[T], time: impl Fn(&T) -> Option<&str>) -> Vec<&T> {
    let mut sorted: Vec<&T> = items.iter().collect();
    sorted.sort_by_cached_key(|item| {
        std::cmp::Reverse(time(item).and_then(|t| t.parse::<jiff::Timestamp>().ok()))
    });
    sorted
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

    fn fitted(columns: &[Column], rows: &[[&str; 4]], width: u16) -> (Vec<String>, String) {
        let mut table = Table::new();
        table
            .load_style(presets::NOTHING)
            .set_width(width + GAP)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(columns.iter().map(|c| c.name.to_uppercase()));
        for row in rows {
            table.add_row(row.to_vec());
        }
        fit(&mut table, columns, Some(width));
        (hidden_columns(&table), table.to_string())
    }

    const ID: &str = "5e000000-0000-4000-8000-000000000001";

    /// What [`Output::table`] prints: the direct layout when it applies, else comfy-table's.
    fn printed(table: &Table) -> (bool, String) {
        match plain(table) {
            Some(plain) => {
                let mut out = Vec::new();
                plain.write(&mut out).unwrap();
                (true, String::from_utf8(out).unwrap())
            }
            None => (false, comfy(table)),
        }
    }

    fn header(columns: &[Column]) -> Vec<String> {
        columns.iter().map(|c| c.name.to_uppercase()).collect()
    }

    fn body(rows: &[[&str; 4]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    fn drawn(list: &List) -> String {
        let mut out = Vec::new();
        list.write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn comfy(table: &Table) -> String {
        table
            .lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect()
    }

    #[test]
    fn the_direct_layout_draws_what_comfy_table_draws() {
        let columns = [
            Column::key("id"),
            Column::ranked("name", 1),
            Column::text("description", 2),
            Column::ranked("size", 3),
        ];
        let rows = [
            [ID, "naïve 名前", "two\nlines here", ""],
            ["x", "", "a b c", "16–120 GiB"],
            ["", "wide ✓✓✓ text", "", "1"],
        ];
        let mut direct = 0;
        for width in [200, 80, 70, 60, 50, 30, 10] {
            let (_, expected) = fitted(&columns, &rows, width);
            let mut table = Table::new();
            table
                .load_style(presets::NOTHING)
                .set_width(width + GAP)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(columns.iter().map(|c| c.name.to_uppercase()));
            for row in &rows {
                table.add_row(row.to_vec());
            }
            fit(&mut table, &columns, Some(width));
            let (was_direct, text) = printed(&table);
            direct += usize::from(was_direct);
            let expected: String = expected
                .lines()
                .map(|l| format!("{}\n", l.trim_end()))
                .collect();
            assert_eq!(text, expected, "width {width}");
            // A list table decides the same without building comfy-table's table first.
            let list = lay_out(&columns, header(&columns), body(&rows), Some(width));
            assert_eq!(drawn(&list), expected, "list at width {width}");
            assert_eq!(list.hidden(), hidden_columns(&table), "width {width}");
            assert_eq!(
                matches!(list.drawn, Drawn::Plain(_)),
                was_direct,
                "width {width}"
            );
        }
        let list = lay_out(&columns, header(&columns), body(&rows), None);
        let mut unlimited = Table::new();
        unlimited
            .load_style(presets::NOTHING)
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(header(&columns));
        for row in &rows {
            unlimited.add_row(row.to_vec());
        }
        fit(&mut unlimited, &columns, None);
        assert_eq!(drawn(&list), comfy(&unlimited));
        // Wide enough, and too narrow for even the keys (overflow): drawn directly. In
        // between, the description wraps: comfy-table's.
        assert!(direct >= 2, "{direct}");
        let mut table = Table::new();
        table
            .load_style(presets::NOTHING)
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled);
        for row in &rows {
            table.add_row(row.to_vec());
        }
        fit(&mut table, &columns, None);
        assert_eq!(printed(&table), (true, comfy(&table)));
    }

    #[test]
    fn the_highest_rank_gives_way_first_and_keys_never() {
        let columns = [
            Column::key("id"),
            Column::ranked("region", 2),
            Column::ranked("state", 1),
            Column::ranked("memory", 2),
        ];
        let rows = [[ID, "europe-west4", "running", "16–120 GiB"]];
        let (hidden, _) = fitted(&columns, &rows, 200);
        assert!(hidden.is_empty());
        // Equal ranks: the rightmost goes first.
        let (hidden, text) = fitted(&columns, &rows, 70);
        assert_eq!(hidden, ["memory"], "{text}");
        let (hidden, text) = fitted(&columns, &rows, 50);
        assert_eq!(hidden, ["region", "memory"], "{text}");
        // Too narrow even for the id: it overflows, whole.
        let (hidden, text) = fitted(&columns, &rows, 20);
        assert_eq!(hidden, ["region", "state", "memory"]);
        assert!(text.contains(ID), "{text}");
    }

    #[test]
    fn free_text_wraps_at_spaces_and_other_columns_do_not() {
        let columns = [
            Column::key("id"),
            Column::ranked("state", 1),
            Column::text("summary", 0),
            Column::ranked("more", 3),
        ];
        let rows = [[
            ID,
            "running",
            "a description long enough to need several lines here",
            "x",
        ]];
        let (hidden, text) = fitted(&columns, &rows, 70);
        assert!(hidden.is_empty(), "{text}");
        assert!(text.lines().count() > 2, "{text}");
        assert!(text.contains(ID) && text.contains("description"), "{text}");
        assert!(
            text.lines().all(|l| l.trim_end().chars().count() <= 70),
            "{text}"
        );
        // The text is no narrower than its longest word: "more" gives way instead.
        let (hidden, text) = fitted(&columns, &rows, 60);
        assert_eq!(hidden, ["more"], "{text}");
        assert!(text.contains("description"), "{text}");
    }

    #[test]
    fn names_sort_ignoring_case_and_times_newest_first() {
        let names = [Some("beta"), None, Some("Alpha"), Some("alpha")];
        let sorted: Vec<_> = by_name(&names, |n| *n).into_iter().copied().collect();
        assert_eq!(sorted, [Some("Alpha"), Some("alpha"), Some("beta"), None]);
        let times = [
            Some("2025-01-15T10:00:00Z"),
            Some("not a time"),
            Some("2025-01-15T12:00:00+03:00"),
            Some("2025-01-15T10:30:00Z"),
        ];
        let sorted: Vec<_> = newest_first(&times, |t| *t).into_iter().copied().collect();
        assert_eq!(
            sorted,
            [
                Some("2025-01-15T10:30:00Z"),
                Some("2025-01-15T10:00:00Z"),
                Some("2025-01-15T12:00:00+03:00"),
                Some("not a time"),
            ]
        );
    }

    #[test]
    fn what_is_not_a_time_is_shown_as_sent() {
        assert_eq!(local_time("soon"), "soon");
        assert_eq!(time(&None), "-");
    }

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
