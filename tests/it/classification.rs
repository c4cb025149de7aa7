//! The read/write classification is a product requirement: it must equal this table
//! row for row, and a write must never leave the machine under a read-only credential.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::*;

/// The requirement, as written in the product reference.
const READ: &[&str] = &[
    "org list",
    "org get",
    "org prometheus",
    "org usage",
    "service list",
    "service get",
    "service client",
    "service prometheus",
    "backup list",
    "backup get",
    "service backup-config get",
    "member list",
    "member get",
    "invitation list",
    "invitation get",
    "key list",
    "key get",
    "role list",
    "role get",
    "activity list",
    "activity get",
    "service query-endpoint get",
    "service private-endpoint get-config",
    "clickstack dashboard list",
    "clickstack dashboard get",
    "clickstack alert list",
    "clickstack alert get",
    "clickstack source list",
    "clickstack source get",
    "clickstack webhook list",
    "clickstack webhook get",
    "clickstack role list",
    "clickstack role get",
    "clickstack saved-search list",
    "clickstack saved-search get",
    "service scaling-schedule get",
    "service upgrade-window get",
    "service settings list",
    "service settings get",
    "service settings schema",
    "service backup-bucket get",
    "org quota list",
    "org quota get",
    "org private-endpoint-config",
    "udf list",
    "udf get",
    "udf version list",
    "udf attachment list",
    "udf attachment get",
    "postgres list",
    "postgres get",
    "postgres certs get",
    "postgres config get",
    "postgres metrics",
    "postgres slow-query list",
    "postgres slow-query get",
    "postgres prometheus",
    "clickpipe list",
    "clickpipe get",
    "clickpipe settings get",
    "clickpipe cdc-scaling get",
    "clickpipe reverse-private-endpoint list",
    "clickpipe reverse-private-endpoint get",
    // Read-only SQL: statements that do not read are refused before sending.
    "service query",
    "auth login",
    "auth logout",
    "auth status",
    "auth token",
    // Classified by its parsed method (GET/HEAD read, the others write); the catalog
    // classifies the sample `cloud api GET …`. RAW_WRITE_INVOCATIONS covers the writes.
    "api",
];

const WRITE: &[&str] = &[
    "org update",
    "backup restore",
    "service create",
    "service delete",
    "service start",
    "service stop",
    "service update",
    "service scale",
    "service reset-password",
    "service backup-config update",
    "service sql",
    "member update",
    "member remove",
    "invitation create",
    "invitation delete",
    "key create",
    "key update",
    "key delete",
    "role create",
    "role update",
    "role delete",
    "org byoc create",
    "org byoc update",
    "org byoc delete",
    "service query-endpoint create",
    "service query-endpoint delete",
    "service private-endpoint create",
    "clickstack dashboard create",
    "clickstack dashboard update",
    "clickstack dashboard delete",
    "clickstack alert create",
    "clickstack alert update",
    "clickstack alert delete",
    "clickstack source create",
    "clickstack source update",
    "clickstack source delete",
    "clickstack webhook create",
    "clickstack webhook update",
    "clickstack webhook delete",
    "clickstack role create",
    "clickstack role update",
    "clickstack role delete",
    "clickstack saved-search create",
    "clickstack saved-search update",
    "clickstack saved-search delete",
    // A POST that changes nothing, but the API accepts POSTs only from API keys.
    "clickstack dashboard validate",
    "service scaling-schedule set",
    "service scaling-schedule delete",
    "service upgrade-window set",
    "service upgrade-window delete",
    "service settings set",
    "service settings unset",
    "service backup-bucket create",
    "service backup-bucket update",
    "service backup-bucket delete",
    "udf create",
    "udf delete",
    "udf version create",
    "udf version delete",
    "udf attach",
    "udf detach",
    "postgres create",
    "postgres update",
    "postgres delete",
    "postgres config replace",
    "postgres config patch",
    "postgres reset-password",
    "postgres read-replica create",
    "postgres restore",
    "postgres restart",
    "postgres promote",
    "postgres switchover",
    "clickpipe update",
    "clickpipe delete",
    "clickpipe start",
    "clickpipe stop",
    "clickpipe resync",
    "clickpipe scale",
    "clickpipe settings update",
    "clickpipe cdc-scaling update",
    "clickpipe reverse-private-endpoint create",
    "clickpipe reverse-private-endpoint update",
    "clickpipe reverse-private-endpoint delete",
    "clickpipe create kafka",
    "clickpipe create object-storage",
    "clickpipe create kinesis",
    "clickpipe create pubsub",
    "clickpipe create postgres",
    "clickpipe create mysql",
    "clickpipe create bigquery",
    "clickpipe create mongodb",
    "clickpipe schema-discover kafka",
    "clickpipe schema-discover kinesis",
];

/// Local commands that need no credential at all. `context` and `config` change only local
/// files, so they are read like `auth logout` (Read and Write are about ClickHouse Cloud).
const LOCAL: &[&str] = &[
    "commands",
    "completion",
    "man",
    "context list",
    "context use",
    "context show",
    "context rename",
    "context delete",
    "config list",
    "config get",
    "config set",
    "config unset",
];

fn catalog() -> BTreeMap<String, String> {
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<Value> = serde_json::from_str(&success(&out)).unwrap();
    entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["access"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_command_is_classified_as_the_reference_requires() {
    let catalog = catalog();
    let mut expected = BTreeMap::new();
    for path in READ.iter().chain(LOCAL) {
        expected.insert(path.to_string(), "read".to_owned());
    }
    for path in WRITE {
        expected.insert(path.to_string(), "write".to_owned());
    }
    assert_eq!(catalog, expected);
}

#[test]
fn catalog_entries_have_summaries() {
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<Value> = serde_json::from_str(&success(&out)).unwrap();
    for entry in entries {
        let summary = entry["summary"].as_str().unwrap();
        assert!(!summary.is_empty(), "{entry} has no summary");
    }
}

/// Every operationId a leaf declares is one of the vendored spec's; OAuth can run exactly
/// the Read leaves; every API leaf declares something, and every Write leaf starts with
/// the key-role lookup.
#[test]
fn catalog_operations_exist_in_the_spec() {
    let known = crate::support::spec::operation_ids();
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<Value> = serde_json::from_str(&success(&out)).unwrap();
    for entry in &entries {
        let path = entry["path"].as_str().unwrap();
        let operations: Vec<&str> = entry["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        // Raw access (`cloud api`) may call any operation: it declares `*` and nothing else.
        if path == "api" {
            assert_eq!(operations, ["*"]);
            continue;
        }
        for operation in &operations {
            assert!(
                known.contains(*operation),
                "`{path}` declares {operation}, which the spec does not have"
            );
        }
        let read = entry["access"] == "read";
        assert_eq!(entry["oauth"], read, "{entry}");
        if !read {
            assert_eq!(
                operations[..2],
                ["organizationGetList", "openapiKeyGetList"],
                "{path}"
            );
        }
        let local = LOCAL.contains(&path) || ["auth logout", "auth token"].contains(&path);
        assert_eq!(operations.is_empty(), local, "{path}: {operations:?}");
        assert!(entry["arguments"].is_array(), "{entry}");
    }
}

/// Arguments come from clap: names, types, enum values and whether they repeat.
#[test]
fn catalog_describes_arguments() {
    let out = cloud().args(["commands", "--json"]).output().unwrap();
    let entries: Vec<Value> = serde_json::from_str(&success(&out)).unwrap();
    let create = entries
        .iter()
        .find(|e| e["path"] == "service create")
        .unwrap();
    let arg = |name: &str| {
        create["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("no {name}: {create}"))
            .clone()
    };
    let provider = arg("--provider");
    assert_eq!(provider["type"], "enum");
    assert_eq!(provider["required"], false);
    assert_eq!(provider["enum"], serde_json::json!(["aws", "gcp", "azure"]));
    assert_eq!(arg("--name")["type"], "string");
    assert_eq!(arg("--org-id")["type"], "uuid");
    assert_eq!(arg("--org-id")["required"], false);
    assert_eq!(arg("--ip-allow")["multiple"], true);
    assert_eq!(arg("--num-replicas")["type"], "integer");
    assert_eq!(arg("--readonly")["type"], "boolean");
    assert_eq!(arg("--idle-scaling")["type"], "boolean");
    assert!(
        create["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["name"] != "--json"),
        "global flags are not repeated per leaf"
    );
    let get = entries.iter().find(|e| e["path"] == "service get").unwrap();
    let positional = &get["arguments"][0];
    assert_eq!(positional["name"], "SERVICE");
    assert_eq!(positional["positional"], true);
    assert_eq!(positional["type"], "uuid-or-name");
}

#[test]
fn catalog_table_snapshot() {
    let out = cloud().arg("commands").output().unwrap();
    insta::assert_snapshot!(success(&out));
}

/// A sample invocation of each write command, complete enough to pass clap.
pub const WRITE_INVOCATIONS: &[&[&str]] = &[
    &["org", "update", ORG, "--name", "x"],
    &[
        "service",
        "create",
        "--org-id",
        ORG,
        "--name",
        "x",
        "--provider",
        "aws",
        "--region",
        "us-east-1",
    ],
    &[
        "backup", "restore", SERVICE, SERVICE, "--org-id", ORG, "--name", "x",
    ],
    &["service", "delete", SERVICE, "--org-id", ORG, "--yes"],
    &[
        "service", "delete", SERVICE, "--org-id", ORG, "--force", "--yes",
    ],
    &["service", "start", SERVICE, "--org-id", ORG],
    &["service", "stop", SERVICE, "--org-id", ORG],
    &["service", "update", SERVICE, "--org-id", ORG, "--name", "x"],
    &[
        "service",
        "scale",
        SERVICE,
        "--org-id",
        ORG,
        "--num-replicas",
        "3",
    ],
    &[
        "service",
        "reset-password",
        SERVICE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "service",
        "backup-config",
        "update",
        SERVICE,
        "--org-id",
        ORG,
        "--backup-period-hours",
        "24",
    ],
    &[
        "member",
        "update",
        SERVICE,
        "--org-id",
        ORG,
        "--role-id",
        SERVICE,
    ],
    &["member", "remove", SERVICE, "--org-id", ORG, "--yes"],
    &[
        "invitation",
        "create",
        "--org-id",
        ORG,
        "--email",
        "ada@example.com",
    ],
    &["invitation", "delete", SERVICE, "--org-id", ORG, "--yes"],
    &["key", "create", "--org-id", ORG, "--name", "ci"],
    &["key", "update", SERVICE, "--org-id", ORG, "--name", "ci"],
    &["key", "delete", SERVICE, "--org-id", ORG, "--yes"],
    &[
        "role",
        "create",
        "--org-id",
        ORG,
        "--name",
        "Viewers",
        "--allow",
        "control-plane:service:view",
        "--resource",
        "instance/*",
    ],
    &[
        "role", "update", SERVICE, "--org-id", ORG, "--name", "Readers",
    ],
    &["role", "delete", SERVICE, "--org-id", ORG, "--yes"],
    &[
        "org",
        "byoc",
        "create",
        "--org-id",
        ORG,
        "--region",
        "eu-west-1",
        "--account-id",
        "123456789012",
    ],
    &[
        "org", "byoc", "update", SERVICE, "--org-id", ORG, "--name", "x",
    ],
    &["org", "byoc", "delete", SERVICE, "--org-id", ORG, "--yes"],
    &[
        "service",
        "query-endpoint",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--role",
        "sql_console_read_only",
    ],
    &[
        "service",
        "query-endpoint",
        "delete",
        SERVICE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "service",
        "private-endpoint",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--endpoint-id",
        "vpce-1",
    ],
    &[
        "clickstack",
        "dashboard",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_DASHBOARD,
    ],
    &[
        "clickstack",
        "dashboard",
        "update",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_DASHBOARD,
    ],
    &[
        "clickstack",
        "dashboard",
        "delete",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickstack",
        "alert",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_ALERT,
    ],
    &[
        "clickstack",
        "alert",
        "update",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_ALERT,
    ],
    &[
        "clickstack",
        "alert",
        "delete",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickstack",
        "source",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_SOURCE,
    ],
    &[
        "clickstack",
        "source",
        "update",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_SOURCE,
    ],
    &[
        "clickstack",
        "source",
        "delete",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickstack",
        "webhook",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_WEBHOOK,
    ],
    &[
        "clickstack",
        "webhook",
        "update",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_WEBHOOK,
    ],
    &[
        "clickstack",
        "webhook",
        "delete",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickstack",
        "role",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_ROLE,
    ],
    &[
        "clickstack",
        "role",
        "update",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_ROLE,
    ],
    &[
        "clickstack",
        "role",
        "delete",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickstack",
        "saved-search",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_SAVED_SEARCH,
    ],
    &[
        "clickstack",
        "saved-search",
        "update",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_SAVED_SEARCH,
    ],
    &[
        "clickstack",
        "saved-search",
        "delete",
        SERVICE,
        "abc",
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickstack",
        "dashboard",
        "validate",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        CLICKSTACK_DASHBOARD,
    ],
    &[
        "service",
        "scaling-schedule",
        "set",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "Business hours",
        "--weekdays",
        "mon-fri",
        "--start-hour",
        "8",
        "--end-hour",
        "18",
        "--min-replica-memory-gb",
        "32",
        "--max-replica-memory-gb",
        "64",
    ],
    &[
        "service",
        "scaling-schedule",
        "delete",
        SERVICE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "service",
        "upgrade-window",
        "set",
        SERVICE,
        "--org-id",
        ORG,
        "--weekday",
        "sun",
        "--start-hour",
        "0",
    ],
    &[
        "service",
        "upgrade-window",
        "delete",
        SERVICE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "service",
        "settings",
        "set",
        SERVICE,
        "--org-id",
        ORG,
        "max_threads=4",
    ],
    &[
        "service",
        "settings",
        "unset",
        SERVICE,
        "--org-id",
        ORG,
        "max_threads",
    ],
    &[
        "service",
        "backup-bucket",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--provider",
        "aws",
        "--bucket-path",
        "s3://b",
        "--iam-role-arn",
        "arn:aws:iam::1:role/x",
    ],
    &[
        "service",
        "backup-bucket",
        "update",
        SERVICE,
        "--org-id",
        ORG,
        "--provider",
        "aws",
        "--bucket-path",
        "s3://c",
    ],
    &[
        "service",
        "backup-bucket",
        "delete",
        SERVICE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "service",
        "sql",
        SERVICE,
        "--org-id",
        ORG,
        "--query",
        "INSERT INTO t VALUES (1)",
    ],
    &[
        "udf",
        "create",
        "hello",
        "--org-id",
        ORG,
        "--file",
        UDF_ARCHIVE,
        "--runtime",
        "python3.11",
        "--return-type",
        "String",
    ],
    &["udf", "delete", "hello", "--org-id", ORG, "--yes"],
    &[
        "udf",
        "version",
        "create",
        "hello",
        "--org-id",
        ORG,
        "--file",
        UDF_ARCHIVE,
        "--runtime",
        "python3.11",
        "--return-type",
        "String",
    ],
    &[
        "udf", "version", "delete", "hello", "1", "--org-id", ORG, "--yes",
    ],
    &["udf", "attach", "hello", SERVICE, "--org-id", ORG],
    &["udf", "detach", "hello", SERVICE, "--org-id", ORG],
    &[
        "postgres",
        "create",
        "--org-id",
        ORG,
        "--name",
        "x",
        "--region",
        "us-east-1",
        "--size",
        "c6gd.large",
    ],
    &[
        "postgres",
        "update",
        SERVICE,
        "--org-id",
        ORG,
        "--size",
        "c6gd.xlarge",
    ],
    &["postgres", "delete", SERVICE, "--org-id", ORG, "--yes"],
    &[
        "postgres",
        "config",
        "replace",
        SERVICE,
        "--org-id",
        ORG,
        "--file",
        POSTGRES_CONFIG,
    ],
    &[
        "postgres",
        "config",
        "patch",
        SERVICE,
        "--org-id",
        ORG,
        "--set",
        "max_connections=200",
        "--set",
        "pgbouncer.default_pool_size=32",
    ],
    &[
        "postgres",
        "reset-password",
        SERVICE,
        "--org-id",
        ORG,
        "--generate",
    ],
    &[
        "postgres",
        "read-replica",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "r",
    ],
    &[
        "postgres",
        "restore",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "r",
        "--restore-target",
        "2026-11-30T12:00:00Z",
    ],
    &["postgres", "restart", SERVICE, "--org-id", ORG],
    &["postgres", "promote", SERVICE, "--org-id", ORG],
    &["postgres", "switchover", SERVICE, "--org-id", ORG],
    &[
        "clickpipe",
        "update",
        SERVICE,
        PIPE,
        "--org-id",
        ORG,
        "--name",
        "orders-v2",
    ],
    &[
        "clickpipe",
        "delete",
        SERVICE,
        PIPE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &["clickpipe", "start", SERVICE, PIPE, "--org-id", ORG],
    &["clickpipe", "stop", SERVICE, PIPE, "--org-id", ORG],
    &["clickpipe", "resync", SERVICE, PIPE, "--org-id", ORG],
    &[
        "clickpipe",
        "scale",
        SERVICE,
        PIPE,
        "--org-id",
        ORG,
        "--replicas",
        "2",
        "--cpu-millicores",
        "500",
        "--memory-gb",
        "0.5",
    ],
    &[
        "clickpipe",
        "settings",
        "update",
        SERVICE,
        PIPE,
        "--org-id",
        ORG,
        "--streaming-max-insert-wait-ms",
        "2000",
        "--clickhouse-parallel-view-processing",
        "true",
    ],
    &[
        "clickpipe",
        "cdc-scaling",
        "update",
        SERVICE,
        "--org-id",
        ORG,
        "--cpu-millicores",
        "2000",
    ],
    &[
        "clickpipe",
        "reverse-private-endpoint",
        "create",
        SERVICE,
        "--org-id",
        ORG,
        "--description",
        "orders",
        "--type",
        "VPC_ENDPOINT_SERVICE",
        "--vpc-endpoint-service-name",
        "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
    ],
    &[
        "clickpipe",
        "reverse-private-endpoint",
        "update",
        SERVICE,
        PIPE,
        "--org-id",
        ORG,
        "--private-dns-name",
        "db.example.com",
    ],
    &[
        "clickpipe",
        "reverse-private-endpoint",
        "delete",
        SERVICE,
        PIPE,
        "--org-id",
        ORG,
        "--yes",
    ],
    &[
        "clickpipe",
        "create",
        "kafka",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "events",
        "--brokers",
        "b-1.msk.example.com:9098",
        "--topics",
        "events",
        "--format",
        "JSONEachRow",
        "--kafka-type",
        "msk",
        "--iam-role",
        "arn:aws:iam::123456789012:role/cp",
        "--table",
        "events",
        "--column",
        "id:UInt64",
    ],
    &[
        "clickpipe",
        "create",
        "object-storage",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "logs",
        "--source-url",
        "https://bucket.s3.amazonaws.com/logs/*.json",
        "--format",
        "JSONEachRow",
        "--table",
        "logs",
        "--column",
        "message:String",
    ],
    &[
        "clickpipe",
        "create",
        "kinesis",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "clicks",
        "--stream-name",
        "clicks",
        "--region",
        "us-east-1",
        "--format",
        "JSONEachRow",
        "--iam-role",
        "arn:aws:iam::123456789012:role/cp",
        "--table",
        "clicks",
        "--column",
        "url:String",
    ],
    &[
        "clickpipe",
        "create",
        "pubsub",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "events",
        "--project-id",
        "my-project",
        "--topic",
        "events",
        "--format",
        "JSONEachRow",
        "--service-account-file",
        SERVICE_ACCOUNT_KEY,
        "--table",
        "events",
        "--column",
        "id:UInt64",
    ],
    &[
        "clickpipe",
        "create",
        "postgres",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "orders-cdc",
        "--host",
        "db.example.com",
        "--pg-database",
        "shop",
        "--username",
        "cp",
        "--auth",
        "IAM_ROLE",
        "--iam-role",
        "arn:aws:iam::123456789012:role/cp",
        "--table-mapping",
        "public.orders",
    ],
    &[
        "clickpipe",
        "create",
        "mysql",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "shop-cdc",
        "--host",
        "db.example.com",
        "--username",
        "cp",
        "--auth",
        "IAM_ROLE",
        "--iam-role",
        "arn:aws:iam::123456789012:role/cp",
        "--table-mapping",
        "shop.orders",
    ],
    &[
        "clickpipe",
        "create",
        "bigquery",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "warehouse",
        "--service-account-file",
        SERVICE_ACCOUNT_KEY,
        "--staging-path",
        "gs://bucket/staging/",
        "--table-mapping",
        "sales.orders",
    ],
    // The password on argv: accepted, with a warning (no stdin or environment here).
    &[
        "clickpipe",
        "create",
        "mongodb",
        SERVICE,
        "--org-id",
        ORG,
        "--name",
        "app-cdc",
        "--uri",
        "mongodb+srv://cluster0.example.mongodb.net",
        "--username",
        "cp",
        "--password",
        "Mong0Passw0rdOnArgv",
        "--table-mapping",
        "app.users",
    ],
    &[
        "clickpipe",
        "schema-discover",
        "kafka",
        SERVICE,
        "--org-id",
        ORG,
        "--brokers",
        "b-1.msk.example.com:9098",
        "--topics",
        "events",
        "--format",
        "JSONEachRow",
        "--kafka-type",
        "msk",
        "--iam-role",
        "arn:aws:iam::123456789012:role/cp",
    ],
    &[
        "clickpipe",
        "schema-discover",
        "kinesis",
        SERVICE,
        "--org-id",
        ORG,
        "--stream-name",
        "clicks",
        "--region",
        "us-east-1",
        "--format",
        "JSONEachRow",
        "--iam-role",
        "arn:aws:iam::123456789012:role/cp",
    ],
];

/// A Google Cloud service account key, for the Pub/Sub and BigQuery pipes.
pub const SERVICE_ACCOUNT_KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickpipe/service-account.json"
);

/// A ClickPipe's (and a reverse private endpoint's) ID in the write invocations.
pub const PIPE: &str = "c1c1c1c1-0000-4000-8000-000000000001";

/// A valid UDF source archive.
pub const UDF_ARCHIVE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/udf/hello.zip"
);

/// Valid bodies for the ClickStack writes.
const CLICKSTACK_DASHBOARD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickstack/dashboard.json"
);
const CLICKSTACK_ALERT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickstack/alert.json"
);
const CLICKSTACK_SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickstack/source.json"
);
const CLICKSTACK_WEBHOOK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickstack/webhook.json"
);
const CLICKSTACK_ROLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickstack/role.json"
);
const CLICKSTACK_SAVED_SEARCH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/clickstack/saved-search.json"
);

/// A whole Postgres configuration, for `postgres config replace`.
pub const POSTGRES_CONFIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/postgres/config.json"
);

/// `cloud api` with each method that writes: classified Write, so gated like the rest.
pub const RAW_WRITE_INVOCATIONS: &[&[&str]] = &[
    &["api", "POST", "/v1/organizations/x/keys", "-F", "name=ci"],
    &["api", "put", "organizations/x", "-F", "name=x"],
    &["api", "PATCH", "/v1/organizations/x", "-F", "name=x"],
    &["api", "DELETE", "/v1/organizations/x/keys/y"],
];

/// Every write: each write command, then `cloud api` with each writing method.
pub fn all_write_invocations() -> impl Iterator<Item = &'static [&'static str]> {
    WRITE_INVOCATIONS
        .iter()
        .chain(RAW_WRITE_INVOCATIONS)
        .copied()
}

#[test]
fn the_write_invocations_cover_every_write_command() {
    let covered: std::collections::BTreeSet<String> = WRITE_INVOCATIONS
        .iter()
        .map(|argv| {
            argv.iter()
                .take_while(|a| {
                    !a.starts_with("--")
                        && **a != ORG
                        && **a != SERVICE
                        && **a != PIPE
                        // A UDF's name and version.
                        && **a != "hello"
                        && **a != "1"
                })
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let writes: std::collections::BTreeSet<String> = WRITE.iter().map(|s| s.to_string()).collect();
    assert_eq!(covered, writes);
}

/// Under a bearer token every write exits 4 before sending anything at all.
#[tokio::test(flavor = "multi_thread")]
async fn writes_under_a_bearer_token_send_nothing() {
    let api = Api::start().await;
    for argv in all_write_invocations() {
        let mut command = Sandbox::new().cloud();
        command
            .env("CLOUD_ACCESS_TOKEN", "read-only-token")
            .args(argv);
        let out = api.run_with(command).await;
        assert_eq!(out.status.code(), Some(4), "{argv:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("CLOUD_ACCESS_TOKEN"),
            "{argv:?} names the source: {message}"
        );
        assert!(
            message.contains("cloud auth login --api-key"),
            "{argv:?} shows the fix: {message}"
        );
        assert!(
            message.contains("CLICKHOUSE_CLOUD_API_KEY"),
            "{argv:?} shows the env fix: {message}"
        );
    }
    assert_eq!(
        api.seen().await,
        Vec::<String>::new(),
        "no request may reach the server"
    );
}

/// `--read-only` and `CLOUD_READ_ONLY` clamp an API key the same way.
#[tokio::test(flavor = "multi_thread")]
async fn clamped_api_keys_send_nothing_either() {
    let api = Api::start().await;
    for (flag, env) in [(true, None), (false, Some("1"))] {
        for argv in all_write_invocations() {
            let mut command = Sandbox::new().cloud();
            command
                .env("CLICKHOUSE_CLOUD_API_KEY", KEY_ID)
                .env("CLICKHOUSE_CLOUD_API_SECRET", KEY_SECRET)
                .args(argv);
            if flag {
                command.arg("--read-only");
            }
            if let Some(value) = env {
                command.env("CLOUD_READ_ONLY", value);
            }
            let out = api.run_with(command).await;
            assert_eq!(out.status.code(), Some(4), "{argv:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("clamped to read-only"),
                "{}",
                stderr(&out)
            );
        }
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// Under `--json` the refusal is a JSON object with a stable code on stderr.
#[tokio::test(flavor = "multi_thread")]
async fn refusal_is_machine_readable_under_json() {
    let api = Api::start().await;
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_ACCESS_TOKEN", "read-only-token")
        .args(["org", "update", ORG, "--name", "x", "--json"]);
    let out = api.run_with(command).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty());
    let error: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "write_requires_api_key");
    assert_eq!(error["error"]["exit_code"], 4);
    assert_eq!(
        error["error"]["credential_source"],
        "OAuth access token in CLOUD_ACCESS_TOKEN"
    );
    assert!(
        error["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("cloud auth login --api-key")
    );
}
