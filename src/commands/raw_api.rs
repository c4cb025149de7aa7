//! `cloud api <METHOD> <PATH> [-F KEY=VALUE]... [--input FILE] [--paginate]`: any endpoint of
//! the API, raw, like `gh api`.
//!
//! Classified by its method: `GET` and `HEAD` read (through [`ReadApi::get_raw`] and
//! [`ReadApi::head`]), `POST`, `PUT`, `PATCH` and `DELETE` write (through
//! [`WriteApi::send_raw`], behind the same gate as every write command). The input
//! (fields, files, stdin) is read and checked before the credential is resolved, so a
//! mistake there is exit 2 with nothing sent.

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::{Map, Value};

use crate::access::{Access, Classified};
use crate::api::{RawBody, ReadApi, WriteApi, WriteMethod};
use crate::app::{ApiCommand, Session};
use crate::error::{Error, Result};
use crate::output::Output;

/// Most pages `--paginate` follows before giving up (100 items each at the API's maximum).
const MAX_PAGES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    #[value(name = "GET")]
    Get,
    #[value(name = "HEAD")]
    Head,
    #[value(name = "POST")]
    Post,
    #[value(name = "PUT")]
    Put,
    #[value(name = "PATCH")]
    Patch,
    #[value(name = "DELETE")]
    Delete,
}

impl Classified for Method {
    fn access(&self) -> Access {
        match self {
            Method::Get => Access::Read,
            Method::Head => Access::Read,
            Method::Post => Access::Write,
            Method::Put => Access::Write,
            Method::Patch => Access::Write,
            Method::Delete => Access::Write,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
GET and HEAD read and work with any credential; POST, PUT, PATCH and DELETE change things and \
need an API key that may write, exactly like the other write commands (refused before any \
request otherwise). Reads are retried on 429/502/503/504; writes never are. --dry-run shows a \
write without sending it.

PATH is below the API URL; the leading /v1 may be left out (`organizations` means \
/v1/organizations). Full URLs are refused: the credential only goes to the API URL.

Fields: -F KEY=VALUE sends true, false, null and numbers as JSON values, @FILE as the contents \
of FILE (@- for stdin), anything else as a string; -f KEY=VALUE always sends a string (applied \
after the -F fields). KEY may nest: a[b]=1 is {\"a\":{\"b\":1}}, a[]=x appends to a list. For \
POST/PUT/PATCH/DELETE the fields make the JSON body; for GET and HEAD they are query \
parameters (repeat a key to repeat the parameter). --input FILE (- for stdin) sends FILE as \
the JSON body instead.

Output: the `result` of the API's {status, requestId, result} envelope, as JSON (--envelope \
prints the whole reply as sent). A reply that is not JSON (Prometheus metrics) is printed as \
text; HEAD prints nothing. An error status exits like any command (1, or 4 for 401/403).

--paginate (GET) follows the spec's cursor scheme: while result.pagination.nextCursor is set, \
it asks again with cursor=<nextCursor>, and prints one result with the items of every page and \
the last page's pagination. An endpoint without pagination is printed as it is.

Examples:
  cloud api GET /v1/organizations
  cloud api GET organizations/<ORG_ID>/services -F filter=tag:env=prod
  cloud api GET /v1/organizations/<ORG_ID>/activities -F from_date=2026-01-01T00:00:00Z
  cloud api GET /v1/organizations/<ORG_ID>/udfs --paginate
  cloud api PATCH /v1/organizations/<ORG_ID>/services/<SERVICE_ID>/state -F command=stop
  cloud api POST /v1/organizations/<ORG_ID>/keys -F name=ci -F 'assignedRoleIds[]=<ROLE_ID>'
  cloud api POST /v1/organizations/<ORG_ID>/services --input service.json --dry-run
  echo '{\"name\": \"Acme\"}' | cloud api PATCH /v1/organizations/<ORG_ID> --input -")]
pub struct Args {
    /// HTTP method: GET or HEAD (read), POST, PUT, PATCH or DELETE (write); any case
    #[arg(value_enum, ignore_case = true, value_name = "METHOD")]
    pub method: Method,

    /// Path below the API URL, e.g. /v1/organizations (the /v1 may be left out)
    #[arg(value_name = "PATH", value_parser = api_path)]
    pub path: String,

    /// A typed field: true/false/null/numbers as JSON, @FILE for a file's contents, else a string; repeat for several
    #[arg(id = "field", short = 'F', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,

    /// A string field, sent as given; repeat for several
    #[arg(short = 'f', long = "raw-field", value_name = "KEY=VALUE")]
    pub raw_fields: Vec<String>,

    /// Send FILE (- for standard input) as the JSON body, instead of fields
    #[arg(long, value_name = "FILE", conflicts_with_all = ["field", "raw_fields"])]
    pub input: Option<PathBuf>,

    /// GET: follow result.pagination.nextCursor and print every page's items as one result
    #[arg(long)]
    pub paginate: bool,

    /// Print the whole reply as sent ({status, requestId, result}), not just its result
    #[arg(long, conflicts_with = "paginate")]
    pub envelope: bool,
}

impl Classified for Args {
    fn access(&self) -> Access {
        self.method.access()
    }
}

/// Checks a PATH and puts it below `/v1`.
fn api_path(value: &str) -> std::result::Result<String, String> {
    if value.contains("://") {
        return Err(
            "give a path below the API URL, e.g. /v1/organizations: the credential is \
             only sent to the API URL (--api-url)"
                .into(),
        );
    }
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("expected a path without spaces, e.g. /v1/organizations".into());
    }
    if value.contains('#') {
        return Err("a path cannot hold `#`".into());
    }
    let path_part = value.split('?').next().unwrap_or_default();
    let dots = path_part.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    });
    if dots {
        return Err("a path cannot hold `.` or `..` segments".into());
    }
    let rooted = if value.starts_with('/') {
        value.to_owned()
    } else {
        format!("/{value}")
    };
    let versioned = rooted == "/v1" || rooted.starts_with("/v1/") || rooted.starts_with("/v1?");
    Ok(if versioned {
        rooted
    } else {
        format!("/v1{rooted}")
    })
}

/// The request `cloud api` will send, built and checked before the credential is resolved.
#[derive(Debug)]
pub struct Prepared {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    paginate: bool,
    envelope: bool,
}

/// Raw access may call any operation of the API; the catalog says so with `*`.
pub const ANY_OPERATION: &[&str] = &["*"];

impl crate::access::Operations for Prepared {
    fn operations(&self) -> &'static [&'static str] {
        ANY_OPERATION
    }
}

impl crate::access::Operations for Args {
    fn operations(&self) -> &'static [&'static str] {
        ANY_OPERATION
    }
}

impl Classified for Prepared {
    fn access(&self) -> Access {
        self.method.access()
    }
}

impl Args {
    /// Reads the fields, files and standard input into the request. Usage errors only.
    pub fn prepare(self) -> Result<Prepared> {
        let reads = self.method.access() == Access::Read;
        if self.paginate && self.method != Method::Get {
            return Err(Error::Usage(
                "--paginate follows pages of a GET only".into(),
            ));
        }
        let mut stdin_taken = false;
        let mut query = Vec::new();
        let mut body = None;
        if let Some(input) = &self.input {
            if reads {
                return Err(Error::Usage(
                    "GET and HEAD send no body: give query parameters with -F KEY=VALUE".into(),
                ));
            }
            let text = read_source(input, &mut stdin_taken, "--input")?;
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                Error::Usage(format!("--input {}: not valid JSON: {e}", input.display()))
            })?;
            body = Some(value);
        }
        let fields = self
            .fields
            .iter()
            .map(|f| (f, true))
            .chain(self.raw_fields.iter().map(|f| (f, false)));
        let mut object = Value::Object(Map::new());
        let mut any_field = false;
        for (field, typed) in fields {
            let flag = if typed { "-F" } else { "-f" };
            let (key, raw_value) = field
                .split_once('=')
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| Error::Usage(format!("{flag} expects KEY=VALUE, got `{field}`")))?;
            let text = match raw_value.strip_prefix('@') {
                Some(file) if typed => {
                    read_source(&PathBuf::from(file), &mut stdin_taken, &format!("-F {key}"))?
                }
                Some(_) | None => raw_value.to_owned(),
            };
            any_field = true;
            if reads {
                query.push((key.to_owned(), text));
            } else {
                let value = if typed {
                    typed_value(&text)
                } else {
                    Value::String(text)
                };
                let segments =
                    key_path(key).map_err(|e| Error::Usage(format!("{flag} {field}: {e}")))?;
                place(&mut object, &segments, value)
                    .map_err(|e| Error::Usage(format!("{flag} {field}: {e}")))?;
            }
        }
        if any_field && !reads {
            body = Some(object);
        }
        Ok(Prepared {
            method: self.method,
            path: self.path,
            query,
            body,
            paginate: self.paginate,
            envelope: self.envelope,
        })
    }
}

/// A file's contents, or standard input's for `-` (which can be read only once).
fn read_source(path: &std::path::Path, stdin_taken: &mut bool, what: &str) -> Result<String> {
    if path.as_os_str() == "-" {
        if std::mem::replace(stdin_taken, true) {
            return Err(Error::Usage(format!(
                "{what}: standard input is already used by another field or --input"
            )));
        }
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::Usage(format!("{what}: could not read standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("{what}: could not read {}: {e}", path.display())))
}

/// `true`, `false`, `null` and JSON numbers as themselves; anything else a string.
fn typed_value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => match serde_json::from_str::<serde_json::Number>(text) {
            Ok(number) if text.trim() == text => Value::Number(number),
            Ok(_) | Err(_) => Value::String(text.to_owned()),
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    /// `[]`: append to a list.
    Append,
}

/// `a[b][]` → `a`, `b`, append.
fn key_path(key: &str) -> std::result::Result<Vec<Segment>, String> {
    let (name, mut rest) = match key.find('[') {
        Some(at) => key.split_at(at),
        None => (key, ""),
    };
    if name.is_empty() || name.contains(']') {
        return Err("a key is a name, then optional [name] or [] parts, e.g. a[b][]".into());
    }
    let mut segments = vec![Segment::Key(name.to_owned())];
    while !rest.is_empty() {
        let inner = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .filter(|(inner, _)| !inner.contains('['));
        let Some((inner, after)) = inner else {
            return Err("a key is a name, then optional [name] or [] parts, e.g. a[b][]".into());
        };
        segments.push(if inner.is_empty() {
            Segment::Append
        } else {
            Segment::Key(inner.to_owned())
        });
        rest = after;
    }
    if segments[..segments.len() - 1].contains(&Segment::Append) {
        return Err("[] can only come last".into());
    }
    Ok(segments)
}

/// Puts `value` at `segments` in `slot`, making objects and lists on the way.
fn place(slot: &mut Value, segments: &[Segment], value: Value) -> std::result::Result<(), String> {
    let Some((first, rest)) = segments.split_first() else {
        *slot = value;
        return Ok(());
    };
    match first {
        Segment::Key(key) => {
            if slot.is_null() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(fields) = slot else {
                return Err(format!(
                    "`{key}` is set inside something that is not an object"
                ));
            };
            place(
                fields.entry(key.clone()).or_insert(Value::Null),
                rest,
                value,
            )
        }
        Segment::Append => {
            if slot.is_null() {
                *slot = Value::Array(Vec::new());
            }
            let Value::Array(items) = slot else {
                return Err("[] appends to something that is not a list".into());
            };
            items.push(value);
            Ok(())
        }
    }
}

impl ApiCommand for Prepared {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        let query: Vec<(&str, String)> = self
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        let write = |method| send(session, method, &self.path, self.body.clone());
        let reply = match self.method {
            Method::Get if self.paginate => {
                return paginate(session.read(), &self.path, query, out).await;
            }
            Method::Get => session.read().get_raw(&self.path, &query).await?,
            Method::Head => {
                session.read().head(&self.path, &query).await?;
                RawBody::Empty
            }
            Method::Post => write(WriteMethod::Post).await?,
            Method::Put => write(WriteMethod::Put).await?,
            Method::Patch => write(WriteMethod::Patch).await?,
            Method::Delete => write(WriteMethod::Delete).await?,
        };
        print(reply, self.envelope, out);
        Ok(())
    }
}

async fn send(
    session: &Session,
    method: WriteMethod,
    path: &str,
    body: Option<Value>,
) -> Result<RawBody> {
    let api: &WriteApi = session.write()?;
    Ok(api.send_raw(method, path, &[], body).await?)
}

fn print(reply: RawBody, envelope: bool, out: Output) {
    match reply {
        RawBody::Empty => {}
        RawBody::Json(Value::Object(mut fields)) if !envelope && fields.contains_key("result") => {
            out.json_value(&fields.remove("result").unwrap_or(Value::Null));
        }
        RawBody::Json(value) => out.json_value(&value),
        RawBody::Text(text) => out.line(&crate::redact::scrub(&text)),
    }
}

/// Follows `result.pagination.nextCursor`, collecting `result.items`.
async fn paginate(
    api: &ReadApi,
    path: &str,
    query: Vec<(&str, String)>,
    out: Output,
) -> Result<()> {
    let mut items: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut cursors = HashSet::new();
    for _ in 0..MAX_PAGES {
        let mut page_query = query.clone();
        if let Some(cursor) = &cursor {
            page_query.retain(|(k, _)| *k != "cursor");
            page_query.push(("cursor", cursor.clone()));
        }
        let reply = api.get_raw(path, &page_query).await?;
        let mut result = match reply {
            RawBody::Json(Value::Object(mut fields)) if fields.contains_key("result") => {
                fields.remove("result").unwrap_or(Value::Null)
            }
            other @ (RawBody::Empty | RawBody::Json(_) | RawBody::Text(_)) => {
                print(other, false, out);
                return Ok(());
            }
        };
        let Some(page) = result.get_mut("items").and_then(Value::as_array_mut) else {
            // Not a paginated endpoint: print what it answered.
            out.json_value(&result);
            return Ok(());
        };
        items.append(page);
        let next = result
            .pointer("/pagination/nextCursor")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        match next {
            None => {
                result["items"] = Value::Array(items);
                out.json_value(&result);
                return Ok(());
            }
            Some(next) => {
                if !cursors.insert(next.clone()) {
                    return Err(Error::Other(anyhow::anyhow!(
                        "the API sent the cursor `{next}` twice; stopped following pages"
                    )));
                }
                cursor = Some(next);
            }
        }
    }
    Err(Error::Other(anyhow::anyhow!(
        "more than {MAX_PAGES} pages; stopped following them"
    )))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_go_below_v1() {
        assert_eq!(api_path("/v1/organizations").unwrap(), "/v1/organizations");
        assert_eq!(api_path("v1/organizations").unwrap(), "/v1/organizations");
        assert_eq!(api_path("organizations").unwrap(), "/v1/organizations");
        assert_eq!(
            api_path("/organizations?x=1").unwrap(),
            "/v1/organizations?x=1"
        );
        assert_eq!(api_path("/v1").unwrap(), "/v1");
        for bad in [
            "https://evil.example/v1/organizations",
            "/v1/../admin",
            "/v1/%2E%2E/x",
            "/v1/a b",
            "/v1/a#b",
            "",
        ] {
            assert!(api_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_typed() {
        assert_eq!(typed_value("true"), json!(true));
        assert_eq!(typed_value("false"), json!(false));
        assert_eq!(typed_value("null"), json!(null));
        assert_eq!(typed_value("16"), json!(16));
        assert_eq!(typed_value("-1.5"), json!(-1.5));
        assert_eq!(typed_value("007"), json!("007"));
        assert_eq!(typed_value(" 1"), json!(" 1"));
        assert_eq!(typed_value("stop"), json!("stop"));
    }

    #[test]
    fn keys_nest() {
        let mut body = Value::Object(Map::new());
        for (key, value) in [
            ("name", json!("x")),
            ("a[b]", json!(1)),
            ("a[c][d]", json!(true)),
            ("ids[]", json!("1")),
            ("ids[]", json!("2")),
        ] {
            place(&mut body, &key_path(key).unwrap(), value).unwrap();
        }
        assert_eq!(
            body,
            json!({"name": "x", "a": {"b": 1, "c": {"d": true}}, "ids": ["1", "2"]})
        );
        assert!(place(&mut body, &key_path("name[x]").unwrap(), json!(1)).is_err());
        for bad in ["[a]", "a[", "a[b", "a]b", "a[][b]", "a[b]c"] {
            assert!(key_path(bad).is_err(), "{bad}");
        }
    }
}
