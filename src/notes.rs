//! Messages for the person running `cloud`, on stderr: notices and warnings, never results.
//!
//! In JSON mode every line of stderr is one JSON object, so a program can parse all of it:
//! `{"notice": "…"}`, `{"warning": "…"}`, and a failure as `{"error": {…}}`, always last.
//! Known secrets are redacted and control characters neutralised either way. `--quiet` drops
//! them all.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::{redact, sanitize};

static JSON: AtomicBool = AtomicBool::new(false);

/// Set once by the dispatcher, as soon as the output mode is known.
pub fn set_json(json: bool) {
    JSON.store(json, Ordering::Relaxed);
}

pub fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: no notices, warnings or progress; results and errors are never quieted.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A message for the person at the terminal.
pub fn notice(text: &str) {
    emit("notice", None, text);
}

/// Something the person should change.
pub fn warning(text: &str) {
    emit("warning", Some("warning: "), text);
}

fn emit(kind: &str, prefix: Option<&str>, text: &str) {
    if quiet() {
        return;
    }
    let text = redact::scrub(text);
    if json() {
        let mut object = serde_json::Map::new();
        object.insert(
            kind.to_owned(),
            serde_json::Value::String(text.into_owned()),
        );
        eprintln!("{}", sanitize::to_json_compact(&object));
    } else {
        eprintln!("{}{}", prefix.unwrap_or(""), sanitize::text(&text));
    }
}
