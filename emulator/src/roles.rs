//! The two system roles every organization has, and how the legacy role names and the newer
//! role ids map onto them. Roles are the same (same ids) in every organization: custom roles are
//! not emulated, so there is nothing organization-specific about them.

use uuid::{Uuid, uuid};

use crate::model::AssignedRole;

/// Id of the "Admin" system role (read and write).
pub const ADMIN_ROLE_ID: Uuid = uuid!("7e000000-0000-4000-8000-000000000001");
/// Id of the "Developer" system role (read-only).
pub const DEVELOPER_ROLE_ID: Uuid = uuid!("7e000000-0000-4000-8000-000000000002");

/// A system role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemRole {
    Admin,
    Developer,
}

impl SystemRole {
    pub const ALL: [SystemRole; 2] = [SystemRole::Admin, SystemRole::Developer];

    pub fn id(self) -> Uuid {
        match self {
            Self::Admin => ADMIN_ROLE_ID,
            Self::Developer => DEVELOPER_ROLE_ID,
        }
    }

    /// The role's display name, as in `AssignedRole.roleName`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::Developer => "Developer",
        }
    }

    /// The deprecated `role` / `roles` spelling.
    pub fn legacy_name(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Developer => "developer",
        }
    }

    pub fn from_id(id: Uuid) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.id() == id)
    }

    pub fn from_legacy_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|role| role.legacy_name() == name)
    }

    /// The `AssignedRole` object for this role.
    pub fn assigned(self) -> AssignedRole {
        AssignedRole {
            role_id: self.id(),
            role_name: self.name().to_string(),
            role_type: "system".to_string(),
        }
    }

    /// Permissions listed in the role's `RBACPolicy`.
    pub fn permissions(self) -> &'static [&'static str] {
        match self {
            Self::Admin => &[
                "control-plane:organization:view",
                "control-plane:organization:manage",
                "control-plane:service:view",
                "control-plane:service:manage",
                "control-plane:member:manage",
                "control-plane:key:manage",
            ],
            Self::Developer => &[
                "control-plane:organization:view",
                "control-plane:service:view",
            ],
        }
    }
}

/// Resolves `assignedRoleIds` (already checked to be UUIDs) to system roles; unknown ids are an
/// error naming the field.
pub fn roles_from_ids(ids: &[String], field: &str) -> Result<Vec<SystemRole>, String> {
    let mut roles = Vec::new();
    for (i, raw) in ids.iter().enumerate() {
        let role = Uuid::parse_str(raw)
            .ok()
            .and_then(SystemRole::from_id)
            .ok_or_else(|| {
                format!(
                    "Field \"{field}[{i}]\": unknown role id {raw}; GET /v1/organizations/{{organizationId}}/roles lists the valid ids"
                )
            })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// True when the roles grant write access.
pub fn grants_write(assigned: &[AssignedRole], legacy: &[String]) -> bool {
    assigned.iter().any(|role| role.role_id == ADMIN_ROLE_ID) || legacy.iter().any(|r| r == "admin")
}
