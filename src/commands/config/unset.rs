//! `cloud config unset KEY`

use serde_json::json;

use super::keys::Key;
use crate::app::App;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Removes the setting from the context, so its default applies again (`cloud config list` shows
it). Unsetting what is not set is not an error.

Examples:
  cloud config unset org
  cloud config unset read-only --context prod")]
pub struct Args {
    /// The setting
    #[arg(value_enum, value_name = "KEY")]
    pub key: Key,
}

pub fn run(args: Args, app: &App) -> Result<()> {
    let (paths, config, context) = super::selected(app)?;
    let mut removed = false;
    if config
        .context(&context)
        .and_then(|c| args.key.get(c))
        .is_some()
    {
        let locked = paths.lock()?;
        removed = locked.update_config(|config| {
            let Some(settings) = config.contexts.get_mut(&context) else {
                return false;
            };
            let was_set = args.key.get(settings).is_some();
            args.key.store(settings, None);
            was_set
        })?;
    }
    if app.out.json {
        app.out.json_value(&json!({
            "context": context,
            "key": args.key.name(),
            "removed": removed,
        }));
    } else if removed {
        app.out.notice(&format!(
            "Removed `{}` from context `{context}`; the default applies: {}.",
            args.key.name(),
            args.key.default_text()
        ));
    } else {
        app.out.notice(&format!(
            "`{}` was not set for context `{context}`.",
            args.key.name()
        ));
    }
    Ok(())
}
