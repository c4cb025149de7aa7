//! Secrets of ClickPipe sources (passwords, secret keys, connection strings, private keys,
//! service account keys): never required on the command line.
//!
//! Each comes from, in this order: its `--…-stdin` flag (stdin holds one secret per run;
//! `--file -` takes stdin too), its flag on the command line (accepted for the official
//! CLI's scripts, with a warning: argv is visible to other local users), or its
//! environment variable (`CLOUD_CLICKPIPE_…`, which clap reads into the same field).
//! Keys and certificates may also name a file. Every secret is registered for redaction
//! as soon as it is read, so no output, `--dry-run` or `--debug` included, can show it.

use std::cell::Cell;
use std::io::{BufRead, IsTerminal, Read};
use std::path::Path;

use base64::Engine;

use crate::error::{Error, Result};
use crate::output::Output;

/// What stdin is used for in this run: one secret, or `--file -`.
#[derive(Debug, Default)]
pub struct Stdin(Cell<Option<&'static str>>);

impl Stdin {
    /// Claims stdin for `flag`; a second claim is a usage error naming both.
    pub fn claim(&self, flag: &'static str) -> Result<()> {
        if let Some(first) = self.0.get() {
            return Err(Error::Usage(format!(
                "{first} and {flag} both read standard input, which holds only one; give the \
                 other through its environment variable or a file; nothing was sent"
            )));
        }
        self.0.set(Some(flag));
        Ok(())
    }
}

/// How a secret's text is read from stdin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A password or key: the first line.
    Line,
    /// A PEM key or a JSON key file: all of stdin.
    Whole,
}

/// One secret input: `--NAME` (argv or `env`) and `--NAME-stdin`.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// `--password`
    pub flag: &'static str,
    /// `CLOUD_CLICKPIPE_PASSWORD`
    pub env: &'static str,
    /// `--password-stdin`
    pub stdin_flag: &'static str,
    pub shape: Shape,
    /// The value clap parsed from the command line or the environment.
    pub value: Option<&'a str>,
    /// `--NAME-stdin` was given.
    pub from_stdin: bool,
}

impl<'a> Input<'a> {
    /// The password of a database or a Kafka SASL login: `--password`, `--password-stdin` or
    /// `CLOUD_CLICKPIPE_PASSWORD`.
    pub fn password(value: Option<&'a str>, from_stdin: bool) -> Input<'a> {
        Input {
            flag: "--password",
            env: "CLOUD_CLICKPIPE_PASSWORD",
            stdin_flag: "--password-stdin",
            shape: Shape::Line,
            value,
            from_stdin,
        }
    }

    /// The secret, registered for redaction, or `None` when not given at all.
    pub fn read(&self, stdin: &Stdin, out: Output) -> Result<Option<String>> {
        let secret = if self.from_stdin {
            stdin.claim(self.stdin_flag)?;
            read_stdin(self.stdin_flag, self.shape)?
        } else {
            let Some(value) = self.value else {
                return Ok(None);
            };
            // clap puts the environment's value in the same field: only argv warrants a warning.
            let from_env = std::env::var(self.env).is_ok_and(|env| env == value);
            if !from_env {
                crate::redact::register(value);
                out.warn(&format!(
                    "{} puts a secret where other local users can read it (ps, /proc); use {} or \
                     {} instead.",
                    self.flag, self.stdin_flag, self.env
                ));
            }
            value.to_owned()
        };
        if secret.is_empty() {
            return Err(Error::Usage(format!(
                "{} is empty; nothing was sent",
                self.flag
            )));
        }
        crate::redact::register(&secret);
        Ok(Some(secret))
    }

    /// A PEM value: the text itself when it holds a PEM block, else the file it names.
    pub fn read_key(&self, stdin: &Stdin, out: Output) -> Result<Option<String>> {
        let Some(given) = self.read(stdin, out)? else {
            return Ok(None);
        };
        let pem = pem_or_file(self.flag, &given)?;
        crate::redact::register(&pem);
        Ok(Some(pem))
    }
}

/// A certificate (public, so no warning): the PEM text itself, or the file it names.
pub fn certificate(flag: &str, given: Option<&str>) -> Result<Option<String>> {
    given.map(|given| pem_or_file(flag, given)).transpose()
}

fn pem_or_file(flag: &str, given: &str) -> Result<String> {
    if given.contains("-----BEGIN") {
        return Ok(given.to_owned());
    }
    let text = std::fs::read_to_string(Path::new(given)).map_err(|e| {
        Error::Usage(format!(
            "{flag}: {given:?} is neither PEM text nor a readable file: {e}; nothing was sent"
        ))
    })?;
    if !text.contains("-----BEGIN") {
        return Err(Error::Usage(format!(
            "{flag}: {given} holds no PEM block (-----BEGIN …); nothing was sent"
        )));
    }
    Ok(text)
}

/// A Google Cloud service account key for the API: the JSON key file's content, base64
/// encoded. From `--service-account-file PATH` (`-` for stdin), or the environment
/// variable holding the JSON (or its base64).
pub fn service_account(
    flag: &'static str,
    env: &'static str,
    path: Option<&Path>,
    stdin: &Stdin,
) -> Result<Option<String>> {
    let json = match path {
        Some(path) if path == Path::new("-") => {
            stdin.claim(flag)?;
            read_stdin(flag, Shape::Whole)?
        }
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            Error::Usage(format!(
                "{flag} {}: could not read it: {e}; nothing was sent",
                path.display()
            ))
        })?,
        None => match std::env::var(env) {
            Ok(value) if !value.is_empty() => value,
            _ => return Ok(None),
        },
    };
    crate::redact::register(json.trim());
    let trimmed = json.trim();
    let encoded = if trimmed.starts_with('{') {
        if serde_json::from_str::<serde_json::Value>(trimmed).is_err() {
            return Err(Error::Usage(format!(
                "{flag}: the service account key is not valid JSON (the key file Google Cloud \
                 gives, or its base64); nothing was sent"
            )));
        }
        base64::engine::general_purpose::STANDARD.encode(trimmed)
    } else {
        trimmed.to_owned()
    };
    crate::redact::register(&encoded);
    Ok(Some(encoded))
}

fn read_stdin(flag: &str, shape: Shape) -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::Usage(format!(
            "{flag}: pipe the secret on standard input (printf '%s\\n' \"$SECRET\" | cloud …); \
             nothing was sent"
        )));
    }
    let mut text = String::new();
    let read = match shape {
        Shape::Line => stdin.lock().read_line(&mut text),
        Shape::Whole => stdin.lock().read_to_string(&mut text),
    };
    read.map_err(|e| Error::Usage(format!("{flag}: could not read standard input: {e}")))?;
    let text = match shape {
        Shape::Line => text.trim_end_matches(['\r', '\n']).to_owned(),
        Shape::Whole => text,
    };
    crate::redact::register(text.trim());
    if text.trim().is_empty() {
        return Err(Error::Usage(format!(
            "{flag}: standard input held nothing; nothing was sent"
        )));
    }
    Ok(text)
}
