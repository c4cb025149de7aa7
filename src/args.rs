//! Value parsers for command-line input, so bad input fails in clap (exit 2) before
//! any request, with a message that says what was expected.
//!
//! Ranges and patterns follow the ClickHouse Cloud OpenAPI spec.

use std::net::IpAddr;

use uuid::Uuid;

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
        return Err("memory per replica must be a multiple of 4 between 8 and 356 GiB".into());
    }
    Ok(gb)
}

/// Backup retention in hours: whole days from 1 (24) to 45 (1080).
pub fn retention_hours(value: &str) -> Result<u32, String> {
    let hours: u32 = value
        .parse()
        .map_err(|_| "expected a whole number of hours, e.g. 48".to_owned())?;
    if !(24..=1080).contains(&hours) || !hours.is_multiple_of(24) {
        return Err("retention must be a multiple of 24 hours between 24 and 1080".into());
    }
    Ok(hours)
}

/// A resource tag written `key` or `key=value`.
pub fn tag(value: &str) -> Result<crate::api::requests::Tag, String> {
    let (key, tag_value) = match value.split_once('=') {
        Some((key, tag_value)) => (key, Some(tag_value)),
        None => (value, None),
    };
    let allowed = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    if key.is_empty() || key.len() > 128 || !allowed(key) {
        return Err(
            "a tag key is 1 to 128 letters, digits, dots, dashes or underscores (KEY or KEY=VALUE)"
                .into(),
        );
    }
    if let Some(v) = tag_value
        && (v.is_empty() || v.len() > 256 || !allowed(v))
    {
        return Err("a tag value is 1 to 256 letters, digits, dots, dashes or underscores".into());
    }
    Ok(crate::api::requests::Tag {
        key: key.to_owned(),
        value: tag_value.map(str::to_owned),
    })
}

/// An email address, checked only for shape: the API is the judge of the rest.
pub fn email(value: &str) -> Result<String, String> {
    let value = value.trim();
    match value.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !value.contains(char::is_whitespace) =>
        {
            Ok(value.to_owned())
        }
        _ => Err("expected an email address, e.g. ada@example.com".into()),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
