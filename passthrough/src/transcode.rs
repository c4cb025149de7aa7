//! Copying a JSON value out, pretty or compact, redacted and inert, in one pass over its text.

use std::io;
use std::ops::Range;

use serde::Serialize;
use serde_json::ser::CompactFormatter;

use crate::envelope::{
    ESCAPED, HIGH, MAX_DEPTH, NotVouched, envelope, literal_end, marked_string_end, number_end,
    skip_whitespace, string_end,
};
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
    let mut copy = Copy::<true>::new(
        json.as_bytes(),
        pretty,
        secrets,
        Vec::with_capacity(FLUSH_AT + 4096),
    );
    copy.out = Some(out);
    let start = skip_whitespace(json.as_bytes(), 0);
    let end = copy.value(start, usize::MAX);
    match copy.error.take() {
        Some(e) => Err(e),
        None if end.is_ok_and(|end| skip_whitespace(json.as_bytes(), end) == json.len()) => {
            copy.flush()
        }
        None => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "internal error: the JSON to print is not valid",
        )),
    }
}

/// Checks the reply `text` as [`result_span`](crate::result_span) does and, in the same
/// pass, copies its `result` into `out` as [`transcode`] would write it: one pass over a
/// large list where checking, then copying, takes two. `out` holds `null` when there is no
/// `result`. On [`NotVouched`] `out` holds part of a copy, to be dropped.
pub fn transcode_result(
    text: &str,
    pretty: bool,
    secrets: &[String],
    out: &mut Vec<u8>,
) -> Result<Option<Range<usize>>, NotVouched> {
    let mut copy = Copy::<true>::new(text.as_bytes(), pretty, secrets, std::mem::take(out));
    let span = envelope(text, &mut |_, start| copy.value(start, MAX_DEPTH));
    *out = copy.buf;
    match span {
        Ok(None) => {
            out.clear();
            out.extend_from_slice(b"null");
            Ok(None)
        }
        Ok(span) => Ok(span),
        Err(()) => Err(NotVouched),
    }
}

const FLUSH_AT: usize = 64 * 1024;

/// One copy of a JSON value in progress: the text, how to write it, and where. With `WRITE`
/// false it writes nothing and only checks: [`check_value`], the scanner's one reading of a
/// value, so checking and copying cannot disagree on what is valid.
struct Copy<'t, 'w, const WRITE: bool> {
    /// The text, as bytes (only checked, it need not be valid UTF-8; a string that holds a
    /// byte above 0x7f is checked as UTF-8 before it is decoded).
    text: &'t [u8],
    pretty: bool,
    secrets: &'t [String],
    /// Whether any secret appears anywhere in the text as written: most often none does,
    /// and no string then needs a look for one.
    secret_in_text: bool,
    buf: Vec<u8>,
    /// Where `buf` is emptied once it fills, if anywhere; else it keeps the whole copy.
    out: Option<&'w mut dyn io::Write>,
    error: Option<io::Error>,
}

/// The index just past the JSON value that starts at `i`, once all of it is checked: at
/// most [`MAX_DEPTH`] deep, and else as serde reads JSON.
pub(crate) fn check_value(bytes: &[u8], i: usize) -> Result<usize, ()> {
    let mut check = Copy::<false> {
        text: bytes,
        pretty: false,
        secrets: &[],
        secret_in_text: false,
        buf: Vec::new(),
        out: None,
        error: None,
    };
    check.value(i, MAX_DEPTH)
}

impl<'t, 'w, const WRITE: bool> Copy<'t, 'w, WRITE> {
    fn new(text: &'t [u8], pretty: bool, secrets: &'t [String], buf: Vec<u8>) -> Self {
        let secret_in_text = secrets
            .iter()
            .any(|s| memchr::memmem::find(text, s.as_bytes()).is_some());
        Copy {
            text,
            pretty,
            secrets,
            secret_in_text,
            buf,
            out: None,
            error: None,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Checks the value that starts at `i`, no deeper than `max_depth`, and copies it;
    /// returns where it ends.
    fn value(&mut self, mut i: usize, max_depth: usize) -> Result<usize, ()> {
        let bytes = self.text;
        // One bit per open container: 1 for an object, 0 for an array.
        let mut objects: u128 = 0;
        let mut depth = 0usize;
        'value: loop {
            match bytes.get(i) {
                Some(&open @ (b'{' | b'[')) => {
                    let object = open == b'{';
                    let close = if object { b'}' } else { b']' };
                    self.put_byte(open);
                    i = skip_whitespace(bytes, i + 1);
                    if bytes.get(i) == Some(&close) {
                        self.put_byte(close);
                        i += 1;
                    } else {
                        depth += 1;
                        if depth > max_depth.min(128) {
                            return Err(());
                        }
                        objects = objects << 1 | u128::from(object);
                        self.newline(depth);
                        if object {
                            i = self.key(i)?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => i = self.string(i)?,
                Some(b'-' | b'0'..=b'9') => {
                    let end = number_end(bytes, i)?;
                    self.put_range(i, end);
                    i = end;
                }
                Some(&first @ (b't' | b'f' | b'n')) => {
                    let literal: &[u8] = match first {
                        b't' => b"true",
                        b'f' => b"false",
                        _ => b"null",
                    };
                    i = literal_end(bytes, i, literal)?;
                    self.put(literal);
                }
                _ => return Err(()),
            }
            // After a value: close containers until one continues with a comma.
            loop {
                if depth == 0 {
                    return Ok(i);
                }
                i = skip_whitespace(bytes, i);
                let in_object = objects & 1 == 1;
                match (bytes.get(i), in_object) {
                    (Some(b','), _) => {
                        self.put_byte(b',');
                        self.newline(depth);
                        i = skip_whitespace(bytes, i + 1);
                        if in_object {
                            i = self.key(i)?;
                        }
                        continue 'value;
                    }
                    (Some(&close @ b'}'), true) | (Some(&close @ b']'), false) => {
                        depth -= 1;
                        objects >>= 1;
                        self.newline(depth);
                        self.put_byte(close);
                        i += 1;
                        if WRITE
                            && self.out.is_some()
                            && self.buf.len() >= FLUSH_AT
                            && let Err(e) = self.flush()
                        {
                            self.error = Some(e);
                            return Err(());
                        }
                    }
                    _ => return Err(()),
                }
            }
        }
    }

    /// A member's key (at `i`) and its colon: returns where its value starts.
    #[inline(always)]
    fn key(&mut self, i: usize) -> Result<usize, ()> {
        let bytes = self.text;
        let i = skip_whitespace(bytes, self.string(i)?);
        if bytes.get(i) != Some(&b':') {
            return Err(());
        }
        self.put(if self.pretty { b": " } else { b":" });
        Ok(skip_whitespace(bytes, i + 1))
    }

    /// The string that opens at `i`, checked and copied: as sent, unless it may hold a
    /// secret or an unsafe character ([`write_string`]).
    #[inline(always)]
    fn string(&mut self, i: usize) -> Result<usize, ()> {
        if !WRITE {
            return string_end(self.text, i);
        }
        let (end, marks) = marked_string_end(self.text, i)?;
        if marks == 0 && !self.secret_in_text {
            append(&mut self.buf, self.text, i, end);
        } else {
            let token = std::str::from_utf8(&self.text[i..end]).map_err(|_| ())?;
            write_string(
                token,
                marks,
                self.secret_in_text,
                self.secrets,
                &mut self.buf,
            )
            .map_err(|_| ())?;
        }
        Ok(end)
    }

    #[inline(always)]
    fn put_byte(&mut self, byte: u8) {
        if WRITE {
            self.buf.push(byte);
        }
    }

    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        if WRITE {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// The text's bytes `start..end`, as sent.
    #[inline(always)]
    fn put_range(&mut self, start: usize, end: usize) {
        if WRITE {
            append(&mut self.buf, self.text, start, end);
        }
    }

    /// A newline and the indentation of `depth` levels, when pretty.
    #[inline(always)]
    fn newline(&mut self, depth: usize) {
        if !WRITE || !self.pretty {
            return;
        }
        let len = 1 + 2 * depth;
        if len <= NEWLINE_AND_INDENT.len() {
            append(&mut self.buf, NEWLINE_AND_INDENT, 0, len);
        } else {
            self.buf.push(b'\n');
            self.buf.resize(self.buf.len() + 2 * depth, b' ');
        }
    }
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

/// A newline and the indentation of up to 32 levels, sliced rather than written space by space.
const NEWLINE_AND_INDENT: &[u8; 65] =
    b"\n                                                                ";

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

    /// The one-pass copy of a reply's `result` against the check alone (an independent
    /// scanner) and serde's reading of the same text.
    fn agrees_with_the_check(text: &str, pretty: bool) -> Result<(), String> {
        let secrets = vec!["s3cr3t".to_owned()];
        let mut out = Vec::new();
        let fused = transcode_result(text, pretty, &secrets, &mut out);
        if fused != crate::result_span(text) {
            return Err(format!("{fused:?} against {:?}", crate::result_span(text)));
        }
        if let Ok(span) = fused {
            let result = span.map_or("null", |span| &text[span]);
            let expected: Value = serde_json::from_str(result).unwrap();
            let copied: Value = serde_json::from_slice(&out).map_err(|e| e.to_string())?;
            let redacted = |v: &Value| v.to_string().replace("s3cr3t", crate::REDACTED);
            if redacted(&copied) != redacted(&expected) {
                return Err(format!("{copied} against {expected}"));
            }
            let mut again = Vec::new();
            transcode(result, pretty, &secrets, &mut again).unwrap();
            if again != out {
                return Err("transcode and transcode_result differ".into());
            }
        }
        Ok(())
    }

    #[test]
    fn the_result_is_copied_in_the_pass_that_checks_it() {
        for text in [
            r#"{"status":200,"result":[{"a":1,"k":"s3cr3t"},{"b":[true,false,null,-0.5e+3]}],"x":{}}"#,
            r#" { "result" : { "x\u0041" : "y\"z\\ é \u001b" } , "status" : 200 } "#,
            r#"{"status":200}"#,
            r#"{"result":null}"#,
            r#"{"result":[1,]}"#,
            r#"{"result":1,"result":2}"#,
            r#"{"result":[]} x"#,
        ] {
            agrees_with_the_check(text, true).unwrap();
            agrees_with_the_check(text, false).unwrap();
        }
        let mut out = Vec::new();
        assert_eq!(
            transcode_result(r#"{"a":1}"#, true, &[], &mut out),
            Ok(None)
        );
        assert_eq!(out, b"null");
    }

    proptest::proptest! {
        /// Valid JSON broken in one place: the one pass vouches exactly when the check does,
        /// and then copies the same value.
        #[test]
        fn the_one_pass_agrees_on_near_misses(position in 0usize..400, byte in proptest::sample::select(b"{}[]:,\"\\ 0-.eE+tu\x01x".to_vec()), insert: bool, pretty: bool) {
            let text = r#"{"status":200,"requestId":"a\"b","result":[{"id":"x\u00e9\n s3cr3t","n":-1.5e+3,"t":[true,false,null,0]},{"e":{},"a":[[]]}],"z":0}"#;
            let mut bytes = text.as_bytes().to_vec();
            let position = position % (bytes.len() + 1);
            if insert { bytes.insert(position, byte) } else if position < bytes.len() { bytes[position] = byte } else { bytes.pop(); }
            let text = String::from_utf8(bytes).unwrap();
            proptest::prop_assert_eq!(agrees_with_the_check(&text, pretty), Ok(()), "{}", text);
        }

        /// Whatever serde writes is copied in one pass, pretty exactly as serde prints it.
        #[test]
        fn the_one_pass_copies_what_serde_writes(texts in proptest::collection::vec(proptest::prelude::any::<String>(), 0..4), n in proptest::prelude::any::<f64>()) {
            let result = json!([{"texts": texts, "n": n, "z": [[], {}, null, true, -1, {"a": [{}]}]}]);
            let text = json!({"status": 200, "result": result}).to_string();
            proptest::prop_assert_eq!(agrees_with_the_check(&text, true), Ok(()));
            let mut out = Vec::new();
            transcode_result(&text, true, &[], &mut out).unwrap();
            let expected = serde_json::to_string_pretty(&result).unwrap();
            if !expected.chars().any(is_unsafe) {
                proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
            }
        }
    }
}
