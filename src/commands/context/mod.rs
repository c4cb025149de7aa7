//! `cloud context …`: named sets of settings and stored credentials (kubectl's contexts;
//! `--profile` already means a service's instance profile). Only local state changes.
//!
//! Classified Read like `auth login`/`logout`: Read and Write are about ClickHouse Cloud,
//! and these change nothing there. They open no session, so the `--read-only` clamp (a
//! limit on credentials) does not stop anyone from managing their own contexts.

mod delete;
mod list;
mod rename;
mod show;
mod r#use;

use std::collections::BTreeSet;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::App;
use crate::commands::confirm;
use crate::config::DEFAULT_CONTEXT;
use crate::error::{Error, Result};
use crate::state::{Config, ContextConfig};

#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// List the contexts, marking the active one
    List(list::Args),
    /// Make a context the active one
    Use(r#use::Args),
    /// Show a context (the active one by default), why it is active, and its settings
    Show(show::Args),
    /// Rename a context, with its stored credentials
    Rename(rename::Args),
    /// Delete a context and every credential stored for it
    Delete(delete::Args),
}

impl Classified for ContextCommand {
    fn access(&self) -> Access {
        match self {
            ContextCommand::List(_) => Access::Read,
            ContextCommand::Use(_) => Access::Read,
            ContextCommand::Show(_) => Access::Read,
            ContextCommand::Rename(_) => Access::Read,
            ContextCommand::Delete(_) => Access::Read,
        }
    }
}

impl Operations for ContextCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ContextCommand::List(_) => &[],
            ContextCommand::Use(_) => &[],
            ContextCommand::Show(_) => &[],
            ContextCommand::Rename(_) => &[],
            ContextCommand::Delete(_) => &[],
        }
    }
}

impl ContextCommand {
    /// `context delete` removes stored credentials for good, so it asks (see [`confirm`]).
    pub fn confirmation(&self) -> Option<confirm::Yes> {
        match self {
            ContextCommand::Delete(args) => Some(args.yes),
            ContextCommand::List(_)
            | ContextCommand::Use(_)
            | ContextCommand::Show(_)
            | ContextCommand::Rename(_) => None,
        }
    }

    pub async fn run(self, app: &App) -> Result<()> {
        match self {
            ContextCommand::List(args) => list::run(args, app),
            ContextCommand::Use(args) => r#use::run(args, app),
            ContextCommand::Show(args) => show::run(args, app),
            ContextCommand::Rename(args) => rename::run(args, app).await,
            ContextCommand::Delete(args) => delete::run(args, app).await,
        }
    }
}

/// Every context there is: those in config.toml, and `default`, which always exists.
fn known(config: &Config) -> BTreeSet<String> {
    config
        .contexts
        .keys()
        .cloned()
        .chain([DEFAULT_CONTEXT.to_owned()])
        .collect()
}

/// A name that is not a context, with the ones there are.
fn unknown(name: &str, config: &Config) -> Error {
    let known: Vec<String> = known(config).into_iter().collect();
    Error::Usage(format!(
        "there is no context `{name}`; the contexts are: {}. A context is created by \
         `cloud config set <KEY> <VALUE> --context {name}` or `cloud auth login --context {name}`",
        known.join(", ")
    ))
}

/// The stored credentials of a context, as a person reads them (never a secret).
fn credentials(context: &ContextConfig) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(key) = &context.api_key {
        found.push(format!("API key {}", key.key_id));
    }
    if let Some(login) = &context.oauth {
        found.push(format!("OAuth {}", login.identity()));
    }
    found
}

/// A context that cannot be renamed because nothing of it is stored.
fn unknown_to_rename(name: &str, config: &Config) -> Error {
    if name == DEFAULT_CONTEXT {
        return Error::Usage(format!(
            "the context `{name}` has nothing stored to rename; set something first, e.g. \
             `cloud config set api-url <URL>`"
        ));
    }
    unknown(name, config)
}
