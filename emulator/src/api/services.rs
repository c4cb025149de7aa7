//! `/v1/organizations/{organizationId}/services[/{serviceId}[/state]]`: the service lifecycle.
//!
//! State machine (each arrow takes `--transition-ms`):
//! create → provisioning → running; start: stopped → starting → running;
//! stop: running|idle → stopping → stopped; awake: idle → awaking → running.
//! A command that asks for the state a service is already in or heading to is an idempotent
//! 200; one that conflicts with a transition in progress (e.g. start while stopping) is a 409.
//! Delete needs a stopped service (409 otherwise) and removes it at once.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::context::whole;
use super::filters::{all_match, tag_filters};
use super::scaling;
use super::{Ctx, Req};
use crate::envelope::{ApiError, Reply};
use crate::hashing::sha256_base64;
use crate::ids;
use crate::model::{IpAccessListEntry, ResourceTag, Service, ServiceEndpoint, ServiceState};
use crate::schemas::{self, provider_of_region};
use crate::seed::{self, CLICKHOUSE_VERSION};
use crate::store::{CachedList, Org, ServiceRecord, Transition};

/// The service as the API shows it: `availablePrivateEndpointIds` is computed from the
/// organization's endpoints in the same provider and region that are not attached yet.
pub fn view(org: &Org, record: &ServiceRecord) -> Service {
    let mut service = record.service.clone();
    service.available_private_endpoint_ids = org
        .organization
        .private_endpoints
        .iter()
        .filter(|endpoint| {
            endpoint
                .cloud_provider
                .as_ref()
                .is_none_or(|p| *p == service.provider)
                && endpoint
                    .region
                    .as_ref()
                    .is_none_or(|r| *r == service.region)
                && !service.private_endpoint_ids.contains(&endpoint.id)
        })
        .map(|endpoint| endpoint.id.clone())
        .collect();
    service
}

/// GET list, filtered by `filter=tag:...`.
/// The text is kept until the store changes (see [`crate::store::Store::changed`]).
pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let filters = tag_filters(&req.query)?;
    let key = (org.id(), req.query.all("filter").join("\n"));
    if let Some(cached) = &ctx.store.service_list_cache
        && (cached.org, &cached.filter) == (key.0, &key.1)
    {
        return Ok(Reply::Json(cached.text.to_string()));
    }
    let services: Vec<Service> = org
        .services
        .iter()
        .filter(|record| all_match(&filters, &record.service.tags))
        .map(|record| view(org, record))
        .collect();
    let reply = Reply::of(&services)?;
    if let Reply::Json(text) = &reply {
        ctx.store.service_list_cache = Some(CachedList {
            org: key.0,
            filter: key.1,
            text: text.as_str().into(),
        });
    }
    Ok(reply)
}

pub fn get(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Reply::of(&view(org, org.service(svc)?))
}

/// `ServicePostRequest`, after schema validation.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    name: String,
    provider: String,
    region: String,
    #[serde(default)]
    ip_access_list: Vec<IpAccessListEntry>,
    min_total_memory_gb: Option<f64>,
    max_total_memory_gb: Option<f64>,
    #[serde(flatten)]
    scaling: scaling::ReplicaPatch,
    is_readonly: Option<bool>,
    data_warehouse_id: Option<String>,
    backup_id: Option<Uuid>,
    encryption_key: Option<String>,
    encryption_assumed_role_identifier: Option<String>,
    #[serde(default)]
    private_endpoint_ids: Vec<String>,
    release_channel: Option<String>,
    byoc_id: Option<String>,
    has_transparent_data_encryption: Option<bool>,
    #[serde(default)]
    endpoints: Vec<EndpointChange>,
    profile: Option<String>,
    compliance_type: Option<String>,
    #[serde(default)]
    tags: Vec<ResourceTag>,
    enable_core_dumps: Option<bool>,
}

/// `ServiceEndpointChange`.
#[derive(Deserialize)]
struct EndpointChange {
    protocol: String,
    enabled: bool,
}

/// `ServicePostResponse`.
#[derive(Serialize)]
struct PostResponse {
    service: Service,
    password: String,
}

/// Memory sizes allowed with `byocId` (per the spec).
const BYOC_SIZES: [u32; 4] = [48, 116, 172, 232];

/// POST: creates a service in `provisioning`; it is `running` after `--transition-ms`.
/// Answers `ServicePostResponse` with the generated password.
pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let post: Post = req.body(&schemas::SERVICE_POST)?;
    if provider_of_region(&post.region) != post.provider {
        return Err(ApiError::bad_request(format!(
            "Field \"region\": \"{}\" is not a region of provider \"{}\"",
            post.region, post.provider
        )));
    }
    let (data_warehouse_id, is_primary) = match &post.data_warehouse_id {
        Some(id) => {
            if !org
                .services
                .iter()
                .any(|r| r.service.data_warehouse_id == *id)
            {
                return Err(ApiError::bad_request(format!(
                    "Field \"dataWarehouseId\": no data warehouse {id} in this organization"
                )));
            }
            (id.clone(), false)
        }
        None => (Uuid::new_v4().to_string(), true),
    };
    let is_readonly = post.is_readonly.unwrap_or(false);
    if is_readonly && post.data_warehouse_id.is_none() {
        return Err(ApiError::bad_request(
            "Field \"isReadonly\" requires \"dataWarehouseId\" (only a secondary service of a data warehouse can be read-only)",
        ));
    }
    if let Some(backup_id) = post.backup_id
        && !org
            .services
            .iter()
            .any(|r| r.backups.iter().any(|b| b.id == backup_id))
    {
        return Err(ApiError::bad_request(format!(
            "Field \"backupId\": no backup {backup_id} in this organization"
        )));
    }
    let mut change = post.scaling.change();
    change.min_memory = change
        .min_memory
        .or(post.min_total_memory_gb.map(|gb| whole(gb / 3.0)));
    change.max_memory = change
        .max_memory
        .or(post.max_total_memory_gb.map(|gb| whole(gb / 3.0)));
    if post.byoc_id.is_some() {
        for (name, value) in [
            ("minReplicaMemoryGb", change.min_memory),
            ("maxReplicaMemoryGb", change.max_memory),
        ] {
            if !value.is_some_and(|gb| BYOC_SIZES.contains(&gb)) {
                return Err(ApiError::bad_request(format!(
                    "Field \"{name}\" is required with \"byocId\" and must be one of 48, 116, 172, 232"
                )));
            }
        }
    }

    let id = Uuid::new_v4();
    let label = ids::host_label();
    let tde = post.has_transparent_data_encryption.unwrap_or(false);
    let mut service = Service {
        id,
        name: post.name,
        provider: post.provider.clone(),
        region: post.region.clone(),
        state: ServiceState::Provisioning,
        clickhouse_version: CLICKHOUSE_VERSION.into(),
        endpoints: seed::endpoints(&label, &post.region, &post.provider),
        min_replica_memory_gb: 8,
        max_replica_memory_gb: 120,
        num_replicas: Some(3),
        min_replicas: None,
        max_replicas: None,
        autoscaling_mode: "vertical".into(),
        replica_memory_gb: None,
        idle_scaling: true,
        idle_timeout_minutes: 15,
        ip_access_list: post.ip_access_list,
        created_at: req.now_text(),
        encryption_key: post.encryption_key,
        encryption_assumed_role_identifier: post.encryption_assumed_role_identifier,
        iam_role: seed::iam_role(&label),
        private_endpoint_ids: post.private_endpoint_ids,
        available_private_endpoint_ids: Vec::new(),
        data_warehouse_id,
        is_primary,
        is_readonly,
        release_channel: post.release_channel.unwrap_or_else(|| "default".into()),
        byoc_id: post.byoc_id,
        has_transparent_data_encryption: tde,
        profile: post.profile,
        transparent_data_encryption_key_id: tde.then(|| Uuid::new_v4().to_string()),
        encryption_role_id: tde
            .then(|| format!("arn:aws:iam::123456789012:role/CH-TDE-{label}-Role")),
        compliance_type: post.compliance_type,
        tags: post.tags,
        enable_core_dumps: post.enable_core_dumps.unwrap_or(false),
        current_scaling: seed::placeholder_scaling(),
    };
    // Keep the defaults compatible with a one-sided memory request (e.g. only max = 8).
    if let Some(max) = change.max_memory {
        service.min_replica_memory_gb = service.min_replica_memory_gb.min(max);
    }
    if let Some(min) = change.min_memory {
        service.max_replica_memory_gb = service.max_replica_memory_gb.max(min);
    }
    scaling::apply(&mut service, &change)?;
    apply_endpoint_changes(&mut service, &post.endpoints, &label);

    let password = ids::password();
    let mut record = ServiceRecord {
        service,
        transition: None,
        password_hash: sha256_base64(&password),
        double_sha1_hash: None,
        query_endpoint: None,
        private_endpoints: Vec::new(),
        backups: Vec::new(),
        backup_configuration: seed::default_backup_configuration(),
        clickstack: Default::default(),
        scaling_schedule: None,
        upgrade_window: None,
        clickhouse_settings: Default::default(),
        backup_bucket: None,
        clickpipes: Default::default(),
    };
    begin_transition(
        &mut record,
        req,
        ServiceState::Provisioning,
        ServiceState::Running,
    );
    let result = Reply::of(&PostResponse {
        service: view(org, &record),
        password,
    })?;
    org.services.push(record);
    org.record(req.service_activity(org.id(), id, "service_create"));
    Ok(result)
}

/// Puts the service in `via` now and in `to` after `--transition-ms` (at once when it is 0).
pub(crate) fn begin_transition(
    record: &mut ServiceRecord,
    req: &Req,
    via: ServiceState,
    to: ServiceState,
) {
    if req.transition_ms <= 0 {
        record.service.state = to;
        record.transition = None;
    } else {
        record.service.state = via;
        record.transition = Some(Transition {
            to,
            at_ms: req.now.as_millisecond().saturating_add(req.transition_ms),
        });
    }
}

/// Adds or removes the MySQL endpoint (the only one `ServiceEndpointChange` can toggle).
fn apply_endpoint_changes(service: &mut Service, changes: &[EndpointChange], label: &str) {
    for change in changes.iter().filter(|c| c.protocol == "mysql") {
        service.endpoints.retain(|e| e.protocol != "mysql");
        if change.enabled {
            let host = service
                .endpoints
                .first()
                .map(|e| e.host.clone())
                .unwrap_or_default();
            service.endpoints.push(ServiceEndpoint {
                protocol: "mysql".into(),
                host,
                port: 3306,
                username: Some(format!("mysql4{label}")),
            });
        }
    }
}

/// `{add, remove}` patches of lists.
#[derive(Deserialize)]
struct ListPatch<T> {
    #[serde(default = "Vec::new")]
    add: Vec<T>,
    #[serde(default = "Vec::new")]
    remove: Vec<T>,
}

/// `ServicePatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Patch {
    name: Option<String>,
    ip_access_list: Option<ListPatch<IpAccessListEntry>>,
    private_endpoint_ids: Option<ListPatch<String>>,
    release_channel: Option<String>,
    endpoints: Option<Vec<EndpointChange>>,
    transparent_data_encryption_key_id: Option<String>,
    tags: Option<ListPatch<ResourceTag>>,
    enable_core_dumps: Option<bool>,
}

impl Patch {
    /// One activity per request, typed after the first changed field that has a type of its own
    /// in the spec's enum. Tags, endpoints and the TDE key have none: a request changing only
    /// those is recorded as the generic `service_update_name` (documented in EMULATOR.md).
    fn activity_kind(&self) -> &'static str {
        if self.name.is_some() {
            "service_update_name"
        } else if self.ip_access_list.is_some() {
            "service_update_ip_access_list"
        } else if self.private_endpoint_ids.is_some() {
            "service_update_private_endpoints"
        } else if self.release_channel.is_some() {
            "service_update_release_channel"
        } else if self.enable_core_dumps.is_some() {
            "service_update_core_dump"
        } else {
            "service_update_name"
        }
    }
}

/// PATCH: name, IP access list, private endpoints, release channel, MySQL endpoint, TDE key,
/// tags, core dumps. `remove` runs before `add`, as the spec says.
pub fn update(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: Patch = req.body(&schemas::SERVICE_PATCH)?;
    let record = org.service_mut(svc)?;
    let mut service = record.service.clone();
    if let Some(name) = &patch.name {
        service.name = name.clone();
    }
    if let Some(list) = &patch.ip_access_list {
        service
            .ip_access_list
            .retain(|entry| !list.remove.iter().any(|gone| gone.source == entry.source));
        for entry in &list.add {
            service.ip_access_list.retain(|e| e.source != entry.source);
            service.ip_access_list.push(entry.clone());
        }
    }
    if let Some(list) = &patch.private_endpoint_ids {
        service
            .private_endpoint_ids
            .retain(|id| !list.remove.contains(id));
        for id in &list.add {
            if !service.private_endpoint_ids.contains(id) {
                service.private_endpoint_ids.push(id.clone());
            }
        }
    }
    if let Some(channel) = &patch.release_channel {
        service.release_channel = channel.clone();
    }
    if let Some(changes) = &patch.endpoints {
        let label = service
            .endpoints
            .first()
            .and_then(|e| e.host.split('.').next())
            .unwrap_or("service")
            .to_string();
        apply_endpoint_changes(&mut service, changes, &label);
    }
    if let Some(key_id) = &patch.transparent_data_encryption_key_id {
        if !service.has_transparent_data_encryption {
            return Err(ApiError::bad_request(
                "Field \"transparentDataEncryptionKeyId\" needs a service created with \"hasTransparentDataEncryption\": true",
            ));
        }
        service.transparent_data_encryption_key_id = Some(key_id.clone());
    }
    if let Some(tags) = &patch.tags {
        service.tags.retain(|tag| {
            !tags.remove.iter().any(|gone| {
                gone.key == tag.key && (gone.value.is_none() || gone.value == tag.value)
            })
        });
        for tag in &tags.add {
            service.tags.retain(|t| t.key != tag.key);
            service.tags.push(tag.clone());
        }
        if service.tags.len() > 50 {
            return Err(ApiError::bad_request(
                "Field \"tags\": a service can have at most 50 tags",
            ));
        }
    }
    if let Some(enabled) = patch.enable_core_dumps {
        service.enable_core_dumps = enabled;
    }
    let id = service.id;
    record.service = service;
    let result = Reply::of(&view(org, org.service(svc)?))?;
    org.record(req.service_activity(org.id(), id, patch.activity_kind()));
    Ok(result)
}

/// DELETE: only a stopped service can be deleted.
pub fn delete(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let service = &org.service(svc)?.service;
    let (id, state) = (service.id, service.state);
    if state != ServiceState::Stopped {
        return Err(ApiError::conflict(format!(
            "Service {id} is {}; it must be stopped before it can be deleted (PATCH .../state {{\"command\": \"stop\"}})",
            state.as_str()
        )));
    }
    org.services.retain(|record| record.service.id != id);
    org.record(req.service_activity(org.id(), id, "service_delete"));
    Ok(Reply::Done)
}

/// `ServiceStatePatchRequest`.
#[derive(Deserialize)]
struct StatePatch {
    command: String,
}

/// What a state command does from the current state.
enum Outcome {
    Begin(ServiceState, ServiceState),
    AlreadyThere,
    Conflict(&'static str),
}

fn plan(command: &str, state: ServiceState) -> Outcome {
    use ServiceState::*;
    match (command, state) {
        ("start", Stopped) => Outcome::Begin(Starting, Running),
        ("start" | "awake", Idle) => Outcome::Begin(Awaking, Running),
        ("start" | "awake", Running | Starting | Provisioning | Awaking) => Outcome::AlreadyThere,
        ("start", Stopping) => Outcome::Conflict("wait until it is stopped, then start it"),
        ("awake", Stopped | Stopping) => {
            Outcome::Conflict("only an idle service can be awakened; use the start command")
        }
        ("stop", Running | Idle) => Outcome::Begin(Stopping, Stopped),
        ("stop", Stopped | Stopping) => Outcome::AlreadyThere,
        ("stop", Provisioning | Starting | Awaking) => {
            Outcome::Conflict("wait until it is running, then stop it")
        }
        _ => Outcome::Conflict("the command is not possible in this state"),
    }
}

/// `PATCH .../state` with `start`, `stop` or `awake`; answers the `Service`.
pub fn change_state(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: StatePatch = req.body(&schemas::SERVICE_STATE_PATCH)?;
    let record = org.service_mut(svc)?;
    let id = record.service.id;
    match plan(&patch.command, record.service.state) {
        Outcome::Begin(via, to) => begin_transition(record, req, via, to),
        Outcome::AlreadyThere => {}
        Outcome::Conflict(advice) => {
            return Err(ApiError::conflict(format!(
                "Cannot {} service {id}: it is {}; {advice}",
                patch.command,
                record.service.state.as_str()
            )));
        }
    }
    let kind = match patch.command.as_str() {
        "start" => "service_start",
        "stop" => "service_stop",
        _ => "service_awaken",
    };
    let result = Reply::of(&view(org, org.service(svc)?))?;
    org.record(req.service_activity(org.id(), id, kind));
    Ok(result)
}
