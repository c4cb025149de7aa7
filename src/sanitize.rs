//! Text from a server is shown, never obeyed.
//!
//! A service name, an error message or any other string the API sent could carry terminal
//! control sequences (colours, OSC 8 links, OSC 52 clipboard writes, cursor movement), a bell,
//! or Unicode bidirectional overrides that make text read differently from what it is. Before
//! such text reaches a table or a human-readable message, every such character is replaced by
//! a visible escape:
//!
//! - C0 controls and DEL as `\xNN` (ESC is `\x1b`, BEL `\x07`, CR `\x0d`);
//! - C1 controls (U+0080–U+009F), bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E,
//!   U+2066–U+2069) and the line/paragraph separators U+2028, U+2029 as `\u{NNNN}`.
//!
//! Newlines stay (a table cell may span lines, a message has a hint on its next line); every
//! other control character, tab and carriage return included, is escaped ([`text`]).
//! JSON output is not altered: the value stays exact, and [`to_json_pretty`] writes the same
//! characters as JSON `\uNNNN` escapes so they are inert on a terminal too.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Whether `c` must not reach a terminal as is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// Text for a person (a table cell, a message): every control character and bidi override
/// except the newline made visible.
pub fn text(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && c != '\n';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// Writes the characters [`is_unsafe`] rejects as `\uNNNN` escapes. serde_json already
/// escapes C0 controls; this adds DEL, C1 and the bidi controls. The JSON value is unchanged.
/// The `secrets` given are replaced by [`crate::redact::REDACTED`] in every string, keys too.
struct Inert<'s, F>(F, &'s [String]);

impl<F: Formatter> Formatter for Inert<'_, F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // A fragment ends only at a character JSON escapes; a secret holds none, so it is
        // never split across two fragments.
        let scrubbed;
        let fragment = if self.1.iter().any(|s| fragment.contains(s.as_str())) {
            scrubbed = self.1.iter().fold(fragment.to_owned(), |text, secret| {
                text.replace(secret.as_str(), crate::redact::REDACTED)
            });
            scrubbed.as_str()
        } else {
            fragment
        };
        let mut start = 0;
        for (index, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..index])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = index + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // Everything else as the wrapped formatter does it (pretty or compact).
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

fn to_json_with<F: Formatter>(value: &impl Serialize, formatter: F) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Inert(formatter, &[]));
    if value.serialize(&mut serializer).is_err() {
        return "null".into();
    }
    String::from_utf8(out).unwrap_or_else(|_| "null".into())
}

/// Pretty JSON with every terminal-unsafe character escaped.
pub fn to_json_pretty(value: &impl Serialize) -> String {
    to_json_with(value, PrettyFormatter::new())
}

/// Copies the JSON text `json` (already validated: a `RawValue`) to `out`, pretty or
/// compact, with `secrets` redacted and terminal-unsafe characters escaped. Key order,
/// numbers and strings are kept as sent, escapes included.
///
/// Written by hand rather than through serde because this is the hot path of `--json`: a
/// list of 10,000 services is 12 MB, and re-tokenising every value through a serializer
/// costs several times a byte scan that only moves whitespace. Strings are copied as they
/// are unless one holds a secret or an unsafe character; only those are decoded and
/// re-encoded (through [`Inert`]).
pub fn transcode_json(
    json: &str,
    pretty: bool,
    secrets: &[String],
    out: &mut impl io::Write,
) -> io::Result<()> {
    const FLUSH_AT: usize = 64 * 1024;
    let bytes = json.as_bytes();
    let secret_in_text = secrets
        .iter()
        .any(|s| memchr::memmem::find(bytes, s.as_bytes()).is_some());
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |buf: &mut Vec<u8>, depth: usize| {
        let indent = 1 + 2 * depth;
        match NEWLINE_AND_INDENT.get(..indent) {
            Some(slice) => buf.extend_from_slice(slice),
            None => {
                buf.push(b'\n');
                buf.resize(buf.len() + 2 * depth, b' ');
            }
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\n' | b'\r' | b'\t' => i += 1,
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                let next = skip_whitespace(bytes, i + 1);
                buf.push(open);
                if bytes.get(next) == Some(&close) {
                    buf.push(close);
                    i = next + 1;
                } else {
                    depth += 1;
                    if pretty {
                        newline(&mut buf, depth);
                    }
                    i += 1;
                }
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                if pretty {
                    newline(&mut buf, depth);
                }
                buf.push(close);
                i += 1;
            }
            b',' => {
                buf.push(b',');
                if pretty {
                    newline(&mut buf, depth);
                }
                i += 1;
            }
            b':' => {
                buf.push(b':');
                if pretty {
                    buf.push(b' ');
                }
                i += 1;
            }
            b'"' => {
                let (end, escaped) = string_end(bytes, i);
                write_string(&json[i..end], escaped, secret_in_text, secrets, &mut buf)?;
                i = end;
            }
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b',' | b'}' | b']' | b':' | b' ' | b'\n' | b'\r' | b'\t'
                    )
                {
                    i += 1;
                }
                buf.extend_from_slice(&bytes[start..i]);
            }
        }
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// A newline and the indentation of up to 32 levels, sliced rather than written space by space.
const NEWLINE_AND_INDENT: &[u8; 65] =
    b"\n                                                                ";

/// The index just past the string token that opens at `start` (a `"`), and whether it holds
/// an escape.
fn string_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    let mut escaped = false;
    while let Some(found) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let at = i + found;
        if bytes[at] == b'"' {
            return (at + 1, escaped);
        }
        escaped = true;
        i = at + 2;
    }
    (bytes.len(), escaped)
}

/// One string token, quotes included: as sent when it is inert and holds no secret, else
/// decoded and written again with the secrets redacted and unsafe characters escaped.
fn write_string(
    token: &str,
    escaped: bool,
    secret_in_text: bool,
    secrets: &[String],
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    // Bytes below 0x7f are inert in a valid JSON string (controls arrive escaped).
    let unsafe_char = token.bytes().any(|b| b >= 0x7f) && token.chars().any(is_unsafe);
    let secret = if escaped {
        // An escape could spell a secret the raw text does not show.
        !secrets.is_empty()
    } else {
        secret_in_text && secrets.iter().any(|s| token.contains(s.as_str()))
    };
    if !unsafe_char && !secret {
        buf.extend_from_slice(token.as_bytes());
        return Ok(());
    }
    let decoded: std::borrow::Cow<'_, str> =
        serde_json::from_str(token).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    if !unsafe_char && !secrets.iter().any(|s| decoded.contains(s.as_str())) {
        buf.extend_from_slice(token.as_bytes());
        return Ok(());
    }
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *buf, Inert(CompactFormatter, secrets));
    decoded
        .serialize(&mut serializer)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// One-line JSON with every terminal-unsafe character escaped.
pub fn to_json_compact(value: &impl Serialize) -> String {
    to_json_with(value, CompactFormatter)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn controls_become_visible() {
        assert_eq!(text("a\u{1b}[31mb\u{7}"), "a\\x1b[31mb\\x07");
        assert_eq!(text("x\u{202e}y\u{9b}\t"), "x\\u{202e}y\\u{9b}\\x09");
        assert_eq!(text("two\nlines\r"), "two\nlines\\x0d");
        assert!(matches!(text("plain ünïcode"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_exact_but_inert() {
        let value = json!({"name": "a\u{1b}]52;c;eA==\u{7}\u{202e}\u{85}b", "n": [1, 2.5, null]});
        for text in [to_json_pretty(&value), to_json_compact(&value)] {
            assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text:?}");
            let back: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
        assert_eq!(
            to_json_pretty(&value),
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace('\u{202e}', "\\u202e")
                .replace('\u{85}', "\\u0085")
        );
    }

    #[test]
    fn transcoding_keeps_the_text_redacts_and_escapes_in_one_pass() {
        let text = r#"{"z":1,"a":[1.5,-2,18446744073709551615,null],"k\u0065y":"x\u202eSECRET-123-xyz","SECRET-123-xyz":{}}"#;
        let secrets = vec!["SECRET-123-xyz".to_owned()];
        let mut pretty = Vec::new();
        transcode_json(text, true, &secrets, &mut pretty).unwrap();
        let pretty = String::from_utf8(pretty).unwrap();
        // Escapes the server chose stay as sent (`k\u0065y`); a string holding a secret is
        // written anew, redacted, with its unsafe character escaped.
        let expected = concat!(
            "{\n",
            "  \"z\": 1,\n",
            "  \"a\": [\n    1.5,\n    -2,\n    18446744073709551615,\n    null\n  ],\n",
            "  \"k\\u0065y\": \"x\\u202e[redacted]\",\n",
            "  \"[redacted]\": {}\n",
            "}"
        );
        assert_eq!(pretty, expected);
        let mut compact = Vec::new();
        transcode_json(text, false, &[], &mut compact).unwrap();
        let back: Value = serde_json::from_slice(&compact).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
        assert!(!String::from_utf8(compact).unwrap().contains('\u{202e}'));
    }

    #[test]
    fn transcoding_matches_serde_for_what_serde_writes() {
        // Deeper than the precomputed indentation, too.
        let deep = (0..40).fold(json!(["bottom"]), |inner, _| json!({ "in": inner }));
        let value = json!({
            "empty": {}, "none": [], "nested": [[], {"a": [1, {"b": null}]}, "x"],
            "text": "naïve \u{85} \u{7f} \" \\ \u{1b}", "n": -0.5e-3, "big": 9007199254740993u64,
            "deep": deep,
        });
        for (pretty, expected) in [
            (true, serde_json::to_string_pretty(&value).unwrap()),
            (false, value.to_string()),
        ] {
            let mut out = Vec::new();
            transcode_json(&value.to_string(), pretty, &[], &mut out).unwrap();
            let expected = expected
                .replace('\u{85}', "\\u0085")
                .replace('\u{7f}', "\\u007f");
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
        // Whitespace the server put in goes; what it wrote inside strings stays.
        let mut out = Vec::new();
        transcode_json("[ 1 ,\n\t{ \"a b\" : [ ] } ]", false, &[], &mut out).unwrap();
        assert_eq!(out, b"[1,{\"a b\":[]}]");
    }
}
