//! Known secrets never reach the screen.
//!
//! Every secret `cloud` holds in a [`crate::credentials::SecretString`] (the API key secret in
//! use, OAuth access tokens) and every OAuth refresh token it loads is registered here. Anything
//! printed that could carry text from elsewhere (a server's error message, a table cell, a JSON
//! result, a notice) goes through [`scrub`] first, which replaces each registered value with
//! `[redacted]`. A server that echoes the credential it was sent therefore cannot make `cloud`
//! print it. Values shorter than [`MIN_LEN`] are not registered: redacting them would mangle
//! ordinary text and they are not worth stealing.
//!
//! A secret `cloud` did not hold before the command ran (the new secret `cloud key create`
//! prints, a new service password) is not registered, so it is still printed.

use std::borrow::Cow;
use std::sync::Mutex;

use serde_json::Value;

pub use passthrough::REDACTED;
pub const MIN_LEN: usize = 8;

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn secrets() -> std::sync::MutexGuard<'static, Vec<String>> {
    SECRETS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remembers a secret so that [`scrub`] hides it from now on.
pub fn register(secret: &str) {
    if secret.len() < MIN_LEN {
        return;
    }
    let mut secrets = secrets();
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_owned());
        // Longest first, so a secret containing another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// The secrets registered so far, longest first: for a pass over much text at once.
pub fn snapshot() -> Vec<String> {
    secrets().clone()
}

/// `text` with every registered secret replaced by `[redacted]`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let secrets = secrets();
    // memchr's substring search: this runs on every table cell and error message.
    if !secrets.iter().any(|s| {
        s.len() <= text.len() && memchr::memmem::find(text.as_bytes(), s.as_bytes()).is_some()
    }) {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    Cow::Owned(out)
}

/// `value` with every registered secret redacted; borrowed (no copy) when it holds none.
pub fn scrubbed_json(value: &Value) -> Cow<'_, Value> {
    fn holds_secret(value: &Value, secrets: &[String]) -> bool {
        let hit = |text: &str| secrets.iter().any(|s| text.contains(s.as_str()));
        match value {
            Value::String(text) => hit(text),
            Value::Array(items) => items.iter().any(|v| holds_secret(v, secrets)),
            Value::Object(fields) => fields
                .iter()
                .any(|(k, v)| hit(k) || holds_secret(v, secrets)),
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
    let dirty = {
        let secrets = secrets();
        !secrets.is_empty() && holds_secret(value, &secrets)
    };
    if !dirty {
        return Cow::Borrowed(value);
    }
    let mut owned = value.clone();
    scrub_json(&mut owned);
    Cow::Owned(owned)
}

/// Scrubs every string in a JSON value (keys and values), leaving its shape alone.
pub fn scrub_json(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Cow::Owned(clean) = scrub(text) {
                *text = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub_json),
        Value::Object(fields) => {
            let dirty = fields.keys().any(|k| matches!(scrub(k), Cow::Owned(_)));
            if dirty {
                let old = std::mem::take(fields);
                for (key, value) in old {
                    fields.insert(scrub(&key).into_owned(), value);
                }
            }
            fields.values_mut().for_each(scrub_json);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Field names whose values are secrets, whatever the value: compared with the key
/// lower-cased and without `_` or `-`, as substrings (`newPasswordHash`, `hashKeySecret`,
/// `keySecretHash`, `access_token`, `privateKey` all match).
const SECRET_FIELD_WORDS: &[&str] = &["password", "secret", "token", "privatekey", "passphrase"];

/// Whether a JSON field named `key` holds a secret (see [`secret_fields`]).
pub fn is_secret_field(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_FIELD_WORDS.iter().any(|word| folded.contains(word))
}

/// Replaces the value of every field named like a secret (at any depth) with
/// `[redacted]`; `null` stays `null`. For showing a request that was not sent (`--dry-run`),
/// where a new password or a key's secret hash must not land in a terminal or a log.
pub fn secret_fields(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if is_secret_field(key) && !field.is_null() {
                    *field = Value::String(REDACTED.to_owned());
                } else {
                    secret_fields(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(secret_fields),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn registered_secrets_are_replaced_everywhere() {
        register("s3cr3t-value-for-redact-test");
        register("short");
        assert_eq!(
            scrub("a s3cr3t-value-for-redact-test b s3cr3t-value-for-redact-test short"),
            "a [redacted] b [redacted] short"
        );
        assert!(matches!(scrub("nothing here"), Cow::Borrowed(_)));
        let mut value =
            json!({"k": ["x s3cr3t-value-for-redact-test"], "s3cr3t-value-for-redact-test": 1});
        let clean = json!({"k": ["x [redacted]"], "[redacted]": 1});
        assert_eq!(scrubbed_json(&value).into_owned(), clean);
        assert!(matches!(scrubbed_json(&clean), Cow::Borrowed(_)));
        scrub_json(&mut value);
        assert_eq!(value, clean);
    }

    #[test]
    fn fields_named_like_secrets_are_redacted_at_any_depth() {
        let mut value = json!({
            "name": "ci",
            "newPasswordHash": "abc",
            "hashData": {"keyIdHash": "id", "keySecretHash": "h", "hash_key_secret": "x"},
            "list": [{"access_token": "t", "privateKey": 1, "note": "password"}],
            "clientSecret": null
        });
        secret_fields(&mut value);
        assert_eq!(
            value,
            json!({
                "name": "ci",
                "newPasswordHash": REDACTED,
                "hashData": {"keyIdHash": "id", "keySecretHash": REDACTED, "hash_key_secret": REDACTED},
                "list": [{"access_token": REDACTED, "privateKey": REDACTED, "note": "password"}],
                "clientSecret": null
            })
        );
    }
}
