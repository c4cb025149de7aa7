//! The errors a command can end with, and the exit code and stable code each maps to.
//!
//! Lower layers (`state`, `api`, `credentials`, `oauth`) own their error types and know
//! nothing of exit codes; this is the one place that maps them.

use serde_json::{Value, json};

use crate::api::ApiError;
use crate::credentials::{CredentialError, Source};
use crate::oauth::tokens::TokenError;
use crate::state::StateError;

/// Exit codes, documented in the README; tests assert them.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    /// API failures and everything else.
    pub const FAILURE: u8 = 1;
    /// Bad command-line input (clap uses 2 as well).
    pub const USAGE: u8 = 2;
    /// No credential, a credential the API refused (401/403), or a read-only
    /// credential used for a write.
    pub const AUTH: u8 = 4;
    /// Interrupted by Ctrl-C (128 + SIGINT), as shells report it.
    pub const INTERRUPTED: u8 = 130;
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Api(#[from] ApiError),

    /// Input clap could not judge alone (e.g. a flag combination, an ambiguous org).
    #[error("{0}")]
    Usage(String),

    #[error(transparent)]
    Credential(#[from] CredentialError),

    #[error(transparent)]
    Token(#[from] TokenError),

    #[error(transparent)]
    State(#[from] StateError),

    /// A write-classified command with a credential that may only read.
    #[error(
        "`cloud {command}` changes resources, but the credential in use ({used}) is read-only.\n\
         {reason}\n\
         Use an API key instead (created in the ClickHouse Cloud console, with the admin role):\n  \
         cloud auth login --api-key <KEY_ID> --api-secret-stdin   # stores it for later commands\n  \
         export CLICKHOUSE_CLOUD_API_KEY=<KEY_ID> CLICKHOUSE_CLOUD_API_SECRET=<SECRET>   # CI and scripts"
    )]
    WriteRequiresApiKey {
        command: String,
        used: Source,
        reason: String,
    },

    /// An interactive login that did not complete (denied, expired, timed out).
    #[error("{message}")]
    Login { code: &'static str, message: String },

    #[error("interrupted; nothing was stored")]
    Interrupted,

    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl From<crate::oauth::flows::LoginError> for Error {
    fn from(error: crate::oauth::flows::LoginError) -> Error {
        use crate::oauth::flows::LoginError;
        match error {
            LoginError::Failed { code, message } => Error::Login { code, message },
            LoginError::Interrupted => Error::Interrupted,
            LoginError::Other(message) => Error::Other(anyhow::anyhow!(message)),
        }
    }
}

impl From<crate::api::ReadOnlyCredential> for Error {
    fn from(refusal: crate::api::ReadOnlyCredential) -> Error {
        Error::WriteRequiresApiKey {
            command: refusal.command,
            used: refusal.used,
            reason: refusal.reason,
        }
    }
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Api(ApiError::InsecureUrl { usage: true, .. }) => exit::USAGE,
            // Not a failure: the plan is printed at the top (`app::run`).
            Error::Api(ApiError::DryRun(_)) => exit::SUCCESS,
            Error::Api(e) => match e.status() {
                Some(401 | 403) => exit::AUTH,
                _ => exit::FAILURE,
            },
            Error::Usage(_) => exit::USAGE,
            Error::Credential(e) => match e {
                CredentialError::IncompleteFlags { .. } => exit::USAGE,
                CredentialError::Missing { .. }
                | CredentialError::IncompleteEnvironment { .. }
                | CredentialError::StoredSecretMissing { .. } => exit::AUTH,
                CredentialError::State(_) => exit::FAILURE,
            },
            Error::Token(e) => match e {
                TokenError::Missing { .. } | TokenError::Expired { .. } => exit::AUTH,
                TokenError::Corrupt { .. } | TokenError::Refresh(_) | TokenError::State(_) => {
                    exit::FAILURE
                }
            },
            Error::State(_) => exit::FAILURE,
            Error::WriteRequiresApiKey { .. } => exit::AUTH,
            Error::Login { .. } => exit::AUTH,
            Error::Interrupted => exit::INTERRUPTED,
            Error::Other(_) => exit::FAILURE,
        }
    }

    /// A stable, machine-readable name for the error, for `--json` consumers.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Api(e) => api_code(e),
            Error::Usage(_) => "usage",
            Error::Credential(e) => match e {
                CredentialError::Missing { .. } => "not_logged_in",
                CredentialError::IncompleteFlags { .. }
                | CredentialError::IncompleteEnvironment { .. } => "incomplete_credential",
                CredentialError::StoredSecretMissing { .. } => "stored_secret_missing",
                CredentialError::State(e) => state_code(e),
            },
            Error::Token(e) => match e {
                TokenError::Missing { .. } => "not_logged_in",
                TokenError::Corrupt { .. } => "credential_store_corrupt",
                TokenError::Expired { .. } => "login_expired",
                TokenError::Refresh(_) => "refresh_failed",
                TokenError::State(e) => state_code(e),
            },
            Error::State(e) => state_code(e),
            Error::WriteRequiresApiKey { .. } => "write_requires_api_key",
            Error::Login { code, .. } => code,
            Error::Interrupted => "interrupted",
            Error::Other(_) => "error",
        }
    }

    /// The error as the JSON object printed on stderr under `--json`.
    pub fn to_json(&self) -> Value {
        let mut object = json!({
            "code": self.code(),
            "exitCode": self.exit_code(),
            "message": self.to_string(),
        });
        match self {
            Error::Api(ApiError::Status {
                status, request_id, ..
            }) => {
                object["httpStatus"] = json!(status);
                object["requestId"] = json!(request_id);
            }
            Error::WriteRequiresApiKey { used, .. } => {
                object["credentialSource"] = json!(used.to_string());
                object["fix"] = json!(
                    "cloud auth login --api-key <KEY_ID> --api-secret-stdin, or set CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET"
                );
            }
            Error::Api(_)
            | Error::Usage(_)
            | Error::Credential(_)
            | Error::Token(_)
            | Error::State(_)
            | Error::Login { .. }
            | Error::Interrupted
            | Error::Other(_) => {}
        }
        json!({ "error": object })
    }
}

fn api_code(error: &ApiError) -> &'static str {
    match error {
        ApiError::Status { status, bearer, .. } => match status {
            400 => "bad_request",
            401 => "unauthorized",
            403 if *bearer => "write_requires_api_key",
            403 => "forbidden",
            404 => "not_found",
            409 => "conflict",
            429 => "rate_limited",
            500..=599 => "server_error",
            _ => "api_error",
        },
        ApiError::Network { .. } => "network",
        ApiError::Timeout { .. } => "timeout",
        ApiError::TooLarge { .. } => "response_too_large",
        ApiError::InsecureUrl { .. } => "insecure_url",
        ApiError::InvalidResponse { .. } => "invalid_response",
        ApiError::DryRun(_) => "dry_run",
    }
}

fn state_code(error: &StateError) -> &'static str {
    match error {
        StateError::Locked { .. } => "state_locked",
        StateError::Corrupt { .. } => "state_corrupt",
        StateError::Permissions { .. } => "insecure_permissions",
        StateError::Symlink { .. } => "credential_file_symlink",
        StateError::Keyring(_) => "credential_store",
        StateError::Io { .. } | StateError::Encode { .. } | StateError::NoHome => "state_io",
    }
}
