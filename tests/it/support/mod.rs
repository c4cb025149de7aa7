//! Shared test harness.

pub mod api;
pub mod cli;
pub mod emulator;
pub mod spec;

pub use api::*;
pub use cli::*;
