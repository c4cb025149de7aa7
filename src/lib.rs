//! `cloud`: a command-line tool for ClickHouse Cloud, safe by construction.
//!
//! Every command is classified [`access::Access::Read`] or `Write` at compile time,
//! the credential is resolved once with its source, and writes are refused before
//! any request unless the credential is an API key allowed to write.

pub mod access;
pub mod agent;
pub mod api;
pub mod app;
pub mod args;
pub mod cli;
pub mod commands;
pub mod credentials;
pub mod error;
pub mod notes;
pub mod oauth;
pub mod output;
pub mod redact;
pub mod sanitize;
pub mod shape;
pub mod state;

/// Settings types, kept at their old path; they live in [`state::config`].
pub use state::config;

pub use app::run;
