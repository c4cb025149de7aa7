//! `cloud auth status`: every place a credential can come from, in resolution order.
//!
//! It reads flags, environment, configuration and the stored login's expiry, and never
//! prints a secret. The network is used for one thing only: when the active credential is
//! an API key, its role is learnt from the API (or from the ten-minute cache), as a Write
//! command would, so the table says whether the key may write.

use serde::Serialize;
use serde_json::json;

use crate::access::Access;
use crate::api::ReadApi;
use crate::api::role::RoleLookup;
use crate::app::App;
use crate::config::Storage;
use crate::credentials::{ACCESS_TOKEN_ENV, API_KEY_ENV, API_SECRET_ENV, Inputs, Secret};
use crate::error::{Error, Result};
use crate::oauth::identity::IdentitySource;
use crate::output::{Column, list_table};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
OAuth logins and tokens are read-only, like API keys clamped with --read-only. Write access needs
an API key: `cloud auth login --api-key <KEY_ID>`, or CLICKHOUSE_CLOUD_API_KEY and
CLICKHOUSE_CLOUD_API_SECRET.

Exits 4 when no credential can be used, so scripts can check `cloud auth status >/dev/null`.\n\nExamples:\n  cloud auth status\n  cloud auth status --json --jq .active")]
pub struct Args {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum State {
    Active,
    Outranked,
    Incomplete,
    /// Stored, but its store cannot be used (corrupt, shared, a symlink).
    Unusable,
    Absent,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    source: &'static str,
    description: String,
    state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    access: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    /// `keyring` or `file`, for stored credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    storage: Option<String>,
    /// Who the OAuth login is (email, else subject).
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<String>,
    /// Where the OAuth identity was read: `id_token` or `userinfo`.
    #[serde(skip_serializing_if = "Option::is_none")]
    identity_source: Option<IdentitySource>,
    /// When the OAuth access token expires (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    /// The active API key's role, as the API names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    /// Why the active API key's role is not known (then the API decides each write).
    #[serde(skip_serializing_if = "Option::is_none")]
    role_unknown: Option<String>,
}

pub async fn run(_args: Args, app: &App) -> Result<()> {
    let settings = app.settings()?;
    let inputs = app.credential_inputs(&settings);
    let clamped = inputs.clamp.is_some();
    let key_access = if clamped {
        "read-only (clamped)"
    } else {
        "read/write"
    };
    let token_access = "read-only";

    let pair = |key: &Option<String>,
                secret: &Option<String>,
                key_name: &str,
                secret_name: &str| match (key, secret) {
        (Some(key), Some(_)) => (State::Active, Some(format!("key {key}"))),
        (Some(_), None) => (State::Incomplete, Some(format!("{secret_name} is missing"))),
        (None, Some(_)) => (State::Incomplete, Some(format!("{key_name} is missing"))),
        (None, None) => (State::Absent, None),
    };
    let mut rows = Vec::new();
    let (state, detail) = pair(
        &inputs.flag_key,
        &inputs.flag_secret,
        "--api-key",
        "--api-secret",
    );
    rows.push(Row {
        source: "flags",
        description: "--api-key/--api-secret".into(),
        state,
        access: Some(key_access),
        detail,
        storage: None,
        identity: None,
        identity_source: None,
        expires_at: None,
        role: None,
        role_unknown: None,
    });
    let (state, detail) = pair(
        &inputs.env_key,
        &inputs.env_secret,
        API_KEY_ENV,
        API_SECRET_ENV,
    );
    rows.push(Row {
        source: "environment",
        description: format!("{API_KEY_ENV}/{API_SECRET_ENV}"),
        state,
        access: Some(key_access),
        detail,
        storage: None,
        identity: None,
        identity_source: None,
        expires_at: None,
        role: None,
        role_unknown: None,
    });
    rows.push(stored_key_row(&settings, &inputs, key_access));
    rows.push(Row {
        source: "access-token",
        description: ACCESS_TOKEN_ENV.into(),
        state: if inputs.env_token.is_some() {
            State::Active
        } else {
            State::Absent
        },
        access: Some(token_access),
        detail: inputs
            .env_token
            .as_ref()
            .map(|_| "OAuth access token".into()),
        storage: None,
        identity: None,
        identity_source: None,
        expires_at: None,
        role: None,
        role_unknown: None,
    });
    rows.push(oauth_row(app, &settings, &inputs).await);

    // A credentials file that cannot be used is said here, naming the file and the line,
    // rather than reported as an active source that every command would then fail on.
    let file_problem = app.secret_store(&settings).check_file().err();
    if let Some(problem) = &file_problem {
        for row in rows
            .iter_mut()
            .filter(|r| r.storage.as_deref() == Some("file") && r.state != State::Absent)
        {
            row.state = State::Unusable;
            row.detail = Some(problem.to_string());
        }
    }

    // Resolution takes the first usable source; an incomplete pair ahead of it is an error.
    let mut active = None;
    for (index, row) in rows.iter_mut().enumerate() {
        match (row.state, active) {
            (State::Incomplete | State::Unusable, None) => {
                active = Some(Err(index));
            }
            (State::Active, None) => active = Some(Ok(index)),
            (State::Active, Some(_)) => row.state = State::Outranked,
            (State::Incomplete | State::Unusable | State::Absent | State::Outranked, _) => {}
        }
    }
    for row in rows.iter_mut().filter(|r| r.state == State::Absent) {
        row.access = None;
    }

    let active_source = match active {
        Some(Ok(index)) => Some(rows[index].source),
        Some(Err(_)) | None => None,
    };
    if let Some(Ok(index)) = active
        && matches!(
            rows[index].source,
            "flags" | "environment" | "stored-api-key"
        )
    {
        key_role(app, &settings, &inputs, &mut rows[index]).await;
    }
    if app.out.json {
        app.out.json_value(&json!({
            "context": settings.context,
            "contextSource": settings.context_source,
            "apiUrl": settings.api_url,
            "readOnlyClamp": inputs.clamp.as_ref().map(|c| c.to_string()),
            "active": active_source,
            "sources": rows,
        }));
    } else {
        app.out.table(&list_table(
            &[
                Column::text("source", 0),
                Column::ranked("state", 1),
                Column::ranked("access", 1),
                Column::text("detail", 2),
            ],
            rows.iter().map(|r| {
                vec![
                    r.description.clone(),
                    serde_json::to_value(r.state)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    r.access.map(|a| format!("[{a}]")).unwrap_or_default(),
                    r.detail.clone().unwrap_or_default(),
                ]
            }),
        ));
        app.out.notice(&format!(
            "Context: {} (active because {})   API URL: {}",
            settings.context,
            settings.context_source.describe(),
            settings.api_url
        ));
        if let Some(clamp) = &inputs.clamp {
            app.out.notice(&format!(
                "Every credential is clamped to read-only by {clamp}."
            ));
        }
    }
    if let Some(problem) = file_problem {
        return Err(problem.into());
    }
    match active {
        Some(Ok(_)) => Ok(()),
        Some(Err(_)) | None => {
            let error = crate::app::resolve(
                &inputs,
                &app.secret_store(&settings),
                app.http()?,
                &settings.paths,
                Access::Read,
            )
            .await
            .err()
            .unwrap_or_else(|| Error::Usage("no usable credential".into()));
            Err(error)
        }
    }
}

/// Learns the active API key's role (as a Write command would) and shows it in its row.
async fn key_role(app: &App, settings: &crate::app::Settings, inputs: &Inputs, row: &mut Row) {
    let Ok(http) = app.http() else { return };
    let store = app.secret_store(settings);
    let Ok(credential) =
        crate::app::resolve(inputs, &store, http, &settings.paths, Access::Write).await
    else {
        return;
    };
    let Secret::ApiKey { key_id, .. } = &credential.secret else {
        return;
    };
    let read = ReadApi::new(
        http.clone(),
        &settings.api_url,
        &credential,
        app.global.debug,
    );
    let (lookup, cached) = app.key_role(settings, &read, key_id).await;
    let mut detail = row.detail.take().unwrap_or_default();
    match lookup {
        RoleLookup::Found(role) => {
            detail.push_str(&format!(
                ", role {}{}",
                role.name,
                if cached { " (cached)" } else { "" }
            ));
            match role.writes {
                Some(false) => {
                    row.access = Some("read-only (clamped)");
                    detail.push_str(": may only read, so writes are refused before sending");
                }
                None => detail.push_str(": not a system role cloud knows; the API decides"),
                Some(true) => {}
            }
            row.role = Some(role.name);
        }
        RoleLookup::Unknown(why) => {
            detail.push_str(&format!(", role unknown ({why}); the API decides"));
            row.role_unknown = Some(why);
        }
    }
    row.detail = Some(detail);
}

/// Where a stored credential lives, as a person reads it.
fn place(settings: &crate::app::Settings, storage: Storage) -> String {
    match storage {
        Storage::Keyring => "the OS keyring".to_owned(),
        Storage::File => format!("the file {}", settings.paths.credentials_file().display()),
    }
}

fn stored_key_row(
    settings: &crate::app::Settings,
    inputs: &Inputs,
    key_access: &'static str,
) -> Row {
    let configured = settings
        .config
        .context(&settings.context)
        .and_then(|c| c.api_key.clone());
    let (state, detail, storage) = match (&inputs.stored_key, configured) {
        (Some(key), _) => (
            State::Active,
            Some(format!(
                "key {} in {}",
                key.key_id,
                place(settings, key.storage)
            )),
            Some(key.storage.to_string()),
        ),
        (None, Some(key)) => (
            State::Absent,
            Some(format!(
                "key {} is for {}, not {} (never sent elsewhere)",
                key.key_id, key.api_url, settings.api_url
            )),
            Some(key.storage.to_string()),
        ),
        (None, None) => (State::Absent, None, None),
    };
    Row {
        source: "stored-api-key",
        description: format!("API key stored for context `{}`", settings.context),
        state,
        access: Some(key_access),
        detail,
        storage,
        identity: None,
        identity_source: None,
        expires_at: None,
        role: None,
        role_unknown: None,
    }
}

async fn oauth_row(app: &App, settings: &crate::app::Settings, inputs: &Inputs) -> Row {
    let configured = settings
        .config
        .context(&settings.context)
        .and_then(|c| c.oauth.clone());
    let mut row = Row {
        source: "oauth",
        description: format!("OAuth login of context `{}`", settings.context),
        state: State::Absent,
        access: Some("read-only"),
        detail: None,
        storage: configured.as_ref().map(|l| l.storage.to_string()),
        identity: configured.as_ref().map(|l| l.identity()),
        identity_source: configured.as_ref().and_then(|l| l.identity_source),
        expires_at: None,
        role: None,
        role_unknown: None,
    };
    match (&inputs.oauth_login, configured) {
        (Some(login), _) => {
            let store = app.secret_store(settings);
            match crate::oauth::tokens::load(&store, &settings.context, login).await {
                Ok(tokens) => {
                    row.state = State::Active;
                    row.detail = Some(format!(
                        "{}{} via {}, {}, in {}",
                        login.identity(),
                        login
                            .identity_source
                            .map(|s| format!(" (identity from {})", s.describe()))
                            .unwrap_or_default(),
                        login.issuer,
                        expiry(tokens.expires_at, tokens.refresh_token.is_some()),
                        place(settings, login.storage)
                    ));
                    row.expires_at = jiff::Timestamp::from_second(tokens.expires_at)
                        .ok()
                        .map(|t| t.to_string());
                }
                Err(e) => {
                    row.state = State::Incomplete;
                    row.detail = Some(e.to_string());
                }
            }
        }
        (None, Some(login)) => {
            row.detail = Some(format!(
                "{} is logged in to {}, not {}",
                login.identity(),
                login.api_url,
                settings.api_url
            ));
        }
        (None, None) => {}
    }
    row
}

fn expiry(expires_at: i64, refreshable: bool) -> String {
    let left = expires_at - crate::oauth::tokens::now();
    let when = if left <= 0 {
        "access token expired".to_owned()
    } else if left < 120 {
        format!("access token expires in {left} s")
    } else {
        format!("access token expires in {} min", left / 60)
    };
    if refreshable {
        format!("{when} (refreshed automatically)")
    } else {
        when
    }
}
