//! `cloud auth logout [--oauth | --api-keys]`

use serde_json::json;

use crate::app::App;
use crate::credentials::{self, api_key_account};
use crate::error::Result;
use crate::state::SecretStore;

#[derive(Debug, clap::Args)]
#[command(after_help = "Without --oauth or --api-keys, both are removed. \
Credentials given by flags or environment variables are not stored, so logout cannot remove them.\n\nExamples:\n  cloud auth logout\n  cloud auth logout --oauth --context staging")]
pub struct Args {
    /// Remove only the stored OAuth login
    #[arg(long, conflicts_with = "api_keys")]
    pub oauth: bool,

    /// Remove only the stored API key
    #[arg(long)]
    pub api_keys: bool,
}

pub async fn run(args: Args, app: &App) -> Result<()> {
    let both = !args.oauth && !args.api_keys;
    let settings = app.settings()?;
    let mut removed = Vec::new();
    // Taking the lock also removes temporary files a killed writer left behind.
    let locked = settings.paths.lock()?;
    if args.api_keys || both {
        let store = SecretStore::new(settings.paths.clone());
        let had_secret = store
            .delete(&locked, &api_key_account(&settings.context))
            .await?;
        let had_config = locked.update_config(|config| {
            config
                .contexts
                .get_mut(&settings.context)
                .and_then(|c| c.api_key.take())
                .is_some()
        })?;
        if had_secret || had_config {
            removed.push("api-key");
        }
    }
    if args.oauth || both {
        let forgotten =
            crate::state::tokens::forget(&locked, &app.secret_store(&settings), &settings.context)
                .await?;
        // A login started with --no-input and never completed goes too.
        let pending = locked.remove(&settings.paths.pending_login_file(&settings.context))?;
        if pending || forgotten {
            removed.push("oauth");
        }
    }
    drop(locked);

    if app.out.json {
        app.out
            .json_value(&json!({ "context": settings.context, "removed": removed }));
    } else if removed.is_empty() {
        app.out.notice(&format!(
            "Nothing stored for context `{}`.",
            settings.context
        ));
    } else {
        let what: Vec<&str> = removed
            .iter()
            .map(|r| {
                if *r == "oauth" {
                    "OAuth login"
                } else {
                    "API key"
                }
            })
            .collect();
        app.out.notice(&format!(
            "Removed the stored {} of context `{}`.",
            what.join(" and the "),
            settings.context
        ));
    }
    for name in [credentials::API_KEY_ENV, credentials::ACCESS_TOKEN_ENV] {
        if credentials::env_var(name).is_some() {
            app.out.warn(&format!(
                "{name} is still set in the environment and will still be used"
            ));
        }
    }
    Ok(())
}
