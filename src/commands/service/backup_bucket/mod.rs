//! `cloud service backup-bucket …`: backups to a bucket of the customer's own.

mod create;
mod delete;
mod get;
mod update;

use std::io::BufRead;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::BackupBucket;
use crate::api::requests::BackupBucketRequest;
use crate::app::{ApiCommand, Session};
use crate::error::{Error, Result};
use crate::output::{Output, detail_table};

#[derive(Debug, Subcommand)]
pub enum BackupBucketCommand {
    /// Show where a service's backups are written
    Get(get::Args),
    /// Write a service's backups to your own bucket (AWS S3, GCS or an Azure container)
    Create(create::Args),
    /// Change a service's backup bucket (GCP and Azure need their secret again)
    Update(update::Args),
    /// Stop writing a service's backups to your own bucket
    Delete(delete::Args),
}

impl Classified for BackupBucketCommand {
    fn access(&self) -> Access {
        match self {
            BackupBucketCommand::Get(_) => Access::Read,
            BackupBucketCommand::Create(_) => Access::Write,
            BackupBucketCommand::Update(_) => Access::Write,
            BackupBucketCommand::Delete(_) => Access::Write,
        }
    }
}

impl BackupBucketCommand {
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            BackupBucketCommand::Get(_) => None,
            BackupBucketCommand::Create(_) => None,
            BackupBucketCommand::Update(_) => None,
            BackupBucketCommand::Delete(args) => Some(args.confirm),
        }
    }
}

impl Operations for BackupBucketCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            BackupBucketCommand::Get(_) => {
                &["organizationGetList", "instanceGetList", "backupBucketGet"]
            }
            BackupBucketCommand::Create(_) => &[
                "organizationGetList",
                "instanceGetList",
                "backupBucketCreate",
            ],
            // Without --provider, the bucket's own provider is read first.
            BackupBucketCommand::Update(_) => &[
                "organizationGetList",
                "instanceGetList",
                "backupBucketGet",
                "backupBucketUpdate",
            ],
            BackupBucketCommand::Delete(_) => &[
                "organizationGetList",
                "instanceGetList",
                "instanceGet",
                "backupBucketDelete",
            ],
        }
    }
}

impl ApiCommand for BackupBucketCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            BackupBucketCommand::Get(args) => get::run(args, session.read(), out).await,
            BackupBucketCommand::Create(args) => create::run(args, session.write()?, out).await,
            BackupBucketCommand::Update(args) => update::run(args, session.write()?, out).await,
            BackupBucketCommand::Delete(args) => delete::run(args, session.write()?, out).await,
        }
    }
}

/// `--provider` values and the API's `bucketProvider` for each.
const PROVIDERS: [(&str, &str); 3] = [("aws", "AWS"), ("gcp", "GCP"), ("azure", "AZURE")];

/// The bucket's fields, shared by `create` and `update`.
#[derive(Debug, Clone, clap::Args)]
pub struct BucketFlags {
    /// S3 or GCS bucket path, e.g. s3://my-backups/clickhouse (AWS, GCP)
    #[arg(long, value_name = "PATH")]
    pub bucket_path: Option<String>,

    /// IAM role ClickHouse Cloud assumes to write the bucket (AWS)
    #[arg(long, value_name = "ARN")]
    pub iam_role_arn: Option<String>,

    /// Session name used when assuming the role (AWS)
    #[arg(long, value_name = "NAME")]
    pub iam_role_session_name: Option<String>,

    /// HMAC access key id (GCP)
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Container name (Azure)
    #[arg(long, value_name = "NAME")]
    pub container_name: Option<String>,

    /// Read the secret from the first line of stdin: the HMAC secret (GCP) or the connection string (Azure)
    #[arg(long)]
    pub secret_stdin: bool,
}

fn api_provider(flag: &str) -> &'static str {
    PROVIDERS
        .iter()
        .find(|(name, _)| *name == flag)
        .map_or("AWS", |(_, api)| *api)
}

impl BucketFlags {
    /// The request for `provider` (the API's spelling), checked against what that provider
    /// takes and, for `create`, needs. The secret is read from stdin only when asked.
    fn request(&self, provider: &str, creating: bool) -> Result<BackupBucketRequest> {
        let secret = if self.secret_stdin {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| Error::Usage(format!("--secret-stdin: cannot read stdin: {e}")))?;
            let secret = line.trim_end_matches(['\r', '\n']).to_owned();
            if secret.is_empty() {
                return Err(Error::Usage(
                    "--secret-stdin: stdin held no secret; nothing was sent".into(),
                ));
            }
            crate::redact::register(&secret);
            Some(secret)
        } else {
            None
        };
        let (secret_access_key, connection_string) = match provider {
            "AZURE" => (None, secret),
            // AWS and GCP both call it the secret access key.
            _ => (secret, None),
        };
        let request = BackupBucketRequest {
            bucket_provider: provider.to_owned(),
            bucket_path: self.bucket_path.clone(),
            iam_role_arn: self.iam_role_arn.clone(),
            iam_role_session_name: self.iam_role_session_name.clone(),
            access_key_id: self.access_key_id.clone(),
            secret_access_key,
            container_name: self.container_name.clone(),
            connection_string,
        };
        check(&request, creating)?;
        Ok(request)
    }
}

/// The flag each field comes from, and whether it is set.
fn fields(r: &BackupBucketRequest) -> [(&'static str, &'static str, bool); 7] {
    [
        ("bucketPath", "--bucket-path", r.bucket_path.is_some()),
        ("iamRoleArn", "--iam-role-arn", r.iam_role_arn.is_some()),
        (
            "iamRoleSessionName",
            "--iam-role-session-name",
            r.iam_role_session_name.is_some(),
        ),
        ("accessKeyId", "--access-key-id", r.access_key_id.is_some()),
        (
            "secretAccessKey",
            "--secret-stdin",
            r.secret_access_key.is_some(),
        ),
        (
            "containerName",
            "--container-name",
            r.container_name.is_some(),
        ),
        (
            "connectionString",
            "--secret-stdin",
            r.connection_string.is_some(),
        ),
    ]
}

/// What each provider's request takes (the spec's `*BackupBucketPostRequestV1`), and what
/// it needs: to create, and always (the secret, as `backupBucketUpdate` says).
fn rules(
    provider: &str,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    match provider {
        "GCP" => (
            &["bucketPath", "accessKeyId", "secretAccessKey"],
            &["bucketPath", "accessKeyId", "secretAccessKey"],
            &["secretAccessKey"],
        ),
        "AZURE" => (
            &["containerName", "connectionString"],
            &["containerName", "connectionString"],
            &["connectionString"],
        ),
        _ => (
            &["bucketPath", "iamRoleArn", "iamRoleSessionName"],
            &["bucketPath", "iamRoleArn"],
            &[],
        ),
    }
}

fn check(request: &BackupBucketRequest, creating: bool) -> Result<()> {
    let provider = request.bucket_provider.as_str();
    let shown = provider.to_ascii_lowercase();
    let (takes, needs_to_create, always) = rules(provider);
    let fields = fields(request);
    for (field, flag, set) in fields {
        if set && !takes.contains(&field) {
            return Err(Error::Usage(format!(
                "{flag} does not apply to a {shown} bucket; nothing was sent"
            )));
        }
    }
    let needs: &[&str] = if creating { needs_to_create } else { always };
    let missing: Vec<&str> = fields
        .iter()
        .filter(|(field, _, set)| !set && needs.contains(field))
        .map(|(_, flag, _)| *flag)
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "a {shown} bucket needs {}; nothing was sent",
            missing.join(" and ")
        )));
    }
    if !creating && !fields.iter().any(|(_, _, set)| *set) {
        return Err(Error::Usage(format!(
            "nothing to change: give at least one of {} (see --help)",
            fields
                .iter()
                .filter(|(field, _, _)| takes.contains(field))
                .map(|(_, flag, _)| *flag)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

fn detail(bucket: &BackupBucket) -> comfy_table::Table {
    detail_table([
        ("ID", bucket.id.clone()),
        ("Provider", bucket.bucket_provider.clone()),
        ("Bucket path", bucket.bucket_path.clone()),
        ("IAM role", bucket.iam_role_arn.clone()),
        ("Role session", bucket.iam_role_session_name.clone()),
        ("Access key id", bucket.access_key_id.clone()),
        ("Container", bucket.container_name.clone()),
    ])
}
