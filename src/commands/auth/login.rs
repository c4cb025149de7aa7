//! `cloud auth login`: OAuth (read-only) by default, or an API key (read and write).

use std::io::BufRead;

use serde_json::json;

use crate::api::ReadApi;
use crate::app::App;
use crate::config::StoredApiKey;
use crate::credentials::{Credential, Secret, SecretString, Source, api_key_account};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Without --api-key this is an OAuth login as yourself, in the browser. OAuth access is READ-ONLY:
ClickHouse Cloud accepts changes only from API keys. To create, scale or delete anything, log in
with an API key from the console (its role decides what it may do), or set
CLICKHOUSE_CLOUD_API_KEY and CLICKHOUSE_CLOUD_API_SECRET.

An API key is checked with one read request before it is stored. Secrets and tokens go to the OS
keyring or, where none is available, to a file only you can read (0600) in the config directory.

Examples:
  cloud auth login                                   # device code: works over SSH too
  cloud auth login --web                             # browser sign-in on this machine
  cloud auth login --no-input --json                 # agents: prints the code and URL, exits
  cloud auth login --complete                        # ...then waits until the person approved
  cloud auth login --api-key <KEY_ID>                # prompts for the secret
  cloud auth login --api-key <KEY_ID> --api-secret-stdin < secret.txt")]
pub struct Args {
    /// Read the API key secret from standard input (first line)
    #[arg(long, conflicts_with = "api_secret")]
    pub api_secret_stdin: bool,

    /// Prompt for an API key id and secret
    #[arg(long)]
    pub interactive: bool,

    /// OAuth in the browser on this machine (authorization code with PKCE) instead of a device code
    #[arg(long, conflicts_with_all = ["interactive", "api_secret_stdin", "no_input", "complete"])]
    pub web: bool,

    /// Do not open a browser; print the address to open instead
    #[arg(long)]
    pub no_browser: bool,

    /// Never wait for a person: print the code, the address and the command that completes
    /// the login, then exit
    #[arg(long, conflicts_with_all = ["interactive", "api_secret_stdin", "complete"])]
    pub no_input: bool,

    /// Complete a login started with --no-input, waiting until it is approved
    #[arg(long, conflicts_with_all = ["interactive", "api_secret_stdin"])]
    pub complete: bool,

    /// Store the login in a 0600 file in the config directory instead of the OS keyring
    #[arg(long)]
    pub insecure_storage: bool,
}

pub async fn run(args: Args, app: &App) -> Result<()> {
    app.warn_about_secret_flag();
    let oauth = args.web || args.no_input || args.complete;
    let key_id = match (&app.global.api_key, args.interactive) {
        (Some(_), _) if oauth => {
            return Err(Error::Usage(
                "--api-key logs in with an API key; --web, --no-input and --complete are for OAuth logins"
                    .into(),
            ));
        }
        (Some(key_id), _) => key_id.clone(),
        (None, true) => prompt_line("API key id: ")?,
        (None, false) => return super::oauth_login::run(&args, app).await,
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
        app.http()?.clone(),
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

    let store = app.secret_store(&settings).file_only(args.insecure_storage);
    let locked = settings.paths.lock()?;
    let saved = store
        .save(&locked, &api_key_account(&settings.context), &secret)
        .await?;
    locked.update_config(|config| {
        let context = config.context_mut(&settings.context);
        context.api_url = Some(settings.api_url.clone());
        context.api_key = Some(StoredApiKey {
            key_id: key_id.clone(),
            api_url: settings.api_url.clone(),
            storage: saved.storage,
        });
    })?;
    drop(locked);

    if let Some(reason) = &saved.fallback_reason {
        app.out.notice(&format!(
            "notice: the secret is stored in {} (readable only by you), because {reason}",
            store.file_path().display()
        ));
    }
    let org_names: Vec<String> = orgs
        .data()?
        .iter()
        .filter_map(|o| o.name.clone().or(o.id.clone()))
        .collect();
    if app.out.json {
        app.out.json_value(&json!({
            "context": settings.context,
            "apiUrl": settings.api_url,
            "keyId": key_id,
            "storage": saved.storage.to_string(),
            "organizations": orgs.to_value(),
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
    } else if crate::agent::may_prompt() {
        rpassword::prompt_password("API key secret: ")
            .map_err(|e| Error::Other(anyhow::anyhow!("could not read the secret: {e}")))?
    } else {
        return Err(Error::Usage(format!(
            "no API key secret, and nothing prompts here ({}): pass --api-secret-stdin and pipe the secret in",
            crate::agent::why_no_person()
        )));
    };
    if secret.is_empty() {
        return Err(Error::Usage("the API key secret is empty".into()));
    }
    Ok(secret)
}

fn prompt_line(prompt: &str) -> Result<String> {
    if !crate::agent::may_prompt() {
        return Err(Error::Usage(format!(
            "--interactive needs a person at a terminal ({}); use --api-key <KEY_ID> --api-secret-stdin instead",
            crate::agent::why_no_person()
        )));
    }
    eprint!("{prompt}");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Other(anyhow::anyhow!("could not read from the terminal: {e}")))?;
    Ok(line.trim().to_owned())
}
