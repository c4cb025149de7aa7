//! Stored OAuth tokens, and keeping the access token fresh across processes.
//!
//! Refresh tokens rotate: each refresh revokes the one it used. Several `cloud`
//! processes started together must therefore not all refresh. The refresh runs under a
//! cross-process file lock, re-reads the store once it holds the lock (another process
//! may have refreshed already), and persists the new tokens before using them. The
//! login is cleared only when the server rejects the refresh token that is still stored,
//! never on a network error.

use std::fs::OpenOptions;
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{ClientId, RefreshToken, RequestTokenError, TokenResponse, TokenUrl};
use serde::{Deserialize, Serialize};

use crate::config::{Config, Paths, Storage, StoredOAuth};
use crate::credentials::{CredentialError, SecretStore};

const LOCK_WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    /// How long the access token lived when issued, to size the refresh margin.
    pub lifetime_secs: i64,
    pub token_endpoint: String,
    pub client_id: String,
}

pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Tokens {
    pub fn from_response(
        response: &impl TokenResponse,
        token_endpoint: &str,
        client_id: &str,
    ) -> Tokens {
        let lifetime = response
            .expires_in()
            .map(|d| d.as_secs() as i64)
            .unwrap_or(3600);
        Tokens {
            access_token: response.access_token().secret().clone(),
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
            expires_at: now() + lifetime,
            lifetime_secs: lifetime,
            token_endpoint: token_endpoint.to_owned(),
            client_id: client_id.to_owned(),
        }
    }

    /// Refresh 60 s before expiry, or halfway through a token that lives under two minutes.
    pub fn needs_refresh(&self, at: i64) -> bool {
        let margin = 60.min(self.lifetime_secs / 2);
        at >= self.expires_at - margin
    }
}

/// The keyring account (or file key) of a context's login with one issuer.
pub fn account(context: &str, issuer: &str) -> String {
    format!("oauth:{context}:{issuer}")
}

fn location(store: &SecretStore, storage: Storage) -> String {
    match storage {
        Storage::Keyring => "the OS keyring".into(),
        Storage::File => store.file_path().display().to_string(),
    }
}

pub async fn load(
    store: &SecretStore,
    context: &str,
    login: &StoredOAuth,
) -> Result<Tokens, CredentialError> {
    let text = store
        .load(&account(context, &login.issuer), login.storage)
        .await
        .map_err(CredentialError::Store)?
        .ok_or_else(|| CredentialError::LoginMissing {
            context: context.to_owned(),
            place: location(store, login.storage),
        })?;
    serde_json::from_str(&text).map_err(|e| CredentialError::LoginCorrupt {
        place: location(store, login.storage),
        detail: e.to_string(),
    })
}

/// Stores tokens and records the login in the context; returns where they went and,
/// after a keyring fallback, why.
pub async fn save(
    store: &SecretStore,
    paths: &Paths,
    context: &str,
    mut login: StoredOAuth,
    tokens: &Tokens,
) -> anyhow::Result<crate::credentials::store::Saved> {
    let text = serde_json::to_string(tokens)?;
    let saved = store.save(&account(context, &login.issuer), &text).await?;
    login.storage = saved.storage;
    let mut config = Config::load(paths)?;
    config.context_mut(context).oauth = Some(login);
    config.save(paths)?;
    Ok(saved)
}

/// Where a `--no-input` login waits for `--complete`; it holds the device code.
pub fn pending_path(paths: &Paths, context: &str) -> std::path::PathBuf {
    paths.dir.join(format!("pending-login-{context}.json"))
}

/// Removes the context's OAuth login: its tokens and its record in the configuration.
/// Returns whether anything was there.
pub async fn forget(store: &SecretStore, paths: &Paths, context: &str) -> anyhow::Result<bool> {
    let mut config = Config::load(paths)?;
    let login = config
        .contexts
        .get_mut(context)
        .and_then(|c| c.oauth.take());
    let had_tokens = match &login {
        Some(login) => store.delete(&account(context, &login.issuer)).await?,
        None => false,
    };
    if login.is_some() {
        config.save(paths)?;
    }
    Ok(login.is_some() || had_tokens)
}

/// Holds an exclusive lock on the context's refresh lock file until dropped.
struct RefreshLock {
    _file: std::fs::File,
}

async fn lock(paths: &Paths, context: &str) -> Result<RefreshLock, CredentialError> {
    let path = paths.dir.join(format!("oauth-refresh-{context}.lock"));
    let shown = path.display().to_string();
    let task = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        std::fs::create_dir_all(path.parent().unwrap_or(std::path::Path::new(".")))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        file.lock()?;
        Ok(file)
    });
    match tokio::time::timeout(LOCK_WAIT, task).await {
        Ok(Ok(Ok(file))) => Ok(RefreshLock { _file: file }),
        Ok(Ok(Err(e))) => Err(CredentialError::Store(anyhow::anyhow!(
            "could not lock {shown}: {e}"
        ))),
        Ok(Err(e)) => Err(CredentialError::Store(anyhow::anyhow!("{e}"))),
        Err(_) => Err(CredentialError::Store(anyhow::anyhow!(
            "another cloud process held {shown} for {} s while refreshing",
            LOCK_WAIT.as_secs()
        ))),
    }
}

/// A usable access token for the stored login, refreshing it if it is about to expire.
pub async fn fresh(
    http: &reqwest::Client,
    store: &SecretStore,
    paths: &Paths,
    context: &str,
    login: &StoredOAuth,
) -> Result<Tokens, CredentialError> {
    let tokens = load(store, context, login).await?;
    if !tokens.needs_refresh(now()) {
        return Ok(tokens);
    }
    let _lock = lock(paths, context).await?;
    // Another process may have refreshed while this one waited for the lock.
    let tokens = load(store, context, login).await?;
    if !tokens.needs_refresh(now()) {
        return Ok(tokens);
    }
    let Some(refresh_token) = tokens.refresh_token.clone() else {
        return Err(CredentialError::LoginExpired {
            reason: "the access token expired and the server gave no refresh token".into(),
        });
    };
    let token_url = TokenUrl::new(tokens.token_endpoint.clone()).map_err(|e| {
        CredentialError::LoginCorrupt {
            place: location(store, login.storage),
            detail: format!("bad token endpoint: {e}"),
        }
    })?;
    let client = BasicClient::new(ClientId::new(tokens.client_id.clone())).set_token_uri(token_url);
    let response = client
        .exchange_refresh_token(&RefreshToken::new(refresh_token.clone()))
        .request_async(http)
        .await;
    match response {
        Ok(response) => {
            let mut renewed =
                Tokens::from_response(&response, &tokens.token_endpoint, &tokens.client_id);
            // A server that does not rotate keeps the old refresh token valid.
            if renewed.refresh_token.is_none() {
                renewed.refresh_token = Some(refresh_token);
            }
            // Persist before use: the old refresh token is already revoked.
            save(store, paths, context, login.clone(), &renewed)
                .await
                .map_err(CredentialError::Store)?;
            Ok(renewed)
        }
        Err(RequestTokenError::ServerResponse(error))
            if *error.error() == BasicErrorResponseType::InvalidGrant =>
        {
            // Clear only if the rejected token is still the stored one.
            let current = load(store, context, login).await?;
            if current.refresh_token.as_deref() == Some(refresh_token.as_str()) {
                let _ = forget(store, paths, context).await;
            }
            Err(CredentialError::LoginExpired {
                reason: "the authorization server rejected the refresh token (expired or revoked)"
                    .into(),
            })
        }
        Err(error) => Err(CredentialError::Store(anyhow::anyhow!(
            "could not refresh the OAuth login (it is kept; try again): {}",
            describe_token_error(&error)
        ))),
    }
}

pub fn describe_token_error<RE: std::error::Error + 'static>(
    error: &RequestTokenError<RE, oauth2::StandardErrorResponse<BasicErrorResponseType>>,
) -> String {
    match error {
        RequestTokenError::ServerResponse(e) => match e.error_description() {
            Some(description) => format!("{}: {description}", e.error()),
            None => e.error().to_string(),
        },
        RequestTokenError::Request(e) => crate::api::error_chain(e),
        RequestTokenError::Parse(e, _) => format!("unexpected token response: {e}"),
        RequestTokenError::Other(e) => e.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(lifetime: i64, expires_at: i64) -> Tokens {
        Tokens {
            access_token: "a".into(),
            refresh_token: None,
            expires_at,
            lifetime_secs: lifetime,
            token_endpoint: "http://x/token".into(),
            client_id: "c".into(),
        }
    }

    #[test]
    fn hour_long_tokens_refresh_a_minute_early() {
        let t = tokens(3600, 10_000);
        assert!(!t.needs_refresh(10_000 - 61));
        assert!(t.needs_refresh(10_000 - 60));
    }

    #[test]
    fn short_tokens_refresh_halfway() {
        let t = tokens(4, 100);
        assert!(!t.needs_refresh(97));
        assert!(t.needs_refresh(98));
    }
}
