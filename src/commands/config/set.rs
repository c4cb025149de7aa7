//! `cloud config set KEY VALUE`

use serde_json::json;

use super::keys::{Key, plain};
use crate::app::App;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Settings: api-url (https://, or http:// to loopback), org (an organization id, used when
--org-id is not given), read-only (true/false: clamps every credential of the context),
format (json/table), connect-timeout and timeout (500ms, 10s, 2m, 1h), max-response-size
(512KiB, 64MiB, 1GiB). Values are checked as the global flags check them; a wrong one changes
nothing (exit 2). Only config.toml changes: nothing is sent.

Examples:
  cloud config set org 7f3e1c2a-9b4d-4e8f-a1b2-c3d4e5f60718
  cloud config set format json
  cloud config set read-only true --context prod
  cloud config set api-url http://127.0.0.1:8787 --context emulator")]
pub struct Args {
    /// The setting
    #[arg(value_enum, value_name = "KEY")]
    pub key: Key,

    /// Its new value
    #[arg(value_name = "VALUE")]
    pub value: String,
}

pub fn run(args: Args, app: &App) -> Result<()> {
    let checked = args.key.check(&args.value).map_err(|e| {
        Error::Usage(format!(
            "invalid value {:?} for `{}`: {e}; nothing was changed",
            args.value,
            args.key.name()
        ))
    })?;
    let (paths, _, context) = super::selected(app)?;
    let locked = paths.lock()?;
    let (stored, settings) = locked.update_config(|config| {
        let settings = config.context_mut(&context);
        args.key.store(settings, Some(checked));
        (args.key.get(settings), settings.clone())
    })?;
    drop(locked);
    // A stored credential is only sent to the API it was made for.
    if let (Key::ApiUrl, Some(url)) = (args.key, &settings.api_url) {
        let elsewhere: Vec<String> = [
            settings
                .api_key
                .as_ref()
                .filter(|k| k.api_url != *url)
                .map(|k| format!("the API key {} ({})", k.key_id, k.api_url)),
            settings
                .oauth
                .as_ref()
                .filter(|l| l.api_url != *url)
                .map(|l| format!("the OAuth login of {} ({})", l.identity(), l.api_url)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !elsewhere.is_empty() {
            app.out.warn(&format!(
                "{} of context `{context}` was made for another API and is never sent to {url}; \
                 log in again for it (`cloud auth login --context {context}`)",
                elsewhere.join(" and ")
            ));
        }
    }
    let value = stored.unwrap_or_default();
    if app.out.json {
        app.out.json_value(&json!({
            "context": context,
            "key": args.key.name(),
            "value": value,
        }));
    } else {
        app.out.notice(&format!(
            "Set `{}` of context `{context}` to {}.",
            args.key.name(),
            plain(&value)
        ));
    }
    Ok(())
}
