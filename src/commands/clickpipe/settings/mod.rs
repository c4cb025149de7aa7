//! `cloud clickpipe settings get|update`: a ClickPipe's advanced settings.

mod get;
mod update;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the advanced settings of a ClickPipe
    Get(get::Args),
    /// Change some advanced settings of a ClickPipe
    Update(Box<update::Args>),
}

impl Classified for SettingsCommand {
    fn access(&self) -> Access {
        match self {
            SettingsCommand::Get(_) => Access::Read,
            SettingsCommand::Update(_) => Access::Write,
        }
    }
}

impl SettingsCommand {
    /// Checks what needs no request, before the session.
    pub fn prepare(&self) -> Result<()> {
        match self {
            SettingsCommand::Update(args) => args.checked().map(drop),
            SettingsCommand::Get(_) => Ok(()),
        }
    }
}

impl Operations for SettingsCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            SettingsCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeSettingsGet",
            ],
            // The settings not given are sent as they stand (read first).
            SettingsCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeGetList",
                "clickPipeSettingsGet",
                "clickPipeSettingsUpdate",
            ],
        }
    }
}

impl ApiCommand for SettingsCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            SettingsCommand::Get(args) => get::run(args, session.read(), out).await,
            SettingsCommand::Update(args) => update::run(*args, session.write()?, out).await,
        }
    }
}

/// A settings object as a table: one row per setting, in name order.
fn table(settings: &serde_json::Map<String, serde_json::Value>) -> crate::output::List {
    use crate::output::{Column, list_table};
    use serde_json::Value;
    let mut names: Vec<&String> = settings.keys().collect();
    names.sort();
    list_table(
        &[Column::key("setting"), Column::ranked("value", 0)],
        names.into_iter().map(|name| {
            let value = match &settings[name] {
                Value::String(text) => text.clone(),
                Value::Null => "-".into(),
                other
                @ (Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_)) => {
                    other.to_string()
                }
            };
            vec![name.clone(), value]
        }),
    )
}
