//! `cloud auth …`: these manage credentials rather than use one, so they are all
//! classified Read and run without opening a session.

mod login;
mod logout;
mod oauth_login;
mod status;
mod token;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::app::App;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Log in: OAuth in the browser (read-only), or --api-key for read and write
    Login(login::Args),
    /// Remove stored credentials of the active context
    Logout(logout::Args),
    /// Show every credential source, which one is in use, and what it may do
    Status(status::Args),
    /// Print the OAuth access token in use, for scripts (it is read-only)
    Token(token::Args),
}

impl Classified for AuthCommand {
    fn access(&self) -> Access {
        match self {
            AuthCommand::Login(_) => Access::Read,
            AuthCommand::Logout(_) => Access::Read,
            AuthCommand::Status(_) => Access::Read,
            AuthCommand::Token(_) => Access::Read,
        }
    }
}

impl Operations for AuthCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            AuthCommand::Login(_) => &["organizationGetList"],
            AuthCommand::Logout(_) => &[],
            AuthCommand::Status(_) => &["organizationGetList", "openapiKeyGetList"],
            AuthCommand::Token(_) => &[],
        }
    }
}

impl AuthCommand {
    pub async fn run(self, app: &App) -> Result<()> {
        match self {
            AuthCommand::Login(args) => login::run(args, app).await,
            AuthCommand::Logout(args) => logout::run(args, app).await,
            AuthCommand::Status(args) => status::run(args, app).await,
            AuthCommand::Token(args) => token::run(args, app).await,
        }
    }
}
