//! `cloud clickpipe reverse-private-endpoint update <SERVICE> <ENDPOINT>`
//! (PATCH clickPipeReversePrivateEndpointUpdate)

use super::EndpointRef;
use crate::api::WriteApi;
use crate::api::clickpipes::ReversePrivateEndpointUpdate;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The custom private DNS names given replace the endpoint's; --clear-private-dns-names removes \
them all. Each name must be unique across the service; a leading wildcard (*.example.com) is \
allowed. Not supported for MSK multi-VPC endpoints.\n\n\
Examples:\n  \
cloud clickpipe reverse-private-endpoint update <SERVICE_ID> <ENDPOINT_ID> --private-dns-name db.example.com\n  \
cloud clickpipe reverse-private-endpoint update analytics orders-psc --clear-private-dns-names",
    crate::commands::agents::write("replaces the custom private DNS names of the reverse private endpoint (PATCH clickPipeReversePrivateEndpointUpdate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub endpoint: EndpointRef,

    /// A custom private DNS name (repeat for several), e.g. db.example.com or *.example.com
    #[arg(long = "private-dns-name", value_name = "NAME", value_parser = super::dns_name)]
    pub private_dns_names: Vec<String>,

    /// Remove every custom private DNS name
    #[arg(long, conflicts_with = "private_dns_names")]
    pub clear_private_dns_names: bool,
}

/// Nothing to change is a usage error.
pub fn check(args: &Args) -> Result<()> {
    if args.private_dns_names.is_empty() && !args.clear_private_dns_names {
        return Err(Error::Usage(
            "nothing to change: give --private-dns-name (repeatable) or --clear-private-dns-names \
             (see --help)"
                .into(),
        ));
    }
    Ok(())
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    check(&args)?;
    let request = ReversePrivateEndpointUpdate {
        custom_private_dns_mappings: super::mappings(&args.private_dns_names),
    };
    let (org, service, endpoint) = args.endpoint.resolve(api).await?;
    let reply = api
        .update_reverse_private_endpoint(org, service, endpoint, &request)
        .await?;
    out.reply(&reply, super::detail);
    Ok(())
}
