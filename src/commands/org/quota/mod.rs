//! `cloud org quota …`: the organization's resource limits and their use.

mod get;
mod list;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::OrganizationQuota;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table, flag};

#[derive(Debug, Subcommand)]
pub enum QuotaCommand {
    /// List the organization's quotas with their limits and current use
    List(list::Args),
    /// Show one quota by its code
    Get(get::Args),
}

impl Classified for QuotaCommand {
    fn access(&self) -> Access {
        match self {
            QuotaCommand::List(_) => Access::Read,
            QuotaCommand::Get(_) => Access::Read,
        }
    }
}

impl Operations for QuotaCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            QuotaCommand::List(_) => &["organizationGetList", "organizationQuotasGetList"],
            QuotaCommand::Get(_) => &["organizationGetList", "organizationQuotaGet"],
        }
    }
}

impl ApiCommand for QuotaCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            QuotaCommand::List(args) => list::run(args, session.read(), out).await,
            QuotaCommand::Get(args) => get::run(args, session.read(), out).await,
        }
    }
}

/// `OrganizationQuota.quotaCode` values in the spec.
pub(crate) const QUOTA_CODES: [&str; 3] = [
    "services-per-organization",
    "postgres-services-per-organization",
    "replicas-per-warehouse",
];

fn detail(quota: &OrganizationQuota) -> comfy_table::Table {
    detail_table([
        ("Code", quota.quota_code.clone()),
        ("Name", quota.name.clone()),
        ("Scope", quota.scope.clone()),
        ("Limit", quota.value.map(|v| v.to_string())),
        ("Used", quota.usage.map(|v| v.to_string())),
        ("Adjustable", flag(quota.adjustable)),
        ("Description", quota.description.clone()),
    ])
}
