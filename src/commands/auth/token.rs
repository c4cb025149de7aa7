//! `cloud auth token`: the OAuth access token in use, refreshed if needed.

use crate::access::Access;
use crate::app::App;
use crate::credentials::Secret;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The token is read-only: ClickHouse Cloud refuses changes made with it. Write access needs an API
key: `cloud auth login --api-key <KEY_ID>`, or CLICKHOUSE_CLOUD_API_KEY and
CLICKHOUSE_CLOUD_API_SECRET.

Examples:
  cloud auth token --context staging
  curl -H \"Authorization: Bearer $(cloud auth token)\" https://api.clickhouse.cloud/v1/organizations")]
pub struct Args {}

pub async fn run(_args: Args, app: &App) -> Result<()> {
    let settings = app.settings()?;
    let inputs = app.credential_inputs(&settings);
    let credential = crate::app::resolve(
        &inputs,
        &app.secret_store(&settings),
        app.http()?,
        &settings.paths,
        Access::Read,
    )
    .await?;
    match &credential.secret {
        Secret::Bearer(token) => {
            app.out.line(token.expose());
            app.out.notice(&format!(
                "This is a read-only OAuth access token ({}).",
                credential.source
            ));
            Ok(())
        }
        Secret::ApiKey { key_id, .. } => Err(Error::Usage(format!(
            "the credential in use is API key {key_id} ({}), which has no access token; \
             `cloud auth token` prints OAuth tokens (run `cloud auth login` first)",
            credential.source
        ))),
    }
}
