//! `cloud service settings …`: ClickHouse settings configured on a service.

mod get;
mod list;
mod schema;
mod set;
mod unset;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// List the ClickHouse settings set on a service
    List(list::Args),
    /// Show one ClickHouse setting of a service
    Get(get::Args),
    /// List every setting that may be set, with its type, allowed values and warnings
    Schema(schema::Args),
    /// Set ClickHouse settings on a service (NAME=VALUE, or a JSON object from --file)
    Set(set::Args),
    /// Reset a ClickHouse setting of a service to the platform default
    Unset(unset::Args),
}

impl Classified for SettingsCommand {
    fn access(&self) -> Access {
        match self {
            SettingsCommand::List(_) => Access::Read,
            SettingsCommand::Get(_) => Access::Read,
            SettingsCommand::Schema(_) => Access::Read,
            SettingsCommand::Set(_) => Access::Write,
            SettingsCommand::Unset(_) => Access::Write,
        }
    }
}

impl Operations for SettingsCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            SettingsCommand::List(_) => &[
                "organizationGetList",
                "instanceGetList",
                "serviceClickhouseSettingsListGet",
            ],
            SettingsCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "serviceClickhouseSettingGet",
            ],
            SettingsCommand::Schema(_) => &[
                "organizationGetList",
                "instanceGetList",
                "serviceClickhouseSettingsSchemaGet",
            ],
            SettingsCommand::Set(_) => &[
                "organizationGetList",
                "instanceGetList",
                "serviceClickhouseSettingsUpdate",
            ],
            SettingsCommand::Unset(_) => &[
                "organizationGetList",
                "instanceGetList",
                "serviceClickhouseSettingDelete",
            ],
        }
    }
}

impl ApiCommand for SettingsCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            SettingsCommand::List(args) => list::run(args, session.read(), out).await,
            SettingsCommand::Get(args) => get::run(args, session.read(), out).await,
            SettingsCommand::Schema(args) => schema::run(args, session.read(), out).await,
            SettingsCommand::Set(args) => set::run(args, session.write()?, out).await,
            SettingsCommand::Unset(args) => unset::run(args, session.write()?, out).await,
        }
    }
}

/// A setting name as ClickHouse spells them (`max_threads`, `keep_alive_timeout`); checked
/// before it becomes a path segment or a key.
pub(crate) fn setting_name(value: &str) -> std::result::Result<String, String> {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "{value:?} is not a setting name (letters, digits, _ and .); `cloud service settings schema <SERVICE>` lists them"
        ))
    }
}
