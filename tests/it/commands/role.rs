use serde_json::{Value, json};

use crate::support::*;

const ADMIN: &str = "7e000000-0000-4000-8000-000000000001";
const CUSTOM: &str = "7e000000-0000-4000-8000-0000000000c1";
const USER: &str = "9e000000-0000-4000-8000-000000000001";

fn roles() -> Value {
    json!([
        {
            "id": ADMIN, "tenantId": ORG, "ownerId": ORG, "name": "Admin", "type": "system",
            "actors": ["user/9e000000-0000-4000-8000-000000000001", "apiKey/test-key-id"],
            "policies": [{
                "id": "p1", "roleId": ADMIN, "allowDeny": "ALLOW",
                "permissions": ["control-plane:organization:manage", "control-plane:service:manage"],
                "resources": [format!("organization/{ORG}")]
            }],
            "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"
        },
        {
            "id": CUSTOM, "name": "Billing \u{1b}[31mreader", "type": "custom", "actors": [],
            "policies": [
                { "allowDeny": "ALLOW", "permissions": ["control-plane:organization:view-billing"] },
                { "allowDeny": "DENY", "permissions": ["control-plane:service:manage"] }
            ],
            "futureField": true
        }
    ])
}

fn roles_path() -> String {
    format!("/v1/organizations/{ORG}/roles")
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_ids_names_and_types() {
    let api = Api::start().await;
    api.expect_single_org().await;
    api.expect("GET", &roles_path(), None, roles()).await;
    let out = api.run(&Sandbox::new(), &["role", "list"]).await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_json_is_the_result_as_sent() {
    let api = Api::start().await;
    api.expect("GET", &roles_path(), None, roles()).await;
    let out = api
        .run(
            &Sandbox::new(),
            &["role", "list", "--org-id", ORG, "--json"],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, roles());
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_shows_permissions_and_actors() {
    let api = Api::start().await;
    api.expect(
        "GET",
        &format!("{}/{CUSTOM}", roles_path()),
        None,
        roles()[1].clone(),
    )
    .await;
    let out = api
        .run(&Sandbox::new(), &["role", "get", CUSTOM, "--org-id", ORG])
        .await;
    insta::assert_snapshot!(success(&out));
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn get_finds_a_role_by_name() {
    let api = Api::start().await;
    api.expect("GET", &roles_path(), None, roles()).await;
    api.expect(
        "GET",
        &format!("{}/{ADMIN}", roles_path()),
        None,
        roles()[0].clone(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["role", "get", "Admin", "--org-id", ORG, "--json"],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed["id"], ADMIN);
    api.verify().await;
}

/// The role commands only read: an OAuth token may run them.
#[tokio::test(flavor = "multi_thread")]
async fn a_bearer_token_may_list_roles() {
    let api = Api::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(roles_path()))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer read-token",
        ))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(envelope(roles())))
        .expect(1)
        .mount(&api.server)
        .await;
    let mut command = Sandbox::new().cloud();
    command
        .env("CLOUD_ACCESS_TOKEN", "read-token")
        .args(["role", "list", "--org-id", ORG, "--json"]);
    let out = api.run_with(command).await;
    success(&out);
}

fn custom_role() -> Value {
    roles()[1].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_one_policy_per_effect_over_the_resources() {
    let api = Api::start().await;
    api.expect(
        "POST",
        &roles_path(),
        Some(json!({
            "name": "Service viewer",
            "actors": [format!("user/{USER}"), format!("apiKey/{USER}")],
            "policies": [
                {
                    "allowDeny": "ALLOW",
                    "permissions": ["control-plane:service:view", "control-plane:organization:view"],
                    "resources": ["instance/*", format!("organization/{ORG}")]
                },
                {
                    "allowDeny": "DENY",
                    "permissions": ["control-plane:service:manage"],
                    "resources": ["instance/*", format!("organization/{ORG}")]
                }
            ]
        })),
        custom_role(),
    )
    .await;
    let org_resource = format!("organization/{ORG}");
    let user = format!("user/{USER}");
    let key = format!("apiKey/{USER}");
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "role",
                "create",
                "--org-id",
                ORG,
                "--name",
                "Service viewer",
                "--allow",
                "control-plane:service:view",
                "--allow",
                "control-plane:organization:view",
                "--deny",
                "control-plane:service:manage",
                "--resource",
                "instance/*",
                "--resource",
                &org_resource,
                "--actor",
                &user,
                "--actor",
                &key,
                "--json",
            ],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, custom_role());
    api.verify().await;
}

/// `role get --json` can be edited and sent back: its read-only fields are dropped, and
/// flags replace the file's fields.
#[tokio::test(flavor = "multi_thread")]
async fn create_takes_a_role_from_a_file_and_flags_replace_its_fields() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let file = sandbox.config_dir.path().join("role.json");
    let mut from_get = roles()[0].clone();
    from_get["policies"][0]["tags"] = json!({"grants": ["db1"], "roleV2": "sql-console-readonly"});
    std::fs::write(&file, from_get.to_string()).unwrap();
    api.expect(
        "POST",
        &roles_path(),
        Some(json!({
            "name": "Copy of Admin",
            "actors": ["user/9e000000-0000-4000-8000-000000000001", "apiKey/test-key-id"],
            "policies": [{
                "allowDeny": "ALLOW",
                "permissions": ["control-plane:organization:manage", "control-plane:service:manage"],
                "resources": [format!("organization/{ORG}")],
                "tags": {"grants": ["db1"], "roleV2": "sql-console-readonly"}
            }]
        })),
        custom_role(),
    )
    .await;
    let out = api
        .run(
            &sandbox,
            &[
                "role",
                "create",
                "--org-id",
                ORG,
                "--file",
                file.to_str().unwrap(),
                "--name",
                "Copy of Admin",
            ],
        )
        .await;
    success(&out);
    api.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_looks_a_name_up_and_sends_only_the_given_fields() {
    let api = Api::start().await;
    api.expect("GET", &roles_path(), None, roles()).await;
    api.expect(
        "PATCH",
        &format!("{}/{CUSTOM}", roles_path()),
        Some(json!({ "name": "Readers", "actors": [] })),
        custom_role(),
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &[
                "role",
                "update",
                "Billing \u{1b}[31mreader",
                "--org-id",
                ORG,
                "--name",
                "Readers",
            ],
        )
        .await;
    // A name with an escape sequence is refused on the command line.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let sandbox = Sandbox::new();
    let file = sandbox.config_dir.path().join("actors.json");
    std::fs::write(&file, r#"{"actors": []}"#).unwrap();
    let renamed = api
        .run(
            &sandbox,
            &[
                "role",
                "update",
                "Billing reader",
                "--org-id",
                ORG,
                "--name",
                "Readers",
                "--file",
                file.to_str().unwrap(),
            ],
        )
        .await;
    // No role is named "Billing reader" (the listed name has an escape in it): not found.
    assert_eq!(renamed.status.code(), Some(5), "{}", stderr(&renamed));
    let out = api
        .run(
            &sandbox,
            &[
                "role",
                "update",
                CUSTOM,
                "--org-id",
                ORG,
                "--name",
                "Readers",
                "--file",
                file.to_str().unwrap(),
            ],
        )
        .await;
    success(&out);
    assert_eq!(
        api.seen().await,
        [
            format!("GET {}", roles_path()),
            format!("PATCH {}/{CUSTOM}", roles_path())
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_role_bodies_are_refused_before_sending() {
    let api = Api::start().await;
    let sandbox = Sandbox::new();
    let bad_effect = sandbox.config_dir.path().join("bad.json");
    std::fs::write(
        &bad_effect,
        r#"{"name": "x", "policies": [{"allowDeny": "MAYBE", "permissions": [], "resources": []}]}"#,
    )
    .unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["role", "create", "--name", "x"], "at least one policy"),
        (
            &[
                "role",
                "create",
                "--allow",
                "control-plane:service:view",
                "--resource",
                "instance/*",
            ],
            "needs a name",
        ),
        (
            &[
                "role",
                "create",
                "--name",
                "x",
                "--allow",
                "control-plane:service:view",
            ],
            "need --resource",
        ),
        (
            &["role", "create", "--name", "x", "--resource", "instance/*"],
            "--allow or --deny",
        ),
        (
            &[
                "role",
                "create",
                "--name",
                "x",
                "--allow",
                "view everything",
                "--resource",
                "instance/*",
            ],
            "control-plane:service:view",
        ),
        (
            &[
                "role",
                "create",
                "--name",
                "x",
                "--actor",
                "bob",
                "--allow",
                "a:b",
                "--resource",
                "instance/*",
            ],
            "apiKey/<KEY_ID>",
        ),
        (
            &["role", "create", "--file", bad_effect.to_str().unwrap()],
            "ALLOW or DENY",
        ),
        (&["role", "update", CUSTOM], "nothing to change"),
        (&["role", "delete", CUSTOM], "--yes"),
    ];
    for (argv, says) in cases {
        let argv: Vec<&str> = argv.iter().copied().chain(["--org-id", ORG]).collect();
        let out = api.run(&sandbox, &argv).await;
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{argv:?}: {}", stderr(&out));
    }
    assert_eq!(api.seen().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_sends_one_delete_and_prints_json() {
    let api = Api::start().await;
    api.expect(
        "DELETE",
        &format!("{}/{CUSTOM}", roles_path()),
        None,
        Value::Null,
    )
    .await;
    let out = api
        .run(
            &Sandbox::new(),
            &["role", "delete", CUSTOM, "--org-id", ORG, "--yes", "--json"],
        )
        .await;
    let printed: Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(printed, json!({"id": CUSTOM, "deleted": true}));
    api.verify().await;
}

/// The emulator lists custom roles beside the system ones, finds them by name, and refuses
/// to change or delete a system role with the spec's 400. (Under OAuth every write is
/// refused before any request: `oauth::every_write_under_oauth_exits_4_and_sends_nothing_mutating`.)
#[test]
fn the_emulator_keeps_custom_roles_beside_the_system_ones() {
    use crate::support::emulator::{ADMIN_ROLE_ID, DEMO_USER_ID, Emulator};
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
    let actor = format!("user/{DEMO_USER_ID}");
    let created = json(&[
        "role",
        "create",
        "--name",
        "Viewers",
        "--allow",
        "control-plane:service:view",
        "--resource",
        "instance/*",
        "--actor",
        &actor,
        "--json",
    ]);
    assert_eq!(created["type"], "custom");
    assert_eq!(created["actors"], json!([actor]));
    let listed = json(&["role", "list", "--json"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Admin", "Developer", "Viewers"]);

    let updated = json(&[
        "role",
        "update",
        "Viewers",
        "--deny",
        "control-plane:service:manage",
        "--resource",
        "instance/*",
        "--json",
    ]);
    assert_eq!(updated["name"], "Viewers");
    assert_eq!(updated["policies"][0]["allowDeny"], "DENY");
    assert_eq!(updated["policies"].as_array().unwrap().len(), 1);

    // A name is unique, and an actor must be a member or key of the organization.
    let taken = run(&[
        "role",
        "create",
        "--name",
        "Admin",
        "--allow",
        "a:b",
        "--resource",
        "instance/*",
    ]);
    assert_eq!(taken.status.code(), Some(1), "{}", stderr(&taken));
    assert!(
        stderr(&taken).contains("already exists"),
        "{}",
        stderr(&taken)
    );
    let stranger = format!("user/{}", uuid::Uuid::nil());
    let unknown = run(&["role", "update", "Viewers", "--actor", &stranger]);
    assert!(
        stderr(&unknown).contains("no member"),
        "{}",
        stderr(&unknown)
    );

    // A deleted key no longer holds the role.
    let key = json(&[
        "key",
        "create",
        "--name",
        "short-lived",
        "--role-id",
        ADMIN_ROLE_ID,
        "--json",
    ]);
    let holder = format!("apiKey/{}", key["id"].as_str().unwrap());
    let held = json(&["role", "update", "Viewers", "--actor", &holder, "--json"]);
    assert_eq!(held["actors"], json!([holder]));
    success(&run(&["key", "delete", "short-lived", "--yes"]));
    let role = json(&["role", "get", "Viewers", "--json"]);
    assert_eq!(role["actors"], json!([]), "{role}");

    for argv in [
        &["role", "update", ADMIN_ROLE_ID, "--name", "Root"][..],
        &["role", "delete", "Developer", "--yes"][..],
    ] {
        let out = run(argv);
        assert_eq!(out.status.code(), Some(1), "{argv:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("HTTP 400"), "{}", stderr(&out));
        assert!(stderr(&out).contains("system role"), "{}", stderr(&out));
    }

    success(&run(&["role", "delete", "Viewers", "--yes"]));
    let listed = json(&["role", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
}
