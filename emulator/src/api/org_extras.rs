//! Organization-level reads beyond the organization object: quotas and the (deprecated)
//! per-region private endpoint configuration.

use serde_json::{Value, json};

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::hashing::stable_u64;
use crate::schemas::{PROVIDERS, REGIONS, provider_of_region};
use crate::store::Org;

/// `OrganizationQuota` objects: the limits of a paying organization; usage where the API
/// reports it (services are counted, replicas per warehouse are not).
fn quotas(org: &Org) -> Vec<Value> {
    vec![
        json!({
            "quotaCode": "services-per-organization",
            "name": "Services per organization",
            "description": "The number of ClickHouse services the organization may have.",
            "scope": "organization",
            "value": 20,
            "usage": org.services.len(),
            "adjustable": true,
        }),
        json!({
            "quotaCode": "postgres-services-per-organization",
            "name": "Postgres services per organization",
            "description": "The number of Postgres services the organization may have.",
            "scope": "organization",
            "value": 5,
            "usage": 0,
            "adjustable": true,
        }),
        json!({
            "quotaCode": "replicas-per-warehouse",
            "name": "Replicas per warehouse",
            "description": "The number of replicas across the services of each warehouse.",
            "scope": "warehouse",
            "value": 20,
            "adjustable": false,
        }),
    ]
}

/// `GET /{orgId}/quotas`.
pub fn list_quotas(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Ok(Reply::Result(Value::Array(quotas(org))))
}

/// `GET /{orgId}/quotas/{quotaCode}`: an unknown code is 404, as the spec says.
pub fn get_quota(ctx: &mut Ctx, org: &str, code: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    quotas(org)
        .into_iter()
        .find(|q| q["quotaCode"] == code)
        .map(Reply::Result)
        .ok_or_else(|| ApiError::not_found(format!("Quota {code} not found")))
}

/// `GET /{orgId}/privateEndpointConfig?cloud_provider=&region_id=`: both required, the
/// region of that provider.
pub fn private_endpoint_config(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let param = |name: &str| {
        req.query
            .non_empty(name)
            .ok_or_else(|| ApiError::bad_request(format!("Query parameter {name} is required")))
    };
    let provider = param("cloud_provider")?;
    let region = param("region_id")?;
    if !PROVIDERS.contains(&provider) {
        return Err(ApiError::bad_request(format!(
            "Query parameter cloud_provider must be one of: {} (got \"{provider}\")",
            PROVIDERS.join(", ")
        )));
    }
    if !REGIONS.contains(&region) || provider_of_region(region) != provider {
        return Err(ApiError::bad_request(format!(
            "Query parameter region_id: \"{region}\" is not a {provider} region"
        )));
    }
    let noise = stable_u64(&["org-private-endpoint", &org.id().to_string(), region]);
    let id = match provider {
        "gcp" => format!(
            "projects/dataplane-production/regions/{region}/serviceAttachments/production-org-attachment-{noise:016x}"
        ),
        "azure" => format!(
            "production-{region}-privatelink-service.{noise:016x}.{region}.azure.privatelinkservice"
        ),
        _ => format!("com.amazonaws.vpce.{region}.vpce-svc-0{noise:016x}"),
    };
    Ok(Reply::Result(json!({ "endpointServiceId": id })))
}
