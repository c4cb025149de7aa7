//! `--seed-services N`: N more services for Demo Org, to measure and test lists at scale.
//!
//! Each is derived from its index alone (1-based), so runs are reproducible and a test can
//! name one without listing: id `5e000000-0000-4000-9000-<index, 12 decimal digits>`, name
//! `<team>-<purpose>-<env>-<index, 6 digits or more>`. Provider, region, state, sizes, tags and
//! creation time vary with a hash of the index.

use uuid::Uuid;

use crate::model::{ResourceTag, ServiceState};
use crate::schemas::provider_of_region;
use crate::seed::{default_backup_configuration, endpoints, iam_role};
use crate::store::ServiceRecord;

const TEAMS: [&str; 8] = [
    "analytics",
    "ingest",
    "billing",
    "search",
    "ml",
    "events",
    "observability",
    "growth",
];
const PURPOSES: [&str; 6] = [
    "clickstream",
    "logs",
    "metrics",
    "reports",
    "events",
    "traces",
];
const ENVS: [&str; 3] = ["prod", "staging", "dev"];
const REGIONS: [&str; 9] = [
    "us-east-1",
    "us-west-2",
    "eu-central-1",
    "eu-west-1",
    "ap-southeast-1",
    "us-central1",
    "europe-west4",
    "eastus2",
    "westus3",
];
/// Mostly running, as in a real organization; some idle and stopped.
const STATES: [ServiceState; 10] = [
    ServiceState::Running,
    ServiceState::Running,
    ServiceState::Running,
    ServiceState::Running,
    ServiceState::Running,
    ServiceState::Running,
    ServiceState::Idle,
    ServiceState::Idle,
    ServiceState::Stopped,
    ServiceState::Stopped,
];
/// (min, max) replica memory in GiB.
const SIZES: [(u32, u32); 4] = [(8, 32), (16, 64), (16, 120), (32, 236)];
/// 2025-10-01T00:00:00Z: the seeded services are created a minute apart from then on.
const FIRST_CREATED_AT_SECS: i64 = 1_759_276_800;

/// The id of the `index`-th seeded service (1-based).
pub fn service_id(index: u64) -> Uuid {
    Uuid::parse_str(&format!("5e000000-0000-4000-9000-{index:012}")).expect("a valid UUID")
}

/// The name of the `index`-th seeded service (1-based).
pub fn service_name(index: u64) -> String {
    let hash = mix(index);
    format!(
        "{}-{}-{}-{index:06}",
        TEAMS[pick(hash, 0, TEAMS.len())],
        PURPOSES[pick(hash, 8, PURPOSES.len())],
        ENVS[pick(hash, 16, ENVS.len())],
    )
}

/// `count` services made from `template` (a service of the organization, without backups).
pub fn services(template: &ServiceRecord, count: u64) -> Vec<ServiceRecord> {
    let mut template = template.clone();
    template.backups = Vec::new();
    template.backup_configuration = default_backup_configuration();
    template.service.tags = Vec::new();
    template.clickpipes = Default::default();
    (1..=count).map(|index| service(&template, index)).collect()
}

fn service(template: &ServiceRecord, index: u64) -> ServiceRecord {
    let hash = mix(index);
    let mut record = template.clone();
    let service = &mut record.service;
    let region = REGIONS[pick(hash, 24, REGIONS.len())];
    let provider = provider_of_region(region);
    let host_label = host_label(hash);
    let (min_memory, max_memory) = SIZES[pick(hash, 32, SIZES.len())];
    service.id = service_id(index);
    service.name = service_name(index);
    service.provider = provider.into();
    service.region = region.into();
    service.state = STATES[pick(hash, 40, STATES.len())];
    service.endpoints = endpoints(&host_label, region, provider);
    service.iam_role = iam_role(&host_label);
    service.data_warehouse_id = format!("3e000000-0000-4000-9000-{index:012}");
    service.is_primary = true;
    service.min_replica_memory_gb = min_memory;
    service.max_replica_memory_gb = max_memory;
    service.num_replicas = Some(1 + pick(hash, 48, 3) as u32);
    service.idle_scaling = pick(hash, 52, 4) != 0;
    let created = jiff::Timestamp::from_second(FIRST_CREATED_AT_SECS + 60 * index as i64)
        .expect("a time within jiff's range");
    service.created_at = created.to_string();
    service.tags = vec![
        tag("env", ENVS[pick(hash, 16, ENVS.len())]),
        tag("team", TEAMS[pick(hash, 0, TEAMS.len())]),
    ];
    crate::api::scaling::refresh_current_scaling(service);
    record
}

fn tag(key: &str, value: &str) -> ResourceTag {
    ResourceTag {
        key: key.into(),
        value: Some(value.into()),
    }
}

/// Ten lowercase letters and digits, like the real hostnames' first label.
fn host_label(hash: u64) -> String {
    const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rest = hash;
    (0..10)
        .map(|_| {
            let c = ALPHABET[(rest % 36) as usize];
            rest /= 36;
            char::from(c)
        })
        .collect()
}

/// One of `n` choices from 8 bits of `hash` starting at `shift`.
fn pick(hash: u64, shift: u32, n: usize) -> usize {
    ((hash >> shift) & 0xff) as usize % n
}

/// splitmix64: a fixed, well-spread hash of the index.
fn mix(index: u64) -> u64 {
    let mut z = index.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_follow_the_index() {
        assert_eq!(
            service_id(42).to_string(),
            "5e000000-0000-4000-9000-000000000042"
        );
        assert!(service_name(42).ends_with("-000042"));
        assert!(service_name(1_234_567).ends_with("-1234567"));
        assert_eq!(service_name(7), service_name(7));
    }

    #[test]
    fn names_fit_the_spec_limit() {
        let longest = TEAMS.iter().map(|t| t.len()).max().unwrap()
            + PURPOSES.iter().map(|p| p.len()).max().unwrap()
            + ENVS.iter().map(|e| e.len()).max().unwrap()
            + "-".len() * 3
            + "1000000".len();
        assert!(longest <= 50, "{longest}");
    }
}
