//! The default organization of a context (`cloud config set org <ORG_ID>`), used by every
//! command with `--org-id` when the flag is not given: `--org-id` > the context's `org` >
//! the only organization the credential sees (one more request).
//!
//! It is installed once per process, before the command runs, so [`super::OrgArg`] needs
//! nothing but the API handle it already gets.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use uuid::Uuid;

use crate::app::Settings;
use crate::error::{Error, Result};

#[derive(Debug)]
struct Configured {
    org: Uuid,
    context: String,
}

static CONFIGURED: OnceLock<Configured> = OnceLock::new();
static USED: AtomicBool = AtomicBool::new(false);

/// Reads the context's `org` (refusing one that is not a UUID, exit 2) and installs it.
pub fn install(settings: &Settings) -> Result<Option<Uuid>> {
    let Some(text) = settings
        .config
        .context(&settings.context)
        .and_then(|c| c.org.as_deref())
    else {
        return Ok(None);
    };
    let org = crate::args::uuid(text).map_err(|e| {
        Error::Usage(format!(
            "`org` of context `{}` in {}: {e} (fix it with `cloud config set org <ORG_ID>` \
             or `cloud config unset org`)",
            settings.context,
            settings.paths.config_file().display()
        ))
    })?;
    let _ = CONFIGURED.set(Configured {
        org,
        context: settings.context.clone(),
    });
    Ok(Some(org))
}

/// The installed default, remembering that it was used (for [`explain`]).
pub fn take() -> Option<Uuid> {
    let configured = CONFIGURED.get()?;
    USED.store(true, Ordering::Relaxed);
    Some(configured.org)
}

/// A 404 after the default organization was used may mean that organization is wrong
/// (another account's, or deleted): say so, and how to stop using it.
pub fn explain(result: Result<()>) -> Result<()> {
    let Err(error) = result else {
        return result;
    };
    let Some(configured) = CONFIGURED.get() else {
        return Err(error);
    };
    if !USED.load(Ordering::Relaxed) || !matches!(&error, Error::Api(e) if e.status() == Some(404))
    {
        return Err(error);
    }
    Err(Error::Explained {
        error: Box::new(error),
        note: format!(
            "The organization {} is the default of context `{}` (`cloud config get org`); \
             if it is not the right one, remove it with `cloud config unset org` or pass --org-id.",
            configured.org, configured.context
        ),
        hint: "cloud config unset org (or pass --org-id <ORG_ID>)".into(),
    })
}
