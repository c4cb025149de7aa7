//! The shared application state and the HTTP routes.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, Uri};
use axum::middleware;
use axum::response::Response;
use axum::routing::{any, get, post, put};

use crate::api;
use crate::config::Args;
use crate::envelope::{ApiError, failure};
use crate::faults::Faults;
use crate::log::{self, RecordedRequest};
use crate::oauth::{self, store::OAuthStore};
use crate::persist::StateFile;
use crate::query;
use crate::store::Store;

/// What every handler shares. Locks are never held across an `.await`, and when both are
/// needed the store is locked before the OAuth store.
pub struct Shared {
    pub args: Args,
    /// `http://host:port`, also the OAuth issuer.
    pub base_url: String,
    pub store: Mutex<Store>,
    pub oauth: Mutex<OAuthStore>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub faults: Faults,
    /// `--fault` modes.
    pub hostile: crate::hostile::Hostile,
    pub state_file: Option<StateFile>,
}

pub type App = Arc<Shared>;

impl Shared {
    /// The store, even if a panicking thread poisoned the lock (the data is still consistent:
    /// handlers validate before they mutate).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn oauth(&self) -> MutexGuard<'_, OAuthStore> {
        self.oauth.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every route the emulator serves.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/v1", any(api::handle))
        .route("/v1/{*rest}", any(api::handle))
        .route(
            "/.well-known/oauth-authorization-server",
            get(oauth::metadata::serve),
        )
        .route("/oauth/device/code", post(oauth::device::start))
        .route(
            "/oauth/device",
            get(oauth::device::page).post(oauth::device::decide),
        )
        .route(
            "/oauth/authorize",
            get(oauth::authorize::start).post(oauth::authorize::decide),
        )
        .route("/oauth/token", post(oauth::token::exchange))
        .route("/oauth/userinfo", get(oauth::userinfo::serve))
        .route("/oauth/revoke", post(oauth::token::revoke))
        .route("/service/{service}/run", post(query::run))
        .route("/__emulator/requests", get(log::list).delete(log::clear))
        .route(
            "/__emulator/udf-uploads/{id}",
            // The client uploads at most 256 MiB.
            put(api::udfs::receive_upload).layer(DefaultBodyLimit::max(257 * 1024 * 1024)),
        )
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), log::record))
        .with_state(app)
}

async fn not_found(uri: Uri) -> Response {
    failure(ApiError::new(
        StatusCode::NOT_FOUND,
        format!("No such endpoint: {}", uri.path()),
    ))
}
