//! The hot path of `cloud --json`, kept small and optimised for speed.
//!
//! A list of 10,000 services is a 12 MB reply. Printing it as JSON takes two passes over the
//! bytes and nothing more: [`result_span`] checks the whole body is valid JSON and finds
//! where its `result` lies, and [`transcode`] copies that span out, pretty or compact, with
//! secrets redacted and terminal-unsafe characters escaped. Neither builds a tree or decodes
//! a value it can pass over.

mod envelope;
mod inert;
mod transcode;

pub use envelope::{NotVouched, Rows, result_fields, result_span};
pub use inert::{Inert, REDACTED, is_unsafe, plain_ascii};
pub use transcode::transcode;
