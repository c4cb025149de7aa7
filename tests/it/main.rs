//! The one integration-test binary (one link step instead of many on a 2-core box).
//! Each module drives the built `cloud` binary: against `wiremock` for exact request
//! shapes, and without any server for parsing, help and local behaviour.

mod support;

mod bad_input;
mod classification;
mod commands;
mod confirm;
mod contract;
mod coverage;
mod credentials;
mod dry_run;
mod e2e;
mod e2e_clickpipe;
mod e2e_postgres;
mod e2e_service_config;
mod e2e_sql;
mod emulator;
mod fidelity;
mod help;
mod hostile;
mod layers;
mod man;
mod oauth;
mod quiet_color;
mod responses;
mod schema;
mod shaping;
mod state;
mod tables;
mod wait;
