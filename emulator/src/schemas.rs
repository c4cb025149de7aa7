//! The spec's request-body schemas (components/schemas/*Request*), transcribed into [`Schema`]s.
//! Enums, lengths, ranges and steps are the spec's; rules the spec states only in prose
//! (e.g. "Must be >= 5 minutes") are encoded too. Cross-field rules live in the handlers.

use crate::validate::{
    Format, Schema, array, field, formatted, formatted_len, integer, integer_at_least, number,
    one_of, required, string, string_len,
};

pub const PROVIDERS: &[&str] = &["aws", "gcp", "azure"];

pub const REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "il-central-1",
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "us-east1",
    "us-central1",
    "europe-west2",
    "europe-west4",
    "asia-southeast1",
    "asia-northeast1",
    "eastus",
    "eastus2",
    "westus3",
    "germanywestcentral",
    "centralus",
];

/// Which of [`REGIONS`] belong to which provider (the spec lists them in one enum).
pub fn provider_of_region(region: &str) -> &'static str {
    match region {
        "us-east1" | "us-central1" | "europe-west2" | "europe-west4" | "asia-southeast1"
        | "asia-northeast1" => "gcp",
        "eastus" | "eastus2" | "westus3" | "germanywestcentral" | "centralus" => "azure",
        _ => "aws",
    }
}

const TIERS: &[&str] = &[
    "development",
    "production",
    "dedicated_high_mem",
    "dedicated_high_cpu",
    "dedicated_standard",
    "dedicated_standard_n2d_standard_4",
    "dedicated_standard_n2d_standard_8",
    "dedicated_standard_n2d_standard_32",
    "dedicated_standard_n2d_standard_128",
    "dedicated_standard_n2d_standard_32_16SSD",
    "dedicated_standard_n2d_standard_64_24SSD",
];
const RELEASE_CHANNELS: &[&str] = &["slow", "default", "fast"];
const AUTOSCALING_MODES: &[&str] = &["vertical", "horizontal"];
const PROFILES: &[&str] = &[
    "v1-default",
    "v1-highmem-xs",
    "v1-highmem-s",
    "v1-highmem-m",
    "v1-highmem-l",
    "v1-highmem-xl",
];
const COMPLIANCE_TYPES: &[&str] = &["hipaa", "pci"];
const KEY_STATES: &[&str] = &["enabled", "disabled"];
const KEY_ROLES: &[&str] = &["admin", "developer", "query_endpoints"];
const MEMBER_ROLES: &[&str] = &["admin", "developer"];
const QUERY_ENDPOINT_ROLES: &[&str] = &["sql_console_read_only", "sql_console_admin"];

/// `minReplicaMemoryGb` / `maxReplicaMemoryGb`: multiple of 4 in 8..=356.
const REPLICA_MEMORY: Schema = number(Some(8.0), Some(356.0), Some(4.0));
/// Deprecated `minTotalMemoryGb` / `maxTotalMemoryGb`: multiple of 12 in 24..=1068.
const TOTAL_MEMORY: Schema = number(Some(24.0), Some(1068.0), Some(12.0));
/// `numReplicas`, `minReplicas`, `maxReplicas`.
const REPLICAS: Schema = integer(1.0, 20.0);
/// `idleTimeoutMinutes`: "Must be >= 5 minutes" (whole minutes).
const IDLE_TIMEOUT: Schema = integer_at_least(5.0);

const TAG: Schema = Schema::Object(&[
    required("key", formatted_len(Format::TagChars, 1, Some(128))),
    field("value", formatted_len(Format::TagChars, 0, Some(256))),
]);
const TAGS: Schema = Schema::Array {
    items: &TAG,
    max_items: Some(50),
};

const IP_ACCESS_ENTRY: Schema = Schema::Object(&[
    required("source", string_len(1, None)),
    field("description", string()),
]);

const ENDPOINT_CHANGE: Schema = Schema::Object(&[
    required("protocol", one_of(&["mysql"])),
    required("enabled", Schema::Bool),
]);

const STRINGS: Schema = array(&string());

/// `ServicePostRequest`. `name`, `provider` and `region` are required: a service cannot exist
/// without them, and the production API rejects a body that lacks one.
pub const SERVICE_POST: Schema = Schema::Object(&[
    required("name", string_len(1, Some(50))),
    required("provider", one_of(PROVIDERS)),
    required("region", one_of(REGIONS)),
    field("tier", one_of(TIERS)),
    field("ipAccessList", array(&IP_ACCESS_ENTRY)),
    field("minTotalMemoryGb", TOTAL_MEMORY),
    field("maxTotalMemoryGb", TOTAL_MEMORY),
    field("autoscalingMode", one_of(AUTOSCALING_MODES)),
    field("minReplicaMemoryGb", REPLICA_MEMORY),
    field("maxReplicaMemoryGb", REPLICA_MEMORY),
    field("numReplicas", REPLICAS),
    field("minReplicas", REPLICAS),
    field("maxReplicas", REPLICAS),
    field("idleScaling", Schema::Bool),
    field("idleTimeoutMinutes", IDLE_TIMEOUT),
    field("isReadonly", Schema::Bool),
    field("dataWarehouseId", string()),
    field("backupId", formatted(Format::Uuid)),
    field("encryptionKey", string()),
    field("encryptionAssumedRoleIdentifier", string()),
    field("privateEndpointIds", STRINGS),
    field("privatePreviewTermsChecked", Schema::Bool),
    field("releaseChannel", one_of(RELEASE_CHANNELS)),
    field("byocId", string()),
    field("hasTransparentDataEncryption", Schema::Bool),
    field("endpoints", array(&ENDPOINT_CHANGE)),
    field("profile", one_of(PROFILES)),
    field("complianceType", one_of(COMPLIANCE_TYPES)),
    field("tags", TAGS),
    field("enableCoreDumps", Schema::Bool),
]);

/// `ServicePatchRequest`.
pub const SERVICE_PATCH: Schema = Schema::Object(&[
    field("name", string_len(1, Some(50))),
    field(
        "ipAccessList",
        Schema::Object(&[
            field("add", array(&IP_ACCESS_ENTRY)),
            field("remove", array(&IP_ACCESS_ENTRY)),
        ]),
    ),
    field(
        "privateEndpointIds",
        Schema::Object(&[field("add", STRINGS), field("remove", STRINGS)]),
    ),
    field("releaseChannel", one_of(RELEASE_CHANNELS)),
    field("endpoints", array(&ENDPOINT_CHANGE)),
    field("transparentDataEncryptionKeyId", string()),
    field(
        "tags",
        Schema::Object(&[field("add", TAGS), field("remove", TAGS)]),
    ),
    field("enableCoreDumps", Schema::Bool),
]);

/// `ServiceStatePatchRequest`.
pub const SERVICE_STATE_PATCH: Schema =
    Schema::Object(&[required("command", one_of(&["start", "stop", "awake"]))]);

/// `ServiceScalingPatchRequest` (deprecated endpoint, still served).
pub const SERVICE_SCALING_PATCH: Schema = Schema::Object(&[
    field("minTotalMemoryGb", TOTAL_MEMORY),
    field("maxTotalMemoryGb", TOTAL_MEMORY),
    field("numReplicas", REPLICAS),
    field("idleScaling", Schema::Bool),
    field("idleTimeoutMinutes", IDLE_TIMEOUT),
]);

/// `ServiceReplicaScalingPatchRequest`.
pub const SERVICE_REPLICA_SCALING_PATCH: Schema = Schema::Object(&[
    field("minReplicaMemoryGb", REPLICA_MEMORY),
    field("maxReplicaMemoryGb", REPLICA_MEMORY),
    field("autoscalingMode", one_of(AUTOSCALING_MODES)),
    field("numReplicas", REPLICAS),
    field("minReplicas", REPLICAS),
    field("maxReplicas", REPLICAS),
    field("idleScaling", Schema::Bool),
    field("idleTimeoutMinutes", IDLE_TIMEOUT),
]);

/// `ServicePasswordPatchRequest`.
pub const SERVICE_PASSWORD_PATCH: Schema = Schema::Object(&[
    field("newPasswordHash", string()),
    field("newDoubleSha1Hash", string()),
]);

/// `ServicPrivateEndpointePostRequest` (sic). `id` is required: it names the endpoint.
pub const PRIVATE_ENDPOINT_POST: Schema = Schema::Object(&[
    required("id", string_len(1, None)),
    field("description", string()),
]);

/// `InstanceServiceQueryApiEndpointsPostRequest`.
pub const QUERY_ENDPOINT_POST: Schema = Schema::Object(&[
    field("roles", array(&one_of(QUERY_ENDPOINT_ROLES))),
    field("openApiKeys", STRINGS),
    field("allowedOrigins", string()),
]);

/// `BackupConfigurationPatchRequest`. The retention rule is the spec's prose ("a whole number of
/// days between 24 and 1080"); a period must be a positive whole number of hours.
pub const BACKUP_CONFIGURATION_PATCH: Schema = Schema::Object(&[
    field("backupPeriodInHours", integer_at_least(1.0)),
    field(
        "backupRetentionPeriodInHours",
        number(Some(24.0), Some(1080.0), Some(24.0)),
    ),
    field("backupStartTime", formatted(Format::HourMinute)),
]);

const ORG_PRIVATE_ENDPOINT: Schema = Schema::Object(&[
    required("id", string_len(1, None)),
    field("description", string()),
    field("cloudProvider", one_of(PROVIDERS)),
    field("region", one_of(REGIONS)),
]);

/// `OrganizationPatchRequest`.
pub const ORGANIZATION_PATCH: Schema = Schema::Object(&[
    field("name", string_len(1, Some(50))),
    field(
        "privateEndpoints",
        Schema::Object(&[
            field("add", array(&ORG_PRIVATE_ENDPOINT)),
            field("remove", array(&ORG_PRIVATE_ENDPOINT)),
        ]),
    ),
    field("enableCoreDumps", Schema::Bool),
]);

const ROLE_IDS: Schema = array(&formatted(Format::Uuid));
const NULLABLE_DATE_TIME: Schema = Schema::Nullable(&formatted(Format::DateTime));

/// `ApiKeyPostRequest`. `name` is required (a key is listed by it).
pub const KEY_POST: Schema = Schema::Object(&[
    required("name", string_len(1, Some(50))),
    field("expireAt", NULLABLE_DATE_TIME),
    field("state", one_of(KEY_STATES)),
    field(
        "hashData",
        Schema::Object(&[
            required("keyIdHash", string_len(1, None)),
            required("keyIdSuffix", string_len(4, Some(4))),
            required("keySecretHash", string_len(1, None)),
        ]),
    ),
    field("roles", array(&one_of(KEY_ROLES))),
    field("assignedRoleIds", ROLE_IDS),
    field("ipAccessList", array(&IP_ACCESS_ENTRY)),
]);

/// `ApiKeyPatchRequest`.
pub const KEY_PATCH: Schema = Schema::Object(&[
    field("name", string_len(1, Some(50))),
    field("roles", array(&one_of(KEY_ROLES))),
    field("assignedRoleIds", ROLE_IDS),
    field("expireAt", NULLABLE_DATE_TIME),
    field("state", one_of(KEY_STATES)),
    field("ipAccessList", array(&IP_ACCESS_ENTRY)),
]);

/// `MemberPatchRequest`.
pub const MEMBER_PATCH: Schema = Schema::Object(&[
    field("role", one_of(MEMBER_ROLES)),
    field("assignedRoleIds", ROLE_IDS),
]);

/// `InvitationPostRequest`. `email` is required: it is who the invitation is for.
pub const INVITATION_POST: Schema = Schema::Object(&[
    required("email", formatted(Format::Email)),
    field("role", one_of(MEMBER_ROLES)),
    field("assignedRoleIds", ROLE_IDS),
]);

/// `ScalingScheduleEntryRequest`. Cross-field rules (start ≠ end, paired bounds, what a
/// horizontal entry needs) are the handler's; so is `weekdays`' `minItems: 1`.
const SCALING_SCHEDULE_ENTRY: Schema = Schema::Object(&[
    required("name", string_len(1, None)),
    required("weekdays", array(&integer(0.0, 6.0))),
    required("startHourUtc", integer(0.0, 23.0)),
    required("endHourUtc", integer(1.0, 24.0)),
    field("autoscalingMode", one_of(AUTOSCALING_MODES)),
    field("minReplicaMemoryGb", REPLICA_MEMORY),
    field("maxReplicaMemoryGb", REPLICA_MEMORY),
    field("numReplicas", integer_at_least(1.0)),
    field("minReplicas", integer_at_least(1.0)),
    field("maxReplicas", integer_at_least(1.0)),
    field("idleScaling", Schema::Bool),
    field("idleTimeoutMinutes", integer_at_least(0.0)),
]);

/// `ScalingSchedulePostRequest`.
pub const SCALING_SCHEDULE_POST: Schema =
    Schema::Object(&[required("entries", array(&SCALING_SCHEDULE_ENTRY))]);

/// `UpgradeWindowPutRequest`; `startHourUtc`'s enum (0, 6, 12, 18) is checked by the handler.
pub const UPGRADE_WINDOW_PUT: Schema = Schema::Object(&[
    required("weekday", integer(0.0, 6.0)),
    required("startHourUtc", integer(0.0, 23.0)),
]);

/// `ServiceClickhouseSettingsPatchRequest`: a JSON object serialized into a string.
pub const CLICKHOUSE_SETTINGS_PATCH: Schema = Schema::Object(&[required("settings", string())]);

const BUCKET_PROVIDERS: &[&str] = &["AWS", "GCP", "AZURE"];

/// Every field of the `BackupBucket*RequestV1` variants: the first pass, before the variant
/// `bucketProvider` names is checked.
pub const BACKUP_BUCKET_ANY: Schema = Schema::Object(&[
    required("bucketProvider", one_of(BUCKET_PROVIDERS)),
    field("bucketPath", string()),
    field("iamRoleArn", string()),
    field("iamRoleSessionName", Schema::Nullable(&string())),
    field("accessKeyId", string()),
    field("secretAccessKey", string()),
    field("containerName", string()),
    field("connectionString", string()),
]);

/// `AwsBackupBucketPostRequestV1`.
pub const AWS_BACKUP_BUCKET_POST: Schema = Schema::Object(&[
    required("bucketProvider", one_of(&["AWS"])),
    field("bucketPath", string_len(1, None)),
    field("iamRoleArn", string_len(1, None)),
    field("iamRoleSessionName", string()),
]);

/// `AwsBackupBucketPatchRequestV1`: the session name may be cleared with `null`.
pub const AWS_BACKUP_BUCKET_PATCH: Schema = Schema::Object(&[
    required("bucketProvider", one_of(&["AWS"])),
    field("bucketPath", string_len(1, None)),
    field("iamRoleArn", string_len(1, None)),
    field("iamRoleSessionName", Schema::Nullable(&string())),
]);

/// `GcpBackupBucketPostRequestV1` (and `...PatchRequestV1`, the same fields).
pub const GCP_BACKUP_BUCKET_POST: Schema = Schema::Object(&[
    required("bucketProvider", one_of(&["GCP"])),
    field("bucketPath", string_len(1, None)),
    field("accessKeyId", string_len(1, None)),
    field("secretAccessKey", string()),
]);
pub const GCP_BACKUP_BUCKET_PATCH: Schema = GCP_BACKUP_BUCKET_POST;

/// `AzureBackupBucketPostRequestV1` (and `...PatchRequestV1`, the same fields).
pub const AZURE_BACKUP_BUCKET_POST: Schema = Schema::Object(&[
    required("bucketProvider", one_of(&["AZURE"])),
    field("containerName", string_len(1, None)),
    field("connectionString", string()),
]);
pub const AZURE_BACKUP_BUCKET_PATCH: Schema = AZURE_BACKUP_BUCKET_POST;

/// `RBACPolicyCreateRequest`.
const RBAC_POLICY: Schema = Schema::Object(&[
    required("allowDeny", one_of(&["ALLOW", "DENY"])),
    required("permissions", STRINGS),
    required("resources", STRINGS),
    field(
        "tags",
        Schema::Object(&[
            field("grants", STRINGS),
            field(
                "roleV2",
                one_of(&["sql-console-readonly", "sql-console-admin"]),
            ),
        ]),
    ),
]);

/// `RoleCreateRequest`. A name is at least one character (the spec says only "string").
pub const ROLE_POST: Schema = Schema::Object(&[
    required("name", string_len(1, None)),
    required("actors", STRINGS),
    required("policies", array(&RBAC_POLICY)),
]);

/// `RoleUpdateRequest`.
pub const ROLE_PATCH: Schema = Schema::Object(&[
    field("name", string_len(1, None)),
    field("actors", STRINGS),
    field("policies", array(&RBAC_POLICY)),
]);

/// `ByocInfrastructurePostRequest`. The spec requires nothing; the handler insists on
/// `regionId` and `accountId`, without which there is nothing to provision.
pub const BYOC_POST: Schema = Schema::Object(&[
    field("regionId", one_of(REGIONS)),
    field("accountId", string_len(1, None)),
    field(
        "availabilityZoneSuffixes",
        array(&one_of(&["a", "b", "c", "d", "e", "f"])),
    ),
    field("vpcCidrRange", string()),
    field("displayName", string()),
]);

/// `ByocInfrastructurePatchRequest`.
pub const BYOC_PATCH: Schema = Schema::Object(&[field("displayName", string())]);
