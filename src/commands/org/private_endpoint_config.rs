//! `cloud org private-endpoint-config --provider P --region R`

use crate::api::ReadApi;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Output, detail_table};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Deprecated by ClickHouse Cloud in favour of the per-service configuration
(`cloud service private-endpoint get-config <SERVICE>`); kept for organizations that still use it.

Examples:
  cloud org private-endpoint-config --provider aws --region us-east-1
  cloud org private-endpoint-config --provider gcp --region us-central1 --json")]
pub struct Args {
    /// Cloud provider
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::PROVIDERS))]
    pub provider: String,

    /// Region of that provider, e.g. us-east-1
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::REGIONS))]
    pub region: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let belongs = crate::args::provider_of_region(&args.region);
    if belongs != args.provider {
        return Err(Error::Usage(format!(
            "{} is a {belongs} region, not {}; nothing was sent",
            args.region, args.provider
        )));
    }
    let org = args.org.resolve(api).await?;
    let config = api
        .organization_private_endpoint_config(org, &args.provider, &args.region)
        .await?;
    out.reply(&config, |config| {
        detail_table([("Endpoint service", config.endpoint_service_id.clone())])
    });
    Ok(())
}
