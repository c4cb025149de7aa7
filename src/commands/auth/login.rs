//! `cloud auth login --api-key <KEY_ID>`

use std::io::{BufRead, IsTerminal};

use serde_json::json;

use crate::api::{self, ReadApi};
use crate::app::App;
use crate::config::StoredApiKey;
use crate::credentials::{Credential, Secret, SecretStore, SecretString, Source, api_key_account};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The key is checked with one read request, then its secret is stored in the OS keyring (or, where
none is available, in a file only you can read) for the active context. Later commands use it
when no flag or environment variable outranks it.

OAuth logins are read-only by design: changing resources always needs an API key.

Examples:
  cloud auth login --api-key <KEY_ID>                      # prompts for the secret
  cloud auth login --api-key <KEY_ID> --api-secret-stdin < secret.txt
  cloud auth login --interactive                           # prompts for both")]
pub struct Args {
    /// Read the API key secret from standard input (first line)
    #[arg(long, conflicts_with = "api_secret")]
    pub api_secret_stdin: bool,

    /// Prompt for the key id and secret
    #[arg(long)]
    pub interactive: bool,
}

pub async fn run(args: Args, app: &App) -> Result<()> {
    app.warn_about_secret_flag();
    let key_id = match (&app.global.api_key, args.interactive) {
        (Some(key_id), _) => key_id.clone(),
        (None, true) => prompt_line("API key id: ")?,
        (None, false) => {
            return Err(Error::Usage(
                "give the API key to log in with: cloud auth login --api-key <KEY_ID> \
                 (or --interactive to be prompted). OAuth login is not available in this version."
                    .into(),
            ));
        }
    };
    if key_id.is_empty() {
        return Err(Error::Usage("the API key id is empty".into()));
    }
    let secret = read_secret(&args, app)?;

    let settings = app.settings()?;
    let credential = Credential {
        secret: Secret::ApiKey {
            key_id: key_id.clone(),
            key_secret: SecretString::new(secret.clone()),
        },
        source: Source::Flags,
        clamp: None,
    };
    let api = ReadApi::new(
        api::http_client()?,
        &settings.api_url,
        &credential,
        app.global.debug,
    );
    let orgs = match api.organizations().await {
        Ok(orgs) => orgs,
        Err(e) => {
            app.out
                .notice("The API key was checked and refused; nothing was stored.");
            return Err(e.into());
        }
    };

    let store = SecretStore::new(settings.paths.clone());
    let saved = store
        .save(&api_key_account(&settings.context), &secret)
        .await?;
    let mut config = settings.config.clone();
    let context = config.context_mut(&settings.context);
    context.api_url = Some(settings.api_url.clone());
    context.api_key = Some(StoredApiKey {
        key_id: key_id.clone(),
        api_url: settings.api_url.clone(),
        storage: saved.storage,
    });
    config.save(&settings.paths)?;

    if let Some(reason) = &saved.fallback_reason {
        app.out.notice(&format!(
            "notice: {reason}; the secret is stored in {} (readable only by you)",
            store.file_path().display()
        ));
    }
    let org_names: Vec<String> = orgs
        .data
        .iter()
        .filter_map(|o| o.name.clone().or(o.id.clone()))
        .collect();
    if app.out.json {
        app.out.json_value(&json!({
            "context": settings.context,
            "apiUrl": settings.api_url,
            "keyId": key_id,
            "storage": saved.storage.to_string(),
            "organizations": orgs.raw,
        }));
    } else {
        app.out.notice(&format!(
            "Logged in to {} with API key {key_id} (context `{}`, stored in the {}).",
            settings.api_url, settings.context, saved.storage
        ));
        app.out
            .notice(&format!("Organizations: {}", org_names.join(", ")));
    }
    Ok(())
}

fn read_secret(args: &Args, app: &App) -> Result<String> {
    let secret = if let Some(secret) = &app.global.api_secret {
        secret.clone()
    } else if args.api_secret_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Error::Other(anyhow::anyhow!("could not read the secret from stdin: {e}"))
        })?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("API key secret: ")
            .map_err(|e| Error::Other(anyhow::anyhow!("could not read the secret: {e}")))?
    } else {
        return Err(Error::Usage(
            "no API key secret: standard input is not a terminal, so pass --api-secret-stdin and pipe the secret in"
                .into(),
        ));
    };
    if secret.is_empty() {
        return Err(Error::Usage("the API key secret is empty".into()));
    }
    Ok(secret)
}

fn prompt_line(prompt: &str) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "--interactive needs a terminal; use --api-key <KEY_ID> --api-secret-stdin instead"
                .into(),
        ));
    }
    eprint!("{prompt}");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Other(anyhow::anyhow!("could not read from the terminal: {e}")))?;
    Ok(line.trim().to_owned())
}
