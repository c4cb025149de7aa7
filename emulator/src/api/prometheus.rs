//! `GET .../prometheus?filtered_metrics=true|false` for an organization or one service: a
//! Prometheus text exposition with a few ClickHouse metric families per service, labelled like
//! ClickHouse Cloud's (`clickhouse_org`, `clickhouse_service`, `clickhouse_service_name`).
//! Values are fixed per service (derived from its id); a service that is not running only
//! reports `ClickHouse_ServiceInfo`.

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::form::Pairs;
use crate::hashing::stable_u64;
use crate::model::ServiceState;
use crate::store::{Org, ServiceRecord};

const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A metric family: name, type, help, part of the filtered set, value range.
struct Family {
    name: &'static str,
    kind: &'static str,
    help: &'static str,
    filtered: bool,
    range: u64,
}

const FAMILIES: &[Family] = &[
    Family {
        name: "ClickHouseProfileEvents_Query",
        kind: "counter",
        help: "Number of queries to be interpreted and potentially executed.",
        filtered: true,
        range: 5_000_000,
    },
    Family {
        name: "ClickHouseProfileEvents_SelectQuery",
        kind: "counter",
        help: "Same as Query, but only for SELECT queries.",
        filtered: true,
        range: 4_000_000,
    },
    Family {
        name: "ClickHouseProfileEvents_InsertQuery",
        kind: "counter",
        help: "Same as Query, but only for INSERT queries.",
        filtered: true,
        range: 1_000_000,
    },
    Family {
        name: "ClickHouseProfileEvents_FailedQuery",
        kind: "counter",
        help: "Number of failed queries.",
        filtered: false,
        range: 5_000,
    },
    Family {
        name: "ClickHouseMetrics_TCPConnection",
        kind: "gauge",
        help: "Number of connections to TCP server (clients with native interface).",
        filtered: true,
        range: 40,
    },
    Family {
        name: "ClickHouseMetrics_Query",
        kind: "gauge",
        help: "Number of executing queries.",
        filtered: false,
        range: 25,
    },
    Family {
        name: "ClickHouseAsyncMetrics_MemoryResident",
        kind: "gauge",
        help: "The amount of physical memory used by the server process, in bytes.",
        filtered: true,
        range: 8_000_000_000,
    },
    Family {
        name: "ClickHouseAsyncMetrics_Uptime",
        kind: "gauge",
        help: "The server uptime in seconds.",
        filtered: false,
        range: 2_000_000,
    },
];

/// `filtered_metrics`: absent means false; anything but true/false is a 400.
fn filtered(query: &Pairs) -> Result<bool, ApiError> {
    match query.get("filtered_metrics") {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!(
            "Invalid query parameter filtered_metrics: \"{other}\" (expected true or false)"
        ))),
    }
}

pub fn organization(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let filtered = filtered(&req.query)?;
    let services: Vec<&ServiceRecord> = org.services.iter().collect();
    Ok(text(render(org, &services, filtered)))
}

pub fn service(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let filtered = filtered(&req.query)?;
    let record = org.service(svc)?;
    Ok(text(render(org, &[record], filtered)))
}

fn text(body: String) -> Reply {
    Reply::Text {
        content_type: CONTENT_TYPE,
        body,
    }
}

/// Label values escaped per the exposition format.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn render(org: &Org, services: &[&ServiceRecord], filtered: bool) -> String {
    let org_id = org.id().to_string();
    let labels = |record: &ServiceRecord| {
        format!(
            "clickhouse_org=\"{org_id}\",clickhouse_service=\"{}\",clickhouse_service_name=\"{}\"",
            record.service.id,
            escape(&record.service.name)
        )
    };
    let mut out = String::new();
    out.push_str("# HELP ClickHouse_ServiceInfo Information about service, including cluster status and ClickHouse version\n");
    out.push_str("# TYPE ClickHouse_ServiceInfo gauge\n");
    for record in services {
        out.push_str(&format!(
            "ClickHouse_ServiceInfo{{{},clickhouse_cluster_status=\"{}\",clickhouse_version=\"{}\"}} 1\n",
            labels(record),
            record.service.state.as_str(),
            escape(&record.service.clickhouse_version)
        ));
    }
    let running: Vec<&&ServiceRecord> = services
        .iter()
        .filter(|r| matches!(r.service.state, ServiceState::Running | ServiceState::Idle))
        .collect();
    for family in FAMILIES.iter().filter(|f| f.filtered || !filtered) {
        out.push_str(&format!("# HELP {} {}\n", family.name, family.help));
        out.push_str(&format!("# TYPE {} {}\n", family.name, family.kind));
        for record in &running {
            let id = record.service.id.to_string();
            let value = stable_u64(&["prometheus", family.name, &id]) % family.range;
            out.push_str(&format!("{}{{{}}} {value}\n", family.name, labels(record)));
        }
    }
    out
}
