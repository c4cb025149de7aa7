//! `…/services/{id}/clickstack/<kind>`: ClickStack objects, stored per service as the JSON
//! sent, with a generated `id` (and the fields the server sets that its answers require).
//! Bodies are checked for being objects with the spec's required fields; the rest of their
//! (large) schemas is not emulated.

use serde_json::{Map, Value, json};

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::ids;

/// A kind's path segment, and the fields its create and update bodies require.
struct Kind {
    segment: &'static str,
    create: &'static [&'static str],
    update: &'static [&'static str],
    /// The spec has `GET …/<kind>/{id}` (not for webhooks).
    gettable: bool,
    /// Fields the server sets, which its answers require: `createdAt`/`updatedAt`
    /// (webhooks), `isPredefined` (roles; the ones made through the API are not).
    timestamps: bool,
    predefined: bool,
}

const KINDS: &[Kind] = &[
    Kind {
        segment: "dashboards",
        create: &["name", "tiles"],
        update: &["name", "tiles"],
        gettable: true,
        timestamps: false,
        predefined: false,
    },
    Kind {
        segment: "alerts",
        create: &[],
        update: &[],
        gettable: true,
        timestamps: false,
        predefined: false,
    },
    Kind {
        segment: "sources",
        create: &["name", "kind", "connection", "from"],
        update: &["name", "kind", "connection", "from"],
        gettable: true,
        timestamps: false,
        predefined: false,
    },
    Kind {
        segment: "webhooks",
        create: &["name", "service", "url"],
        update: &["name", "service", "url"],
        gettable: false,
        timestamps: true,
        predefined: false,
    },
    Kind {
        segment: "roles",
        create: &["name", "permissions"],
        update: &["permissions"],
        gettable: true,
        timestamps: false,
        predefined: true,
    },
    Kind {
        segment: "saved-searches",
        create: &["name", "sourceId"],
        update: &["name", "sourceId"],
        gettable: true,
        timestamps: false,
        predefined: false,
    },
];

fn kind(segment: &str) -> Result<&'static Kind, ApiError> {
    KINDS
        .iter()
        .find(|k| k.segment == segment)
        .ok_or_else(|| ApiError::not_found(format!("No such ClickStack resource: {segment}")))
}

fn not_found(kind: &Kind, id: &str) -> ApiError {
    ApiError::not_found(format!("ClickStack {} {id} not found", kind.segment))
}

/// The body as an object with every `required` field.
fn object(body: &[u8], required: &[&str]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Invalid JSON in request body: {e}")))?;
    let Value::Object(object) = value else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object",
        ));
    };
    if let Some(missing) = required
        .iter()
        .find(|f| object.get(**f).is_none_or(Value::is_null))
    {
        return Err(ApiError::bad_request(format!(
            "Field \"{missing}\" is required"
        )));
    }
    Ok(object)
}

pub fn list(ctx: &mut Ctx, org: &str, svc: &str, segment: &str) -> Result<Reply, ApiError> {
    let kind = kind(segment)?;
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    let objects = record
        .clickstack
        .get(kind.segment)
        .cloned()
        .unwrap_or_default();
    Ok(Reply::Result(Value::Array(objects)))
}

pub fn get(
    ctx: &mut Ctx,
    org: &str,
    svc: &str,
    segment: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let kind = kind(segment)?;
    if !kind.gettable {
        return Err(ApiError::not_found(format!(
            "No such endpoint: GET …/clickstack/{segment}/{id}"
        )));
    }
    let (org, _) = ctx.org(org)?;
    let record = org.service(svc)?;
    record
        .clickstack
        .get(kind.segment)
        .and_then(|all| all.iter().find(|o| o["id"] == id))
        .map(|o| Reply::Result(o.clone()))
        .ok_or_else(|| not_found(kind, id))
}

pub fn create(ctx: &mut Ctx, org: &str, svc: &str, segment: &str) -> Result<Reply, ApiError> {
    let kind = kind(segment)?;
    let (org, req) = ctx.org_mut(org)?;
    let mut object = object(req.body, kind.create)?;
    object.insert(
        "id".into(),
        Value::String(ids::random_from(b"0123456789abcdef", 24)),
    );
    if kind.timestamps {
        object.insert("createdAt".into(), json!(req.now_text()));
        object.insert("updatedAt".into(), json!(req.now_text()));
    }
    if kind.predefined {
        object.insert("isPredefined".into(), json!(false));
    }
    let object = Value::Object(object);
    let record = org.service_mut(svc)?;
    record
        .clickstack
        .entry(kind.segment.to_owned())
        .or_default()
        .push(object.clone());
    Ok(Reply::Result(object))
}

/// `PUT`: the body replaces the object; its `id` stays.
pub fn update(
    ctx: &mut Ctx,
    org: &str,
    svc: &str,
    segment: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let kind = kind(segment)?;
    let (org, req) = ctx.org_mut(org)?;
    let mut object = object(req.body, kind.update)?;
    let record = org.service_mut(svc)?;
    let stored = record
        .clickstack
        .get_mut(kind.segment)
        .and_then(|all| all.iter_mut().find(|o| o["id"] == id))
        .ok_or_else(|| not_found(kind, id))?;
    object.insert("id".into(), Value::String(id.to_owned()));
    for kept in ["createdAt", "isPredefined"] {
        if let Some(value) = stored.get(kept) {
            object.insert(kept.into(), value.clone());
        }
    }
    if kind.timestamps {
        object.insert("updatedAt".into(), json!(req.now_text()));
    }
    *stored = Value::Object(object);
    Ok(Reply::Result(stored.clone()))
}

pub fn delete(
    ctx: &mut Ctx,
    org: &str,
    svc: &str,
    segment: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let kind = kind(segment)?;
    let (org, _) = ctx.org_mut(org)?;
    let record = org.service_mut(svc)?;
    let all = record
        .clickstack
        .entry(kind.segment.to_owned())
        .or_default();
    let before = all.len();
    all.retain(|o| o["id"] != id);
    if all.len() == before {
        return Err(not_found(kind, id));
    }
    Ok(Reply::Done)
}

/// `POST …/dashboards/validate`: stores nothing; answers whether the dashboard is valid.
pub fn validate_dashboard(ctx: &mut Ctx, org: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    org.service(svc)?;
    let object = match serde_json::from_slice::<Value>(req.body) {
        Ok(Value::Object(object)) => object,
        Ok(_) | Err(_) => {
            return Err(ApiError::bad_request(
                "The request body must be a JSON object",
            ));
        }
    };
    let mut errors = Vec::new();
    if !object.get("name").is_some_and(Value::is_string) {
        errors.push("name: a string is required".to_owned());
    }
    if !object.get("tiles").is_some_and(Value::is_array) {
        errors.push("tiles: an array is required".to_owned());
    }
    Ok(Reply::Result(json!({
        "valid": errors.is_empty(),
        "errors": errors,
        "normalized": Value::Object(object),
    })))
}
