//! `cloud service backup-bucket update <SERVICE>`

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Only the fields given change, but the API needs the secret of a gcp or azure bucket every \
time (--secret-stdin). Without --provider the bucket's own is read first.\n\n\
Examples:\n  \
cloud service backup-bucket update <SERVICE> --iam-role-arn arn:aws:iam::123456789012:role/ch-backups-2\n  \
printf '%s\\n' \"$HMAC_SECRET\" | cloud service backup-bucket update <SERVICE> --provider gcp --access-key-id GOOG1NEW --secret-stdin",
    crate::commands::agents::write("changes the service's backup bucket (backupBucketUpdate)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// The bucket's cloud provider [default: the bucket's, read first]
    #[arg(long, value_parser = ["aws", "gcp", "azure"])]
    pub provider: Option<String>,

    #[command(flatten)]
    pub bucket: super::BucketFlags,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    // With the provider given, bad flags are refused before any request at all.
    let given = args
        .provider
        .as_deref()
        .map(|p| args.bucket.request(super::api_provider(p), false))
        .transpose()?;
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let request = match given {
        Some(request) => request,
        None => {
            let current = api.backup_bucket(org, service).await?.into_data()?;
            let provider = current.bucket_provider.ok_or_else(|| {
                Error::Usage("the API did not say the bucket's provider: give --provider".into())
            })?;
            args.bucket.request(&provider, false)?
        }
    };
    let bucket = api.update_backup_bucket(org, service, &request).await?;
    out.reply(&bucket, super::detail);
    Ok(())
}
