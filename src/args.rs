//! Value parsers for command-line input, so bad input fails in clap (exit 2) before
//! any request, with a message that names the problem and gives a valid example:
//! `error: invalid value 'X' for '--flag <NAME>': <problem>; e.g. <example>`.
//!
//! Ranges and patterns follow the ClickHouse Cloud OpenAPI spec (a copy is in
//! `spec/clickhouse-cloud-openapi.json`); where the spec sets no limit, the doc comment of
//! the limit says which one `cloud` picked and why.
//!
//! Parsers of names and free text are used through [`Checked`] (the `SERVICE_NAME`, ...
//! constants), which also keeps a refused value's control and bidi characters out of the
//! terminal: the error shows them escaped, as `\u{1b}`.

use std::ffi::OsStr;
use std::net::IpAddr;

use base64::Engine as _;
use uuid::Uuid;

/// The spec's `maxItems` for a service's tags (`tags`, `tags.add`, `tags.remove`).
pub const MAX_TAGS: usize = 50;
pub const PROVIDERS: [&str; 3] = ["aws", "gcp", "azure"];
pub const REGIONS: [&str; 24] = [
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "il-central-1",
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "us-east1",
    "us-central1",
    "europe-west2",
    "europe-west4",
    "asia-southeast1",
    "asia-northeast1",
    "eastus",
    "eastus2",
    "westus3",
    "germanywestcentral",
    "centralus",
];
/// `service create`'s defaults, as the official CLI's.
pub const DEFAULT_PROVIDER: &str = "aws";
pub const DEFAULT_REGION: &str = "us-east-1";

/// The provider a region of [`REGIONS`] belongs to (the spec lists them in one enum; the
/// names do not overlap).
pub fn provider_of_region(region: &str) -> &'static str {
    match region {
        "us-east1" | "us-central1" | "europe-west2" | "europe-west4" | "asia-southeast1"
        | "asia-northeast1" => "gcp",
        "eastus" | "eastus2" | "westus3" | "germanywestcentral" | "centralus" => "azure",
        _ => "aws",
    }
}

pub const AUTOSCALING_MODES: [&str; 2] = ["vertical", "horizontal"];
pub const RELEASE_CHANNELS: [&str; 3] = ["slow", "default", "fast"];
pub const INSTANCE_PROFILES: [&str; 6] = [
    "v1-default",
    "v1-highmem-xs",
    "v1-highmem-s",
    "v1-highmem-m",
    "v1-highmem-l",
    "v1-highmem-xl",
];
pub const COMPLIANCE_TYPES: [&str; 2] = ["hipaa", "pci"];
/// Endpoints that can be switched on or off; the API knows only MySQL today.
pub const TOGGLEABLE_ENDPOINTS: [&str; 1] = ["mysql"];
pub const KEY_STATES: [&str; 2] = ["enabled", "disabled"];
pub const QUERY_ENDPOINT_ROLES: [&str; 2] = ["sql_console_read_only", "sql_console_admin"];

pub fn uuid(value: &str) -> Result<Uuid, String> {
    Uuid::try_parse(value.trim())
        .map_err(|_| "expected a UUID such as 123e4567-e89b-12d3-a456-426614174000".to_owned())
}

/// A resource named on the command line by its ID or by its name (`service get analytics`).
/// A value that parses as the ID is the ID, and no request is made to find it; any other is a
/// name, looked up with one list request (`commands::lookup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdOrName<Id = Uuid> {
    Id(Id),
    Name(String),
}

impl<Id: std::fmt::Display> std::fmt::Display for IdOrName<Id> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdOrName::Id(id) => id.fmt(f),
            IdOrName::Name(name) => f.write_str(name),
        }
    }
}

/// A UUID, else what `name` accepts; the error says that both were tried.
fn uuid_or_name(
    value: &str,
    what: &str,
    name: fn(&str) -> Result<String, String>,
) -> Result<IdOrName, String> {
    match Uuid::try_parse(value.trim()) {
        Ok(id) => Ok(IdOrName::Id(id)),
        Err(_) => name(value)
            .map(IdOrName::Name)
            .map_err(|problem| format!("not {what} ID (a UUID) or name: {problem}")),
    }
}

/// A service's ID or name.
pub fn service_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a service", service_name)
}

/// A role name (custom roles are named by their creator).
pub fn role_name(value: &str) -> Result<String, String> {
    Text {
        what: "a role name",
        max: ROLE_NAME_MAX,
        spaces: true,
        example: "\"Billing reader\"",
    }
    .check(value)
}

/// A role's ID or name.
pub fn role_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a role", role_name)
}

/// A BYOC infrastructure's display name.
pub fn byoc_name(value: &str) -> Result<String, String> {
    Text {
        what: "a display name",
        max: ROLE_NAME_MAX,
        spaces: true,
        example: "\"prod-eu\"",
    }
    .check(value)
}

/// A BYOC infrastructure's ID or display name.
pub fn byoc_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a BYOC infrastructure", byoc_name)
}

/// A role's actor: `user/<user ID>` or `apiKey/<key ID>`, as `RBACRole.actors` lists them.
pub fn actor(value: &str) -> Result<String, String> {
    let error = || {
        format!(
            "expected user/<USER_ID> (from `cloud member list`) or apiKey/<KEY_ID> (from \
             `cloud key list`), e.g. user/{}",
            Uuid::nil()
        )
    };
    let (kind, id) = value.split_once('/').ok_or_else(error)?;
    if !matches!(kind, "user" | "apiKey") || Uuid::try_parse(id).is_err() {
        return Err(error());
    }
    Ok(value.to_owned())
}

/// A permission of a role's policy, e.g. `control-plane:service:view`: words joined by `:`.
pub fn permission(value: &str) -> Result<String, String> {
    let shaped = value.split(':').count() >= 2
        && value.split(':').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'*'))
        });
    if shaped {
        Ok(value.to_owned())
    } else {
        Err(
            "expected a permission such as control-plane:service:view (`cloud role get Admin` \
             lists some)"
                .into(),
        )
    }
}

/// A resource a policy applies to: `<kind>/<ID or *>`, e.g. `instance/*`.
pub fn resource(value: &str) -> Result<String, String> {
    let shaped = value.split_once('/').is_some_and(|(kind, id)| {
        !kind.is_empty()
            && kind.bytes().all(|b| b.is_ascii_alphanumeric())
            && !id.is_empty()
            && !id.contains(char::is_whitespace)
            && !id.chars().any(is_unsafe_char)
    });
    if shaped {
        Ok(value.to_owned())
    } else {
        Err("expected <KIND>/<ID> or <KIND>/*, e.g. instance/* or organization/<ORG_ID>".into())
    }
}

/// A CIDR block (an address alone is not a range).
pub fn cidr(value: &str) -> Result<String, String> {
    let value = value.trim();
    match value.parse::<ipnet::IpNet>() {
        Ok(_) => Ok(value.to_owned()),
        Err(_) => Err("expected a CIDR block, e.g. 10.0.0.0/16".into()),
    }
}

/// A Postgres service's ID or name (its names follow the services' rules).
pub fn postgres_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a Postgres service", service_name)
}

/// The spec's limit for a ClickPipe name (`ClickPipe.name`: `minLength` 1, `maxLength` 255).
pub const CLICKPIPE_NAME_MAX: usize = 255;

/// A ClickPipe name: 1 to [`CLICKPIPE_NAME_MAX`] characters, no control or bidi characters.
pub fn clickpipe_name(value: &str) -> Result<String, String> {
    Text {
        what: "a ClickPipe name",
        max: CLICKPIPE_NAME_MAX,
        spaces: true,
        example: "orders-from-kafka",
    }
    .check(value)
}

/// A ClickPipe's ID or name (names are unique within a service only).
pub fn clickpipe_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a ClickPipe", clickpipe_name)
}

/// A ClickPipes reverse private endpoint's ID or description.
pub fn reverse_endpoint_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a reverse private endpoint", description)
}

/// An API key's ID or name.
pub fn key_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "an API key", key_name)
}

/// A member's user ID, name or email address.
pub fn member_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "a member", member_name)
}

/// An invitation's ID or the email address it was sent to.
pub fn invitation_ref(value: &str) -> Result<IdOrName, String> {
    uuid_or_name(value, "an invitation", email)
}

/// A private endpoint's ID or description. Its ID is the cloud provider's, not a UUID, so a
/// value is taken as the ID when it has the shape of one: AWS `vpce-` and hex digits, a GCP
/// PSC connection ID (digits), an Azure resource GUID. Anything else is looked up by
/// description (and, failing that, by ID) among the organization's private endpoints.
pub fn endpoint_ref(value: &str) -> Result<IdOrName<String>, String> {
    let aws = value
        .strip_prefix("vpce-")
        .is_some_and(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    let gcp = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    if aws || gcp || Uuid::try_parse(value).is_ok() {
        return Ok(IdOrName::Id(value.to_owned()));
    }
    description(value)
        .map(IdOrName::Name)
        .map_err(|problem| format!("not a private endpoint ID or description: {problem}"))
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(value: &str) -> Result<jiff::civil::Date, String> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err("expected a date as YYYY-MM-DD, e.g. 2026-01-31".into());
    }
    value
        .parse::<jiff::civil::Date>()
        .map_err(|_| format!("{value} is not a real calendar date"))
}

/// An RFC 3339 date-time with an offset, e.g. `2026-12-31T23:59:59Z`.
pub fn datetime(value: &str) -> Result<jiff::Timestamp, String> {
    value.parse::<jiff::Timestamp>().map_err(|_| {
        "expected an RFC 3339 date-time with a time zone offset, e.g. 2026-12-31T23:59:59Z".into()
    })
}

/// A point in time given to `--since` or `--until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A duration back from now, or an RFC 3339 date-time.
    Instant(jiff::Timestamp),
    /// A whole UTC day.
    Day(jiff::civil::Date),
}

impl When {
    /// The first second it covers: a day from 00:00:00 UTC.
    pub fn start(self) -> jiff::Timestamp {
        match self {
            When::Instant(at) => at,
            When::Day(day) => day_at(day, jiff::civil::Time::midnight()),
        }
    }

    /// The last second it covers: a day until 23:59:59 UTC (the day is included).
    pub fn end(self) -> jiff::Timestamp {
        match self {
            When::Instant(at) => at,
            When::Day(day) => day_at(day, jiff::civil::time(23, 59, 59, 0)),
        }
    }

    /// The UTC day it falls on.
    pub fn day(self) -> jiff::civil::Date {
        match self {
            When::Instant(at) => at.to_zoned(jiff::tz::TimeZone::UTC).date(),
            When::Day(day) => day,
        }
    }
}

fn day_at(day: jiff::civil::Date, time: jiff::civil::Time) -> jiff::Timestamp {
    // Every date jiff parses has a UTC instant at either end; `MIN` is unreachable.
    day.to_datetime(time)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::MIN)
}

/// `--since` / `--until`: a duration back from now (`30m`, `2h`, `3d`, `1w`; whole numbers of
/// `s`, `m`, `h`, `d` or `w`), an RFC 3339 date-time (`2026-01-31T12:00:00Z`) or a
/// `YYYY-MM-DD` date (UTC). Instants are cut to the second, as the API prints them.
pub fn when(value: &str) -> Result<When, String> {
    const EXAMPLE: &str = "; e.g. 2h, 3d, 1w, 2026-01-31 or 2026-01-31T12:00:00Z";
    let value = value.trim();
    if value.len() == 10 && value.as_bytes().get(4) == Some(&b'-') {
        return date(value).map(When::Day);
    }
    if value.len() > 10 && matches!(value.as_bytes()[10], b'T' | b't' | b' ') {
        let at = datetime(value)?;
        return whole_second(at).map(When::Instant);
    }
    let mut chars = value.chars();
    let unit = chars.next_back();
    let count = chars.as_str();
    let seconds_per: i64 = match unit {
        Some('s') => 1,
        Some('m') => 60,
        Some('h') => 3_600,
        Some('d') => 86_400,
        Some('w') => 7 * 86_400,
        _ => {
            return Err(format!(
                "expected a duration, a date or a date-time{EXAMPLE}"
            ));
        }
    };
    let unit = unit.unwrap_or_default();
    let count: i64 = count
        .parse()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| format!("expected a whole number before `{unit}`{EXAMPLE}"))?;
    let back = count
        .checked_mul(seconds_per)
        .and_then(|s| jiff::SignedDuration::from_secs(s).checked_neg())
        .ok_or_else(|| format!("{value} is too far back{EXAMPLE}"))?;
    let at = jiff::Timestamp::now()
        .checked_add(back)
        .map_err(|_| format!("{value} is too far back{EXAMPLE}"))?;
    whole_second(at).map(When::Instant)
}

fn whole_second(at: jiff::Timestamp) -> Result<jiff::Timestamp, String> {
    jiff::Timestamp::from_second(at.as_second()).map_err(|e| e.to_string())
}

/// A time of day written `HH:MM` (24-hour clock).
pub fn time_of_day(value: &str) -> Result<String, String> {
    let error = || "expected a time as HH:MM on a 24-hour clock, e.g. 02:30".to_owned();
    let (hours, minutes) = value.split_once(':').ok_or_else(error)?;
    if hours.len() != 2 || minutes.len() != 2 {
        return Err(error());
    }
    let hours: u8 = hours.parse().map_err(|_| error())?;
    let minutes: u8 = minutes.parse().map_err(|_| error())?;
    if hours > 23 || minutes > 59 {
        return Err(error());
    }
    Ok(value.to_owned())
}

/// An IPv4/IPv6 address or a CIDR block, sent as written.
pub fn ip_or_cidr(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.parse::<IpAddr>().is_ok() || value.parse::<ipnet::IpNet>().is_ok() {
        Ok(value.to_owned())
    } else {
        Err("expected an IP address or CIDR block, e.g. 203.0.113.7 or 203.0.113.0/24".into())
    }
}

/// Memory per replica in GiB: 8 to 356, a multiple of 4.
pub fn replica_memory_gb(value: &str) -> Result<u32, String> {
    let gb: u32 = value
        .parse()
        .map_err(|_| "expected a whole number of GiB, e.g. 16".to_owned())?;
    if !(8..=356).contains(&gb) || !gb.is_multiple_of(4) {
        return Err(
            "memory per replica must be a multiple of 4 between 8 and 356 GiB; e.g. 16".into(),
        );
    }
    Ok(gb)
}

/// Backup retention in hours: whole days from 1 (24) to 45 (1080).
pub fn retention_hours(value: &str) -> Result<u32, String> {
    let hours: u32 = value
        .parse()
        .map_err(|_| "expected a whole number of hours, e.g. 48".to_owned())?;
    if !(24..=1080).contains(&hours) || !hours.is_multiple_of(24) {
        return Err("retention must be a multiple of 24 hours between 24 and 1080; e.g. 48".into());
    }
    Ok(hours)
}

/// The spec's `ResourceTagsV1.key` `maxLength`.
pub const TAG_KEY_MAX: usize = 128;
/// The spec's `ResourceTagsV1.value` `maxLength`.
pub const TAG_VALUE_MAX: usize = 256;

/// A resource tag written `key` or `key=value`, each `^[a-zA-Z0-9._-]+$` as the spec says.
pub fn tag(value: &str) -> Result<crate::api::requests::Tag, String> {
    let (key, tag_value) = match value.split_once('=') {
        Some((key, tag_value)) => (key, Some(tag_value)),
        None => (value, None),
    };
    let allowed = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    if key.is_empty() || key.len() > TAG_KEY_MAX || !allowed(key) {
        return Err(
            "a tag key is 1 to 128 letters, digits, dots, dashes or underscores (KEY or KEY=VALUE); \
             e.g. env=prod"
                .into(),
        );
    }
    if let Some(v) = tag_value
        && (v.is_empty() || v.len() > TAG_VALUE_MAX || !allowed(v))
    {
        return Err(
            "a tag value is 1 to 256 letters, digits, dots, dashes or underscores; e.g. env=prod"
                .into(),
        );
    }
    Ok(crate::api::requests::Tag {
        key: key.to_owned(),
        value: tag_value.map(str::to_owned),
    })
}

/// The longest email address that can be delivered (RFC 5321: 64 for the local part, 254 in
/// all). The spec says only `format: email`.
pub const EMAIL_MAX: usize = 254;

/// An email address, checked only for shape (the spec's `format: email`): one `@`, a local part
/// of at most 64 characters, a domain of dot-separated labels, no spaces or control characters.
/// The API is the judge of the rest.
pub fn email(value: &str) -> Result<String, String> {
    const EXAMPLE: &str = "; e.g. ada@example.com";
    let value = value.trim();
    if let Some(c) = value.chars().find(|&c| is_unsafe_char(c)) {
        return Err(format!(
            "an email address cannot contain {}{EXAMPLE}",
            describe(c)
        ));
    }
    let length = value.chars().count();
    if length > EMAIL_MAX {
        return Err(format!(
            "an email address is at most {EMAIL_MAX} characters, not {length}{EXAMPLE}"
        ));
    }
    let shaped = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.chars().count() <= 64
                && !domain.contains('@')
                && domain.contains('.')
                && domain.split('.').all(|label| !label.is_empty())
                && !value.contains(char::is_whitespace)
        }
        None => false,
    };
    if shaped {
        Ok(value.to_owned())
    } else {
        Err(format!("expected an email address{EXAMPLE}"))
    }
}

/// `true` or `false`, written out (the flags that take a boolean keep it as a value).
pub fn boolean(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

/// Whether `c` may not appear in a name or free text: C0 and C1 control characters (ESC, DEL
/// and newlines among them), the line and paragraph separators, and the bidirectional marks,
/// embeddings, overrides and isolates (U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069)
/// that make text display otherwise than it reads.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `c` named for an error message, e.g. `the control character U+001B`.
fn describe(c: char) -> String {
    let kind = if c.is_control() {
        "the control character"
    } else if matches!(c, '\u{2028}' | '\u{2029}') {
        "the line separator"
    } else {
        "the bidirectional formatting character"
    };
    format!("{kind} U+{:04X}", u32::from(c))
}

/// `value` with every [`is_unsafe_char`] written `\u{…}`, safe to print.
pub fn escape_unsafe(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Rules for a name or a line of free text.
struct Text {
    /// What the value is, for the message: "a service name".
    what: &'static str,
    /// At most this many characters (Unicode scalar values, as JSON Schema counts `maxLength`).
    max: usize,
    /// Whether whitespace is allowed inside (IDs take none).
    spaces: bool,
    example: &'static str,
}

impl Text {
    fn check(&self, value: &str) -> Result<String, String> {
        let Text {
            what,
            max,
            spaces,
            example,
        } = *self;
        if value.trim().is_empty() {
            return Err(format!("{what} cannot be empty; e.g. {example}"));
        }
        if let Some(c) = value.chars().find(|&c| is_unsafe_char(c)) {
            return Err(format!(
                "{what} cannot contain {}; e.g. {example}",
                describe(c)
            ));
        }
        if !spaces && value.contains(char::is_whitespace) {
            return Err(format!("{what} cannot contain spaces; e.g. {example}"));
        }
        let length = value.chars().count();
        if length > max {
            return Err(format!(
                "{what} is at most {max} characters, not {length}; e.g. {example}"
            ));
        }
        Ok(value.to_owned())
    }
}

/// The spec's limit for a service name (`ServicePostRequest.name`, `ServicePatchRequest.name`:
/// `minLength` 1, `maxLength` 50).
pub const SERVICE_NAME_MAX: usize = 50;
/// The spec sets no limit for an API key name (`ApiKeyPostRequest.name` is a plain string).
/// `cloud` takes the 50 characters of a service name, which the console's key names fit and
/// `cloud-emulator` enforces too, rather than sending a name the API may cut or refuse.
pub const KEY_NAME_MAX: usize = 50;
/// The spec sets no limit for an organization name (`OrganizationPatchRequest.name` is a plain
/// string); 50, as for service and key names, for the same reason.
pub const ORG_NAME_MAX: usize = 50;
/// The spec sets no limit for a private endpoint description; 255 characters keep it the
/// one-line label it is shown as.
pub const DESCRIPTION_MAX: usize = 255;
/// The spec sets no limit for a role name or a BYOC infrastructure's display name; 50, as
/// for service and key names, for the same reason.
pub const ROLE_NAME_MAX: usize = 50;
/// The spec sets no limit for the identifiers it takes as plain strings (private endpoint IDs,
/// API key IDs, data warehouse and activity IDs, KMS key ARNs, IAM role ARNs). 2048 is the
/// longest an AWS ARN can be, so no real identifier is refused.
pub const IDENTIFIER_MAX: usize = 2048;

/// A service name: 1 to 50 characters, not only spaces, no control or bidi characters.
pub fn service_name(value: &str) -> Result<String, String> {
    Text {
        what: "a service name",
        max: SERVICE_NAME_MAX,
        spaces: true,
        example: "analytics",
    }
    .check(value)
}

/// An API key name: 1 to [`KEY_NAME_MAX`] characters, no control or bidi characters.
pub fn key_name(value: &str) -> Result<String, String> {
    Text {
        what: "a key name",
        max: KEY_NAME_MAX,
        spaces: true,
        example: "ci-deploy",
    }
    .check(value)
}

/// A member's name or email address, as a lookup takes it: 1 to [`EMAIL_MAX`] characters, no
/// control or bidi characters (the spec sets no limit for a member's name).
pub fn member_name(value: &str) -> Result<String, String> {
    Text {
        what: "a member's name or email",
        max: EMAIL_MAX,
        spaces: true,
        example: "ada@example.com",
    }
    .check(value)
}

/// An organization name: 1 to [`ORG_NAME_MAX`] characters, no control or bidi characters.
pub fn org_name(value: &str) -> Result<String, String> {
    Text {
        what: "an organization name",
        max: ORG_NAME_MAX,
        spaces: true,
        example: "Acme Labs",
    }
    .check(value)
}

/// A private endpoint description: 1 to [`DESCRIPTION_MAX`] characters, one line.
pub fn description(value: &str) -> Result<String, String> {
    Text {
        what: "a description",
        max: DESCRIPTION_MAX,
        spaces: true,
        example: "\"VPC of the ETL jobs\"",
    }
    .check(value)
}

/// A UDF's function name: the spec's `^[A-Za-z][A-Za-z0-9_]*$` (it has no length limit).
pub fn udf_name(value: &str) -> Result<String, String> {
    let mut chars = value.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_with_letter && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(value.to_owned());
    }
    Err(
        "a UDF name is a letter followed by letters, digits and underscores; e.g. parse_agent"
            .into(),
    )
}

/// A ClickHouse type or format name, as the UDF API takes them: one line of text.
pub fn clickhouse_type(value: &str) -> Result<String, String> {
    Text {
        what: "a ClickHouse type or format",
        max: IDENTIFIER_MAX,
        spaces: true,
        example: "Nullable(String)",
    }
    .check(value.trim())
}

fn identifier(value: &str, what: &'static str, example: &'static str) -> Result<String, String> {
    Text {
        what,
        max: IDENTIFIER_MAX,
        spaces: false,
        example,
    }
    .check(value)
}

/// The ID of a private endpoint in the cloud account (AWS `vpce-…`, a GCP PSC connection ID,
/// an Azure endpoint's resource GUID).
pub fn endpoint_id(value: &str) -> Result<String, String> {
    identifier(value, "an endpoint ID", "vpce-0123456789abcdef0")
}

/// A cloud account ID (AWS account ID, GCP project ID, Azure subscription ID).
pub fn account_id(value: &str) -> Result<String, String> {
    identifier(value, "a cloud account ID", "123456789012")
}

/// The ID of an API key (as `key list` shows it in the Key ID column).
pub fn api_key_id(value: &str) -> Result<String, String> {
    identifier(
        value,
        "an API key ID",
        "4e000000-0000-4000-8000-000000000011",
    )
}

/// The ID of an activity, as `activity list` shows it.
pub fn activity_id(value: &str) -> Result<String, String> {
    identifier(
        value,
        "an activity ID",
        "e2b1c9d8-7f6a-4b5c-8d9e-0a1b2c3d4e5f",
    )
}

/// The ID of a data warehouse (the ID of its primary service).
pub fn data_warehouse_id(value: &str) -> Result<String, String> {
    identifier(
        value,
        "a data warehouse ID",
        "2b1c9d8e-7f6a-4b5c-8d9e-0a1b2c3d4e5f",
    )
}

/// A disk or Transparent Data Encryption key identifier, e.g. a KMS key ARN.
pub fn encryption_key(value: &str) -> Result<String, String> {
    identifier(
        value,
        "an encryption key ID",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    )
}

/// The role assumed for disk encryption, e.g. an IAM role ARN.
pub fn encryption_role(value: &str) -> Result<String, String> {
    identifier(
        value,
        "an encryption role",
        "arn:aws:iam::123456789012:role/clickhouse-disk-encryption",
    )
}

/// Origins allowed to call a query endpoint, comma-separated (the spec's `allowedOrigins`):
/// each one non-empty and without spaces or control characters.
pub fn allowed_origins(value: &str) -> Result<String, String> {
    const EXAMPLE: &str = "; e.g. https://app.example.com,https://admin.example.com";
    if let Some(c) = value.chars().find(|&c| is_unsafe_char(c)) {
        return Err(format!("origins cannot contain {}{EXAMPLE}", describe(c)));
    }
    for origin in value.split(',') {
        let origin = origin.trim();
        if origin.is_empty() {
            return Err(format!("an origin in the list is empty{EXAMPLE}"));
        }
        if origin.contains(char::is_whitespace) {
            return Err(format!("origin {origin:?} contains a space{EXAMPLE}"));
        }
    }
    if value.chars().count() > IDENTIFIER_MAX {
        return Err(format!(
            "the list is at most {IDENTIFIER_MAX} characters{EXAMPLE}"
        ));
    }
    Ok(value.to_owned())
}

/// A resource filter as the spec writes them: `tag:KEY` or `tag:KEY=VALUE`, with the tag rules.
pub fn tag_filter(value: &str) -> Result<String, String> {
    let Some(tag_text) = value.strip_prefix("tag:") else {
        return Err(
            "a filter is tag:KEY or tag:KEY=VALUE (only tags can be filtered on); e.g. tag:env=prod"
                .into(),
        );
    };
    tag(tag_text)?;
    Ok(value.to_owned())
}

/// Bytes in a SHA-256 digest.
const SHA256_LEN: usize = 32;

/// A SHA-256 digest in standard base64 with padding (44 characters), as the spec's
/// `newPasswordHash`, `keyIdHash` and `keySecretHash` take it
/// (`echo -n SECRET | sha256sum | tr -d '-' | xxd -r -p | base64`).
pub fn sha256_base64(value: &str) -> Result<String, String> {
    const EXAMPLE: &str = "; e.g. XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg= \
                           (echo -n SECRET | sha256sum | xxd -r -p | base64)";
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("a hash cannot be empty{EXAMPLE}"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value)
        .map_err(|_| format!("expected base64 of a SHA-256 digest{EXAMPLE}"))?;
    if bytes.len() != SHA256_LEN {
        return Err(format!(
            "decodes to {} bytes, not the {SHA256_LEN} of a SHA-256 digest{EXAMPLE}",
            bytes.len()
        ));
    }
    Ok(value.to_owned())
}

/// A double SHA-1 digest in hex (40 hex digits, 20 bytes), as the spec's `newDoubleSha1Hash`
/// takes it (`echo -n PASSWORD | sha1sum | tr -d '-' | xxd -r -p | sha1sum | tr -d '-'`, whose
/// trailing spaces are dropped).
pub fn double_sha1_hex(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.len() == 40 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(value.to_owned())
    } else {
        Err("expected 40 hex digits, the double SHA-1 of the password; \
             e.g. 2470c0c06dee42fd1618bb99005adca2ec9d1e19"
            .into())
    }
}

/// The last 4 characters of a key ID you generated (letters and digits, as key IDs are).
pub fn key_id_suffix(value: &str) -> Result<String, String> {
    if value.chars().count() == 4 && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(value.to_owned())
    } else {
        Err("expected the last 4 letters or digits of the key ID; e.g. QrSt".into())
    }
}

/// An RFC 3339 date-time that is still to come, for a key's expiry: an expiry in the past
/// would make a key that never works.
pub fn future_datetime(value: &str) -> Result<jiff::Timestamp, String> {
    let when = datetime(value)?;
    let now = jiff::Timestamp::now();
    if when <= now {
        // 90 days on, to the second: a date that is valid when the message is read.
        let example = jiff::Timestamp::from_second(now.as_second() + 90 * 86_400)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| "2099-12-31T23:59:59Z".into());
        return Err(format!("the expiry is in the past; e.g. {example}"));
    }
    Ok(when)
}

/// A `fn` value parser whose error shows the refused value with its control and bidi
/// characters escaped (clap would print them as they are, letting a pasted name move the
/// cursor or reorder the message).
#[derive(Clone, Copy)]
pub struct Checked<T>(pub fn(&str) -> Result<T, String>);

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Checked<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let Some(text) = value.to_str() else {
            // clap's own message for input that is not UTF-8.
            let refuse = |_: &str| -> Result<T, String> { Err(String::new()) };
            return clap::builder::TypedValueParser::parse_ref(&refuse, cmd, arg, value);
        };
        (self.0)(text).or_else(|problem| {
            let refuse = move |_: &str| -> Result<T, String> { Err(problem.clone()) };
            clap::builder::TypedValueParser::parse_ref(
                &refuse,
                cmd,
                arg,
                OsStr::new(&escape_unsafe(text)),
            )
        })
    }
}

pub const SERVICE_NAME: Checked<String> = Checked(service_name);
pub const KEY_NAME: Checked<String> = Checked(key_name);
pub const ORG_NAME: Checked<String> = Checked(org_name);
pub const DESCRIPTION: Checked<String> = Checked(description);
pub const ENDPOINT_ID: Checked<String> = Checked(endpoint_id);
pub const API_KEY_ID: Checked<String> = Checked(api_key_id);
pub const ACCOUNT_ID: Checked<String> = Checked(account_id);
pub const ACTIVITY_ID: Checked<String> = Checked(activity_id);
pub const DATA_WAREHOUSE_ID: Checked<String> = Checked(data_warehouse_id);
pub const ENCRYPTION_KEY: Checked<String> = Checked(encryption_key);
pub const ENCRYPTION_ROLE: Checked<String> = Checked(encryption_role);
pub const ALLOWED_ORIGINS: Checked<String> = Checked(allowed_origins);
pub const TAG_FILTER: Checked<String> = Checked(tag_filter);
pub const EMAIL: Checked<String> = Checked(email);
pub const SHA256_BASE64: Checked<String> = Checked(sha256_base64);
pub const DOUBLE_SHA1_HEX: Checked<String> = Checked(double_sha1_hex);
pub const KEY_ID_SUFFIX: Checked<String> = Checked(key_id_suffix);
pub const FUTURE_DATETIME: Checked<jiff::Timestamp> = Checked(future_datetime);
pub const SERVICE_REF: Checked<IdOrName> = Checked(service_ref);
pub const POSTGRES_REF: Checked<IdOrName> = Checked(postgres_ref);
pub const CLICKPIPE_REF: Checked<IdOrName> = Checked(clickpipe_ref);
pub const CLICKPIPE_NAME: Checked<String> = Checked(clickpipe_name);
pub const REVERSE_ENDPOINT_REF: Checked<IdOrName> = Checked(reverse_endpoint_ref);
pub const KEY_REF: Checked<IdOrName> = Checked(key_ref);
pub const ROLE_NAME: Checked<String> = Checked(role_name);
pub const ROLE_REF: Checked<IdOrName> = Checked(role_ref);
pub const BYOC_NAME: Checked<String> = Checked(byoc_name);
pub const BYOC_REF: Checked<IdOrName> = Checked(byoc_ref);
pub const ACTOR: Checked<String> = Checked(actor);
pub const PERMISSION: Checked<String> = Checked(permission);
pub const RESOURCE: Checked<String> = Checked(resource);
pub const MEMBER_REF: Checked<IdOrName> = Checked(member_ref);
pub const INVITATION_REF: Checked<IdOrName> = Checked(invitation_ref);
pub const ENDPOINT_REF: Checked<IdOrName<String>> = Checked(endpoint_ref);
pub const WHEN: Checked<When> = Checked(when);
pub const UDF_NAME: Checked<String> = Checked(udf_name);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_is_an_id_when_it_has_the_ids_shape_else_a_name() {
        let id = "5e000000-0000-4000-8000-000000000001";
        assert_eq!(service_ref(id), Ok(IdOrName::Id(id.parse().unwrap())));
        assert_eq!(
            service_ref("analytics"),
            Ok(IdOrName::Name("analytics".into()))
        );
        // Names are kept exactly as given: they are matched case-sensitively and exactly.
        assert_eq!(key_ref(" ci "), Ok(IdOrName::Name(" ci ".into())));
        assert_eq!(
            member_ref("Ada Lovelace"),
            Ok(IdOrName::Name("Ada Lovelace".into()))
        );
        assert!(service_ref("").unwrap_err().contains("cannot be empty"));
        assert!(
            service_ref(&"x".repeat(51))
                .unwrap_err()
                .contains("at most 50")
        );
        assert!(key_ref("a\u{1b}b").unwrap_err().contains("U+001B"));
        assert!(
            invitation_ref("not an email")
                .unwrap_err()
                .contains("not an invitation ID (a UUID) or name")
        );
        for endpoint in ["vpce-0a1b2c3d4e5f60001", "123456789012", id] {
            assert_eq!(endpoint_ref(endpoint), Ok(IdOrName::Id(endpoint.into())));
        }
        for description in ["ETL VPC", "vpce-", "vpce-xyz", "pe-custom-7"] {
            assert_eq!(
                endpoint_ref(description),
                Ok(IdOrName::Name(description.into()))
            );
        }
        assert!(endpoint_ref("a\u{202e}b").is_err());
    }

    #[test]
    fn dates_must_be_real_and_well_formed() {
        assert!(date("2026-02-28").is_ok());
        assert!(
            date("2026-02-30")
                .unwrap_err()
                .contains("real calendar date")
        );
        assert!(date("2026-2-28").is_err());
        assert!(date("20260228").is_err());
    }

    #[test]
    fn since_and_until_take_durations_dates_and_date_times() {
        let now = jiff::Timestamp::now().as_second();
        for (text, back) in [
            ("30m", 1_800),
            ("2h", 7_200),
            ("3d", 259_200),
            ("1w", 604_800),
        ] {
            let When::Instant(at) = when(text).unwrap() else {
                panic!("{text} is an instant");
            };
            assert!((now - back - at.as_second()).abs() <= 5, "{text}: {at}");
            assert_eq!(at.subsec_nanosecond(), 0, "{text}");
        }
        let day = when("2026-01-31").unwrap();
        assert_eq!(day.start().to_string(), "2026-01-31T00:00:00Z");
        assert_eq!(day.end().to_string(), "2026-01-31T23:59:59Z");
        let at = when("2026-01-31T12:30:00+02:00").unwrap();
        assert_eq!(at.start().to_string(), "2026-01-31T10:30:00Z");
        assert_eq!(at.day().to_string(), "2026-01-31");
        assert_eq!(
            when("2026-01-31T12:30:00.75Z").unwrap().end().to_string(),
            "2026-01-31T12:30:00Z"
        );
        for bad in [
            "",
            "2",
            "h",
            "-2h",
            "2x",
            "2.5h",
            "2026-02-30",
            "2026-01-31T25:00:00Z",
        ] {
            assert!(when(bad).is_err(), "{bad:?}");
        }
        assert!(when("99999999999w").unwrap_err().contains("too far back"));
    }

    #[test]
    fn memory_follows_the_spec_range() {
        assert_eq!(replica_memory_gb("8"), Ok(8));
        assert_eq!(replica_memory_gb("356"), Ok(356));
        assert!(replica_memory_gb("4").is_err());
        assert!(replica_memory_gb("10").is_err());
        assert!(replica_memory_gb("360").is_err());
    }

    #[test]
    fn cidrs_and_addresses() {
        assert!(ip_or_cidr("10.0.0.0/8").is_ok());
        assert!(ip_or_cidr("2001:db8::/32").is_ok());
        assert!(ip_or_cidr("192.168.1.1").is_ok());
        assert!(ip_or_cidr("10.0.0.0/33").is_err());
        assert!(ip_or_cidr("0.0.0.0/0/1").is_err());
    }

    #[test]
    fn tags_and_times() {
        assert_eq!(tag("env=prod").unwrap().value.as_deref(), Some("prod"));
        assert_eq!(tag("critical").unwrap().value, None);
        assert!(tag("bad key").is_err());
        assert!(time_of_day("23:59").is_ok());
        assert!(time_of_day("24:00").is_err());
        assert!(time_of_day("7:00").is_err());
        assert!(retention_hours("48").is_ok());
        assert!(retention_hours("50").is_err());
    }

    /// Every bidi formatting character and a sample of controls the brief names.
    const UNSAFE: [char; 17] = [
        '\u{0}', '\u{7}', '\u{1b}', '\n', '\u{7f}', '\u{85}', '\u{9b}', '\u{200e}', '\u{200f}',
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2069}',
    ];

    type Parser = fn(&str) -> Result<String, String>;

    /// The name parsers with their limits.
    const NAMES: [(Parser, usize); 3] = [
        (service_name, SERVICE_NAME_MAX),
        (key_name, KEY_NAME_MAX),
        (org_name, ORG_NAME_MAX),
    ];

    #[test]
    fn names_are_refused_when_empty_too_long_or_unsafe() {
        for (parse, max) in NAMES {
            assert!(parse("").unwrap_err().contains("cannot be empty"));
            assert!(parse("   ").unwrap_err().contains("cannot be empty"));
            assert!(parse(&"x".repeat(max)).is_ok());
            assert!(
                parse(&"x".repeat(max + 1))
                    .unwrap_err()
                    .contains(&format!("at most {max} characters"))
            );
            // Characters, not bytes: 50 `é` are 100 bytes and still fit.
            assert!(parse(&"é".repeat(max)).is_ok());
            for c in UNSAFE {
                let error = parse(&format!("web{c}app")).unwrap_err();
                assert!(
                    error.contains(&format!("U+{:04X}", u32::from(c))),
                    "{error}"
                );
                assert!(error.contains("; e.g. "), "{error}");
            }
            assert_eq!(parse("Sales analytics 2"), Ok("Sales analytics 2".into()));
        }
    }

    #[test]
    fn identifiers_take_no_spaces() {
        assert!(endpoint_id("vpce-0123456789abcdef0").is_ok());
        assert!(endpoint_id("vpce 1").unwrap_err().contains("spaces"));
        assert!(endpoint_id("").unwrap_err().contains("empty"));
        assert!(api_key_id("a\u{1b}b").is_err());
        assert!(encryption_key("arn:aws:kms:us-east-1:1:key/x").is_ok());
        assert!(description("VPC of the ETL jobs").is_ok());
        assert!(description("two\nlines").is_err());
        assert!(description(&"d".repeat(DESCRIPTION_MAX + 1)).is_err());
    }

    #[test]
    fn hashes_follow_the_spec_algorithms() {
        assert!(sha256_base64("XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=").is_ok());
        assert!(sha256_base64("aWQ=").unwrap_err().contains("2 bytes"));
        assert!(sha256_base64("not base64!").unwrap_err().contains("base64"));
        assert!(sha256_base64("").is_err());
        // 48 bytes (SHA-384) is not a SHA-256.
        assert!(sha256_base64(&"A".repeat(64)).is_err());
        assert!(double_sha1_hex("2470c0c06dee42fd1618bb99005adca2ec9d1e19").is_ok());
        // `sha1sum | tr -d '-'` leaves two trailing spaces; they are dropped.
        assert_eq!(
            double_sha1_hex("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19  ").as_deref(),
            Ok("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19")
        );
        assert!(double_sha1_hex("abc123").is_err());
        assert!(double_sha1_hex(&"g".repeat(40)).is_err());
        assert!(key_id_suffix("QrSt").is_ok());
        assert!(key_id_suffix("QrS").is_err());
        assert!(key_id_suffix("Qr-t").is_err());
    }

    #[test]
    fn expiry_must_be_in_the_future() {
        assert!(future_datetime("2099-12-31T23:59:59Z").is_ok());
        let error = future_datetime("2020-01-01T00:00:00Z").unwrap_err();
        assert!(error.contains("in the past"), "{error}");
        // The example offered is itself accepted.
        let example = error.rsplit("e.g. ").next().unwrap();
        assert!(future_datetime(example).is_ok(), "{example}");
        assert!(
            future_datetime("tomorrow")
                .unwrap_err()
                .contains("RFC 3339")
        );
    }

    #[test]
    fn emails_filters_and_origins() {
        assert!(email("ada@example.com").is_ok());
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "ada@.example.com",
            "ada@example..com",
            "a\u{202e}da@example.com",
        ] {
            assert!(email(bad).is_err(), "{bad:?}");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(65))).is_err());
        assert!(tag_filter("tag:env=prod").is_ok());
        assert!(tag_filter("tag:critical").is_ok());
        assert!(tag_filter("env=prod").is_err());
        assert!(tag_filter("tag:").is_err());
        assert!(tag_filter("tag:env=pr od").is_err());
        assert!(allowed_origins("https://a.example.com,https://b.example.com").is_ok());
        assert!(allowed_origins("https://a.example.com, https://b.example.com").is_ok());
        assert!(allowed_origins("https://a.example.com,,x").is_err());
        assert!(allowed_origins("").is_err());
        assert!(allowed_origins("https://a.example.com/\u{1b}[2J").is_err());
    }

    #[test]
    fn refused_values_are_shown_escaped() {
        let error = clap::Command::new("cloud")
            .arg(
                clap::Arg::new("name")
                    .long("name")
                    .value_parser(SERVICE_NAME),
            )
            .try_get_matches_from(["cloud", "--name", "a\u{1b}[2Jb\u{202e}c"])
            .unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let error = error.to_string();
        assert!(error.contains(r"'a\u{1b}[2Jb\u{202e}c'"), "{error}");
        assert!(
            !error.contains('\u{1b}') && !error.contains('\u{202e}'),
            "{error}"
        );
        assert_eq!(
            error.lines().next().map(|l| l.contains("--name")),
            Some(true)
        );
        assert!(error.contains("; e.g. analytics"), "{error}");
    }

    /// The limits above are the spec's: read the copy in `spec/` and compare.
    #[test]
    fn limits_match_the_spec() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/clickhouse-cloud-openapi.json"
        );
        let text = std::fs::read_to_string(path).expect("spec/clickhouse-cloud-openapi.json");
        let spec: serde_json::Value = serde_json::from_str(&text).expect("the spec is JSON");
        let schema = |name: &str| spec["components"]["schemas"][name]["properties"].clone();
        let strings = |v: &serde_json::Value| -> Vec<String> {
            let mut list: Vec<String> = v
                .as_array()
                .unwrap_or_else(|| panic!("an enum, not {v}"))
                .iter()
                .map(|s| s.as_str().expect("a string").to_owned())
                .collect();
            list.sort();
            list
        };
        let ours = |list: &[&str]| -> Vec<String> {
            let mut list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
            list.sort();
            list
        };

        for request in ["ServicePostRequest", "ServicePatchRequest"] {
            let name = &schema(request)["name"];
            assert_eq!(name["minLength"], 1, "{request}.name");
            assert_eq!(name["maxLength"], SERVICE_NAME_MAX, "{request}.name");
        }
        // No limit in the spec for these: ours are picked (see their doc comments).
        assert!(
            schema("ApiKeyPostRequest")["name"]
                .get("maxLength")
                .is_none()
        );
        assert!(
            schema("ApiKeyPatchRequest")["name"]
                .get("maxLength")
                .is_none()
        );
        assert!(
            schema("OrganizationPatchRequest")["name"]
                .get("maxLength")
                .is_none()
        );

        let post = schema("ServicePostRequest");
        assert_eq!(strings(&post["provider"]["enum"]), ours(&PROVIDERS));
        assert_eq!(strings(&post["region"]["enum"]), ours(&REGIONS));
        assert_eq!(
            strings(&post["releaseChannel"]["enum"]),
            ours(&RELEASE_CHANNELS)
        );
        assert_eq!(strings(&post["profile"]["enum"]), ours(&INSTANCE_PROFILES));
        assert_eq!(
            strings(&post["complianceType"]["enum"]),
            ours(&COMPLIANCE_TYPES)
        );
        assert_eq!(
            strings(&post["autoscalingMode"]["enum"]),
            ours(&AUTOSCALING_MODES)
        );
        assert_eq!(post["tags"]["maxItems"], MAX_TAGS);
        for memory in ["minReplicaMemoryGb", "maxReplicaMemoryGb"] {
            assert_eq!(post[memory]["minimum"], 8);
            assert_eq!(post[memory]["maximum"], 356);
            assert_eq!(post[memory]["multipleOf"], 4);
        }
        for replicas in ["numReplicas", "minReplicas", "maxReplicas"] {
            assert_eq!(post[replicas]["minimum"], 1);
            assert_eq!(post[replicas]["maximum"], 20);
        }
        let endpoint = schema("ServiceEndpointChange");
        assert_eq!(
            strings(&endpoint["protocol"]["enum"]),
            ours(&TOGGLEABLE_ENDPOINTS)
        );
        for request in ["ApiKeyPostRequest", "ApiKeyPatchRequest"] {
            assert_eq!(
                strings(&schema(request)["state"]["enum"]),
                ours(&KEY_STATES)
            );
            assert_eq!(schema(request)["expireAt"]["format"], "date-time");
        }
        let query = schema("InstanceServiceQueryApiEndpointsPostRequest");
        assert_eq!(
            strings(&query["roles"]["items"]["enum"]),
            ours(&QUERY_ENDPOINT_ROLES)
        );
        let tags = schema("ResourceTagsV1");
        assert_eq!(tags["key"]["maxLength"], TAG_KEY_MAX);
        assert_eq!(tags["value"]["maxLength"], TAG_VALUE_MAX);
        assert_eq!(tags["key"]["pattern"], "^[a-zA-Z0-9._-]+$");
        assert_eq!(tags["value"]["pattern"], "^[a-zA-Z0-9._-]+$");
        assert_eq!(schema("InvitationPostRequest")["email"]["format"], "email");
        // The hash algorithms the hash parsers follow.
        let password = schema("ServicePasswordPatchRequest");
        let described = |v: &serde_json::Value| v["description"].as_str().unwrap_or("").to_owned();
        assert!(described(&password["newPasswordHash"]).contains("sha256sum"));
        assert!(described(&password["newPasswordHash"]).contains("base64"));
        assert!(described(&password["newDoubleSha1Hash"]).contains("sha1sum"));
        assert!(described(&schema("ApiKeyHashData")["keySecretHash"]).contains("sha256sum"));
    }

    mod properties {
        use super::super::*;
        use super::{NAMES, Parser};
        use proptest::prelude::*;

        /// Names drawn to hit the edges: any text, controls and bidi marks, and runs
        /// around the length limits.
        fn names() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "\\PC{0,60}",
                "[a-z \u{1b}\u{7f}\u{85}\u{200e}\u{202a}-\u{202e}\u{2066}-\u{2069}]{0,60}",
                "[a-zA-Z0-9 _-]{45,55}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn name_parsers_never_panic_and_accept_only_clean_bounded_names(value in names()) {
                for (parse, max) in NAMES {
                    if let Ok(accepted) = parse(&value) {
                        prop_assert!(!accepted.chars().any(is_unsafe_char));
                        let length = accepted.chars().count();
                        prop_assert!((1..=max).contains(&length));
                        prop_assert!(!accepted.trim().is_empty());
                        // What is sent is exactly what was typed.
                        prop_assert_eq!(&accepted, &value);
                        prop_assert_eq!(parse(&accepted), Ok(accepted.clone()));
                    }
                }
            }

            #[test]
            fn valid_names_round_trip(value in "[A-Za-z0-9][A-Za-z0-9 ._-]{0,49}") {
                for (parse, _) in NAMES {
                    prop_assert_eq!(parse(&value), Ok(value.clone()));
                }
            }

            #[test]
            fn other_parsers_never_panic(value in any::<String>()) {
                let parsers: [Parser; 13] = [
                    description, endpoint_id, api_key_id, activity_id, data_warehouse_id,
                    encryption_key, encryption_role, allowed_origins, tag_filter, email,
                    sha256_base64, double_sha1_hex, key_id_suffix,
                ];
                for parse in parsers {
                    if let Ok(accepted) = parse(&value) {
                        prop_assert!(!accepted.chars().any(is_unsafe_char));
                        prop_assert!(!accepted.is_empty());
                    }
                }
                let _ = future_datetime(&value);
                let _ = when(&value);
                let _ = tag(&value);
                let _ = ip_or_cidr(&value);
                let _ = escape_unsafe(&value);
            }

            #[test]
            fn escaped_values_are_safe_to_print(value in any::<String>()) {
                prop_assert!(!escape_unsafe(&value).chars().any(is_unsafe_char));
            }
        }
    }
}
