//! Keeping the OAuth access token fresh across processes.
//!
//! Refresh tokens rotate: each refresh revokes the one it used. Several `cloud`
//! processes started together must therefore not all refresh. The refresh runs under the
//! context's refresh lock, re-reads the stored tokens once it holds it (another process
//! may have refreshed already), and saves the new tokens, under the state lock, before
//! using them. The login is cleared only when the server rejects the refresh token that
//! is still stored, never on a network error. Storage itself is `crate::state::tokens`.

use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{ClientId, RefreshToken, RequestTokenError, TokenResponse, TokenUrl};

use crate::state::tokens::{self as stored, location};
pub use crate::state::tokens::{Tokens, account};
use crate::state::{Config, FileLock, Paths, SecretStore, StateError, StoredOAuth};

/// A refresh is one HTTP exchange; another process's may take this long.
const REFRESH_LOCK_WAIT: Duration = Duration::from_secs(30);

/// Why a stored login could not give a usable token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("no OAuth login is stored for context `{context}` in {place}; run `cloud auth login`")]
    Missing { context: String, place: String },

    #[error(
        "the OAuth login stored in {place} is corrupt ({detail}); run `cloud auth logout --oauth`, then `cloud auth login`"
    )]
    Corrupt { place: String, detail: String },

    #[error("the OAuth login has expired: {reason}. Run `cloud auth login` to log in again")]
    Expired { reason: String },

    /// The refresh could not be completed (network, server error); the login is kept.
    #[error("could not refresh the OAuth login (it is kept; try again): {0}")]
    Refresh(String),

    #[error(transparent)]
    State(#[from] StateError),
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
}

pub async fn load(
    store: &SecretStore,
    context: &str,
    login: &StoredOAuth,
) -> Result<Tokens, TokenError> {
    let text = stored::read(store, context, login)
        .await?
        .ok_or_else(|| TokenError::Missing {
            context: context.to_owned(),
            place: location(store, login.storage),
        })?;
    let tokens: Tokens = serde_json::from_str(&text).map_err(|e| TokenError::Corrupt {
        place: location(store, login.storage),
        detail: e.to_string(),
    })?;
    // The access token is registered when it becomes a credential; the refresh token
    // never does, so it is registered here, before anything can echo it.
    if let Some(refresh) = &tokens.refresh_token {
        crate::redact::register(refresh);
    }
    Ok(tokens)
}

/// A usable access token for the stored login, refreshing it if it is about to expire.
pub async fn fresh(
    http: &reqwest::Client,
    store: &SecretStore,
    paths: &Paths,
    context: &str,
    login: &StoredOAuth,
) -> Result<Tokens, TokenError> {
    let tokens = load(store, context, login).await?;
    if !tokens.needs_refresh(now()) {
        return Ok(tokens);
    }
    let _refresh_lock = FileLock::acquire(&paths.refresh_lock_file(context), REFRESH_LOCK_WAIT)?;
    // Another process may have refreshed while this one waited for the lock.
    let tokens = load(store, context, login).await?;
    if !tokens.needs_refresh(now()) {
        return Ok(tokens);
    }
    let Some(refresh_token) = tokens.refresh_token.clone() else {
        return Err(TokenError::Expired {
            reason: "the access token expired and the server gave no refresh token".into(),
        });
    };
    let token_url =
        TokenUrl::new(tokens.token_endpoint.clone()).map_err(|e| TokenError::Corrupt {
            place: location(store, login.storage),
            detail: format!("bad token endpoint: {e}"),
        })?;
    let client = BasicClient::new(ClientId::new(tokens.client_id.clone())).set_token_uri(token_url);
    let response = client
        .exchange_refresh_token(&RefreshToken::new(refresh_token.clone()))
        .request_async(&super::http::Capped(http))
        .await;
    match response {
        Ok(response) => {
            let mut renewed =
                Tokens::from_response(&response, &tokens.token_endpoint, &tokens.client_id);
            // A server that does not rotate keeps the old refresh token valid.
            if renewed.refresh_token.is_none() {
                renewed.refresh_token = Some(refresh_token.clone());
            }
            // Persist before use: the old refresh token is already revoked. The state
            // lock is taken after the refresh lock, never the other way round.
            let locked = paths.lock()?;
            // Another process may have logged out or logged in again during the exchange:
            // its change stands. A logout ends this command too; a newer login keeps its
            // own tokens, and this command uses the renewed ones without storing them.
            let Some(current) = Config::load(paths)?
                .context(context)
                .and_then(|c| c.oauth.clone())
            else {
                return Err(TokenError::Missing {
                    context: context.to_owned(),
                    place: "the configuration (it was logged out during the refresh)".into(),
                });
            };
            let stored_refresh = match load(store, context, &current).await {
                Ok(stored) => stored.refresh_token,
                Err(TokenError::Missing { .. }) => None,
                Err(other) => return Err(other),
            };
            if current.issuer == login.issuer && stored_refresh.as_deref() == Some(&refresh_token) {
                stored::save(&locked, store, context, current, &renewed).await?;
            }
            Ok(renewed)
        }
        Err(RequestTokenError::ServerResponse(error))
            if *error.error() == BasicErrorResponseType::InvalidGrant =>
        {
            // Clear only if the rejected token is still the stored one.
            let locked = paths.lock()?;
            let current = load(store, context, login).await?;
            if current.refresh_token.as_deref() == Some(refresh_token.as_str()) {
                stored::forget(&locked, store, context).await?;
            }
            Err(TokenError::Expired {
                reason: "the authorization server rejected the refresh token (expired or revoked)"
                    .into(),
            })
        }
        Err(error) => Err(TokenError::Refresh(describe_token_error(&error))),
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
