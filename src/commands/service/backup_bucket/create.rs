//! `cloud service backup-bucket create <SERVICE>`

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Each provider takes its own fields: aws --bucket-path and --iam-role-arn \
(--iam-role-session-name optional); gcp --bucket-path, --access-key-id and the HMAC secret; \
azure --container-name and the connection string. Secrets come from stdin (--secret-stdin), \
never from the command line. Missing or foreign fields are refused before sending (exit 2).\n\n\
Examples:\n  \
cloud service backup-bucket create <SERVICE> --provider aws --bucket-path s3://my-backups/ch --iam-role-arn arn:aws:iam::123456789012:role/ch-backups\n  \
printf '%s\\n' \"$HMAC_SECRET\" | cloud service backup-bucket create <SERVICE> --provider gcp --bucket-path gs://my-backups/ch --access-key-id GOOG1EXAMPLE --secret-stdin\n  \
printf '%s\\n' \"$AZURE_CONNECTION_STRING\" | cloud service backup-bucket create <SERVICE> --provider azure --container-name backups --secret-stdin",
    crate::commands::agents::write("makes the service write its backups to the given bucket (backupBucketCreate)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// The bucket's cloud provider
    #[arg(long, value_parser = ["aws", "gcp", "azure"])]
    pub provider: String,

    #[command(flatten)]
    pub bucket: super::BucketFlags,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let request = args
        .bucket
        .request(super::api_provider(&args.provider), true)?;
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let bucket = api.create_backup_bucket(org, service, &request).await?;
    out.reply(&bucket, super::detail);
    Ok(())
}
