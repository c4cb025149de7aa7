//! `GET /v1/organizations/{organizationId}/usageCost`: a synthetic cost report. Every
//! (service, day) gets fixed numbers derived from a hash of the service id and the date, so the
//! same query always returns the same report. Days before a service existed cost nothing.

use jiff::civil::Date;
use jiff::{Span, Timestamp};
use serde::Serialize;

use super::Ctx;
use super::filters::{all_match, tag_filters};
use crate::clock;
use crate::envelope::{ApiError, Reply};
use crate::form::Pairs;
use crate::hashing::stable_u64;

/// The spec's limit: `to_date` at most 30 days after `from_date`.
const MAX_SPAN_DAYS: i64 = 30;

/// Amounts are computed in ten-thousandths of a CHC to keep sums exact.
const SCALE: f64 = 10_000.0;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UsageCost {
    #[serde(rename = "grandTotalCHC")]
    grand_total_chc: f64,
    costs: Vec<Record>,
}

/// `UsageCostRecord`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    data_warehouse_id: String,
    service_id: String,
    date: String,
    entity_type: &'static str,
    entity_id: String,
    entity_name: String,
    metrics: Metrics,
    #[serde(rename = "totalCHC")]
    total_chc: f64,
    locked: bool,
}

/// `UsageCostMetrics`.
#[derive(Serialize)]
struct Metrics {
    #[serde(rename = "storageCHC")]
    storage: f64,
    #[serde(rename = "backupCHC")]
    backup: f64,
    #[serde(rename = "computeCHC")]
    compute: f64,
    #[serde(rename = "dataTransferCHC")]
    data_transfer: f64,
    #[serde(rename = "initialLoadCHC")]
    initial_load: f64,
    #[serde(rename = "publicDataTransferCHC")]
    public_data_transfer: f64,
    #[serde(rename = "interRegionTier1DataTransferCHC")]
    inter_region_tier1: f64,
    #[serde(rename = "interRegionTier2DataTransferCHC")]
    inter_region_tier2: f64,
    #[serde(rename = "interRegionTier3DataTransferCHC")]
    inter_region_tier3: f64,
    #[serde(rename = "interRegionTier4DataTransferCHC")]
    inter_region_tier4: f64,
}

/// A required `YYYY-MM-DD` query parameter.
fn date(query: &Pairs, name: &str) -> Result<Date, ApiError> {
    let raw = query.non_empty(name).ok_or_else(|| {
        ApiError::bad_request(format!("Query parameter {name} is required (YYYY-MM-DD)"))
    })?;
    if raw.len() != 10 {
        return Err(bad_date(name, raw));
    }
    raw.parse::<Date>().map_err(|_| bad_date(name, raw))
}

fn bad_date(name: &str, raw: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Invalid query parameter {name}: \"{raw}\" is not a date in YYYY-MM-DD format"
    ))
}

/// The UTC date of an RFC 3339 timestamp written by the emulator.
fn day_of(text: &str) -> Option<Date> {
    text.get(..10)?.parse().ok()
}

pub fn get(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let from = date(&req.query, "from_date")?;
    let to = date(&req.query, "to_date")?;
    if to < from {
        return Err(ApiError::bad_request(
            "Query parameter to_date must not be before from_date",
        ));
    }
    let latest = from
        .checked_add(Span::new().days(MAX_SPAN_DAYS))
        .unwrap_or(Date::MAX);
    if to > latest {
        return Err(ApiError::bad_request(format!(
            "Query parameter to_date cannot be more than {MAX_SPAN_DAYS} days after from_date"
        )));
    }
    let filters = tag_filters(&req.query)?;
    let today = day_of(&clock::rfc3339(Timestamp::now())).unwrap_or(Date::MAX);

    let mut costs = Vec::new();
    let mut grand_total = 0_u64;
    for record in org
        .services
        .iter()
        .filter(|r| all_match(&filters, &r.service.tags))
    {
        let service = &record.service;
        let created = day_of(&service.created_at).unwrap_or(from);
        let mut day = from.max(created);
        while day <= to {
            let id = service.id.to_string();
            let text = day.to_string();
            let noise = stable_u64(&["usage", &id, &text]);
            let compute = 200_000 + noise % 600_000;
            let storage = 10_000 + (noise >> 20) % 40_000;
            let backup = 1_000 + (noise >> 40) % 9_000;
            let transfer = (noise >> 10) % 5_000;
            let total = compute + storage + backup + transfer;
            grand_total += total;
            let chc = |amount: u64| amount as f64 / SCALE;
            costs.push(Record {
                data_warehouse_id: service.data_warehouse_id.clone(),
                service_id: id.clone(),
                date: text,
                entity_type: "service",
                entity_id: id,
                entity_name: service.name.clone(),
                metrics: Metrics {
                    storage: chc(storage),
                    backup: chc(backup),
                    compute: chc(compute),
                    data_transfer: chc(transfer),
                    initial_load: 0.0,
                    public_data_transfer: chc(transfer),
                    inter_region_tier1: 0.0,
                    inter_region_tier2: 0.0,
                    inter_region_tier3: 0.0,
                    inter_region_tier4: 0.0,
                },
                total_chc: chc(total),
                locked: day < today,
            });
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    }
    Reply::of(&UsageCost {
        grand_total_chc: grand_total as f64 / SCALE,
        costs,
    })
}
