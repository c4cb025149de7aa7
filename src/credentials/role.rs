//! What an API key's role lets it do, as the API describes the key.
//!
//! The key's own record (`GET /v1/organizations/{id}/keys`, found by `keySuffix`) names its
//! roles: `assignedRoles` (system or custom roles) and the deprecated `roles`. Only the
//! system roles `cloud` knows decide anything locally: Admin writes; Developer (and the
//! legacy `developer` and `query_endpoints`) only reads, so the key is clamped with
//! [`super::Clamp::Role`]. Anything else (a custom role, no role) leaves the decision to
//! the server.

use serde::{Deserialize, Serialize};

/// A key's role and whether it may write, when that is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRole {
    /// The role names as the API gives them, e.g. `Developer`, or `Admin, Auditors`.
    pub name: String,
    /// `Some(false)` for read-only system roles, `Some(true)` when a role may write,
    /// `None` when `cloud` cannot tell (custom roles): the server decides.
    pub writes: Option<bool>,
}

/// One entry of a key's `assignedRoles`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedRole {
    pub name: String,
    /// `system` or `custom`.
    pub kind: String,
}

/// Legacy role names and system role names that only read.
const READ_ONLY_ROLES: [&str; 2] = ["developer", "query_endpoints"];

/// The role of a key from its `assignedRoles` (preferred: the legacy `roles` field is
/// frozen once an organization moves to custom roles) or, without them, its `roles`.
/// `None` when the record names no role at all.
pub fn key_role(assigned: &[AssignedRole], legacy: &[String]) -> Option<KeyRole> {
    if !assigned.is_empty() {
        let name = assigned
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let system = |role: &AssignedRole| role.kind.eq_ignore_ascii_case("system");
        let admin = assigned
            .iter()
            .any(|r| system(r) && r.name.eq_ignore_ascii_case("admin"));
        let read_only = assigned.iter().all(|r| {
            system(r)
                && READ_ONLY_ROLES
                    .iter()
                    .any(|known| r.name.eq_ignore_ascii_case(known))
        });
        let writes = if admin {
            Some(true)
        } else if read_only {
            Some(false)
        } else {
            None
        };
        return Some(KeyRole { name, writes });
    }
    if legacy.is_empty() {
        return None;
    }
    let writes = if legacy.iter().any(|r| r == "admin") {
        Some(true)
    } else if legacy.iter().all(|r| READ_ONLY_ROLES.contains(&r.as_str())) {
        Some(false)
    } else {
        None
    };
    Some(KeyRole {
        name: legacy.join(", "),
        writes,
    })
}

/// The last four characters of a key id: what the API shows of it as `keySuffix`.
pub fn key_suffix(key_id: &str) -> String {
    let chars: Vec<char> = key_id.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(name: &str) -> AssignedRole {
        AssignedRole {
            name: name.into(),
            kind: "system".into(),
        }
    }

    #[test]
    fn system_roles_decide_and_custom_roles_leave_it_to_the_server() {
        let role = |assigned: &[AssignedRole]| key_role(assigned, &[]).unwrap().writes;
        assert_eq!(role(&[system("Admin")]), Some(true));
        assert_eq!(role(&[system("Developer")]), Some(false));
        let custom = AssignedRole {
            name: "Developer".into(),
            kind: "custom".into(),
        };
        assert_eq!(role(std::slice::from_ref(&custom)), None);
        assert_eq!(role(&[system("Developer"), custom]), None);
        assert_eq!(role(&[system("Billing")]), None);
    }

    #[test]
    fn legacy_roles_count_only_without_assigned_roles() {
        let legacy = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            key_role(&[], &names).map(|r| r.writes)
        };
        assert_eq!(legacy(&["admin"]), Some(Some(true)));
        assert_eq!(legacy(&["developer"]), Some(Some(false)));
        assert_eq!(legacy(&["query_endpoints", "developer"]), Some(Some(false)));
        assert_eq!(legacy(&[]), None);
        let found = key_role(&[system("Admin")], &["developer".into()]).unwrap();
        assert_eq!(found.writes, Some(true));
        assert_eq!(found.name, "Admin");
    }

    #[test]
    fn suffix_is_the_last_four_characters() {
        assert_eq!(key_suffix("cat9ag498dyT5bl5Ghcq"), "Ghcq");
        assert_eq!(key_suffix("ab"), "ab");
    }
}
