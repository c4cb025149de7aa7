//! `cloud clickstack dashboard validate <SERVICE> --file <PATH>`

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::{Output, detail_table};

use super::body::FileArg;
use super::kind::Kind;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The server checks the dashboard and answers whether it is valid, its errors and the \
dashboard as it would store it; nothing is created. The body is what `create` takes.\n\n\
Examples:\n  cloud clickstack dashboard validate <SERVICE> --file dashboard.json\n  \
cloud clickstack dashboard validate <SERVICE> --file dashboard.json --json --jq .errors",
    crate::commands::agents::write(
        "nothing: it only checks a dashboard (clickStackValidateDashboard). It is a POST, \
and a write as far as `cloud` is concerned, because the API accepts POSTs only from API keys."
    ),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    #[command(flatten)]
    pub file: FileArg,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let row = Kind::Dashboard.row();
    let body = args.file.object(row.required_create, row.noun)?;
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let verdict = api
        .clickstack_validate_dashboard(org, service, &body)
        .await?;
    out.reply(&verdict, |v| {
        let errors = v
            .get("errors")
            .and_then(|e| e.as_array())
            .map(|errors| {
                errors
                    .iter()
                    .map(super::kind::plain)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .filter(|e| !e.is_empty());
        detail_table([
            (
                "Valid",
                crate::output::flag(v.get("valid").and_then(|v| v.as_bool())),
            ),
            ("Errors", errors),
        ])
    });
    Ok(())
}
