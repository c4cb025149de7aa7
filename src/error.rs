//! The errors a command can end with, and the exit code and stable code each maps to.
//!
//! Lower layers (`state`, `api`, `credentials`, `oauth`) own their error types and know
//! nothing of exit codes; this is the one place that maps them.

use serde_json::{Value, json};

use crate::api::ApiError;
use crate::credentials::{CredentialError, Source};
use crate::oauth::tokens::TokenError;
use crate::state::StateError;

/// Exit codes, documented in the README and `cloud help exit-codes`; tests assert them.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    /// Everything not listed below: a server error, the network, a file on disk.
    pub const FAILURE: u8 = 1;
    /// Bad command-line input, clap's or ours (clap uses 2 as well).
    pub const USAGE: u8 = 2;
    /// A confirmation was declined.
    pub const CANCELLED: u8 = 3;
    /// No credential, a credential the API refused (401/403), a read-only credential used
    /// for a write, or a login that was denied, expired or needs a person.
    pub const AUTH: u8 = 4;
    /// The API answered 404, or a name given for an ID matched nothing.
    pub const NOT_FOUND: u8 = 5;
    /// The API answered 409.
    pub const CONFLICT: u8 = 6;
    /// The API answered 429, 502, 503 or 504 (after the retries of a read).
    pub const UNAVAILABLE: u8 = 7;
    /// A `--wait` ran out of time (the operation itself goes on).
    pub const WAIT_TIMEOUT: u8 = 8;
    /// Interrupted by Ctrl-C (128 + SIGINT), as shells report it.
    pub const INTERRUPTED: u8 = 130;

    /// Every exit code with its meaning, for `cloud help exit-codes` and the README.
    pub const TABLE: &[(u8, &str)] = &[
        (SUCCESS, "success"),
        (
            FAILURE,
            "an error not listed below: a server error (500), the network, a timeout, a file on disk",
        ),
        (
            USAGE,
            "usage error: bad flags or values, checked before any request; or a name several resources have",
        ),
        (
            CANCELLED,
            "cancelled: a confirmation was declined; nothing was changed",
        ),
        (
            AUTH,
            "authentication required or not permitted: no credential, 401, 403, a write with a read-only credential, a login denied, expired or needing a person",
        ),
        (
            NOT_FOUND,
            "not found: the API answered 404, or no resource has the name given",
        ),
        (CONFLICT, "conflict: the API answered 409"),
        (
            UNAVAILABLE,
            "rate limited or unavailable: 429, 502, 503 or 504, after the retries of a read",
        ),
        (
            WAIT_TIMEOUT,
            "a --wait timed out: the operation goes on, only the waiting stopped",
        ),
        (INTERRUPTED, "interrupted (Ctrl-C)"),
    ];
}

/// Every stable `code` of the JSON error object: the code, its exit code, its meaning.
/// Printed by `cloud help exit-codes` and listed in the README; a unit test checks that
/// every code this file (or a login) can produce is here.
pub const CODES: &[(&str, &str, &str)] = &[
    (
        "dry_run",
        "0",
        "not a failure: --dry-run printed the request instead of sending it",
    ),
    ("usage", "2", "the command line or a setting is wrong"),
    ("jq_failed", "1", "the --jq filter failed on the result"),
    (
        "confirmation_required",
        "2",
        "a destructive command without --yes where nobody can confirm (no terminal, CI, an agent), refused before any request",
    ),
    (
        "cancelled",
        "3",
        "the confirmation of a destructive command was declined; nothing was changed",
    ),
    ("unknown_argument", "2", "a flag the command does not have"),
    ("unknown_command", "2", "a command that does not exist"),
    (
        "missing_argument",
        "2",
        "a required flag or value is missing",
    ),
    ("missing_command", "2", "a noun was given without its verb"),
    (
        "invalid_value",
        "2",
        "a value clap or the spec rules refuse",
    ),
    (
        "argument_conflict",
        "2",
        "flags that cannot be used together",
    ),
    (
        "insecure_url",
        "2 or 1",
        "plain http:// to a host that is not loopback (2 from flags, environment or config; 1 when a server announced it)",
    ),
    ("bad_request", "1", "the API answered 400"),
    (
        "upload_rejected",
        "1",
        "the presigned upload URL of a UDF archive refused it (`udf create`, `udf version create`)",
    ),
    ("not_logged_in", "4", "no credential was found"),
    (
        "incomplete_credential",
        "2 or 4",
        "half an API key pair (2 from flags, 4 from the environment)",
    ),
    (
        "stored_secret_missing",
        "4",
        "the stored key's secret is gone from the store",
    ),
    (
        "login_expired",
        "4",
        "the OAuth login expired: log in again",
    ),
    ("refresh_failed", "1", "refreshing the OAuth token failed"),
    (
        "credential_store_corrupt",
        "1",
        "stored OAuth tokens cannot be read",
    ),
    ("unauthorized", "4", "the API answered 401"),
    ("forbidden", "4", "the API answered 403"),
    (
        "write_requires_api_key",
        "4",
        "a write with a read-only credential (OAuth, or clamped), refused before any request; or a 403 to an OAuth token",
    ),
    ("access_denied", "4", "the person declined the login"),
    (
        "expired_token",
        "4",
        "the login code expired before it was approved",
    ),
    (
        "state_mismatch",
        "4",
        "the browser login answered a different request",
    ),
    (
        "login_failed",
        "4",
        "the authorization server refused the login",
    ),
    (
        "login_needs_a_person",
        "4",
        "an interactive login asked for in CI, by an agent or without a terminal",
    ),
    (
        "timeout",
        "1 or 4",
        "a request (1) or a login (4) ran out of time",
    ),
    (
        "not_found",
        "5",
        "the API answered 404, or no resource has the name given for an ID",
    ),
    (
        "sql_not_read",
        "2",
        "`service query` was given a statement that does not read (INSERT, DDL, ...); nothing was sent: use `service sql`",
    ),
    (
        "query_url_missing",
        "2",
        "the Query API's URL cannot be derived from the API URL: set CLOUD_QUERY_URL or the context's query-url",
    ),
    (
        "query_not_permitted",
        "4",
        "the Query API answered 403: an API key not bound to the service's query endpoint, or a statement the role may not run",
    ),
    (
        "service_idle",
        "1",
        "the service is idle and the query was not run: add --wake",
    ),
    (
        "service_stopped",
        "1",
        "the service is stopped and the query was not run: cloud service start <SERVICE> --wait",
    ),
    (
        "ambiguous_name",
        "2",
        "a name given for an ID that several resources have; the message lists them: give the ID",
    ),
    ("conflict", "6", "the API answered 409"),
    (
        "rate_limited",
        "7",
        "the API answered 429, after the retries of a read",
    ),
    (
        "unavailable",
        "7",
        "the API answered 502, 503 or 504, after the retries of a read",
    ),
    ("server_error", "1", "the API answered another 5xx"),
    ("api_error", "1", "the API answered another error status"),
    ("network", "1", "the API could not be reached"),
    (
        "response_too_large",
        "1",
        "a response was larger than --max-response-size",
    ),
    (
        "invalid_response",
        "1",
        "a response that is not the documented JSON",
    ),
    (
        "state_locked",
        "1",
        "another cloud process held the state lock too long",
    ),
    (
        "state_corrupt",
        "1",
        "a file in the config directory cannot be read",
    ),
    (
        "insecure_permissions",
        "1",
        "a secret file group or others can read",
    ),
    (
        "credential_file_symlink",
        "1",
        "a secret file that is a symbolic link",
    ),
    ("credential_store", "1", "the OS keyring failed"),
    (
        "state_io",
        "1",
        "reading or writing the config directory failed",
    ),
    (
        "wait_timed_out",
        "8",
        "--wait ran out of time (--wait-timeout) before the service reached its state; the operation goes on",
    ),
    (
        "service_failed",
        "1",
        "while --wait waited, the service turned failed",
    ),
    (
        "interrupted",
        "130",
        "Ctrl-C (during --wait it stops the waiting, not the operation)",
    ),
    ("error", "1", "anything else"),
];

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

    /// A login that needs a person at a terminal, asked for where none is (CI, an agent,
    /// no terminal on stdin).
    #[error("{0}")]
    NeedsPerson(String),

    /// clap could not parse the command line; reported by us only in JSON mode.
    #[error("{}", clap_message(.0))]
    Cli(clap::Error),

    #[error("interrupted; nothing was stored")]
    Interrupted,

    /// `--wait` ran out of time; the operation goes on without us. `subject` is what was
    /// waited for (`service <ID>`, `ClickPipe <ID>`), `check` the command that shows it.
    #[error(
        "{subject} is still {state} after waiting {waited} for it to be {target}; \
         the operation goes on in ClickHouse Cloud, only the waiting stopped"
    )]
    WaitTimedOut {
        subject: String,
        check: String,
        state: String,
        target: &'static str,
        waited: String,
    },

    /// Ctrl-C while `--wait` waited: the operation goes on.
    #[error(
        "interrupted while waiting for {subject} to be {target} (state: {state}); \
         the operation goes on in ClickHouse Cloud, only the waiting stopped"
    )]
    WaitInterrupted {
        subject: String,
        check: String,
        state: String,
        target: &'static str,
    },

    /// What `--wait` waited for turned `failed` (a ClickPipe: `Failed` or `InternalError`).
    #[error("{subject} is {state}; it will not be {target}")]
    ServiceFailed {
        subject: String,
        check: String,
        state: String,
        target: &'static str,
    },
    /// A destructive command without `--yes` where nobody can confirm it.
    #[error("{0}")]
    ConfirmationRequired(String),

    /// A name given for an ID (`service get analytics`) that no resource has.
    #[error("{message}")]
    NameNotFound { message: String, hint: String },

    /// A name given for an ID that several resources have; `message` lists them.
    #[error("{message}")]
    AmbiguousName { message: String, hint: String },

    /// `service query` was given a statement that does not read; nothing was sent.
    #[error("{}", describe_not_a_read(.keyword, .statement))]
    NotARead {
        keyword: String,
        statement: String,
        hint: String,
    },

    /// The confirmation of a destructive command was declined.
    #[error("cancelled; nothing was changed")]
    Cancelled,

    /// The `--jq` filter failed on the result (a compile error is `Usage`, before any request).
    #[error("the --jq filter failed: {0}")]
    Filter(String),

    #[error("{0:#}")]
    Other(#[from] anyhow::Error),

    /// An error with what only the caller knows: why it may have happened (`note`, added
    /// to the message) and what fixes it (`hint`). Its exit code and `code` are the error's.
    #[error("{error}\n{note}")]
    Explained {
        error: Box<Error>,
        note: String,
        hint: String,
    },
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
            Error::Api(ApiError::QueryUrlMissing { .. }) => exit::USAGE,
            // Not a failure: the plan is printed at the top (`app::run`).
            Error::Api(ApiError::DryRun(_)) => exit::SUCCESS,
            Error::Api(e) => match e.status() {
                Some(401 | 403) => exit::AUTH,
                Some(404) => exit::NOT_FOUND,
                Some(409) => exit::CONFLICT,
                Some(429 | 502 | 503 | 504) => exit::UNAVAILABLE,
                _ => exit::FAILURE,
            },
            Error::Usage(_)
            | Error::Cli(_)
            | Error::ConfirmationRequired(_)
            | Error::AmbiguousName { .. }
            | Error::NotARead { .. } => exit::USAGE,
            Error::NameNotFound { .. } => exit::NOT_FOUND,
            Error::Cancelled => exit::CANCELLED,
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
            Error::Login { .. } | Error::NeedsPerson(_) => exit::AUTH,
            Error::Interrupted | Error::WaitInterrupted { .. } => exit::INTERRUPTED,
            Error::WaitTimedOut { .. } => exit::WAIT_TIMEOUT,
            Error::ServiceFailed { .. } => exit::FAILURE,
            Error::Filter(_) | Error::Other(_) => exit::FAILURE,
            Error::Explained { error, .. } => error.exit_code(),
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
            Error::NeedsPerson(_) => "login_needs_a_person",
            Error::Cli(e) => clap_code(e.kind()),
            Error::Interrupted | Error::WaitInterrupted { .. } => "interrupted",
            Error::WaitTimedOut { .. } => "wait_timed_out",
            Error::ServiceFailed { .. } => "service_failed",
            Error::ConfirmationRequired(_) => "confirmation_required",
            Error::NameNotFound { .. } => "not_found",
            Error::AmbiguousName { .. } => "ambiguous_name",
            Error::NotARead { .. } => "sql_not_read",
            Error::Cancelled => "cancelled",
            Error::Filter(_) => "jq_failed",
            Error::Other(_) => "error",
            Error::Explained { error, .. } => error.code(),
        }
    }

    /// Whether the same command may succeed if run again later, unchanged.
    pub fn retryable(&self) -> bool {
        match self {
            Error::Api(e) => matches!(
                e,
                ApiError::Network { .. }
                    | ApiError::Timeout { .. }
                    | ApiError::Status {
                        status: 429 | 502 | 503 | 504,
                        ..
                    }
            ),
            Error::Explained { error, .. } => error.retryable(),
            Error::Usage(_)
            | Error::Credential(_)
            | Error::Token(_)
            | Error::State(_)
            | Error::WriteRequiresApiKey { .. }
            | Error::Login { .. }
            | Error::NeedsPerson(_)
            | Error::Cli(_)
            | Error::Interrupted
            | Error::WaitTimedOut { .. }
            | Error::WaitInterrupted { .. }
            | Error::ServiceFailed { .. }
            | Error::ConfirmationRequired(_)
            | Error::NameNotFound { .. }
            | Error::AmbiguousName { .. }
            | Error::NotARead { .. }
            | Error::Cancelled
            | Error::Filter(_)
            | Error::Other(_) => false,
        }
    }

    /// What to do about it, as a command where there is one.
    pub fn hint(&self) -> Option<String> {
        let text = match self {
            Error::WriteRequiresApiKey { .. } => {
                "cloud auth login --api-key <KEY_ID> --api-secret-stdin, or set CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET"
            }
            Error::NeedsPerson(_) => AGENT_LOGIN_HINT,
            Error::ConfirmationRequired(_) => {
                "pass --yes (-y) to confirm without a prompt, or run it on a terminal to be asked"
            }
            Error::Credential(CredentialError::Missing { .. })
            | Error::Token(TokenError::Missing { .. } | TokenError::Expired { .. }) => {
                "set CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET, or log in: cloud auth login"
            }
            Error::Api(ApiError::Status { status, .. }) => match status {
                401 => "check the credential: cloud auth status",
                429 | 502 | 503 | 504 => "retry later",
                _ => return None,
            },
            Error::Api(ApiError::Network { .. } | ApiError::Timeout { .. }) => {
                "retry; check the network, --api-url and --timeout"
            }
            Error::Cli(e) => return clap_hint(e),
            Error::WaitTimedOut { check, .. } | Error::WaitInterrupted { check, .. } => {
                return Some(format!(
                    "the operation goes on: check its state with `{check}`"
                ));
            }
            Error::ServiceFailed { check, .. } => {
                return Some(format!("see `{check}`"));
            }
            Error::NameNotFound { hint, .. } | Error::AmbiguousName { hint, .. } => {
                return Some(hint.clone());
            }
            Error::Explained { hint, .. } => return Some(hint.clone()),
            Error::NotARead { hint, .. } => return Some(hint.clone()),
            Error::Api(ApiError::ServiceIdle { .. }) => {
                "add --wake to wake the service up and run the query"
            }
            Error::Api(ApiError::ServiceStopped { service }) => {
                return Some(format!("cloud service start {service} --wait"));
            }
            Error::Api(ApiError::QueryUrlMissing { .. }) => {
                "set CLOUD_QUERY_URL, or `cloud config set query-url <URL>`"
            }
            Error::Api(ApiError::QueryRefused {
                key_id: Some(key), ..
            }) => {
                return Some(format!(
                    "cloud service query-endpoint create <SERVICE> --open-api-key {key} --role sql_console_read_only"
                ));
            }
            Error::Api(_)
            | Error::Usage(_)
            | Error::Credential(_)
            | Error::Token(_)
            | Error::State(_)
            | Error::Login { .. }
            | Error::Interrupted
            | Error::Cancelled
            | Error::Filter(_)
            | Error::Other(_) => return None,
        };
        Some(text.to_owned())
    }

    /// The error as the JSON object printed on stderr in JSON mode. Every key is always
    /// there; one that does not apply is `null`. `credential_source` is the error's own or,
    /// failing that, `source`: the credential the command was using when it failed.
    pub fn to_json(&self, source: Option<&str>) -> Value {
        let cause = match self {
            Error::Explained { error, .. } => error.as_ref(),
            _ => self,
        };
        let (http_status, request_id) = match cause {
            Error::Api(ApiError::Status {
                status, request_id, ..
            }) => (Some(*status), request_id.clone()),
            Error::Api(ApiError::QueryRefused { status, .. }) => (Some(*status), None),
            _ => (None, None),
        };
        let credential_source = match cause {
            Error::WriteRequiresApiKey { used, .. } => Some(used.to_string()),
            _ => source.map(str::to_owned),
        };
        json!({ "error": {
            "code": self.code(),
            "message": self.to_string(),
            "hint": self.hint(),
            "exit_code": self.exit_code(),
            "http_status": http_status,
            "request_id": request_id,
            "credential_source": credential_source,
            "retryable": self.retryable(),
        }})
    }
}

fn describe_not_a_read(keyword: &str, statement: &str) -> String {
    let why = if keyword.is_empty() {
        "has no keyword".to_owned()
    } else {
        format!("starts with {keyword}")
    };
    format!(
        "`cloud service query` runs only statements that read (SELECT, WITH, SHOW, DESCRIBE, \
         EXPLAIN, EXISTS), and this one {why}; nothing was sent:\n  {statement}"
    )
}

/// The two-step login an agent or a script can drive.
pub const AGENT_LOGIN_HINT: &str = "run `cloud auth login --no-input --json` (prints the address and code for a person, then exits), then `cloud auth login --complete` (waits until they approved); or set CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET";

/// Stable codes for clap's errors.
fn clap_code(kind: clap::error::ErrorKind) -> &'static str {
    use clap::error::ErrorKind;
    match kind {
        ErrorKind::UnknownArgument => "unknown_argument",
        ErrorKind::InvalidSubcommand => "unknown_command",
        ErrorKind::MissingRequiredArgument => "missing_argument",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "missing_command"
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::InvalidUtf8 => {
            "invalid_value"
        }
        ErrorKind::ArgumentConflict => "argument_conflict",
        _ => "usage",
    }
}

/// The first paragraph of clap's message, without its `error: ` prefix. For a noun given
/// without its verb, clap's message is the noun's help: say what is missing instead.
fn clap_message(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let usage = rendered
            .split("\n\n")
            .find_map(|part| part.trim().strip_prefix("Usage: "))
            .unwrap_or("cloud <COMMAND>");
        return format!("a command is missing: {usage}");
    }
    let first = rendered.split("\n\n").next().unwrap_or_default();
    first.trim().trim_start_matches("error: ").trim().to_owned()
}

/// The rest of clap's message: the usage line and where to find help.
fn clap_hint(error: &clap::Error) -> Option<String> {
    let rendered = error.render().to_string();
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return rendered
            .split("\n\n")
            .map(str::trim)
            .find(|part| part.starts_with("Commands:"))
            .map(str::to_owned);
    }
    let rest: Vec<&str> = rendered
        .split("\n\n")
        .skip(1)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!rest.is_empty()).then(|| rest.join("\n"))
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
            502..=504 => "unavailable",
            500..=599 => "server_error",
            _ => "api_error",
        },
        ApiError::Network { .. } => "network",
        ApiError::Timeout { .. } => "timeout",
        ApiError::TooLarge { .. } => "response_too_large",
        ApiError::InsecureUrl { .. } => "insecure_url",
        ApiError::InvalidResponse { .. } => "invalid_response",
        ApiError::QueryRefused { status: 401, .. } => "unauthorized",
        ApiError::QueryRefused { .. } => "query_not_permitted",
        ApiError::QueryUrlMissing { .. } => "query_url_missing",
        ApiError::ServiceIdle { .. } => "service_idle",
        ApiError::ServiceStopped { .. } => "service_stopped",
        ApiError::UploadRejected { .. } => "upload_rejected",
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

#[cfg(test)]
mod tests {
    use super::CODES;

    /// String literals that end a `match` arm in this file, and the codes
    /// the login flows pass to `login_failed`.
    fn produced() -> Vec<String> {
        let mut found = Vec::new();
        for line in include_str!("error.rs").lines() {
            let line = line.trim();
            if let Some(rest) = line.split("=> \"").nth(1)
                && let Some(code) = rest.split('"').next()
                && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                found.push(code.to_owned());
            }
        }
        let flows = include_str!("oauth/flows.rs");
        for line in flows.lines() {
            let line = line.trim().trim_end_matches(',');
            if line.len() > 2
                && line.starts_with('"')
                && line.ends_with('"')
                && line[1..line.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            {
                found.push(line[1..line.len() - 1].to_owned());
            }
        }
        found
    }

    #[test]
    fn every_code_is_documented() {
        let produced = produced();
        assert!(produced.len() > 30, "{produced:?}");
        for code in produced {
            assert!(
                CODES.iter().any(|(known, _, _)| *known == code),
                "`{code}` is not in CODES"
            );
        }
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, _, _) in CODES {
            assert!(seen.insert(code), "{code} twice");
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }
}
