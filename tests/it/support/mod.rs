//! Shared test harness.

pub mod api;
pub mod cli;
pub mod clickhouse;
pub mod emulator;
pub mod spec;

pub use api::*;
pub use cli::*;
