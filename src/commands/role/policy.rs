//! The body fields `role create` and `role update` share: `--file` for the whole body, and
//! flags that replace its fields.

use std::path::PathBuf;

use serde::Deserialize;

use crate::api::requests::RolePolicyRequest;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Body {
    /// Member (user/<USER_ID>) or API key (apiKey/<KEY_ID>) to hold the role; repeat for several
    #[arg(long = "actor", value_name = "ACTOR", value_parser = crate::args::ACTOR)]
    pub actors: Vec<String>,

    /// Permission the role grants, e.g. control-plane:service:view; repeat for several
    #[arg(long = "allow", value_name = "PERMISSION", value_parser = crate::args::PERMISSION)]
    pub allow: Vec<String>,

    /// Permission the role denies (a DENY policy wins over ALLOW); repeat for several
    #[arg(long = "deny", value_name = "PERMISSION", value_parser = crate::args::PERMISSION)]
    pub deny: Vec<String>,

    /// What --allow and --deny apply to: <KIND>/<ID> or <KIND>/*, e.g. instance/*; repeat for several
    #[arg(long = "resource", value_name = "RESOURCE", value_parser = crate::args::RESOURCE)]
    pub resources: Vec<String>,

    /// The body as JSON (`name`, `actors`, `policies`), `-` for stdin; flags replace its fields
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// The fields of a `--file` body. Others (`id`, `type`, `createdAt`… of `role get --json`)
/// are ignored, so a role's JSON can be edited and sent back.
#[derive(Debug, Default, Deserialize)]
pub struct FileBody {
    pub name: Option<String>,
    pub actors: Option<Vec<String>>,
    pub policies: Option<Vec<RolePolicyRequest>>,
}

impl Body {
    /// The file's fields, each replaced by the flags given for it.
    pub fn read(&self, name: Option<String>) -> Result<FileBody> {
        let mut body = match &self.file {
            Some(path) => crate::commands::json_file::read::<FileBody>(
                path,
                "a role as a JSON object with name, actors and policies",
            )?,
            None => FileBody::default(),
        };
        if name.is_some() {
            body.name = name;
        }
        if !self.actors.is_empty() {
            body.actors = Some(self.actors.clone());
        }
        if let Some(policies) = self.policies()? {
            body.policies = Some(policies);
        }
        if let Some(policies) = &body.policies {
            check_policies(policies)?;
        }
        Ok(body)
    }

    /// One ALLOW policy for `--allow`, one DENY policy for `--deny`, both over `--resource`.
    fn policies(&self) -> Result<Option<Vec<RolePolicyRequest>>> {
        let granted = !self.allow.is_empty() || !self.deny.is_empty();
        match (granted, self.resources.is_empty()) {
            (false, true) => return Ok(None),
            (true, true) => {
                return Err(Error::Usage(
                    "--allow and --deny need --resource: what they apply to, e.g. \
                     --resource 'instance/*'; nothing was sent"
                        .into(),
                ));
            }
            (false, false) => {
                return Err(Error::Usage(
                    "--resource says what --allow or --deny apply to; give at least one of \
                     them; nothing was sent"
                        .into(),
                ));
            }
            (true, false) => {}
        }
        let policy = |allow_deny: &str, permissions: &[String]| RolePolicyRequest {
            allow_deny: allow_deny.to_owned(),
            permissions: permissions.to_vec(),
            resources: self.resources.clone(),
            tags: None,
        };
        let mut policies = Vec::new();
        if !self.allow.is_empty() {
            policies.push(policy("ALLOW", &self.allow));
        }
        if !self.deny.is_empty() {
            policies.push(policy("DENY", &self.deny));
        }
        Ok(Some(policies))
    }
}

/// What the spec's enums say of a policy from a file.
fn check_policies(policies: &[RolePolicyRequest]) -> Result<()> {
    for (i, policy) in policies.iter().enumerate() {
        if !matches!(policy.allow_deny.as_str(), "ALLOW" | "DENY") {
            return Err(Error::Usage(format!(
                "policies[{i}].allowDeny is \"{}\"; it is ALLOW or DENY; nothing was sent",
                crate::sanitize::text(&policy.allow_deny)
            )));
        }
        let role_v2 = policy.tags.as_ref().and_then(|t| t.role_v2.as_deref());
        if let Some(role) = role_v2.filter(|r| !SQL_CONSOLE_ROLES.contains(r)) {
            return Err(Error::Usage(format!(
                "policies[{i}].tags.roleV2 is \"{}\"; it is one of {}; nothing was sent",
                crate::sanitize::text(role),
                SQL_CONSOLE_ROLES.join(", ")
            )));
        }
    }
    Ok(())
}

/// `RBACPolicyTags.roleV2` values in the spec.
const SQL_CONSOLE_ROLES: [&str; 2] = ["sql-console-readonly", "sql-console-admin"];
