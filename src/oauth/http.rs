//! The HTTP client the oauth2 crate is handed: the process's one client, with the same
//! rules as every API call. oauth2's own reqwest adapter reads whole bodies without a limit
//! and would send a refresh token to any URL stored in the token file; this one checks the
//! transport (https, or http only to loopback), names the limit a timeout hit, and refuses
//! a body over the cap while it streams in.

use std::future::Future;
use std::pin::Pin;

use oauth2::{AsyncHttpClient, HttpRequest, HttpResponse};

use crate::api::ApiError;
use crate::api::transport::{ensure_transport, network_error, read_body};

/// Borrow the process's client for one oauth2 exchange.
#[derive(Debug, Clone, Copy)]
pub struct Capped<'a>(pub &'a reqwest::Client);

impl<'c> AsyncHttpClient<'c> for Capped<'_> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let url = request.uri().to_string();
            ensure_transport(&url, false)?;
            let request = reqwest::Request::try_from(request).map_err(|e| ApiError::Network {
                url: url.clone(),
                detail: crate::api::error_chain(&e),
            })?;
            let response = self
                .0
                .execute(request)
                .await
                .map_err(|e| network_error(&url, &e))?;
            let mut builder = oauth2::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = read_body(response, &url).await?;
            builder.body(body).map_err(|e| ApiError::InvalidResponse {
                url,
                status: 0,
                detail: e.to_string(),
            })
        })
    }
}
