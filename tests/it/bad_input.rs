//! Bad input is rejected by clap with exit 2 before any request, naming what was wrong.

use crate::support::*;

async fn rejected(args: &[&str], expected: &str) {
    let api = Api::start().await;
    let out = api.run(&Sandbox::new(), args).await;
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {message}");
    assert!(
        message.contains(expected),
        "{args:?} should mention {expected:?}: {message}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        api.seen().await,
        Vec::<String>::new(),
        "{args:?} sent a request"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_uuids() {
    rejected(&["org", "get", "not-a-uuid"], "expected a UUID").await;
    rejected(
        &["service", "get", "1234", "--org-id", ORG],
        "expected a UUID",
    )
    .await;
    rejected(&["service", "list", "--org-id", "acme"], "expected a UUID").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_dates() {
    rejected(
        &[
            "org",
            "usage",
            "--org-id",
            ORG,
            "--from-date",
            "01/02/2026",
            "--to-date",
            "2026-02-01",
        ],
        "YYYY-MM-DD",
    )
    .await;
    rejected(
        &[
            "org",
            "usage",
            "--org-id",
            ORG,
            "--from-date",
            "2026-02-30",
            "--to-date",
            "2026-03-01",
        ],
        "not a real calendar date",
    )
    .await;
    rejected(
        &[
            "activity",
            "list",
            "--org-id",
            ORG,
            "--from-date",
            "yesterday",
        ],
        "YYYY-MM-DD",
    )
    .await;
    rejected(
        &[
            "key",
            "create",
            "--org-id",
            ORG,
            "--name",
            "ci",
            "--expires-at",
            "2026-13-01",
        ],
        "RFC 3339",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_cidrs() {
    rejected(
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
            "--ip-allow",
            "10.0.0.0/33",
        ],
        "IP address or CIDR",
    )
    .await;
    rejected(
        &[
            "service",
            "update",
            SERVICE,
            "--org-id",
            ORG,
            "--add-ip-allow",
            "everywhere",
        ],
        "IP address or CIDR",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_range_sizes() {
    for memory in ["4", "10", "360"] {
        rejected(
            &[
                "service",
                "scale",
                SERVICE,
                "--org-id",
                ORG,
                "--min-replica-memory-gb",
                memory,
            ],
            "multiple of 4 between 8 and 356",
        )
        .await;
    }
    rejected(
        &[
            "service",
            "scale",
            SERVICE,
            "--org-id",
            ORG,
            "--num-replicas",
            "21",
        ],
        "21",
    )
    .await;
    rejected(
        &[
            "service",
            "scale",
            SERVICE,
            "--org-id",
            ORG,
            "--num-replicas",
            "0",
        ],
        "0",
    )
    .await;
    rejected(
        &[
            "service",
            "backup-config",
            "update",
            SERVICE,
            "--org-id",
            ORG,
            "--backup-retention-period-hours",
            "50",
        ],
        "multiple of 24",
    )
    .await;
    rejected(
        &[
            "service",
            "backup-config",
            "update",
            SERVICE,
            "--org-id",
            ORG,
            "--backup-start-time",
            "25:00",
        ],
        "HH:MM",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_enum_values_list_the_choices() {
    rejected(
        &[
            "service",
            "create",
            "--org-id",
            ORG,
            "--name",
            "x",
            "--provider",
            "ibm",
            "--region",
            "us-east-1",
        ],
        "aws",
    )
    .await;
    rejected(
        &[
            "service",
            "scale",
            SERVICE,
            "--org-id",
            ORG,
            "--idle-scaling",
            "maybe",
        ],
        "true or false",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn half_given_flag_pair_is_a_usage_error() {
    let api = Api::start().await;
    let out = api
        .run_with({
            let mut c = Sandbox::new().cloud();
            c.args(["org", "list", "--api-key", "abc"]);
            c
        })
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--api-key was given without --api-secret"),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.seen().await, Vec::<String>::new());
}
