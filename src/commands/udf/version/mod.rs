//! `cloud udf version …`: the versions of one UDF.

mod create;
mod delete;
mod list;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum VersionCommand {
    /// List every version of a UDF
    List(list::Args),
    /// Upload a new source archive and build it as the UDF's next version
    Create(Box<create::Args>),
    /// Delete one version of a UDF that no service has attached
    Delete(delete::Args),
}

impl Classified for VersionCommand {
    fn access(&self) -> Access {
        match self {
            VersionCommand::List(_) => Access::Read,
            VersionCommand::Create(_) => Access::Write,
            VersionCommand::Delete(_) => Access::Write,
        }
    }
}

impl Operations for VersionCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            VersionCommand::List(_) => &["organizationGetList", "udfVersionList"],
            VersionCommand::Create(_) => &[
                "organizationGetList",
                "udfUploadSessionCreate",
                "udfVersionCreate",
            ],
            VersionCommand::Delete(_) => &["organizationGetList", "udfVersionDelete"],
        }
    }
}

impl VersionCommand {
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            VersionCommand::List(_) => None,
            VersionCommand::Create(_) => None,
            VersionCommand::Delete(args) => Some(args.confirm),
        }
    }

    /// See [`super::UdfCommand::prepare`].
    pub fn prepare(&self) -> Result<()> {
        match self {
            VersionCommand::Create(args) => args.definition.check().map(drop),
            VersionCommand::List(_) | VersionCommand::Delete(_) => Ok(()),
        }
    }
}

impl ApiCommand for VersionCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            VersionCommand::List(args) => list::run(args, session.read(), out).await,
            VersionCommand::Create(args) => create::run(*args, session.write()?, out).await,
            VersionCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}
