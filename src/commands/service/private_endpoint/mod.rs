//! `cloud service private-endpoint …`

mod create;
mod get_config;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum PrivateEndpointCommand {
    /// Show what a private endpoint to the service needs (endpoint service, DNS name)
    GetConfig(get_config::Args),
    /// Register a private endpoint for the service
    Create(create::Args),
}

impl Classified for PrivateEndpointCommand {
    fn access(&self) -> Access {
        match self {
            PrivateEndpointCommand::GetConfig(_) => Access::Read,
            PrivateEndpointCommand::Create(_) => Access::Write,
        }
    }
}

impl Operations for PrivateEndpointCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            PrivateEndpointCommand::GetConfig(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instancePrivateEndpointConfigGet",
            ],
            PrivateEndpointCommand::Create(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instancePrivateEndpointCreate",
            ],
        }
    }
}

impl ApiCommand for PrivateEndpointCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            PrivateEndpointCommand::GetConfig(args) => {
                get_config::run(args, session.read(), out).await
            }
            PrivateEndpointCommand::Create(args) => create::run(args, session.write()?, out).await,
        }
    }
}
