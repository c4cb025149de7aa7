//! Resources of the API: envelopes, seeded data, reads and writes other than the service
//! lifecycle.

use serde_json::{Value, json};

use super::{ApiClient, demo_org};
use crate::support::emulator::{
    ADMIN_ROLE_ID, DEMO_ADMIN_KEY_UUID, DEMO_BACKUP_ID, DEMO_ORG_ID, DEMO_SERVICE_ID, DEMO_USER_ID,
    DEVELOPER_ROLE_ID, DEVELOPER_USER_ID, Emulator, SECOND_ORG_ID,
};

#[tokio::test(flavor = "multi_thread")]
async fn startup_lines_list_the_seeded_keys_of_each_org() {
    let one = Emulator::start();
    assert!(one.base_url().starts_with("http://127.0.0.1:"));
    let roles: Vec<(&str, &str)> = one
        .keys()
        .iter()
        .map(|k| (k.role.as_str(), k.org.as_str()))
        .collect();
    assert_eq!(roles, [("admin", "Demo Org"), ("developer", "Demo Org")]);
    assert_eq!(one.admin_key().key_id.len(), 20);
    assert!(one.admin_key().secret.len() > 30);

    let two = Emulator::start_with(&["--orgs", "2"]);
    assert_eq!(two.keys().len(), 4);
    // The seed is fixed: the same credentials on every start.
    assert_eq!(two.admin_key(), one.admin_key());
    let second = ApiClient::key(&two, two.key("Second Org", "admin"));
    let orgs = second.get("/v1/organizations").await;
    assert_eq!(orgs.result()[0]["id"], SECOND_ORG_ID);
}

#[tokio::test(flavor = "multi_thread")]
async fn success_envelope_wraps_the_seeded_resources() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);

    let orgs = api.get("/v1/organizations").await;
    assert_eq!(orgs.result()[0]["id"], DEMO_ORG_ID);
    assert_eq!(orgs.result()[0]["name"], "Demo Org");

    let service = api
        .get(&demo_org(&format!("/services/{DEMO_SERVICE_ID}")))
        .await;
    let service = service.result();
    assert_eq!(service["state"], "running");
    assert_eq!(service["provider"], "aws");
    assert_eq!(service["region"], "us-east-1");
    assert_eq!(service["autoscalingMode"], "vertical");
    assert_eq!(service["currentScaling"]["effectiveMinReplicaMemoryGb"], 16);
    let protocols: Vec<&str> = service["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(protocols, ["https", "nativesecure"]);
    assert!(
        service["endpoints"][0]["host"]
            .as_str()
            .unwrap()
            .ends_with(".us-east-1.aws.clickhouse.cloud")
    );

    let members = api.get(&demo_org("/members")).await;
    let emails: Vec<&str> = members
        .result()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["demo@example.com", "developer@example.com"]);

    let keys = api.get(&demo_org("/keys")).await;
    let admin = &keys.result()[0];
    assert_eq!(admin["id"], DEMO_ADMIN_KEY_UUID);
    assert_eq!(admin["roles"], json!(["admin"]));
    assert_eq!(admin["assignedRoles"][0]["roleId"], ADMIN_ROLE_ID);
    let key_id = &emulator.admin_key().key_id;
    assert_eq!(admin["keySuffix"], key_id[key_id.len() - 4..]);
    assert!(
        admin["usedAt"].is_string(),
        "usedAt is set once a key is used"
    );

    let roles = api.get(&demo_org("/roles")).await;
    let roles = roles.result().as_array().unwrap().clone();
    let names: Vec<(&str, &str, &str)> = roles
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (ADMIN_ROLE_ID, "Admin", "system"),
            (DEVELOPER_ROLE_ID, "Developer", "system")
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_ids_are_404_and_malformed_ids_are_400() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let missing = "00000000-0000-4000-8000-00000000dead";
    let service = format!("/services/{DEMO_SERVICE_ID}");
    for (path, what) in [
        (format!("/v1/organizations/{missing}"), "Organization"),
        (demo_org(&format!("/services/{missing}")), "Service"),
        (demo_org(&format!("{service}/backups/{missing}")), "Backup"),
        (demo_org(&format!("/keys/{missing}")), "API key"),
        (demo_org(&format!("/members/{missing}")), "Member"),
        (demo_org(&format!("/invitations/{missing}")), "Invitation"),
        (demo_org("/activities/no-such-activity"), "Activity"),
    ] {
        api.get(&path).await.assert_error(404, &[what, "not found"]);
    }
    for (path, parameter) in [
        ("/v1/organizations/not-a-uuid".to_string(), "organizationId"),
        (demo_org("/services/123"), "serviceId"),
        (demo_org(&format!("{service}/backups/x")), "backupId"),
        (demo_org("/keys/cat9ag498dyT5bl5Ghcq"), "keyId"),
        (demo_org("/members/bob"), "userId"),
        (demo_org("/invitations/x"), "invitationId"),
    ] {
        api.get(&path).await.assert_error(400, &[parameter]);
    }
    api.get("/v1/nothing/here")
        .await
        .assert_error(404, &["No such endpoint"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn service_list_filters_by_tags() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let count = |reply: super::Reply| reply.result().as_array().unwrap().len();
    assert_eq!(
        count(api.get(&demo_org("/services?filter=tag:env=dev")).await),
        1
    );
    assert_eq!(
        count(
            api.get(&demo_org("/services?filter=tag:env=dev&filter=tag:team"))
                .await
        ),
        1
    );
    assert_eq!(
        count(api.get(&demo_org("/services?filter=tag:env=prod")).await),
        0
    );
    assert_eq!(
        count(api.get(&demo_org("/services?filter=tag:missing")).await),
        0
    );
    api.get(&demo_org("/services?filter=env"))
        .await
        .assert_error(400, &["filter"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn created_keys_authenticate_with_their_role_until_disabled_or_expired() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);

    let created = api
        .post(
            &demo_org("/keys"),
            json!({"name": "ci", "assignedRoleIds": [DEVELOPER_ROLE_ID]}),
        )
        .await;
    let created = created.result().clone();
    assert_eq!(created["key"]["roles"], json!(["developer"]));
    let key_id = created["keyId"].as_str().unwrap().to_string();
    let secret = created["keySecret"].as_str().unwrap().to_string();
    assert_eq!(created["key"]["keySuffix"], key_id[key_id.len() - 4..]);
    let key_uuid = created["key"]["id"].as_str().unwrap().to_string();

    let ci = ApiClient::new(
        &emulator,
        super::Credentials::Basic(key_id.clone(), secret.clone()),
    );
    ci.get(&demo_org("/services")).await.result();
    ci.patch(&demo_org(""), json!({"name": "nope"}))
        .await
        .assert_error(403, &["read-only"]);

    // Promote it, then disable it.
    api.patch(
        &demo_org(&format!("/keys/{key_uuid}")),
        json!({"assignedRoleIds": [ADMIN_ROLE_ID]}),
    )
    .await
    .result();
    ci.patch(&demo_org(""), json!({"name": "Renamed by ci"}))
        .await
        .result();
    api.patch(
        &demo_org(&format!("/keys/{key_uuid}")),
        json!({"state": "disabled"}),
    )
    .await
    .result();
    ci.get(&demo_org("")).await.assert_error(401, &["disabled"]);

    // hashData: the client keeps the secret; no credentials come back, and the hashed ones work.
    let hashed = api
        .post(
            &demo_org("/keys"),
            json!({
                "name": "hashed",
                "roles": ["admin"],
                "hashData": {
                    // base64(sha256("HashedKeyId000000001")), base64(sha256("hashed-secret"))
                    "keyIdHash": sha256_base64("HashedKeyId000000001"),
                    "keyIdSuffix": "0001",
                    "keySecretHash": sha256_base64("hashed-secret"),
                }
            }),
        )
        .await;
    assert!(hashed.result().get("keyId").is_none());
    assert!(hashed.result().get("keySecret").is_none());
    let hashed_client = ApiClient::new(
        &emulator,
        super::Credentials::Basic("HashedKeyId000000001".into(), "hashed-secret".into()),
    );
    hashed_client.get(&demo_org("")).await.result();

    // Expiry: a key that expires in 2 s works now and is refused afterwards.
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(2))
        .unwrap();
    let expiring = api
        .post(
            &demo_org("/keys"),
            json!({"name": "short", "roles": ["developer"], "expireAt": soon.to_string()}),
        )
        .await;
    let expiring = ApiClient::new(
        &emulator,
        super::Credentials::Basic(
            expiring.result()["keyId"].as_str().unwrap().into(),
            expiring.result()["keySecret"].as_str().unwrap().into(),
        ),
    );
    expiring.get(&demo_org("")).await.result();
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    expiring
        .get(&demo_org(""))
        .await
        .assert_error(401, &["expired"]);

    // Delete: no result, and the key is gone.
    api.delete(&demo_org(&format!("/keys/{key_uuid}")))
        .await
        .assert_done();
    api.get(&demo_org(&format!("/keys/{key_uuid}")))
        .await
        .assert_error(404, &["not found"]);
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}

#[tokio::test(flavor = "multi_thread")]
async fn members_invitations_and_roles() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);

    let invitation = api
        .post(
            &demo_org("/invitations"),
            json!({"email": "New.Person@Example.com", "assignedRoleIds": [ADMIN_ROLE_ID]}),
        )
        .await;
    let invitation = invitation.result().clone();
    assert_eq!(invitation["email"], "new.person@example.com");
    assert_eq!(invitation["role"], "admin");
    assert_eq!(invitation["assignedRoles"][0]["roleName"], "Admin");
    let id = invitation["id"].as_str().unwrap();
    api.post(
        &demo_org("/invitations"),
        json!({"email": "new.person@example.com"}),
    )
    .await
    .assert_error(409, &["pending invitation"]);
    api.post(
        &demo_org("/invitations"),
        json!({"email": "developer@example.com"}),
    )
    .await
    .assert_error(409, &["already a member"]);
    api.post(&demo_org("/invitations"), json!({"email": "not-an-email"}))
        .await
        .assert_error(400, &["email"]);
    api.post(
        &demo_org("/invitations"),
        json!({"email": "x@example.com", "assignedRoleIds": ["7e000000-0000-4000-8000-0000000000ff"]}),
    )
    .await
    .assert_error(400, &["assignedRoleIds[0]", "unknown role"]);
    assert_eq!(
        api.get(&demo_org(&format!("/invitations/{id}")))
            .await
            .result()["id"],
        id
    );
    api.delete(&demo_org(&format!("/invitations/{id}")))
        .await
        .assert_done();
    assert_eq!(
        api.get(&demo_org("/invitations")).await.result(),
        &json!([])
    );

    // Members: promote the developer, and keep at least one admin.
    let promoted = api
        .patch(
            &demo_org(&format!("/members/{DEVELOPER_USER_ID}")),
            json!({"assignedRoleIds": [ADMIN_ROLE_ID]}),
        )
        .await;
    assert_eq!(promoted.result()["role"], "admin");
    api.patch(
        &demo_org(&format!("/members/{DEMO_USER_ID}")),
        json!({"role": "developer"}),
    )
    .await
    .result();
    api.delete(&demo_org(&format!("/members/{DEVELOPER_USER_ID}")))
        .await
        .assert_error(409, &["last admin"]);
    api.patch(
        &demo_org(&format!("/members/{DEVELOPER_USER_ID}")),
        json!({"role": "viewer"}),
    )
    .await
    .assert_error(400, &["role", "admin, developer"]);

    let roles = api.get(&demo_org("/roles")).await;
    let admin_actors = roles.result()[0]["actors"].as_array().unwrap().clone();
    assert!(admin_actors.contains(&json!(format!("user/{DEVELOPER_USER_ID}"))));
    assert!(!admin_actors.contains(&json!(format!("user/{DEMO_USER_ID}"))));
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_are_recorded_in_the_activity_log_with_the_key_as_actor() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let seeded = api.get(&demo_org("/activities")).await;
    let seeded = seeded.result().as_array().unwrap().clone();
    assert_eq!(seeded[0]["type"], "create_organization");
    assert_eq!(seeded[0]["actorType"], "user");
    assert_eq!(seeded[0]["actorId"], DEMO_USER_ID);
    assert_eq!(seeded[0]["actorDetails"], "demo@example.com");

    let renamed = api.patch(&demo_org(""), json!({"name": "Renamed"})).await;
    assert_eq!(renamed.result()["name"], "Renamed");
    let activities = api.get(&demo_org("/activities")).await;
    let last = activities
        .result()
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["type"], "organization_update_name");
    assert_eq!(last["actorType"], "api");
    assert_eq!(last["actorId"], DEMO_ADMIN_KEY_UUID);
    assert_eq!(last["organizationId"], DEMO_ORG_ID);
    let id = last["id"].as_str().unwrap();
    assert_eq!(
        api.get(&demo_org(&format!("/activities/{id}")))
            .await
            .result(),
        &last
    );

    let created_at: jiff::Timestamp = last["createdAt"].as_str().unwrap().parse().unwrap();
    let since = created_at.to_string();
    let recent = api
        .get(&demo_org(&format!("/activities?from_date={since}")))
        .await;
    assert_eq!(recent.result().as_array().unwrap().len(), 1);
    let old = api
        .get(&demo_org("/activities?to_date=2025-01-15T09:00:00Z"))
        .await;
    assert_eq!(old.result().as_array().unwrap().len(), 1);
    api.get(&demo_org("/activities?from_date=yesterday"))
        .await
        .assert_error(400, &["from_date"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_cost_is_deterministic_and_validates_dates() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let path = demo_org("/usageCost?from_date=2025-06-01&to_date=2025-06-03");
    let first = api.get(&path).await;
    let report = first.result().clone();
    assert_eq!(api.get(&path).await.result(), &report);
    let costs = report["costs"].as_array().unwrap();
    assert_eq!(costs.len(), 3);
    assert_eq!(costs[0]["serviceId"], DEMO_SERVICE_ID);
    assert_eq!(costs[0]["date"], "2025-06-01");
    assert_eq!(costs[0]["entityType"], "service");
    let sum: f64 = costs.iter().map(|c| c["totalCHC"].as_f64().unwrap()).sum();
    assert!((sum - report["grandTotalCHC"].as_f64().unwrap()).abs() < 1e-6);

    let filtered = api
        .get(&demo_org(
            "/usageCost?from_date=2025-06-01&to_date=2025-06-03&filter=tag:env=prod",
        ))
        .await;
    assert_eq!(filtered.result()["costs"], json!([]));

    api.get(&demo_org("/usageCost?from_date=2025-06-01"))
        .await
        .assert_error(400, &["to_date", "required"]);
    api.get(&demo_org(
        "/usageCost?from_date=2025-06-03&to_date=2025-06-01",
    ))
    .await
    .assert_error(400, &["to_date"]);
    api.get(&demo_org(
        "/usageCost?from_date=2025-06-01&to_date=2025-07-02",
    ))
    .await
    .assert_error(400, &["30 days"]);
    api.get(&demo_org(
        "/usageCost?from_date=2025-6-1&to_date=2025-06-02",
    ))
    .await
    .assert_error(400, &["from_date", "YYYY-MM-DD"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn prometheus_endpoints_serve_labelled_text() {
    let emulator = Emulator::start();
    let key = emulator.admin_key();
    let http = super::http();
    let fetch = |path: String| {
        http.get(emulator.url(&path))
            .basic_auth(&key.key_id, Some(&key.secret))
            .send()
    };
    let full = fetch(demo_org("/prometheus")).await.unwrap();
    assert_eq!(full.status(), 200);
    assert!(
        full.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let full = full.text().await.unwrap();
    assert!(full.contains("# TYPE ClickHouseProfileEvents_Query counter"));
    assert!(full.contains(&format!(
        "clickhouse_org=\"{DEMO_ORG_ID}\",clickhouse_service=\"{DEMO_SERVICE_ID}\",clickhouse_service_name=\"demo-service\""
    )));
    let filtered = fetch(demo_org("/prometheus?filtered_metrics=true"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(filtered.lines().count() < full.lines().count());
    let service = fetch(demo_org(&format!(
        "/services/{DEMO_SERVICE_ID}/prometheus?filtered_metrics=false"
    )))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    // Demo Org has more services: the service's exposition is its share of the org's.
    assert!(service.lines().count() < full.lines().count());
    for line in service.lines() {
        assert!(
            full.contains(line),
            "{line} missing from the org's exposition"
        );
    }
    let bad = fetch(demo_org("/prometheus?filtered_metrics=yes"))
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn backups_and_backup_configuration() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let service = demo_org(&format!("/services/{DEMO_SERVICE_ID}"));
    let backups = api.get(&format!("{service}/backups")).await;
    let backups = backups.result().as_array().unwrap().clone();
    assert_eq!(backups.len(), 3);
    assert_eq!(backups[0]["id"], DEMO_BACKUP_ID);
    assert_eq!(backups[2]["type"], "full");
    assert_eq!(backups[0]["status"], "done");
    assert_eq!(backups[0]["bucket"]["bucketProvider"], "AWS");
    let one = api
        .get(&format!("{service}/backups/{DEMO_BACKUP_ID}"))
        .await;
    assert_eq!(one.result(), &backups[0]);

    let config = format!("{service}/backupConfiguration");
    assert_eq!(
        api.get(&config).await.result(),
        &json!({"backupPeriodInHours": 24, "backupRetentionPeriodInHours": 48, "backupStartTime": "02:00"})
    );
    let updated = api
        .patch(
            &config,
            json!({"backupPeriodInHours": 12, "backupRetentionPeriodInHours": 72}),
        )
        .await;
    assert_eq!(
        updated.result(),
        &json!({"backupPeriodInHours": 12, "backupRetentionPeriodInHours": 72, "backupStartTime": null})
    );
    let daily = api
        .patch(&config, json!({"backupStartTime": "23:30"}))
        .await;
    assert_eq!(daily.result()["backupPeriodInHours"], 24);
}

#[tokio::test(flavor = "multi_thread")]
async fn password_query_endpoint_private_endpoint_and_scaling() {
    let emulator = Emulator::start();
    let api = ApiClient::admin(&emulator);
    let service = demo_org(&format!("/services/{DEMO_SERVICE_ID}"));

    let generated = api.patch(&format!("{service}/password"), json!({})).await;
    assert_eq!(generated.result()["password"].as_str().unwrap().len(), 16);
    let hashed = api
        .patch(
            &format!("{service}/password"),
            json!({"newPasswordHash": sha256_base64("secret")}),
        )
        .await;
    assert_eq!(hashed.result(), &json!({}));
    api.patch(
        &format!("{service}/password"),
        json!({"newPasswordHash": "plaintext"}),
    )
    .await
    .assert_error(400, &["newPasswordHash"]);

    let endpoint = format!("{service}/serviceQueryEndpoint");
    api.get(&endpoint)
        .await
        .assert_error(404, &["query API endpoint"]);
    let created = api
        .post(
            &endpoint,
            json!({"roles": ["sql_console_read_only"], "openApiKeys": [DEMO_ADMIN_KEY_UUID], "allowedOrigins": "https://example.com"}),
        )
        .await;
    let created = created.result().clone();
    assert_eq!(created["roles"], json!(["sql_console_read_only"]));
    assert_eq!(api.get(&endpoint).await.result(), &created);
    api.post(&endpoint, json!({"roles": ["sql_console_owner"]}))
        .await
        .assert_error(400, &["roles[0]", "sql_console_admin"]);
    api.delete(&endpoint).await.assert_done();
    api.get(&endpoint).await.assert_error(404, &[]);

    let config = api.get(&format!("{service}/privateEndpointConfig")).await;
    assert!(
        config.result()["endpointServiceId"]
            .as_str()
            .unwrap()
            .starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-")
    );
    let attached = api
        .post(
            &format!("{service}/privateEndpoint"),
            json!({"id": "vpce-0123456789abcdef0", "description": "office"}),
        )
        .await;
    assert_eq!(
        attached.result(),
        &json!({"id": "vpce-0123456789abcdef0", "description": "office", "cloudProvider": "aws", "region": "us-east-1"})
    );
    api.post(
        &format!("{service}/privateEndpoint"),
        json!({"id": "vpce-0123456789abcdef0"}),
    )
    .await
    .assert_error(409, &["already attached"]);
    let ids = api.get(&service).await.result()["privateEndpointIds"].clone();
    assert_eq!(ids, json!(["vpce-0123456789abcdef0"]));

    // Replica scaling: vertical memory range, then horizontal band.
    let scaled = api
        .patch(
            &format!("{service}/replicaScaling"),
            json!({"minReplicaMemoryGb": 24, "maxReplicaMemoryGb": 64, "numReplicas": 2}),
        )
        .await;
    let scaled = scaled.result();
    assert_eq!(scaled["minReplicaMemoryGb"], 24);
    assert_eq!(scaled["numReplicas"], 2);
    assert_eq!(scaled["currentScaling"]["effectiveMaxReplicas"], 2);
    let horizontal = api
        .patch(
            &format!("{service}/replicaScaling"),
            json!({"autoscalingMode": "horizontal", "minReplicas": 2, "maxReplicas": 6, "minReplicaMemoryGb": 32}),
        )
        .await;
    let horizontal = horizontal.result();
    assert_eq!(horizontal["replicaMemoryGb"], 32);
    assert_eq!(horizontal["maxReplicas"], 6);
    assert!(horizontal.get("numReplicas").is_none());
    // Deprecated total-memory scaling: 3 workers share the total.
    let legacy = api
        .patch(
            &format!("{service}/scaling"),
            json!({"minTotalMemoryGb": 48, "idleTimeoutMinutes": 10}),
        )
        .await;
    assert_eq!(legacy.result()["minReplicaMemoryGb"], 16);
    assert_eq!(legacy.result()["idleTimeoutMinutes"], 10);

    let kinds: Vec<Value> = api
        .get(&demo_org("/activities"))
        .await
        .result()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].clone())
        .collect();
    for kind in [
        "service_update_password",
        "service_update_private_endpoints",
        "service_update_autoscaling_memory",
    ] {
        assert!(
            kinds.contains(&json!(kind)),
            "{kind} missing from {kinds:?}"
        );
    }
}
