//! `cloud context list`

use serde_json::{Value, json};

use crate::app::App;
use crate::error::Result;
use crate::output::{Column, list_table};
use crate::state::{Config, Paths};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The active context (the one commands use now: --context, CLOUD_CONTEXT, `cloud context use`, else
`default`) is marked with *. Credentials shows what is stored (an API key's id, an OAuth
login's email), never a secret. Nothing is sent.

Examples:
  cloud context list
  cloud context list --json")]
pub struct Args {}

pub fn run(_args: Args, app: &App) -> Result<()> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths)?;
    let (active, _) = app.selected_context(&config);
    let mut names = super::known(&config);
    names.insert(active.clone());
    let rows: Vec<Value> = names
        .iter()
        .map(|name| {
            let context = config.context(name).cloned().unwrap_or_default();
            json!({
                "name": name,
                "active": *name == active,
                "apiUrl": context.api_url.as_deref().unwrap_or(crate::api::PRODUCTION_API_URL),
                "apiKey": context.api_key.as_ref().map(|k| k.key_id.clone()),
                "oauth": context.oauth.as_ref().map(|l| l.identity()),
                "org": context.org,
                "readOnly": context.read_only.unwrap_or(false),
            })
        })
        .collect();
    if app.out.json {
        app.out.json_value(&Value::Array(rows));
        return Ok(());
    }
    app.out.table(&list_table(
        &[
            Column::ranked("active", 1),
            Column::key("name"),
            Column::ranked("api url", 2),
            Column::ranked("credentials", 3),
            Column::key("org"),
        ],
        names.iter().map(|name| {
            let context = config.context(name).cloned().unwrap_or_default();
            vec![
                if *name == active { "*" } else { "" }.to_owned(),
                name.clone(),
                context
                    .api_url
                    .clone()
                    .unwrap_or_else(|| crate::api::PRODUCTION_API_URL.to_owned()),
                super::credentials(&context).join(", "),
                context.org.clone().unwrap_or_default(),
            ]
        }),
    ));
    Ok(())
}
