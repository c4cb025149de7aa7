//! `cloud auth logout [--oauth | --api-keys]`

use serde_json::json;

use crate::app::App;
use crate::credentials::{self, SecretStore, api_key_account};
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "Without --oauth or --api-keys, both are removed. \
Credentials given by flags or environment variables are not stored, so logout cannot remove them.")]
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
    if args.api_keys || both {
        let store = SecretStore::new(settings.paths.clone());
        let had_secret = store.delete(&api_key_account(&settings.context)).await?;
        let mut config = settings.config.clone();
        let had_config = config
            .contexts
            .get_mut(&settings.context)
            .and_then(|c| c.api_key.take())
            .is_some();
        if had_config {
            config.save(&settings.paths)?;
        }
        if had_secret || had_config {
            removed.push("api-key");
        }
    }
    // OAuth logins are not stored by this version, so there is nothing to remove.

    if app.out.json {
        app.out
            .json_value(&json!({ "context": settings.context, "removed": removed }));
    } else if removed.is_empty() {
        app.out.notice(&format!(
            "Nothing stored for context `{}`.",
            settings.context
        ));
    } else {
        app.out.notice(&format!(
            "Removed the stored API key of context `{}`.",
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
