//! `GET /v1/organizations/{organizationId}/roles[/{roleId}]`: the system roles, so role ids
//! for `assignedRoleIds` can be looked up by name.

use serde_json::{Value, json};

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::roles::SystemRole;

/// `RBACRole` objects; `actors` lists the members (user ids) and keys (key ids) holding the role.
pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let roles: Vec<Value> = SystemRole::ALL
        .into_iter()
        .map(|role| rbac_role(org, role))
        .collect();
    Ok(Reply::Result(Value::Array(roles)))
}

/// One `RBACRole`; a role id that is no system role is 404 (custom roles are not emulated).
pub fn get(ctx: &mut Ctx, org: &str, role: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let id = crate::store::parse_id("roleId", role)?;
    let role = SystemRole::from_id(id)
        .ok_or_else(|| ApiError::not_found(format!("Role {id} not found")))?;
    Ok(Reply::Result(rbac_role(org, role)))
}

fn rbac_role(org: &crate::store::Org, role: SystemRole) -> Value {
    let org_id = org.id().to_string();
    let holds =
        |assigned: &[crate::model::AssignedRole]| assigned.iter().any(|a| a.role_id == role.id());
    let actors: Vec<String> = org
        .members
        .iter()
        .filter(|m| holds(&m.assigned_roles))
        .map(|m| m.user_id.to_string())
        .chain(
            org.keys
                .iter()
                .filter(|k| holds(&k.key.assigned_roles))
                .map(|k| k.key.id.to_string()),
        )
        .collect();
    json!({
        "id": role.id(),
        "tenantId": org_id,
        "ownerId": org_id,
        "name": role.name(),
        "type": "system",
        "actors": actors,
        "policies": [{
            "id": role.id(),
            "roleId": role.id(),
            "tenantId": org_id,
            "allowDeny": "ALLOW",
            "permissions": role.permissions(),
            "resources": [format!("organization/{org_id}")],
        }],
        "createdAt": org.organization.created_at,
        "updatedAt": org.organization.created_at,
    })
}
