//! The ClickPipes of the seeded demo service: a Kafka pipe and a Postgres CDC pipe, both
//! running, so that a fresh emulator has pipes to list.

use std::collections::BTreeMap;

use serde_json::json;
use uuid::Uuid;

use crate::hashing::sha256_base64;
use crate::store::{ClickPipeRecord, ClickPipes};

const CREATED_AT: &str = "2025-06-10T09:00:00Z";

/// `[kafka, postgres]` pipe ids on service `service_id`.
pub fn seeded(service_id: Uuid, ids: [Uuid; 2]) -> ClickPipes {
    let [kafka, postgres] = ids;
    let kafka = json!({
        "id": kafka.to_string(),
        "serviceId": service_id.to_string(),
        "name": "orders-from-kafka",
        "state": "Running",
        "scaling": { "replicas": 1, "replicaCpuMillicores": 125, "replicaMemoryGb": 0.5 },
        "source": { "kafka": {
            "type": "confluent",
            "format": "JSONEachRow",
            "brokers": "pkc-demo.us-east-1.aws.confluent.cloud:9092",
            "topics": "orders",
            "consumerGroup": format!("clickpipes-{kafka}"),
            "authentication": "PLAIN",
            "offset": { "strategy": "from_beginning" },
        }},
        "destination": {
            "database": "default",
            "table": "orders",
            "managedTable": true,
            "tableDefinition": { "engine": { "type": "MergeTree" }, "sortingKey": ["id"] },
            "columns": [
                { "name": "id", "type": "Int64" },
                { "name": "created_at", "type": "DateTime64(3)" },
                { "name": "amount", "type": "Decimal(18, 2)" },
            ],
        },
        "fieldMappings": [
            { "sourceField": "id", "destinationField": "id" },
            { "sourceField": "created_at", "destinationField": "created_at" },
            { "sourceField": "amount", "destinationField": "amount" },
        ],
        "settings": {},
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    });
    let postgres = json!({
        "id": postgres.to_string(),
        "serviceId": service_id.to_string(),
        "name": "app-db-cdc",
        "state": "Running",
        "source": { "postgres": {
            "type": "postgres",
            "host": "app-db.demo.example.com",
            "port": 5432,
            "database": "app",
            "authentication": "basic",
            "settings": { "replicationMode": "cdc", "syncIntervalSeconds": 10, "pullBatchSize": 100000 },
            "tableMappings": [{
                "sourceSchemaName": "public",
                "sourceTable": "users",
                "targetTable": "public_users",
                "tableEngine": "ReplacingMergeTree",
            }],
        }},
        "destination": { "database": "app_replica" },
        "fieldMappings": [],
        "settings": {},
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    });
    let record = |pipe, path: &str| ClickPipeRecord {
        pipe,
        credential_hashes: BTreeMap::from([(
            format!("{path}.credentials"),
            sha256_base64("seeded-credentials"),
        )]),
        steps: Vec::new(),
    };
    ClickPipes {
        pipes: vec![
            record(kafka, "source.kafka"),
            record(postgres, "source.postgres"),
        ],
        ..ClickPipes::default()
    }
}
