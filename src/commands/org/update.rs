//! `cloud org update <ORG_ID>`

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::requests::{
    OrganizationPatch, OrganizationPrivateEndpointsPatch, PrivateEndpointRef,
};
use crate::commands::require_changes;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud org update <ORG_ID> --name \"Acme Analytics\"\n  cloud org update <ORG_ID> --enable-core-dumps false --dry-run",
    crate::commands::agents::write("renames the organization or changes its settings (PATCH organizationUpdate). Only the fields given change."),
))]
pub struct Args {
    /// Organization ID
    #[arg(value_name = "ORG_ID", value_parser = crate::args::uuid)]
    pub org_id: Uuid,

    /// New name of the organization (1 to 50 characters)
    #[arg(long, value_parser = crate::args::ORG_NAME)]
    pub name: Option<String>,

    /// Remove a private endpoint from the organization (repeatable)
    #[arg(long, value_name = "ENDPOINT_ID", value_parser = crate::args::ENDPOINT_ID)]
    pub remove_private_endpoint: Vec<String>,

    /// Allow services of the organization to collect crash reports (core dumps)
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub enable_core_dumps: Option<bool>,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let patch = OrganizationPatch {
        name: args.name,
        private_endpoints: (!args.remove_private_endpoint.is_empty()).then(|| {
            OrganizationPrivateEndpointsPatch {
                remove: args
                    .remove_private_endpoint
                    .into_iter()
                    .map(|id| PrivateEndpointRef { id })
                    .collect(),
            }
        }),
        enable_core_dumps: args.enable_core_dumps,
    };
    require_changes(
        patch == OrganizationPatch::default(),
        "--name, --remove-private-endpoint, --enable-core-dumps",
    )?;
    let org = api.update_organization(args.org_id, &patch).await?;
    out.reply(&org, super::detail);
    Ok(())
}
