//! A tiny JSON-schema subset, enough to express the spec's request bodies, and a validator that
//! names the offending field (with its path, e.g. `tags.add[0].key`) in every error.
//!
//! Why not `#[serde(deny_unknown_fields)]` on typed structs alone: serde's messages point at a line
//! and column, not at a field, and the API must answer "400, field X: allowed values are ...".
//! Bodies are therefore validated here first and only then deserialized into typed requests.

use serde_json::Value;

/// One node of a request schema.
pub enum Schema {
    Str(Str),
    Num(Num),
    Bool,
    Array {
        items: &'static Schema,
        max_items: Option<usize>,
    },
    Object(&'static [Field]),
    /// The value may also be `null` (the spec's `"type": ["string", "null"]`).
    Nullable(&'static Schema),
}

/// A property of an object schema.
pub struct Field {
    pub name: &'static str,
    pub schema: Schema,
    pub required: bool,
}

/// String rules.
pub struct Str {
    pub min_len: usize,
    pub max_len: Option<usize>,
    pub one_of: Option<&'static [&'static str]>,
    pub format: Format,
}

/// Formats the spec uses, plus the tag pattern.
#[derive(Clone, Copy)]
pub enum Format {
    Any,
    Uuid,
    /// RFC 3339; the empty string is accepted too (the spec reads an empty `expireAt` as "never").
    DateTime,
    Email,
    /// `^[a-zA-Z0-9._-]+$`, the pattern of tag keys and values.
    TagChars,
    /// `HH:MM`, 24-hour clock.
    HourMinute,
}

/// Number rules; `integer` is the spec's `"type": "integer"`.
pub struct Num {
    pub integer: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub multiple_of: Option<f64>,
}

/// An optional property.
pub const fn field(name: &'static str, schema: Schema) -> Field {
    Field {
        name,
        schema,
        required: false,
    }
}

/// A required property.
pub const fn required(name: &'static str, schema: Schema) -> Field {
    Field {
        name,
        schema,
        required: true,
    }
}

/// Any string.
pub const fn string() -> Schema {
    string_len(0, None)
}

/// A string with a length range (in characters).
pub const fn string_len(min_len: usize, max_len: Option<usize>) -> Schema {
    Schema::Str(Str {
        min_len,
        max_len,
        one_of: None,
        format: Format::Any,
    })
}

/// A string with a format.
pub const fn formatted(format: Format) -> Schema {
    Schema::Str(Str {
        min_len: 0,
        max_len: None,
        one_of: None,
        format,
    })
}

/// A string with a format and a length range.
pub const fn formatted_len(format: Format, min_len: usize, max_len: Option<usize>) -> Schema {
    Schema::Str(Str {
        min_len,
        max_len,
        one_of: None,
        format,
    })
}

/// An enum of strings.
pub const fn one_of(values: &'static [&'static str]) -> Schema {
    Schema::Str(Str {
        min_len: 0,
        max_len: None,
        one_of: Some(values),
        format: Format::Any,
    })
}

/// An integer in `min..=max`.
pub const fn integer(min: f64, max: f64) -> Schema {
    Schema::Num(Num {
        integer: true,
        min: Some(min),
        max: Some(max),
        multiple_of: None,
    })
}

/// A whole number of at least `min`, without upper bound.
pub const fn integer_at_least(min: f64) -> Schema {
    Schema::Num(Num {
        integer: true,
        min: Some(min),
        max: None,
        multiple_of: None,
    })
}

/// A number with optional bounds and step.
pub const fn number(min: Option<f64>, max: Option<f64>, multiple_of: Option<f64>) -> Schema {
    Schema::Num(Num {
        integer: false,
        min,
        max,
        multiple_of,
    })
}

/// An array without a size limit.
pub const fn array(items: &'static Schema) -> Schema {
    Schema::Array {
        items,
        max_items: None,
    }
}

/// Checks `value` against `schema`; the error is a message for the API's error envelope.
pub fn check(schema: &Schema, value: &Value) -> Result<(), String> {
    check_at(schema, value, "")
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn subject(path: &str) -> String {
    if path.is_empty() {
        "Request body".to_string()
    } else {
        format!("Field \"{path}\"")
    }
}

fn check_at(schema: &Schema, value: &Value, path: &str) -> Result<(), String> {
    match schema {
        Schema::Nullable(inner) => match value {
            Value::Null => Ok(()),
            other => check_at(inner, other, path),
        },
        Schema::Bool => match value {
            Value::Bool(_) => Ok(()),
            _ => Err(format!("{} must be a boolean", subject(path))),
        },
        Schema::Str(rules) => match value {
            Value::String(s) => check_string(rules, s, path),
            _ => Err(format!("{} must be a string", subject(path))),
        },
        Schema::Num(rules) => match value.as_f64() {
            Some(n) => check_number(rules, n, path),
            None => Err(format!(
                "{} must be {}",
                subject(path),
                if rules.integer {
                    "an integer"
                } else {
                    "a number"
                }
            )),
        },
        Schema::Array { items, max_items } => {
            let Value::Array(elements) = value else {
                return Err(format!("{} must be an array", subject(path)));
            };
            if let Some(max) = max_items
                && elements.len() > *max
            {
                return Err(format!("{} must have at most {max} items", subject(path)));
            }
            for (i, element) in elements.iter().enumerate() {
                check_at(items, element, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        Schema::Object(fields) => {
            let Value::Object(map) = value else {
                return Err(format!("{} must be a JSON object", subject(path)));
            };
            for (name, field_value) in map {
                let Some(field) = fields.iter().find(|f| f.name == name) else {
                    let allowed: Vec<&str> = fields.iter().map(|f| f.name).collect();
                    return Err(format!(
                        "Unknown field \"{}\"; allowed fields are: {}",
                        join(path, name),
                        allowed.join(", ")
                    ));
                };
                check_at(&field.schema, field_value, &join(path, name))?;
            }
            for field in fields.iter().filter(|f| f.required) {
                if !map.contains_key(field.name) {
                    return Err(format!("Field \"{}\" is required", join(path, field.name)));
                }
            }
            Ok(())
        }
    }
}

fn check_string(rules: &Str, s: &str, path: &str) -> Result<(), String> {
    if let Some(values) = rules.one_of {
        if values.contains(&s) {
            return Ok(());
        }
        return Err(format!(
            "{} must be one of: {} (got \"{s}\")",
            subject(path),
            values.join(", ")
        ));
    }
    let len = s.chars().count();
    if len < rules.min_len || rules.max_len.is_some_and(|max| len > max) {
        let range = match rules.max_len {
            Some(max) => format!("between {} and {max} characters long", rules.min_len),
            None => format!("at least {} characters long", rules.min_len),
        };
        return Err(format!("{} must be {range}", subject(path)));
    }
    let problem = match rules.format {
        Format::Any => None,
        Format::Uuid => uuid::Uuid::parse_str(s)
            .is_err()
            .then_some("must be a UUID"),
        Format::DateTime => (!s.is_empty() && s.parse::<jiff::Timestamp>().is_err())
            .then_some("must be an RFC 3339 date-time (e.g. 2025-01-31T12:00:00Z)"),
        Format::Email => (!is_plausible_email(s)).then_some("must be an email address"),
        Format::TagChars => {
            (s.is_empty() || !s.chars().all(is_tag_char)).then_some("must match ^[a-zA-Z0-9._-]+$")
        }
        Format::HourMinute => parse_hour_minute(s)
            .is_none()
            .then_some("must be a time in HH:MM format (00:00 to 23:59)"),
    };
    match problem {
        Some(problem) => Err(format!("{} {problem}", subject(path))),
        None => Ok(()),
    }
}

fn check_number(rules: &Num, n: f64, path: &str) -> Result<(), String> {
    let kind = if rules.integer {
        "an integer"
    } else {
        "a number"
    };
    let whole = n.fract() == 0.0;
    let below = rules.min.is_some_and(|min| n < min);
    let above = rules.max.is_some_and(|max| n > max);
    let off_step = rules
        .multiple_of
        .is_some_and(|step| (n / step).fract() != 0.0);
    if (rules.integer && !whole) || below || above || off_step {
        let mut message = format!("{} must be ", subject(path));
        match rules.multiple_of {
            Some(step) => message.push_str(&format!("a multiple of {step}")),
            None => message.push_str(kind),
        }
        match (rules.min, rules.max) {
            (Some(min), Some(max)) => message.push_str(&format!(" between {min} and {max}")),
            (Some(min), None) => message.push_str(&format!(" greater than or equal to {min}")),
            (None, Some(max)) => message.push_str(&format!(" less than or equal to {max}")),
            (None, None) => {}
        }
        message.push_str(&format!(" (got {n})"));
        return Err(message);
    }
    Ok(())
}

/// Characters allowed in tag keys and values.
pub fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// `local@domain.tld`, with no spaces: what a form's email check would accept.
fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// Parses `HH:MM` (24-hour clock).
pub fn parse_hour_minute(s: &str) -> Option<(u8, u8)> {
    let (h, m) = s.split_once(':')?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    let hour: u8 = h.parse().ok()?;
    let minute: u8 = m.parse().ok()?;
    (hour < 24 && minute < 60).then_some((hour, minute))
}
