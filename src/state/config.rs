//! The CLI's own settings: named contexts, each with its API URL and stored API key.
//!
//! `config.toml` never holds a secret; secrets live in the OS keyring or, when none
//! is reachable, in `credentials.toml` (mode 0600). Both sit in the platform config
//! directory, or in `CLOUD_CONFIG_DIR` when set (tests and portable setups).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Locked, Paths, StateError, files};

pub const DEFAULT_CONTEXT: &str = "default";

/// Where a stored secret lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Storage {
    Keyring,
    File,
}

/// Settings this version does not know (written by a newer one) are kept as they are,
/// so saving never loses them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_context: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contexts: BTreeMap<String, ContextConfig>,
    #[serde(flatten)]
    pub unknown: toml::Table,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextConfig {
    /// API URL for this context, used when neither `--api-url` nor `CLOUD_API_URL` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    /// Clamp every credential of this context to read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<StoredApiKey>,
    /// Store secrets of this context in the 0600 file, never the keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_storage: Option<bool>,
    /// OAuth client id, issuer and audience, when not the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<StoredOAuth>,
    /// HTTP limits, as the flags take them: `"10s"`, `"2m"`, `"64MiB"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_response_size: Option<String>,
    /// The Query API (SQL) URL, when it cannot be derived from `api_url` (`api.` → `queries.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_url: Option<String>,
    /// The organization id commands use when `--org-id` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// `json` or `table`, when neither `--json`/`--format` nor an AI agent decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(flatten)]
    pub unknown: toml::Table,
}

/// The public half of a stored OAuth login; the tokens are in [`Storage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredOAuth {
    pub issuer: String,
    /// Tokens are only sent to the API they were obtained for.
    pub api_url: String,
    pub storage: Storage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The `preferred_username` claim, shown when there is no email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Where the identity was read: the ID token's claims or userinfo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_source: Option<IdentitySource>,
}

impl StoredOAuth {
    /// The user's email, else their user name, else the subject: never an opaque id alone
    /// when something a person recognises exists.
    pub fn identity(&self) -> String {
        self.email
            .clone()
            .or_else(|| self.username.clone())
            .or_else(|| self.subject.clone())
            .unwrap_or_else(|| "unknown user".into())
    }
}

/// The public half of a stored API key; the secret is in [`Storage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredApiKey {
    pub key_id: String,
    /// The API the key was verified against. The key is only ever sent there, so a
    /// later `--api-url` pointing elsewhere cannot leak it.
    pub api_url: String,
    pub storage: Storage,
}

impl Config {
    /// Reads `config.toml` without a lock; a missing file is an empty configuration.
    pub fn load(paths: &Paths) -> Result<Config, StateError> {
        let path = paths.config_file();
        match files::read(&path, files::Kind::Settings)? {
            Some(text) => {
                toml::from_str(&text).map_err(|e| StateError::corrupt_toml(&path, &text, &e))
            }
            None => Ok(Config::default()),
        }
    }

    /// Writes the whole file; only [`Locked::update_config`] calls it, after re-reading.
    pub(super) fn save(&self, locked: &Locked) -> Result<(), StateError> {
        let text = toml::to_string_pretty(self).map_err(|e| StateError::Encode {
            what: "the configuration",
            detail: e.to_string(),
        })?;
        files::write(
            &locked.paths().config_file(),
            text.as_bytes(),
            files::Kind::Settings,
        )
    }

    pub fn context(&self, name: &str) -> Option<&ContextConfig> {
        self.contexts.get(name)
    }

    pub fn context_mut(&mut self, name: &str) -> &mut ContextConfig {
        self.contexts.entry(name.to_owned()).or_default()
    }
}

/// Where the stored identity was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum IdentitySource {
    /// The claims of the ID token from the token endpoint.
    IdToken,
    /// The authorization server's userinfo endpoint.
    Userinfo,
}

impl IdentitySource {
    /// How a person reads it.
    pub fn describe(self) -> &'static str {
        match self {
            IdentitySource::IdToken => "the ID token",
            IdentitySource::Userinfo => "userinfo",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_a_newer_version_survive_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        std::fs::write(
            paths.config_file(),
            "future_setting = 1\n[contexts.default]\napi_url = \"http://x\"\nfuture_flag = true\n",
        )
        .unwrap();
        let locked = paths.lock().unwrap();
        locked
            .update_config(|c| c.active_context = Some("x".into()))
            .unwrap();
        let text = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(text.contains("future_setting = 1"), "{text}");
        assert!(text.contains("future_flag = true"), "{text}");
    }

    #[test]
    fn config_round_trips_through_toml() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        let key = StoredApiKey {
            key_id: "abc".into(),
            api_url: "http://127.0.0.1:1".into(),
            storage: Storage::File,
        };
        let locked = paths.lock().unwrap();
        locked
            .update_config(|c| c.context_mut("ci").api_key = Some(key.clone()))
            .unwrap();
        let loaded = Config::load(&paths).unwrap();
        assert_eq!(loaded.context("ci").unwrap().api_key, Some(key));
    }

    #[test]
    fn a_corrupt_file_is_named_with_its_line_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        let text = "[contexts.a]\napi_url = \"http://x\"\n\n[contexts.b\n";
        std::fs::write(paths.config_file(), text).unwrap();
        let err = Config::load(&paths).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("config.toml is corrupt at line 4"),
            "{message}"
        );
        let locked = paths.lock().unwrap();
        assert!(locked.update_config(|c| c.active_context = None).is_err());
        assert_eq!(std::fs::read_to_string(paths.config_file()).unwrap(), text);
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any text in config.toml loads or is an error naming a line inside the file.
            #[test]
            fn any_text_loads_or_names_a_line(text in any::<String>()) {
                let dir = tempfile::tempdir().unwrap();
                let paths = Paths { dir: dir.path().to_path_buf() };
                std::fs::write(paths.config_file(), &text).unwrap();
                match Config::load(&paths) {
                    Ok(_) => {}
                    Err(StateError::Corrupt { line, .. }) => {
                        let lines = text.split('\n').count();
                        prop_assert!(line.is_none_or(|l| l >= 1 && l <= lines), "{line:?} of {lines}");
                    }
                    Err(other) => prop_assert!(false, "{other}"),
                }
            }

            /// TOML-shaped text too, where the parser has more to do.
            #[test]
            fn toml_shaped_text_never_panics(
                text in r#"(\[contexts\.[a-z"]{0,4}\]?\n|[a-z_]{1,8} = ("[^"\n]{0,6}"?|[0-9]{1,3}|true|\[|\{)\n){0,6}"#,
            ) {
                let dir = tempfile::tempdir().unwrap();
                let paths = Paths { dir: dir.path().to_path_buf() };
                std::fs::write(paths.config_file(), &text).unwrap();
                let _ = Config::load(&paths);
            }

            /// Contexts written under the lock come back as written, whatever their values.
            #[test]
            fn contexts_round_trip(
                contexts in proptest::collection::btree_map(
                    "[a-z0-9_.-]{1,12}",
                    (any::<String>(), any::<Option<bool>>()),
                    0..5,
                ),
            ) {
                let dir = tempfile::tempdir().unwrap();
                let paths = Paths { dir: dir.path().to_path_buf() };
                let locked = paths.lock().unwrap();
                for (name, (url, read_only)) in &contexts {
                    locked.update_config(|c| {
                        let context = c.context_mut(name);
                        context.api_url = Some(url.clone());
                        context.read_only = *read_only;
                    }).unwrap();
                }
                let loaded = Config::load(&paths).unwrap();
                for (name, (url, read_only)) in &contexts {
                    let context = loaded.context(name).unwrap();
                    prop_assert_eq!(context.api_url.as_deref(), Some(url.as_str()));
                    prop_assert_eq!(context.read_only, *read_only);
                }
            }
        }
    }
}
