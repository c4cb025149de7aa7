//! `/v1/organizations/{organizationId}/invitations[/{invitationId}]`. Invitations expire after
//! 7 days; nobody ever accepts them in the emulator.

use serde::Deserialize;
use uuid::Uuid;

use super::Ctx;
use crate::clock;
use crate::envelope::{ApiError, Reply};
use crate::model::Invitation;
use crate::roles::{SystemRole, roles_from_ids};
use crate::schemas;

/// How long an invitation stays valid.
const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(&org.invitations)
}

pub fn get(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(org.invitation(id)?)
}

/// `InvitationPostRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    email: String,
    role: Option<String>,
    assigned_role_ids: Option<Vec<String>>,
}

/// POST. Without a role the invitation is for a Developer. Inviting a member, or someone
/// with a pending invitation, is a 409.
pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let post: Post = req.body(&schemas::INVITATION_POST)?;
    let email = post.email.to_lowercase();
    let roles = match (&post.role, &post.assigned_role_ids) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "Fields \"role\" (deprecated) and \"assignedRoleIds\" cannot be combined; use \"assignedRoleIds\"",
            ));
        }
        (Some(role), None) => SystemRole::from_legacy_name(role).into_iter().collect(),
        (None, Some(ids)) => {
            roles_from_ids(ids, "assignedRoleIds").map_err(ApiError::bad_request)?
        }
        (None, None) => vec![SystemRole::Developer],
    };
    if roles.is_empty() {
        return Err(ApiError::bad_request(
            "Field \"assignedRoleIds\" must contain at least 1 role id",
        ));
    }
    if org
        .members
        .iter()
        .any(|m| m.email.eq_ignore_ascii_case(&email))
    {
        return Err(ApiError::conflict(format!(
            "{email} is already a member of this organization"
        )));
    }
    if org.invitations.iter().any(|i| i.email == email) {
        return Err(ApiError::conflict(format!(
            "{email} already has a pending invitation"
        )));
    }
    let invitation = Invitation {
        role: if roles.contains(&SystemRole::Admin) {
            "admin".into()
        } else {
            "developer".into()
        },
        id: Uuid::new_v4(),
        email,
        created_at: req.now_text(),
        expire_at: clock::rfc3339(clock::plus_seconds(req.now, INVITATION_TTL_SECS)),
        assigned_roles: roles.into_iter().map(SystemRole::assigned).collect(),
    };
    let result = Reply::of(&invitation)?;
    org.invitations.push(invitation);
    org.record(req.activity(org.id(), "organization_invite_create"));
    Ok(result)
}

pub fn delete(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let id = org.invitation(id)?.id;
    org.invitations.retain(|i| i.id != id);
    org.record(req.activity(org.id(), "organization_invite_delete"));
    Ok(Reply::Done)
}
