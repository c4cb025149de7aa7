//! The fixed starting state. Every id, credential and timestamp here is a documented constant
//! (EMULATOR.md), so docs, scripts and tests can name them.

use uuid::{Uuid, uuid};

use crate::hashing::sha256_base64;
use crate::model::{
    Activity, ApiKey, Backup, BackupBucketProperties, BackupConfiguration, CurrentScaling,
    IpAccessListEntry, Member, Organization, OrganizationPrivateEndpoint, ResourceTag, Service,
    ServiceEndpoint, ServiceState,
};
use crate::roles::SystemRole;
use crate::store::{FORMAT_VERSION, KeyRecord, Org, ServiceRecord, Store};

/// A person who can be a member of organizations. The demo user is also who OAuth logs in as.
#[derive(Clone, Copy, Debug)]
pub struct User {
    pub id: Uuid,
    pub email: &'static str,
    pub name: &'static str,
}

/// The OAuth demo user, admin of every seeded organization.
pub const DEMO_USER: User = User {
    id: uuid!("9e000000-0000-4000-8000-000000000001"),
    email: "demo@example.com",
    name: "Demo User",
};

/// A developer (read-only) member of every seeded organization.
pub const DEVELOPER_USER: User = User {
    id: uuid!("9e000000-0000-4000-8000-000000000002"),
    email: "developer@example.com",
    name: "Dev User",
};

/// A seeded API key's constants.
#[derive(Clone, Copy, Debug)]
pub struct SeedKey {
    /// The `ApiKey.id` (UUID).
    pub id: Uuid,
    /// The Basic-auth user name.
    pub key_id: &'static str,
    /// The Basic-auth password.
    pub secret: &'static str,
    pub name: &'static str,
    pub role: SystemRole,
}

/// A seeded organization's constants.
#[derive(Clone, Copy, Debug)]
pub struct SeedOrg {
    pub id: Uuid,
    pub name: &'static str,
    pub service_id: Uuid,
    pub service_name: &'static str,
    pub data_warehouse_id: Uuid,
    /// First label of the service's hostnames.
    pub host_label: &'static str,
    pub tags: &'static [(&'static str, &'static str)],
    pub backup_ids: [Uuid; 3],
    pub private_endpoint_id: &'static str,
    pub admin_key: SeedKey,
    pub developer_key: SeedKey,
    /// Ids of the seeded activities (create_organization, service_create, 2 × key_create).
    pub activity_ids: [&'static str; 4],
    /// Ids of the ClickPipes seeded on the service (a Kafka pipe and a Postgres CDC pipe).
    pub clickpipe_ids: Option<[Uuid; 2]>,
}

/// Seeded organizations, in order; `--orgs N` seeds the first N.
pub const SEED_ORGS: [SeedOrg; 2] = [
    SeedOrg {
        id: uuid!("1e000000-0000-4000-8000-000000000001"),
        name: "Demo Org",
        service_id: uuid!("5e000000-0000-4000-8000-000000000001"),
        service_name: "demo-service",
        data_warehouse_id: uuid!("3e000000-0000-4000-8000-000000000001"),
        host_label: "amemffcc8y",
        tags: &[("env", "dev"), ("team", "analytics")],
        backup_ids: [
            uuid!("be000000-0000-4000-8000-000000000011"),
            uuid!("be000000-0000-4000-8000-000000000012"),
            uuid!("be000000-0000-4000-8000-000000000013"),
        ],
        private_endpoint_id: "vpce-0a1b2c3d4e5f60001",
        admin_key: SeedKey {
            id: uuid!("4e000000-0000-4000-8000-000000000011"),
            key_id: "cat9ag498dyT5bl5Ghcq",
            secret: "rGi0qx020vorwNIvVaP3RjdmSlPUxYu3JvQvB7KU",
            name: "Demo admin key",
            role: SystemRole::Admin,
        },
        developer_key: SeedKey {
            id: uuid!("4e000000-0000-4000-8000-000000000012"),
            key_id: "dDWdM8TVWzZRBb0WLaAU",
            secret: "vFMZ44k8cRvicmQivfnSqy3Vl6OG0fLzIe36ygvs",
            name: "Demo developer key",
            role: SystemRole::Developer,
        },
        activity_ids: [
            "ae000000-0000-4000-8000-000000000011",
            "ae000000-0000-4000-8000-000000000012",
            "ae000000-0000-4000-8000-000000000013",
            "ae000000-0000-4000-8000-000000000014",
        ],
        clickpipe_ids: Some([
            uuid!("c1000000-0000-4000-8000-000000000011"),
            uuid!("c1000000-0000-4000-8000-000000000012"),
        ]),
    },
    SeedOrg {
        id: uuid!("1e000000-0000-4000-8000-000000000002"),
        name: "Second Org",
        service_id: uuid!("5e000000-0000-4000-8000-000000000002"),
        service_name: "second-service",
        data_warehouse_id: uuid!("3e000000-0000-4000-8000-000000000002"),
        host_label: "cl7pvvsmfg",
        tags: &[("env", "prod")],
        backup_ids: [
            uuid!("be000000-0000-4000-8000-000000000021"),
            uuid!("be000000-0000-4000-8000-000000000022"),
            uuid!("be000000-0000-4000-8000-000000000023"),
        ],
        private_endpoint_id: "vpce-0a1b2c3d4e5f60002",
        admin_key: SeedKey {
            id: uuid!("4e000000-0000-4000-8000-000000000021"),
            key_id: "GgEckRGM13UBEDVvmEgK",
            secret: "FGt6g4t7dmWwKj2v2BSBnmPYyGf1KuTe0EWotnG3",
            name: "Second admin key",
            role: SystemRole::Admin,
        },
        developer_key: SeedKey {
            id: uuid!("4e000000-0000-4000-8000-000000000022"),
            key_id: "ZoVsbZZXvAAWzEqWBcA6",
            secret: "yT1K3Za9sRck4bMtwK5yDUKi0dqroZ8bBepIrw0t",
            name: "Second developer key",
            role: SystemRole::Developer,
        },
        activity_ids: [
            "ae000000-0000-4000-8000-000000000021",
            "ae000000-0000-4000-8000-000000000022",
            "ae000000-0000-4000-8000-000000000023",
            "ae000000-0000-4000-8000-000000000024",
        ],
        clickpipe_ids: None,
    },
];

/// A further seeded service of Demo Org: a list as it looks in a real organization, with
/// long names, other providers and regions, and services not running. (Created after the
/// backups' days, so those days' usage costs are the main service's alone.)
#[derive(Clone, Copy, Debug)]
pub struct SeedService {
    pub id: Uuid,
    pub name: &'static str,
    pub provider: &'static str,
    pub region: &'static str,
    pub state: ServiceState,
    pub host_label: &'static str,
    pub data_warehouse_id: Uuid,
    pub created_at: &'static str,
    pub tags: &'static [(&'static str, &'static str)],
}

/// Demo Org's services besides `demo-service`, after it in the API's order.
pub const DEMO_EXTRA_SERVICES: [SeedService; 3] = [
    SeedService {
        id: uuid!("5e000000-0000-4000-8000-000000000011"),
        name: "clickstream-ingest-eu-production",
        provider: "gcp",
        region: "europe-west4",
        state: ServiceState::Stopped,
        host_label: "k3ud8xq2pa",
        data_warehouse_id: uuid!("3e000000-0000-4000-8000-000000000011"),
        created_at: "2025-07-01T08:15:00Z",
        tags: &[("env", "production"), ("team", "ingest")],
    },
    SeedService {
        id: uuid!("5e000000-0000-4000-8000-000000000012"),
        name: "Analytics Staging",
        provider: "azure",
        region: "eastus2",
        state: ServiceState::Idle,
        host_label: "w9fz1mc4tb",
        data_warehouse_id: uuid!("3e000000-0000-4000-8000-000000000012"),
        created_at: "2025-08-20T16:45:00Z",
        tags: &[("env", "staging")],
    },
    SeedService {
        id: uuid!("5e000000-0000-4000-8000-000000000013"),
        name: "ml-feature-store-experimental",
        provider: "aws",
        region: "ap-southeast-1",
        state: ServiceState::Running,
        host_label: "p2xv7hn5rd",
        data_warehouse_id: uuid!("3e000000-0000-4000-8000-000000000013"),
        created_at: "2025-09-10T11:05:00Z",
        tags: &[],
    },
];

/// When the seeded organizations and services were created.
const ORG_CREATED_AT: &str = "2025-01-15T09:00:00Z";
const SERVICE_CREATED_AT: &str = "2025-01-15T10:00:00Z";
const KEYS_CREATED_AT: &str = "2025-01-15T10:30:00Z";
/// The ClickHouse version every emulated service reports.
pub const CLICKHOUSE_VERSION: &str = "25.8.1.5101";
/// Password of the seeded services (only its hash is stored; documented for completeness).
const SEED_SERVICE_PASSWORD: &str = "demo-password";

/// The initial state for `orgs` organizations (1 or 2).
pub fn store(orgs: usize) -> Store {
    Store {
        format_version: FORMAT_VERSION,
        orgs: SEED_ORGS.iter().take(orgs).map(org).collect(),
        service_list_cache: None,
    }
}

fn org(seed: &SeedOrg) -> Org {
    Org {
        organization: Organization {
            id: seed.id,
            created_at: ORG_CREATED_AT.into(),
            name: seed.name.into(),
            private_endpoints: vec![OrganizationPrivateEndpoint {
                id: seed.private_endpoint_id.into(),
                description: None,
                cloud_provider: Some("aws".into()),
                region: Some("us-east-1".into()),
            }],
            byoc_config: Vec::new(),
            enable_core_dumps: false,
        },
        services: if seed.id == SEED_ORGS[0].id {
            let main = service(seed);
            let extra = DEMO_EXTRA_SERVICES.iter().map(|e| extra_service(&main, e));
            std::iter::once(main.clone()).chain(extra).collect()
        } else {
            vec![service(seed)]
        },
        postgres: Vec::new(),
        keys: vec![key(&seed.admin_key), key(&seed.developer_key)],
        members: vec![
            member(DEMO_USER, SystemRole::Admin, ORG_CREATED_AT),
            member(
                DEVELOPER_USER,
                SystemRole::Developer,
                "2025-01-16T08:00:00Z",
            ),
        ],
        invitations: Vec::new(),
        activities: activities(seed),
        udfs: Vec::new(),
        udf_uploads: Vec::new(),
        custom_roles: Vec::new(),
    }
}

/// The hostnames and ports every new service gets.
pub fn endpoints(host_label: &str, region: &str, provider: &str) -> Vec<ServiceEndpoint> {
    let host = format!("{host_label}.{region}.{provider}.clickhouse.cloud");
    vec![
        ServiceEndpoint {
            protocol: "https".into(),
            host: host.clone(),
            port: 8443,
            username: None,
        },
        ServiceEndpoint {
            protocol: "nativesecure".into(),
            host,
            port: 9440,
            username: None,
        },
    ]
}

fn service(seed: &SeedOrg) -> ServiceRecord {
    let id = seed.service_id;
    let service = Service {
        id,
        name: seed.service_name.into(),
        provider: "aws".into(),
        region: "us-east-1".into(),
        state: ServiceState::Running,
        clickhouse_version: CLICKHOUSE_VERSION.into(),
        endpoints: endpoints(seed.host_label, "us-east-1", "aws"),
        min_replica_memory_gb: 16,
        max_replica_memory_gb: 120,
        num_replicas: Some(3),
        min_replicas: None,
        max_replicas: None,
        autoscaling_mode: "vertical".into(),
        replica_memory_gb: None,
        idle_scaling: true,
        idle_timeout_minutes: 15,
        ip_access_list: vec![IpAccessListEntry {
            source: "0.0.0.0/0".into(),
            description: Some("Anywhere".into()),
        }],
        created_at: SERVICE_CREATED_AT.into(),
        encryption_key: None,
        encryption_assumed_role_identifier: None,
        iam_role: iam_role(seed.host_label),
        private_endpoint_ids: Vec::new(),
        available_private_endpoint_ids: Vec::new(),
        data_warehouse_id: seed.data_warehouse_id.to_string(),
        is_primary: true,
        is_readonly: false,
        release_channel: "default".into(),
        byoc_id: None,
        has_transparent_data_encryption: false,
        profile: None,
        transparent_data_encryption_key_id: None,
        encryption_role_id: None,
        compliance_type: None,
        tags: seed
            .tags
            .iter()
            .map(|(key, value)| ResourceTag {
                key: (*key).into(),
                value: Some((*value).into()),
            })
            .collect(),
        enable_core_dumps: false,
        current_scaling: placeholder_scaling(),
    };
    let mut record = ServiceRecord {
        service,
        transition: None,
        password_hash: sha256_base64(SEED_SERVICE_PASSWORD),
        double_sha1_hash: None,
        query_endpoint: None,
        private_endpoints: Vec::new(),
        backups: backups(seed),
        backup_configuration: BackupConfiguration {
            backup_period_in_hours: 24,
            backup_retention_period_in_hours: 48,
            backup_start_time: Some("02:00".into()),
        },
        clickstack: Default::default(),
        scaling_schedule: None,
        upgrade_window: None,
        clickhouse_settings: Default::default(),
        backup_bucket: None,
        clickpipes: seed
            .clickpipe_ids
            .map(|ids| crate::api::clickpipes::seeded(id, ids))
            .unwrap_or_default(),
    };
    crate::api::scaling::refresh_current_scaling(&mut record.service);
    record
}

/// `main` made into another service: its own ids, place, state and tags; no backups yet.
fn extra_service(main: &ServiceRecord, extra: &SeedService) -> ServiceRecord {
    let mut record = main.clone();
    let service = &mut record.service;
    service.id = extra.id;
    service.name = extra.name.into();
    service.provider = extra.provider.into();
    service.region = extra.region.into();
    service.state = extra.state;
    service.endpoints = endpoints(extra.host_label, extra.region, extra.provider);
    service.iam_role = iam_role(extra.host_label);
    service.data_warehouse_id = extra.data_warehouse_id.to_string();
    service.created_at = extra.created_at.into();
    service.tags = extra
        .tags
        .iter()
        .map(|(key, value)| ResourceTag {
            key: (*key).into(),
            value: Some((*value).into()),
        })
        .collect();
    service.min_replica_memory_gb = 8;
    service.max_replica_memory_gb = 32;
    service.num_replicas = Some(2);
    crate::api::scaling::refresh_current_scaling(service);
    record.backups = Vec::new();
    record.backup_configuration = default_backup_configuration();
    record.clickpipes = Default::default();
    record
}

/// The IAM role a service uses for S3 access.
pub fn iam_role(host_label: &str) -> String {
    format!("arn:aws:iam::123456789012:role/CH-S3-{host_label}-Role")
}

/// Overwritten by `refresh_current_scaling` right after construction.
pub fn placeholder_scaling() -> CurrentScaling {
    CurrentScaling {
        effective_autoscaling_mode: "vertical".into(),
        effective_min_replica_memory_gb: 0,
        effective_max_replica_memory_gb: 0,
        effective_min_replicas: 0,
        effective_max_replicas: 0,
        effective_idle_scaling: false,
        effective_idle_timeout_minutes: 0,
    }
}

/// The default backup settings of a new service.
pub fn default_backup_configuration() -> BackupConfiguration {
    BackupConfiguration {
        backup_period_in_hours: 24,
        backup_retention_period_in_hours: 24,
        backup_start_time: None,
    }
}

fn backups(seed: &SeedOrg) -> Vec<Backup> {
    let days = [
        ("2025-06-01", "full", 52_428_800_000_u64, 1_260_u64),
        ("2025-06-02", "incremental", 1_073_741_824, 95),
        ("2025-06-03", "incremental", 1_288_490_188, 110),
    ];
    seed.backup_ids
        .iter()
        .zip(days)
        .map(|(id, (day, kind, size, duration))| Backup {
            id: *id,
            status: "done".into(),
            service_id: seed.service_id.to_string(),
            started_at: format!("{day}T02:00:00Z"),
            finished_at: format!("{day}T02:{:02}:{:02}Z", duration / 60, duration % 60),
            size_in_bytes: size,
            duration_in_seconds: duration,
            kind: kind.into(),
            backup_name: format!("{}-{day}", seed.service_name),
            bucket: BackupBucketProperties {
                bucket_provider: "AWS".into(),
                bucket_path: format!("s3://clickhouse-backups-us-east-1/{}/", seed.service_id),
            },
        })
        .collect()
}

/// A key record for a seeded key.
fn key(seed: &SeedKey) -> KeyRecord {
    KeyRecord {
        key: ApiKey {
            id: seed.id,
            name: seed.name.into(),
            state: "enabled".into(),
            roles: vec![seed.role.legacy_name().into()],
            assigned_roles: vec![seed.role.assigned()],
            key_suffix: key_suffix(seed.key_id),
            created_at: KEYS_CREATED_AT.into(),
            expire_at: None,
            used_at: None,
            ip_access_list: vec![IpAccessListEntry {
                source: "0.0.0.0/0".into(),
                description: None,
            }],
        },
        key_id_hash: sha256_base64(seed.key_id),
        key_secret_hash: sha256_base64(seed.secret),
    }
}

/// The last 4 characters of a key id (`ApiKey.keySuffix`).
pub fn key_suffix(key_id: &str) -> String {
    let chars: Vec<char> = key_id.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// A member with one system role.
pub fn member(user: User, role: SystemRole, joined_at: &str) -> Member {
    Member {
        user_id: user.id,
        name: user.name.into(),
        email: user.email.into(),
        role: role.legacy_name().into(),
        joined_at: joined_at.into(),
        assigned_roles: vec![role.assigned()],
    }
}

/// The history that led to the seeded state, performed by the demo user in the console.
fn activities(seed: &SeedOrg) -> Vec<Activity> {
    let by_demo_user = |id: &str, at: &str, kind: &str| Activity {
        id: id.into(),
        created_at: at.into(),
        kind: kind.into(),
        actor_type: "user".into(),
        actor_id: DEMO_USER.id.to_string(),
        actor_details: DEMO_USER.email.into(),
        actor_ip_address: "127.0.0.1".into(),
        organization_id: seed.id.to_string(),
        service_id: None,
        user_agent: None,
        target_key_id: None,
        key_update_type: None,
    };
    let [org_created, service_created, admin_key, developer_key] = seed.activity_ids;
    let key_created = |id: &str, key: &SeedKey| Activity {
        target_key_id: Some(key.id.to_string()),
        key_update_type: Some("created".into()),
        ..by_demo_user(id, KEYS_CREATED_AT, "key_create")
    };
    vec![
        by_demo_user(org_created, ORG_CREATED_AT, "create_organization"),
        Activity {
            service_id: Some(seed.service_id.to_string()),
            ..by_demo_user(service_created, SERVICE_CREATED_AT, "service_create")
        },
        key_created(admin_key, &seed.admin_key),
        key_created(developer_key, &seed.developer_key),
    ]
}
