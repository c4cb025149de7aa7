//! `--table-mapping` of the database sources: `SCHEMA.TABLE[:TARGET_TABLE]`.
//!
//! The source is split at its first `.` (Postgres and MySQL: schema or database and table;
//! BigQuery: dataset and table; MongoDB: database and collection), the target at the first
//! `:` after it. Without a target the ClickHouse table takes the source table's name.

use serde_json::{Value, json};

/// One parsed mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMapping {
    pub schema: String,
    pub table: String,
    pub target: String,
}

pub fn parse(value: &str) -> Result<TableMapping, String> {
    let problem = || {
        format!(
            "expected SCHEMA.TABLE[:TARGET_TABLE], e.g. public.orders or public.orders:pg_orders, not {value:?}"
        )
    };
    let (schema, rest) = value.split_once('.').ok_or_else(problem)?;
    let (table, target) = match rest.split_once(':') {
        Some((table, target)) => (table, target),
        None => (rest, rest),
    };
    if [schema, table, target]
        .iter()
        .any(|part| part.trim().is_empty())
    {
        return Err(problem());
    }
    Ok(TableMapping {
        schema: schema.to_owned(),
        table: table.to_owned(),
        target: target.to_owned(),
    })
}

/// The field names of one source's `tableMappings` items.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub schema: &'static str,
    pub table: &'static str,
}

pub const POSTGRES: Fields = Fields {
    schema: "sourceSchemaName",
    table: "sourceTable",
};
pub const MYSQL: Fields = POSTGRES;
pub const BIGQUERY: Fields = Fields {
    schema: "sourceDatasetName",
    table: "sourceTable",
};
pub const MONGODB: Fields = Fields {
    schema: "sourceDatabaseName",
    table: "sourceCollection",
};

/// `tableMappings` of `mappings`, with `engine` (if given) as each one's `tableEngine`.
pub fn to_json(mappings: &[TableMapping], fields: Fields, engine: Option<&str>) -> Value {
    mappings
        .iter()
        .map(|m| {
            let mut item = json!({
                fields.schema: m.schema,
                fields.table: m.table,
                "targetTable": m.target,
            });
            if let Some(engine) = engine {
                item["tableEngine"] = json!(engine);
            }
            item
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_read_as_documented() {
        let m = parse("public.orders").unwrap();
        assert_eq!(
            (m.schema.as_str(), m.table.as_str(), m.target.as_str()),
            ("public", "orders", "orders")
        );
        let m = parse("sales.orders:pg_orders").unwrap();
        assert_eq!(
            (m.schema.as_str(), m.table.as_str(), m.target.as_str()),
            ("sales", "orders", "pg_orders")
        );
        let m = parse("db.events.v2:events").unwrap();
        assert_eq!((m.schema.as_str(), m.table.as_str()), ("db", "events.v2"));
        for bad in ["orders", ".orders", "public.", "public.orders:", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
