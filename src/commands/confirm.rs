//! Confirmation for destructive commands: `service delete`, `service reset-password`,
//! `service query-endpoint delete`, `key delete`, `member remove`, `invitation delete`,
//! `clickstack <kind> delete`, `udf delete`, `udf version delete`.
//!
//! On a terminal they ask `[y/N]`, naming what will be destroyed; `--yes` skips the
//! question. Where nobody can answer (no terminal on stdin, CI, an AI agent) they need
//! `--yes` and are refused before any request otherwise (exit 2). `--dry-run` sends
//! nothing, so it asks nothing.

use std::io::{BufRead, Write};

use crate::error::{Error, Result};

/// `--yes` / `-y`, flattened into every destructive command.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Yes {
    /// Do not ask for confirmation (required without a terminal, in CI or under an agent)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// Before any request: refuses a destructive command nobody can confirm.
pub fn require(yes: Yes, dry_run: bool, command: &str) -> Result<()> {
    if yes.yes || dry_run || crate::agent::may_prompt() {
        return Ok(());
    }
    Err(Error::ConfirmationRequired(format!(
        "`cloud {command}` cannot be undone and needs confirmation, but nobody can answer \
         ({}): pass --yes to confirm; nothing was sent",
        crate::agent::why_no_person()
    )))
}

/// How the confirmation names a resource: `analytics (5e00…)`, or the id alone when its
/// name could not be read.
pub fn describe(name: Option<&str>, id: &str) -> String {
    match name.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => format!("{} ({id})", crate::output::for_person(name)),
        None => id.to_owned(),
    }
}

/// Asks `<question> This cannot be undone. Continue? [y/N]` on stderr, unless `--yes` or
/// `--dry-run`; anything but `y`/`yes` is [`Error::Cancelled`].
pub fn ask(yes: Yes, dry_run: bool, question: &str) -> Result<()> {
    if yes.yes || dry_run {
        return Ok(());
    }
    if !crate::agent::may_prompt() {
        return Err(Error::ConfirmationRequired(format!(
            "{question} needs confirmation, but nobody can answer ({}): pass --yes to confirm; \
             nothing was changed",
            crate::agent::why_no_person()
        )));
    }
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "{question} This cannot be undone. Continue? [y/N] ");
    let _ = stderr.flush();
    drop(stderr);
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return Err(Error::Cancelled);
    }
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(Error::Cancelled),
    }
}
