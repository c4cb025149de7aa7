//! `cloud org update <ORG_ID>`

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::requests::{
    OrganizationPatch, OrganizationPrivateEndpointsPatch, PrivateEndpointRef,
};
use crate::args::IdOrName;
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

    /// Remove a private endpoint from the organization, by ID or description (repeatable)
    #[arg(long, value_name = "ENDPOINT", value_parser = crate::args::ENDPOINT_REF)]
    pub remove_private_endpoint: Vec<IdOrName<String>>,

    /// Allow services of the organization to collect crash reports (core dumps)
    #[arg(long, value_name = "true|false", value_parser = crate::args::boolean)]
    pub enable_core_dumps: Option<bool>,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let endpoints_given = !args.remove_private_endpoint.is_empty();
    let mut patch = OrganizationPatch {
        name: args.name,
        // Filled in below: a description needs the organization's list.
        private_endpoints: None,
        enable_core_dumps: args.enable_core_dumps,
    };
    require_changes(
        patch == OrganizationPatch::default() && !endpoints_given,
        "--name, --remove-private-endpoint, --enable-core-dumps",
    )?;
    if endpoints_given {
        let ids = crate::commands::lookup::private_endpoints(
            api,
            args.org_id,
            &args.remove_private_endpoint,
        )
        .await?;
        patch.private_endpoints = Some(OrganizationPrivateEndpointsPatch {
            remove: ids
                .into_iter()
                .map(|id| PrivateEndpointRef { id })
                .collect(),
        });
    }
    let org = api.update_organization(args.org_id, &patch).await?;
    out.reply(&org, super::detail);
    Ok(())
}
