//! One module per noun: each leaf command's exact requests, and its rendered output.

mod activity;
mod api;
mod backup;
mod byoc;
mod clickpipe;
mod clickpipe_create;
pub mod clickstack;
mod config;
mod context;
mod invitation;
mod key;
mod lookup;
mod member;
mod org;
mod postgres;
mod role;
mod service;
mod service_config;
mod sql;
mod udf;
