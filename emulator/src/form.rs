//! `application/x-www-form-urlencoded` decoding and encoding, for query strings, OAuth form
//! bodies and redirect URIs (small enough not to warrant a dependency).

/// Decoded `name=value` pairs, in order; repeated names are kept.
#[derive(Debug, Default, Clone)]
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(raw: &str) -> Self {
        Pairs(
            raw.split('&')
                .filter(|part| !part.is_empty())
                .map(|part| {
                    let (name, value) = part.split_once('=').unwrap_or((part, ""));
                    (decode(name), decode(value))
                })
                .collect(),
        )
    }

    pub fn parse_bytes(raw: &[u8]) -> Self {
        Self::parse(&String::from_utf8_lossy(raw))
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, unless empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|value| !value.is_empty())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Percent-decoding, with `+` as space; invalid escapes are kept literally.
pub fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `uri` with `params` appended to its query string.
pub fn append_query(uri: &str, params: &[(&str, &str)]) -> String {
    let encoded: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect();
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}{}", encoded.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs_with_escapes_and_repeats() {
        let pairs = Pairs::parse("a=1&filter=tag%3Aenv%3Ddev&filter=tag:x&b=x+y&c=%zz&d");
        assert_eq!(pairs.all("filter"), ["tag:env=dev", "tag:x"]);
        assert_eq!(pairs.get("b"), Some("x y"));
        assert_eq!(pairs.get("c"), Some("%zz"));
        assert_eq!(pairs.get("d"), Some(""));
        assert_eq!(decode("%4"), "%4");
    }

    #[test]
    fn appends_encoded_query() {
        assert_eq!(
            append_query(
                "http://127.0.0.1:1/cb",
                &[("code", "a b"), ("state", "x&y")]
            ),
            "http://127.0.0.1:1/cb?code=a%20b&state=x%26y"
        );
        assert_eq!(
            append_query("http://h/cb?x=1", &[("a", "b")]),
            "http://h/cb?x=1&a=b"
        );
    }
}
