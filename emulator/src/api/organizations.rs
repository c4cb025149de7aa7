//! `/v1/organizations[/{organizationId}]`.

use serde::Deserialize;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::model::{Organization, OrganizationPrivateEndpoint};
use crate::schemas;

/// GET: the organizations the caller can see (an API key: its own; the OAuth user: every
/// organization they are a member of).
pub fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let visible: Vec<&Organization> = ctx
        .store
        .orgs
        .iter()
        .filter(|org| ctx.req.principal.sees(org))
        .map(|org| &org.organization)
        .collect();
    Reply::of(&visible)
}

pub fn get(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(&org.organization)
}

/// `OrganizationPatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Patch {
    name: Option<String>,
    private_endpoints: Option<EndpointsPatch>,
    enable_core_dumps: Option<bool>,
}

#[derive(Deserialize, Default)]
struct EndpointsPatch {
    #[serde(default)]
    add: Vec<OrganizationPrivateEndpoint>,
    #[serde(default)]
    remove: Vec<OrganizationPrivateEndpoint>,
}

/// PATCH. Removing an endpoint that is not registered is a no-op. Recorded as
/// `organization_update_name`, or — the spec's enum has no organization-level types for them —
/// `service_update_private_endpoints` / `service_update_core_dump` without a `serviceId`.
pub fn update(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: Patch = req.body(&schemas::ORGANIZATION_PATCH)?;
    let organization = &mut org.organization;
    let kind = if patch.name.is_some() {
        "organization_update_name"
    } else if patch.private_endpoints.is_some() {
        "service_update_private_endpoints"
    } else if patch.enable_core_dumps.is_some() {
        "service_update_core_dump"
    } else {
        "organization_update_name"
    };
    if let Some(name) = patch.name {
        organization.name = name;
    }
    if let Some(endpoints) = patch.private_endpoints {
        organization
            .private_endpoints
            .retain(|existing| !endpoints.remove.iter().any(|gone| gone.id == existing.id));
        for endpoint in endpoints.add {
            if !organization
                .private_endpoints
                .iter()
                .any(|existing| existing.id == endpoint.id)
            {
                organization.private_endpoints.push(endpoint);
            }
        }
    }
    if let Some(enabled) = patch.enable_core_dumps {
        organization.enable_core_dumps = enabled;
    }
    let result = Reply::of(&org.organization)?;
    org.record(req.activity(org.id(), kind));
    Ok(result)
}
