//! `cloud config get KEY`

use serde_json::Value;

use super::keys::{Key, plain};
use crate::app::App;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Prints the value alone, for scripts; nothing (and a notice on stderr naming the default) when it
is not set. --json prints the value as JSON: a string, true/false for read-only, or null.

Examples:
  cloud config get org
  cloud config get api-url --context staging")]
pub struct Args {
    /// The setting
    #[arg(value_enum, value_name = "KEY")]
    pub key: Key,
}

pub fn run(args: Args, app: &App) -> Result<()> {
    let (_, config, context) = super::selected(app)?;
    let value = config.context(&context).and_then(|c| args.key.get(c));
    match (&value, app.out.json) {
        (_, true) => app.out.json_value(&value.unwrap_or(Value::Null)),
        (Some(value), false) => app.out.line(&plain(value)),
        (None, false) => app.out.notice(&format!(
            "`{}` is not set for context `{context}`; the default applies: {}",
            args.key.name(),
            args.key.default_text()
        )),
    }
    Ok(())
}
