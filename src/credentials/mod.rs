//! Finding the credential a command runs with, and remembering where it came from.
//!
//! Resolution order, first match wins:
//! 1. `--api-key` + `--api-secret`
//! 2. `CLICKHOUSE_CLOUD_API_KEY` + `CLICKHOUSE_CLOUD_API_SECRET`
//! 3. the API key stored for the active context (`cloud auth login --api-key`)
//! 4. `CLOUD_ACCESS_TOKEN`, an OAuth access token (read-only)
//! 5. the stored OAuth login of the active context (read-only)
//!
//! Every credential carries its [`Source`], shown by `auth status`, `--debug` and
//! every authentication error, so nobody has to guess which one was used.

pub mod role;

use std::fmt;

use crate::access::Access;
use crate::state::{SecretStore, StateError, Storage, StoredApiKey, StoredOAuth};

pub const API_KEY_ENV: &str = "CLICKHOUSE_CLOUD_API_KEY";
pub const API_SECRET_ENV: &str = "CLICKHOUSE_CLOUD_API_SECRET";
pub const ACCESS_TOKEN_ENV: &str = "CLOUD_ACCESS_TOKEN";
pub const READ_ONLY_ENV: &str = "CLOUD_READ_ONLY";

/// A secret string whose `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Also registers the value with [`crate::redact`], so it is never printed.
    pub fn new(value: impl Into<String>) -> SecretString {
        let value = value.into();
        crate::redact::register(&value);
        SecretString(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone)]
pub enum Secret {
    /// Sent as HTTP Basic; may write unless clamped (the API still applies the key's role).
    ApiKey {
        key_id: String,
        key_secret: SecretString,
    },
    /// An OAuth access token, sent as `Authorization: Bearer`; always read-only.
    Bearer(SecretString),
}

/// Where a credential was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flags,
    Environment,
    StoredApiKey { context: String, storage: Storage },
    AccessTokenEnvironment,
    OAuthLogin { context: String },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flags => write!(f, "--api-key/--api-secret flags"),
            Source::Environment => {
                write!(f, "{API_KEY_ENV}/{API_SECRET_ENV} environment variables")
            }
            Source::StoredApiKey { context, storage } => {
                write!(f, "API key stored for context `{context}` ({storage})")
            }
            Source::AccessTokenEnvironment => {
                write!(f, "OAuth access token in {ACCESS_TOKEN_ENV}")
            }
            Source::OAuthLogin { context } => write!(f, "OAuth login of context `{context}`"),
        }
    }
}

/// Why a credential that could write is limited to reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clamp {
    Flag,
    Environment,
    Context(String),
    /// The API key's own role only reads (learnt from the API, see [`role`]).
    Role {
        role: String,
    },
}

impl fmt::Display for Clamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clamp::Flag => write!(f, "--read-only"),
            Clamp::Environment => write!(f, "{READ_ONLY_ENV}=1"),
            Clamp::Context(name) => write!(f, "read_only = true in context `{name}`"),
            Clamp::Role { role } => write!(f, "its role `{role}`"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Credential {
    pub secret: Secret,
    pub source: Source,
    pub clamp: Option<Clamp>,
}

impl Credential {
    /// What this credential may do, decided locally before any request.
    pub fn capability(&self) -> Access {
        match (&self.secret, &self.clamp) {
            (Secret::ApiKey { .. }, None) => Access::Write,
            (Secret::ApiKey { .. }, Some(_)) | (Secret::Bearer(_), _) => Access::Read,
        }
    }

    /// One sentence on why this credential may not write.
    pub fn read_only_reason(&self) -> String {
        match (&self.secret, &self.clamp) {
            (Secret::Bearer(_), _) => {
                "OAuth access is read-only: ClickHouse Cloud accepts changes only from API keys."
                    .into()
            }
            (Secret::ApiKey { .. }, Some(Clamp::Role { role })) => format!(
                "The API key's role is `{role}`, which may only read (the API would answer 403), \
                 so the change was not sent. Use a key with the Admin role."
            ),
            (Secret::ApiKey { .. }, Some(clamp)) => {
                format!("It is clamped to read-only by {clamp}.")
            }
            (Secret::ApiKey { .. }, None) => "It may write.".into(),
        }
    }

    /// For `--debug` and `auth status`: the key id is public, the secret never shown.
    pub fn describe(&self) -> String {
        match &self.secret {
            Secret::ApiKey { key_id, .. } => format!("API key {key_id} from {}", self.source),
            Secret::Bearer(_) => format!("bearer token from {}", self.source),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error(
        "not logged in: no credential found for context `{context}`.\n  \
         cloud auth login                                          # OAuth as yourself: read-only\n  \
         cloud auth login --api-key <KEY_ID> --api-secret-stdin    # an API key: read and write\n\
         or set {API_KEY_ENV} and {API_SECRET_ENV}. `cloud auth status` shows every place cloud looks."
    )]
    Missing { context: String },

    #[error("{present} was given without {missing}: give both, or neither")]
    IncompleteFlags {
        present: &'static str,
        missing: &'static str,
    },

    #[error("{present} is set but {missing} is not: set both, or unset {present}")]
    IncompleteEnvironment {
        present: &'static str,
        missing: &'static str,
    },

    #[error(
        "the API key {key_id} of context `{context}` has no secret in the {storage}; \
         run `cloud auth login --api-key {key_id}` again"
    )]
    StoredSecretMissing {
        context: String,
        key_id: String,
        storage: Storage,
    },

    #[error(transparent)]
    State(#[from] StateError),
}

/// Everything resolution looks at, gathered once without touching the keyring.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub flag_key: Option<String>,
    pub flag_secret: Option<String>,
    pub env_key: Option<String>,
    pub env_secret: Option<String>,
    pub env_token: Option<String>,
    pub context: String,
    /// The stored key of the context, if it was verified against the API URL in use.
    pub stored_key: Option<StoredApiKey>,
    /// The stored OAuth login of the context, if it was made for the API URL in use.
    pub oauth_login: Option<StoredOAuth>,
    pub clamp: Option<Clamp>,
}

/// An environment variable, with empty values treated as unset.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `CLOUD_READ_ONLY` accepts the usual spellings of yes.
pub fn read_only_from_env() -> bool {
    env_var(READ_ONLY_ENV)
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}

impl Inputs {
    /// The first complete credential in resolution order. A half-given pair is an
    /// error rather than a reason to fall through: the user clearly meant it.
    ///
    /// A stored OAuth login is returned as it is: getting a fresh token from it is the
    /// OAuth layer's job (`crate::oauth::tokens`), done by the caller, which then makes
    /// the credential with [`Inputs::oauth_credential`].
    pub async fn resolve(&self, store: &SecretStore) -> Result<Resolved, CredentialError> {
        let credential = |secret, source| Credential {
            secret,
            source,
            clamp: self.clamp.clone(),
        };
        match (&self.flag_key, &self.flag_secret) {
            (Some(key_id), Some(secret)) => {
                return Ok(Resolved::Ready(credential(
                    api_key(key_id, secret),
                    Source::Flags,
                )));
            }
            (Some(_), None) => {
                return Err(CredentialError::IncompleteFlags {
                    present: "--api-key",
                    missing: "--api-secret",
                });
            }
            (None, Some(_)) => {
                return Err(CredentialError::IncompleteFlags {
                    present: "--api-secret",
                    missing: "--api-key",
                });
            }
            (None, None) => {}
        }
        match (&self.env_key, &self.env_secret) {
            (Some(key_id), Some(secret)) => {
                return Ok(Resolved::Ready(credential(
                    api_key(key_id, secret),
                    Source::Environment,
                )));
            }
            (Some(_), None) => {
                return Err(CredentialError::IncompleteEnvironment {
                    present: API_KEY_ENV,
                    missing: API_SECRET_ENV,
                });
            }
            (None, Some(_)) => {
                return Err(CredentialError::IncompleteEnvironment {
                    present: API_SECRET_ENV,
                    missing: API_KEY_ENV,
                });
            }
            (None, None) => {}
        }
        if let Some(stored) = &self.stored_key {
            let secret = store
                .load(&api_key_account(&self.context), stored.storage)
                .await?
                .ok_or_else(|| CredentialError::StoredSecretMissing {
                    context: self.context.clone(),
                    key_id: stored.key_id.clone(),
                    storage: stored.storage,
                })?;
            let source = Source::StoredApiKey {
                context: self.context.clone(),
                storage: stored.storage,
            };
            return Ok(Resolved::Ready(credential(
                api_key(&stored.key_id, &secret),
                source,
            )));
        }
        if let Some(token) = &self.env_token {
            return Ok(Resolved::Ready(credential(
                Secret::Bearer(SecretString::new(token.clone())),
                Source::AccessTokenEnvironment,
            )));
        }
        if let Some(login) = &self.oauth_login {
            return Ok(Resolved::OAuthLogin(login.clone()));
        }
        Err(CredentialError::Missing {
            context: self.context.clone(),
        })
    }

    /// The credential of the context's OAuth login, once its token is known.
    pub fn oauth_credential(&self, access_token: String) -> Credential {
        Credential {
            secret: Secret::Bearer(SecretString::new(access_token)),
            source: Source::OAuthLogin {
                context: self.context.clone(),
            },
            clamp: self.clamp.clone(),
        }
    }
}

/// What resolution found.
#[derive(Debug)]
pub enum Resolved {
    Ready(Credential),
    /// The stored OAuth login of the context; its token is not read yet.
    OAuthLogin(StoredOAuth),
}

fn api_key(key_id: &str, secret: &str) -> Secret {
    Secret::ApiKey {
        key_id: key_id.to_owned(),
        key_secret: SecretString::new(secret),
    }
}

/// The account name under which a context's API key secret is stored.
pub fn api_key_account(context: &str) -> String {
    format!("api-key:{context}")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        _dir: tempfile::TempDir,
        store: SecretStore,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let paths = crate::state::Paths {
            dir: dir.path().to_path_buf(),
        };
        Fixture {
            store: SecretStore::new(paths),
            _dir: dir,
        }
    }

    impl Inputs {
        async fn resolve_in(&self, f: &Fixture) -> Result<Credential, CredentialError> {
            match self.resolve(&f.store).await? {
                Resolved::Ready(credential) => Ok(credential),
                Resolved::OAuthLogin(_) => panic!("no OAuth login in these tests"),
            }
        }
    }

    fn inputs() -> Inputs {
        Inputs {
            context: "default".into(),
            ..Inputs::default()
        }
    }

    #[tokio::test]
    async fn flags_outrank_environment_and_token() {
        let f = fixture();
        let found = Inputs {
            flag_key: Some("flag-key".into()),
            flag_secret: Some("flag-secret".into()),
            env_key: Some("env-key".into()),
            env_secret: Some("env-secret".into()),
            env_token: Some("token".into()),
            ..inputs()
        }
        .resolve_in(&f)
        .await
        .unwrap();
        assert_eq!(found.source, Source::Flags);
        assert_eq!(found.capability(), Access::Write);
    }

    #[tokio::test]
    async fn environment_outranks_token() {
        let f = fixture();
        let found = Inputs {
            env_key: Some("env-key".into()),
            env_secret: Some("env-secret".into()),
            env_token: Some("token".into()),
            ..inputs()
        }
        .resolve_in(&f)
        .await
        .unwrap();
        assert_eq!(found.source, Source::Environment);
    }

    #[tokio::test]
    async fn access_token_is_read_only() {
        let f = fixture();
        let found = Inputs {
            env_token: Some("token".into()),
            ..inputs()
        }
        .resolve_in(&f)
        .await
        .unwrap();
        assert_eq!(found.source, Source::AccessTokenEnvironment);
        assert_eq!(found.capability(), Access::Read);
    }

    #[tokio::test]
    async fn clamped_api_key_is_read_only() {
        let f = fixture();
        let found = Inputs {
            env_key: Some("k".into()),
            env_secret: Some("s".into()),
            clamp: Some(Clamp::Environment),
            ..inputs()
        }
        .resolve_in(&f)
        .await
        .unwrap();
        assert_eq!(found.capability(), Access::Read);
        assert!(found.read_only_reason().contains("CLOUD_READ_ONLY"));
    }

    #[test]
    fn a_read_only_role_clamps_and_is_named() {
        let credential = Credential {
            secret: api_key("k", "s"),
            source: Source::Environment,
            clamp: Some(Clamp::Role {
                role: "Developer".into(),
            }),
        };
        assert_eq!(credential.capability(), Access::Read);
        assert!(credential.read_only_reason().contains("`Developer`"));
    }

    #[tokio::test]
    async fn half_pairs_name_the_missing_half() {
        let f = fixture();
        let err = Inputs {
            env_key: Some("k".into()),
            env_token: Some("token".into()),
            ..inputs()
        }
        .resolve_in(&f)
        .await
        .unwrap_err();
        assert!(err.to_string().contains(API_SECRET_ENV), "{err}");
        let err = Inputs {
            flag_secret: Some("s".into()),
            ..inputs()
        }
        .resolve_in(&f)
        .await
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("--api-secret was given without --api-key"),
            "{err}"
        );
        assert!(matches!(err, CredentialError::IncompleteFlags { .. }));
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let secret = api_key("id", "hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }
}
