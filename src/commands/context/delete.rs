//! `cloud context delete NAME`

use serde_json::json;

use crate::app::App;
use crate::commands::confirm::{self, Yes};
use crate::config::DEFAULT_CONTEXT;
use crate::credentials::api_key_account;
use crate::error::Result;
use crate::state::{Config, Paths, SecretStore, tokens};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Removes the context's settings and every credential stored for it (its API key and OAuth login,
from the OS keyring or the credentials file), as `cloud auth logout --context NAME` would, then
the context itself. Deleting the active context makes `default` active. `default` always
exists: deleting it empties it. Nothing is sent to ClickHouse Cloud; the API key itself stays
valid there (`cloud key delete` revokes it).

On a terminal it asks first; without one, in CI or under an agent, pass --yes.

Examples:
  cloud context delete staging
  cloud context delete old-ci --yes")]
pub struct Args {
    /// The context to delete
    #[arg(value_name = "NAME", value_parser = crate::cli::context_name)]
    pub name: String,

    #[command(flatten)]
    pub yes: Yes,
}

pub async fn run(args: Args, app: &App) -> Result<()> {
    let name = args.name;
    let paths = Paths::from_env()?;
    let config = Config::load(&paths)?;
    let Some(context) = config.context(&name).cloned() else {
        if name == DEFAULT_CONTEXT {
            // Nothing to remove; `default` itself always exists.
            return report(app, &name, &[], false);
        }
        return Err(super::unknown(&name, &config));
    };
    let stored = super::credentials(&context);
    let question = if stored.is_empty() {
        format!("Delete context `{name}`?")
    } else {
        format!(
            "Delete context `{name}` and its stored {}?",
            stored.join(" and ")
        )
    };
    confirm::ask(args.yes, false, &crate::output::for_person(&question))?;

    let locked = paths.lock()?;
    let store = SecretStore::new(paths.clone()).file_only(context.insecure_storage == Some(true));
    let mut removed = Vec::new();
    let had_key = store.delete(&locked, &api_key_account(&name)).await?;
    if had_key || context.api_key.is_some() {
        removed.push("api-key");
    }
    let had_login = tokens::forget(&locked, &store, &name).await?;
    let pending = locked.remove(&paths.pending_login_file(&name))?;
    if had_login || pending {
        removed.push("oauth");
    }
    let was_active = locked.update_config(|config| {
        config.contexts.remove(&name);
        let was_active = config.active_context.as_deref() == Some(name.as_str());
        if was_active {
            config.active_context = None;
        }
        was_active
    })?;
    drop(locked);
    report(app, &name, &removed, was_active)
}

fn report(app: &App, name: &str, removed: &[&str], was_active: bool) -> Result<()> {
    if app.out.json {
        app.out.json_value(&json!({
            "deleted": name,
            "removed": removed,
            "active": if was_active { Some(DEFAULT_CONTEXT) } else { None },
        }));
        return Ok(());
    }
    let with = match removed {
        [] => String::new(),
        ["api-key"] => " and its stored API key".into(),
        ["oauth"] => " and its stored OAuth login".into(),
        _ => " and its stored API key and OAuth login".into(),
    };
    app.out.notice(&format!("Deleted context `{name}`{with}."));
    if was_active {
        app.out.notice(&format!(
            "It was the active context; the active context is now `{DEFAULT_CONTEXT}`."
        ));
    }
    Ok(())
}
