//! `cloud clickpipe reverse-private-endpoint …`: private connections from ClickPipes to the
//! sources they read, per service.

mod create;
mod delete;
mod get;
mod list;
mod update;

use clap::Subcommand;
use uuid::Uuid;

use crate::access::{Access, Classified, Operations};
use crate::api::ReadApi;
use crate::api::clickpipes::{PrivateDnsMapping, ReversePrivateEndpoint};
use crate::app::{ApiCommand, Session};
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, detail_table, join};

#[derive(Debug, Subcommand)]
pub enum EndpointCommand {
    /// List the reverse private endpoints of a service
    List(list::Args),
    /// Show one reverse private endpoint
    Get(get::Args),
    /// Create a reverse private endpoint
    Create(Box<create::Args>),
    /// Replace the custom private DNS names of a reverse private endpoint
    Update(update::Args),
    /// Delete a reverse private endpoint
    Delete(delete::Args),
}

impl Classified for EndpointCommand {
    fn access(&self) -> Access {
        match self {
            EndpointCommand::List(_) => Access::Read,
            EndpointCommand::Get(_) => Access::Read,
            EndpointCommand::Create(_) => Access::Write,
            EndpointCommand::Update(_) => Access::Write,
            EndpointCommand::Delete(_) => Access::Write,
        }
    }
}

impl EndpointCommand {
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            EndpointCommand::Delete(args) => Some(args.confirm),
            EndpointCommand::List(_)
            | EndpointCommand::Get(_)
            | EndpointCommand::Create(_)
            | EndpointCommand::Update(_) => None,
        }
    }
}

impl EndpointCommand {
    /// Checks what needs no request, before the session (so not even the key-role lookup
    /// of a write is sent for bad input).
    pub fn prepare(&self) -> Result<()> {
        match self {
            EndpointCommand::Create(args) => create::request(args).map(drop),
            EndpointCommand::Update(args) => update::check(args),
            EndpointCommand::List(_) | EndpointCommand::Get(_) | EndpointCommand::Delete(_) => {
                Ok(())
            }
        }
    }
}

impl Operations for EndpointCommand {
    fn operations(&self) -> &'static [&'static str] {
        // An endpoint given by description is found in the list.
        match self {
            EndpointCommand::List(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeReversePrivateEndpointGetList",
            ],
            EndpointCommand::Get(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeReversePrivateEndpointGetList",
                "clickPipeReversePrivateEndpointGet",
            ],
            EndpointCommand::Create(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeReversePrivateEndpointCreate",
            ],
            EndpointCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeReversePrivateEndpointGetList",
                "clickPipeReversePrivateEndpointUpdate",
            ],
            // The confirmation names the endpoint.
            EndpointCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "clickPipeReversePrivateEndpointGetList",
                "clickPipeReversePrivateEndpointGet",
                "clickPipeReversePrivateEndpointDelete",
            ],
        }
    }
}

impl ApiCommand for EndpointCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            EndpointCommand::List(args) => list::run(args, session.read(), out).await,
            EndpointCommand::Get(args) => get::run(args, session.read(), out).await,
            EndpointCommand::Create(args) => create::run(*args, session.write()?, out).await,
            EndpointCommand::Update(args) => update::run(args, session.write()?, out).await,
            EndpointCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

/// `<SERVICE> <ENDPOINT> [--org-id]`
#[derive(Debug, Clone, clap::Args)]
pub struct EndpointRef {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Reverse private endpoint ID or description
    #[arg(value_name = "ENDPOINT", value_parser = crate::args::REVERSE_ENDPOINT_REF)]
    pub endpoint: IdOrName,

    #[command(flatten)]
    pub org: OrgArg,
}

impl EndpointRef {
    /// The organization's, the service's and the endpoint's IDs.
    async fn resolve(&self, api: &ReadApi) -> Result<(Uuid, Uuid, Uuid)> {
        let org = self.org.resolve(api).await?;
        let service = crate::commands::lookup::service(api, org, &self.service).await?;
        let endpoint =
            crate::commands::lookup::reverse_private_endpoint(api, org, service, &self.endpoint)
                .await?;
        Ok((org, service, endpoint))
    }
}

/// `--private-dns-name`, repeated, as the API takes them.
fn mappings(names: &[String]) -> Vec<PrivateDnsMapping> {
    names
        .iter()
        .map(|name| PrivateDnsMapping {
            private_dns_name: Some(name.clone()),
        })
        .collect()
}

/// A private DNS name: a host name, or one with a leading wildcard (`*.example.com`).
fn dns_name(value: &str) -> std::result::Result<String, String> {
    let host = value.strip_prefix("*.").unwrap_or(value);
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if value.len() <= 253 && host.contains('.') && host.split('.').all(label_ok) {
        Ok(value.to_owned())
    } else {
        Err("expected a DNS name such as db.example.com or *.example.com".into())
    }
}

fn detail(endpoint: &ReversePrivateEndpoint) -> comfy_table::Table {
    let custom = endpoint.custom_private_dns_mappings.as_ref().map(|m| {
        m.iter()
            .filter_map(|m| m.private_dns_name.clone())
            .collect::<Vec<_>>()
    });
    detail_table([
        ("ID", endpoint.id.clone()),
        ("Description", endpoint.description.clone()),
        ("Type", endpoint.kind.clone()),
        ("Status", endpoint.status.clone()),
        ("Endpoint ID", endpoint.endpoint_id.clone()),
        (
            "VPC endpoint service",
            endpoint.vpc_endpoint_service_name.clone(),
        ),
        (
            "VPC resource configuration",
            endpoint.vpc_resource_configuration_id.clone(),
        ),
        (
            "VPC resource share",
            endpoint.vpc_resource_share_arn.clone(),
        ),
        ("MSK cluster", endpoint.msk_cluster_arn.clone()),
        ("MSK authentication", endpoint.msk_authentication.clone()),
        (
            "GCP service attachment",
            endpoint.gcp_service_attachment.clone(),
        ),
        ("DNS names", join(&endpoint.dns_names)),
        ("Private DNS names", join(&endpoint.private_dns_names)),
        ("Custom private DNS names", join(&custom)),
        ("Service", endpoint.service_id.clone()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert!(dns_name("db.example.com").is_ok());
        assert!(dns_name("*.example.com").is_ok());
        assert!(dns_name("localhost").is_err());
        assert!(dns_name("a..b").is_err());
        assert!(dns_name("-a.example.com").is_err());
        assert!(dns_name("a b.example.com").is_err());
    }
}
