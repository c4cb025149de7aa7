//! The hot path of `cloud --json`, kept small and optimised for speed.
//!
//! A list of 10,000 services is a 12 MB reply. Printing it as JSON takes one pass over the
//! bytes and nothing more: [`transcode_result`] checks the whole body is valid JSON and, as it
//! goes, copies its `result` out, pretty or compact, with secrets redacted and terminal-unsafe
//! characters escaped. [`result_span`] only checks and finds `result`; [`result_fields`] reads
//! a list's columns for a table. None builds a tree or decodes a value it can pass over.

mod envelope;
mod inert;
mod transcode;

pub use envelope::{NotVouched, Rows, result_fields, result_span};
pub use inert::{Inert, REDACTED, is_unsafe, plain_ascii};
pub use transcode::{transcode, transcode_result};
