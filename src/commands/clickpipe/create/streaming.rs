//! The destination flags of the streaming and object storage sources (Kafka, Kinesis,
//! object storage, Pub/Sub): a table, its columns, and how source fields map onto them.

use serde_json::{Map, Value, json};

use super::spec;

#[derive(Debug, clap::Args)]
pub struct Destination {
    /// Destination database
    #[arg(long, default_value = "default", conflicts_with = "file")]
    pub database: String,

    /// Destination table
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub table: Option<String>,

    /// A column of the destination table, NAME:TYPE with a ClickHouse type (repeatable, in order)
    #[arg(
        long = "column",
        value_name = "COLUMNS",
        value_parser = super::column,
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub columns: Vec<(String, String)>,

    /// Whether ClickPipes creates and manages the table (false: the table exists)
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set, value_parser = crate::args::boolean, conflicts_with = "file")]
    pub managed_table: bool,

    /// Engine of a managed table
    #[arg(long, default_value = "MergeTree", value_parser = spec::values(&spec::CP_DESTINATION_TABLE_ENGINE, "type"), conflicts_with = "file")]
    pub engine: String,

    /// A sorting key column of a managed table (repeatable, in order)
    #[arg(long = "sorting-key", value_name = "COLUMN", conflicts_with = "file")]
    pub sorting_keys: Vec<String>,

    /// PARTITION BY expression of a managed table
    #[arg(long, value_name = "EXPR", conflicts_with = "file")]
    pub partition_by: Option<String>,

    /// PRIMARY KEY expression of a managed table
    #[arg(long, value_name = "EXPR", conflicts_with = "file")]
    pub primary_key: Option<String>,

    /// SOURCE_FIELD:COLUMN (repeatable) [default: each column from the source field of its name]
    #[arg(long = "field-mapping", value_name = "SOURCE:COLUMN", value_parser = field_mapping, conflicts_with = "file")]
    pub field_mappings: Vec<(String, String)>,

    /// A role to grant the ClickHouse user the pipe writes with (repeatable) [default: default_role]
    #[arg(long = "role", value_name = "ROLE", conflicts_with = "file")]
    pub roles: Vec<String>,
}

fn field_mapping(value: &str) -> Result<(String, String), String> {
    match value.split_once(':') {
        Some((source, column)) if !source.is_empty() && !column.is_empty() => {
            Ok((source.to_owned(), column.to_owned()))
        }
        _ => Err("expected SOURCE_FIELD:COLUMN, e.g. user.id:user_id".into()),
    }
}

impl Destination {
    /// Adds `destination` and `fieldMappings`.
    pub fn add_to(&self, body: &mut Map<String, Value>) {
        let mut destination = Map::new();
        destination.insert("database".into(), json!(self.database));
        if let Some(table) = &self.table {
            destination.insert("table".into(), json!(table));
        }
        destination.insert("managedTable".into(), json!(self.managed_table));
        if self.managed_table {
            let mut definition = Map::new();
            definition.insert("engine".into(), json!({ "type": self.engine }));
            if !self.sorting_keys.is_empty() {
                definition.insert("sortingKey".into(), json!(self.sorting_keys));
            }
            if let Some(partition) = &self.partition_by {
                definition.insert("partitionBy".into(), json!(partition));
            }
            if let Some(primary) = &self.primary_key {
                definition.insert("primaryKey".into(), json!(primary));
            }
            destination.insert("tableDefinition".into(), Value::Object(definition));
        }
        let columns: Vec<Value> = self
            .columns
            .iter()
            .map(|(name, kind)| json!({"name": name, "type": kind}))
            .collect();
        destination.insert("columns".into(), Value::Array(columns));
        if !self.roles.is_empty() {
            destination.insert("roles".into(), json!(self.roles));
        }
        body.insert("destination".into(), Value::Object(destination));
        // The API wants every destination column mapped.
        let mappings: Vec<Value> = if self.field_mappings.is_empty() {
            self.columns
                .iter()
                .map(|(name, _)| json!({"sourceField": name, "destinationField": name}))
                .collect()
        } else {
            self.field_mappings
                .iter()
                .map(|(source, column)| json!({"sourceField": source, "destinationField": column}))
                .collect()
        };
        body.insert("fieldMappings".into(), Value::Array(mappings));
    }
}
