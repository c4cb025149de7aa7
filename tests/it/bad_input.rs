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
        &["backup", "get", SERVICE, "1234", "--org-id", ORG],
        "expected a UUID",
    )
    .await;
    rejected(&["service", "list", "--org-id", "acme"], "expected a UUID").await;
}

/// clap quotes a refused value in its message; control and bidi characters in it are shown
/// escaped, so a pasted value cannot reorder the message or move the cursor.
#[tokio::test(flavor = "multi_thread")]
async fn refused_values_are_quoted_with_unsafe_characters_escaped() {
    for (value, shown) in [
        ("\u{202e}abc", "\\u{202e}abc"),
        // clap itself strips escape sequences and C0 controls from what it prints.
        ("a\u{1b}[2Jb", "invalid value 'ab'"),
        ("x\u{2066}y\u{200f}", "x\\u{2066}y\\u{200f}"),
    ] {
        let args = ["org", "get", value];
        rejected(&args, shown).await;
        let out = cloud().args(args).output().unwrap();
        let message = stderr(&out);
        assert!(
            !message.contains(['\u{202e}', '\u{1b}', '\u{2066}', '\u{200f}']),
            "{message:?}"
        );
    }
    // Help and ordinary usage errors are clap's own, unchanged.
    rejected(&["org", "get"], "Usage: cloud org get").await;
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

/// One refused value: the command line, the flag clap must name and words of the problem.
struct Case {
    args: Vec<String>,
    flag: &'static str,
    problem: &'static str,
    /// Whether the message must offer a valid example (`e.g. …`).
    example: bool,
}

/// `base` (a command with what it needs besides the flag) followed by `flag value`.
fn case(base: &[&str], flag: &'static str, value: &str, problem: &'static str) -> Case {
    let mut args: Vec<String> = base.iter().map(|s| (*s).to_owned()).collect();
    if flag.starts_with("--") {
        args.push(flag.to_owned());
    }
    args.push(value.to_owned());
    Case {
        args,
        flag,
        problem,
        example: true,
    }
}

/// Runs every case against its own mock API: exit 2, the flag and the problem named on stderr
/// with no raw control or bidi character, nothing on stdout, no request sent.
async fn refuse_all(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for Case {
        args,
        flag,
        problem,
        example,
    } in cases
    {
        let api = Api::start().await;
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = api.run(&Sandbox::new(), &argv).await;
        let message = stderr(&out);
        let seen = api.seen().await;
        let ok = out.status.code() == Some(2)
            && message.contains(flag)
            && message.contains(problem)
            && (!example || message.contains("e.g."))
            && !message
                .chars()
                .any(|c| c != '\n' && cloud::args::is_unsafe_char(c))
            && out.stdout.is_empty()
            && seen.is_empty();
        if !ok {
            failures.push(format!(
                "{argv:?}: exit {:?}, requests {seen:?}, stderr: {message}",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `service create` with everything it needs.
fn service_create() -> Vec<&'static str> {
    vec![
        "service",
        "create",
        "--org-id",
        ORG,
        "--name",
        "analytics",
        "--provider",
        "aws",
        "--region",
        "us-east-1",
    ]
}

/// Every command that takes a name, with the flag.
fn name_commands() -> Vec<(Vec<&'static str>, &'static str)> {
    vec![
        (
            vec![
                "service",
                "create",
                "--org-id",
                ORG,
                "--provider",
                "aws",
                "--region",
                "us-east-1",
            ],
            "service name",
        ),
        (
            vec!["service", "update", SERVICE, "--org-id", ORG],
            "service name",
        ),
        (vec!["key", "create", "--org-id", ORG], "key name"),
        (vec!["key", "update", KEY_UUID, "--org-id", ORG], "key name"),
        (vec!["org", "update", ORG], "organization name"),
    ]
}

const KEY_UUID: &str = "4e000000-0000-4000-8000-000000000011";

/// Control characters (C0, DEL, C1, ESC) and every bidi mark, embedding, override and isolate.
/// (NUL cannot be passed in an argument; the unit tests cover it.)
const UNSAFE: [(char, &str); 17] = [
    ('\u{1}', "U+0001"),
    ('\u{7}', "U+0007"),
    ('\u{1b}', "U+001B"),
    ('\n', "U+000A"),
    ('\u{7f}', "U+007F"),
    ('\u{85}', "U+0085"),
    ('\u{9b}', "U+009B"),
    ('\u{200e}', "U+200E"),
    ('\u{200f}', "U+200F"),
    ('\u{202a}', "U+202A"),
    ('\u{202b}', "U+202B"),
    ('\u{202c}', "U+202C"),
    ('\u{202d}', "U+202D"),
    ('\u{202e}', "U+202E"),
    ('\u{2066}', "U+2066"),
    ('\u{2067}', "U+2067"),
    ('\u{2069}', "U+2069"),
];

#[tokio::test(flavor = "multi_thread")]
async fn empty_names_are_refused() {
    let mut cases = Vec::new();
    for (base, _) in name_commands() {
        cases.push(case(&base, "--name", "", "cannot be empty"));
        cases.push(case(&base, "--name", "   ", "cannot be empty"));
    }
    refuse_all(cases).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn names_over_the_limit_are_refused() {
    let long = "n".repeat(51);
    let mut cases = Vec::new();
    for (base, _) in name_commands() {
        cases.push(case(
            &base,
            "--name",
            &long,
            "at most 50 characters, not 51",
        ));
    }
    refuse_all(cases).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn names_with_control_or_bidi_characters_are_refused() {
    let mut cases = Vec::new();
    for (base, what) in name_commands() {
        for (c, code) in UNSAFE {
            let mut cmd = case(&base, "--name", &format!("web{c}[31mapp"), code);
            // The message says which name and which character.
            cmd.problem = if c.is_control() {
                "the control character"
            } else {
                "the bidirectional formatting character"
            };
            cases.push(cmd);
            cases.push(case(&base, "--name", &format!("x{c}"), code));
        }
        cases.push(case(&base, "--name", "evil\u{1b}]0;title\u{7}", what));
    }
    refuse_all(cases).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn password_and_key_hashes_must_be_sha256_base64() {
    let reset = ["service", "reset-password", SERVICE, "--org-id", ORG];
    let good_sha256 = "XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=";
    let mut with_hash = reset.to_vec();
    with_hash.extend(["--new-password-hash", good_sha256]);
    let key = [
        "key",
        "create",
        "--org-id",
        ORG,
        "--name",
        "ci",
        "--hash-key-id-suffix",
        "QrSt",
    ];
    let mut key_with_secret = key.to_vec();
    key_with_secret.extend(["--hash-key-secret", good_sha256]);
    let mut key_with_id = key.to_vec();
    key_with_id.extend(["--hash-key-id", good_sha256]);
    let mut key_with_both = key_with_id.clone();
    key_with_both.extend(["--hash-key-secret", good_sha256]);
    key_with_both.retain(|a| *a != "--hash-key-id-suffix" && *a != "QrSt");
    refuse_all(vec![
        case(
            &reset,
            "--new-password-hash",
            "not base64!",
            "base64 of a SHA-256",
        ),
        case(&reset, "--new-password-hash", "", "cannot be empty"),
        // The password itself, not its hash.
        case(&reset, "--new-password-hash", "password", "not the 32"),
        case(&reset, "--new-password-hash", "c2hhMjU2", "not the 32"),
        // A SHA-1 digest in base64 is 20 bytes.
        case(
            &reset,
            "--new-password-hash",
            "W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
            "20 bytes",
        ),
        case(
            &with_hash,
            "--new-double-sha1-hash",
            "abc123",
            "40 hex digits",
        ),
        case(
            &with_hash,
            "--new-double-sha1-hash",
            "XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=",
            "40 hex digits",
        ),
        case(&key_with_secret, "--hash-key-id", "aWQ=", "not the 32"),
        case(&key_with_id, "--hash-key-secret", "c2VjcmV0", "not the 32"),
        case(&key_with_both, "--hash-key-id-suffix", "QrS", "last 4"),
    ])
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn expiry_in_the_past_is_refused() {
    let create = ["key", "create", "--org-id", ORG, "--name", "ci"];
    let update = ["key", "update", KEY_UUID, "--org-id", ORG];
    refuse_all(vec![
        case(
            &create,
            "--expires-at",
            "2020-01-01T00:00:00Z",
            "in the past",
        ),
        case(
            &update,
            "--expires-at",
            "2020-01-01T00:00:00Z",
            "in the past",
        ),
        case(
            &create,
            "--expires-at",
            "1970-01-01T00:00:00Z",
            "in the past",
        ),
    ])
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn identifiers_and_free_text_are_checked() {
    let update = ["service", "update", SERVICE, "--org-id", ORG];
    let endpoint = [
        "service",
        "private-endpoint",
        "create",
        SERVICE,
        "--org-id",
        ORG,
    ];
    let mut endpoint_described = endpoint.to_vec();
    endpoint_described.extend(["--description", "etl"]);
    let mut endpoint_named = endpoint.to_vec();
    endpoint_named.extend(["--endpoint-id", "vpce-0123456789abcdef0"]);
    let query = [
        "service",
        "query-endpoint",
        "create",
        SERVICE,
        "--org-id",
        ORG,
    ];
    let long_description = "d".repeat(256);
    refuse_all(vec![
        case(&endpoint_described, "--endpoint-id", "", "cannot be empty"),
        case(&endpoint_described, "--endpoint-id", "vpce 1", "spaces"),
        case(
            &endpoint_described,
            "--endpoint-id",
            "vpce\u{1b}1",
            "U+001B",
        ),
        case(&endpoint_named, "--description", "", "cannot be empty"),
        case(&endpoint_named, "--description", "a\u{202e}b", "U+202E"),
        case(
            &endpoint_named,
            "--description",
            &long_description,
            "at most 255",
        ),
        case(&update, "--add-private-endpoint-id", "", "cannot be empty"),
        case(&update, "--remove-private-endpoint-id", "a\u{7}b", "U+0007"),
        case(
            &update,
            "--transparent-data-encryption-key-id",
            "",
            "cannot be empty",
        ),
        case(
            &["org", "update", ORG],
            "--remove-private-endpoint",
            "",
            "cannot be empty",
        ),
        case(
            &service_create(),
            "--data-warehouse-id",
            "",
            "cannot be empty",
        ),
        case(&service_create(), "--encryption-key", "a\u{8}b", "U+0008"),
        case(&service_create(), "--encryption-role", "my role", "spaces"),
        case(&query, "--open-api-key", "", "cannot be empty"),
        case(&query, "--allowed-origins", "", "empty"),
        case(
            &query,
            "--allowed-origins",
            "https://a.example.com,,https://b.example.com",
            "empty",
        ),
        case(
            &query,
            "--allowed-origins",
            "https://a.example.com\u{1b}[2J",
            "U+001B",
        ),
        case(
            &["activity", "get", "--org-id", ORG],
            "<ACTIVITY_ID>",
            "",
            "cannot be empty",
        ),
        case(
            &["activity", "get", "--org-id", ORG],
            "<ACTIVITY_ID>",
            "a\u{202e}b",
            "U+202E",
        ),
    ])
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn emails_tags_filters_and_cidrs_are_checked() {
    let invite = ["invitation", "create", "--org-id", ORG];
    let update = ["service", "update", SERVICE, "--org-id", ORG];
    let usage = [
        "org",
        "usage",
        "--org-id",
        ORG,
        "--from-date",
        "2026-01-01",
        "--to-date",
        "2026-01-31",
    ];
    refuse_all(vec![
        case(&invite, "--email", "", "email address"),
        case(&invite, "--email", "ada", "email address"),
        case(&invite, "--email", "ada@example", "email address"),
        case(&invite, "--email", "ada@@example.com", "email address"),
        case(&invite, "--email", "a\u{202e}da@example.com", "U+202E"),
        case(
            &invite,
            "--email",
            &format!("ada@{}.com", "e".repeat(251)),
            "at most 254",
        ),
        case(&service_create(), "--tag", "", "tag key"),
        case(&service_create(), "--tag", "bad key", "tag key"),
        case(&service_create(), "--tag", &"k".repeat(129), "tag key"),
        case(&service_create(), "--tag", "env=", "tag value"),
        case(&update, "--add-tag", "env=pr\u{1b}od", "tag value"),
        case(&update, "--remove-tag", "=prod", "tag key"),
        case(
            &["service", "list", "--org-id", ORG],
            "--filter",
            "env=prod",
            "tag:KEY",
        ),
        case(&usage, "--filter", "tag:", "tag key"),
        case(
            &["key", "create", "--org-id", ORG, "--name", "ci"],
            "--ip-allow",
            "10.0.0.0/33",
            "IP address or CIDR",
        ),
        case(
            &["key", "update", KEY_UUID, "--org-id", ORG],
            "--ip-allow",
            "any",
            "IP address or CIDR",
        ),
        case(&update, "--remove-ip-allow", "", "IP address or CIDR"),
        case(
            &service_create(),
            "--ip-allow",
            "300.1.1.1",
            "IP address or CIDR",
        ),
    ])
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn enum_values_outside_the_spec_are_refused() {
    // clap lists the possible values instead of an example.
    let cases = [
        (
            vec!["key", "create", "--org-id", ORG, "--name", "ci"],
            "--state",
            "on",
        ),
        (
            vec!["key", "update", KEY_UUID, "--org-id", ORG],
            "--state",
            "",
        ),
        (service_create(), "--release-channel", "beta"),
        (service_create(), "--compliance-type", "sox"),
        (service_create(), "--profile", "v2-default"),
        (service_create(), "--enable-endpoint", "postgres"),
        (
            vec!["service", "update", SERVICE, "--org-id", ORG],
            "--disable-endpoint",
            "https",
        ),
        (
            vec!["service", "scale", SERVICE, "--org-id", ORG],
            "--autoscaling-mode",
            "diagonal",
        ),
        (
            vec![
                "service",
                "query-endpoint",
                "create",
                SERVICE,
                "--org-id",
                ORG,
            ],
            "--role",
            "admin",
        ),
    ];
    refuse_all(
        cases
            .into_iter()
            .map(|(base, flag, value)| Case {
                example: false,
                ..case(&base, flag, value, "possible values")
            })
            .collect(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn more_tags_than_the_spec_allows_are_refused() {
    let tags: Vec<String> = (0..51).map(|i| format!("t{i}")).collect();
    for (base, flag) in [
        (service_create(), "--tag"),
        (
            vec!["service", "update", SERVICE, "--org-id", ORG],
            "--add-tag",
        ),
        (
            vec!["service", "update", SERVICE, "--org-id", ORG],
            "--remove-tag",
        ),
    ] {
        let mut args = base;
        for tag in &tags {
            args.extend([flag, tag.as_str()]);
        }
        rejected(&args, &format!("{flag} is given 51 times")).await;
    }
}
