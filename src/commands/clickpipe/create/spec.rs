//! The spec's ClickPipes request schemas as tables, and the check every create and
//! schema-discovery body passes before anything is sent.
//!
//! The tables were generated from the vendored spec (`spec/clickhouse-cloud-openapi.json`,
//! `ClickPipePostRequest` and `ClickPipeSchemaDiscoveryRequest` with every schema they
//! reach); the test at the bottom compares them with the spec, so they cannot drift. The
//! check follows the spec (required fields, types, enums, ranges, lengths, `date-time`)
//! and refuses fields the spec does not name, which are typos or fields of a reply
//! (`id`, `state`) that a create does not take.

use serde_json::{Map, Value};

/// An object schema of the spec.
#[derive(Debug)]
pub struct Schema {
    pub name: &'static str,
    pub required: &'static [&'static str],
    pub fields: &'static [Field],
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// `null` is allowed (`type: [..., "null"]` or `oneOf: [..., {type: null}]`).
    pub nullable: bool,
}

#[derive(Debug)]
pub enum Kind {
    Str {
        max_len: Option<u64>,
        /// `date-time` or `hostname`.
        format: Option<&'static str>,
    },
    Bool,
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    Num {
        min: Option<f64>,
        max: Option<f64>,
    },
    Enum(&'static [&'static str]),
    Object(&'static Schema),
    /// One of several object schemas (Kafka's `credentials`).
    OneOf(&'static [&'static Schema]),
    Array(&'static Kind),
}

/// A string with no length limit or format, the most common kind.
const STR: Kind = Kind::Str {
    max_len: None,
    format: None,
};

/// A field that may not be `null`.
const fn field(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: false,
    }
}

/// A field that may be `null`.
const fn nullable(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: true,
    }
}

impl Schema {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    fn names(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Every problem of `value` against `schema`, one line each naming the field (`path`
/// is where `value` sits, e.g. `source.kafka`) and what it may be. Empty when valid.
pub fn check(value: &Value, schema: &'static Schema, path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    object(value, schema, path, &mut problems);
    problems
}

fn object(value: &Value, schema: &'static Schema, path: &str, problems: &mut Vec<String>) {
    let Value::Object(fields) = value else {
        problems.push(format!(
            "{}: must be an object ({}), not {}",
            shown(path),
            schema.name,
            type_of(value)
        ));
        return;
    };
    for required in schema.required {
        if fields.get(*required).is_none_or(Value::is_null) {
            problems.push(format!(
                "{}: required by the API ({}) but missing",
                join(path, required),
                schema.name
            ));
        }
    }
    for (name, field_value) in fields {
        let here = join(path, name);
        let Some(field) = schema.field(name) else {
            problems.push(format!(
                "{here}: not a field of {} (its fields: {})",
                schema.name,
                schema.names()
            ));
            continue;
        };
        if field_value.is_null() {
            if !field.nullable && !schema.required.contains(&field.name) {
                problems.push(format!("{here}: may not be null (leave it out instead)"));
            }
            continue;
        }
        kind(field_value, &field.kind, &here, problems);
    }
}

fn kind(value: &Value, kind_of: &Kind, here: &str, problems: &mut Vec<String>) {
    match kind_of {
        Kind::Str { max_len, format } => match value.as_str() {
            None => problems.push(format!("{here}: must be a string, not {}", type_of(value))),
            Some(text) => {
                if let Some(max) = max_len
                    && text.chars().count() as u64 > *max
                {
                    problems.push(format!("{here}: at most {max} characters"));
                }
                if *format == Some("date-time") && text.parse::<jiff::Timestamp>().is_err() {
                    problems.push(format!(
                        "{here}: must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z, not {text:?}"
                    ));
                }
                if *format == Some("hostname") && !hostname(text) {
                    problems.push(format!(
                        "{here}: must be a host name such as db.example.com (no scheme, port or path), not {text:?}"
                    ));
                }
            }
        },
        Kind::Bool => {
            if !value.is_boolean() {
                problems.push(format!(
                    "{here}: must be true or false, not {}",
                    type_of(value)
                ));
            }
        }
        Kind::Int { min, max } => match value.as_i64() {
            None => problems.push(format!(
                "{here}: must be a whole number{}, not {value}",
                range(min.map(|m| m as f64), max.map(|m| m as f64))
            )),
            Some(n) => {
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    problems.push(format!(
                        "{here}: must be a whole number{}, not {n}",
                        range(min.map(|m| m as f64), max.map(|m| m as f64))
                    ));
                }
            }
        },
        Kind::Num { min, max } => match value.as_f64() {
            None => problems.push(format!(
                "{here}: must be a number{}, not {}",
                range(*min, *max),
                type_of(value)
            )),
            Some(n) => {
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    problems.push(format!(
                        "{here}: must be a number{}, not {n}",
                        range(*min, *max)
                    ));
                }
            }
        },
        Kind::Enum(values) => {
            if !value.as_str().is_some_and(|v| values.contains(&v)) {
                problems.push(format!(
                    "{here}: must be one of {}, not {value}",
                    values.join(", ")
                ));
            }
        }
        Kind::Object(schema) => object(value, schema, here, problems),
        Kind::OneOf(schemas) => {
            // The variants share no field, so the fields given say which one is meant.
            let matching = value.as_object().and_then(|fields| {
                schemas
                    .iter()
                    .find(|s| fields.keys().all(|k| s.field(k).is_some()))
            });
            match matching {
                Some(schema) => object(value, schema, here, problems),
                None => problems.push(format!(
                    "{here}: must be an object with the fields of one of {}",
                    schemas
                        .iter()
                        .map(|s| format!("{} ({})", s.name, s.names()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        Kind::Array(item) => match value.as_array() {
            None => problems.push(format!("{here}: must be a list, not {}", type_of(value))),
            Some(items) => {
                for (i, element) in items.iter().enumerate() {
                    kind(element, item, &format!("{here}[{i}]"), problems);
                }
            }
        },
    }
}

/// RFC 1123 host names, as JSON Schema's `hostname` format.
fn hostname(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.trim_end_matches('.').split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!(" from {min} to {max}"),
        (Some(min), None) => format!(" of at least {min}"),
        (None, Some(max)) => format!(" of at most {max}"),
        (None, None) => String::new(),
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn shown(path: &str) -> &str {
    if path.is_empty() { "the body" } else { path }
}

/// The enum of `schema.field`, for clap's possible values: flags offer what the spec allows.
pub fn values(schema: &'static Schema, field: &str) -> clap::builder::PossibleValuesParser {
    match schema.field(field).map(|f| &f.kind) {
        Some(Kind::Enum(values)) => {
            clap::builder::PossibleValuesParser::new(values.iter().copied())
        }
        _ => panic!("{}.{field} is no enum of the spec", schema.name),
    }
}

/// Sets `value` at `path` (object keys), creating the objects on the way.
pub fn set(body: &mut Value, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = body;
    for key in parents {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        here = here
            .as_object_mut()
            .expect("made an object above")
            .entry(*key)
            .or_insert_with(|| Value::Object(Map::new()));
        if here.is_null() {
            *here = Value::Object(Map::new());
        }
    }
    if !here.is_object() {
        *here = Value::Object(Map::new());
    }
    here.as_object_mut()
        .expect("made an object above")
        .insert((*last).to_owned(), value);
}

pub static CP_POST_REQUEST: Schema = Schema {
    name: "ClickPipePostRequest",
    required: &[],
    fields: &[
        field("name", STR),
        field("source", Kind::Object(&CP_POST_SOURCE)),
        field("destination", Kind::Object(&CP_MUTATE_DESTINATION)),
        field(
            "fieldMappings",
            Kind::Array(&Kind::Object(&CP_FIELD_MAPPING)),
        ),
        field("scaling", Kind::Object(&CP_SCALING)),
        field("settings", Kind::Object(&CP_SETTINGS)),
    ],
};

pub static CP_POST_SOURCE: Schema = Schema {
    name: "ClickPipePostSource",
    required: &[],
    fields: &[
        nullable("kafka", Kind::Object(&CP_POST_KAFKA_SOURCE)),
        nullable(
            "objectStorage",
            Kind::Object(&CP_POST_OBJECT_STORAGE_SOURCE),
        ),
        nullable("kinesis", Kind::Object(&CP_POST_KINESIS_SOURCE)),
        nullable("pubsub", Kind::Object(&CP_POST_PUBSUB_SOURCE)),
        field("postgres", Kind::Object(&CP_MUTATE_POSTGRES_SOURCE)),
        nullable("mysql", Kind::Object(&CP_MUTATE_MYSQL_SOURCE)),
        nullable("bigquery", Kind::Object(&CP_MUTATE_BIGQUERY_SOURCE)),
        nullable("mongodb", Kind::Object(&CP_MUTATE_MONGODB_SOURCE)),
        field("validateSamples", Kind::Bool),
    ],
};

pub static CP_POST_KAFKA_SOURCE: Schema = Schema {
    name: "ClickPipePostKafkaSource",
    required: &[],
    fields: &[
        field(
            "type",
            Kind::Enum(&[
                "kafka",
                "redpanda",
                "msk",
                "gcmk",
                "confluent",
                "warpstream",
                "azureeventhub",
                "dokafka",
            ]),
        ),
        field(
            "format",
            Kind::Enum(&["JSONEachRow", "Avro", "AvroConfluent", "Protobuf"]),
        ),
        field("brokers", STR),
        field("topics", STR),
        nullable("consumerGroup", STR),
        field(
            "authentication",
            Kind::Enum(&[
                "PLAIN",
                "SCRAM-SHA-256",
                "SCRAM-SHA-512",
                "IAM_ROLE",
                "IAM_USER",
                "MUTUAL_TLS",
            ]),
        ),
        nullable("iamRole", STR),
        nullable("offset", Kind::Object(&CP_KAFKA_OFFSET)),
        nullable(
            "schemaRegistry",
            Kind::Object(&CP_MUTATE_KAFKA_SCHEMA_REGISTRY),
        ),
        nullable("caCertificate", STR),
        field("reversePrivateEndpointIds", Kind::Array(&STR)),
        nullable("exactlyOnce", Kind::Bool),
        field(
            "credentials",
            Kind::OneOf(&[&PLAIN, &MSK_IAM_USER, &AZURE_EVENT_HUB, &MUTUAL_TLS]),
        ),
    ],
};

pub static CP_KAFKA_OFFSET: Schema = Schema {
    name: "ClickPipeKafkaOffset",
    required: &[],
    fields: &[
        field(
            "strategy",
            Kind::Enum(&["from_beginning", "from_latest", "from_timestamp"]),
        ),
        nullable("timestamp", STR),
    ],
};

pub static CP_MUTATE_KAFKA_SCHEMA_REGISTRY: Schema = Schema {
    name: "ClickPipeMutateKafkaSchemaRegistry",
    required: &[],
    fields: &[
        field("url", STR),
        field("authentication", Kind::Enum(&["PLAIN"])),
        nullable("caCertificate", STR),
        field(
            "credentials",
            Kind::Object(&CP_KAFKA_SCHEMA_REGISTRY_CREDENTIALS),
        ),
    ],
};

pub static CP_KAFKA_SCHEMA_REGISTRY_CREDENTIALS: Schema = Schema {
    name: "ClickPipeKafkaSchemaRegistryCredentials",
    required: &[],
    fields: &[field("username", STR), field("password", STR)],
};

pub static PLAIN: Schema = Schema {
    name: "PLAIN",
    required: &[],
    fields: &[field("username", STR), field("password", STR)],
};

pub static MSK_IAM_USER: Schema = Schema {
    name: "MskIamUser",
    required: &[],
    fields: &[field("accessKeyId", STR), field("secretKey", STR)],
};

pub static AZURE_EVENT_HUB: Schema = Schema {
    name: "AzureEventHub",
    required: &[],
    fields: &[field("connectionString", STR)],
};

pub static MUTUAL_TLS: Schema = Schema {
    name: "MutualTLS",
    required: &[],
    fields: &[field("certificate", STR), field("privateKey", STR)],
};

pub static CP_POST_OBJECT_STORAGE_SOURCE: Schema = Schema {
    name: "ClickPipePostObjectStorageSource",
    required: &[],
    fields: &[
        field(
            "type",
            Kind::Enum(&[
                "s3",
                "gcs",
                "dospaces",
                "azureblobstorage",
                "cloudflarer2",
                "ovhobjectstorage",
            ]),
        ),
        field(
            "format",
            Kind::Enum(&[
                "JSONEachRow",
                "JSONAsObject",
                "CSV",
                "CSVWithNames",
                "TabSeparated",
                "TabSeparatedWithNames",
                "Parquet",
                "Avro",
            ]),
        ),
        field("url", STR),
        nullable("delimiter", STR),
        nullable(
            "compression",
            Kind::Enum(&[
                "none", "gzip", "gz", "brotli", "br", "xz", "LZMA", "zstd", "auto",
            ]),
        ),
        nullable("isContinuous", Kind::Bool),
        nullable("queueUrl", STR),
        nullable("skipInitialLoad", Kind::Bool),
        nullable("startAfter", STR),
        nullable(
            "authentication",
            Kind::Enum(&[
                "IAM_ROLE",
                "IAM_USER",
                "CONNECTION_STRING",
                "SERVICE_ACCOUNT",
            ]),
        ),
        nullable("iamRole", STR),
        nullable("connectionString", STR),
        nullable("path", STR),
        nullable("azureContainerName", STR),
        nullable("accessKey", Kind::Object(&MSK_IAM_USER)),
        nullable("serviceAccountKey", STR),
    ],
};

pub static CP_POST_KINESIS_SOURCE: Schema = Schema {
    name: "ClickPipePostKinesisSource",
    required: &[],
    fields: &[
        field(
            "format",
            Kind::Enum(&["JSONEachRow", "Avro", "AvroConfluent"]),
        ),
        field("streamName", STR),
        field("region", STR),
        nullable("useEnhancedFanOut", Kind::Bool),
        field(
            "iteratorType",
            Kind::Enum(&["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]),
        ),
        nullable(
            "timestamp",
            Kind::Int {
                min: None,
                max: None,
            },
        ),
        field("authentication", Kind::Enum(&["IAM_ROLE", "IAM_USER"])),
        nullable("iamRole", STR),
        nullable("accessKey", Kind::Object(&MSK_IAM_USER)),
    ],
};

pub static CP_POST_PUBSUB_SOURCE: Schema = Schema {
    name: "ClickPipePostPubSubSource",
    required: &[
        "format",
        "projectId",
        "topic",
        "authentication",
        "seekType",
        "serviceAccountKey",
    ],
    fields: &[
        field("format", Kind::Enum(&["JSONEachRow", "Avro", "Protobuf"])),
        field("projectId", STR),
        field("topic", STR),
        field("authentication", Kind::Enum(&["SERVICE_ACCOUNT"])),
        field("seekType", Kind::Enum(&["latest", "earliest", "timestamp"])),
        nullable(
            "seekTimestamp",
            Kind::Str {
                max_len: None,
                format: Some("date-time"),
            },
        ),
        nullable(
            "filter",
            Kind::Str {
                max_len: Some(256),
                format: None,
            },
        ),
        nullable("enableOrdering", Kind::Bool),
        nullable(
            "ackDeadline",
            Kind::Int {
                min: Some(10),
                max: Some(600),
            },
        ),
        field("serviceAccountKey", Kind::Object(&SERVICE_ACCOUNT)),
    ],
};

pub static SERVICE_ACCOUNT: Schema = Schema {
    name: "ServiceAccount",
    required: &[],
    fields: &[field("serviceAccountFile", STR)],
};

pub static CP_MUTATE_POSTGRES_SOURCE: Schema = Schema {
    name: "ClickPipeMutatePostgresSource",
    required: &[],
    fields: &[
        nullable(
            "type",
            Kind::Enum(&[
                "postgres",
                "supabase",
                "neon",
                "alloydb",
                "planetscale",
                "rdspostgres",
                "aurorapostgres",
                "cloudsqlpostgres",
                "azurepostgres",
                "crunchybridge",
                "tigerdata",
            ]),
        ),
        field("credentials", Kind::Object(&PLAIN)),
        field(
            "host",
            Kind::Str {
                max_len: None,
                format: Some("hostname"),
            },
        ),
        field(
            "port",
            Kind::Int {
                min: Some(1),
                max: Some(65535),
            },
        ),
        field("database", STR),
        field("settings", Kind::Object(&CP_POSTGRES_PIPE_SETTINGS)),
        field("authentication", Kind::Enum(&["basic", "IAM_ROLE"])),
        field("iamRole", STR),
        field("tlsHost", STR),
        field("caCertificate", STR),
        field("disableTls", Kind::Bool),
        field("skipCertVerification", Kind::Bool),
        field(
            "tableMappings",
            Kind::Array(&Kind::Object(&CP_POSTGRES_PIPE_TABLE_MAPPING)),
        ),
    ],
};

pub static CP_POSTGRES_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipePostgresPipeSettings",
    required: &[],
    fields: &[
        field(
            "syncIntervalSeconds",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "pullBatchSize",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field("publicationName", STR),
        field(
            "replicationMode",
            Kind::Enum(&["cdc", "snapshot", "cdc_only"]),
        ),
        field("replicationSlotName", STR),
        field("allowNullableColumns", Kind::Bool),
        field(
            "initialLoadParallelism",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "snapshotNumRowsPerPartition",
            Kind::Int {
                min: Some(1000),
                max: None,
            },
        ),
        field(
            "snapshotNumberOfParallelTables",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field("enableFailoverSlots", Kind::Bool),
        field("deleteOnMerge", Kind::Bool),
    ],
};

pub static CP_POSTGRES_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipePostgresPipeTableMapping",
    required: &[],
    fields: &[
        field("sourceSchemaName", STR),
        field("sourceTable", STR),
        field("targetTable", STR),
        field("excludedColumns", Kind::Array(&STR)),
        field("useCustomSortingKey", Kind::Bool),
        field("sortingKeys", Kind::Array(&STR)),
        field(
            "tableEngine",
            Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
        ),
        field("partitionKey", STR),
        field("partitionByExpr", STR),
    ],
};

pub static CP_MUTATE_MYSQL_SOURCE: Schema = Schema {
    name: "ClickPipeMutateMySQLSource",
    required: &["host", "port", "settings", "tableMappings"],
    fields: &[
        nullable(
            "type",
            Kind::Enum(&["mysql", "rdsmysql", "auroramysql", "mariadb", "rdsmariadb"]),
        ),
        field("credentials", Kind::Object(&PLAIN)),
        field(
            "host",
            Kind::Str {
                max_len: None,
                format: Some("hostname"),
            },
        ),
        field(
            "port",
            Kind::Int {
                min: Some(1),
                max: Some(65535),
            },
        ),
        field("settings", Kind::Object(&CP_MYSQL_PIPE_SETTINGS)),
        field("authentication", Kind::Enum(&["basic", "IAM_ROLE"])),
        field("iamRole", STR),
        field("tlsHost", STR),
        field("caCertificate", STR),
        field("disableTls", Kind::Bool),
        field("skipCertVerification", Kind::Bool),
        field(
            "serverId",
            Kind::Int {
                min: Some(1),
                max: Some(4294967295),
            },
        ),
        field(
            "tableMappings",
            Kind::Array(&Kind::Object(&CP_MYSQL_PIPE_TABLE_MAPPING)),
        ),
    ],
};

pub static CP_MYSQL_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipeMySQLPipeSettings",
    required: &["replicationMode"],
    fields: &[
        field(
            "syncIntervalSeconds",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "pullBatchSize",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "replicationMode",
            Kind::Enum(&["cdc", "snapshot", "cdc_only"]),
        ),
        field("replicationMechanism", Kind::Enum(&["GTID", "FILE_POS"])),
        field("useCompression", Kind::Bool),
        field("allowNullableColumns", Kind::Bool),
        field(
            "initialLoadParallelism",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "snapshotNumRowsPerPartition",
            Kind::Int {
                min: Some(1000),
                max: None,
            },
        ),
        field(
            "snapshotNumberOfParallelTables",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field("deleteOnMerge", Kind::Bool),
    ],
};

pub static CP_MYSQL_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipeMySQLPipeTableMapping",
    required: &["sourceSchemaName", "sourceTable", "targetTable"],
    fields: &[
        field("sourceSchemaName", STR),
        field("sourceTable", STR),
        field("targetTable", STR),
        field("excludedColumns", Kind::Array(&STR)),
        field("useCustomSortingKey", Kind::Bool),
        field("sortingKeys", Kind::Array(&STR)),
        field(
            "tableEngine",
            Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
        ),
        field("partitionKey", STR),
    ],
};

pub static CP_MUTATE_BIGQUERY_SOURCE: Schema = Schema {
    name: "ClickPipeMutateBigQuerySource",
    required: &[],
    fields: &[
        field("snapshotStagingPath", STR),
        field("settings", Kind::Object(&CP_BIGQUERY_PIPE_SETTINGS)),
        field(
            "tableMappings",
            Kind::Array(&Kind::Object(&CP_BIGQUERY_PIPE_TABLE_MAPPING)),
        ),
        field("credentials", Kind::Object(&SERVICE_ACCOUNT)),
    ],
};

pub static CP_BIGQUERY_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipeBigQueryPipeSettings",
    required: &[],
    fields: &[
        field("replicationMode", Kind::Enum(&["snapshot"])),
        field("allowNullableColumns", Kind::Bool),
        field(
            "initialLoadParallelism",
            Kind::Num {
                min: None,
                max: None,
            },
        ),
        field(
            "snapshotNumRowsPerPartition",
            Kind::Num {
                min: None,
                max: None,
            },
        ),
        field(
            "snapshotNumberOfParallelTables",
            Kind::Num {
                min: None,
                max: None,
            },
        ),
    ],
};

pub static CP_BIGQUERY_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipeBigQueryPipeTableMapping",
    required: &[],
    fields: &[
        field("sourceDatasetName", STR),
        field("sourceTable", STR),
        field("targetTable", STR),
        field("excludedColumns", Kind::Array(&STR)),
        field("useCustomSortingKey", Kind::Bool),
        field("sortingKeys", Kind::Array(&STR)),
        field(
            "tableEngine",
            Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
        ),
    ],
};

pub static CP_MUTATE_MONGODB_SOURCE: Schema = Schema {
    name: "ClickPipeMutateMongoDBSource",
    required: &["uri", "readPreference", "settings", "tableMappings"],
    fields: &[
        field("credentials", Kind::Object(&PLAIN)),
        field("uri", STR),
        field(
            "readPreference",
            Kind::Enum(&[
                "primary",
                "primaryPreferred",
                "secondary",
                "secondaryPreferred",
                "nearest",
            ]),
        ),
        field("tlsHost", STR),
        field("disableTls", Kind::Bool),
        field("skipCertVerification", Kind::Bool),
        field("caCertificate", STR),
        field("settings", Kind::Object(&CP_MONGODB_PIPE_SETTINGS)),
        field(
            "tableMappings",
            Kind::Array(&Kind::Object(&CP_MONGODB_PIPE_TABLE_MAPPING)),
        ),
    ],
};

pub static CP_MONGODB_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipeMongoDBPipeSettings",
    required: &["replicationMode"],
    fields: &[
        field(
            "syncIntervalSeconds",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "pullBatchSize",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field(
            "replicationMode",
            Kind::Enum(&["cdc", "snapshot", "cdc_only"]),
        ),
        field(
            "snapshotNumRowsPerPartition",
            Kind::Int {
                min: Some(1000),
                max: None,
            },
        ),
        field(
            "snapshotNumberOfParallelTables",
            Kind::Int {
                min: Some(1),
                max: None,
            },
        ),
        field("deleteOnMerge", Kind::Bool),
        field("useJsonNativeFormat", Kind::Bool),
    ],
};

pub static CP_MONGODB_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipeMongoDBPipeTableMapping",
    required: &["sourceDatabaseName", "sourceCollection", "targetTable"],
    fields: &[
        field("sourceDatabaseName", STR),
        field("sourceCollection", STR),
        field("targetTable", STR),
        field(
            "tableEngine",
            Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
        ),
    ],
};

pub static CP_MUTATE_DESTINATION: Schema = Schema {
    name: "ClickPipeMutateDestination",
    required: &[],
    fields: &[
        field("database", STR),
        field("table", STR),
        field("managedTable", Kind::Bool),
        field(
            "tableDefinition",
            Kind::Object(&CP_DESTINATION_TABLE_DEFINITION),
        ),
        field(
            "columns",
            Kind::Array(&Kind::Object(&CP_DESTINATION_COLUMN)),
        ),
        field("roles", Kind::Array(&STR)),
    ],
};

pub static CP_DESTINATION_TABLE_DEFINITION: Schema = Schema {
    name: "ClickPipeDestinationTableDefinition",
    required: &[],
    fields: &[
        field("engine", Kind::Object(&CP_DESTINATION_TABLE_ENGINE)),
        field("sortingKey", Kind::Array(&STR)),
        field("partitionBy", STR),
        field("primaryKey", STR),
    ],
};

pub static CP_DESTINATION_TABLE_ENGINE: Schema = Schema {
    name: "ClickPipeDestinationTableEngine",
    required: &[],
    fields: &[
        field(
            "type",
            Kind::Enum(&[
                "MergeTree",
                "ReplacingMergeTree",
                "SummingMergeTree",
                "Null",
            ]),
        ),
        nullable("versionColumnId", STR),
        field("columnIds", Kind::Array(&STR)),
    ],
};

pub static CP_DESTINATION_COLUMN: Schema = Schema {
    name: "ClickPipeDestinationColumn",
    required: &[],
    fields: &[field("name", STR), field("type", STR)],
};

pub static CP_FIELD_MAPPING: Schema = Schema {
    name: "ClickPipeFieldMapping",
    required: &[],
    fields: &[field("sourceField", STR), field("destinationField", STR)],
};

pub static CP_SCALING: Schema = Schema {
    name: "ClickPipeScaling",
    required: &[],
    fields: &[
        field(
            "replicas",
            Kind::Int {
                min: Some(1),
                max: Some(40),
            },
        ),
        field(
            "concurrency",
            Kind::Int {
                min: None,
                max: None,
            },
        ),
        field(
            "replicaCpuMillicores",
            Kind::Int {
                min: Some(125),
                max: Some(2000),
            },
        ),
        field(
            "replicaMemoryGb",
            Kind::Num {
                min: Some(0.5),
                max: Some(8.0),
            },
        ),
    ],
};

pub static CP_SETTINGS: Schema = Schema {
    name: "ClickPipeSettings",
    required: &[],
    fields: &[
        nullable(
            "streaming_max_insert_wait_ms",
            Kind::Int {
                min: Some(500),
                max: Some(60000),
            },
        ),
        nullable(
            "object_storage_concurrency",
            Kind::Int {
                min: Some(1),
                max: Some(35),
            },
        ),
        nullable(
            "object_storage_polling_interval_ms",
            Kind::Int {
                min: Some(100),
                max: Some(3600000),
            },
        ),
        nullable(
            "object_storage_max_insert_bytes",
            Kind::Int {
                min: Some(10485760),
                max: Some(53687091200),
            },
        ),
        nullable(
            "object_storage_max_file_count",
            Kind::Int {
                min: Some(1),
                max: Some(10000),
            },
        ),
        nullable(
            "clickhouse_max_threads",
            Kind::Int {
                min: Some(0),
                max: Some(64),
            },
        ),
        nullable(
            "clickhouse_max_insert_threads",
            Kind::Int {
                min: Some(0),
                max: Some(16),
            },
        ),
        nullable(
            "clickhouse_min_insert_block_size_bytes",
            Kind::Int {
                min: Some(0),
                max: Some(10737418240),
            },
        ),
        nullable(
            "clickhouse_max_download_threads",
            Kind::Int {
                min: Some(0),
                max: Some(32),
            },
        ),
        nullable(
            "clickhouse_parallel_distributed_insert_select",
            Kind::Int {
                min: Some(0),
                max: Some(2),
            },
        ),
        nullable("object_storage_use_cluster_function", Kind::Bool),
        nullable("clickhouse_parallel_view_processing", Kind::Bool),
    ],
};

pub static CP_SCHEMA_DISCOVERY_REQUEST: Schema = Schema {
    name: "ClickPipeSchemaDiscoveryRequest",
    required: &[],
    fields: &[field("source", Kind::Object(&CP_SCHEMA_DISCOVERY_SOURCE))],
};

pub static CP_SCHEMA_DISCOVERY_SOURCE: Schema = Schema {
    name: "ClickPipeSchemaDiscoverySource",
    required: &[],
    fields: &[
        nullable("kafka", Kind::Object(&CP_POST_KAFKA_SOURCE)),
        nullable("kinesis", Kind::Object(&CP_POST_KINESIS_SOURCE)),
    ],
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;

    /// A property as the tables say it, in the shape [`from_spec`] gives the spec's.
    fn describe_kind(kind: &Kind, nullable: bool) -> Value {
        let mut out = match kind {
            Kind::Str { max_len, format } => {
                let mut v = json!({"type": "string"});
                if let Some(max) = max_len {
                    v["maxLength"] = json!(*max as f64);
                }
                if let Some(format) = format {
                    v["format"] = json!(format);
                }
                v
            }
            Kind::Bool => json!({"type": "boolean"}),
            Kind::Int { min, max } => {
                bounds("integer", min.map(|m| m as f64), max.map(|m| m as f64))
            }
            Kind::Num { min, max } => bounds("number", *min, *max),
            Kind::Enum(values) => json!({"enum": values}),
            Kind::Object(schema) => json!({"ref": schema.name}),
            Kind::OneOf(schemas) => {
                json!({"oneOf": schemas.iter().map(|s| s.name).collect::<Vec<_>>()})
            }
            Kind::Array(item) => json!({"type": "array", "items": describe_kind(item, false)}),
        };
        if nullable {
            out["nullable"] = json!(true);
        }
        out
    }

    fn bounds(kind: &str, min: Option<f64>, max: Option<f64>) -> Value {
        let mut v = json!({"type": kind});
        if let Some(min) = min {
            v["minimum"] = json!(min);
        }
        if let Some(max) = max {
            v["maximum"] = json!(max);
        }
        v
    }

    fn describe(schema: &Schema) -> Value {
        let mut required: Vec<&str> = schema.required.to_vec();
        required.sort();
        let properties: serde_json::Map<String, Value> = schema
            .fields
            .iter()
            .map(|f| (f.name.to_owned(), describe_kind(&f.kind, f.nullable)))
            .collect();
        json!({"required": required, "properties": properties})
    }

    fn ref_name(value: &Value) -> String {
        value["$ref"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned()
    }

    /// A spec property, normalised: `$ref` → `ref`, `null` alternatives → `nullable`,
    /// descriptions, examples and formats other than date-time and hostname dropped.
    fn from_spec(property: &Value) -> Value {
        if let Some(alternatives) = property["oneOf"].as_array() {
            let objects: Vec<&Value> = alternatives
                .iter()
                .filter(|a| a["type"] != "null")
                .collect();
            let mut out = if objects.len() == 1 {
                from_spec(objects[0])
            } else {
                json!({"oneOf": objects.iter().map(|o| ref_name(o)).collect::<Vec<_>>()})
            };
            if objects.len() < alternatives.len() {
                out["nullable"] = json!(true);
            }
            return out;
        }
        if property.get("$ref").is_some() {
            return json!({"ref": ref_name(property)});
        }
        let (kind, nullable) = match property["type"].as_array() {
            Some(types) => (
                types.iter().find(|t| *t != "null").cloned().unwrap(),
                types.iter().any(|t| t == "null"),
            ),
            None => (property["type"].clone(), false),
        };
        let mut out = if let Some(values) = property["enum"].as_array() {
            json!({"enum": values.iter().filter(|v| !v.is_null()).collect::<Vec<_>>()})
        } else {
            match kind.as_str().unwrap() {
                "string" => {
                    let mut v = json!({"type": "string"});
                    if let Some(max) = property["maxLength"].as_f64() {
                        v["maxLength"] = json!(max);
                    }
                    if let Some(format @ ("date-time" | "hostname")) = property["format"].as_str() {
                        v["format"] = json!(format);
                    }
                    v
                }
                "array" => json!({"type": "array", "items": from_spec(&property["items"])}),
                number @ ("integer" | "number") => bounds(
                    number,
                    property["minimum"].as_f64(),
                    property["maximum"].as_f64(),
                ),
                other => json!({ "type": other }),
            }
        };
        if nullable {
            out["nullable"] = json!(true);
        }
        out
    }

    fn walk(schema: &'static Schema, seen: &mut BTreeMap<&'static str, &'static Schema>) {
        if seen.insert(schema.name, schema).is_some() {
            return;
        }
        fn kinds(kind: &'static Kind, seen: &mut BTreeMap<&'static str, &'static Schema>) {
            match kind {
                Kind::Object(schema) => walk(schema, seen),
                Kind::OneOf(schemas) => schemas.iter().for_each(|s| walk(s, seen)),
                Kind::Array(item) => kinds(item, seen),
                Kind::Str { .. }
                | Kind::Bool
                | Kind::Int { .. }
                | Kind::Num { .. }
                | Kind::Enum(_) => {}
            }
        }
        for field in schema.fields {
            kinds(&field.kind, seen);
        }
    }

    #[test]
    fn the_tables_are_the_vendored_spec() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/clickhouse-cloud-openapi.json"
        ))
        .unwrap();
        let spec: Value = serde_json::from_str(&text).unwrap();
        let mut seen = BTreeMap::new();
        walk(&CP_POST_REQUEST, &mut seen);
        walk(&CP_SCHEMA_DISCOVERY_REQUEST, &mut seen);
        assert!(seen.len() > 30, "{:?}", seen.keys());
        for (name, schema) in seen {
            let in_spec = &spec["components"]["schemas"][name];
            assert!(in_spec.is_object(), "{name} is not in the spec");
            let mut required: Vec<&str> = in_spec["required"]
                .as_array()
                .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            required.sort();
            let properties: serde_json::Map<String, Value> = in_spec["properties"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), from_spec(v)))
                .collect();
            assert_eq!(
                describe(schema),
                json!({"required": required, "properties": properties}),
                "{name}"
            );
        }
    }

    #[test]
    fn problems_name_the_field_and_what_it_may_be() {
        let body = json!({
            "name": "p",
            "source": {"kafka": {"format": "XML", "brokerz": "b", "offset": {"strategy": "from_latest"}}},
            "scaling": {"replicas": 41},
            "destination": {"columns": [{"name": "a", "type": 1}]}
        });
        let problems = check(&body, &CP_POST_REQUEST, "");
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].starts_with("source.kafka.format: must be one of JSONEachRow, Avro"));
        assert!(
            problems[1]
                .starts_with("source.kafka.brokerz: not a field of ClickPipePostKafkaSource")
        );
        assert_eq!(
            problems[2],
            "scaling.replicas: must be a whole number from 1 to 40, not 41"
        );
        assert_eq!(
            problems[3],
            "destination.columns[0].type: must be a string, not a number"
        );
        let mysql = json!({"source": {"mysql": {"host": "db.example.com", "port": 3306, "tableMappings": []}}});
        let problems = check(&mysql, &CP_POST_REQUEST, "");
        assert_eq!(
            problems,
            ["source.mysql.settings: required by the API (ClickPipeMutateMySQLSource) but missing"]
        );
        let credentials =
            json!({"source": {"kafka": {"credentials": {"username": "u", "secretKey": "s"}}}});
        assert!(
            check(&credentials, &CP_POST_REQUEST, "")[0].contains("PLAIN (username, password)")
        );
        assert!(
            check(
                &json!({"source": {"postgres": {"host": "https://db"}}}),
                &CP_POST_REQUEST,
                ""
            )[0]
            .contains("host name")
        );
    }
}
