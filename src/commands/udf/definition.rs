//! What `udf create` and `udf version create` both take: the archive and the settings the
//! API builds the version with (`UdfCreateRequest` / `UdfVersionCreateRequest`).

use std::path::PathBuf;

use crate::api::requests::{UdfArgumentSpec, UdfCreate};
use crate::error::{Error, Result};

use super::archive::Archive;

#[derive(Debug, Clone, clap::Args)]
pub struct Definition {
    /// The source archive (a .zip of the code, e.g. main.py), uploaded before the create call
    #[arg(long, value_name = "PATH")]
    pub file: PathBuf,

    /// Runtime that executes the UDF's command
    #[arg(long, value_parser = ["python3.11", "native"])]
    pub runtime: String,

    /// Executable UDF type: one process per block, or a pool of long-running processes
    #[arg(long = "type", value_name = "TYPE", value_parser = ["executable", "executable_pool"], default_value = "executable")]
    pub kind: String,

    /// An argument, NAME:TYPE (a ClickHouse type); repeat in order
    #[arg(long = "arg", value_name = "NAME:TYPE", value_parser = crate::args::Checked(argument))]
    pub arguments: Vec<UdfArgumentSpec>,

    /// ClickHouse type of the returned value
    #[arg(long, value_name = "TYPE", value_parser = crate::args::Checked(non_empty))]
    pub return_type: String,

    /// Name of the returned value [default: unnamed]
    #[arg(long, value_name = "NAME", value_parser = crate::args::UDF_NAME)]
    pub return_name: Option<String>,

    /// Input and output format of the command (the API's `format`; --format is cloud's own)
    /// [API default: TabSeparated]
    #[arg(long = "data-format", value_name = "FORMAT", value_parser = crate::args::Checked(non_empty))]
    pub data_format: Option<String>,

    /// Processes in the pool (executable_pool only) [API default: 3]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub pool_size: Option<u32>,

    /// Command stdout read timeout, in milliseconds [API default: 10000]
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u32).range(1..))]
    pub command_read_timeout: Option<u32>,

    /// Command stdin write timeout, in milliseconds [API default: 10000]
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u32).range(1..))]
    pub command_write_timeout: Option<u32>,

    /// Maximum command execution time, in seconds [API default: 10]
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_command_execution_time: Option<u32>,

    /// ClickHouse sends a row-count header before each chunk
    #[arg(long)]
    pub send_chunk_header: bool,

    /// Sandbox isolation: basic, or netenable for network access [API default: basic]
    #[arg(long, value_parser = ["basic", "netenable"])]
    pub sandbox_type: Option<String>,

    /// Sandbox runtime version [API default: v2]
    #[arg(long, value_parser = ["v1", "v2", "v3"])]
    pub sandbox_version: Option<String>,
}

/// `NAME:TYPE`, split at the first colon.
fn argument(value: &str) -> std::result::Result<UdfArgumentSpec, String> {
    let (name, kind) = value
        .split_once(':')
        .ok_or("expected NAME:TYPE, e.g. x:Int64")?;
    let name = crate::args::udf_name(name.trim())?;
    let kind = non_empty(kind)?;
    Ok(UdfArgumentSpec { name, kind })
}

fn non_empty(value: &str) -> std::result::Result<String, String> {
    crate::args::clickhouse_type(value)
}

impl Definition {
    /// Before the session: the archive and the settings' combinations.
    pub fn check(&self) -> Result<Archive> {
        self.request(None, String::new())?;
        Archive::check(&self.file)
    }

    /// The request body; `function_name` only for `udfCreate`.
    pub fn request(&self, function_name: Option<String>, upload_id: String) -> Result<UdfCreate> {
        if self.pool_size.is_some() && self.kind != "executable_pool" {
            return Err(Error::Usage(
                "--pool-size is for --type executable_pool only; nothing was sent".into(),
            ));
        }
        Ok(UdfCreate {
            function_name,
            upload_id,
            runtime: self.runtime.clone(),
            kind: self.kind.clone(),
            arguments: self.arguments.clone(),
            return_type: self.return_type.clone(),
            return_name: self.return_name.clone(),
            format: self.data_format.clone(),
            pool_size: self.pool_size,
            command_read_timeout: self.command_read_timeout,
            command_write_timeout: self.command_write_timeout,
            max_command_execution_time: self.max_command_execution_time,
            send_chunk_header: self.send_chunk_header.then_some(true),
            sandbox_type: self.sandbox_type.clone(),
            sandbox_version: self.sandbox_version.clone(),
        })
    }
}
