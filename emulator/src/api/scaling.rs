//! Autoscaling settings: the rules shared by service creation, `PATCH .../scaling` (deprecated
//! total-memory form) and `PATCH .../replicaScaling`.
//!
//! Vertical mode: a fixed `numReplicas`, memory per replica between `minReplicaMemoryGb` and
//! `maxReplicaMemoryGb`. Horizontal mode: replicas between `minReplicas` and `maxReplicas`, at a
//! fixed `replicaMemoryGb` (min and max memory equal).

use serde::Deserialize;

use super::context::whole;
use super::services::view;
use super::{Ctx, Req};
use crate::envelope::{ApiError, Reply};
use crate::model::Service;
use crate::schemas;
use crate::store::Org;

/// A requested change; `None` keeps the current value.
#[derive(Default)]
pub struct ScalingChange {
    pub mode: Option<String>,
    pub min_memory: Option<u32>,
    pub max_memory: Option<u32>,
    pub num_replicas: Option<u32>,
    pub min_replicas: Option<u32>,
    pub max_replicas: Option<u32>,
    pub idle_scaling: Option<bool>,
    pub idle_timeout_minutes: Option<u32>,
}

impl ScalingChange {
    /// The activity type that best describes the change.
    pub fn activity_kind(&self) -> &'static str {
        if self.min_memory.is_some() || self.max_memory.is_some() || self.mode.is_some() {
            "service_update_autoscaling_memory"
        } else if self.num_replicas.is_some() || self.min_replicas.is_some() {
            "service_update_autoscaling_replicas"
        } else if self.idle_scaling.is_some() || self.idle_timeout_minutes.is_some() {
            "service_update_autoscaling_idling"
        } else {
            "service_update_autoscaling_memory"
        }
    }
}

/// Applies `change` to `service`, enforcing the cross-field rules; on error nothing changes.
pub fn apply(service: &mut Service, change: &ScalingChange) -> Result<(), ApiError> {
    if change.min_replicas.is_some() != change.max_replicas.is_some() {
        return Err(ApiError::bad_request(
            "Fields \"minReplicas\" and \"maxReplicas\" must be provided together",
        ));
    }
    if change.num_replicas.is_some() && change.min_replicas.is_some() {
        return Err(ApiError::bad_request(
            "Field \"numReplicas\" cannot be combined with \"minReplicas\"/\"maxReplicas\"",
        ));
    }
    let band = change.min_replicas.zip(change.max_replicas);
    if let Some((min, max)) = band
        && min > max
    {
        return Err(ApiError::bad_request(format!(
            "Field \"minReplicas\" ({min}) must be less than or equal to \"maxReplicas\" ({max})"
        )));
    }
    let mode = change
        .mode
        .clone()
        .unwrap_or_else(|| service.autoscaling_mode.clone());

    let mut next = service.clone();
    if mode == "horizontal" {
        let memory = match (change.min_memory, change.max_memory) {
            (Some(min), Some(max)) if min != max => {
                return Err(ApiError::bad_request(format!(
                    "Fields \"minReplicaMemoryGb\" ({min}) and \"maxReplicaMemoryGb\" ({max}) must be equal in horizontal autoscaling"
                )));
            }
            (Some(memory), _) | (None, Some(memory)) => memory,
            (None, None) => service
                .replica_memory_gb
                .unwrap_or(service.min_replica_memory_gb),
        };
        let (min, max) = band
            .or_else(|| change.num_replicas.map(|n| (n, n)))
            .or_else(|| service.min_replicas.zip(service.max_replicas))
            .unwrap_or_else(|| {
                let n = service.num_replicas.unwrap_or(1);
                (n, n)
            });
        next.min_replica_memory_gb = memory;
        next.max_replica_memory_gb = memory;
        next.replica_memory_gb = Some(memory);
        next.min_replicas = Some(min);
        next.max_replicas = Some(max);
        next.num_replicas = None;
    } else {
        if let Some((min, max)) = band
            && min != max
        {
            return Err(ApiError::bad_request(format!(
                "Fields \"minReplicas\" ({min}) and \"maxReplicas\" ({max}) differ, which needs \"autoscalingMode\": \"horizontal\"; in vertical mode use \"numReplicas\""
            )));
        }
        let min_memory = change.min_memory.unwrap_or(service.min_replica_memory_gb);
        let max_memory = change.max_memory.unwrap_or(service.max_replica_memory_gb);
        if min_memory > max_memory {
            return Err(ApiError::bad_request(format!(
                "Field \"minReplicaMemoryGb\" ({min_memory}) must be less than or equal to \"maxReplicaMemoryGb\" ({max_memory})"
            )));
        }
        let replicas = change
            .num_replicas
            .or(band.map(|(n, _)| n))
            .or(service.num_replicas)
            .or(service.max_replicas)
            .unwrap_or(1);
        next.min_replica_memory_gb = min_memory;
        next.max_replica_memory_gb = max_memory;
        next.replica_memory_gb = None;
        next.num_replicas = Some(replicas);
        next.min_replicas = None;
        next.max_replicas = None;
    }
    next.autoscaling_mode = mode;
    if let Some(idle) = change.idle_scaling {
        next.idle_scaling = idle;
    }
    if let Some(minutes) = change.idle_timeout_minutes {
        next.idle_timeout_minutes = minutes;
    }
    refresh_current_scaling(&mut next);
    *service = next;
    Ok(())
}

/// `currentScaling` mirrors the baseline: the emulator has no scaling schedules.
pub fn refresh_current_scaling(service: &mut Service) {
    let scaling = &mut service.current_scaling;
    scaling.effective_autoscaling_mode = service.autoscaling_mode.clone();
    scaling.effective_min_replica_memory_gb = service.min_replica_memory_gb;
    scaling.effective_max_replica_memory_gb = service.max_replica_memory_gb;
    let (min, max) = match service.num_replicas {
        Some(n) => (n, n),
        None => (
            service.min_replicas.unwrap_or(1),
            service.max_replicas.unwrap_or(1),
        ),
    };
    scaling.effective_min_replicas = min;
    scaling.effective_max_replicas = max;
    scaling.effective_idle_scaling = service.idle_scaling;
    scaling.effective_idle_timeout_minutes = service.idle_timeout_minutes;
}

/// `ServiceScalingPatchRequest` (deprecated): total memory of three workers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyPatch {
    min_total_memory_gb: Option<f64>,
    max_total_memory_gb: Option<f64>,
    num_replicas: Option<f64>,
    idle_scaling: Option<bool>,
    idle_timeout_minutes: Option<f64>,
}

/// `PATCH .../scaling`. Total memory is split over the three workers it is defined for.
pub fn update_legacy(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: LegacyPatch = req.body(&schemas::SERVICE_SCALING_PATCH)?;
    let change = ScalingChange {
        min_memory: patch.min_total_memory_gb.map(|gb| whole(gb / 3.0)),
        max_memory: patch.max_total_memory_gb.map(|gb| whole(gb / 3.0)),
        num_replicas: patch.num_replicas.map(whole),
        idle_scaling: patch.idle_scaling,
        idle_timeout_minutes: patch.idle_timeout_minutes.map(whole),
        ..ScalingChange::default()
    };
    update(org, req, svc, &change)
}

/// `ServiceReplicaScalingPatchRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaPatch {
    pub min_replica_memory_gb: Option<f64>,
    pub max_replica_memory_gb: Option<f64>,
    pub autoscaling_mode: Option<String>,
    pub num_replicas: Option<f64>,
    pub min_replicas: Option<f64>,
    pub max_replicas: Option<f64>,
    pub idle_scaling: Option<bool>,
    pub idle_timeout_minutes: Option<f64>,
}

impl ReplicaPatch {
    pub fn change(&self) -> ScalingChange {
        ScalingChange {
            mode: self.autoscaling_mode.clone(),
            min_memory: self.min_replica_memory_gb.map(whole),
            max_memory: self.max_replica_memory_gb.map(whole),
            num_replicas: self.num_replicas.map(whole),
            min_replicas: self.min_replicas.map(whole),
            max_replicas: self.max_replicas.map(whole),
            idle_scaling: self.idle_scaling,
            idle_timeout_minutes: self.idle_timeout_minutes.map(whole),
        }
    }
}

/// `PATCH .../replicaScaling`; answers `ServiceScalingPatchResponse` (a `Service`).
pub fn update_replicas(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let patch: ReplicaPatch = req.body(&schemas::SERVICE_REPLICA_SCALING_PATCH)?;
    update(org, req, svc, &patch.change())
}

fn update(org: &mut Org, req: &Req, svc: &str, change: &ScalingChange) -> Result<Reply, ApiError> {
    let record = org.service_mut(svc)?;
    apply(&mut record.service, change)?;
    let id = record.service.id;
    let result = Reply::of(&view(org, org.service(svc)?))?;
    org.record(req.service_activity(org.id(), id, change.activity_kind()));
    Ok(result)
}
