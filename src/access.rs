//! The read/write classification every command carries.
//!
//! Safety is decided before any request is sent: the dispatcher compares a command's
//! [`Access`] with what the resolved credential can do. Classification is a `match`
//! without wildcard arms in each noun's `mod.rs`, so a new command cannot compile
//! until someone decides whether it writes.

use serde::Serialize;

/// What a command needs from its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display, strum::EnumString)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Access {
    /// Only reads: any credential will do, OAuth logins included.
    Read,
    /// Changes something: needs an API key that is not clamped to read-only.
    Write,
}

/// Implemented by every subcommand enum, with an exhaustive `match` per enum.
pub trait Classified {
    fn access(&self) -> Access;
}

/// The OpenAPI `operationId`s a command may call, declared next to its [`Classified`]
/// impl with the same exhaustive `match`, so a new command does not compile until
/// someone lists what it sends. `cloud commands --json` prints them; a test checks that
/// each exists in the vendored spec and an end-to-end run checks that a command calls
/// nothing it did not declare. The lookup of an API key's role that every Write command
/// makes first is added by the catalog, not repeated here.
pub trait Operations {
    fn operations(&self) -> &'static [&'static str];
}
