//! `cloud service query-endpoint create <SERVICE>`

use crate::api::WriteApi;
use crate::api::requests::QueryEndpointCreate;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;
use clap::builder::PossibleValuesParser;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
        "Examples:\n  \
cloud service query-endpoint create <SERVICE> --role sql_console_read_only --open-api-key <KEY_ID>\n  \
cloud service query-endpoint create <SERVICE> --role sql_console_admin --open-api-key <KEY_ID> \
--allowed-origins https://app.example.com",
        crate::commands::agents::write("creates or replaces the service's query API endpoint (instanceQueryEndpointUpsert)."),
    ))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Role that queries through the endpoint run with (repeatable)
    #[arg(long, value_parser = PossibleValuesParser::new(crate::args::QUERY_ENDPOINT_ROLES))]
    pub role: Vec<String>,

    /// ID of an API key that may call the endpoint (repeatable)
    #[arg(long, value_name = "KEY_ID", value_parser = crate::args::API_KEY_ID)]
    pub open_api_key: Vec<String>,

    /// Origins allowed to call the endpoint from a browser, comma-separated
    #[arg(long, value_name = "ORIGINS", value_parser = crate::args::ALLOWED_ORIGINS)]
    pub allowed_origins: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let request = QueryEndpointCreate {
        roles: args.role,
        open_api_keys: args.open_api_key,
        allowed_origins: args.allowed_origins,
    };
    let endpoint = api.upsert_query_endpoint(org, service_id, &request).await?;
    out.reply(&endpoint, super::detail);
    Ok(())
}
