//! Random identifiers, secrets and codes. Randomness comes from `uuid`'s v4 generator (the OS
//! RNG), which avoids a separate `rand` dependency.

use uuid::Uuid;

/// `n` random bytes (the 14 fully random bytes of each v4 UUID; the version/variant bytes are skipped).
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let bytes = Uuid::new_v4().into_bytes();
        out.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 6 && *i != 8)
                .map(|(_, b)| *b),
        );
    }
    out.truncate(n);
    out
}

/// A random string over `alphabet` (tiny modulo bias is irrelevant here).
pub fn random_from(alphabet: &[u8], len: usize) -> String {
    random_bytes(len)
        .into_iter()
        .map(|b| alphabet[usize::from(b) % alphabet.len()] as char)
        .collect()
}

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A ClickHouse-style opaque key id (20 alphanumerics).
pub fn key_id() -> String {
    random_from(ALPHANUMERIC, 20)
}

/// A key secret (40 alphanumerics).
pub fn key_secret() -> String {
    random_from(ALPHANUMERIC, 40)
}

/// A generated service password.
pub fn password() -> String {
    random_from(ALPHANUMERIC, 16)
}

/// An opaque OAuth token or code: `prefix` + 43 URL-safe characters (256 bits).
pub fn token(prefix: &str) -> String {
    format!(
        "{prefix}{}",
        random_from(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            43
        )
    )
}

/// An RFC 8628 user code, `XXXX-XXXX` from consonants only (no vowels, so no words; §6.1).
pub fn user_code() -> String {
    let raw = random_from(b"BCDFGHJKLMNPQRSTVWXZ", 8);
    format!("{}-{}", &raw[..4], &raw[4..])
}

/// A short lowercase host label for a new service (`<label>.<region>.<provider>.clickhouse.cloud`).
pub fn host_label() -> String {
    random_from(b"abcdefghijklmnopqrstuvwxyz0123456789", 10)
}
