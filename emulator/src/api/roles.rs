//! `/v1/organizations/{organizationId}/roles[/{roleId}]`: the two system roles, computed per
//! request, and the organization's custom roles, stored as served.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::roles::SystemRole;
use crate::schemas;
use crate::store::Org;

/// `RBACRole` objects: the system roles, then the custom ones in creation order.
pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let roles: Vec<Value> = SystemRole::ALL
        .into_iter()
        .map(|role| rbac_role(org, role))
        .chain(org.custom_roles.iter().cloned())
        .collect();
    Ok(Reply::Result(Value::Array(roles)))
}

pub fn get(ctx: &mut Ctx, org: &str, role: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let id = crate::store::parse_id("roleId", role)?;
    if let Some(system) = SystemRole::from_id(id) {
        return Ok(Reply::Result(rbac_role(org, system)));
    }
    let index = custom_index(org, id)?;
    Ok(Reply::Result(org.custom_roles[index].clone()))
}

/// POST: a custom role with its policies (each given an id) and actors.
pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let body: Map<String, Value> = req.body(&schemas::ROLE_POST)?;
    let id = Uuid::new_v4();
    let name = body["name"].as_str().unwrap_or_default();
    check_name_free(org, name, None)?;
    check_actors(org, &body["actors"])?;
    let org_id = org.id().to_string();
    let now = req.now_text();
    let role = json!({
        "id": id,
        "tenantId": format!("organization/{org_id}"),
        "ownerId": format!("organization/{org_id}"),
        "name": name,
        "type": "custom",
        "actors": body["actors"],
        "policies": policies(id, &org_id, &body["policies"]),
        "createdAt": now,
        "updatedAt": now,
    });
    org.custom_roles.push(role.clone());
    Ok(Reply::Result(role))
}

/// PATCH: only the fields sent change; `actors` and `policies` are replaced whole.
pub fn update(ctx: &mut Ctx, org: &str, role: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let id = crate::store::parse_id("roleId", role)?;
    refuse_system(id, "updated")?;
    let index = custom_index(org, id)?;
    let body: Map<String, Value> = req.body(&schemas::ROLE_PATCH)?;
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        check_name_free(org, name, Some(id))?;
    }
    if let Some(actors) = body.get("actors") {
        check_actors(org, actors)?;
    }
    let org_id = org.id().to_string();
    let stored = &mut org.custom_roles[index];
    for field in ["name", "actors"] {
        if let Some(value) = body.get(field) {
            stored[field] = value.clone();
        }
    }
    if let Some(given) = body.get("policies") {
        stored["policies"] = policies(id, &org_id, given);
    }
    stored["updatedAt"] = json!(req.now_text());
    Ok(Reply::Result(stored.clone()))
}

pub fn delete(ctx: &mut Ctx, org: &str, role: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    let id = crate::store::parse_id("roleId", role)?;
    refuse_system(id, "deleted")?;
    let index = custom_index(org, id)?;
    org.custom_roles.remove(index);
    Ok(Reply::Done)
}

/// The spec answers 400 for what a system role refuses ("System roles cannot be updated").
fn refuse_system(id: Uuid, verb: &str) -> Result<(), ApiError> {
    match SystemRole::from_id(id) {
        Some(role) => Err(ApiError::bad_request(format!(
            "Role {id} ({}) is a system role; system roles cannot be {verb}",
            role.name()
        ))),
        None => Ok(()),
    }
}

fn custom_index(org: &Org, id: Uuid) -> Result<usize, ApiError> {
    let id = id.to_string();
    org.custom_roles
        .iter()
        .position(|role| role["id"].as_str() == Some(id.as_str()))
        .ok_or_else(|| ApiError::not_found(format!("Role {id} not found")))
}

/// Role names are unique in an organization, system ones included.
fn check_name_free(org: &Org, name: &str, except: Option<Uuid>) -> Result<(), ApiError> {
    let except = except.map(|id| id.to_string());
    let custom_taken = org.custom_roles.iter().any(|role| {
        role["name"].as_str() == Some(name) && role["id"].as_str() != except.as_deref()
    });
    if custom_taken || SystemRole::ALL.iter().any(|role| role.name() == name) {
        return Err(ApiError::bad_request(format!(
            "Field \"name\": a role named \"{name}\" already exists"
        )));
    }
    Ok(())
}

/// Each actor is `user/<member's user id>` or `apiKey/<key id>` of this organization.
fn check_actors(org: &Org, actors: &Value) -> Result<(), ApiError> {
    for (i, actor) in actors.as_array().into_iter().flatten().enumerate() {
        let actor = actor.as_str().unwrap_or_default();
        let known = match actor.split_once('/') {
            Some(("user", id)) => org.members.iter().any(|m| m.user_id.to_string() == id),
            Some(("apiKey", id)) => org.keys.iter().any(|k| k.key.id.to_string() == id),
            _ => false,
        };
        if !known {
            return Err(ApiError::bad_request(format!(
                "Field \"actors[{i}]\": \"{actor}\" is no member (user/<userId>) or API key \
                 (apiKey/<keyId>) of the organization"
            )));
        }
    }
    Ok(())
}

/// A removed member or deleted key no longer holds any custom role.
pub fn forget_actor(org: &mut Org, actor: &str) {
    for role in &mut org.custom_roles {
        if let Some(actors) = role["actors"].as_array_mut() {
            actors.retain(|a| a.as_str() != Some(actor));
        }
    }
}

/// `RBACPolicy` objects from `RBACPolicyCreateRequest`s.
fn policies(role: Uuid, org_id: &str, given: &Value) -> Value {
    let policies: Vec<Value> = given
        .as_array()
        .into_iter()
        .flatten()
        .map(|policy| {
            let mut policy = policy.clone();
            policy["id"] = json!(Uuid::new_v4());
            policy["roleId"] = json!(role);
            policy["tenantId"] = json!(format!("organization/{org_id}"));
            policy
        })
        .collect();
    Value::Array(policies)
}

fn rbac_role(org: &Org, role: SystemRole) -> Value {
    let org_id = org.id().to_string();
    let holds =
        |assigned: &[crate::model::AssignedRole]| assigned.iter().any(|a| a.role_id == role.id());
    let actors: Vec<String> = org
        .members
        .iter()
        .filter(|m| holds(&m.assigned_roles))
        .map(|m| format!("user/{}", m.user_id))
        .chain(
            org.keys
                .iter()
                .filter(|k| holds(&k.key.assigned_roles))
                .map(|k| format!("apiKey/{}", k.key.id)),
        )
        .collect();
    json!({
        "id": role.id(),
        "tenantId": format!("organization/{org_id}"),
        "ownerId": format!("organization/{org_id}"),
        "name": role.name(),
        "type": "system",
        "actors": actors,
        "policies": [{
            "id": role.id(),
            "roleId": role.id(),
            "tenantId": format!("organization/{org_id}"),
            "allowDeny": "ALLOW",
            "permissions": role.permissions(),
            "resources": [format!("organization/{org_id}")],
        }],
        "createdAt": org.organization.created_at,
        "updatedAt": org.organization.created_at,
    })
}
