//! The settings `cloud config` reads and writes, checked with the parsers of the global
//! flags they stand in for, so a value the flag would refuse is never stored.

use serde_json::Value;

use crate::output::Format;
use crate::state::ContextConfig;

/// A setting of a context, by its kebab-case name. (No doc comments on the variants:
/// they would switch the help to clap's long layout.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Key {
    ApiUrl,
    Org,
    ReadOnly,
    Format,
    ConnectTimeout,
    Timeout,
    MaxResponseSize,
    QueryUrl,
}

/// A checked value, as it is stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Text(String),
    Flag(bool),
}

impl Key {
    pub const ALL: [Key; 8] = [
        Key::ApiUrl,
        Key::Org,
        Key::ReadOnly,
        Key::Format,
        Key::ConnectTimeout,
        Key::Timeout,
        Key::MaxResponseSize,
        Key::QueryUrl,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::ApiUrl => "api-url",
            Key::Org => "org",
            Key::ReadOnly => "read-only",
            Key::Format => "format",
            Key::ConnectTimeout => "connect-timeout",
            Key::Timeout => "timeout",
            Key::MaxResponseSize => "max-response-size",
            Key::QueryUrl => "query-url",
        }
    }

    /// What applies when the setting is not set (and no flag or variable decides).
    pub fn default_text(self) -> &'static str {
        match self {
            Key::ApiUrl => crate::api::PRODUCTION_API_URL,
            Key::Org => "the only organization the credential sees",
            Key::ReadOnly => "false",
            Key::Format => "table (json under an AI agent)",
            Key::ConnectTimeout => "10s",
            Key::Timeout => "120s",
            Key::MaxResponseSize => "64MiB",
            Key::QueryUrl => "derived from the API URL (api. → queries.)",
        }
    }

    /// Checks `value` as the global flag would, and returns what is stored.
    pub fn check(self, value: &str) -> Result<Checked, String> {
        let text = value.trim();
        match self {
            Key::ApiUrl | Key::QueryUrl => crate::cli::api_url(text).map(Checked::Text),
            Key::Org => crate::args::uuid(text).map(|org| Checked::Text(org.to_string())),
            Key::ReadOnly => match text {
                "true" => Ok(Checked::Flag(true)),
                "false" => Ok(Checked::Flag(false)),
                _ => Err(format!("expected true or false, not {value:?}")),
            },
            Key::Format => <Format as clap::ValueEnum>::from_str(text, false)
                .map(|format| {
                    Checked::Text(match format {
                        Format::Json => "json".into(),
                        Format::Table => "table".into(),
                    })
                })
                .map_err(|_| format!("expected json or table, not {value:?}")),
            Key::ConnectTimeout | Key::Timeout => {
                crate::api::transport::parse_duration(text).map(|_| Checked::Text(text.to_owned()))
            }
            Key::MaxResponseSize => {
                crate::api::transport::parse_size(text).map(|_| Checked::Text(text.to_owned()))
            }
        }
    }

    /// The stored value: a JSON boolean for `read-only`, a string otherwise.
    pub fn get(self, context: &ContextConfig) -> Option<Value> {
        let text = |value: &Option<String>| value.clone().map(Value::String);
        match self {
            Key::ApiUrl => text(&context.api_url),
            Key::Org => text(&context.org),
            Key::ReadOnly => context.read_only.map(Value::Bool),
            Key::Format => text(&context.format),
            Key::ConnectTimeout => text(&context.connect_timeout),
            Key::Timeout => text(&context.timeout),
            Key::MaxResponseSize => text(&context.max_response_size),
            Key::QueryUrl => text(&context.query_url),
        }
    }

    /// Stores a value [`Key::check`] returned, or removes the setting with `None`.
    pub fn store(self, context: &mut ContextConfig, value: Option<Checked>) {
        let (text, flag) = match value {
            Some(Checked::Text(text)) => (Some(text), None),
            Some(Checked::Flag(flag)) => (None, Some(flag)),
            None => (None, None),
        };
        match self {
            Key::ApiUrl => context.api_url = text,
            Key::Org => context.org = text,
            Key::ReadOnly => context.read_only = flag,
            Key::Format => context.format = text,
            Key::ConnectTimeout => context.connect_timeout = text,
            Key::Timeout => context.timeout = text,
            Key::MaxResponseSize => context.max_response_size = text,
            Key::QueryUrl => context.query_url = text,
        }
    }
}

/// A value as a person reads it: `true`, or the string without quotes.
pub fn plain(value: &Value) -> String {
    value
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_clap_names() {
        for key in Key::ALL {
            let value = clap::ValueEnum::to_possible_value(&key).unwrap();
            assert_eq!(value.get_name(), key.name());
        }
    }

    #[test]
    fn checked_values_round_trip() {
        for (key, value) in [
            (Key::ApiUrl, "https://api.example.com/"),
            (Key::Org, "7F3E1C2A-9B4D-4E8F-A1B2-C3D4E5F60718"),
            (Key::ReadOnly, "true"),
            (Key::Format, "json"),
            (Key::ConnectTimeout, "5s"),
            (Key::Timeout, "2m"),
            (Key::MaxResponseSize, "1GiB"),
            (Key::QueryUrl, "http://127.0.0.1:8788"),
        ] {
            let mut context = ContextConfig::default();
            key.store(&mut context, Some(key.check(value).unwrap()));
            assert!(key.get(&context).is_some(), "{key:?}");
            key.store(&mut context, None);
            assert_eq!(context, ContextConfig::default(), "{key:?}");
        }
    }
}
