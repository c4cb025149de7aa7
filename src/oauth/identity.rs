//! Who logged in: the ID token's claims when the flow vouches for them, else userinfo.
//!
//! The ID token comes straight from the token endpoint in the code or device exchange,
//! over TLS (or loopback, for a local server), so — as OpenID Connect Core §3.1.3.7
//! allows — TLS server validation stands in for checking its signature. Its claims are
//! still only believed when `iss` is the issuer the login used, `aud` holds `cloud`'s
//! client id (and `azp`, if present, is that client id) and `exp` is in the future.
//! Anything else (a malformed token, wrong issuer or audience, expired) is ignored and
//! the userinfo endpoint is asked instead.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use super::Endpoints;

pub use crate::state::config::IdentitySource;

/// What a login knows about its person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub email: Option<String>,
    pub username: Option<String>,
    pub subject: Option<String>,
    pub source: Option<IdentitySource>,
}

/// The claims `cloud` reads from an ID token or a userinfo answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Claims {
    #[serde(default, deserialize_with = "lenient_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub preferred_username: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub sub: Option<String>,
}

impl Claims {
    /// Whether the claims name a person (an email or a user name), not only an opaque id.
    fn names_someone(&self) -> bool {
        self.email.is_some() || self.preferred_username.is_some()
    }

    fn into_identity(self, source: IdentitySource) -> Identity {
        Identity {
            email: self.email,
            username: self.preferred_username,
            subject: self.sub,
            source: Some(source),
        }
    }
}

/// A string claim, or nothing when it is absent, empty or not a string.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    })
}

/// Why an ID token's claims were not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("it is not a signed JWT (three base64url parts)")]
    Malformed,
    #[error("its payload is not base64url")]
    BadBase64,
    #[error("its payload is not a JSON object of claims")]
    BadJson,
    #[error("it was issued by {found:?}, not {expected}")]
    WrongIssuer {
        found: Option<String>,
        expected: String,
    },
    #[error("it is not for client {0}")]
    WrongAudience(String),
    #[error("it has no expiry")]
    NoExpiry,
    #[error("it expired")]
    Expired,
}

/// The JWT claims that decide whether the others are believed.
#[derive(Debug, Deserialize)]
struct Checked {
    #[serde(default)]
    iss: Option<serde_json::Value>,
    #[serde(default)]
    aud: Option<serde_json::Value>,
    #[serde(default)]
    azp: Option<serde_json::Value>,
    #[serde(default)]
    exp: Option<serde_json::Value>,
}

/// Issuers compare equal up to a trailing slash (Auth0's `iss` ends with one).
fn same_issuer(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// Decodes an ID token's payload and checks `iss`, `aud` (and `azp`) and `exp` at `now`
/// (Unix seconds). The signature is not checked: see the module documentation for why
/// that is sound for a token received directly from the token endpoint.
pub fn id_token_claims(
    token: &str,
    issuer: &str,
    client_id: &str,
    now: i64,
) -> Result<Claims, Rejected> {
    let mut parts = token.trim().split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Rejected::Malformed);
    };
    if payload.is_empty() {
        return Err(Rejected::Malformed);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| Rejected::BadBase64)?;
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|_| Rejected::BadJson)?;
    let value = serde_json::Value::Object(object);
    let checked = Checked::deserialize(&value).map_err(|_| Rejected::BadJson)?;

    let found_issuer = checked.iss.as_ref().and_then(|v| v.as_str());
    if !found_issuer.is_some_and(|iss| same_issuer(iss, issuer)) {
        return Err(Rejected::WrongIssuer {
            found: found_issuer.map(str::to_owned),
            expected: issuer.to_owned(),
        });
    }
    let audience_ok = match &checked.aud {
        Some(serde_json::Value::String(aud)) => aud == client_id,
        Some(serde_json::Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    let azp_ok = match &checked.azp {
        None | Some(serde_json::Value::Null) => true,
        Some(azp) => azp.as_str() == Some(client_id),
    };
    if !audience_ok || !azp_ok {
        return Err(Rejected::WrongAudience(client_id.to_owned()));
    }
    let exp = match &checked.exp {
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        _ => None,
    }
    .ok_or(Rejected::NoExpiry)?;
    if exp <= now {
        return Err(Rejected::Expired);
    }
    Claims::deserialize(&value).map_err(|_| Rejected::BadJson)
}

/// Whether `url` is reached over TLS, or over loopback where there is no network to trust.
pub fn trusted_channel(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host == "127.0.0.1" || host == "::1" || host.eq_ignore_ascii_case("localhost")
}

/// The usable claims of the ID token a flow received, or why there are none.
pub fn from_id_token(
    id_token: Option<&str>,
    endpoints: &Endpoints,
    now: i64,
) -> Result<Claims, String> {
    let token = id_token.ok_or("the token endpoint sent no ID token")?;
    if !trusted_channel(&endpoints.token_endpoint) {
        return Err(format!(
            "the token endpoint {} is neither https nor loopback",
            endpoints.token_endpoint
        ));
    }
    id_token_claims(token, &endpoints.issuer, &endpoints.client_id, now)
        .map_err(|e| format!("the ID token was ignored: {e}"))
}

/// Chooses who logged in: ID token claims that name someone, else userinfo's, else the
/// best that is left (an ID token's `sub`, then userinfo's), else nobody.
/// `userinfo` is only called when the ID token names nobody.
pub async fn choose<F, Fut>(
    id_token: Result<Claims, String>,
    userinfo: F,
) -> (Identity, Vec<String>)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Claims, String>>,
{
    let mut notes = Vec::new();
    let from_token = match id_token {
        Ok(claims) if claims.names_someone() => {
            return (claims.into_identity(IdentitySource::IdToken), notes);
        }
        Ok(claims) => {
            notes.push("the ID token names no email or user name; asking userinfo".to_owned());
            Some(claims)
        }
        Err(why) => {
            notes.push(why);
            None
        }
    };
    let from_userinfo = match userinfo().await {
        Ok(claims) if claims.names_someone() => {
            return (claims.into_identity(IdentitySource::Userinfo), notes);
        }
        Ok(claims) => {
            notes.push("userinfo names no email or user name".to_owned());
            Some(claims)
        }
        Err(why) => {
            notes.push(why);
            None
        }
    };
    let identity = match (from_token, from_userinfo) {
        (Some(claims), _) if claims.sub.is_some() => claims.into_identity(IdentitySource::IdToken),
        (_, Some(claims)) if claims.sub.is_some() => claims.into_identity(IdentitySource::Userinfo),
        _ => Identity::default(),
    };
    (identity, notes)
}

/// Asks the userinfo endpoint (best effort).
pub async fn userinfo(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    access_token: &str,
) -> Result<Claims, String> {
    let url = endpoints
        .userinfo_endpoint
        .as_deref()
        .ok_or("the authorization server has no userinfo endpoint")?;
    crate::api::transport::ensure_transport(url, false).map_err(|e| e.to_string())?;
    let response = http
        .get(url)
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|e| format!("userinfo at {url} failed: {}", crate::api::error_chain(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("userinfo at {url} answered {}", status.as_u16()));
    }
    let body = crate::api::transport::read_body(response, url)
        .await
        .map_err(|e| e.to_string())?;
    serde_json::from_slice::<Claims>(&body)
        .map_err(|e| format!("userinfo at {url} sent no claims: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE;
    use proptest::prelude::*;
    use serde_json::json;

    const ISSUER: &str = "https://auth.example.com";
    const CLIENT: &str = "client-1";
    const NOW: i64 = 1_700_000_000;

    fn jwt(claims: &serde_json::Value) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    fn good() -> serde_json::Value {
        json!({
            "iss": format!("{ISSUER}/"),
            "aud": CLIENT,
            "sub": "auth0|42",
            "email": "ada@example.com",
            "preferred_username": "ada",
            "exp": NOW + 60,
        })
    }

    fn with(field: &str, value: serde_json::Value) -> String {
        let mut claims = good();
        claims[field] = value;
        jwt(&claims)
    }

    #[test]
    fn a_good_token_yields_its_claims() {
        let claims = id_token_claims(&jwt(&good()), ISSUER, CLIENT, NOW).unwrap();
        assert_eq!(claims.email.as_deref(), Some("ada@example.com"));
        assert_eq!(claims.preferred_username.as_deref(), Some("ada"));
        assert_eq!(claims.sub.as_deref(), Some("auth0|42"));
        // An audience list holding the client, and a padded payload, are fine too.
        let listed = with("aud", json!(["clickhousectl", CLIENT]));
        assert!(id_token_claims(&listed, ISSUER, CLIENT, NOW).is_ok());
        let token = jwt(&good());
        let payload = token.split('.').nth(1).unwrap();
        let padded = URL_SAFE.encode(URL_SAFE_NO_PAD.decode(payload).unwrap());
        assert!(id_token_claims(&format!("h.{padded}.s"), ISSUER, CLIENT, NOW).is_ok());
    }

    #[test]
    fn bad_tokens_are_rejected() {
        let cases: [(String, Rejected); 12] = [
            ("".into(), Rejected::Malformed),
            ("a.b".into(), Rejected::Malformed),
            ("a.b.c.d.e".into(), Rejected::Malformed),
            ("a..c".into(), Rejected::Malformed),
            ("a.!!!.c".into(), Rejected::BadBase64),
            (
                format!("a.{}.c", URL_SAFE_NO_PAD.encode("[1]")),
                Rejected::BadJson,
            ),
            (
                format!("a.{}.c", URL_SAFE_NO_PAD.encode("not json")),
                Rejected::BadJson,
            ),
            (
                with("iss", json!("https://evil.example.com")),
                Rejected::WrongIssuer {
                    found: Some("https://evil.example.com".into()),
                    expected: ISSUER.into(),
                },
            ),
            (
                with("aud", json!("someone-else")),
                Rejected::WrongAudience(CLIENT.into()),
            ),
            (
                with("azp", json!("someone-else")),
                Rejected::WrongAudience(CLIENT.into()),
            ),
            (with("exp", json!(NOW)), Rejected::Expired),
            (with("exp", json!("soon")), Rejected::NoExpiry),
        ];
        for (token, expected) in cases {
            assert_eq!(
                id_token_claims(&token, ISSUER, CLIENT, NOW),
                Err(expected),
                "{token}"
            );
        }
    }

    #[test]
    fn odd_claim_types_are_ignored_not_fatal() {
        let token = with("email", json!(42));
        let claims = id_token_claims(&token, ISSUER, CLIENT, NOW).unwrap();
        assert_eq!(claims.email, None);
        assert_eq!(claims.preferred_username.as_deref(), Some("ada"));
    }

    #[test]
    fn only_tls_or_loopback_token_endpoints_are_trusted() {
        for ok in [
            "https://auth.example.com/oauth/token",
            "http://127.0.0.1:8787/oauth/token",
            "http://[::1]:1/t",
            "http://localhost/t",
        ] {
            assert!(trusted_channel(ok), "{ok}");
        }
        for bad in [
            "http://auth.example.com/oauth/token",
            "http://127.0.0.1.example.com/t",
            "http://user@127.0.0.1/t",
            "ftp://127.0.0.1/t",
        ] {
            assert!(!trusted_channel(bad), "{bad}");
        }
    }

    fn claims(email: Option<&str>, sub: Option<&str>) -> Claims {
        Claims {
            email: email.map(str::to_owned),
            preferred_username: None,
            sub: sub.map(str::to_owned),
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn an_id_token_email_is_used_without_asking_userinfo() {
        let (identity, _) = block_on(choose(Ok(claims(Some("a@x"), Some("s"))), || async {
            panic!("userinfo must not be asked")
        }));
        assert_eq!(identity.email.as_deref(), Some("a@x"));
        assert_eq!(identity.source, Some(IdentitySource::IdToken));
    }

    #[test]
    fn a_rejected_or_nameless_id_token_falls_back_to_userinfo() {
        for token in [Err("expired".to_owned()), Ok(claims(None, Some("s")))] {
            let (identity, notes) = block_on(choose(token, || async {
                Ok(claims(Some("u@x"), Some("s")))
            }));
            assert_eq!(identity.email.as_deref(), Some("u@x"));
            assert_eq!(identity.source, Some(IdentitySource::Userinfo));
            assert_eq!(notes.len(), 1, "{notes:?}");
        }
    }

    #[test]
    fn the_subject_is_the_last_resort() {
        let (identity, _) = block_on(choose(Ok(claims(None, Some("tok-sub"))), || async {
            Err("no userinfo".to_owned())
        }));
        assert_eq!(identity.subject.as_deref(), Some("tok-sub"));
        assert_eq!(identity.source, Some(IdentitySource::IdToken));

        let (identity, _) = block_on(choose(Err("none".into()), || async {
            Ok(claims(None, Some("ui-sub")))
        }));
        assert_eq!(identity.subject.as_deref(), Some("ui-sub"));
        assert_eq!(identity.source, Some(IdentitySource::Userinfo));

        let (identity, notes) = block_on(choose(Err("none".into()), || async {
            Err("no userinfo".to_owned())
        }));
        assert_eq!(identity, Identity::default());
        assert_eq!(notes, ["none", "no userinfo"]);
    }

    #[test]
    fn stored_logins_load_with_and_without_a_source() {
        use crate::config::StoredOAuth;
        let old = "issuer = \"https://i\"\napi_url = \"https://a\"\nstorage = \"file\"\nemail = \"a@x\"\n";
        let login: StoredOAuth = toml::from_str(old).unwrap();
        assert_eq!(login.identity_source, None);
        assert_eq!(login.identity(), "a@x");
        let new = format!("{old}identity_source = \"id_token\"\nusername = \"ada\"\n");
        let login: StoredOAuth = toml::from_str(&new).unwrap();
        assert_eq!(login.identity_source, Some(IdentitySource::IdToken));
        let text = toml::to_string(&login).unwrap();
        assert!(text.contains("identity_source = \"id_token\""), "{text}");
        let nameless = StoredOAuth {
            email: None,
            ..login
        };
        assert_eq!(nameless.identity(), "ada");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_claim_decoder_never_panics(token in any::<String>(), now in any::<i64>()) {
            let _ = id_token_claims(&token, ISSUER, CLIENT, now);
        }

        #[test]
        fn the_claim_decoder_never_panics_on_dotted_base64(
            header in "[A-Za-z0-9_=-]{0,12}",
            payload in proptest::collection::vec(any::<u8>(), 0..64),
            exp in any::<i64>(),
            now in any::<i64>(),
        ) {
            let _ = id_token_claims(
                &format!("{header}.{}.s", URL_SAFE_NO_PAD.encode(&payload)),
                ISSUER, CLIENT, now,
            );
            let claims = json!({"iss": ISSUER, "aud": CLIENT, "exp": exp});
            let _ = id_token_claims(&jwt(&claims), ISSUER, CLIENT, now);
        }
    }
}
