//! `cloud backup …` (being written)

use clap::Subcommand;

use crate::access::{Access, Classified};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum BackupCommand {}

impl Classified for BackupCommand {
    fn access(&self) -> Access {
        match *self {}
    }
}

impl ApiCommand for BackupCommand {
    async fn run(self, _session: &Session, _out: Output) -> Result<()> {
        match self {}
    }
}
