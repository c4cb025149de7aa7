//! `cloud service update <SERVICE>`

use crate::api::WriteApi;
use crate::api::requests::{AddRemove, IpAccessEntry, ServicePatch, Tag};
use crate::args;
use crate::args::IdOrName;
use crate::commands::{OrgArg, require_changes};
use crate::error::Result;
use crate::output::Output;
use clap::builder::PossibleValuesParser;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Examples:\n  cloud service update <SERVICE_ID> --name analytics-prod\n  cloud service update <SERVICE_ID> --add-ip-allow 203.0.113.0/24 --remove-ip-allow 0.0.0.0/0\n  cloud service update <SERVICE_ID> --add-tag env=prod --release-channel fast --dry-run",
    crate::commands::agents::write("changes the service's name, IP access list, endpoints, private endpoints, tags or other settings (PATCH instanceUpdate)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// New name of the service (1 to 50 characters)
    #[arg(long, value_parser = args::SERVICE_NAME)]
    pub name: Option<String>,

    /// Allow connections from this IP address or CIDR block (repeatable)
    #[arg(long, value_name = "IP_OR_CIDR", value_parser = args::ip_or_cidr)]
    pub add_ip_allow: Vec<String>,

    /// Stop allowing this IP address or CIDR block (repeatable)
    #[arg(long, value_name = "IP_OR_CIDR", value_parser = args::ip_or_cidr)]
    pub remove_ip_allow: Vec<String>,

    /// Attach a private endpoint, by ID or description (repeatable)
    #[arg(long, value_name = "ENDPOINT", value_parser = args::ENDPOINT_REF)]
    pub add_private_endpoint_id: Vec<IdOrName<String>>,

    /// Detach a private endpoint, by ID or description (repeatable)
    #[arg(long, value_name = "ENDPOINT", value_parser = args::ENDPOINT_REF)]
    pub remove_private_endpoint_id: Vec<IdOrName<String>>,

    /// Release channel for ClickHouse upgrades
    #[arg(long, value_parser = PossibleValuesParser::new(args::RELEASE_CHANNELS))]
    pub release_channel: Option<String>,

    /// Enable an endpoint (repeatable)
    #[arg(long, value_parser = PossibleValuesParser::new(args::TOGGLEABLE_ENDPOINTS))]
    pub enable_endpoint: Vec<String>,

    /// Disable an endpoint (repeatable)
    #[arg(long, value_parser = PossibleValuesParser::new(args::TOGGLEABLE_ENDPOINTS))]
    pub disable_endpoint: Vec<String>,

    /// Rotate Transparent Data Encryption to this key
    #[arg(long, value_name = "KEY_ID", value_parser = args::ENCRYPTION_KEY)]
    pub transparent_data_encryption_key_id: Option<String>,

    /// Add a tag: KEY or KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = args::tag)]
    pub add_tag: Vec<Tag>,

    /// Remove a tag: KEY or KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = args::tag)]
    pub remove_tag: Vec<Tag>,

    /// Allow the service to collect crash reports (core dumps)
    #[arg(long, value_name = "true|false", value_parser = args::boolean)]
    pub enable_core_dumps: Option<bool>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    super::check_tag_count("--add-tag", args.add_tag.len())?;
    super::check_tag_count("--remove-tag", args.remove_tag.len())?;
    let sources = |list: Vec<String>| {
        list.into_iter()
            .map(|source| IpAccessEntry { source })
            .collect::<Vec<_>>()
    };
    let endpoints_given =
        !args.add_private_endpoint_id.is_empty() || !args.remove_private_endpoint_id.is_empty();
    let mut patch = ServicePatch {
        name: args.name,
        ip_access_list: AddRemove::from_lists(
            sources(args.add_ip_allow),
            sources(args.remove_ip_allow),
        ),
        // Filled in below: a description needs the organization's list.
        private_endpoint_ids: None,
        release_channel: args.release_channel,
        endpoints: super::endpoint_changes(args.enable_endpoint, args.disable_endpoint)?,
        transparent_data_encryption_key_id: args.transparent_data_encryption_key_id,
        tags: AddRemove::from_lists(args.add_tag, args.remove_tag),
        enable_core_dumps: args.enable_core_dumps,
    };
    require_changes(
        patch == ServicePatch::default() && !endpoints_given,
        "--name, --add-ip-allow, --remove-ip-allow, --add-private-endpoint-id, \
         --remove-private-endpoint-id, --release-channel, --enable-endpoint, --disable-endpoint, \
         --transparent-data-encryption-key-id, --add-tag, --remove-tag, --enable-core-dumps",
    )?;
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    if endpoints_given {
        let added = args.add_private_endpoint_id.len();
        let mut ids = crate::commands::lookup::private_endpoints(
            api,
            org,
            &[
                args.add_private_endpoint_id,
                args.remove_private_endpoint_id,
            ]
            .concat(),
        )
        .await?;
        let removed = ids.split_off(added);
        patch.private_endpoint_ids = AddRemove::from_lists(ids, removed);
    }
    let service = api.update_service(org, service_id, &patch).await?;
    out.reply(&service, super::detail);
    Ok(())
}
