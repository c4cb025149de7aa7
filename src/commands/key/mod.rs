//! `cloud key …`

mod create;
mod delete;
mod get;
mod list;
mod update;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::ApiKey;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// List the API keys of the organization
    List(list::Args),
    /// Show one API key
    Get(get::Args),
    /// Create an API key and print its secret (shown only once)
    Create(create::Args),
    /// Change an API key's name, roles, expiry, state or IP access list
    Update(update::Args),
    /// Delete an API key
    Delete(delete::Args),
}

impl Classified for KeyCommand {
    fn access(&self) -> Access {
        match self {
            KeyCommand::List(_) => Access::Read,
            KeyCommand::Get(_) => Access::Read,
            KeyCommand::Create(_) => Access::Write,
            KeyCommand::Update(_) => Access::Write,
            KeyCommand::Delete(_) => Access::Write,
        }
    }
}

impl KeyCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            KeyCommand::List(_) => None,
            KeyCommand::Get(_) => None,
            KeyCommand::Create(_) => None,
            KeyCommand::Update(_) => None,
            KeyCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for KeyCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            KeyCommand::List(_) => &["organizationGetList", "openapiKeyGetList"],
            KeyCommand::Get(_) => &["organizationGetList", "openapiKeyGetList", "openapiKeyGet"],
            KeyCommand::Create(_) => &["organizationGetList", "openapiKeyCreate"],
            KeyCommand::Update(_) => &[
                "organizationGetList",
                "openapiKeyGetList",
                "openapiKeyUpdate",
            ],
            KeyCommand::Delete(_) => &[
                "organizationGetList",
                "openapiKeyGetList",
                "openapiKeyGet",
                "openapiKeyDelete",
            ],
        }
    }
}

impl ApiCommand for KeyCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            KeyCommand::List(args) => list::run(args, session.read(), out).await,
            KeyCommand::Get(args) => get::run(args, session.read(), out).await,
            KeyCommand::Create(args) => create::run(args, session.write()?, out).await,
            KeyCommand::Update(args) => update::run(args, session.write()?, out).await,
            KeyCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

/// Assigned role names, else the deprecated `roles`.
fn roles(key: &ApiKey) -> String {
    crate::commands::member::roles(&key.assigned_roles, crate::output::join(&key.roles))
}

/// The IP access list as `source, source…`; `-` when empty (any address).
fn ip_access_list(key: &ApiKey) -> Option<String> {
    key.ip_access_list.as_ref().map(|entries| {
        let sources: Vec<String> = entries.iter().filter_map(|e| e.source.clone()).collect();
        if sources.is_empty() {
            "-".into()
        } else {
            sources.join(", ")
        }
    })
}

/// The rows of the detail view, shared by `get`, `update` and `create`.
fn detail_rows(key: &ApiKey) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("ID", key.id.clone()),
        ("Name", key.name.clone()),
        ("State", key.state.clone()),
        ("Roles", Some(roles(key))),
        ("Key suffix", key.key_suffix.clone()),
        (
            "Created",
            key.created_at.as_deref().map(crate::output::local_time),
        ),
        (
            "Expires",
            Some(
                key.expire_at
                    .as_deref()
                    .map_or_else(|| "never".into(), crate::output::local_time),
            ),
        ),
        (
            "Last used",
            key.used_at.as_deref().map(crate::output::local_time),
        ),
        ("IP access list", ip_access_list(key)),
    ]
}

fn detail(key: &ApiKey) -> comfy_table::Table {
    crate::output::detail_table(detail_rows(key))
}
