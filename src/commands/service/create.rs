//! `cloud service create --name … [--provider …] [--region …]`

use clap::builder::PossibleValuesParser;
use uuid::Uuid;

use super::wait::{self, Target};
use crate::api::models::ServiceCreated;
use crate::api::requests::{IpAccessEntry, ServiceCreate, Tag};
use crate::api::{Reply, WriteApi};
use crate::args;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Output, detail_table};
use crate::shape;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "Without --ip-allow the service accepts connections from nowhere until an \
address is allowed with `cloud service update <SERVICE_ID> --add-ip-allow <IP_OR_CIDR>`.\n\
The password of the default user is printed once; store it right away.\n\n\
Examples:\n  \
cloud service create --name analytics --ip-allow 203.0.113.0/24   # aws, us-east-1\n  \
cloud service create --name analytics --region eu-west-1 --ip-allow 203.0.113.0/24\n  \
cloud service create --name etl --provider gcp --region us-central1 \\\n    \
--min-replica-memory-gb 16 --max-replica-memory-gb 64 --num-replicas 3 --tag env=prod\n  \
cloud service create --name analytics --json   # the service, with its password",
        crate::commands::agents::write("creates a new service, billed from now on, and prints its default user's password once (POST instanceCreate)."),
    )
)]
pub struct Args {
    /// Name of the service (1 to 50 characters)
    #[arg(long, value_parser = args::SERVICE_NAME)]
    pub name: String,

    /// Cloud provider [default: aws, or the provider of --region]
    #[arg(long, value_parser = PossibleValuesParser::new(args::PROVIDERS))]
    pub provider: Option<String>,

    /// Region of the provider to run the service in [default: us-east-1 with aws]
    #[arg(long, value_parser = PossibleValuesParser::new(args::REGIONS))]
    pub region: Option<String>,

    #[command(flatten)]
    pub scaling: super::Scaling,

    /// Allow connections from this IP address or CIDR block (repeatable); without it, none
    #[arg(long, value_name = "IP_OR_CIDR", value_parser = args::ip_or_cidr)]
    pub ip_allow: Vec<String>,

    /// Start the service from this backup (same region as the backup's service)
    #[arg(long, value_parser = args::uuid)]
    pub backup_id: Option<Uuid>,

    /// Release channel for ClickHouse upgrades
    #[arg(long, value_parser = PossibleValuesParser::new(args::RELEASE_CHANNELS))]
    pub release_channel: Option<String>,

    /// Data warehouse to create the service in (shares its data with the warehouse's services)
    #[arg(long, value_parser = args::DATA_WAREHOUSE_ID)]
    pub data_warehouse_id: Option<String>,

    /// Make the service read-only (needs --data-warehouse-id)
    #[arg(long, requires = "data_warehouse_id")]
    pub readonly: bool,

    /// Customer-provided disk encryption key
    #[arg(long, value_parser = args::ENCRYPTION_KEY)]
    pub encryption_key: Option<String>,

    /// Role to assume for disk encryption
    #[arg(long, value_parser = args::ENCRYPTION_ROLE)]
    pub encryption_role: Option<String>,

    /// Enable Transparent Data Encryption (only at creation; ENTERPRISE tier)
    #[arg(long)]
    pub enable_tde: bool,

    /// Regulatory compliance type of the service
    #[arg(long, value_parser = PossibleValuesParser::new(args::COMPLIANCE_TYPES))]
    pub compliance_type: Option<String>,

    /// Instance profile of the service (ENTERPRISE tier)
    #[arg(long, value_parser = PossibleValuesParser::new(args::INSTANCE_PROFILES))]
    pub profile: Option<String>,

    /// Tag the service: KEY or KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = args::tag)]
    pub tag: Vec<Tag>,

    /// Enable an endpoint (repeatable)
    #[arg(long, value_parser = PossibleValuesParser::new(args::TOGGLEABLE_ENDPOINTS))]
    pub enable_endpoint: Vec<String>,

    /// Disable an endpoint (repeatable)
    #[arg(long, value_parser = PossibleValuesParser::new(args::TOGGLEABLE_ENDPOINTS))]
    pub disable_endpoint: Vec<String>,

    /// Accept the private preview terms (needed only for some organizations' first service)
    #[arg(long)]
    pub private_preview_terms_checked: bool,

    /// Allow the service to collect crash reports (core dumps)
    #[arg(long, value_name = "true|false", value_parser = args::boolean)]
    pub enable_core_dumps: Option<bool>,

    #[command(flatten)]
    pub wait: super::wait::WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

/// The provider and region to create in, with the notice to give when a default was used:
/// aws and us-east-1 as the official CLI, or the provider a given region belongs to.
fn placement(
    provider: Option<String>,
    region: Option<String>,
) -> Result<(String, String, Option<String>)> {
    let (default_provider, default_region) = (args::DEFAULT_PROVIDER, args::DEFAULT_REGION);
    match (provider, region) {
        (None, None) => Ok((
            default_provider.to_owned(),
            default_region.to_owned(),
            Some(format!(
                "using provider {default_provider}, region {default_region} \
                 (the defaults; --provider/--region to choose)"
            )),
        )),
        (None, Some(region)) => {
            let provider = args::provider_of_region(&region);
            let notice = format!(
                "using provider {provider}, the provider of region {region} (--provider to choose)"
            );
            Ok((provider.to_owned(), region, Some(notice)))
        }
        (Some(provider), None) if provider == default_provider => {
            let notice = format!(
                "using region {default_region} (the default for {provider}; --region to choose)"
            );
            Ok((provider, default_region.to_owned(), Some(notice)))
        }
        (Some(provider), None) => {
            let example = args::REGIONS
                .iter()
                .find(|r| args::provider_of_region(r) == provider)
                .copied()
                .unwrap_or(default_region);
            Err(Error::Usage(format!(
                "--provider {provider} needs --region (the default region, {default_region}, \
                 is an {default_provider} region); e.g. --region {example}"
            )))
        }
        (Some(provider), Some(region)) => {
            let owner = args::provider_of_region(&region);
            if owner != provider {
                return Err(Error::Usage(format!(
                    "region {region} is a region of {owner}, not {provider}: \
                     give --provider {owner}, or a region of {provider}"
                )));
            }
            Ok((provider, region, None))
        }
    }
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    super::check_tag_count("--tag", args.tag.len())?;
    let (provider, region, defaulted) = placement(args.provider, args.region)?;
    if let Some(notice) = defaulted {
        out.notice(&notice);
    }
    let scaling = args.scaling.patch()?;
    let endpoints = super::endpoint_changes(args.enable_endpoint, args.disable_endpoint)?;
    let request = ServiceCreate {
        name: args.name,
        provider,
        region,
        ip_access_list: args
            .ip_allow
            .into_iter()
            .map(|source| IpAccessEntry { source })
            .collect(),
        min_replica_memory_gb: scaling.min_replica_memory_gb,
        max_replica_memory_gb: scaling.max_replica_memory_gb,
        num_replicas: scaling.num_replicas,
        min_replicas: scaling.min_replicas,
        max_replicas: scaling.max_replicas,
        autoscaling_mode: scaling.autoscaling_mode,
        idle_scaling: scaling.idle_scaling,
        idle_timeout_minutes: scaling.idle_timeout_minutes,
        is_readonly: args.readonly,
        data_warehouse_id: args.data_warehouse_id,
        backup_id: args.backup_id.map(|id| id.to_string()),
        encryption_key: args.encryption_key,
        encryption_assumed_role_identifier: args.encryption_role,
        private_preview_terms_checked: args.private_preview_terms_checked,
        release_channel: args.release_channel,
        has_transparent_data_encryption: args.enable_tde,
        endpoints,
        profile: args.profile,
        compliance_type: args.compliance_type,
        tags: args.tag,
        enable_core_dumps: args.enable_core_dumps,
    };
    let org = args.org.resolve(api).await?;
    let created = api.create_service(org, &request).await?;
    show_created(api, org, created, &args.wait, &request, out).await
}

/// After a create (or a restore, which creates): waits when asked, then prints the service
/// with its one-time password and what to do next. A failed wait still prints the service as
/// created (its password is shown only once), then returns the wait's error.
pub(crate) async fn show_created(
    api: &WriteApi,
    org: Uuid,
    mut created: Reply<ServiceCreated>,
    wait_args: &super::wait::WaitArgs,
    request: &ServiceCreate,
    out: Output,
) -> Result<()> {
    let mut waited = Ok(());
    if wait_args.wait
        && let Some(id) = created.data()?.service.as_ref().and_then(|s| s.id.clone())
    {
        let timeout = wait_args.timeout(wait::CREATE_TIMEOUT);
        match id.parse() {
            Ok(id) => match wait::until(api, org, id, Target::Running, timeout, out).await {
                Ok(Some(now)) => {
                    let mut shown = created.to_value();
                    if let Some(object) = shown.as_object_mut() {
                        object.insert("service".to_owned(), now.to_value());
                    }
                    let mut data = created.into_data()?;
                    data.service = Some(now.into_data()?);
                    created = Reply::built(&shown, data);
                }
                Ok(None) => {}
                Err(e) => waited = Err(e),
            },
            Err(_) => {
                waited = Err(Error::Other(anyhow::anyhow!(
                    "the API returned a service ID that is not a UUID ({id}); cannot --wait for it"
                )));
            }
        }
    }
    // `--json` prints the service as `service get` does, with its one-time password.
    let shown = shape::resource_with_secrets(&created.to_value(), "service", &["password"]);
    let created = Reply::built(&shown, created.into_data()?);
    let service = created.data()?.service.clone().unwrap_or_default();
    let id = service.id.as_deref().unwrap_or("<SERVICE_ID>");
    out.reply(&created, |created| {
        let mut rows = super::detail_rows(&service);
        rows.push(("Password", created.password.clone()));
        detail_table(rows)
    });
    if created.data()?.password.is_some() {
        out.notice(&format!(
            "The password of the default user is shown only this once: store it now. \
             `cloud service reset-password {id}` sets a new one."
        ));
    }
    if request.ip_access_list.is_empty() {
        out.notice(&format!(
            "No IP address is allowed yet: the service accepts connections from nowhere until one is. \
             Allow one with:\n  cloud service update {id} --add-ip-allow <IP_OR_CIDR>"
        ));
    }
    waited
}

#[cfg(test)]
mod tests {
    use super::placement;

    #[test]
    fn defaults_follow_the_official_cli_and_the_region_given() {
        let some = |s: &str| Some(s.to_owned());
        let (provider, region, notice) = placement(None, None).unwrap();
        assert_eq!((provider.as_str(), region.as_str()), ("aws", "us-east-1"));
        assert!(notice.unwrap().contains("the defaults"));
        let (provider, _, notice) = placement(None, some("us-central1")).unwrap();
        assert_eq!(provider, "gcp");
        assert!(notice.unwrap().contains("provider of region us-central1"));
        let (_, region, _) = placement(some("aws"), None).unwrap();
        assert_eq!(region, "us-east-1");
        let (_, _, notice) = placement(some("azure"), some("eastus")).unwrap();
        assert_eq!(notice, None);
        let error = placement(some("gcp"), None).unwrap_err().to_string();
        assert!(error.contains("e.g. --region us-east1"), "{error}");
        let error = placement(some("gcp"), some("eu-west-1"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("region of aws, not gcp"), "{error}");
    }
}
