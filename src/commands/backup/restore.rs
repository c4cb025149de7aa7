//! `cloud backup restore <SERVICE> <BACKUP_ID> --name <NEW_NAME> [--wait]`
//!
//! ClickHouse Cloud restores a backup into a new service: `POST …/services` with `backupId`,
//! in the region (and of the size) of the backup's service, which is read first.

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::models::Service;
use crate::api::requests::{IpAccessEntry, ServiceCreate};
use crate::args::{self, IdOrName};
use crate::commands::OrgArg;
use crate::commands::service::{create, wait};
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "The backup is restored into a NEW service, in the provider and region of the backup's \
service and with its memory and replicas; the backed-up service is not changed. Without \
--ip-allow the new service accepts connections from nowhere. The password of its default \
user is printed once; store it right away.\n\n\
Examples:\n  \
cloud backup restore <SERVICE_ID> <BACKUP_ID> --name analytics-restored --ip-allow 203.0.113.0/24\n  \
cloud backup restore analytics <BACKUP_ID> --name analytics-restored --wait --json",
        crate::commands::agents::write(
            "creates a new service from the backup (GET instanceGet and backupGet, then POST \
instanceCreate with backupId), billed from now on, and prints its default user's password once."
        ),
    )
)]
pub struct Args {
    /// ID or name of the service the backup was taken of
    #[arg(value_name = "SERVICE", value_parser = args::SERVICE_REF)]
    pub service: IdOrName,

    /// Backup ID, as `cloud backup list <SERVICE_ID>` shows it
    #[arg(value_name = "BACKUP_ID", value_parser = args::uuid)]
    pub backup_id: Uuid,

    /// Name of the new service (1 to 50 characters)
    #[arg(long, value_parser = args::SERVICE_NAME)]
    pub name: String,

    /// Allow connections from this IP address or CIDR block (repeatable); without it, none
    #[arg(long, value_name = "IP_OR_CIDR", value_parser = args::ip_or_cidr)]
    pub ip_allow: Vec<String>,

    #[command(flatten)]
    pub wait: wait::WaitArgs,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service_id = crate::commands::lookup::service(api, org, &args.service).await?;
    let source = api.service(org, service_id).await?.into_data()?;
    // A backup of another service (or none) is a clear 404 here, before anything is created.
    api.backup(org, service_id, args.backup_id).await?;
    let request = restore_request(&source, args.name, args.backup_id, args.ip_allow)?;
    let created = api.create_service(org, &request).await?;
    create::show_created(api, org, created, &args.wait, &request, out).await
}

/// The create request of the restore: the source's provider, region and size (the API wants
/// the restored service in the backup's region and tier).
fn restore_request(
    source: &Service,
    name: String,
    backup_id: Uuid,
    ip_allow: Vec<String>,
) -> Result<ServiceCreate> {
    let missing = |what: &str| {
        Error::Other(anyhow::anyhow!(
            "the API did not say the {what} of the backed-up service; \
             restore with `cloud service create --backup-id {backup_id} --provider … --region …`"
        ))
    };
    let memory = |gb: Option<f64>| gb.filter(|gb| gb.fract() == 0.0).map(|gb| gb as u32);
    let horizontal = source.min_replicas.is_some() || source.max_replicas.is_some();
    Ok(ServiceCreate {
        name,
        provider: source.provider.clone().ok_or_else(|| missing("provider"))?,
        region: source.region.clone().ok_or_else(|| missing("region"))?,
        backup_id: Some(backup_id.to_string()),
        ip_access_list: ip_allow
            .into_iter()
            .map(|source| IpAccessEntry { source })
            .collect(),
        min_replica_memory_gb: memory(source.min_replica_memory_gb),
        max_replica_memory_gb: memory(source.max_replica_memory_gb),
        num_replicas: source.num_replicas.filter(|_| !horizontal),
        min_replicas: source.min_replicas,
        max_replicas: source.max_replicas,
        autoscaling_mode: source.autoscaling_mode.clone().filter(|_| horizontal),
        ..ServiceCreate::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_service_takes_the_place_and_size_of_the_old() {
        let backup = Uuid::nil();
        let source = Service {
            provider: Some("gcp".into()),
            region: Some("us-central1".into()),
            min_replica_memory_gb: Some(16.0),
            max_replica_memory_gb: Some(64.0),
            num_replicas: Some(3),
            autoscaling_mode: Some("vertical".into()),
            ..Service::default()
        };
        let request = restore_request(&source, "r".into(), backup, vec![]).unwrap();
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({
                "name": "r", "provider": "gcp", "region": "us-central1",
                "minReplicaMemoryGb": 16, "maxReplicaMemoryGb": 64, "numReplicas": 3,
                "backupId": "00000000-0000-0000-0000-000000000000"
            })
        );
        let horizontal = Service {
            min_replicas: Some(2),
            max_replicas: Some(6),
            autoscaling_mode: Some("horizontal".into()),
            ..source.clone()
        };
        let request = restore_request(&horizontal, "r".into(), backup, vec![]).unwrap();
        assert_eq!(request.num_replicas, None);
        assert_eq!(request.autoscaling_mode.as_deref(), Some("horizontal"));
        let unknown = restore_request(&Service::default(), "r".into(), backup, vec![]);
        assert!(unknown.unwrap_err().to_string().contains("--backup-id"));
    }
}
