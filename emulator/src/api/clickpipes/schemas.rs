//! The spec's ClickPipes request bodies as [`Schema`]s. Fields the spec leaves optional but no
//! real pipe can do without (a Kafka source's brokers, a Postgres source's host…) are required;
//! rules that depend on other fields (authentication per source type…) live in the handlers.

use crate::validate::{
    Format, Num, Schema, array, field, formatted, integer, integer_at_least, number, one_of,
    required, string, string_len,
};

const TEXT: Schema = string_len(1, None);
const STRINGS: Schema = array(&string());
const N_STR: Schema = Schema::Nullable(&string());
const N_BOOL: Schema = Schema::Nullable(&Schema::Bool);

pub const KAFKA_TYPES: &[&str] = &[
    "kafka",
    "redpanda",
    "msk",
    "gcmk",
    "confluent",
    "warpstream",
    "azureeventhub",
    "dokafka",
];
const KAFKA_FORMATS: &[&str] = &["JSONEachRow", "Avro", "AvroConfluent", "Protobuf"];
const KAFKA_AUTH: &[&str] = &[
    "PLAIN",
    "SCRAM-SHA-256",
    "SCRAM-SHA-512",
    "IAM_ROLE",
    "IAM_USER",
    "MUTUAL_TLS",
];
const KINESIS_FORMATS: &[&str] = &["JSONEachRow", "Avro", "AvroConfluent"];
const KINESIS_AUTH: &[&str] = &["IAM_ROLE", "IAM_USER"];
const OBJECT_STORAGE_TYPES: &[&str] = &[
    "s3",
    "gcs",
    "dospaces",
    "azureblobstorage",
    "cloudflarer2",
    "ovhobjectstorage",
];
const OBJECT_STORAGE_FORMATS: &[&str] = &[
    "JSONEachRow",
    "JSONAsObject",
    "CSV",
    "CSVWithNames",
    "TabSeparated",
    "TabSeparatedWithNames",
    "Parquet",
    "Avro",
];
const COMPRESSIONS: &[&str] = &[
    "none", "gzip", "gz", "brotli", "br", "xz", "LZMA", "zstd", "auto",
];
const OBJECT_STORAGE_AUTH: &[&str] = &[
    "IAM_ROLE",
    "IAM_USER",
    "CONNECTION_STRING",
    "SERVICE_ACCOUNT",
];
const PUBSUB_FORMATS: &[&str] = &["JSONEachRow", "Avro", "Protobuf"];
const POSTGRES_TYPES: &[&str] = &[
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
];
const MYSQL_TYPES: &[&str] = &["mysql", "rdsmysql", "auroramysql", "mariadb", "rdsmariadb"];
const DB_AUTH: &[&str] = &["basic", "IAM_ROLE"];
const REPLICATION_MODES: &[&str] = &["cdc", "snapshot", "cdc_only"];
const TABLE_ENGINES: &[&str] = &["MergeTree", "ReplacingMergeTree", "Null"];
const READ_PREFERENCES: &[&str] = &[
    "primary",
    "primaryPreferred",
    "secondary",
    "secondaryPreferred",
    "nearest",
];
pub const RPE_TYPES: &[&str] = &[
    "VPC_ENDPOINT_SERVICE",
    "VPC_RESOURCE",
    "MSK_MULTI_VPC",
    "GCP_PSC_SERVICE_ATTACHMENT",
];

const PORT: Schema = integer(1.0, 65535.0);
const AT_LEAST_ONE: Schema = integer_at_least(1.0);

/// `PLAIN`: a database user. IAM authentication sends the user without a password; `basic`
/// needs one (checked by the handler).
const PLAIN: Schema = Schema::Object(&[required("username", TEXT), field("password", TEXT)]);
/// `MskIamUser`: an access key.
const ACCESS_KEY: Schema =
    Schema::Object(&[required("accessKeyId", TEXT), required("secretKey", TEXT)]);
/// `ServiceAccount`.
const SERVICE_ACCOUNT: Schema = Schema::Object(&[required("serviceAccountFile", TEXT)]);
/// The union of `PLAIN`, `MskIamUser`, `AzureEventHub` and `MutualTLS` (the spec's `oneOf`);
/// which fields an authentication method takes is checked by the handler.
const KAFKA_CREDENTIALS: Schema = Schema::Object(&[
    field("username", TEXT),
    field("password", TEXT),
    field("accessKeyId", TEXT),
    field("secretKey", TEXT),
    field("connectionString", TEXT),
    field("certificate", TEXT),
    field("privateKey", TEXT),
]);

const KAFKA_OFFSET: Schema = Schema::Object(&[
    required(
        "strategy",
        one_of(&["from_beginning", "from_latest", "from_timestamp"]),
    ),
    field("timestamp", N_STR),
]);
const SCHEMA_REGISTRY: Schema = Schema::Object(&[
    required("url", TEXT),
    field("authentication", one_of(&["PLAIN"])),
    field("caCertificate", N_STR),
    field("credentials", PLAIN),
]);

/// `ClickPipePostKafkaSource`.
pub const KAFKA_POST: Schema = Schema::Object(&[
    required("type", one_of(KAFKA_TYPES)),
    required("format", one_of(KAFKA_FORMATS)),
    required("brokers", TEXT),
    required("topics", TEXT),
    field("consumerGroup", N_STR),
    required("authentication", one_of(KAFKA_AUTH)),
    field("iamRole", N_STR),
    field("offset", Schema::Nullable(&KAFKA_OFFSET)),
    field("schemaRegistry", Schema::Nullable(&SCHEMA_REGISTRY)),
    field("caCertificate", N_STR),
    field("reversePrivateEndpointIds", array(&formatted(Format::Uuid))),
    field("exactlyOnce", N_BOOL),
    field("credentials", KAFKA_CREDENTIALS),
]);

/// `ClickPipePostKinesisSource`.
pub const KINESIS_POST: Schema = Schema::Object(&[
    required("format", one_of(KINESIS_FORMATS)),
    required("streamName", TEXT),
    required("region", TEXT),
    field("useEnhancedFanOut", N_BOOL),
    required(
        "iteratorType",
        one_of(&["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]),
    ),
    field("timestamp", Schema::Nullable(&integer_at_least(0.0))),
    required("authentication", one_of(KINESIS_AUTH)),
    field("iamRole", N_STR),
    field("accessKey", Schema::Nullable(&ACCESS_KEY)),
]);

/// `ClickPipePostObjectStorageSource`.
const OBJECT_STORAGE_POST: Schema = Schema::Object(&[
    required("type", one_of(OBJECT_STORAGE_TYPES)),
    required("format", one_of(OBJECT_STORAGE_FORMATS)),
    field("url", TEXT),
    field("delimiter", N_STR),
    field("compression", Schema::Nullable(&one_of(COMPRESSIONS))),
    field("isContinuous", N_BOOL),
    field("queueUrl", N_STR),
    field("skipInitialLoad", N_BOOL),
    field("startAfter", N_STR),
    field(
        "authentication",
        Schema::Nullable(&one_of(OBJECT_STORAGE_AUTH)),
    ),
    field("iamRole", N_STR),
    field("connectionString", N_STR),
    field("path", N_STR),
    field("azureContainerName", N_STR),
    field("accessKey", Schema::Nullable(&ACCESS_KEY)),
    field("serviceAccountKey", N_STR),
]);

/// `ClickPipePostPubSubSource`.
const PUBSUB_POST: Schema = Schema::Object(&[
    required("format", one_of(PUBSUB_FORMATS)),
    required("projectId", TEXT),
    required("topic", TEXT),
    required("authentication", one_of(&["SERVICE_ACCOUNT"])),
    required("seekType", one_of(&["latest", "earliest", "timestamp"])),
    field(
        "seekTimestamp",
        Schema::Nullable(&formatted(Format::DateTime)),
    ),
    field("filter", Schema::Nullable(&string_len(0, Some(256)))),
    field("enableOrdering", N_BOOL),
    field("ackDeadline", Schema::Nullable(&integer(10.0, 600.0))),
    required("serviceAccountKey", SERVICE_ACCOUNT),
]);

const POSTGRES_SETTINGS: Schema = Schema::Object(&[
    field("syncIntervalSeconds", AT_LEAST_ONE),
    field("pullBatchSize", AT_LEAST_ONE),
    field("publicationName", string()),
    field("replicationMode", one_of(REPLICATION_MODES)),
    field("replicationSlotName", string()),
    field("allowNullableColumns", Schema::Bool),
    field("initialLoadParallelism", AT_LEAST_ONE),
    field("snapshotNumRowsPerPartition", integer_at_least(1000.0)),
    field("snapshotNumberOfParallelTables", AT_LEAST_ONE),
    field("enableFailoverSlots", Schema::Bool),
    field("deleteOnMerge", Schema::Bool),
]);
const POSTGRES_TABLE_MAPPING: Schema = Schema::Object(&[
    required("sourceSchemaName", TEXT),
    required("sourceTable", TEXT),
    required("targetTable", TEXT),
    field("excludedColumns", STRINGS),
    field("useCustomSortingKey", Schema::Bool),
    field("sortingKeys", STRINGS),
    field("tableEngine", one_of(TABLE_ENGINES)),
    field("partitionKey", string()),
    field("partitionByExpr", string()),
]);
const POSTGRES_REMOVE_MAPPING: Schema = Schema::Object(&[
    required("sourceSchemaName", N_STR),
    required("sourceTable", N_STR),
    required("targetTable", N_STR),
    field("tableEngine", Schema::Nullable(&one_of(TABLE_ENGINES))),
    field("partitionKey", N_STR),
    field("partitionByExpr", N_STR),
]);

/// `ClickPipeMutatePostgresSource`.
const POSTGRES_POST: Schema = Schema::Object(&[
    field("type", Schema::Nullable(&one_of(POSTGRES_TYPES))),
    field("credentials", PLAIN),
    required("host", TEXT),
    required("port", PORT),
    required("database", TEXT),
    field("settings", POSTGRES_SETTINGS),
    field("authentication", one_of(DB_AUTH)),
    field("iamRole", string()),
    field("tlsHost", string()),
    field("caCertificate", string()),
    field("disableTls", Schema::Bool),
    field("skipCertVerification", Schema::Bool),
    required("tableMappings", array(&POSTGRES_TABLE_MAPPING)),
]);

const MYSQL_SETTINGS: Schema = Schema::Object(&[
    field("syncIntervalSeconds", AT_LEAST_ONE),
    field("pullBatchSize", AT_LEAST_ONE),
    required("replicationMode", one_of(REPLICATION_MODES)),
    field("replicationMechanism", one_of(&["GTID", "FILE_POS"])),
    field("useCompression", Schema::Bool),
    field("allowNullableColumns", Schema::Bool),
    field("initialLoadParallelism", AT_LEAST_ONE),
    field("snapshotNumRowsPerPartition", integer_at_least(1000.0)),
    field("snapshotNumberOfParallelTables", AT_LEAST_ONE),
    field("deleteOnMerge", Schema::Bool),
]);
const MYSQL_TABLE_MAPPING: Schema = Schema::Object(&[
    required("sourceSchemaName", TEXT),
    required("sourceTable", TEXT),
    required("targetTable", TEXT),
    field("excludedColumns", STRINGS),
    field("useCustomSortingKey", Schema::Bool),
    field("sortingKeys", STRINGS),
    field("tableEngine", one_of(TABLE_ENGINES)),
    field("partitionKey", string()),
]);
const MYSQL_REMOVE_MAPPING: Schema = Schema::Object(&[
    required("sourceSchemaName", N_STR),
    required("sourceTable", N_STR),
    required("targetTable", N_STR),
    field("tableEngine", Schema::Nullable(&one_of(TABLE_ENGINES))),
    field("partitionKey", N_STR),
]);
const SERVER_ID: Schema = integer(1.0, 4_294_967_295.0);

/// `ClickPipeMutateMySQLSource`.
const MYSQL_POST: Schema = Schema::Object(&[
    field("type", Schema::Nullable(&one_of(MYSQL_TYPES))),
    field("credentials", PLAIN),
    required("host", TEXT),
    required("port", PORT),
    required("settings", MYSQL_SETTINGS),
    field("authentication", one_of(DB_AUTH)),
    field("iamRole", string()),
    field("tlsHost", string()),
    field("caCertificate", string()),
    field("disableTls", Schema::Bool),
    field("skipCertVerification", Schema::Bool),
    field("serverId", SERVER_ID),
    required("tableMappings", array(&MYSQL_TABLE_MAPPING)),
]);

const BIGQUERY_SETTINGS: Schema = Schema::Object(&[
    field("replicationMode", one_of(&["snapshot"])),
    field("allowNullableColumns", Schema::Bool),
    field("initialLoadParallelism", number(Some(1.0), None, None)),
    field("snapshotNumRowsPerPartition", number(Some(1.0), None, None)),
    field(
        "snapshotNumberOfParallelTables",
        number(Some(1.0), None, None),
    ),
]);
const BIGQUERY_TABLE_MAPPING: Schema = Schema::Object(&[
    required("sourceDatasetName", TEXT),
    required("sourceTable", TEXT),
    required("targetTable", TEXT),
    field("excludedColumns", STRINGS),
    field("useCustomSortingKey", Schema::Bool),
    field("sortingKeys", STRINGS),
    field("tableEngine", one_of(TABLE_ENGINES)),
]);

/// `ClickPipeMutateBigQuerySource`.
const BIGQUERY_POST: Schema = Schema::Object(&[
    required("snapshotStagingPath", TEXT),
    field("settings", BIGQUERY_SETTINGS),
    required("tableMappings", array(&BIGQUERY_TABLE_MAPPING)),
    required("credentials", SERVICE_ACCOUNT),
]);

const MONGODB_SETTINGS: Schema = Schema::Object(&[
    field("syncIntervalSeconds", AT_LEAST_ONE),
    field("pullBatchSize", AT_LEAST_ONE),
    required("replicationMode", one_of(REPLICATION_MODES)),
    field("snapshotNumRowsPerPartition", integer_at_least(1000.0)),
    field("snapshotNumberOfParallelTables", AT_LEAST_ONE),
    field("deleteOnMerge", Schema::Bool),
    field("useJsonNativeFormat", Schema::Bool),
]);
const MONGODB_TABLE_MAPPING: Schema = Schema::Object(&[
    required("sourceDatabaseName", TEXT),
    required("sourceCollection", TEXT),
    required("targetTable", TEXT),
    field("tableEngine", one_of(TABLE_ENGINES)),
]);
const MONGODB_REMOVE_MAPPING: Schema = Schema::Object(&[
    required("sourceDatabaseName", N_STR),
    required("sourceCollection", N_STR),
    required("targetTable", N_STR),
    field("tableEngine", Schema::Nullable(&one_of(TABLE_ENGINES))),
]);

/// `ClickPipeMutateMongoDBSource`.
const MONGODB_POST: Schema = Schema::Object(&[
    field("credentials", PLAIN),
    required("uri", TEXT),
    required("readPreference", one_of(READ_PREFERENCES)),
    field("tlsHost", string()),
    field("disableTls", Schema::Bool),
    field("skipCertVerification", Schema::Bool),
    field("caCertificate", string()),
    required("settings", MONGODB_SETTINGS),
    required("tableMappings", array(&MONGODB_TABLE_MAPPING)),
]);

const COLUMN: Schema = Schema::Object(&[required("name", TEXT), required("type", TEXT)]);
const COLUMNS: Schema = array(&COLUMN);
const FIELD_MAPPING: Schema = Schema::Object(&[
    required("sourceField", TEXT),
    required("destinationField", TEXT),
]);
const TABLE_DEFINITION: Schema = Schema::Object(&[
    field(
        "engine",
        Schema::Object(&[
            required(
                "type",
                one_of(&[
                    "MergeTree",
                    "ReplacingMergeTree",
                    "SummingMergeTree",
                    "Null",
                ]),
            ),
            field("versionColumnId", N_STR),
            field("columnIds", STRINGS),
        ]),
    ),
    field("sortingKey", STRINGS),
    field("partitionBy", string()),
    field("primaryKey", string()),
]);

/// `ClickPipeMutateDestination`.
const DESTINATION_POST: Schema = Schema::Object(&[
    field("database", TEXT),
    field("table", TEXT),
    field("managedTable", Schema::Bool),
    field("tableDefinition", TABLE_DEFINITION),
    field("columns", COLUMNS),
    field("roles", STRINGS),
]);

/// `ClickPipeScaling`.
const SCALING: Schema = Schema::Object(&[
    field("replicas", integer(1.0, 40.0)),
    field("concurrency", integer(0.0, 34.0)),
    field("replicaCpuMillicores", integer(125.0, 2000.0)),
    field("replicaMemoryGb", number(Some(0.5), Some(8.0), None)),
]);

/// `ClickPipeSettings` (also `ClickPipeSettingsPutRequest`): every value may be `null` (unset).
pub const SETTINGS: Schema = Schema::Object(&[
    field(
        "streaming_max_insert_wait_ms",
        Schema::Nullable(&integer(500.0, 60000.0)),
    ),
    field(
        "object_storage_concurrency",
        Schema::Nullable(&integer(1.0, 35.0)),
    ),
    field(
        "object_storage_polling_interval_ms",
        Schema::Nullable(&integer(100.0, 3_600_000.0)),
    ),
    field(
        "object_storage_max_insert_bytes",
        Schema::Nullable(&integer(10_485_760.0, 53_687_091_200.0)),
    ),
    field(
        "object_storage_max_file_count",
        Schema::Nullable(&integer(1.0, 10000.0)),
    ),
    field(
        "clickhouse_max_threads",
        Schema::Nullable(&integer(0.0, 64.0)),
    ),
    field(
        "clickhouse_max_insert_threads",
        Schema::Nullable(&integer(0.0, 16.0)),
    ),
    field(
        "clickhouse_min_insert_block_size_bytes",
        Schema::Nullable(&integer(0.0, 10_737_418_240.0)),
    ),
    field(
        "clickhouse_max_download_threads",
        Schema::Nullable(&integer(0.0, 32.0)),
    ),
    field(
        "clickhouse_parallel_distributed_insert_select",
        Schema::Nullable(&integer(0.0, 2.0)),
    ),
    field("object_storage_use_cluster_function", N_BOOL),
    field("clickhouse_parallel_view_processing", N_BOOL),
]);

/// `ClickPipePostRequest`. A pipe needs a name, a source and a destination.
pub const PIPE_POST: Schema = Schema::Object(&[
    required("name", string_len(1, Some(255))),
    required(
        "source",
        Schema::Object(&[
            field("kafka", Schema::Nullable(&KAFKA_POST)),
            field("objectStorage", Schema::Nullable(&OBJECT_STORAGE_POST)),
            field("kinesis", Schema::Nullable(&KINESIS_POST)),
            field("pubsub", Schema::Nullable(&PUBSUB_POST)),
            field("postgres", POSTGRES_POST),
            field("mysql", Schema::Nullable(&MYSQL_POST)),
            field("bigquery", Schema::Nullable(&BIGQUERY_POST)),
            field("mongodb", Schema::Nullable(&MONGODB_POST)),
            field("validateSamples", Schema::Bool),
        ]),
    ),
    required("destination", DESTINATION_POST),
    field("fieldMappings", array(&FIELD_MAPPING)),
    field("scaling", SCALING),
    field("settings", SETTINGS),
]);

const N_PORT: Schema = Schema::Nullable(&PORT);
const N_AT_LEAST_ONE: Schema = Schema::Nullable(&AT_LEAST_ONE);

/// `ClickPipePatchSource` (no BigQuery: its pipes cannot be changed).
const PATCH_SOURCE: Schema = Schema::Object(&[
    field(
        "kafka",
        Schema::Nullable(&Schema::Object(&[
            field("authentication", Schema::Nullable(&one_of(KAFKA_AUTH))),
            field("iamRole", N_STR),
            field("caCertificate", N_STR),
            field("reversePrivateEndpointIds", array(&formatted(Format::Uuid))),
            field("credentials", KAFKA_CREDENTIALS),
        ])),
    ),
    field(
        "objectStorage",
        Schema::Nullable(&Schema::Object(&[
            field("skipInitialLoad", N_BOOL),
            field("startAfter", N_STR),
            field(
                "authentication",
                Schema::Nullable(&one_of(OBJECT_STORAGE_AUTH)),
            ),
            field("iamRole", N_STR),
            field("connectionString", N_STR),
            field("path", N_STR),
            field("azureContainerName", N_STR),
            field("accessKey", Schema::Nullable(&ACCESS_KEY)),
            field("serviceAccountKey", N_STR),
        ])),
    ),
    field(
        "kinesis",
        Schema::Nullable(&Schema::Object(&[
            field("authentication", Schema::Nullable(&one_of(KINESIS_AUTH))),
            field("iamRole", N_STR),
            field("accessKey", Schema::Nullable(&ACCESS_KEY)),
        ])),
    ),
    field(
        "pubsub",
        Schema::Nullable(&Schema::Object(&[
            required(
                "authentication",
                Schema::Nullable(&one_of(&["SERVICE_ACCOUNT"])),
            ),
            field("ackDeadline", Schema::Nullable(&integer(10.0, 600.0))),
            required("serviceAccountKey", Schema::Nullable(&SERVICE_ACCOUNT)),
        ])),
    ),
    field(
        "postgres",
        Schema::Object(&[
            field("credentials", PLAIN),
            field("host", N_STR),
            field("port", N_PORT),
            field("database", N_STR),
            field("tlsHost", N_STR),
            field("caCertificate", N_STR),
            field("disableTls", N_BOOL),
            field("skipCertVerification", N_BOOL),
            field(
                "settings",
                Schema::Object(&[
                    field("syncIntervalSeconds", N_AT_LEAST_ONE),
                    field("pullBatchSize", N_AT_LEAST_ONE),
                ]),
            ),
            field("tableMappingsToAdd", array(&POSTGRES_TABLE_MAPPING)),
            field("tableMappingsToRemove", array(&POSTGRES_REMOVE_MAPPING)),
        ]),
    ),
    field(
        "mysql",
        Schema::Nullable(&Schema::Object(&[
            field("credentials", PLAIN),
            required("host", N_STR),
            required("port", N_PORT),
            field("authentication", Schema::Nullable(&one_of(DB_AUTH))),
            field("iamRole", N_STR),
            field("tlsHost", N_STR),
            field("caCertificate", N_STR),
            field("disableTls", N_BOOL),
            field("skipCertVerification", N_BOOL),
            field("serverId", Schema::Nullable(&SERVER_ID)),
            field(
                "settings",
                Schema::Object(&[
                    field("syncIntervalSeconds", N_AT_LEAST_ONE),
                    field("pullBatchSize", N_AT_LEAST_ONE),
                    field("useCompression", N_BOOL),
                ]),
            ),
            field("tableMappingsToAdd", array(&MYSQL_TABLE_MAPPING)),
            field("tableMappingsToRemove", array(&MYSQL_REMOVE_MAPPING)),
        ])),
    ),
    field(
        "mongodb",
        Schema::Nullable(&Schema::Object(&[
            field("credentials", PLAIN),
            required("uri", N_STR),
            required(
                "readPreference",
                Schema::Nullable(&one_of(READ_PREFERENCES)),
            ),
            field("tlsHost", N_STR),
            field("disableTls", N_BOOL),
            field("skipCertVerification", N_BOOL),
            field("caCertificate", N_STR),
            field(
                "settings",
                Schema::Object(&[
                    field("syncIntervalSeconds", N_AT_LEAST_ONE),
                    field("pullBatchSize", N_AT_LEAST_ONE),
                ]),
            ),
            field("tableMappingsToAdd", array(&MONGODB_TABLE_MAPPING)),
            field("tableMappingsToRemove", array(&MONGODB_REMOVE_MAPPING)),
        ])),
    ),
    field("validateSamples", Schema::Bool),
]);

/// `ClickPipePatchRequest`.
pub const PIPE_PATCH: Schema = Schema::Object(&[
    field("name", Schema::Nullable(&string_len(1, Some(255)))),
    field("source", Schema::Nullable(&PATCH_SOURCE)),
    field(
        "destination",
        Schema::Nullable(&Schema::Object(&[field("columns", COLUMNS)])),
    ),
    field("fieldMappings", array(&FIELD_MAPPING)),
    field("settings", Schema::Nullable(&SETTINGS)),
]);

/// `ClickPipeScalingPatchRequest`.
pub const SCALING_PATCH: Schema = Schema::Object(&[
    field("replicas", Schema::Nullable(&integer(1.0, 40.0))),
    field("concurrency", Schema::Nullable(&integer(0.0, 34.0))),
    field(
        "replicaCpuMillicores",
        Schema::Nullable(&integer(125.0, 2000.0)),
    ),
    field(
        "replicaMemoryGb",
        Schema::Nullable(&number(Some(0.5), Some(8.0), None)),
    ),
]);

/// `ClickPipeStatePatchRequest`.
pub const STATE_PATCH: Schema =
    Schema::Object(&[required("command", one_of(&["start", "stop", "resync"]))]);

/// `ClickPipesCdcScalingPatchRequest`.
pub const CDC_SCALING_PATCH: Schema = Schema::Object(&[
    field(
        "replicaCpuMillicores",
        Schema::Num(Num {
            integer: true,
            min: Some(1000.0),
            max: Some(32000.0),
            multiple_of: Some(1000.0),
        }),
    ),
    field("replicaMemoryGb", number(Some(4.0), Some(128.0), Some(4.0))),
]);

/// `ClickPipeSchemaDiscoveryRequest`.
pub const DISCOVERY: Schema = Schema::Object(&[required(
    "source",
    Schema::Object(&[
        field("kafka", Schema::Nullable(&KAFKA_POST)),
        field("kinesis", Schema::Nullable(&KINESIS_POST)),
    ]),
)]);

const DNS_MAPPINGS: Schema = array(&Schema::Object(&[required("privateDnsName", TEXT)]));

/// `CreateReversePrivateEndpoint`.
pub const RPE_POST: Schema = Schema::Object(&[
    field("description", string_len(0, Some(255))),
    required("type", one_of(RPE_TYPES)),
    field("vpcEndpointServiceName", N_STR),
    field("vpcResourceConfigurationId", N_STR),
    field("vpcResourceShareArn", N_STR),
    field("mskClusterArn", N_STR),
    field(
        "mskAuthentication",
        Schema::Nullable(&one_of(&["SASL_IAM", "SASL_SCRAM"])),
    ),
    field("gcpServiceAttachment", N_STR),
    field("customPrivateDnsMappings", DNS_MAPPINGS),
]);

/// `UpdateReversePrivateEndpoint`.
pub const RPE_PATCH: Schema = Schema::Object(&[field("customPrivateDnsMappings", DNS_MAPPINGS)]);
