//! `cloud org byoc create --region REGION --account-id ACCOUNT`

use crate::api::WriteApi;
use crate::api::requests::ByocCreate;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The cloud account must be prepared for ClickHouse Cloud first (see the BYOC onboarding\n\
guide of your provider); the reply's state says how far provisioning got.\n\n\
Examples:\n  \
cloud org byoc create --region eu-west-1 --account-id 123456789012 --name prod-eu\n  \
cloud org byoc create --region us-east-1 --account-id 123456789012 --zone a --zone b --zone c --vpc-cidr 10.0.0.0/16",
    crate::commands::agents::write("sets up a BYOC infrastructure in your cloud account (organizationByocInfrastructureCreate)."),
))]
pub struct Args {
    /// Region to build the infrastructure in
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::REGIONS))]
    pub region: String,

    /// Cloud account the infrastructure is built in (AWS account ID, GCP project, Azure subscription)
    #[arg(long, value_name = "ACCOUNT_ID", value_parser = crate::args::ACCOUNT_ID)]
    pub account_id: String,

    /// Availability zone suffix to use (a to f); repeat for several
    #[arg(long = "zone", value_name = "SUFFIX", value_parser = clap::builder::PossibleValuesParser::new(super::ZONE_SUFFIXES))]
    pub zones: Vec<String>,

    /// CIDR range of the VPC to create, e.g. 10.0.0.0/16
    #[arg(long, value_name = "CIDR", value_parser = crate::args::cidr)]
    pub vpc_cidr: Option<String>,

    /// Display name of the infrastructure
    #[arg(long, value_parser = crate::args::BYOC_NAME)]
    pub name: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let request = ByocCreate {
        region_id: args.region,
        account_id: args.account_id,
        availability_zone_suffixes: args.zones,
        vpc_cidr_range: args.vpc_cidr,
        display_name: args.name,
    };
    let org = args.org.resolve(api).await?;
    let config = api.create_byoc(org, &request).await?;
    out.reply(&config, super::detail);
    Ok(())
}
