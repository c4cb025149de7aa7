//! `cloud config …`: the settings of one context (the one `--context` names, else the
//! active one) in config.toml. No network and no keyring: only config.toml changes.
//!
//! Classified Read like `auth login`/`logout`: Read and Write are about ClickHouse Cloud,
//! and these change nothing there. They open no session, so the `--read-only` clamp (a
//! limit on credentials) does not stop anyone from editing their own settings, as it does
//! not stop `auth logout`.

mod get;
pub mod keys;
mod list;
mod set;
mod unset;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::App;
use crate::error::Result;
use crate::state::{Config, Paths};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show every setting of the context, set or not
    List(list::Args),
    /// Print one setting of the context
    Get(get::Args),
    /// Change one setting of the context (creating the context if needed)
    Set(set::Args),
    /// Remove one setting of the context, so its default applies again
    Unset(unset::Args),
}

impl Classified for ConfigCommand {
    fn access(&self) -> Access {
        match self {
            ConfigCommand::List(_) => Access::Read,
            ConfigCommand::Get(_) => Access::Read,
            ConfigCommand::Set(_) => Access::Read,
            ConfigCommand::Unset(_) => Access::Read,
        }
    }
}

impl Operations for ConfigCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ConfigCommand::List(_) => &[],
            ConfigCommand::Get(_) => &[],
            ConfigCommand::Set(_) => &[],
            ConfigCommand::Unset(_) => &[],
        }
    }
}

impl ConfigCommand {
    pub async fn run(self, app: &App) -> Result<()> {
        match self {
            ConfigCommand::List(args) => list::run(args, app),
            ConfigCommand::Get(args) => get::run(args, app),
            ConfigCommand::Set(args) => set::run(args, app),
            ConfigCommand::Unset(args) => unset::run(args, app),
        }
    }
}

/// The configuration and the context the command is about.
fn selected(app: &App) -> Result<(Paths, Config, String)> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths)?;
    let (context, _) = app.selected_context(&config);
    Ok((paths, config, context))
}
