//! `cloud clickpipe reverse-private-endpoint create <SERVICE>`
//! (POST clickPipeReversePrivateEndpointCreate)

use crate::api::WriteApi;
use crate::api::clickpipes::ReversePrivateEndpointCreate;
use crate::commands::clickpipe::ServiceRef;
use crate::error::{Error, Result};
use crate::output::Output;

/// `CreateReversePrivateEndpoint.type`
const TYPES: [&str; 4] = [
    "VPC_ENDPOINT_SERVICE",
    "VPC_RESOURCE",
    "MSK_MULTI_VPC",
    "GCP_PSC_SERVICE_ATTACHMENT",
];

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Each --type needs its own flags, checked before anything is sent:\n  \
VPC_ENDPOINT_SERVICE        --vpc-endpoint-service-name\n  \
VPC_RESOURCE                --vpc-resource-configuration-id and --vpc-resource-share-arn\n  \
MSK_MULTI_VPC               --msk-cluster-arn and --msk-authentication (no custom DNS names)\n  \
GCP_PSC_SERVICE_ATTACHMENT  --gcp-service-attachment\n\
The endpoint is Provisioning at first; `get` shows when it is Ready (or PendingAcceptance, \
until the service's owner accepts the connection).\n\n\
Examples:\n  \
cloud clickpipe reverse-private-endpoint create <SERVICE_ID> --description orders-vpce --type VPC_ENDPOINT_SERVICE --vpc-endpoint-service-name com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0\n  \
cloud clickpipe reverse-private-endpoint create analytics --description orders-msk --type MSK_MULTI_VPC --msk-cluster-arn arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc --msk-authentication SASL_IAM\n  \
cloud clickpipe reverse-private-endpoint create analytics --description orders-psc --type GCP_PSC_SERVICE_ATTACHMENT --gcp-service-attachment projects/p/regions/us-central1/serviceAttachments/orders --private-dns-name db.example.com",
    crate::commands::agents::write("creates a reverse private endpoint for the service's ClickPipes (POST clickPipeReversePrivateEndpointCreate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceRef,

    /// What the endpoint is for (up to 255 characters)
    #[arg(long, value_parser = crate::args::DESCRIPTION)]
    pub description: String,

    /// Kind of endpoint
    #[arg(long = "type", value_name = "TYPE", ignore_case = true, value_parser = TYPES)]
    pub kind: String,

    /// AWS VPC endpoint service name (VPC_ENDPOINT_SERVICE)
    #[arg(long, value_name = "NAME", value_parser = identifier)]
    pub vpc_endpoint_service_name: Option<String>,

    /// AWS VPC Lattice resource configuration ID (VPC_RESOURCE)
    #[arg(long, value_name = "ID", value_parser = identifier)]
    pub vpc_resource_configuration_id: Option<String>,

    /// AWS RAM resource share ARN (VPC_RESOURCE)
    #[arg(long, value_name = "ARN", value_parser = identifier)]
    pub vpc_resource_share_arn: Option<String>,

    /// MSK cluster ARN (MSK_MULTI_VPC)
    #[arg(long, value_name = "ARN", value_parser = identifier)]
    pub msk_cluster_arn: Option<String>,

    /// MSK authentication (MSK_MULTI_VPC)
    #[arg(long, value_name = "AUTH", ignore_case = true, value_parser = ["SASL_IAM", "SASL_SCRAM"])]
    pub msk_authentication: Option<String>,

    /// GCP PSC service attachment: projects/{project}/regions/{region}/serviceAttachments/{name}
    #[arg(long, value_name = "URI", value_parser = identifier)]
    pub gcp_service_attachment: Option<String>,

    /// A custom private DNS name (repeat for several), e.g. db.example.com or *.example.com
    #[arg(long = "private-dns-name", value_name = "NAME", value_parser = super::dns_name)]
    pub private_dns_names: Vec<String>,
}

/// One line of text, no spaces: an ARN, an ID, a service name.
fn identifier(value: &str) -> std::result::Result<String, String> {
    let value = value.trim();
    if value.is_empty()
        || value.len() > crate::args::IDENTIFIER_MAX
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("expected one word of text (an ID, an ARN or a name)".into());
    }
    Ok(value.to_owned())
}

/// The request, once the flags fit the type: each type's fields present, no other type's.
pub fn request(args: &Args) -> Result<ReversePrivateEndpointCreate> {
    let kind = args.kind.to_ascii_uppercase();
    let fields: [(&str, &str, bool); 6] = [
        (
            "--vpc-endpoint-service-name",
            "VPC_ENDPOINT_SERVICE",
            args.vpc_endpoint_service_name.is_some(),
        ),
        (
            "--vpc-resource-configuration-id",
            "VPC_RESOURCE",
            args.vpc_resource_configuration_id.is_some(),
        ),
        (
            "--vpc-resource-share-arn",
            "VPC_RESOURCE",
            args.vpc_resource_share_arn.is_some(),
        ),
        (
            "--msk-cluster-arn",
            "MSK_MULTI_VPC",
            args.msk_cluster_arn.is_some(),
        ),
        (
            "--msk-authentication",
            "MSK_MULTI_VPC",
            args.msk_authentication.is_some(),
        ),
        (
            "--gcp-service-attachment",
            "GCP_PSC_SERVICE_ATTACHMENT",
            args.gcp_service_attachment.is_some(),
        ),
    ];
    for (flag, for_kind, given) in fields {
        if for_kind == kind && !given {
            return Err(Error::Usage(format!(
                "--type {kind} needs {flag}; nothing was sent"
            )));
        }
        if for_kind != kind && given {
            return Err(Error::Usage(format!(
                "{flag} is for --type {for_kind}, not {kind}; nothing was sent"
            )));
        }
    }
    if kind == "MSK_MULTI_VPC" && !args.private_dns_names.is_empty() {
        return Err(Error::Usage(
            "--private-dns-name is not supported for MSK_MULTI_VPC endpoints; nothing was sent"
                .into(),
        ));
    }
    Ok(ReversePrivateEndpointCreate {
        description: args.description.clone(),
        kind,
        vpc_endpoint_service_name: args.vpc_endpoint_service_name.clone(),
        vpc_resource_configuration_id: args.vpc_resource_configuration_id.clone(),
        vpc_resource_share_arn: args.vpc_resource_share_arn.clone(),
        msk_cluster_arn: args.msk_cluster_arn.clone(),
        msk_authentication: args
            .msk_authentication
            .as_ref()
            .map(|a| a.to_ascii_uppercase()),
        gcp_service_attachment: args.gcp_service_attachment.clone(),
        custom_private_dns_mappings: (!args.private_dns_names.is_empty())
            .then(|| super::mappings(&args.private_dns_names)),
    })
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let request = request(&args)?;
    let (org, service) = args.service.resolve(api).await?;
    let reply = api
        .create_reverse_private_endpoint(org, service, &request)
        .await?;
    out.reply(&reply, super::detail);
    Ok(())
}
