//! `/v1/organizations/{organizationId}/members[/{userId}]`. An organization always keeps at
//! least one admin: demoting or removing the last one is a 409.

use serde::Deserialize;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::roles::{ADMIN_ROLE_ID, SystemRole, roles_from_ids};
use crate::schemas;
use crate::store::{Org, parse_id};

pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(&org.members)
}

pub fn get(ctx: &mut Ctx, org: &str, user: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(org.member(user)?)
}

/// `MemberPatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Patch {
    role: Option<String>,
    assigned_role_ids: Option<Vec<String>>,
}

fn is_admin(member: &crate::model::Member) -> bool {
    member
        .assigned_roles
        .iter()
        .any(|r| r.role_id == ADMIN_ROLE_ID)
}

/// True when `user_id` is the only admin left.
fn last_admin(org: &Org, user_id: uuid::Uuid) -> bool {
    let admins: Vec<_> = org.members.iter().filter(|m| is_admin(m)).collect();
    admins.len() == 1 && admins[0].user_id == user_id
}

/// PATCH: `assignedRoleIds` (or the deprecated `role`).
pub fn update(ctx: &mut Ctx, org: &str, user: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: Patch = req.body(&schemas::MEMBER_PATCH)?;
    let (roles, kind) = match (&patch.role, &patch.assigned_role_ids) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "Fields \"role\" (deprecated) and \"assignedRoleIds\" cannot be combined; use \"assignedRoleIds\"",
            ));
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "Field \"assignedRoleIds\" is required (or the deprecated \"role\")",
            ));
        }
        (Some(role), None) => (
            SystemRole::from_legacy_name(role).into_iter().collect(),
            "organization_member_update_role",
        ),
        (None, Some(ids)) => (
            roles_from_ids(ids, "assignedRoleIds").map_err(ApiError::bad_request)?,
            "organization_member_update_roles",
        ),
    };
    let roles: Vec<SystemRole> = roles;
    if roles.is_empty() {
        return Err(ApiError::bad_request(
            "Field \"assignedRoleIds\" must contain at least 1 role id",
        ));
    }
    let user_id = org.member(user)?.user_id;
    if !roles.contains(&SystemRole::Admin) && last_admin(org, user_id) {
        return Err(ApiError::conflict(format!(
            "Member {user_id} is the organization's last admin; make someone else admin first"
        )));
    }
    let member = org.member_mut(user)?;
    member.role = if roles.contains(&SystemRole::Admin) {
        "admin".into()
    } else {
        "developer".into()
    };
    member.assigned_roles = roles.into_iter().map(SystemRole::assigned).collect();
    let result = Reply::of(&*member)?;
    org.record(req.activity(org.id(), kind));
    Ok(result)
}

/// DELETE: removes the member (and, for the demo user, their OAuth access to the organization).
pub fn delete(ctx: &mut Ctx, org: &str, user: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let user_id = parse_id("userId", user)?;
    org.member(user)?;
    if last_admin(org, user_id) {
        return Err(ApiError::conflict(format!(
            "Member {user_id} is the organization's last admin and cannot be removed"
        )));
    }
    org.members.retain(|m| m.user_id != user_id);
    super::roles::forget_actor(org, &format!("user/{user_id}"));
    org.record(req.activity(org.id(), "organization_member_delete"));
    Ok(Reply::Done)
}
