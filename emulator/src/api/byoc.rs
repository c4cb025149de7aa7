//! `/v1/organizations/{organizationId}/byocInfrastructure[/{id}]`: bring-your-own-cloud
//! infrastructures, kept as the `ByocConfig` objects of the organization's `byocConfig`.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::schemas;
use crate::store::Org;

/// POST. Provisioning is instant here: the new infrastructure is `infra-ready` at once.
pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body: Map<String, Value> = req.body(&schemas::BYOC_POST)?;
    let text = |field: &str| body.get(field).and_then(Value::as_str);
    let (Some(region), Some(account)) = (text("regionId"), text("accountId")) else {
        return Err(ApiError::bad_request(
            "Fields \"regionId\" and \"accountId\" are required: the region to build in and \
             the cloud account to build in it",
        ));
    };
    let provider = schemas::provider_of_region(region);
    if org
        .organization
        .byoc_config
        .iter()
        .any(|c| c["regionId"] == region && c["accountName"] == account)
    {
        return Err(ApiError::bad_request(format!(
            "A BYOC infrastructure for account {account} in {region} already exists"
        )));
    }
    let mut config = json!({
        "id": Uuid::new_v4(),
        "state": "infra-ready",
        "accountName": account,
        "regionId": region,
        "cloudProvider": provider,
    });
    if let Some(name) = text("displayName") {
        config["displayName"] = json!(name);
    }
    org.organization.byoc_config.push(config.clone());
    Ok(Reply::Result(config))
}

/// PATCH: only `displayName` can change.
pub fn update(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let index = index(org, id)?;
    let body: Map<String, Value> = req.body(&schemas::BYOC_PATCH)?;
    let stored = &mut org.organization.byoc_config[index];
    if let Some(name) = body.get("displayName") {
        stored["displayName"] = name.clone();
    }
    Ok(Reply::Result(stored.clone()))
}

pub fn delete(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    let index = index(org, id)?;
    org.organization.byoc_config.remove(index);
    Ok(Reply::Done)
}

fn index(org: &Org, raw: &str) -> Result<usize, ApiError> {
    let id = crate::store::parse_id("byocInfrastructureId", raw)?.to_string();
    org.organization
        .byoc_config
        .iter()
        .position(|c| c["id"].as_str() == Some(id.as_str()))
        .ok_or_else(|| ApiError::not_found(format!("BYOC infrastructure {id} not found")))
}
