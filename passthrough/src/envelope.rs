//! The fast way through a reply's envelope: check that the body is one JSON object and find
//! where its `result` lies, without building anything.
//!
//! Every reply is checked before anything of it is used, and for a list of 10,000 services
//! (12 MB) that check is a large part of `--json`'s time. serde_json would do it through its
//! generic deserializer, token by token; this scanner does the same checks in a loop over
//! the bytes, several times faster. It only ever says yes to valid JSON: anything it does not
//! accept (invalid text, nesting deeper than [`MAX_DEPTH`], a `result` spelled with escapes
//! twice) goes back to serde, which then decides and explains, so errors read as they
//! always did.

use std::ops::Range;

use crate::transcode::check_value;

/// Deeper nesting is left to serde (whose own limit is 128), so both agree on what is too deep.
pub(crate) const MAX_DEPTH: usize = 100;

/// The scanner does not vouch for the text: let serde look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotVouched;

/// Where the `result` member of the JSON object `text` lies (`None` when it has none or it
/// is `null`), or [`NotVouched`] when serde must look.
pub fn result_span(text: &str) -> Result<Option<Range<usize>>, NotVouched> {
    envelope(text, &mut |bytes, start| check_value(bytes, start)).map_err(|()| NotVouched)
}

/// The members `names` of each object in a list reply's `result`, as the JSON text of their
/// values (a string with its quotes), row after row: `names.len()` entries a row, `None`
/// where an object lacks the member; and where `result` lies. One quick pass over the whole
/// body, where serde would decode and match every key of every object of a 12 MB list.
///
/// [`NotVouched`] as for [`result_span`], and when `result` is not an array of objects, a key
/// in it holds an escape, or an object names a member twice: serde then decides.
pub fn result_fields<'t>(text: &'t str, names: &[&str]) -> Result<Rows<'t>, NotVouched> {
    let mut rows = Vec::new();
    let span = envelope(text, &mut |_, start| {
        fields_at(text, start, names, &mut rows)
    });
    match span {
        Ok(Some(span)) => Ok((span, rows)),
        _ => Err(NotVouched),
    }
}

/// Where a list reply's `result` lies, and the values read off its rows ([`result_fields`]).
pub type Rows<'t> = (Range<usize>, Vec<Option<&'t str>>);

/// Checks the value that starts at an index of the bytes, and returns where it ends.
pub(crate) type ValueScan<'f> = dyn FnMut(&[u8], usize) -> Result<usize, ()> + 'f;

/// Walks the JSON object `text`, checking it whole, and returns where its `result` member
/// lies; `result_value` checks that value (and may read it) and returns where it ends.
pub(crate) fn envelope(
    text: &str,
    result_value: &mut ValueScan<'_>,
) -> Result<Option<Range<usize>>, ()> {
    let bytes = text.as_bytes();
    let mut i = skip_whitespace(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return Err(());
    }
    i = skip_whitespace(bytes, i + 1);
    let mut result = None;
    if bytes.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let key_start = i;
            i = string_end(bytes, i)?;
            let is_result = key_is_result(&text[key_start + 1..i - 1])?;
            i = skip_whitespace(bytes, i);
            if bytes.get(i) != Some(&b':') {
                return Err(());
            }
            let start = skip_whitespace(bytes, i + 1);
            if is_result {
                if result.is_some() {
                    // serde refuses a duplicate field; let it say so.
                    return Err(());
                }
                let end = result_value(bytes, start)?;
                // serde reads `"result": null` as no result; so does this.
                result = Some((&bytes[start..end] != b"null").then_some(start..end));
                i = skip_whitespace(bytes, end);
            } else {
                i = skip_whitespace(bytes, check_value(bytes, start)?);
            }
            match bytes.get(i) {
                Some(b',') => i = skip_whitespace(bytes, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return Err(()),
            }
        }
    }
    if skip_whitespace(bytes, i) != bytes.len() {
        return Err(());
    }
    Ok(result.flatten())
}

/// Checks the array of objects that opens at `start` in `text` and reads the members `names`
/// of each into `rows` ([`result_fields`]); returns where the array ends.
fn fields_at<'t>(
    text: &'t str,
    start: usize,
    names: &[&str],
    rows: &mut Vec<Option<&'t str>>,
) -> Result<usize, ()> {
    let bytes = text.as_bytes();
    let mut i = start;
    if bytes.get(i) != Some(&b'[') {
        return Err(());
    }
    i = skip_whitespace(bytes, i + 1);
    if bytes.get(i) == Some(&b']') {
        return Ok(i + 1);
    }
    loop {
        if bytes.get(i) != Some(&b'{') {
            return Err(());
        }
        let row = rows.len();
        rows.resize(row + names.len(), None);
        i = skip_whitespace(bytes, i + 1);
        if bytes.get(i) == Some(&b'}') {
            i += 1;
        } else {
            loop {
                let key_start = i;
                i = string_end(bytes, i)?;
                let key = &text[key_start + 1..i - 1];
                if key.contains('\\') {
                    return Err(());
                }
                i = skip_whitespace(bytes, i);
                if bytes.get(i) != Some(&b':') {
                    return Err(());
                }
                let value = skip_whitespace(bytes, i + 1);
                let end = check_value(bytes, value)?;
                if let Some(k) = names.iter().position(|name| same_key(name, key))
                    && rows[row + k].replace(&text[value..end]).is_some()
                {
                    return Err(());
                }
                i = skip_whitespace(bytes, end);
                match bytes.get(i) {
                    Some(b',') => i = skip_whitespace(bytes, i + 1),
                    Some(b'}') => {
                        i += 1;
                        break;
                    }
                    _ => return Err(()),
                }
            }
        }
        i = skip_whitespace(bytes, i);
        match bytes.get(i) {
            Some(b',') => i = skip_whitespace(bytes, i + 1),
            Some(b']') => return Ok(i + 1),
            _ => return Err(()),
        }
    }
}

/// Whether an object key is a wanted name. Keys are short, and every object of a list has
/// them all: compared eight bytes at a time here, not by a call to `memcmp` each.
#[inline(always)]
fn same_key(name: &str, key: &str) -> bool {
    let (name, key) = (name.as_bytes(), key.as_bytes());
    if name.len() != key.len() {
        return false;
    }
    let mut names = name.chunks_exact(8);
    let mut keys = key.chunks_exact(8);
    let word = |chunk: &[u8]| {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        u64::from_le_bytes(eight)
    };
    for (a, b) in (&mut names).zip(&mut keys) {
        if word(a) != word(b) {
            return false;
        }
    }
    names
        .remainder()
        .iter()
        .zip(keys.remainder())
        .all(|(a, b)| a == b)
}

/// Whether an object key (the text between its quotes) names `result`, escapes decoded.
fn key_is_result(key: &str) -> Result<bool, ()> {
    if !key.contains('\\') {
        return Ok(key == "result");
    }
    let decoded: String = serde_json::from_str(&format!("\"{key}\"")).map_err(|_| ())?;
    Ok(decoded == "result")
}

pub(crate) fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(i) {
        i += 1;
    }
    i
}

/// What a byte means inside a string: most are plain; a quote ends it, a backslash starts an
/// escape, a control character is not allowed there, and a byte of 0x7f or above may begin a
/// character a terminal would obey.
const PLAIN: u8 = 0;
const QUOTE: u8 = 1;
const BACKSLASH: u8 = 2;
const CONTROL: u8 = 3;
const HIGH_BYTE: u8 = 4;
static IN_STRING: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = CONTROL;
        b += 1;
    }
    table[b'"' as usize] = QUOTE;
    table[b'\\' as usize] = BACKSLASH;
    let mut b = 0x7f;
    while b < 0x100 {
        table[b] = HIGH_BYTE;
        b += 1;
    }
    table
};

/// What [`marked_string_end`] saw in a string: an escape, or a byte of 0x7f or above.
pub(crate) const ESCAPED: u8 = 1;
pub(crate) const HIGH: u8 = 2;

/// The index just past the string that opens at `i` (a `"`), its escapes checked. The text
/// is already valid UTF-8, so bytes above 0x7f need no look.
pub(crate) fn string_end(bytes: &[u8], i: usize) -> Result<usize, ()> {
    scan_string::<false>(bytes, i).map(|(end, _)| end)
}

/// [`string_end`], and what the string holds ([`ESCAPED`], [`HIGH`]): most strings hold
/// neither, and are copied out as they are.
pub(crate) fn marked_string_end(bytes: &[u8], i: usize) -> Result<(usize, u8), ()> {
    scan_string::<true>(bytes, i)
}

#[inline(always)]
fn scan_string<const MARK_HIGH: bool>(bytes: &[u8], i: usize) -> Result<(usize, u8), ()> {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    if bytes.get(i) != Some(&b'"') {
        return Err(());
    }
    let mut i = i + 1;
    let mut marks = 0;
    loop {
        // Eight bytes at a time while none of them is special, then straight to the first
        // one that is.
        while let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            let word = u64::from_le_bytes(eight);
            let mut special = specials(word);
            if MARK_HIGH {
                // 0x7f and above: the high bit set, before or after adding one.
                special |= ((word & !HIGHS).wrapping_add(ONES) | word) & HIGHS;
            }
            if special != 0 {
                i += special.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        let &byte = bytes.get(i).ok_or(())?;
        match IN_STRING[byte as usize] {
            PLAIN => i += 1,
            HIGH_BYTE => {
                marks |= HIGH;
                i += 1;
            }
            QUOTE => return Ok((i + 1, marks)),
            BACKSLASH => {
                marks |= ESCAPED;
                i += match bytes.get(i + 1).ok_or(())? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                    b'u' => {
                        let hex = bytes.get(i + 2..i + 6).ok_or(())?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return Err(());
                        }
                        6
                    }
                    _ => return Err(()),
                };
            }
            _ => return Err(()),
        }
    }
}

/// The high bit of each byte of `word` that is a quote, a backslash or a control character
/// (below 0x20). Exact for the lowest such byte (a borrow can only mark bytes above it).
#[inline(always)]
fn specials(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    // A byte below 0x20 (its high bit clear): subtracting 0x20 borrows into its high bit.
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    quote | backslash | control
}

/// The index just past the number at `i`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(crate) fn number_end(bytes: &[u8], mut i: usize) -> Result<usize, ()> {
    let digits = |mut i: usize| -> Result<usize, ()> {
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start { Err(()) } else { Ok(i) }
    };
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i)?,
        _ => return Err(()),
    }
    if bytes.get(i) == Some(&b'.') {
        i = digits(i + 1)?;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = bytes.get(i) {
            i += 1;
        }
        i = digits(i)?;
    }
    Ok(i)
}

pub(crate) fn literal_end(bytes: &[u8], i: usize, literal: &[u8]) -> Result<usize, ()> {
    if bytes.get(i..i + literal.len()) == Some(literal) {
        Ok(i + literal.len())
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde finds: the span of `result`, or that it does not accept the text.
    fn serde_span(text: &str) -> Result<Option<Range<usize>>, NotVouched> {
        #[derive(serde::Deserialize)]
        struct Envelope<'a> {
            #[serde(borrow)]
            result: Option<&'a serde_json::value::RawValue>,
        }
        let envelope: Envelope = serde_json::from_str(text).map_err(|_| NotVouched)?;
        Ok(envelope.result.map(|raw| {
            let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            start..start + raw.get().len()
        }))
    }

    #[test]
    fn finds_the_result_wherever_it_lies() {
        for text in [
            r#"{"status":200,"requestId":"r","result":[{"a":1},{"b":[true,false,null]}]}"#,
            r#" { "result" : { "x" : "y\"z\\" } , "status" : 200 } "#,
            r#"{"r\u0065sult":[1,-0.5e+3,0,1E9],"other":{"":""}}"#,
            r#"{"status":200}"#,
            r#"{}"#,
            r#"{"result":"ünïcode \u00e9 \ud83d\ude00 / \/ \b\f\n\r\t"}"#,
        ] {
            assert_eq!(result_span(text), serde_span(text), "{text}");
            assert!(result_span(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn leaves_what_is_not_valid_json_to_serde() {
        for text in [
            "",
            "[]",
            r#"{"result":[1,]}"#,
            r#"{"result":[1}"#,
            r#"{"result":{"a"}}"#,
            r#"{"result":{"a":1,}}"#,
            r#"{"result":01}"#,
            r#"{"result":1.}"#,
            r#"{"result":-}"#,
            r#"{"result":1e}"#,
            r#"{"result":tru}"#,
            r#"{"result":"a\x"}"#,
            r#"{"result":"\u12g4"}"#,
            "{\"result\":\"tab\tinside\"}",
            r#"{"result":"unterminated}"#,
            r#"{"result":1}}"#,
            r#"{"result":1} x"#,
            r#"{"result":1,"result":2}"#,
            r#"{"result":1"#,
            r#"{"result":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
        ] {
            assert_eq!(result_span(text), Err(NotVouched), "{text}");
        }
    }

    #[test]
    fn specials_finds_the_first_special_byte_in_every_position() {
        let special = |byte: u8| byte < 0x20 || byte == b'"' || byte == b'\\';
        for position in 0..8 {
            for byte in 0..=255u8 {
                for after in [b'a', b'"', 0x01, 0xff] {
                    let mut word = *b"abcdefgh";
                    word[position] = byte;
                    if position < 7 {
                        word[position + 1] = after;
                    }
                    let first = word
                        .iter()
                        .position(|&b| special(b))
                        .map_or(8, |p| p as u32);
                    let found = specials(u64::from_le_bytes(word));
                    let found = if found == 0 {
                        8
                    } else {
                        found.trailing_zeros() / 8
                    };
                    assert_eq!(found, first, "{word:x?}");
                }
            }
        }
    }

    #[test]
    fn same_key_is_string_equality() {
        let words = [
            "",
            "a",
            "id",
            "name",
            "minReplicas",
            "maxReplicas",
            "minReplicaMemoryGb",
        ];
        for a in words {
            for b in words
                .iter()
                .copied()
                .chain(["minReplicaMemoryGB", "nam", "names"])
            {
                assert_eq!(same_key(a, b), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn fields_are_read_off_each_object_by_name() {
        let list =
            r#"[{"id":"a","n":1,"skip":{"id":"inner"},"s":null},{ "s" : "x\"y" , "id":"b"},{}]"#;
        let text = format!(r#"{{"status":200,"result": {list} ,"x":[]}}"#);
        let (span, rows) = result_fields(&text, &["id", "s", "n"]).unwrap();
        assert_eq!(&text[span], list);
        assert_eq!(
            rows,
            [
                Some("\"a\""),
                Some("null"),
                Some("1"),
                Some("\"b\""),
                Some("\"x\\\"y\""),
                None,
                None,
                None,
                None,
            ]
        );
        let fields = |list: &str, names: &[&str]| {
            let text = format!(r#"{{"result":{list}}}"#);
            result_fields(&text, names).map(|(_, rows)| rows.len())
        };
        assert_eq!(fields(" [ ] ", &["id"]), Ok(0));
        assert_eq!(
            result_fields(r#"{"result":[{}]} x"#, &["id"]),
            Err(NotVouched)
        );
        assert_eq!(result_fields(r#"{"status":200}"#, &["id"]), Err(NotVouched));
        for text in [
            "{}",
            "[1]",
            r#"[{"id":1,"id":2}]"#,
            r#"[{"i\u0064":1}]"#,
            r#"[{"id":1},]"#,
            r#"[{"id":}]"#,
            "null",
        ] {
            assert_eq!(fields(text, &["id"]), Err(NotVouched), "{text}");
        }
    }

    proptest::proptest! {
        /// Near misses of a list: whenever the scanner vouches for one, serde reads the same
        /// values from it.
        #[test]
        fn fields_agree_with_serde_on_near_misses(position in 0usize..200, byte in proptest::sample::select(b"{}[]:,\"\\ 0-.nu\x01x".to_vec()), insert: bool) {
            let text = r#"[{"id":"x\u00e9","n":-1.5e+3,"t":[true,{"id":0}]},{"n":null,"e":{}},{}]"#;
            let mut bytes = text.as_bytes().to_vec();
            let position = position % (bytes.len() + 1);
            if insert { bytes.insert(position, byte) } else if position < bytes.len() { bytes[position] = byte } else { bytes.pop(); }
            let text = String::from_utf8(bytes).unwrap();
            let envelope = format!(r#"{{"result":{text}}}"#);
            if let Ok((_, ours)) = result_fields(&envelope, &["id", "n"]) {
                let theirs: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&text).unwrap();
                let expected: Vec<Option<serde_json::Value>> = theirs
                    .iter()
                    .flat_map(|row| [row.get("id").cloned(), row.get("n").cloned()])
                    .collect();
                let ours: Vec<Option<serde_json::Value>> = ours
                    .iter()
                    .map(|token| token.map(|t| serde_json::from_str(t).unwrap()))
                    .collect();
                proptest::prop_assert_eq!(ours, expected, "{}", text);
            }
        }


        /// Whatever the text, the scanner vouches only for what serde accepts, and then
        /// finds the same span.
        #[test]
        fn agrees_with_serde(text in r#"\{("(result|status|r\\u0065sult)" ?: ?(\[|\{|"[^"\\]{0,3}"|\\[\\"u0-9a-fx]{0,5}|-?[0-9]{1,3}(\.[0-9]*)?([eE][-+]?[0-9]*)?|true|nul|null|[\]\},: ])*,? ?)*\}? ?"#) {
            let ours = result_span(&text);
            if ours.is_ok() {
                proptest::prop_assert_eq!(ours, serde_span(&text), "{}", text);
            }
        }

        /// Valid JSON broken in one place, the way near misses look: whenever the scanner
        /// still vouches for it, serde accepts it too and agrees on the span.
        #[test]
        fn agrees_with_serde_on_near_misses(position in 0usize..400, byte in proptest::sample::select(b"{}[]:,\"\\ 0-.eE+tu\x01x".to_vec()), insert: bool) {
            let text = r#"{"status":200,"requestId":"a\"b","result":[{"id":"x\u00e9\n","n":-1.5e+3,"t":[true,false,null,0]},{"e":{},"a":[]}],"z":0}"#;
            let mut bytes = text.as_bytes().to_vec();
            let position = position % (bytes.len() + 1);
            if insert { bytes.insert(position, byte) } else if position < bytes.len() { bytes[position] = byte } else { bytes.pop(); }
            let text = String::from_utf8(bytes).unwrap();
            let ours = result_span(&text);
            if ours.is_ok() {
                proptest::prop_assert_eq!(ours, serde_span(&text), "{}", text);
            }
        }

        /// Valid JSON of every shape is vouched for, with serde's span.
        #[test]
        fn accepts_what_serde_writes(texts in proptest::collection::vec(proptest::prelude::any::<String>(), 0..4), n in proptest::prelude::any::<f64>(), pretty: bool) {
            let value = serde_json::json!({"status": 200, "result": [{"texts": texts, "n": n, "z": [[], {}, null, true, -1]}]});
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
            proptest::prop_assert_eq!(result_span(&text), serde_span(&text));
            proptest::prop_assert!(result_span(&text).is_ok());
        }
    }
}
