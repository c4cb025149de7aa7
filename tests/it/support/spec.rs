//! The vendored OpenAPI spec, to name what a request was: method + path → `operationId`.

#![allow(dead_code)]

use std::collections::BTreeSet;

use serde_json::Value;

pub fn spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/clickhouse-cloud-openapi.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `(METHOD, path template, operationId)` of every operation in the spec.
pub fn operations() -> Vec<(String, String, String)> {
    let spec = spec();
    let mut found = Vec::new();
    for (template, methods) in spec["paths"].as_object().unwrap() {
        for (method, operation) in methods.as_object().unwrap() {
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                found.push((method.to_uppercase(), template.clone(), id.to_owned()));
            }
        }
    }
    found
}

pub fn operation_ids() -> BTreeSet<String> {
    operations().into_iter().map(|(_, _, id)| id).collect()
}

/// The operation a request was: the template whose literal segments match `path`
/// (each `{param}` matches one segment); the most literal template wins.
pub fn operation_of(method: &str, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    operations()
        .into_iter()
        .filter(|(m, _, _)| m == method)
        .filter_map(|(_, template, id)| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') && part.ends_with('}') {
                    if segment.is_empty() {
                        return None;
                    }
                } else if part == segment {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, id))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, id)| id)
}
