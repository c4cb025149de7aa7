//! `cloud clickstack <kind> …`: ClickStack (HyperDX) dashboards, alerts, sources, webhooks,
//! roles and saved searches of a service.
//!
//! The six kinds are the same five verbs over different paths, so one set of leaves serves
//! them all, given the row of [`kind::Kind`]'s table (path, operation ids, required fields,
//! columns). Each kind's leaves get their own help from that row ([`kind::Kind::leaf_help`]).

mod body;
mod create;
mod delete;
mod get;
pub mod kind;
mod list;
mod update;
mod validate;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::commands::confirm::Yes;
use crate::error::Result;
use crate::output::Output;

use kind::{Kind, Verb};

#[derive(Debug, Subcommand)]
pub enum ClickStackCommand {
    /// Dashboards: list, get, create, update, delete, validate
    #[command(
        subcommand,
        after_help = Kind::Dashboard.noun_help(),
        mut_subcommands(|leaf| Kind::Dashboard.leaf_help(leaf))
    )]
    Dashboard(DashboardCommand),
    /// Alerts: list, get, create, update, delete
    #[command(
        subcommand,
        after_help = Kind::Alert.noun_help(),
        mut_subcommands(|leaf| Kind::Alert.leaf_help(leaf))
    )]
    Alert(KindCommand),
    /// Sources (the tables ClickStack reads): list, get, create, update, delete
    #[command(
        subcommand,
        after_help = Kind::Source.noun_help(),
        mut_subcommands(|leaf| Kind::Source.leaf_help(leaf))
    )]
    Source(KindCommand),
    /// Webhooks alerts notify: list, get, create, update, delete
    #[command(
        subcommand,
        after_help = Kind::Webhook.noun_help(),
        mut_subcommands(|leaf| Kind::Webhook.leaf_help(leaf))
    )]
    Webhook(KindCommand),
    /// ClickStack roles (not the organization's): list, get, create, update, delete
    #[command(
        subcommand,
        after_help = Kind::Role.noun_help(),
        mut_subcommands(|leaf| Kind::Role.leaf_help(leaf))
    )]
    Role(KindCommand),
    /// Saved searches: list, get, create, update, delete
    #[command(
        subcommand,
        after_help = Kind::SavedSearch.noun_help(),
        mut_subcommands(|leaf| Kind::SavedSearch.leaf_help(leaf))
    )]
    SavedSearch(KindCommand),
}

/// The verbs of every kind. Their help is set per kind by [`Kind::leaf_help`].
#[derive(Debug, Subcommand)]
pub enum KindCommand {
    List(list::Args),
    Get(get::Args),
    Create(create::Args),
    Update(update::Args),
    Delete(delete::Args),
}

/// Dashboards: the common verbs, and `validate`.
#[derive(Debug, Subcommand)]
pub enum DashboardCommand {
    #[command(flatten)]
    Common(KindCommand),
    /// Check a dashboard JSON file with the server, creating nothing
    Validate(validate::Args),
}

impl ClickStackCommand {
    /// The kind and its verbs; `None` for `dashboard validate`.
    fn split(&self) -> (Kind, Option<&KindCommand>) {
        match self {
            ClickStackCommand::Dashboard(DashboardCommand::Common(c)) => (Kind::Dashboard, Some(c)),
            ClickStackCommand::Dashboard(DashboardCommand::Validate(_)) => (Kind::Dashboard, None),
            ClickStackCommand::Alert(c) => (Kind::Alert, Some(c)),
            ClickStackCommand::Source(c) => (Kind::Source, Some(c)),
            ClickStackCommand::Webhook(c) => (Kind::Webhook, Some(c)),
            ClickStackCommand::Role(c) => (Kind::Role, Some(c)),
            ClickStackCommand::SavedSearch(c) => (Kind::SavedSearch, Some(c)),
        }
    }

    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<Yes> {
        match self.split().1? {
            KindCommand::List(_) => None,
            KindCommand::Get(_) => None,
            KindCommand::Create(_) => None,
            KindCommand::Update(_) => None,
            KindCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl KindCommand {
    fn verb(&self) -> Verb {
        match self {
            KindCommand::List(_) => Verb::List,
            KindCommand::Get(_) => Verb::Get,
            KindCommand::Create(_) => Verb::Create,
            KindCommand::Update(_) => Verb::Update,
            KindCommand::Delete(_) => Verb::Delete,
        }
    }
}

impl Classified for ClickStackCommand {
    fn access(&self) -> Access {
        match self.split().1 {
            Some(KindCommand::List(_)) => Access::Read,
            Some(KindCommand::Get(_)) => Access::Read,
            Some(KindCommand::Create(_)) => Access::Write,
            Some(KindCommand::Update(_)) => Access::Write,
            Some(KindCommand::Delete(_)) => Access::Write,
            // `dashboard validate` changes nothing, but it is a POST, and ClickHouse Cloud
            // accepts POSTs only from API keys (OAuth logins are read-only): the gate follows
            // what the server allows, not what the verb suggests.
            None => Access::Write,
        }
    }
}

impl Operations for ClickStackCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self.split() {
            (kind, Some(command)) => kind.operations(command.verb()),
            (_, None) => &[
                "organizationGetList",
                "instanceGetList",
                "clickStackValidateDashboard",
            ],
        }
    }
}

impl ApiCommand for ClickStackCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        let (kind, command) = match self {
            ClickStackCommand::Dashboard(DashboardCommand::Validate(args)) => {
                return validate::run(args, session.write()?, out).await;
            }
            ClickStackCommand::Dashboard(DashboardCommand::Common(c)) => (Kind::Dashboard, c),
            ClickStackCommand::Alert(c) => (Kind::Alert, c),
            ClickStackCommand::Source(c) => (Kind::Source, c),
            ClickStackCommand::Webhook(c) => (Kind::Webhook, c),
            ClickStackCommand::Role(c) => (Kind::Role, c),
            ClickStackCommand::SavedSearch(c) => (Kind::SavedSearch, c),
        };
        match command {
            KindCommand::List(args) => list::run(kind, args, session.read(), out).await,
            KindCommand::Get(args) => get::run(kind, args, session.read(), out).await,
            KindCommand::Create(args) => create::run(kind, args, session.write()?, out).await,
            KindCommand::Update(args) => update::run(kind, args, session.write()?, out).await,
            KindCommand::Delete(args) => delete::run(kind, args, session.write()?, out).await,
        }
    }
}

/// A ClickStack object ID as given: non-empty, printable, no `/`.
fn object_id(value: &str) -> std::result::Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.contains('/') || value.chars().any(char::is_control) {
        return Err("expected the `id` that `list` shows".to_owned());
    }
    Ok(value.to_owned())
}

/// The detail view of `get`, `create` and `update`: the kind's columns.
fn detail(kind: Kind, object: &serde_json::Value) -> comfy_table::Table {
    crate::output::detail_table(kind.row().fields.iter().map(|f| {
        (
            f.label,
            Some(kind::cell(object, f.cell)).filter(|c| c != "-"),
        )
    }))
}
