//! id tokens: JWTs signed with HS256 and a fixed, documented key, so clients that verify
//! signatures can, and nobody mistakes them for production tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::hashing::hmac_sha256;
use crate::seed::User;

/// The HS256 key of every id token (documented in EMULATOR.md).
pub const ID_TOKEN_KEY: &[u8] = b"cloud-emulator-id-token-key";

/// An id token for `user`, issued to `audience` (the client id); without the `email` and
/// `email_verified` claims unless `with_email`.
pub fn id_token(
    issuer: &str,
    audience: &str,
    user: &User,
    issued_at: i64,
    expires_at: i64,
    with_email: bool,
) -> String {
    let header = json!({ "alg": "HS256", "typ": "JWT" });
    let mut claims = json!({
        "iss": issuer,
        "aud": audience,
        "sub": user.id.to_string(),
        "email": user.email,
        "email_verified": true,
        "name": user.name,
        "iat": issued_at,
        "exp": expires_at,
    });
    if !with_email && let Some(claims) = claims.as_object_mut() {
        claims.remove("email");
        claims.remove("email_verified");
    }
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = hmac_sha256(ID_TOKEN_KEY, signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}
