//! `cloud clickpipe cdc-scaling get|update <SERVICE>`: the resources of a service's
//! database (CDC) ClickPipes, shared by all of them.

mod get;
mod update;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::clickpipes::CdcScaling;
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table, number};

#[derive(Debug, Subcommand)]
pub enum CdcScalingCommand {
    /// Show the CPU and memory of a service's database ClickPipes
    Get(get::Args),
    /// Change the CPU and memory of a service's database ClickPipes
    Update(update::Args),
}

impl Classified for CdcScalingCommand {
    fn access(&self) -> Access {
        match self {
            CdcScalingCommand::Get(_) => Access::Read,
            CdcScalingCommand::Update(_) => Access::Write,
        }
    }
}

impl CdcScalingCommand {
    /// Checks what needs no request, before the session.
    pub fn prepare(&self) -> Result<()> {
        match self {
            CdcScalingCommand::Update(args) => update::patch(args).map(drop),
            CdcScalingCommand::Get(_) => Ok(()),
        }
    }
}

impl Operations for CdcScalingCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            CdcScalingCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeCdcScalingGet",
            ],
            CdcScalingCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeCdcScalingUpdate",
            ],
        }
    }
}

impl ApiCommand for CdcScalingCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            CdcScalingCommand::Get(args) => get::run(args, session.read(), out).await,
            CdcScalingCommand::Update(args) => update::run(args, session.write()?, out).await,
        }
    }
}

fn detail(scaling: &CdcScaling) -> comfy_table::Table {
    detail_table([
        (
            "CPU (millicores)",
            scaling.replica_cpu_millicores.map(|c| c.to_string()),
        ),
        ("Memory (GiB)", number(scaling.replica_memory_gb)),
    ])
}
