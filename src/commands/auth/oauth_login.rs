//! The OAuth half of `cloud auth login`: device flow, browser flow, and the two-step
//! login for agents (`--no-input`, then `--complete`).

use std::path::PathBuf;
use std::time::Duration;

use oauth2::StandardDeviceAuthorizationResponse;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::login::Args;
use crate::app::{App, Settings};
use crate::config::{Storage, StoredOAuth};
use crate::error::{Error, Result};
use crate::oauth::flows::LoginTokenResponse;
use crate::oauth::tokens::{self, Tokens};
use crate::oauth::{Endpoints, browser, endpoints, flows, identity};

/// A device login started by `--no-input`, waiting for `--complete`. It holds the
/// device code, so it is written like a secret (0600) and removed once used.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    api_url: String,
    endpoints: Endpoints,
    device: StandardDeviceAuthorizationResponse,
    requested_at: i64,
}

fn pending_path(settings: &Settings) -> PathBuf {
    settings.paths.pending_login_file(&settings.context)
}

pub async fn run(args: &Args, app: &App) -> Result<()> {
    // Waiting for a person who is not there would hang CI and agents until the code expires.
    if !args.no_input && !args.complete && !crate::agent::person_may_approve() {
        return Err(Error::NeedsPerson(format!(
            "`cloud auth login` waits for a person to approve in a browser, and there is none here ({}); \
             nothing was started",
            crate::agent::why_no_person()
        )));
    }
    let mut interrupt = flows::Interrupt::arm()?;
    let settings = app.settings()?;
    let http = app.http()?;
    if args.complete {
        return complete(args, app, &settings, &mut interrupt).await;
    }
    let resolved = endpoints::resolve(
        http,
        &settings.api_url,
        settings.config.context(&settings.context),
    )
    .await?;
    app.debug(&format!("OAuth endpoints: {}", resolved.endpoints_from));
    app.debug(&format!("OAuth client id from {}", resolved.client_id_from));
    let endpoints = resolved.endpoints;
    debug_endpoints(app, &endpoints);

    if args.no_input {
        return start_for_agent(app, &settings, endpoints).await;
    }
    let response = if args.web && (browser::available() || args.no_browser) {
        flows::web_login(
            http,
            &endpoints,
            |url| {
                if !args.no_browser && browser::open(url) {
                    app.out
                        .notice("Opening your browser to log in. If it does not open, visit:");
                } else {
                    app.out
                        .notice("Open this address in a browser on this machine to log in:");
                }
                app.out.notice(&format!("  {url}"));
            },
            &mut interrupt,
        )
        .await?
    } else {
        if args.web {
            app.out.notice(
                "note: no browser can be opened here (no display, or an SSH session); \
                 using a one-time code instead.",
            );
        }
        let device = flows::request_device_code(http, &endpoints).await?;
        show_code(app, &device, !args.no_browser);
        flows::poll_device(
            http,
            &endpoints,
            &device,
            device.expires_in(),
            &mut interrupt,
        )
        .await?
    };
    finish(args, app, &settings, &endpoints, &response).await
}

/// `--debug`: who `cloud` is to which authorization server (nothing here is secret).
fn debug_endpoints(app: &App, endpoints: &Endpoints) {
    app.debug(&format!("OAuth issuer: {}", endpoints.issuer));
    app.debug(&format!("OAuth client id: {}", endpoints.client_id));
    app.debug(&format!(
        "OAuth audience: {}",
        endpoints.audience.as_deref().unwrap_or("(none)")
    ));
    app.debug(&format!(
        "OAuth token endpoint: {}",
        endpoints.token_endpoint
    ));
}

fn show_code(app: &App, device: &StandardDeviceAuthorizationResponse, may_open: bool) {
    let uri = device.verification_uri().to_string();
    let direct = device
        .verification_uri_complete()
        .map(|u| u.secret().clone())
        .unwrap_or_else(|| uri.clone());
    app.out.notice(&format!(
        "First copy your one-time code: {}",
        device.user_code().secret()
    ));
    if may_open && browser::available() && browser::open(&direct) {
        app.out.notice(&format!(
            "Opened {uri} in your browser; enter the code there."
        ));
    } else {
        app.out
            .notice(&format!("Then open {uri} in a browser and enter the code."));
    }
    app.out.notice("Waiting for approval (Ctrl-C to cancel)…");
}

async fn start_for_agent(app: &App, settings: &Settings, endpoints: Endpoints) -> Result<()> {
    let device = flows::request_device_code(app.http()?, &endpoints).await?;
    let pending = Pending {
        api_url: settings.api_url.clone(),
        endpoints,
        device,
        requested_at: tokens::now(),
    };
    let text = serde_json::to_vec(&pending).map_err(anyhow::Error::from)?;
    settings
        .paths
        .lock()?
        .write_private(&pending_path(settings), &text)?;
    let complete = complete_command(app, settings);
    let device = &pending.device;
    let uri = device.verification_uri().to_string();
    let direct = device
        .verification_uri_complete()
        .map(|u| u.secret().clone());
    if app.out.json {
        app.out.json_value(&json!({
            "verificationUri": uri,
            "verificationUriComplete": direct,
            "userCode": device.user_code().secret(),
            "expiresIn": device.expires_in().as_secs(),
            "completeCommand": complete,
            "access": "read-only",
        }));
    } else {
        app.out.line(&format!(
            "Open {} and enter the code {} (valid for {} minutes).\nThen run: {complete}",
            direct.as_deref().unwrap_or(&uri),
            device.user_code().secret(),
            device.expires_in().as_secs().div_ceil(60)
        ));
    }
    Ok(())
}

/// The exact command that completes the login, with the flags that select where.
fn complete_command(app: &App, settings: &Settings) -> String {
    let mut command = "cloud auth login --complete".to_owned();
    if let Some(url) = &app.global.api_url {
        command.push_str(&format!(" --api-url {url}"));
    }
    if app.global.context.is_some() {
        command.push_str(&format!(" --context {}", settings.context));
    }
    command
}

async fn complete(
    args: &Args,
    app: &App,
    settings: &Settings,
    interrupt: &mut flows::Interrupt,
) -> Result<()> {
    let path = pending_path(settings);
    let Some(text) = crate::state::files::read(&path, crate::state::files::Kind::Secret)? else {
        return Err(Error::Usage(format!(
            "no login is waiting for context `{}`; start one with `cloud auth login --no-input`",
            settings.context
        )));
    };
    let pending: Pending = serde_json::from_str(&text).map_err(|e| {
        Error::Other(anyhow::anyhow!(
            "{} is corrupt ({e}); start again with `cloud auth login --no-input`",
            path.display()
        ))
    })?;
    if pending.api_url != settings.api_url {
        return Err(Error::Usage(format!(
            "the waiting login is for {}, not {}; pass --api-url {}",
            pending.api_url, settings.api_url, pending.api_url
        )));
    }
    let elapsed = (tokens::now() - pending.requested_at).max(0) as u64;
    let remaining = pending
        .device
        .expires_in()
        .saturating_sub(Duration::from_secs(elapsed));
    debug_endpoints(app, &pending.endpoints);
    app.out.notice(&format!(
        "Waiting for approval of code {} (Ctrl-C to stop waiting)…",
        pending.device.user_code().secret()
    ));
    let result = flows::poll_device(
        app.http()?,
        &pending.endpoints,
        &pending.device,
        remaining,
        interrupt,
    )
    .await;
    // Interrupted: the code may still be approved, so keep it for another --complete.
    if !matches!(result, Err(flows::LoginError::Interrupted)) {
        settings.paths.lock()?.remove(&path)?;
    }
    let response = result?;
    finish(args, app, settings, &pending.endpoints, &response).await
}

async fn finish(
    args: &Args,
    app: &App,
    settings: &Settings,
    endpoints: &Endpoints,
    response: &LoginTokenResponse,
) -> Result<()> {
    let http = app.http()?;
    let tokens = Tokens::from_response(response, &endpoints.token_endpoint, &endpoints.client_id);
    let from_token = identity::from_id_token(flows::id_token(response), endpoints, tokens::now());
    let (identity, notes) = identity::choose(from_token, || {
        identity::userinfo(http, endpoints, &tokens.access_token)
    })
    .await;
    for note in notes {
        app.debug(&format!("identity: {note}"));
    }
    app.debug(&format!(
        "identity read from {}",
        identity
            .source
            .map(|s| s.to_string())
            .unwrap_or_else(|| "nowhere (unknown user)".into())
    ));
    let login = StoredOAuth {
        issuer: endpoints.issuer.clone(),
        api_url: settings.api_url.clone(),
        storage: Storage::Keyring,
        email: identity.email,
        subject: identity.subject,
        username: identity.username,
        identity_source: identity.source,
    };
    let store = app.secret_store(settings).file_only(args.insecure_storage);
    let locked = settings.paths.lock()?;
    let saved =
        crate::state::tokens::save(&locked, &store, &settings.context, login.clone(), &tokens)
            .await?;
    drop(locked);
    if let Some(reason) = &saved.fallback_reason {
        app.out.notice(&format!(
            "notice: the login is stored in {} (readable only by you), because {reason}",
            store.file_path().display()
        ));
    }
    if app.out.json {
        app.out.json_value(&json!({
            "context": settings.context,
            "apiUrl": settings.api_url,
            "issuer": endpoints.issuer,
            "identity": login.identity(),
            "email": login.email,
            "subject": login.subject,
            "identitySource": login.identity_source,
            "access": "read-only",
            "storage": saved.storage.to_string(),
        }));
    } else {
        app.out.notice(&format!(
            "Logged in to {} as {} (context `{}`, stored in the {}).",
            settings.api_url,
            login.identity(),
            settings.context,
            saved.storage
        ));
    }
    app.out.notice(
        "OAuth access is read-only. To change resources, use an API key: \
         `cloud auth login --api-key <KEY_ID>` or CLICKHOUSE_CLOUD_API_KEY/CLICKHOUSE_CLOUD_API_SECRET.",
    );
    Ok(())
}
