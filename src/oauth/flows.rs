//! The two ways a person logs in: the device flow (RFC 8628) and the browser flow
//! (authorization code with PKCE S256, RFC 7636, on a loopback redirect, RFC 8252).

use std::time::Duration;

use oauth2::DeviceCodeErrorResponseType;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, DeviceAuthorizationUrl, EndpointNotSet,
    ExtraTokenFields, PkceCodeChallenge, RedirectUrl, RequestTokenError, Scope,
    StandardDeviceAuthorizationResponse, StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::endpoints::{Endpoints, SCOPES};
use super::loopback::Receiver;
use super::tokens::describe_token_error;

/// How an interactive login ends when it does not succeed; mapped to exit codes at the top.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Denied, expired, refused by the server: `code` is the stable machine name.
    #[error("{message}")]
    Failed { code: &'static str, message: String },

    #[error("interrupted; nothing was stored")]
    Interrupted,

    /// The machinery failed (a listener, a bad endpoint).
    #[error("{0}")]
    Other(String),
}

type Result<T, E = LoginError> = std::result::Result<T, E>;
type Error = LoginError;

/// Ctrl-C, listened for from the moment it is armed: a person may press it as soon as
/// the code is shown, before polling starts.
pub struct Interrupt {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupt {
    pub fn arm() -> Result<Interrupt> {
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|e| Error::Other(format!("could not listen for Ctrl-C: {e}")))?;
            Ok(Interrupt { signal })
        }
        #[cfg(not(unix))]
        Ok(Interrupt {})
    }

    async fn pressed(&mut self) {
        #[cfg(unix)]
        self.signal.recv().await;
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The OpenID Connect field of a token response that oauth2's basic response drops.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl ExtraTokenFields for IdTokenField {}

/// A token response of a login: the access and refresh tokens, and the ID token if any.
pub type LoginTokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;

/// oauth2's basic client, reading [`LoginTokenResponse`]s.
type LoginClient<
    HasAuthUrl = EndpointNotSet,
    HasDeviceAuthUrl = EndpointNotSet,
    HasTokenUrl = EndpointNotSet,
> = oauth2::Client<
    BasicErrorResponse,
    LoginTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    HasAuthUrl,
    HasDeviceAuthUrl,
    EndpointNotSet,
    EndpointNotSet,
    HasTokenUrl,
>;

fn client(endpoints: &Endpoints) -> LoginClient {
    LoginClient::new(ClientId::new(endpoints.client_id.clone()))
}

/// The ID token of a login's token response.
pub fn id_token(response: &LoginTokenResponse) -> Option<&str> {
    response.extra_fields().id_token.as_deref()
}

/// How long the browser flow waits for the redirect.
pub const WEB_TIMEOUT: Duration = Duration::from_secs(300);

fn bad_endpoint(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Other(format!(
        "the authorization server's {what} is not a valid URL: {e}"
    ))
}

fn scopes() -> impl Iterator<Item = Scope> {
    SCOPES.iter().map(|s| Scope::new((*s).to_owned()))
}

/// A failed token-endpoint exchange, as the error that ends the login.
fn exchange_failed<RE: std::error::Error + 'static>(
    what: &'static str,
) -> impl FnOnce(
    RequestTokenError<RE, oauth2::StandardErrorResponse<oauth2::basic::BasicErrorResponseType>>,
) -> Error {
    move |e| {
        login_failed(
            "login_failed",
            format!("{what}: {}", describe_token_error(&e)),
        )
    }
}

fn login_failed(code: &'static str, message: String) -> Error {
    Error::Failed { code, message }
}

/// Step one of the device flow: a user code and where to enter it.
pub async fn request_device_code(
    http: &reqwest::Client,
    endpoints: &Endpoints,
) -> Result<StandardDeviceAuthorizationResponse> {
    let client = client(endpoints).set_device_authorization_url(
        DeviceAuthorizationUrl::new(endpoints.device_authorization_endpoint.clone())
            .map_err(|e| bad_endpoint("device authorization endpoint", e))?,
    );
    let mut request = client.exchange_device_code().add_scopes(scopes());
    if let Some(audience) = &endpoints.audience {
        request = request.add_extra_param("audience", audience.clone());
    }
    request
        .request_async(&super::http::Capped(http))
        .await
        .map_err(exchange_failed("could not start the device login"))
}

/// Step two: polls (honouring `interval` and `slow_down`) until the person approves,
/// denies, or the code expires. Ctrl-C stops it with exit 130 and nothing stored.
pub async fn poll_device(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    details: &StandardDeviceAuthorizationResponse,
    timeout: Duration,
    interrupt: &mut Interrupt,
) -> Result<LoginTokenResponse> {
    let client = client(endpoints).set_token_uri(
        TokenUrl::new(endpoints.token_endpoint.clone())
            .map_err(|e| bad_endpoint("token endpoint", e))?,
    );
    let capped = super::http::Capped(http);
    let poll = client.exchange_device_access_token(details).request_async(
        &capped,
        tokio::time::sleep,
        Some(timeout),
    );
    let result = tokio::select! {
        result = poll => result,
        _ = interrupt.pressed() => return Err(Error::Interrupted),
    };
    result.map_err(|e| match &e {
        RequestTokenError::ServerResponse(response) => match response.error() {
            DeviceCodeErrorResponseType::AccessDenied => login_failed(
                "access_denied",
                "the login was denied in the browser; nothing was stored".into(),
            ),
            DeviceCodeErrorResponseType::ExpiredToken => login_failed(
                "expired_token",
                "the code expired before it was approved; run `cloud auth login` again".into(),
            ),
            DeviceCodeErrorResponseType::AuthorizationPending
            | DeviceCodeErrorResponseType::SlowDown
            | DeviceCodeErrorResponseType::Basic(_) => login_failed(
                "login_failed",
                format!("the device login failed: {}", response.error()),
            ),
        },
        RequestTokenError::Request(_)
        | RequestTokenError::Parse(..)
        | RequestTokenError::Other(_) => login_failed(
            "login_failed",
            format!("the device login failed: {}", describe_device_error(&e)),
        ),
    })
}

fn describe_device_error<RE: std::error::Error + 'static>(
    error: &RequestTokenError<RE, oauth2::DeviceCodeErrorResponse>,
) -> String {
    match error {
        RequestTokenError::ServerResponse(e) => e.error().to_string(),
        RequestTokenError::Request(e) => crate::api::error_chain(e),
        RequestTokenError::Parse(e, _) => format!("unexpected token response: {e}"),
        RequestTokenError::Other(e) => e.clone(),
    }
}

/// The browser flow. `show` is told the URL to open (and whether a browser started).
pub async fn web_login(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    show: impl FnOnce(&str),
    interrupt: &mut Interrupt,
) -> Result<LoginTokenResponse> {
    let receiver = Receiver::bind()
        .await
        .map_err(|e| Error::Other(format!("could not listen on 127.0.0.1: {e}")))?;
    let client = client(endpoints)
        .set_auth_uri(
            AuthUrl::new(endpoints.authorization_endpoint.clone())
                .map_err(|e| bad_endpoint("authorization endpoint", e))?,
        )
        .set_token_uri(
            TokenUrl::new(endpoints.token_endpoint.clone())
                .map_err(|e| bad_endpoint("token endpoint", e))?,
        )
        .set_redirect_uri(
            RedirectUrl::new(receiver.redirect_uri.clone())
                .map_err(|e| bad_endpoint("redirect URI", e))?,
        );
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes())
        .set_pkce_challenge(challenge);
    if let Some(audience) = &endpoints.audience {
        request = request.add_extra_param("audience", audience.clone());
    }
    let (url, state) = request.url();
    show(url.as_str());

    let callback = tokio::select! {
        callback = tokio::time::timeout(WEB_TIMEOUT, receiver.wait()) => match callback {
            Ok(Ok(callback)) => callback,
            Ok(Err(e)) => return Err(Error::Other(format!("the login redirect failed: {e}"))),
            Err(_) => return Err(login_failed(
                "timeout",
                format!("no answer from the browser within {} s; nothing was stored", WEB_TIMEOUT.as_secs()),
            )),
        },
        _ = interrupt.pressed() => return Err(Error::Interrupted),
    };
    if callback.state.as_deref() != Some(state.secret().as_str()) {
        return Err(login_failed(
            "state_mismatch",
            "the browser's answer did not carry this login's state; nothing was stored".into(),
        ));
    }
    if let Some(error) = callback.error {
        let detail = callback
            .error_description
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let code = if error == "access_denied" {
            "access_denied"
        } else {
            "login_failed"
        };
        return Err(login_failed(
            code,
            format!("the browser login ended with `{error}`{detail}; nothing was stored"),
        ));
    }
    let code = callback.code.ok_or_else(|| {
        login_failed(
            "login_failed",
            "the browser's answer carried no authorization code".into(),
        )
    })?;
    client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request_async(&super::http::Capped(http))
        .await
        .map_err(exchange_failed("exchanging the authorization code failed"))
}
