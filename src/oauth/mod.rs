//! OAuth logins: read-only by design. ClickHouse Cloud refuses any change made with an
//! OAuth token, and `cloud` refuses it first, before sending anything.

pub mod browser;
pub mod endpoints;
pub mod flows;
pub mod http;
pub mod identity;
mod loopback;
pub mod tokens;

pub use endpoints::Endpoints;
