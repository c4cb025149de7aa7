//! Copying a JSON value out, pretty or compact, redacted and inert, in one pass over its text.

use std::io;

use serde::Serialize;
use serde_json::ser::CompactFormatter;

use crate::inert::{Inert, is_unsafe};

/// Copies the JSON text `json` (already validated: a `RawValue`) to `out`, pretty or
/// compact, with `secrets` redacted and terminal-unsafe characters escaped. Key order,
/// numbers and strings are kept as sent, escapes included.
///
/// Written by hand rather than through serde because this is the hot path of `--json`: a
/// list of 10,000 services is 12 MB, and re-tokenising every value through a serializer
/// costs several times a byte scan that only moves whitespace. Strings are copied as they
/// are unless one holds a secret or an unsafe character; only those are decoded and
/// re-encoded (through [`Inert`]).
pub fn transcode(
    json: &str,
    pretty: bool,
    secrets: &[String],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    const FLUSH_AT: usize = 64 * 1024;
    let bytes = json.as_bytes();
    let secret_in_text = secrets
        .iter()
        .any(|s| memchr::memmem::find(bytes, s.as_bytes()).is_some());
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let (end, marks) = string_end(bytes, i);
                let token = &json[i..end];
                if marks == 0 && !secret_in_text {
                    append(&mut buf, bytes, i, end);
                } else {
                    write_string(token, marks, secret_in_text, secrets, &mut buf)?;
                }
                i = end;
            }
            b':' => {
                buf.extend_from_slice(if pretty { b": " } else { b":" });
                i += 1;
            }
            b',' => {
                buf.push(b',');
                if pretty {
                    newline(&mut buf, depth);
                }
                i += 1;
            }
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
                if buf.len() >= FLUSH_AT {
                    out.write_all(&buf)?;
                    buf.clear();
                }
            }
            b' ' | b'\n' | b'\r' | b'\t' => i += 1,
            _ => {
                // A number or a literal: it ends where JSON's punctuation or space begins.
                let start = i;
                while i < bytes.len() && !ENDS_SCALAR[usize::from(bytes[i])] {
                    i += 1;
                }
                append(&mut buf, bytes, start, i);
            }
        }
    }
    out.write_all(&buf)
}

/// Appends `bytes[start..end]`. Most tokens are short: those are copied as one block of a
/// fixed size, then cut to length, which costs less than a call to `memmove` each.
#[inline(always)]
fn append(buf: &mut Vec<u8>, bytes: &[u8], start: usize, end: usize) {
    const BLOCK: usize = 32;
    let block = bytes
        .get(start..start + BLOCK)
        .and_then(|block| <&[u8; BLOCK]>::try_from(block).ok());
    match block {
        Some(block) if end - start <= BLOCK => {
            let len = buf.len();
            buf.extend_from_slice(block);
            buf.truncate(len + end - start);
        }
        _ => buf.extend_from_slice(&bytes[start..end]),
    }
}

/// The bytes that end a number or literal.
static ENDS_SCALAR: [bool; 256] = {
    let mut table = [false; 256];
    let ends = b",}]: \n\r\t";
    let mut k = 0;
    while k < ends.len() {
        table[ends[k] as usize] = true;
        k += 1;
    }
    table
};

/// A newline and the indentation of `depth` levels.
#[inline(always)]
fn newline(buf: &mut Vec<u8>, depth: usize) {
    let len = 1 + 2 * depth;
    if len <= NEWLINE_AND_INDENT.len() {
        append(buf, NEWLINE_AND_INDENT, 0, len);
    } else {
        buf.push(b'\n');
        buf.resize(buf.len() + 2 * depth, b' ');
    }
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

/// What [`string_end`] saw in a string: an escape, or a byte of 0x7f or above (which may
/// begin a character a terminal would obey).
const ESCAPED: u8 = 1;
const HIGH: u8 = 2;

/// The index just past the string token that opens at `start` (a `"`), and what it holds
/// ([`ESCAPED`], [`HIGH`]). Most strings hold neither, and are passed over eight bytes at
/// a time.
#[inline]
fn string_end(bytes: &[u8], start: usize) -> (usize, u8) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = start + 1;
    let mut marks = 0;
    loop {
        while let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            let word = u64::from_le_bytes(eight);
            let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
            let quote = has_zero(word ^ (ONES * u64::from(b'"')));
            let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
            // 0x7f and above: the high bit set, before or after adding one.
            let high = ((word & !HIGHS).wrapping_add(ONES) | word) & HIGHS;
            // Exact for the lowest marked byte, the one to go to.
            let marked = quote | backslash | high;
            if marked != 0 {
                i += marked.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        match bytes.get(i) {
            None => return (bytes.len(), marks),
            Some(b'"') => return (i + 1, marks),
            Some(b'\\') => {
                marks |= ESCAPED;
                i += 2;
            }
            Some(&byte) => {
                if byte >= 0x7f {
                    marks |= HIGH;
                }
                i += 1;
            }
        }
    }
}

/// One string token, quotes included, that holds an escape or a byte above 0x7e, or may hold
/// a secret: as sent when it is inert and holds no secret, else decoded and written again
/// with the secrets redacted and unsafe characters escaped.
#[cold]
fn write_string(
    token: &str,
    marks: u8,
    secret_in_text: bool,
    secrets: &[String],
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    let unsafe_char = marks & HIGH != 0 && token.chars().any(is_unsafe);
    let secret = if marks & ESCAPED != 0 {
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn transcoding_keeps_the_text_redacts_and_escapes_in_one_pass() {
        let text = r#"{"z":1,"a":[1.5,-2,18446744073709551615,null],"k\u0065y":"x\u202eSECRET-123-xyz","SECRET-123-xyz":{}}"#;
        let secrets = vec!["SECRET-123-xyz".to_owned()];
        let mut pretty = Vec::new();
        transcode(text, true, &secrets, &mut pretty).unwrap();
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
        transcode(text, false, &[], &mut compact).unwrap();
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
            transcode(&value.to_string(), pretty, &[], &mut out).unwrap();
            let expected = expected
                .replace('\u{85}', "\\u0085")
                .replace('\u{7f}', "\\u007f");
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
        // Whitespace the server put in goes; what it wrote inside strings stays.
        let mut out = Vec::new();
        transcode("[ 1 ,\n\t{ \"a b\" : [ ] } ]", false, &[], &mut out).unwrap();
        assert_eq!(out, b"[1,{\"a b\":[]}]");
    }
}
