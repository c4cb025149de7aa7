//! `cloud context show [NAME]`

use serde_json::{Map, Value, json};

use crate::app::App;
use crate::commands::config::keys::{Key, plain};
use crate::error::Result;
use crate::output::detail_table;
use crate::state::{Config, Paths, Storage};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Shows the context commands use now (or NAME): why it is the active one (--context,
CLOUD_CONTEXT, the active context of config.toml, or the default), every setting, and the
credentials stored for it: the API key's id and the OAuth login's identity, never a secret.
Nothing is sent and the keyring is not read.

Examples:
  cloud context show
  cloud context show staging --json")]
pub struct Args {
    /// The context to show [default: the active one]
    #[arg(value_name = "NAME", value_parser = crate::cli::context_name)]
    pub name: Option<String>,
}

pub fn run(args: Args, app: &App) -> Result<()> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths)?;
    let (active, why) = app.selected_context(&config);
    let name = args.name.unwrap_or_else(|| active.clone());
    if name != active && !super::known(&config).contains(&name) {
        return Err(super::unknown(&name, &config));
    }
    let is_active = name == active;
    let context = config.context(&name).cloned().unwrap_or_default();
    let place = |storage: Storage| match storage {
        Storage::Keyring => "the OS keyring".to_owned(),
        Storage::File => paths.credentials_file().display().to_string(),
    };

    if app.out.json {
        let settings: Map<String, Value> = Key::ALL
            .iter()
            .map(|key| {
                (
                    key.name().to_owned(),
                    key.get(&context).unwrap_or(Value::Null),
                )
            })
            .collect();
        app.out.json_value(&json!({
            "name": name,
            "active": is_active,
            "activeBecause": is_active.then_some(why),
            "configured": config.context(&name).is_some(),
            "settings": settings,
            "apiKey": context.api_key.as_ref().map(|k| json!({
                "keyId": k.key_id,
                "apiUrl": k.api_url,
                "storage": k.storage,
            })),
            "oauth": context.oauth.as_ref().map(|l| json!({
                "identity": l.identity(),
                "issuer": l.issuer,
                "apiUrl": l.api_url,
                "storage": l.storage,
            })),
        }));
        return Ok(());
    }
    let mut rows: Vec<(&'static str, Option<String>)> = vec![
        ("name", Some(name.clone())),
        (
            "active",
            Some(if is_active {
                format!("yes: {}", why.describe())
            } else {
                "no".to_owned()
            }),
        ),
    ];
    for key in Key::ALL {
        let value = match key.get(&context) {
            Some(value) => plain(&value),
            None => format!("(default: {})", key.default_text()),
        };
        rows.push((key.name(), Some(value)));
    }
    rows.push((
        "api key",
        Some(match &context.api_key {
            Some(key) => format!(
                "{} for {}, in {}",
                key.key_id,
                key.api_url,
                place(key.storage)
            ),
            None => "none stored".to_owned(),
        }),
    ));
    rows.push((
        "oauth login",
        Some(match &context.oauth {
            Some(login) => format!(
                "{} via {} for {}, in {}",
                login.identity(),
                login.issuer,
                login.api_url,
                place(login.storage)
            ),
            None => "none stored".to_owned(),
        }),
    ));
    app.out.table(&detail_table(rows));
    if config.context(&name).is_none() {
        app.out.notice(&format!(
            "Context `{name}` has nothing in config.toml yet: every setting is its default."
        ));
    }
    Ok(())
}
