//! `cloud udf attachment …`: the services a UDF is attached to.

mod get;
mod list;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// List the services a UDF is attached to
    List(list::Args),
    /// Show a UDF's attachment to one service
    Get(get::Args),
}

impl Classified for AttachmentCommand {
    fn access(&self) -> Access {
        match self {
            AttachmentCommand::List(_) => Access::Read,
            AttachmentCommand::Get(_) => Access::Read,
        }
    }
}

impl Operations for AttachmentCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            AttachmentCommand::List(_) => &["organizationGetList", "udfAttachmentList"],
            AttachmentCommand::Get(_) => {
                &["organizationGetList", "instanceGetList", "udfAttachmentGet"]
            }
        }
    }
}

impl ApiCommand for AttachmentCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            AttachmentCommand::List(args) => list::run(args, session.read(), out).await,
            AttachmentCommand::Get(args) => get::run(args, session.read(), out).await,
        }
    }
}
