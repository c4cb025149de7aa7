//! The six ClickStack kinds as one table: every leaf of `cloud clickstack <kind>` is the same
//! code, given the row of its kind.

use serde_json::Value;

use crate::output::Column;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Dashboard,
    Alert,
    Source,
    Webhook,
    Role,
    SavedSearch,
}

/// The verbs every kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    List,
    Get,
    Create,
    Update,
    Delete,
}

impl Verb {
    fn from_name(name: &str) -> Option<Verb> {
        match name {
            "list" => Some(Verb::List),
            "get" => Some(Verb::Get),
            "create" => Some(Verb::Create),
            "update" => Some(Verb::Update),
            "delete" => Some(Verb::Delete),
            _ => None,
        }
    }
}

/// How a table cell is made from an object.
#[derive(Debug, Clone, Copy)]
pub enum Cell {
    /// The value at a JSON pointer, as text.
    At(&'static str),
    /// How many items the array at the pointer has.
    Count(&'static str),
}

/// One column of the list (and row of the detail view).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub column: Column,
    /// The detail view's label.
    pub label: &'static str,
    pub cell: Cell,
}

const fn field(column: Column, label: &'static str, cell: Cell) -> Field {
    Field {
        column,
        label,
        cell,
    }
}

const ID: Field = field(Column::key("id"), "ID", Cell::At("/id"));
const NAME: Field = field(Column::key("name"), "Name", Cell::At("/name"));

/// `&["organizationGetList", "instanceGetList", op]`: the org and service may be looked up first.
macro_rules! ops {
    ($op:literal) => {
        &["organizationGetList", "instanceGetList", $op]
    };
}

pub struct Row {
    /// The path segment after `/clickstack/`.
    pub segment: &'static str,
    /// `saved search`
    pub noun: &'static str,
    /// `saved searches`
    pub plural: &'static str,
    /// The command word: `saved-search`.
    pub word: &'static str,
    /// The spec's name of the id path parameter.
    pub id_param: &'static str,
    /// Operation ids by verb: list, get, create, update, delete. `get` of webhooks lists:
    /// the spec has no GET of one webhook.
    pub operations: [&'static [&'static str]; 5],
    /// Fields the spec requires in the create and the update body.
    pub required_create: &'static [&'static str],
    pub required_update: &'static [&'static str],
    pub fields: &'static [Field],
    /// What a minimal body looks like, for help.
    pub example_body: &'static str,
}

const DASHBOARD: Row = Row {
    segment: "dashboards",
    noun: "dashboard",
    plural: "dashboards",
    word: "dashboard",
    id_param: "clickStackDashboardId",
    operations: [
        ops!("clickStackListDashboards"),
        ops!("clickStackGetDashboard"),
        ops!("clickStackCreateDashboard"),
        ops!("clickStackUpdateDashboard"),
        ops!("clickStackDeleteDashboard"),
    ],
    required_create: &["name", "tiles"],
    required_update: &["name", "tiles"],
    fields: &[
        ID,
        NAME,
        field(Column::ranked("tiles", 1), "Tiles", Cell::Count("/tiles")),
        field(Column::text("tags", 2), "Tags", Cell::At("/tags")),
    ],
    example_body: r#"{"name": "Errors", "tiles": []}"#,
};

const ALERT: Row = Row {
    segment: "alerts",
    noun: "alert",
    plural: "alerts",
    word: "alert",
    id_param: "clickStackAlertId",
    operations: [
        ops!("clickStackListAlerts"),
        ops!("clickStackGetAlert"),
        ops!("clickStackCreateAlert"),
        ops!("clickStackUpdateAlert"),
        ops!("clickStackDeleteAlert"),
    ],
    required_create: &[],
    required_update: &[],
    fields: &[
        ID,
        NAME,
        field(Column::ranked("state", 1), "State", Cell::At("/state")),
        field(Column::ranked("source", 2), "Source", Cell::At("/source")),
        field(
            Column::ranked("interval", 3),
            "Interval",
            Cell::At("/interval"),
        ),
        field(
            Column::ranked("threshold", 4),
            "Threshold",
            Cell::At("/threshold"),
        ),
        field(
            Column::ranked("type", 5),
            "Threshold type",
            Cell::At("/thresholdType"),
        ),
    ],
    example_body: r#"{"name": "Too many errors", "source": "saved_search", "savedSearchId": "<ID>", "interval": "5m", "threshold": 10, "thresholdType": "above", "channel": {"type": "webhook", "webhookId": "<ID>"}}"#,
};

const SOURCE: Row = Row {
    segment: "sources",
    noun: "source",
    plural: "sources",
    word: "source",
    id_param: "clickStackSourceId",
    operations: [
        ops!("clickStackListSources"),
        ops!("clickStackGetSource"),
        ops!("clickStackCreateSource"),
        ops!("clickStackUpdateSource"),
        ops!("clickStackDeleteSource"),
    ],
    // Common to every `kind` of the spec's `oneOf`; the server checks the kind's own.
    required_create: &["name", "kind", "connection", "from"],
    required_update: &["name", "kind", "connection", "from"],
    fields: &[
        ID,
        NAME,
        field(Column::ranked("kind", 1), "Kind", Cell::At("/kind")),
        field(
            Column::ranked("database", 2),
            "Database",
            Cell::At("/from/databaseName"),
        ),
        field(
            Column::ranked("table", 2),
            "Table",
            Cell::At("/from/tableName"),
        ),
    ],
    example_body: r#"{"name": "Logs", "kind": "log", "connection": "<ID>", "from": {"databaseName": "default", "tableName": "otel_logs"}, "defaultTableSelectExpression": "*", "timestampValueExpression": "TimestampTime"}"#,
};

const WEBHOOK: Row = Row {
    segment: "webhooks",
    noun: "webhook",
    plural: "webhooks",
    word: "webhook",
    id_param: "clickStackWebhookId",
    operations: [
        ops!("clickStackListWebhooks"),
        ops!("clickStackListWebhooks"),
        ops!("clickStackCreateWebhook"),
        ops!("clickStackUpdateWebhook"),
        ops!("clickStackDeleteWebhook"),
    ],
    required_create: &["name", "service", "url"],
    required_update: &["name", "service", "url"],
    // No URL column: webhook URLs often carry a token (Slack). `--json` has it.
    fields: &[
        ID,
        NAME,
        field(
            Column::ranked("service", 1),
            "Service",
            Cell::At("/service"),
        ),
        field(
            Column::text("description", 2),
            "Description",
            Cell::At("/description"),
        ),
    ],
    example_body: r#"{"name": "On call", "service": "generic", "url": "https://hooks.example.com/alerts"}"#,
};

const ROLE: Row = Row {
    segment: "roles",
    noun: "role",
    plural: "roles",
    word: "role",
    id_param: "clickStackRoleId",
    operations: [
        ops!("clickStackListRoles"),
        ops!("clickStackGetRole"),
        ops!("clickStackCreateRole"),
        ops!("clickStackUpdateRole"),
        ops!("clickStackDeleteRole"),
    ],
    required_create: &["name", "permissions"],
    required_update: &["permissions"],
    fields: &[
        ID,
        NAME,
        field(
            Column::ranked("permissions", 1),
            "Permissions",
            Cell::Count("/permissions"),
        ),
        field(
            Column::text("description", 2),
            "Description",
            Cell::At("/description"),
        ),
    ],
    example_body: r#"{"name": "Viewers", "permissions": []}"#,
};

const SAVED_SEARCH: Row = Row {
    segment: "saved-searches",
    noun: "saved search",
    plural: "saved searches",
    word: "saved-search",
    id_param: "clickStackSavedSearchId",
    operations: [
        ops!("clickStackListSavedSearches"),
        ops!("clickStackGetSavedSearch"),
        ops!("clickStackCreateSavedSearch"),
        ops!("clickStackUpdateSavedSearch"),
        ops!("clickStackDeleteSavedSearch"),
    ],
    required_create: &["name", "sourceId"],
    required_update: &["name", "sourceId"],
    fields: &[
        ID,
        NAME,
        field(Column::ranked("source", 1), "Source", Cell::At("/sourceId")),
        field(Column::text("where", 2), "Where", Cell::At("/where")),
    ],
    example_body: r#"{"name": "Errors", "sourceId": "<SOURCE_ID>", "where": "SeverityText = 'error'"}"#,
};

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Dashboard,
        Kind::Alert,
        Kind::Source,
        Kind::Webhook,
        Kind::Role,
        Kind::SavedSearch,
    ];

    pub fn row(self) -> &'static Row {
        match self {
            Kind::Dashboard => &DASHBOARD,
            Kind::Alert => &ALERT,
            Kind::Source => &SOURCE,
            Kind::Webhook => &WEBHOOK,
            Kind::Role => &ROLE,
            Kind::SavedSearch => &SAVED_SEARCH,
        }
    }

    pub fn operations(self, verb: Verb) -> &'static [&'static str] {
        let row = self.row();
        match verb {
            Verb::List => row.operations[0],
            Verb::Get => row.operations[1],
            Verb::Create => row.operations[2],
            Verb::Update => row.operations[3],
            Verb::Delete => row.operations[4],
        }
    }

    /// The one-line help of a leaf.
    fn about(self, verb: Verb) -> String {
        let Row { noun, plural, .. } = self.row();
        match verb {
            Verb::List => format!("List the ClickStack {plural} of a service"),
            Verb::Get => format!("Show one ClickStack {noun}"),
            Verb::Create => format!("Create a ClickStack {noun} from a JSON file"),
            Verb::Update => format!("Replace a ClickStack {noun} with a JSON file"),
            Verb::Delete => format!("Delete a ClickStack {noun}"),
        }
    }

    /// The text after a leaf's options: examples of itself, and for writes the context for
    /// agents.
    fn after_help(self, verb: Verb) -> String {
        let row = self.row();
        let (word, noun) = (row.word, row.noun);
        let path = format!("cloud clickstack {word}");
        let op = self.operations(verb).last().copied().unwrap_or_default();
        let required = |fields: &[&str]| match fields {
            [] => "The spec requires no field; the server checks the body.".to_owned(),
            fields => format!(
                "The body must be a JSON object with {}; it is checked before anything is sent \
                 (exit 2), the server judges the rest.",
                fields
                    .iter()
                    .map(|f| format!("\"{f}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        match verb {
            Verb::List => format!(
                "SERVICE is a service ID or name.\n\nExamples:\n  {path} list <SERVICE>\n  \
                 {path} list <SERVICE> --json --jq '.[].id'"
            ),
            Verb::Get if self == Kind::Webhook => format!(
                "The API has no request for one webhook: this lists the service's webhooks and \
                 shows the one with the ID.\n\nExamples:\n  {path} get <SERVICE> <WEBHOOK_ID>\n  \
                 {path} get <SERVICE> <WEBHOOK_ID> --json"
            ),
            Verb::Get => format!(
                "Examples:\n  {path} get <SERVICE> <ID>   # an ID from `list`\n  \
                 {path} get <SERVICE> <ID> --json"
            ),
            Verb::Create => crate::commands::agents::after(
                &format!(
                    "{}\n\nExamples:\n  {path} create <SERVICE> --file {word}.json\n  \
                     echo '{}' | {path} create <SERVICE> --file -",
                    required(row.required_create),
                    row.example_body
                ),
                crate::commands::agents::write(&format!(
                    "creates a ClickStack {noun} in the service ({op})."
                )),
            ),
            Verb::Update => crate::commands::agents::after(
                &format!(
                    "The body replaces the {noun} (PUT): send all of it, e.g. `{path} get \
                     <SERVICE> <ID> --json` edited.\n{}\n\nExamples:\n  \
                     {path} update <SERVICE> <ID> --file {word}.json\n  \
                     {path} update <SERVICE> <ID> --file - < {word}.json",
                    required(row.required_update)
                ),
                crate::commands::agents::write(&format!("replaces a ClickStack {noun} ({op}).")),
            ),
            Verb::Delete => crate::commands::agents::after(
                &format!(
                    "Examples:\n  {path} delete <SERVICE> <ID>\n  {path} delete <SERVICE> <ID> \
                     --yes    # in CI, where nothing can ask"
                ),
                crate::commands::agents::destructive(&format!(
                    "deletes a ClickStack {noun} ({op})."
                )),
            ),
        }
    }

    /// Gives the generic leaves of `cloud clickstack <kind>` this kind's help.
    pub fn leaf_help(self, leaf: clap::Command) -> clap::Command {
        match Verb::from_name(leaf.get_name()) {
            Some(verb) => leaf
                .about(self.about(verb))
                .after_help(self.after_help(verb)),
            None => leaf,
        }
    }

    /// The help of `cloud clickstack <kind>`.
    pub fn noun_help(self) -> String {
        let row = self.row();
        let reads = "list, get";
        let (writes, validate) = if self == Kind::Dashboard {
            (
                "create, update, delete, validate",
                " `validate` changes nothing but is a POST, which the API accepts only from API \
                 keys, so it counts as a write.",
            )
        } else {
            ("create, update, delete", "")
        };
        crate::commands::agents::noun(
            &format!(
                "The ClickStack (HyperDX) {} of a service, as the API's JSON objects: bodies \
                 come from --file (JSON).{validate}",
                row.plural
            ),
            reads,
            writes,
        )
    }
}

/// A JSON value as text: a string as it is, anything else as compact JSON.
pub fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// A cell's text: strings as they are, arrays joined, other values as compact JSON; `-` when
/// absent, null or empty.
pub fn cell(object: &Value, cell: Cell) -> String {
    match cell {
        Cell::Count(pointer) => object
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or_else(|| "-".into(), |items| items.len().to_string()),
        Cell::At(pointer) => {
            let text = match object.pointer(pointer) {
                None => String::new(),
                Some(value) if value.is_null() => String::new(),
                Some(value) => match value.as_array() {
                    Some(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
                    None => plain(value),
                },
            };
            if text.is_empty() { "-".into() } else { text }
        }
    }
}
