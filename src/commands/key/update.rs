//! `cloud key update <KEY>`

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::requests::{IpAccessEntry, KeyPatch};
use crate::args::IdOrName;
use crate::commands::{OrgArg, require_changes};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "--role-id and --ip-allow replace the key's whole list.\n\n\
Examples:\n  \
cloud key update <KEY> --state disabled\n  \
cloud key update <KEY> --expires-at 2030-12-31T23:59:59Z --ip-allow 203.0.113.0/24",
        crate::commands::agents::write("changes an API key's name, roles, state, expiry or IP access list (openapiKeyUpdate)."),
    )
)]
pub struct Args {
    /// API key ID (the UUID `key list` shows) or name
    #[arg(value_name = "KEY", value_parser = crate::args::KEY_REF)]
    pub key: IdOrName,

    /// New name of the key (1 to 50 characters)
    #[arg(long, value_parser = crate::args::KEY_NAME)]
    pub name: Option<String>,

    /// Role to assign (IDs from `cloud role list`); repeat for several. Replaces the key's current roles
    #[arg(long = "role-id", value_name = "ROLE_ID", value_parser = crate::args::uuid)]
    pub role_ids: Vec<Uuid>,

    /// When the key stops working, in the future (RFC 3339, e.g. 2030-12-31T23:59:59Z)
    #[arg(long, value_name = "EXPIRES_AT", value_parser = crate::args::FUTURE_DATETIME)]
    pub expires_at: Option<jiff::Timestamp>,

    /// Enable or disable the key
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::KEY_STATES))]
    pub state: Option<String>,

    /// IP address or CIDR block allowed to use the key; repeat for several. Replaces the key's list
    #[arg(long, value_name = "IP_ALLOW", value_parser = crate::args::ip_or_cidr)]
    pub ip_allow: Vec<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let patch = KeyPatch {
        name: args.name,
        assigned_role_ids: (!args.role_ids.is_empty())
            .then(|| args.role_ids.iter().map(Uuid::to_string).collect()),
        expire_at: args.expires_at.map(|t| t.to_string()),
        state: args.state,
        ip_access_list: (!args.ip_allow.is_empty()).then(|| {
            args.ip_allow
                .into_iter()
                .map(|source| IpAccessEntry { source })
                .collect()
        }),
    };
    require_changes(
        patch == KeyPatch::default(),
        "--name, --role-id, --expires-at, --state, --ip-allow",
    )?;
    let org = args.org.resolve(api).await?;
    let key_id = crate::commands::lookup::key(api, org, &args.key).await?;
    let key = api.update_key(org, key_id, &patch).await?;
    out.reply(&key, super::detail);
    Ok(())
}
