//! `cloud context rename OLD NEW`

use serde_json::json;

use crate::app::App;
use crate::credentials::api_key_account;
use crate::error::{Error, Result};
use crate::state::{Config, FileLock, Locked, Paths, SecretStore, Storage, tokens};

/// As long as a refresh may hold its lock (`oauth::tokens`).
const REFRESH_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Moves the context's settings and its stored API key and OAuth login (in the OS keyring or the
credentials file, wherever they are) to the new name, and keeps it active if it was. Refused if
NEW exists. Nothing is sent.

Examples:
  cloud context rename default prod
  cloud context rename staging stage --json")]
pub struct Args {
    /// The context's name now
    #[arg(value_name = "OLD", value_parser = crate::cli::context_name)]
    pub old: String,

    /// Its new name
    #[arg(value_name = "NEW", value_parser = crate::cli::context_name)]
    pub new: String,
}

pub async fn run(args: Args, app: &App) -> Result<()> {
    let (old, new) = (args.old, args.new);
    let paths = Paths::from_env()?;
    // A refresh of the old context's tokens finishing after the move would be lost (its
    // context gone) with the rotated token: wait for it. Refresh lock first, as the lock
    // order requires.
    let has_login = Config::load(&paths)?
        .context(&old)
        .is_some_and(|c| c.oauth.is_some());
    let _refresh = match has_login {
        true => Some(FileLock::acquire(
            &paths.refresh_lock_file(&old),
            REFRESH_WAIT,
        )?),
        false => None,
    };
    let locked = paths.lock()?;
    // Read under the lock: nothing changes between the checks and the move.
    let config = Config::load(&paths)?;
    let Some(mut context) = config.context(&old).cloned() else {
        return Err(super::unknown_to_rename(&old, &config));
    };
    if config.context(&new).is_some() {
        return Err(Error::Usage(format!(
            "there is already a context `{new}`; pick another name, or delete it first with \
             `cloud context delete {new}`"
        )));
    }
    if old == new {
        return Err(Error::Usage(format!(
            "the context is already named `{new}`"
        )));
    }

    // Copy the secrets first, then switch the settings, then remove the old copies: a crash
    // at any point leaves a context that works.
    let mut moved = Vec::new();
    let mut stale = Vec::new();
    if let Some(key) = &mut context.api_key {
        let (from, to) = (api_key_account(&old), api_key_account(&new));
        if let Some(storage) = copy(&locked, &paths, &from, &to, key.storage, app).await? {
            key.storage = storage;
            moved.push("api-key");
        }
        stale.push(from);
    }
    if let Some(login) = &mut context.oauth {
        let from = tokens::account(&old, &login.issuer);
        let to = tokens::account(&new, &login.issuer);
        if let Some(storage) = copy(&locked, &paths, &from, &to, login.storage, app).await? {
            login.storage = storage;
            moved.push("oauth");
        }
        stale.push(from);
    }
    let was_active = locked.update_config(|config| {
        config.contexts.remove(&old);
        config.contexts.insert(new.clone(), context);
        let was_active = config.active_context.as_deref() == Some(old.as_str());
        if was_active {
            config.active_context = Some(new.clone());
        }
        was_active
    })?;
    let everywhere = SecretStore::new(paths.clone());
    for account in stale {
        everywhere.delete(&locked, &account).await?;
    }
    // A login started with --no-input and not completed yet follows the context.
    locked.rename(
        &paths.pending_login_file(&old),
        &paths.pending_login_file(&new),
    )?;
    drop(locked);

    if app.global.context.as_deref() == Some(old.as_str()) {
        app.out.warn(&format!(
            "--context or CLOUD_CONTEXT still names `{old}`, which no longer exists; use `{new}`"
        ));
    }
    if app.out.json {
        app.out.json_value(&json!({
            "renamed": { "from": old, "to": new },
            "moved": moved,
            "active": was_active,
        }));
    } else {
        let with = match moved.as_slice() {
            [] => String::new(),
            ["api-key"] => " and its stored API key".into(),
            ["oauth"] => " and its stored OAuth login".into(),
            _ => " and its stored API key and OAuth login".into(),
        };
        app.out.notice(&format!(
            "Renamed context `{old}` to `{new}`{with}{}.",
            if was_active {
                "; it is still the active context"
            } else {
                ""
            }
        ));
    }
    Ok(())
}

/// Copies a secret to its new account, in the same store where it can; returns where it
/// went, or `None` when there was no secret to copy.
async fn copy(
    locked: &Locked,
    paths: &Paths,
    from: &str,
    to: &str,
    storage: Storage,
    app: &App,
) -> Result<Option<Storage>> {
    let store = SecretStore::new(paths.clone()).file_only(storage == Storage::File);
    let Some(secret) = store.load(from, storage).await? else {
        return Ok(None);
    };
    let saved = store.save(locked, to, &secret).await?;
    if storage == Storage::Keyring
        && let Some(reason) = &saved.fallback_reason
    {
        app.out.warn(&format!(
            "moved a secret from the OS keyring to {} ({reason})",
            store.file_path().display()
        ));
    }
    Ok(Some(saved.storage))
}
