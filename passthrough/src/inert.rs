//! What may reach a terminal from a server's JSON: characters that could act on it are written
//! as JSON escapes, and known secrets are redacted.

use std::io;

use serde_json::ser::Formatter;

/// What a redacted secret reads as.
pub const REDACTED: &str = "[redacted]";

/// Whether `c` must not reach a terminal as is.
#[inline]
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

/// Writes the characters [`is_unsafe`] rejects as `\uNNNN` escapes. serde_json already
/// escapes C0 controls; this adds DEL, C1 and the bidi controls. The JSON value is unchanged.
/// The `secrets` given are replaced by [`REDACTED`] in every string, keys too.
pub struct Inert<'s, F>(pub F, pub &'s [String]);

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
                text.replace(secret.as_str(), REDACTED)
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

/// Whether `text` is printable ASCII and newlines only: nothing to escape, one column a
/// byte. Nearly every table cell is; checked sixteen bytes at a time.
pub fn plain_ascii(text: &str) -> bool {
    text.as_bytes().chunks(16).all(|chunk| {
        chunk.iter().fold(true, |plain, &b| {
            plain & (matches!(b, b' '..=b'~') | (b == b'\n'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_is_printable_ascii_and_newlines() {
        for byte in 0..=0x7fu8 {
            let plain = (0x20..0x7f).contains(&byte) || byte == b'\n';
            let text = format!("{}{}", "x".repeat(20), char::from(byte));
            assert_eq!(plain_ascii(&text), plain, "{byte:#x}");
        }
        assert!(plain_ascii(""));
        assert!(!plain_ascii("naïve"));
        assert!(!plain_ascii("a\u{202e}b"));
    }
}
