//! Output shaping: `--fields`, `--jq` and `--ndjson`.
//!
//! The shape is decided once, when the command line is parsed: `--jq` is compiled then,
//! so a bad expression is a usage error before any request is sent. [`crate::output`]
//! applies it to every JSON result and every table. Everything printed still goes through
//! [`crate::redact`] and [`crate::sanitize`]: the input of a filter is redacted, and so is
//! each of its outputs.
//!
//! The order is the one `gh` uses: `--fields` selects from the result, `--jq` filters
//! what is left, `--ndjson` decides how the outcome is written.

use std::sync::{Mutex, OnceLock};

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data::JustLut};
use jaq_json::Val;
use serde_json::{Map, Value};

use crate::{redact, sanitize};

/// How results are shaped; the default changes nothing.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// `--fields`: names to keep, in the order given; `a.b` reaches into objects.
    pub fields: Option<Vec<String>>,
    /// `--jq`: the expression, known to compile.
    pub jq: Option<String>,
    /// `--ndjson`: one compact JSON value per line, lists split into their elements.
    pub ndjson: bool,
    /// The command changes something: a table it prints must not be lost to a bad
    /// `--fields` (it may hold a password shown only once).
    pub write: bool,
}

/// Why a shaped result could not be printed.
#[derive(Debug)]
pub enum Failure {
    /// A `--fields` name the table does not have (exit 2).
    Usage(String),
    /// The `--jq` filter failed on this result (exit 1).
    Filter(String),
    /// The result did not have the documented shape, so no table could be drawn from it.
    Response(crate::api::ApiError),
}

static SHAPE: OnceLock<Shape> = OnceLock::new();
static FAILURE: Mutex<Option<Failure>> = Mutex::new(None);

impl Shape {
    /// Checks the flags: names are not empty, `--jq` compiles. The message is for a usage
    /// error.
    pub fn new(
        fields: &[String],
        jq: Option<&str>,
        ndjson: bool,
        write: bool,
    ) -> Result<Shape, String> {
        let fields = if fields.is_empty() {
            None
        } else {
            let names: Vec<String> = fields.iter().map(|f| f.trim().to_owned()).collect();
            if names
                .iter()
                .any(|n| n.is_empty() || n.split('.').any(str::is_empty))
            {
                return Err(
                    "invalid value for '--fields <FIELD,...>': a field name cannot be empty; \
                     e.g. --fields id,name,state"
                        .into(),
                );
            }
            Some(names)
        };
        if let Some(code) = jq {
            compile(code).map_err(|e| format!("invalid value for '--jq <EXPR>': {e}"))?;
        }
        Ok(Shape {
            fields,
            jq: jq.map(str::to_owned),
            ndjson,
            write,
        })
    }

    /// Output is JSON whatever else was asked: `--jq` and `--ndjson` imply `--json`.
    pub fn implies_json(&self) -> bool {
        self.jq.is_some() || self.ndjson
    }
}

/// Sets the shape of this process's output; the first call wins.
pub fn install(shape: Shape) {
    let _ = SHAPE.set(shape);
}

/// The shape of this process's output (none installed: nothing is changed).
pub fn current() -> &'static Shape {
    SHAPE.get_or_init(Shape::default)
}

/// Remembers why a result could not be printed as asked; the first failure wins.
pub fn fail(failure: Failure) {
    let mut slot = FAILURE.lock().unwrap_or_else(|e| e.into_inner());
    slot.get_or_insert(failure);
}

/// Whether a failure has been remembered.
pub fn failed() -> bool {
    FAILURE.lock().unwrap_or_else(|e| e.into_inner()).is_some()
}

/// The failure remembered while printing, if any; the command's exit code comes from it.
pub fn take_failure() -> Option<Failure> {
    FAILURE.lock().unwrap_or_else(|e| e.into_inner()).take()
}

// ---------------------------------------------------------------------------------------
// JSON

/// Writes a result the API sent (`raw`, JSON text) shaped, redacted and escaped. Without
/// `--fields` or `--jq` it is copied in one streaming pass, never built into a tree.
pub fn write_raw(
    shape: &Shape,
    raw: &str,
    out: &mut impl std::io::Write,
) -> Result<std::io::Result<()>, Failure> {
    if shape.fields.is_some() || shape.jq.is_some() {
        let value: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        let lines = json_lines(shape, &value)?;
        return Ok(lines.iter().try_for_each(|line| writeln!(out, "{line}")));
    }
    let secrets = redact::snapshot();
    let text = raw;
    Ok((|| {
        if shape.ndjson {
            if let Ok(items) = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(text) {
                for item in items {
                    passthrough::transcode(item.get(), false, &secrets, out)?;
                    out.write_all(b"\n")?;
                }
                return Ok(());
            }
            passthrough::transcode(text, false, &secrets, out)?;
        } else {
            passthrough::transcode(text, true, &secrets, out)?;
        }
        out.write_all(b"\n")
    })())
}

/// The lines a JSON result is printed as, shaped, redacted and escaped; or why not.
pub fn json_lines(shape: &Shape, value: &Value) -> Result<Vec<String>, Failure> {
    let value = redact::scrubbed_json(value);
    let selected = match &shape.fields {
        Some(fields) => select(&value, fields),
        None => value.into_owned(),
    };
    let Some(code) = &shape.jq else {
        return Ok(write_values(shape, vec![selected]));
    };
    let outputs = run_jq(code, &selected).map_err(Failure::Filter)?;
    let mut lines = Vec::new();
    for output in outputs {
        match output {
            // Like `gh --jq`: a string result is printed as text, not as a JSON string.
            Value::String(text) => lines.push(sanitize::text(&redact::scrub(&text)).into_owned()),
            other => lines.extend(write_values(shape, vec![other])),
        }
    }
    Ok(lines)
}

/// Pretty JSON, or under `--ndjson` one compact line per value (lists split).
fn write_values(shape: &Shape, values: Vec<Value>) -> Vec<String> {
    let mut lines = Vec::new();
    for value in values {
        let value = redact::scrubbed_json(&value).into_owned();
        match value {
            Value::Array(items) if shape.ndjson => {
                lines.extend(items.iter().map(sanitize::to_json_compact));
            }
            value if shape.ndjson => lines.push(sanitize::to_json_compact(&value)),
            value => lines.push(sanitize::to_json_pretty(&value)),
        }
    }
    lines
}

/// Keeps the named keys of an object, or of each object of a list, in the order named.
/// `a.b` keeps `b` of the object (or of each object of the list) under `a`. Keys the
/// result does not have are absent, as any field the API did not send.
pub fn select(value: &Value, fields: &[String]) -> Value {
    let paths: Vec<Vec<&str>> = fields.iter().map(|f| f.split('.').collect()).collect();
    match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| match item {
                    Value::Object(object) => Value::Object(select_object(object, &paths)),
                    other => other.clone(),
                })
                .collect(),
        ),
        Value::Object(object) => Value::Object(select_object(object, &paths)),
        other => other.clone(),
    }
}

fn select_object(object: &Map<String, Value>, paths: &[Vec<&str>]) -> Map<String, Value> {
    // The first segment of each path, in order, with what is asked below it.
    let mut wanted: Vec<(&str, Vec<Vec<&str>>)> = Vec::new();
    for path in paths {
        let Some((first, rest)) = path.split_first() else {
            continue;
        };
        let entry = match wanted.iter_mut().find(|(key, _)| key == first) {
            Some(entry) => entry,
            None => {
                wanted.push((first, Vec::new()));
                wanted.last_mut().expect("just pushed")
            }
        };
        entry.1.push(rest.to_vec());
    }
    let mut selected = Map::new();
    for (key, below) in wanted {
        let Some(value) = object.get(key) else {
            continue;
        };
        // `a` and `a.b` together: `a` whole.
        if below.iter().any(Vec::is_empty) {
            selected.insert(key.to_owned(), value.clone());
        } else if let Some(value) = select_nested(value, &below) {
            selected.insert(key.to_owned(), value);
        }
    }
    selected
}

fn select_nested(value: &Value, paths: &[Vec<&str>]) -> Option<Value> {
    match value {
        Value::Object(object) => Some(Value::Object(select_object(object, paths))),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(|item| select_nested(item, paths))
                .collect(),
        )),
        // A path through a number or a string leads nowhere.
        _ => None,
    }
}

/// What a create prints under `--json`: the resource, as `get` prints it, with the
/// secrets shown only this once (`password`; `keyId`, `keySecret`) as extra top-level
/// fields. The API nests the resource (`{"service": {...}, "password": "..."}`); a reply
/// without it is printed as sent, so nothing is lost.
pub fn resource_with_secrets(raw: &Value, resource: &str, secrets: &[&str]) -> Value {
    let Some(Value::Object(object)) = raw.get(resource) else {
        return raw.clone();
    };
    let mut object = object.clone();
    for &key in secrets {
        if let Some(value) = raw.get(key) {
            object.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(object)
}

// ---------------------------------------------------------------------------------------
// Tables

/// The columns (or detail rows) `--fields` asks for, as indexes into `names`, in the
/// order asked; or the usage error naming the valid ones. Names match without regard to
/// case, spaces, dashes or underscores: `key-id`, `keyId` and `KEY_ID` all name "Key ID".
pub fn pick(fields: &[String], names: &[&str]) -> Result<Vec<usize>, String> {
    let mut picked = Vec::new();
    let mut unknown = Vec::new();
    for field in fields {
        match names
            .iter()
            .position(|name| normalize(name) == normalize(field))
        {
            Some(index) if !picked.contains(&index) => picked.push(index),
            Some(_) => {}
            None => unknown.push(field.as_str()),
        }
    }
    if unknown.is_empty() {
        return Ok(picked);
    }
    let valid: Vec<String> = names.iter().map(|n| kebab(n)).collect();
    Err(format!(
        "unknown {} for '--fields': {}; this table has: {}",
        if unknown.len() == 1 {
            "field"
        } else {
            "fields"
        },
        unknown.join(", "),
        valid.join(", ")
    ))
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `Key ID` → `key-id`, the way a column is named in messages.
fn kebab(name: &str) -> String {
    name.trim()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

// ---------------------------------------------------------------------------------------
// jq

type Data = JustLut<Val>;

/// Filters that would reach outside the result (the environment, which holds the
/// credential; stderr, unescaped) or end the process: not offered. The standard library
/// builds on some of them (`stderr`, `halt_error`), so those are defined to fail instead.
const WITHHELD: &[&str] = &["env", "halt", "stderr_empty"];
const STAND_INS: &str = r#"
def halt($code): error("halt is not available in --jq");
def stderr_empty: error("stderr is not available in --jq");
"#;

fn compile(code: &str) -> Result<jaq_core::Filter<Data>, String> {
    let stand_ins = jaq_core::load::parse(STAND_INS, |p| p.defs()).unwrap_or_default();
    let defs = jaq_core::defs()
        .chain(stand_ins)
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs())
        .filter(|(name, _, _)| !WITHHELD.contains(name));
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, File { code, path: () })
        .map_err(|errors| load_message(code, errors))?;
    Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errors| {
            let mut messages = Vec::new();
            for (_, undefined) in errors {
                for (name, kind) in undefined {
                    messages.push(format!("undefined {} `{name}`", kind.as_str()));
                }
            }
            messages.join("; ")
        })
}

fn load_message(code: &str, errors: jaq_core::load::Errors<&str, ()>) -> String {
    use jaq_core::load::Error;
    let mut messages = Vec::new();
    for (_, error) in errors {
        match error {
            Error::Io(items) => messages.extend(
                items
                    .into_iter()
                    .map(|(path, e)| format!("cannot load `{path}`: {e}")),
            ),
            Error::Lex(items) => messages.extend(items.into_iter().map(|(expect, at)| {
                format!("expected {} {}", expect.as_str(), position(code, at))
            })),
            Error::Parse(items) => messages.extend(items.into_iter().map(|(expect, at)| {
                match expect.as_str() {
                    // jaq's way of saying the expression should have ended.
                    "nothing" => format!("unexpected input {}", position(code, at)),
                    expected => format!("expected {expected} {}", position(code, at)),
                }
            })),
        }
    }
    messages.join("; ")
}

/// `at column 4 (near `)…`)`, or `at the end` when the expression ran out.
fn position(code: &str, at: &str) -> String {
    let offset = (at.as_ptr() as usize).wrapping_sub(code.as_ptr() as usize);
    let before = code.get(..offset).filter(|_| !at.is_empty());
    let Some(before) = before else {
        return "at the end of the expression".into();
    };
    let column = before.chars().count() + 1;
    let near: String = at.chars().take(12).collect();
    format!(
        "at column {column}, near `{}`",
        sanitize::text(&near).replace('\n', " ")
    )
}

/// Runs `--jq` on a value; its outputs in order, or the filter's error.
pub fn run_jq(code: &str, input: &Value) -> Result<Vec<Value>, String> {
    let filter = compile(code)?;
    let text = serde_json::to_vec(input).map_err(|e| e.to_string())?;
    let input = jaq_json::read::parse_single(&text).map_err(|e| e.to_string())?;
    let ctx = Ctx::<Data>::new(&filter.lut, Vars::new([]));
    let mut outputs = Vec::new();
    for output in filter.id.run((ctx, input)) {
        match output {
            Ok(value) => outputs.push(to_json(&value)),
            Err(exception) => {
                return Err(match exception.get_err() {
                    Ok(error) => redact::scrub(&error.to_string()).into_owned(),
                    Err(_) => "the filter stopped unexpectedly".into(),
                });
            }
        }
    }
    Ok(outputs)
}

fn to_json(value: &Val) -> Value {
    match value {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        // NaN and the infinities are not JSON; jq prints them as null and ±1.797e308.
        Val::Num(n) => serde_json::from_str(&n.to_string()).unwrap_or(Value::Null),
        Val::TStr(bytes) | Val::BStr(bytes) => {
            Value::String(String::from_utf8_lossy(bytes).into_owned())
        }
        Val::Arr(items) => Value::Array(items.iter().map(to_json).collect()),
        Val::Obj(object) => Value::Object(
            object
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        Val::TStr(bytes) | Val::BStr(bytes) => {
                            String::from_utf8_lossy(bytes).into_owned()
                        }
                        other => other.to_string(),
                    };
                    (key, to_json(value))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shape(jq: Option<&str>, ndjson: bool) -> Shape {
        Shape::new(&[], jq, ndjson, false).unwrap()
    }

    #[test]
    fn a_bad_expression_is_named() {
        let e = Shape::new(&[], Some(".[] | "), false, false).unwrap_err();
        assert!(e.contains("--jq") && e.contains("expected"), "{e}");
        let e = Shape::new(&[], Some("nosuchfilter"), false, false).unwrap_err();
        assert!(e.contains("undefined filter `nosuchfilter`"), "{e}");
        let e = Shape::new(&[], Some(".a | )"), false, false).unwrap_err();
        assert!(e.contains("column"), "{e}");
    }

    #[test]
    fn the_environment_is_out_of_reach() {
        for code in ["env", "$ENV", "input"] {
            assert!(
                Shape::new(&[], Some(code), false, false).is_err(),
                "{code} compiled"
            );
        }
    }

    #[test]
    fn halting_and_stderr_are_errors() {
        for code in ["halt", "\"x\" | halt_error", "stderr", "debug"] {
            let result = json_lines(&shape(Some(code), false), &json!(1));
            assert!(result.is_err() || code == "debug", "{code}: {result:?}");
        }
    }

    #[test]
    fn strings_are_raw_and_values_json() {
        let value = json!([{ "id": "a", "n": 1 }, { "id": "b", "n": 2.5 }]);
        let lines = json_lines(&shape(Some(".[].id"), false), &value).unwrap();
        assert_eq!(lines, ["a", "b"]);
        let lines = json_lines(&shape(Some(".[].n"), false), &value).unwrap();
        assert_eq!(lines, ["1", "2.5"]);
        let lines = json_lines(&shape(Some("map(.id)"), true), &value).unwrap();
        assert_eq!(lines, [r#""a""#, r#""b""#]);
        let lines = json_lines(&shape(Some(".[0]"), false), &value).unwrap();
        assert_eq!(lines, ["{\n  \"id\": \"a\",\n  \"n\": 1\n}"]);
    }

    #[test]
    fn raw_strings_are_made_safe() {
        let value = json!({ "name": "evil\u{1b}]52;c;x\u{7}" });
        let lines = json_lines(&shape(Some(".name"), false), &value).unwrap();
        assert_eq!(lines, [r"evil\x1b]52;c;x\x07"]);
    }

    #[test]
    fn runtime_errors_are_failures() {
        let failure = json_lines(&shape(Some(".[] | .x"), false), &json!({ "a": 1 })).unwrap_err();
        assert!(matches!(failure, Failure::Filter(_)), "{failure:?}");
    }

    #[test]
    fn ndjson_splits_lists() {
        let value = json!([{ "id": "a" }, { "id": "b" }]);
        let lines = json_lines(&shape(None, true), &value).unwrap();
        assert_eq!(lines, [r#"{"id":"a"}"#, r#"{"id":"b"}"#]);
        let lines = json_lines(&shape(None, true), &json!({ "id": "a" })).unwrap();
        assert_eq!(lines, [r#"{"id":"a"}"#]);
    }

    #[test]
    fn fields_select_and_order_keys() {
        let fields = ["state".to_owned(), "id".to_owned(), "nope".to_owned()];
        let value = json!([{ "id": "a", "name": "x", "state": "running" }]);
        let selected = select(&value, &fields);
        assert_eq!(selected, json!([{ "state": "running", "id": "a" }]));
        assert_eq!(
            serde_json::to_string(&selected).unwrap(),
            r#"[{"state":"running","id":"a"}]"#
        );
    }

    #[test]
    fn fields_reach_into_objects_and_lists() {
        let fields = ["id".to_owned(), "endpoints.host".to_owned()];
        let value = json!({
            "id": "a",
            "endpoints": [{ "protocol": "https", "host": "h", "port": 8443 }],
            "name": "x",
        });
        assert_eq!(
            select(&value, &fields),
            json!({ "id": "a", "endpoints": [{ "host": "h" }] })
        );
        let fields = ["endpoints".to_owned(), "endpoints.host".to_owned()];
        assert_eq!(
            select(&value, &fields),
            json!({ "endpoints": value["endpoints"] })
        );
    }

    #[test]
    fn a_created_resource_is_the_resource_plus_its_secrets() {
        let raw = json!({ "service": { "id": "a", "name": "x" }, "password": "p" });
        assert_eq!(
            resource_with_secrets(&raw, "service", &["password"]),
            json!({ "id": "a", "name": "x", "password": "p" })
        );
        let odd = json!({ "password": "p" });
        assert_eq!(resource_with_secrets(&odd, "service", &["password"]), odd);
    }

    #[test]
    fn table_fields_match_loosely_and_unknown_ones_are_listed() {
        let names = ["id", "name", "Key ID"];
        let fields = ["KEY_ID".to_owned(), "Name".to_owned()];
        assert_eq!(pick(&fields, &names).unwrap(), [2, 1]);
        let e = pick(&["colour".to_owned()], &names).unwrap_err();
        assert_eq!(
            e,
            "unknown field for '--fields': colour; this table has: id, name, key-id"
        );
    }

    #[test]
    fn empty_field_names_are_refused() {
        assert!(Shape::new(&["id".into(), "".into()], None, false, false).is_err());
        assert!(Shape::new(&["a..b".into()], None, false, false).is_err());
    }
}
