//! `cloud context use NAME`

use serde_json::json;

use crate::app::App;
use crate::config::DEFAULT_CONTEXT;
use crate::error::Result;
use crate::state::{Config, Paths};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Sets the active context in config.toml: the one every command uses unless --context or
CLOUD_CONTEXT names another. The name must be a context that exists (`cloud context list`);
`default` always does. Nothing is sent.

Examples:
  cloud context use staging
  cloud context use default")]
pub struct Args {
    /// The context to make active
    #[arg(value_name = "NAME", value_parser = crate::cli::context_name)]
    pub name: String,
}

pub fn run(args: Args, app: &App) -> Result<()> {
    let paths = Paths::from_env()?;
    let locked = paths.lock()?;
    let config = Config::load(&paths)?;
    if args.name != DEFAULT_CONTEXT && config.context(&args.name).is_none() {
        return Err(super::unknown(&args.name, &config));
    }
    // `default` is what applies when nothing is set: one way to say it.
    let active = (args.name != DEFAULT_CONTEXT).then(|| args.name.clone());
    locked.update_config(|config| config.active_context = active)?;
    drop(locked);
    if app.out.json {
        app.out.json_value(&json!({ "active": args.name }));
    } else {
        app.out
            .notice(&format!("The active context is now `{}`.", args.name));
    }
    if let Some(other) = app.global.context.as_ref().filter(|c| **c != args.name) {
        app.out.warn(&format!(
            "this command was given the context `{other}` (--context or CLOUD_CONTEXT), which \
             still outranks the active context wherever it is given"
        ));
    }
    Ok(())
}
