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
        Field {
            name: "name",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "source",
            kind: Kind::Object(&CP_POST_SOURCE),
            nullable: false,
        },
        Field {
            name: "destination",
            kind: Kind::Object(&CP_MUTATE_DESTINATION),
            nullable: false,
        },
        Field {
            name: "fieldMappings",
            kind: Kind::Array(&Kind::Object(&CP_FIELD_MAPPING)),
            nullable: false,
        },
        Field {
            name: "scaling",
            kind: Kind::Object(&CP_SCALING),
            nullable: false,
        },
        Field {
            name: "settings",
            kind: Kind::Object(&CP_SETTINGS),
            nullable: false,
        },
    ],
};

pub static CP_POST_SOURCE: Schema = Schema {
    name: "ClickPipePostSource",
    required: &[],
    fields: &[
        Field {
            name: "kafka",
            kind: Kind::Object(&CP_POST_KAFKA_SOURCE),
            nullable: true,
        },
        Field {
            name: "objectStorage",
            kind: Kind::Object(&CP_POST_OBJECT_STORAGE_SOURCE),
            nullable: true,
        },
        Field {
            name: "kinesis",
            kind: Kind::Object(&CP_POST_KINESIS_SOURCE),
            nullable: true,
        },
        Field {
            name: "pubsub",
            kind: Kind::Object(&CP_POST_PUBSUB_SOURCE),
            nullable: true,
        },
        Field {
            name: "postgres",
            kind: Kind::Object(&CP_MUTATE_POSTGRES_SOURCE),
            nullable: false,
        },
        Field {
            name: "mysql",
            kind: Kind::Object(&CP_MUTATE_MYSQL_SOURCE),
            nullable: true,
        },
        Field {
            name: "bigquery",
            kind: Kind::Object(&CP_MUTATE_BIGQUERY_SOURCE),
            nullable: true,
        },
        Field {
            name: "mongodb",
            kind: Kind::Object(&CP_MUTATE_MONGODB_SOURCE),
            nullable: true,
        },
        Field {
            name: "validateSamples",
            kind: Kind::Bool,
            nullable: false,
        },
    ],
};

pub static CP_POST_KAFKA_SOURCE: Schema = Schema {
    name: "ClickPipePostKafkaSource",
    required: &[],
    fields: &[
        Field {
            name: "type",
            kind: Kind::Enum(&[
                "kafka",
                "redpanda",
                "msk",
                "gcmk",
                "confluent",
                "warpstream",
                "azureeventhub",
                "dokafka",
            ]),
            nullable: false,
        },
        Field {
            name: "format",
            kind: Kind::Enum(&["JSONEachRow", "Avro", "AvroConfluent", "Protobuf"]),
            nullable: false,
        },
        Field {
            name: "brokers",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "topics",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "consumerGroup",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&[
                "PLAIN",
                "SCRAM-SHA-256",
                "SCRAM-SHA-512",
                "IAM_ROLE",
                "IAM_USER",
                "MUTUAL_TLS",
            ]),
            nullable: false,
        },
        Field {
            name: "iamRole",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "offset",
            kind: Kind::Object(&CP_KAFKA_OFFSET),
            nullable: true,
        },
        Field {
            name: "schemaRegistry",
            kind: Kind::Object(&CP_MUTATE_KAFKA_SCHEMA_REGISTRY),
            nullable: true,
        },
        Field {
            name: "caCertificate",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "reversePrivateEndpointIds",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "exactlyOnce",
            kind: Kind::Bool,
            nullable: true,
        },
        Field {
            name: "credentials",
            kind: Kind::OneOf(&[&PLAIN, &MSK_IAM_USER, &AZURE_EVENT_HUB, &MUTUAL_TLS]),
            nullable: false,
        },
    ],
};

pub static CP_KAFKA_OFFSET: Schema = Schema {
    name: "ClickPipeKafkaOffset",
    required: &[],
    fields: &[
        Field {
            name: "strategy",
            kind: Kind::Enum(&["from_beginning", "from_latest", "from_timestamp"]),
            nullable: false,
        },
        Field {
            name: "timestamp",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
    ],
};

pub static CP_MUTATE_KAFKA_SCHEMA_REGISTRY: Schema = Schema {
    name: "ClickPipeMutateKafkaSchemaRegistry",
    required: &[],
    fields: &[
        Field {
            name: "url",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&["PLAIN"]),
            nullable: false,
        },
        Field {
            name: "caCertificate",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "credentials",
            kind: Kind::Object(&CP_KAFKA_SCHEMA_REGISTRY_CREDENTIALS),
            nullable: false,
        },
    ],
};

pub static CP_KAFKA_SCHEMA_REGISTRY_CREDENTIALS: Schema = Schema {
    name: "ClickPipeKafkaSchemaRegistryCredentials",
    required: &[],
    fields: &[
        Field {
            name: "username",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "password",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static PLAIN: Schema = Schema {
    name: "PLAIN",
    required: &[],
    fields: &[
        Field {
            name: "username",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "password",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static MSK_IAM_USER: Schema = Schema {
    name: "MskIamUser",
    required: &[],
    fields: &[
        Field {
            name: "accessKeyId",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "secretKey",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static AZURE_EVENT_HUB: Schema = Schema {
    name: "AzureEventHub",
    required: &[],
    fields: &[Field {
        name: "connectionString",
        kind: Kind::Str {
            max_len: None,
            format: None,
        },
        nullable: false,
    }],
};

pub static MUTUAL_TLS: Schema = Schema {
    name: "MutualTLS",
    required: &[],
    fields: &[
        Field {
            name: "certificate",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "privateKey",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_POST_OBJECT_STORAGE_SOURCE: Schema = Schema {
    name: "ClickPipePostObjectStorageSource",
    required: &[],
    fields: &[
        Field {
            name: "type",
            kind: Kind::Enum(&[
                "s3",
                "gcs",
                "dospaces",
                "azureblobstorage",
                "cloudflarer2",
                "ovhobjectstorage",
            ]),
            nullable: false,
        },
        Field {
            name: "format",
            kind: Kind::Enum(&[
                "JSONEachRow",
                "JSONAsObject",
                "CSV",
                "CSVWithNames",
                "TabSeparated",
                "TabSeparatedWithNames",
                "Parquet",
                "Avro",
            ]),
            nullable: false,
        },
        Field {
            name: "url",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "delimiter",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "compression",
            kind: Kind::Enum(&[
                "none", "gzip", "gz", "brotli", "br", "xz", "LZMA", "zstd", "auto",
            ]),
            nullable: true,
        },
        Field {
            name: "isContinuous",
            kind: Kind::Bool,
            nullable: true,
        },
        Field {
            name: "queueUrl",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "skipInitialLoad",
            kind: Kind::Bool,
            nullable: true,
        },
        Field {
            name: "startAfter",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&[
                "IAM_ROLE",
                "IAM_USER",
                "CONNECTION_STRING",
                "SERVICE_ACCOUNT",
            ]),
            nullable: true,
        },
        Field {
            name: "iamRole",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "connectionString",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "path",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "azureContainerName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "accessKey",
            kind: Kind::Object(&MSK_IAM_USER),
            nullable: true,
        },
        Field {
            name: "serviceAccountKey",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
    ],
};

pub static CP_POST_KINESIS_SOURCE: Schema = Schema {
    name: "ClickPipePostKinesisSource",
    required: &[],
    fields: &[
        Field {
            name: "format",
            kind: Kind::Enum(&["JSONEachRow", "Avro", "AvroConfluent"]),
            nullable: false,
        },
        Field {
            name: "streamName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "region",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "useEnhancedFanOut",
            kind: Kind::Bool,
            nullable: true,
        },
        Field {
            name: "iteratorType",
            kind: Kind::Enum(&["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]),
            nullable: false,
        },
        Field {
            name: "timestamp",
            kind: Kind::Int {
                min: None,
                max: None,
            },
            nullable: true,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&["IAM_ROLE", "IAM_USER"]),
            nullable: false,
        },
        Field {
            name: "iamRole",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "accessKey",
            kind: Kind::Object(&MSK_IAM_USER),
            nullable: true,
        },
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
        Field {
            name: "format",
            kind: Kind::Enum(&["JSONEachRow", "Avro", "Protobuf"]),
            nullable: false,
        },
        Field {
            name: "projectId",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "topic",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&["SERVICE_ACCOUNT"]),
            nullable: false,
        },
        Field {
            name: "seekType",
            kind: Kind::Enum(&["latest", "earliest", "timestamp"]),
            nullable: false,
        },
        Field {
            name: "seekTimestamp",
            kind: Kind::Str {
                max_len: None,
                format: Some("date-time"),
            },
            nullable: true,
        },
        Field {
            name: "filter",
            kind: Kind::Str {
                max_len: Some(256),
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "enableOrdering",
            kind: Kind::Bool,
            nullable: true,
        },
        Field {
            name: "ackDeadline",
            kind: Kind::Int {
                min: Some(10),
                max: Some(600),
            },
            nullable: true,
        },
        Field {
            name: "serviceAccountKey",
            kind: Kind::Object(&SERVICE_ACCOUNT),
            nullable: false,
        },
    ],
};

pub static SERVICE_ACCOUNT: Schema = Schema {
    name: "ServiceAccount",
    required: &[],
    fields: &[Field {
        name: "serviceAccountFile",
        kind: Kind::Str {
            max_len: None,
            format: None,
        },
        nullable: false,
    }],
};

pub static CP_MUTATE_POSTGRES_SOURCE: Schema = Schema {
    name: "ClickPipeMutatePostgresSource",
    required: &[],
    fields: &[
        Field {
            name: "type",
            kind: Kind::Enum(&[
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
            nullable: true,
        },
        Field {
            name: "credentials",
            kind: Kind::Object(&PLAIN),
            nullable: false,
        },
        Field {
            name: "host",
            kind: Kind::Str {
                max_len: None,
                format: Some("hostname"),
            },
            nullable: false,
        },
        Field {
            name: "port",
            kind: Kind::Int {
                min: Some(1),
                max: Some(65535),
            },
            nullable: false,
        },
        Field {
            name: "database",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "settings",
            kind: Kind::Object(&CP_POSTGRES_PIPE_SETTINGS),
            nullable: false,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&["basic", "IAM_ROLE"]),
            nullable: false,
        },
        Field {
            name: "iamRole",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "tlsHost",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "caCertificate",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "disableTls",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "skipCertVerification",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "tableMappings",
            kind: Kind::Array(&Kind::Object(&CP_POSTGRES_PIPE_TABLE_MAPPING)),
            nullable: false,
        },
    ],
};

pub static CP_POSTGRES_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipePostgresPipeSettings",
    required: &[],
    fields: &[
        Field {
            name: "syncIntervalSeconds",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "pullBatchSize",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "publicationName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "replicationMode",
            kind: Kind::Enum(&["cdc", "snapshot", "cdc_only"]),
            nullable: false,
        },
        Field {
            name: "replicationSlotName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "allowNullableColumns",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "initialLoadParallelism",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumRowsPerPartition",
            kind: Kind::Int {
                min: Some(1000),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumberOfParallelTables",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "enableFailoverSlots",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "deleteOnMerge",
            kind: Kind::Bool,
            nullable: false,
        },
    ],
};

pub static CP_POSTGRES_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipePostgresPipeTableMapping",
    required: &[],
    fields: &[
        Field {
            name: "sourceSchemaName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "sourceTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "targetTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "excludedColumns",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "useCustomSortingKey",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "sortingKeys",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "tableEngine",
            kind: Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
            nullable: false,
        },
        Field {
            name: "partitionKey",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "partitionByExpr",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_MUTATE_MYSQL_SOURCE: Schema = Schema {
    name: "ClickPipeMutateMySQLSource",
    required: &["host", "port", "settings", "tableMappings"],
    fields: &[
        Field {
            name: "type",
            kind: Kind::Enum(&["mysql", "rdsmysql", "auroramysql", "mariadb", "rdsmariadb"]),
            nullable: true,
        },
        Field {
            name: "credentials",
            kind: Kind::Object(&PLAIN),
            nullable: false,
        },
        Field {
            name: "host",
            kind: Kind::Str {
                max_len: None,
                format: Some("hostname"),
            },
            nullable: false,
        },
        Field {
            name: "port",
            kind: Kind::Int {
                min: Some(1),
                max: Some(65535),
            },
            nullable: false,
        },
        Field {
            name: "settings",
            kind: Kind::Object(&CP_MYSQL_PIPE_SETTINGS),
            nullable: false,
        },
        Field {
            name: "authentication",
            kind: Kind::Enum(&["basic", "IAM_ROLE"]),
            nullable: false,
        },
        Field {
            name: "iamRole",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "tlsHost",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "caCertificate",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "disableTls",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "skipCertVerification",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "serverId",
            kind: Kind::Int {
                min: Some(1),
                max: Some(4294967295),
            },
            nullable: false,
        },
        Field {
            name: "tableMappings",
            kind: Kind::Array(&Kind::Object(&CP_MYSQL_PIPE_TABLE_MAPPING)),
            nullable: false,
        },
    ],
};

pub static CP_MYSQL_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipeMySQLPipeSettings",
    required: &["replicationMode"],
    fields: &[
        Field {
            name: "syncIntervalSeconds",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "pullBatchSize",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "replicationMode",
            kind: Kind::Enum(&["cdc", "snapshot", "cdc_only"]),
            nullable: false,
        },
        Field {
            name: "replicationMechanism",
            kind: Kind::Enum(&["GTID", "FILE_POS"]),
            nullable: false,
        },
        Field {
            name: "useCompression",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "allowNullableColumns",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "initialLoadParallelism",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumRowsPerPartition",
            kind: Kind::Int {
                min: Some(1000),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumberOfParallelTables",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "deleteOnMerge",
            kind: Kind::Bool,
            nullable: false,
        },
    ],
};

pub static CP_MYSQL_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipeMySQLPipeTableMapping",
    required: &["sourceSchemaName", "sourceTable", "targetTable"],
    fields: &[
        Field {
            name: "sourceSchemaName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "sourceTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "targetTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "excludedColumns",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "useCustomSortingKey",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "sortingKeys",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "tableEngine",
            kind: Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
            nullable: false,
        },
        Field {
            name: "partitionKey",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_MUTATE_BIGQUERY_SOURCE: Schema = Schema {
    name: "ClickPipeMutateBigQuerySource",
    required: &[],
    fields: &[
        Field {
            name: "snapshotStagingPath",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "settings",
            kind: Kind::Object(&CP_BIGQUERY_PIPE_SETTINGS),
            nullable: false,
        },
        Field {
            name: "tableMappings",
            kind: Kind::Array(&Kind::Object(&CP_BIGQUERY_PIPE_TABLE_MAPPING)),
            nullable: false,
        },
        Field {
            name: "credentials",
            kind: Kind::Object(&SERVICE_ACCOUNT),
            nullable: false,
        },
    ],
};

pub static CP_BIGQUERY_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipeBigQueryPipeSettings",
    required: &[],
    fields: &[
        Field {
            name: "replicationMode",
            kind: Kind::Enum(&["snapshot"]),
            nullable: false,
        },
        Field {
            name: "allowNullableColumns",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "initialLoadParallelism",
            kind: Kind::Num {
                min: None,
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumRowsPerPartition",
            kind: Kind::Num {
                min: None,
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumberOfParallelTables",
            kind: Kind::Num {
                min: None,
                max: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_BIGQUERY_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipeBigQueryPipeTableMapping",
    required: &[],
    fields: &[
        Field {
            name: "sourceDatasetName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "sourceTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "targetTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "excludedColumns",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "useCustomSortingKey",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "sortingKeys",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "tableEngine",
            kind: Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
            nullable: false,
        },
    ],
};

pub static CP_MUTATE_MONGODB_SOURCE: Schema = Schema {
    name: "ClickPipeMutateMongoDBSource",
    required: &["uri", "readPreference", "settings", "tableMappings"],
    fields: &[
        Field {
            name: "credentials",
            kind: Kind::Object(&PLAIN),
            nullable: false,
        },
        Field {
            name: "uri",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "readPreference",
            kind: Kind::Enum(&[
                "primary",
                "primaryPreferred",
                "secondary",
                "secondaryPreferred",
                "nearest",
            ]),
            nullable: false,
        },
        Field {
            name: "tlsHost",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "disableTls",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "skipCertVerification",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "caCertificate",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "settings",
            kind: Kind::Object(&CP_MONGODB_PIPE_SETTINGS),
            nullable: false,
        },
        Field {
            name: "tableMappings",
            kind: Kind::Array(&Kind::Object(&CP_MONGODB_PIPE_TABLE_MAPPING)),
            nullable: false,
        },
    ],
};

pub static CP_MONGODB_PIPE_SETTINGS: Schema = Schema {
    name: "ClickPipeMongoDBPipeSettings",
    required: &["replicationMode"],
    fields: &[
        Field {
            name: "syncIntervalSeconds",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "pullBatchSize",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "replicationMode",
            kind: Kind::Enum(&["cdc", "snapshot", "cdc_only"]),
            nullable: false,
        },
        Field {
            name: "snapshotNumRowsPerPartition",
            kind: Kind::Int {
                min: Some(1000),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "snapshotNumberOfParallelTables",
            kind: Kind::Int {
                min: Some(1),
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "deleteOnMerge",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "useJsonNativeFormat",
            kind: Kind::Bool,
            nullable: false,
        },
    ],
};

pub static CP_MONGODB_PIPE_TABLE_MAPPING: Schema = Schema {
    name: "ClickPipeMongoDBPipeTableMapping",
    required: &["sourceDatabaseName", "sourceCollection", "targetTable"],
    fields: &[
        Field {
            name: "sourceDatabaseName",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "sourceCollection",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "targetTable",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "tableEngine",
            kind: Kind::Enum(&["MergeTree", "ReplacingMergeTree", "Null"]),
            nullable: false,
        },
    ],
};

pub static CP_MUTATE_DESTINATION: Schema = Schema {
    name: "ClickPipeMutateDestination",
    required: &[],
    fields: &[
        Field {
            name: "database",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "table",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "managedTable",
            kind: Kind::Bool,
            nullable: false,
        },
        Field {
            name: "tableDefinition",
            kind: Kind::Object(&CP_DESTINATION_TABLE_DEFINITION),
            nullable: false,
        },
        Field {
            name: "columns",
            kind: Kind::Array(&Kind::Object(&CP_DESTINATION_COLUMN)),
            nullable: false,
        },
        Field {
            name: "roles",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
    ],
};

pub static CP_DESTINATION_TABLE_DEFINITION: Schema = Schema {
    name: "ClickPipeDestinationTableDefinition",
    required: &[],
    fields: &[
        Field {
            name: "engine",
            kind: Kind::Object(&CP_DESTINATION_TABLE_ENGINE),
            nullable: false,
        },
        Field {
            name: "sortingKey",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
        Field {
            name: "partitionBy",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "primaryKey",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_DESTINATION_TABLE_ENGINE: Schema = Schema {
    name: "ClickPipeDestinationTableEngine",
    required: &[],
    fields: &[
        Field {
            name: "type",
            kind: Kind::Enum(&[
                "MergeTree",
                "ReplacingMergeTree",
                "SummingMergeTree",
                "Null",
            ]),
            nullable: false,
        },
        Field {
            name: "versionColumnId",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: true,
        },
        Field {
            name: "columnIds",
            kind: Kind::Array(&Kind::Str {
                max_len: None,
                format: None,
            }),
            nullable: false,
        },
    ],
};

pub static CP_DESTINATION_COLUMN: Schema = Schema {
    name: "ClickPipeDestinationColumn",
    required: &[],
    fields: &[
        Field {
            name: "name",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "type",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_FIELD_MAPPING: Schema = Schema {
    name: "ClickPipeFieldMapping",
    required: &[],
    fields: &[
        Field {
            name: "sourceField",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
        Field {
            name: "destinationField",
            kind: Kind::Str {
                max_len: None,
                format: None,
            },
            nullable: false,
        },
    ],
};

pub static CP_SCALING: Schema = Schema {
    name: "ClickPipeScaling",
    required: &[],
    fields: &[
        Field {
            name: "replicas",
            kind: Kind::Int {
                min: Some(1),
                max: Some(40),
            },
            nullable: false,
        },
        Field {
            name: "concurrency",
            kind: Kind::Int {
                min: None,
                max: None,
            },
            nullable: false,
        },
        Field {
            name: "replicaCpuMillicores",
            kind: Kind::Int {
                min: Some(125),
                max: Some(2000),
            },
            nullable: false,
        },
        Field {
            name: "replicaMemoryGb",
            kind: Kind::Num {
                min: Some(0.5),
                max: Some(8.0),
            },
            nullable: false,
        },
    ],
};

pub static CP_SETTINGS: Schema = Schema {
    name: "ClickPipeSettings",
    required: &[],
    fields: &[
        Field {
            name: "streaming_max_insert_wait_ms",
            kind: Kind::Int {
                min: Some(500),
                max: Some(60000),
            },
            nullable: true,
        },
        Field {
            name: "object_storage_concurrency",
            kind: Kind::Int {
                min: Some(1),
                max: Some(35),
            },
            nullable: true,
        },
        Field {
            name: "object_storage_polling_interval_ms",
            kind: Kind::Int {
                min: Some(100),
                max: Some(3600000),
            },
            nullable: true,
        },
        Field {
            name: "object_storage_max_insert_bytes",
            kind: Kind::Int {
                min: Some(10485760),
                max: Some(53687091200),
            },
            nullable: true,
        },
        Field {
            name: "object_storage_max_file_count",
            kind: Kind::Int {
                min: Some(1),
                max: Some(10000),
            },
            nullable: true,
        },
        Field {
            name: "clickhouse_max_threads",
            kind: Kind::Int {
                min: Some(0),
                max: Some(64),
            },
            nullable: true,
        },
        Field {
            name: "clickhouse_max_insert_threads",
            kind: Kind::Int {
                min: Some(0),
                max: Some(16),
            },
            nullable: true,
        },
        Field {
            name: "clickhouse_min_insert_block_size_bytes",
            kind: Kind::Int {
                min: Some(0),
                max: Some(10737418240),
            },
            nullable: true,
        },
        Field {
            name: "clickhouse_max_download_threads",
            kind: Kind::Int {
                min: Some(0),
                max: Some(32),
            },
            nullable: true,
        },
        Field {
            name: "clickhouse_parallel_distributed_insert_select",
            kind: Kind::Int {
                min: Some(0),
                max: Some(2),
            },
            nullable: true,
        },
        Field {
            name: "object_storage_use_cluster_function",
            kind: Kind::Bool,
            nullable: true,
        },
        Field {
            name: "clickhouse_parallel_view_processing",
            kind: Kind::Bool,
            nullable: true,
        },
    ],
};

pub static CP_SCHEMA_DISCOVERY_REQUEST: Schema = Schema {
    name: "ClickPipeSchemaDiscoveryRequest",
    required: &[],
    fields: &[Field {
        name: "source",
        kind: Kind::Object(&CP_SCHEMA_DISCOVERY_SOURCE),
        nullable: false,
    }],
};

pub static CP_SCHEMA_DISCOVERY_SOURCE: Schema = Schema {
    name: "ClickPipeSchemaDiscoverySource",
    required: &[],
    fields: &[
        Field {
            name: "kafka",
            kind: Kind::Object(&CP_POST_KAFKA_SOURCE),
            nullable: true,
        },
        Field {
            name: "kinesis",
            kind: Kind::Object(&CP_POST_KINESIS_SOURCE),
            nullable: true,
        },
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
