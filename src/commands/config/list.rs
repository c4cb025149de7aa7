//! `cloud config list`

use serde_json::{Map, Value};

use super::keys::{Key, plain};
use crate::app::App;
use crate::error::Result;
use crate::output::{Column, list_table};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Every setting of the context is listed; one that is not set shows its default. Flags and
environment variables (--api-url/CLOUD_API_URL, --timeout/CLOUD_TIMEOUT, ...) outrank them.
--json prints one object: setting name to value (null when not set).

Examples:
  cloud config list
  cloud config list --context staging --json")]
pub struct Args {}

pub fn run(_args: Args, app: &App) -> Result<()> {
    let (_, config, context) = super::selected(app)?;
    let settings = config.context(&context).cloned().unwrap_or_default();
    if app.out.json {
        let object: Map<String, Value> = Key::ALL
            .iter()
            .map(|key| {
                (
                    key.name().to_owned(),
                    key.get(&settings).unwrap_or(Value::Null),
                )
            })
            .collect();
        app.out.json_value(&Value::Object(object));
    } else {
        app.out.table(&list_table(
            &[Column::key("key"), Column::text("value", 1)],
            Key::ALL.iter().map(|key| {
                let value = match key.get(&settings) {
                    Some(value) => plain(&value),
                    None => format!("(default: {})", key.default_text()),
                };
                vec![key.name().to_owned(), value]
            }),
        ));
        app.out.notice(&format!("Context: {context}"));
    }
    Ok(())
}
