//! One module per noun: each leaf command's exact requests, and its rendered output.

mod activity;
mod api;
mod backup;
mod invitation;
mod key;
mod member;
mod org;
mod role;
mod service;
