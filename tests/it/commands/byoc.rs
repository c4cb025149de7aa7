//! `cloud org byoc create|update|delete`: BYOC infrastructures of an organization.

use serde_json::{Value, json};

use crate::support::*;

const BYOC: &str = "b0c00000-0000-4000-8000-000000000001";

fn config() -> Value {
    json!({
        "id": BYOC,
        "state": "infra-provisioning",
        "accountName": "123456789012",
        "regionId": "eu-west-1",
        "cloudProvider": "aws",
        "displayName": "prod-eu"
    })
}

fn base() -> String {
    format!("/v1/organizations/{ORG}/byocInfrastructure")
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_every_field_and_shows_the_infrastructure() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect(
        "POST",
        &base(),
        Some(json!({
            "regionId": "eu-west-1",
            "accountId": "123456789012",
            "availabilityZoneSuffixes": ["a", "b", "c"],
            "vpcCidrRange": "10.0.0.0/16",
            "displayName": "prod-eu"
        })),
        config(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "byoc",
                "create",
                "--region",
                "eu-west-1",
                "--account-id",
                "123456789012",
                "--zone",
                "a",
                "--zone",
                "b",
                "--zone",
                "c",
                "--vpc-cidr",
                "10.0.0.0/16",
                "--name",
                "prod-eu",
            ],
        )
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_only_what_is_given() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &base(),
        Some(json!({ "regionId": "us-central1", "accountId": "my-project" })),
        config(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "byoc",
                "create",
                "--org-id",
                ORG,
                "--region",
                "us-central1",
                "--account-id",
                "my-project",
                "--json",
            ],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, config());
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_finds_the_infrastructure_by_display_name() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("/v1/organizations/{ORG}"),
        None,
        json!({ "id": ORG, "name": "Acme", "byocConfig": [config()] }),
    )
    .await;
    api.expect(
        "PATCH",
        &format!("{}/{BYOC}", base()),
        Some(json!({ "displayName": "prod-eu-1" })),
        config(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org",
                "byoc",
                "update",
                "prod-eu",
                "--org-id",
                ORG,
                "--name",
                "prod-eu-1",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_by_id_sends_one_delete() {
    let api = Api::start().await;
    api.expect("DELETE", &format!("{}/{BYOC}", base()), None, Value::Null)
        .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "org", "byoc", "delete", BYOC, "--org-id", ORG, "--yes", "--json",
            ],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({ "id": BYOC, "deleted": true }));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_sending() {
    let api = Api::start().await;
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "org",
                "byoc",
                "create",
                "--region",
                "mars-1",
                "--account-id",
                "1",
            ],
            "mars-1",
        ),
        (
            &["org", "byoc", "create", "--region", "eu-west-1"],
            "--account-id",
        ),
        (
            &[
                "org",
                "byoc",
                "create",
                "--region",
                "eu-west-1",
                "--account-id",
                "1",
                "--zone",
                "g",
            ],
            "--zone",
        ),
        (
            &[
                "org",
                "byoc",
                "create",
                "--region",
                "eu-west-1",
                "--account-id",
                "1",
                "--vpc-cidr",
                "10.0.0.1",
            ],
            "CIDR",
        ),
        (&["org", "byoc", "update", BYOC], "--name"),
        (&["org", "byoc", "delete", BYOC], "--yes"),
    ];
    for (argv, says) in cases {
        let argv: Vec<&str> = argv.iter().copied().chain(["--org-id", ORG]).collect();
        let out = api.run(&Sandbox::new(), &argv).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{argv:?}: {}", stderr(&out));
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

/// The emulator keeps BYOC infrastructures in the organization's `byocConfig`. (Under
/// OAuth every write is refused before any request:
/// `oauth::every_write_under_oauth_exits_4_and_sends_nothing_mutating`.)
#[test]
fn the_emulator_keeps_infrastructures_in_the_organization() {
    use crate::support::emulator::{DEMO_ORG_ID, Emulator};
    let emulator = Emulator::start();
    let admin = emulator.admin_key();
    let run = |args: &[&str]| {
        Sandbox::new()
            .cloud()
            .env("CLOUD_API_URL", emulator.base_url())
            .env("CLICKHOUSE_CLOUD_API_KEY", &admin.key_id)
            .env("CLICKHOUSE_CLOUD_API_SECRET", &admin.secret)
            .args(args)
            .output()
            .unwrap()
    };
    let json = |args: &[&str]| -> Value { serde_json::from_str(&success(&run(args))).unwrap() };
    let created = json(&[
        "org",
        "byoc",
        "create",
        "--region",
        "westus3",
        "--account-id",
        "sub-1",
        "--name",
        "azure-west",
        "--json",
    ]);
    assert_eq!(created["cloudProvider"], "azure");
    let org = json(&["org", "get", DEMO_ORG_ID, "--json"]);
    assert_eq!(org["byocConfig"], json!([created]));
    assert!(success(&run(&["org", "get", DEMO_ORG_ID])).contains("azure-west"));

    let renamed = json(&[
        "org",
        "byoc",
        "update",
        "azure-west",
        "--name",
        "azure-w3",
        "--json",
    ]);
    assert_eq!(renamed["displayName"], "azure-w3");
    let again = run(&[
        "org",
        "byoc",
        "create",
        "--region",
        "westus3",
        "--account-id",
        "sub-1",
    ]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    success(&run(&["org", "byoc", "delete", "azure-w3", "--yes"]));
    let org = json(&["org", "get", DEMO_ORG_ID, "--json"]);
    assert_eq!(org["byocConfig"], json!([]));
    let gone = run(&[
        "org",
        "byoc",
        "delete",
        created["id"].as_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(gone.status.code(), Some(5), "{}", stderr(&gone));
}
