//! `cloud postgres certs get <POSTGRES>`

use std::path::PathBuf;

use crate::api::ReadApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Prints the PEM as sent, also under --json (it is not JSON).\n\nExamples:\n  cloud postgres certs get <POSTGRES_ID>\n  cloud postgres certs get orders-db --output root.crt\n  psql \"sslmode=verify-full sslrootcert=root.crt host=...\""
)]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// Write the certificate to this file instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let pem = api.postgres_certificates(org, id).await?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, pem.as_bytes()).map_err(|e| {
                Error::Usage(format!("--output {}: cannot write: {e}", path.display()))
            })?;
            out.notice(&format!(
                "Wrote the CA certificate of Postgres service {id} to {}.",
                path.display()
            ));
        }
        None => out.line(pem.trim_end()),
    }
    Ok(())
}
