//! The state `cloud` keeps on disk, and the one way to change it.
//!
//! Three kinds of state live in the configuration directory: settings (`config.toml`),
//! secrets (the OS keyring, or `credentials.toml`) and OAuth tokens (stored as secrets).
//! Reading needs no lock: every file is replaced atomically, so a reader sees a whole
//! old file or a whole new one. Every change goes through [`Locked`], which holds
//! `state.lock` across processes, re-reads what it changes, and writes atomically; so
//! twenty parallel logins keep twenty contexts.
//!
//! Lock order: an OAuth refresh takes its context's refresh lock first and the state lock
//! only to save, briefly. Nothing takes a refresh lock while holding the state lock, so
//! the two cannot deadlock.
//!
//! This module is the bottom layer: it imports nothing from the rest of `cloud`, and its
//! [`StateError`] is mapped to exit codes at the top (`crate::error`).

pub mod config;
pub mod files;
pub mod lock;
pub mod roles;
pub mod secrets;
pub mod tokens;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use config::{Config, ContextConfig, Storage, StoredApiKey, StoredOAuth};
pub use lock::FileLock;
pub use secrets::SecretStore;

pub const CONFIG_DIR_ENV: &str = "CLOUD_CONFIG_DIR";

/// How long a writer waits for another to finish before giving up.
const STATE_LOCK_WAIT: Duration = Duration::from_secs(15);

/// Where the CLI keeps its files: the platform config directory, or `CLOUD_CONFIG_DIR`.
#[derive(Debug, Clone)]
pub struct Paths {
    pub dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Result<Paths, StateError> {
        if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
            return Ok(Paths { dir: dir.into() });
        }
        let dirs = directories::ProjectDirs::from("com", "ClickHouse", "cloud")
            .ok_or(StateError::NoHome)?;
        Ok(Paths {
            dir: dirs.config_dir().to_path_buf(),
        })
    }

    pub fn config_file(&self) -> PathBuf {
        self.dir.join("config.toml")
    }

    pub fn credentials_file(&self) -> PathBuf {
        self.dir.join("credentials.toml")
    }

    pub fn lock_file(&self) -> PathBuf {
        self.dir.join("state.lock")
    }

    /// Held while one process refreshes a context's OAuth tokens (see the lock order above).
    pub fn refresh_lock_file(&self, context: &str) -> PathBuf {
        self.dir.join(format!("oauth-refresh-{context}.lock"))
    }

    /// Where a `--no-input` login waits for `--complete`; it holds the device code.
    pub fn pending_login_file(&self, context: &str) -> PathBuf {
        self.dir.join(format!("pending-login-{context}.json"))
    }

    /// Takes the state lock; every change to the files goes through the returned handle.
    pub fn lock(&self) -> Result<Locked, StateError> {
        let lock = FileLock::acquire(&self.lock_file(), STATE_LOCK_WAIT)?;
        files::remove_stale_temps(&self.dir);
        Ok(Locked {
            paths: self.clone(),
            _lock: lock,
        })
    }
}

/// Proof that this process holds the state lock. Methods that change files take it.
#[derive(Debug)]
pub struct Locked {
    paths: Paths,
    _lock: FileLock,
}

impl Locked {
    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Re-reads `config.toml`, applies `change`, and writes it back if anything changed.
    pub fn update_config<T>(&self, change: impl FnOnce(&mut Config) -> T) -> Result<T, StateError> {
        let mut config = Config::load(&self.paths)?;
        let before = config.clone();
        let outcome = change(&mut config);
        if config != before {
            config.save(self)?;
        }
        Ok(outcome)
    }

    /// Writes a private file (a pending login) under the lock.
    pub fn write_private(&self, path: &Path, contents: &[u8]) -> Result<(), StateError> {
        files::write(path, contents, files::Kind::Secret)
    }

    pub fn remove(&self, path: &Path) -> Result<bool, StateError> {
        files::remove(path)
    }

    /// Moves a file (a pending login, when its context is renamed); false if there was none.
    pub fn rename(&self, from: &Path, to: &Path) -> Result<bool, StateError> {
        match std::fs::rename(from, to) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(StateError::io("move", from, e)),
        }
    }
}

/// What can go wrong with the files; each names the file and how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "{} is locked by another cloud process{}; gave up after {:.0?}. \
         Wait for it to finish (a lock is released when its process exits) and run the command again",
        path.display(),
        pid.map(|p| format!(" (pid {p})")).unwrap_or_default(),
        waited
    )]
    Locked {
        path: PathBuf,
        pid: Option<u32>,
        waited: Duration,
    },

    #[error("could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{} is corrupt{}: {detail}. Fix the file, or move it aside and log in again; \
         cloud will not overwrite it",
        path.display(),
        line.map(|l| format!(" at line {l}")).unwrap_or_default()
    )]
    Corrupt {
        path: PathBuf,
        line: Option<usize>,
        detail: String,
    },

    #[error(
        "{} can be read by other users (mode {mode:03o}); cloud will not use secrets others can read. \
         Fix it with: chmod 600 {}",
        path.display(),
        path.display()
    )]
    Permissions { path: PathBuf, mode: u32 },

    #[error(
        "{} is a symbolic link{}; cloud keeps secrets only in a regular file it owns. \
         Remove the link (its target keeps whatever it holds) and log in again",
        path.display(),
        target.as_ref().map(|t| format!(" to {}", t.display())).unwrap_or_default()
    )]
    Symlink {
        path: PathBuf,
        target: Option<PathBuf>,
    },

    #[error("{0}")]
    Keyring(String),

    #[error("could not encode {what}: {detail}")]
    Encode { what: &'static str, detail: String },

    #[error("could not find a home directory for the configuration; set {CONFIG_DIR_ENV}")]
    NoHome,
}

impl StateError {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> StateError {
        StateError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }

    /// A TOML parse error, with the line it points at.
    pub fn corrupt_toml(path: &Path, text: &str, error: &toml::de::Error) -> StateError {
        let line = error.span().map(|span| {
            text.as_bytes()[..span.start.min(text.len())]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        });
        StateError::Corrupt {
            path: path.to_owned(),
            line,
            detail: error.message().trim().to_owned(),
        }
    }
}
