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

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

pub use passthrough::is_unsafe;

/// Text for a person (a table cell, a message): every control character and bidi override
/// except the newline made visible.
pub fn text(text: &str) -> Cow<'_, str> {
    // Printable ASCII and newlines, the text of nearly every cell, are known safe at a glance.
    if passthrough::plain_ascii(text) {
        return Cow::Borrowed(text);
    }
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

fn to_json_with<F: Formatter>(value: &impl Serialize, formatter: F) -> String {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, passthrough::Inert(formatter, &[]));
    if value.serialize(&mut serializer).is_err() {
        return "null".into();
    }
    String::from_utf8(out).unwrap_or_else(|_| "null".into())
}

/// Pretty JSON with every terminal-unsafe character escaped.
pub fn to_json_pretty(value: &impl Serialize) -> String {
    to_json_with(value, PrettyFormatter::new())
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
}
