//! `…/udfs` and `…/udfUploads/url`: user-defined functions per organization, their versions
//! and their attachments to services, plus the presigned upload URL the emulator serves itself
//! (`PUT /__emulator/udf-uploads/{id}?signature=…`, outside `/v1` like a storage bucket: it
//! takes no API credential and refuses one).
//!
//! A version is `building` for `--transition-ms`, then `ready`; an attachment is
//! `provisioning`, then `deployed`. Each upload serves one create attempt.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::app::App;
use crate::envelope::{ApiError, Reply};
use crate::form::Pairs;
use crate::ids;
use crate::store::{Org, UdfAttachmentRecord, UdfRecord, UdfUpload, UdfVersionRecord, parse_id};
use crate::validate::{
    Format, Schema, array, field, formatted, integer, integer_at_least, one_of, required,
    string_len,
};

/// How long an upload URL stays valid.
const UPLOAD_TTL_MS: i64 = 15 * 60 * 1000;

static NAME: Schema = string_len(1, None);
static POSITIVE: Schema = integer_at_least(1.0);
static ARGUMENT: Schema = Schema::Object(&[
    required("name", string_len(1, None)),
    required("type", string_len(1, None)),
]);

/// `UdfCreateRequest` (both branches of its `oneOf`; the handler checks the branch rules).
/// `UdfVersionCreateRequest` is the same without `functionName`.
static UDF_CREATE: Schema = Schema::Object(&[
    required("functionName", string_len(1, None)),
    required("uploadId", formatted(Format::Uuid)),
    required("runtime", one_of(&["python3.11", "native"])),
    required("type", one_of(&["executable", "executable_pool"])),
    required("arguments", array(&ARGUMENT)),
    required("returnType", string_len(1, None)),
    field("returnName", Schema::Nullable(&NAME)),
    field("commandReadTimeout", integer_at_least(1.0)),
    field("commandWriteTimeout", integer_at_least(1.0)),
    field("sendChunkHeader", Schema::Bool),
    field("format", string_len(1, None)),
    field("sandboxType", one_of(&["basic", "netenable"])),
    field("sandboxVersion", one_of(&["v1", "v2", "v3"])),
    field("poolSize", Schema::Nullable(&POSITIVE)),
    field("maxCommandExecutionTime", Schema::Nullable(&POSITIVE)),
]);

static UDF_ATTACH: Schema = Schema::Object(&[field("version", integer(1.0, u32::MAX as f64))]);

/// The spec's `^[A-Za-z][A-Za-z0-9_]*$` for function, argument and return names.
fn check_name(what: &str, name: &str) -> Result<(), ApiError> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "Invalid {what} \"{name}\": it must match ^[A-Za-z][A-Za-z0-9_]*$"
        )))
    }
}

fn udf_not_found(name: &str) -> ApiError {
    ApiError::not_found(format!("UDF {name} not found"))
}

fn find<'a>(org: &'a Org, name: &str) -> Result<&'a UdfRecord, ApiError> {
    check_name("functionName", name)?;
    org.udfs
        .iter()
        .find(|u| u.function_name == name)
        .ok_or_else(|| udf_not_found(name))
}

fn find_mut<'a>(org: &'a mut Org, name: &str) -> Result<&'a mut UdfRecord, ApiError> {
    check_name("functionName", name)?;
    org.udfs
        .iter_mut()
        .find(|u| u.function_name == name)
        .ok_or_else(|| udf_not_found(name))
}

/// One page of `items` (`cursor` is the offset; `limit` 1 to 100, default 100).
fn page(query: &Pairs, items: Vec<Value>) -> Result<Reply, ApiError> {
    let limit = match query.non_empty("limit") {
        None => 100,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Invalid query parameter limit: \"{raw}\" is not an integer from 1 to 100"
                ))
            })?,
    };
    let cursor = query.non_empty("cursor");
    let offset = match cursor {
        None => 0,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= items.len())
            .ok_or_else(|| ApiError::bad_request(format!("Invalid cursor \"{raw}\"")))?,
    };
    let total = items.len();
    let end = (offset + limit).min(total);
    let next = (end < total).then(|| end.to_string());
    Ok(Reply::Result(json!({
        "items": items[offset..end].to_vec(),
        "pagination": {
            "totalRecords": total,
            "currentCursor": cursor,
            "nextCursor": next,
            "limit": limit,
        },
    })))
}

fn latest(record: &UdfRecord) -> Value {
    record
        .versions
        .last()
        .map(|v| v.udf.clone())
        .unwrap_or(Value::Null)
}

pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    page(&req.query, org.udfs.iter().map(latest).collect())
}

pub fn get(ctx: &mut Ctx, org: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    Ok(Reply::Result(latest(find(org, name)?)))
}

pub fn list_versions(ctx: &mut Ctx, org: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let record = find(org, name)?;
    page(
        &req.query,
        record.versions.iter().map(|v| v.udf.clone()).collect(),
    )
}

/// `POST …/udfUploads/url`: a presigned URL on the emulator itself.
pub fn create_upload(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    if !req.body.iter().all(u8::is_ascii_whitespace) && req.body != b"{}" {
        return Err(ApiError::bad_request("This endpoint takes no request body"));
    }
    let upload = UdfUpload {
        upload_id: Uuid::new_v4(),
        signature: ids::random_from(b"0123456789abcdef", 32),
        expires_at_ms: req.now.as_millisecond().saturating_add(UPLOAD_TTL_MS),
        bytes: None,
        used: false,
    };
    let expires = jiff::Timestamp::from_millisecond(upload.expires_at_ms)
        .map(crate::clock::rfc3339)
        .unwrap_or_default();
    let reply = json!({
        "uploadId": upload.upload_id,
        "uploadUrl": format!(
            "{}/__emulator/udf-uploads/{}?signature={}",
            req.base_url, upload.upload_id, upload.signature
        ),
        "expiresAt": expires,
    });
    org.udf_uploads.push(upload);
    Ok(Reply::Result(reply))
}

/// The body of a create or version create, checked, as the stored `Udf` of `version`.
fn build(ctx_now: &str, body: &[u8], version: u64) -> Result<(Value, Uuid), ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Invalid JSON in request body: {e}")))?;
    crate::validate::check(&UDF_CREATE, &value).map_err(ApiError::bad_request)?;
    let Value::Object(object) = value else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object",
        ));
    };
    let text = |name: &str| object.get(name).and_then(Value::as_str).map(str::to_owned);
    let name = text("functionName").unwrap_or_default();
    check_name("functionName", &name)?;
    for argument in object["arguments"].as_array().into_iter().flatten() {
        check_name("argument name", argument["name"].as_str().unwrap_or(""))?;
    }
    if let Some(Value::String(return_name)) = object.get("returnName") {
        check_name("returnName", return_name)?;
    }
    let pool = object["type"] == "executable_pool";
    let pool_size = object.get("poolSize").cloned().unwrap_or(Value::Null);
    let max_time = object.get("maxCommandExecutionTime").cloned();
    if !pool && !pool_size.is_null() {
        return Err(ApiError::bad_request(
            "poolSize must be null for type executable (it is for executable_pool)",
        ));
    }
    if pool && max_time.as_ref().is_some_and(Value::is_null) {
        return Err(ApiError::bad_request(
            "maxCommandExecutionTime cannot be null for type executable_pool",
        ));
    }
    let upload_id = Uuid::parse_str(object["uploadId"].as_str().unwrap_or(""))
        .map_err(|_| ApiError::bad_request("Invalid uploadId"))?;
    let or = |name: &str, default: Value| object.get(name).cloned().unwrap_or(default);
    let mut udf = Map::new();
    udf.insert("functionName".into(), Value::String(name));
    udf.insert("version".into(), json!(version));
    udf.insert("status".into(), json!("building"));
    udf.insert("runtime".into(), object["runtime"].clone());
    udf.insert("type".into(), object["type"].clone());
    udf.insert("arguments".into(), object["arguments"].clone());
    udf.insert("returnType".into(), object["returnType"].clone());
    udf.insert("returnName".into(), or("returnName", Value::Null));
    udf.insert(
        "poolSize".into(),
        if pool {
            or("poolSize", json!(3))
        } else {
            Value::Null
        },
    );
    udf.insert(
        "commandReadTimeout".into(),
        or("commandReadTimeout", json!(10000)),
    );
    udf.insert(
        "commandWriteTimeout".into(),
        or("commandWriteTimeout", json!(10000)),
    );
    udf.insert(
        "maxCommandExecutionTime".into(),
        max_time.unwrap_or(json!(10)),
    );
    udf.insert(
        "sendChunkHeader".into(),
        or("sendChunkHeader", json!(false)),
    );
    udf.insert("format".into(), or("format", json!("TabSeparated")));
    udf.insert("sandboxType".into(), or("sandboxType", json!("basic")));
    udf.insert("sandboxVersion".into(), or("sandboxVersion", json!("v2")));
    udf.insert("error".into(), Value::Null);
    udf.insert("createdAt".into(), json!(ctx_now));
    udf.insert("updatedAt".into(), json!(ctx_now));
    Ok((Value::Object(udf), upload_id))
}

/// Consumes the upload the request names: it must have been PUT, unused and unexpired.
fn consume_upload(org: &mut Org, upload_id: Uuid, now_ms: i64) -> Result<(), ApiError> {
    let upload = org
        .udf_uploads
        .iter_mut()
        .find(|u| u.upload_id == upload_id)
        .ok_or_else(|| ApiError::bad_request(format!("Unknown uploadId {upload_id}")))?;
    if upload.used {
        return Err(ApiError::new(
            StatusCode::GONE,
            format!("Upload {upload_id} was already used; request a new upload URL"),
        ));
    }
    if now_ms > upload.expires_at_ms {
        return Err(ApiError::new(
            StatusCode::GONE,
            format!("Upload {upload_id} expired; request a new upload URL"),
        ));
    }
    if upload.bytes.is_none() {
        return Err(ApiError::bad_request(format!(
            "Nothing was uploaded for uploadId {upload_id}"
        )));
    }
    upload.used = true;
    Ok(())
}

fn version_record(udf: Value, now_ms: i64, transition_ms: i64) -> UdfVersionRecord {
    let mut udf = udf;
    if transition_ms <= 0 {
        udf["status"] = json!("ready");
    }
    UdfVersionRecord {
        udf,
        ready_at_ms: now_ms.saturating_add(transition_ms),
    }
}

pub fn create(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let now_ms = req.now.as_millisecond();
    let (udf, upload_id) = build(&req.now_text(), req.body, 1)?;
    let name = udf["functionName"].as_str().unwrap_or("").to_owned();
    if org.udfs.iter().any(|u| u.function_name == name) {
        return Err(ApiError::conflict(format!("UDF {name} already exists")));
    }
    consume_upload(org, upload_id, now_ms)?;
    let version = version_record(udf, now_ms, req.transition_ms);
    let reply = version.udf.clone();
    org.udfs.push(UdfRecord {
        function_name: name,
        versions: vec![version],
        attachments: Vec::new(),
    });
    Ok(Reply::Result(reply))
}

pub fn create_version(ctx: &mut Ctx, org: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let now_ms = req.now.as_millisecond();
    let next = find(org, name)?
        .versions
        .iter()
        .filter_map(|v| v.udf["version"].as_u64())
        .max()
        .unwrap_or(0)
        + 1;
    // The version body is the create body without `functionName`, which the path gives.
    let mut body: Value = serde_json::from_slice(req.body)
        .map_err(|e| ApiError::bad_request(format!("Invalid JSON in request body: {e}")))?;
    let Value::Object(object) = &mut body else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object",
        ));
    };
    if object.contains_key("functionName") {
        return Err(ApiError::bad_request(
            "Unknown field \"functionName\"; the path names the UDF",
        ));
    }
    object.insert("functionName".into(), json!(name));
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let (udf, upload_id) = build(&req.now_text(), &bytes, next)?;
    consume_upload(org, upload_id, now_ms)?;
    let version = version_record(udf, now_ms, req.transition_ms);
    let reply = version.udf.clone();
    find_mut(org, name)?.versions.push(version);
    Ok(Reply::Result(reply))
}

pub fn delete(ctx: &mut Ctx, org: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    find(org, name)?;
    org.udfs.retain(|u| u.function_name != name);
    Ok(Reply::Done)
}

pub fn delete_version(
    ctx: &mut Ctx,
    org: &str,
    name: &str,
    version: &str,
) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    let number: u64 = version.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::bad_request(format!(
            "Invalid path parameter version: \"{version}\" is not a positive integer"
        ))
    })?;
    let record = find_mut(org, name)?;
    if !record.versions.iter().any(|v| v.udf["version"] == number) {
        return Err(ApiError::not_found(format!(
            "Version {number} of UDF {name} not found"
        )));
    }
    if !record.attachments.is_empty() {
        return Err(ApiError::conflict(format!(
            "UDF {name} is attached to {} service(s); detach it first",
            record.attachments.len()
        )));
    }
    record.versions.retain(|v| v.udf["version"] != number);
    if record.versions.is_empty() {
        org.udfs.retain(|u| u.function_name != name);
    }
    Ok(Reply::Done)
}

fn attachment_json(name: &str, attachment: &UdfAttachmentRecord, now_ms: i64) -> Value {
    let status = if now_ms >= attachment.deployed_at_ms {
        "deployed"
    } else {
        "provisioning"
    };
    json!({
        "functionName": name,
        "serviceId": attachment.service_id,
        "status": status,
        "version": attachment.version,
    })
}

pub fn attach(ctx: &mut Ctx, org: &str, name: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org_mut(org)?;
    let now_ms = req.now.as_millisecond();
    let service_id = org.service(svc)?.service.id;
    let body: Value = if req.body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(req.body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON in request body: {e}")))?
    };
    crate::validate::check(&UDF_ATTACH, &body).map_err(ApiError::bad_request)?;
    let record = find_mut(org, name)?;
    let ready = |v: &&UdfVersionRecord| v.udf["status"] == "ready";
    let version = match body.get("version").and_then(Value::as_u64) {
        Some(wanted) => {
            let found = record
                .versions
                .iter()
                .find(|v| v.udf["version"] == wanted)
                .ok_or_else(|| {
                    ApiError::not_found(format!("Version {wanted} of UDF {name} not found"))
                })?;
            if !ready(&found) {
                return Err(ApiError::conflict(format!(
                    "Version {wanted} of UDF {name} is not ready"
                )));
            }
            wanted
        }
        None => record
            .versions
            .iter()
            .rev()
            .find(ready)
            .and_then(|v| v.udf["version"].as_u64())
            .ok_or_else(|| {
                ApiError::conflict(format!("UDF {name} has no ready version to attach"))
            })?,
    };
    let attachment = UdfAttachmentRecord {
        service_id,
        version,
        deployed_at_ms: now_ms.saturating_add(req.transition_ms),
    };
    let reply = attachment_json(name, &attachment, now_ms);
    record.attachments.retain(|a| a.service_id != service_id);
    record.attachments.push(attachment);
    Ok(Reply::Result(reply))
}

pub fn detach(ctx: &mut Ctx, org: &str, name: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org_mut(org)?;
    let service_id = parse_id("serviceId", svc)?;
    let record = find_mut(org, name)?;
    let before = record.attachments.len();
    record.attachments.retain(|a| a.service_id != service_id);
    if record.attachments.len() == before {
        return Err(ApiError::not_found(format!(
            "UDF {name} is not attached to service {service_id}"
        )));
    }
    Ok(Reply::Done)
}

pub fn list_attachments(ctx: &mut Ctx, org: &str, name: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let now_ms = req.now.as_millisecond();
    let record = find(org, name)?;
    let items = record
        .attachments
        .iter()
        .map(|a| attachment_json(name, a, now_ms))
        .collect();
    page(&req.query, items)
}

pub fn get_attachment(ctx: &mut Ctx, org: &str, name: &str, svc: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let service_id = parse_id("serviceId", svc)?;
    let record = find(org, name)?;
    record
        .attachments
        .iter()
        .find(|a| a.service_id == service_id)
        .map(|a| Reply::Result(attachment_json(name, a, req.now.as_millisecond())))
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "UDF {name} is not attached to service {service_id}"
            ))
        })
}

/// A storage-style error: plain text, no API envelope.
fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain")],
        message.to_owned(),
    )
        .into_response()
}

/// `PUT /__emulator/udf-uploads/{id}?signature=…`: the presigned URL. Like a bucket's, it
/// refuses an `Authorization` header (the signature is the only credential), a wrong
/// signature, an expired URL and a content type other than the signed `application/zip`.
pub async fn receive_upload(
    State(app): State<App>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "InvalidArgument: Only one auth mechanism allowed; the upload URL is presigned",
        );
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type != "application/zip" {
        return refuse(
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch: the URL is signed for Content-Type application/zip",
        );
    }
    let Ok(upload_id) = Uuid::parse_str(&id) else {
        return refuse(StatusCode::NOT_FOUND, "NoSuchUpload");
    };
    let query = Pairs::parse(uri.query().unwrap_or(""));
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let mut store = app.store();
    let Some(upload) = store
        .orgs
        .iter_mut()
        .flat_map(|org| org.udf_uploads.iter_mut())
        .find(|u| u.upload_id == upload_id)
    else {
        return refuse(StatusCode::NOT_FOUND, "NoSuchUpload");
    };
    if query.get("signature") != Some(upload.signature.as_str()) {
        return refuse(StatusCode::FORBIDDEN, "SignatureDoesNotMatch");
    }
    if now_ms > upload.expires_at_ms {
        return refuse(StatusCode::FORBIDDEN, "AccessDenied: Request has expired");
    }
    upload.bytes = Some(body.len() as u64);
    if let Some(file) = &app.state_file
        && let Err(message) = file.save(&store)
    {
        eprintln!("cloud-emulator: {message}");
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "InternalError");
    }
    StatusCode::OK.into_response()
}
