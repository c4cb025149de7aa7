//! OAuth tokens at rest: JSON stored as a secret under `oauth:<context>:<issuer>`, with the
//! public half of the login (issuer, API URL, identity) in the context's settings.
//! Refreshing them is `crate::oauth::tokens`'s job; storing them is this module's.

use serde::{Deserialize, Serialize};

use super::secrets::Saved;
use super::{Locked, SecretStore, StateError, Storage, StoredOAuth};

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

impl Tokens {
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

/// Where a login's tokens rest, as a person reads it.
pub fn location(store: &SecretStore, storage: Storage) -> String {
    match storage {
        Storage::Keyring => "the OS keyring".into(),
        Storage::File => store.file_path().display().to_string(),
    }
}

/// The stored JSON of a login's tokens, if any.
pub async fn read(
    store: &SecretStore,
    context: &str,
    login: &StoredOAuth,
) -> Result<Option<String>, StateError> {
    store
        .load(&account(context, &login.issuer), login.storage)
        .await
}

/// Stores tokens and records the login in the context; returns where they went and,
/// after a keyring fallback, why.
pub async fn save(
    locked: &Locked,
    store: &SecretStore,
    context: &str,
    mut login: StoredOAuth,
    tokens: &Tokens,
) -> Result<Saved, StateError> {
    let text = serde_json::to_string(tokens).map_err(|e| StateError::Encode {
        what: "the OAuth tokens",
        detail: e.to_string(),
    })?;
    let saved = store
        .save(locked, &account(context, &login.issuer), &text)
        .await?;
    login.storage = saved.storage;
    locked.update_config(|config| config.context_mut(context).oauth = Some(login))?;
    Ok(saved)
}

/// Removes the context's OAuth login: its tokens and its record in the settings.
/// Returns whether anything was there.
pub async fn forget(
    locked: &Locked,
    store: &SecretStore,
    context: &str,
) -> Result<bool, StateError> {
    let login = locked.update_config(|config| {
        config
            .contexts
            .get_mut(context)
            .and_then(|c| c.oauth.take())
    })?;
    let had_tokens = match &login {
        Some(login) => {
            store
                .delete(locked, &account(context, &login.issuer))
                .await?
        }
        None => false,
    };
    Ok(login.is_some() || had_tokens)
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
