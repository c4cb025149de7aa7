//! Shared test harness.

pub mod api;
pub mod cli;

pub use api::*;
pub use cli::*;
