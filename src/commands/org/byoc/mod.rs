//! `cloud org byoc …`: the organization's bring-your-own-cloud infrastructures (ClickHouse
//! Cloud in the customer's own cloud account). `cloud org get` lists them.

mod create;
mod delete;
mod update;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::ByocConfig;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table};

#[derive(Debug, Subcommand)]
pub enum ByocCommand {
    /// Set up a BYOC infrastructure in a cloud account and region
    Create(create::Args),
    /// Rename a BYOC infrastructure
    Update(update::Args),
    /// Remove a BYOC infrastructure from the organization
    Delete(delete::Args),
}

impl Classified for ByocCommand {
    fn access(&self) -> Access {
        match self {
            ByocCommand::Create(_) => Access::Write,
            ByocCommand::Update(_) => Access::Write,
            ByocCommand::Delete(_) => Access::Write,
        }
    }
}

impl ByocCommand {
    /// The `--yes` of a destructive command (it asks for confirmation), `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            ByocCommand::Create(_) => None,
            ByocCommand::Update(_) => None,
            ByocCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for ByocCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            ByocCommand::Create(_) => &[
                "organizationGetList",
                "organizationByocInfrastructureCreate",
            ],
            ByocCommand::Update(_) => &[
                "organizationGetList",
                "organizationGet",
                "organizationByocInfrastructureUpdate",
            ],
            ByocCommand::Delete(_) => &[
                "organizationGetList",
                "organizationGet",
                "organizationByocInfrastructureDelete",
            ],
        }
    }
}

impl ApiCommand for ByocCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            ByocCommand::Create(args) => create::run(args, session.write()?, out).await,
            ByocCommand::Update(args) => update::run(args, session.write()?, out).await,
            ByocCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

/// The availability zone suffixes the spec allows (`availabilityZoneSuffixes` items).
pub(crate) const ZONE_SUFFIXES: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

fn detail(config: &ByocConfig) -> comfy_table::Table {
    detail_table([
        ("ID", config.id.clone()),
        ("Name", config.display_name.clone()),
        ("State", config.state.clone()),
        ("Account", config.account_name.clone()),
        ("Provider", config.cloud_provider.clone()),
        ("Region", config.region_id.clone()),
    ])
}
