//! `cloud-emulator`: a local, stateful emulation of the ClickHouse Cloud API (v1) and of its
//! OAuth 2 authorization server, for developing and testing `cloud` without a cloud account.
//!
//! Startup contract (relied on by scripts and the test harness): stdout's first line is the
//! base URL, then one `export CLICKHOUSE_CLOUD_API_KEY=... CLICKHOUSE_CLOUD_API_SECRET=...  # ...`
//! line per seeded key, then `export CLOUD_QUERY_URL=...  # Query API (SQL)`, then an empty
//! line. Everything else goes to stderr.

mod api;
mod app;
mod auth;
mod bulk;
mod clock;
mod config;
mod envelope;
mod faults;
mod form;
mod hashing;
mod hostile;
mod ids;
mod log;
mod model;
mod oauth;
mod persist;
mod query;
mod roles;
mod schemas;
mod seed;
mod store;
mod validate;

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;

use crate::app::Shared;
use crate::config::Args;
use crate::faults::Faults;
use crate::oauth::store::OAuthStore;
use crate::persist::StateFile;
use crate::roles::SystemRole;
use crate::seed::{SEED_ORGS, SeedKey};
use crate::store::Store;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cloud-emulator: error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let state_file = args.state.clone().map(StateFile::new);
    let store = initial_store(&args, state_file.as_ref())?;

    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    let base_url = base_url(address);
    let shutdown = shutdown_signal()?;

    announce(&base_url, &store, &args, state_file.as_ref());

    let app = Arc::new(Shared {
        faults: Faults::new(
            Duration::from_millis(args.latency_ms),
            args.fail_rate,
            args.rate_limit,
        ),
        hostile: hostile::Hostile::new(args.faults.clone()),
        args,
        base_url,
        store: Mutex::new(store),
        oauth: Mutex::new(OAuthStore::default()),
        requests: Mutex::new(Vec::new()),
        state_file,
    });
    axum::serve(listener, app::router(app))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| format!("server error: {e}"))?;
    eprintln!("cloud-emulator: stopped");
    Ok(())
}

/// The saved state if `--state` names an existing file, else the seed (saved at once, so an
/// unwritable path fails at startup rather than on the first change).
fn initial_store(args: &Args, state_file: Option<&StateFile>) -> Result<Store, String> {
    if let Some(file) = state_file {
        if let Some(store) = file.load()? {
            return Ok(store);
        }
        let store = seeded(args);
        file.save(&store)?;
        return Ok(store);
    }
    Ok(seeded(args))
}

/// The seed for `--orgs`, with `--seed-services` more services in Demo Org.
fn seeded(args: &Args) -> Store {
    let mut store = seed::store(usize::from(args.orgs));
    if args.seed_services > 0 {
        let demo = &mut store.orgs[0];
        let more = bulk::services(&demo.services[0], args.seed_services);
        demo.services.extend(more);
    }
    store
}

/// `http://host:port`, with a wildcard listen address replaced by loopback so the URL works.
fn base_url(mut address: SocketAddr) -> String {
    if address.ip().is_unspecified() {
        address.set_ip(match address {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{address}")
}

/// Prints the startup contract to stdout (flushed) and human notes to stderr.
fn announce(base_url: &str, store: &Store, args: &Args, state_file: Option<&StateFile>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{base_url}");
    for org in &store.orgs {
        let Some(seed) = SEED_ORGS.iter().find(|s| s.id == org.id()) else {
            continue;
        };
        for key in [&seed.admin_key, &seed.developer_key] {
            if org.keys.iter().any(|record| record.key.id == key.id) {
                let _ = writeln!(out, "{}", export_line(key, &org.organization.name));
            }
        }
    }
    // The Query API shares the listener: the same URL serves SQL.
    let _ = writeln!(out, "export CLOUD_QUERY_URL={base_url}  # Query API (SQL)");
    let _ = writeln!(out);
    let _ = out.flush();

    let state = match state_file {
        Some(file) => format!("state in {}", file.path().display()),
        None => "state in memory".into(),
    };
    eprintln!(
        "cloud-emulator: listening on {base_url} ({} organization(s), {state}, transitions {} ms)",
        store.orgs.len(),
        args.transition_ms
    );
    eprintln!(
        "cloud-emulator: OAuth metadata at {base_url}/.well-known/oauth-authorization-server"
    );
    match &args.clickhouse_url {
        Some(clickhouse) => eprintln!(
            "cloud-emulator: Query API (SQL) at {base_url}/service/{{id}}/run (CLOUD_QUERY_URL={base_url}), run by ClickHouse at {clickhouse}"
        ),
        None => eprintln!(
            "cloud-emulator: Query API (SQL) at {base_url}/service/{{id}}/run (CLOUD_QUERY_URL={base_url}) answers 503 until started with --clickhouse-url URL"
        ),
    }
    eprintln!("cloud-emulator: press Ctrl-C (or send SIGTERM) to stop");
}

/// `export CLICKHOUSE_CLOUD_API_KEY=... CLICKHOUSE_CLOUD_API_SECRET=...  # admin (read/write), Demo Org`
fn export_line(key: &SeedKey, org_name: &str) -> String {
    let role = match key.role {
        SystemRole::Admin => "admin (read/write)",
        SystemRole::Developer => "developer (read-only)",
    };
    format!(
        "export CLICKHOUSE_CLOUD_API_KEY={} CLICKHOUSE_CLOUD_API_SECRET={}  # {role}, {org_name}",
        key.key_id, key.secret
    )
}

/// Registers SIGINT/SIGTERM handlers now (before the startup lines are printed, so a signal
/// sent right after them is never missed) and resolves when one arrives.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl Future<Output = ()>, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let register = |kind: SignalKind| {
        signal(kind).map_err(|e| format!("cannot install a signal handler: {e}"))
    };
    let mut terminate = register(SignalKind::terminate())?;
    let mut interrupt = register(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl Future<Output = ()>, String> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
