//! `…/clickpipesReversePrivateEndpoints` (stored per service, `Provisioning` until the clock
//! makes them `Ready`) and `…/clickpipesCdcScaling` (per service, defaults until changed).

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{bad, body, clickpipes, clickpipes_mut, schemas};
use crate::api::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::store::{ClickPipes, Step, TimedRecord, parse_id};

/// Which fields each endpoint type needs; the others are refused.
fn type_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "VPC_ENDPOINT_SERVICE" => &["vpcEndpointServiceName"],
        "VPC_RESOURCE" => &["vpcResourceConfigurationId", "vpcResourceShareArn"],
        "MSK_MULTI_VPC" => &["mskClusterArn", "mskAuthentication"],
        _ => &["gcpServiceAttachment"],
    }
}

const TYPED_FIELDS: [&str; 6] = [
    "vpcEndpointServiceName",
    "vpcResourceConfigurationId",
    "vpcResourceShareArn",
    "mskClusterArn",
    "mskAuthentication",
    "gcpServiceAttachment",
];

fn not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Reverse private endpoint {id} not found"))
}

fn position(pipes: &ClickPipes, raw: &str) -> Result<usize, ApiError> {
    let id = parse_id("reversePrivateEndpointId", raw)?;
    pipes
        .reverse_private_endpoints
        .iter()
        .position(|e| e.object["id"] == id.to_string())
        .ok_or_else(|| not_found(id))
}

/// The private DNS names of `mappings`, none of them used by another endpoint of the service.
fn private_dns_names(
    pipes: &ClickPipes,
    mappings: Option<&Value>,
    except: Option<&Value>,
) -> Result<Vec<Value>, ApiError> {
    let names: Vec<Value> = mappings
        .and_then(Value::as_array)
        .map(|m| m.iter().map(|m| m["privateDnsName"].clone()).collect())
        .unwrap_or_default();
    for (i, name) in names.iter().enumerate() {
        let taken = names[..i].contains(name)
            || pipes.reverse_private_endpoints.iter().any(|e| {
                Some(&e.object["id"]) != except
                    && e.object["privateDnsNames"]
                        .as_array()
                        .is_some_and(|n| n.contains(name))
            });
        if taken {
            return Err(ApiError::conflict(format!(
                "Field \"customPrivateDnsMappings[{i}].privateDnsName\": {name} is already used in this service"
            )));
        }
    }
    Ok(names)
}

pub fn list_endpoints(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let pipes = clickpipes(org, svc)?;
    Ok(Reply::Result(Value::Array(
        pipes
            .reverse_private_endpoints
            .iter()
            .map(|e| e.object.clone())
            .collect(),
    )))
}

pub fn get_endpoint(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let pipes = clickpipes(org, svc)?;
    let at = position(pipes, id)?;
    Ok(Reply::Result(
        pipes.reverse_private_endpoints[at].object.clone(),
    ))
}

pub fn create_endpoint(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body: Map<String, Value> = body(req, &schemas::RPE_POST)?;
    let service_id = org.service(svc)?.service.id;
    let pipes = clickpipes_mut(org, svc)?;
    let kind = body["type"].as_str().unwrap_or_default();
    let needed = type_fields(kind);
    for name in TYPED_FIELDS {
        let given = body.get(name).is_some_and(|v| !v.is_null());
        match (given, needed.contains(&name)) {
            (false, true) => {
                return Err(bad(format!("Field \"{name}\" is required for type {kind}")));
            }
            (true, false) => {
                return Err(bad(format!(
                    "Field \"{name}\" does not apply to type {kind}"
                )));
            }
            _ => {}
        }
    }
    if let Some(attachment) = body.get("gcpServiceAttachment").and_then(Value::as_str) {
        let parts: Vec<&str> = attachment.split('/').collect();
        let shaped = matches!(
            parts.as_slice(),
            ["projects", p, "regions", r, "serviceAttachments", n]
                if !p.is_empty() && !r.is_empty() && !n.is_empty()
        );
        if !shaped {
            return Err(bad(
                "Field \"gcpServiceAttachment\" must be projects/{project}/regions/{region}/serviceAttachments/{name}",
            ));
        }
    }
    let private_dns_names = private_dns_names(pipes, body.get("customPrivateDnsMappings"), None)?;

    let id = Uuid::new_v4();
    let short = &id.simple().to_string()[..17];
    let endpoint_id = match kind {
        "GCP_PSC_SERVICE_ATTACHMENT" => format!("psc-{short}"),
        _ => format!("vpce-{short}"),
    };
    let mut object = Map::new();
    object.insert("id".into(), json!(id.to_string()));
    object.insert("serviceId".into(), json!(service_id.to_string()));
    object.insert(
        "description".into(),
        body.get("description")
            .cloned()
            .unwrap_or_else(|| json!("")),
    );
    object.insert("type".into(), json!(kind));
    for name in needed {
        object.insert((*name).into(), body[*name].clone());
    }
    object.insert(
        "customPrivateDnsMappings".into(),
        body.get("customPrivateDnsMappings")
            .cloned()
            .unwrap_or_else(|| json!([])),
    );
    object.insert("endpointId".into(), json!(endpoint_id));
    object.insert(
        "dnsNames".into(),
        json!([format!(
            "{endpoint_id}.clickpipes.emulator.clickhouse.local"
        )]),
    );
    object.insert("privateDnsNames".into(), Value::Array(private_dns_names));
    let mut record = TimedRecord {
        object: Value::Object(object),
        steps: Vec::new(),
    };
    if req.transition_ms <= 0 {
        record.object["status"] = json!("Ready");
    } else {
        record.object["status"] = json!("Provisioning");
        record.steps.push(Step {
            value: "Ready".into(),
            at_ms: req.now.as_millisecond().saturating_add(req.transition_ms),
        });
    }
    let reply = record.object.clone();
    pipes.reverse_private_endpoints.push(record);
    Ok(Reply::Result(reply))
}

pub fn update_endpoint(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::RPE_PATCH)?;
    let pipes = clickpipes_mut(org, svc)?;
    let at = position(pipes, id)?;
    if let Some(mappings) = body.get("customPrivateDnsMappings") {
        let own = pipes.reverse_private_endpoints[at].object["id"].clone();
        let names = private_dns_names(pipes, Some(mappings), Some(&own))?;
        let object = &mut pipes.reverse_private_endpoints[at].object;
        object["customPrivateDnsMappings"] = mappings.clone();
        object["privateDnsNames"] = Value::Array(names);
    }
    Ok(Reply::Result(
        pipes.reverse_private_endpoints[at].object.clone(),
    ))
}

/// Removes the endpoint at once; one a pipe still connects through is 409.
pub fn delete_endpoint(ctx: &mut Ctx, org: &str, svc: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    let pipes = clickpipes_mut(org, svc)?;
    let at = position(pipes, id)?;
    let endpoint_id = pipes.reverse_private_endpoints[at].object["id"].clone();
    if let Some(user) = pipes.pipes.iter().find(|p| {
        p.pipe["source"]["kafka"]["reversePrivateEndpointIds"]
            .as_array()
            .is_some_and(|ids| ids.contains(&endpoint_id))
    }) {
        return Err(ApiError::conflict(format!(
            "Reverse private endpoint {} is used by ClickPipe {}; delete the pipe first",
            endpoint_id.as_str().unwrap_or_default(),
            user.pipe["id"].as_str().unwrap_or_default()
        )));
    }
    pipes.reverse_private_endpoints.remove(at);
    Ok(Reply::Done)
}

/// 2 vCPU and 8 GiB, the smallest size of a DB ClickPipes replica.
fn default_cdc_scaling() -> Value {
    json!({ "replicaCpuMillicores": 2000, "replicaMemoryGb": 8 })
}

pub fn cdc_scaling(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let pipes = clickpipes(org, svc)?;
    Ok(Reply::Result(
        pipes
            .cdc_scaling
            .clone()
            .unwrap_or_else(default_cdc_scaling),
    ))
}

/// Memory is 4 GiB per CPU core: one of the two is enough, both must agree.
pub fn update_cdc_scaling(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body = body(req, &schemas::CDC_SCALING_PATCH)?;
    let pipes = clickpipes_mut(org, svc)?;
    let cpu = body.get("replicaCpuMillicores").and_then(Value::as_f64);
    let memory = body.get("replicaMemoryGb").and_then(Value::as_f64);
    let (cpu, memory) = match (cpu, memory) {
        (None, None) => {
            return Err(bad(
                "The request body must set replicaCpuMillicores, replicaMemoryGb or both",
            ));
        }
        (Some(cpu), None) => (cpu, cpu / 1000.0 * 4.0),
        (None, Some(memory)) => (memory / 4.0 * 1000.0, memory),
        (Some(cpu), Some(memory)) => (cpu, memory),
    };
    if memory != cpu / 1000.0 * 4.0 {
        return Err(bad(format!(
            "Field \"replicaMemoryGb\" must be 4 × the CPU cores ({} for {cpu} millicores), not {memory}",
            cpu / 1000.0 * 4.0
        )));
    }
    if !(1000.0..=32000.0).contains(&cpu) {
        return Err(bad(format!(
            "Field \"replicaCpuMillicores\" must be between 1000 and 32000 (got {cpu})"
        )));
    }
    let scaling = json!({
        "replicaCpuMillicores": cpu as u64,
        "replicaMemoryGb": memory as u64,
    });
    pipes.cdc_scaling = Some(scaling.clone());
    Ok(Reply::Result(scaling))
}
