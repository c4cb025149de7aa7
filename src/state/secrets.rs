//! Where secrets rest: the OS keyring when one answers, otherwise a 0600 file.
//!
//! Keyrings can prompt, hang, crash or be missing (CI, SSH, containers). Every keyring call
//! runs in a child process with a deadline, and "no keyring here" falls back to the file
//! with a one-line notice rather than failing the login.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Locked, Paths, StateError, Storage, files};

/// Set to `file` to skip the keyring (CI, tests, machines without one).
pub const STORE_ENV: &str = "CLOUD_CREDENTIAL_STORE";
const KEYRING_SERVICE: &str = "cloud (ClickHouse Cloud CLI)";
const KEYRING_DEADLINE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SecretStore {
    paths: Paths,
    file_only: bool,
}

/// The outcome of saving: where the secret went and, after a fallback, why.
#[derive(Debug)]
pub struct Saved {
    pub storage: Storage,
    pub fallback_reason: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretsFile {
    /// Secrets by account name, e.g. `api-key:default`.
    #[serde(default)]
    secrets: BTreeMap<String, String>,
}

impl SecretStore {
    pub fn new(paths: Paths) -> SecretStore {
        let file_only = std::env::var(STORE_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("file"));
        SecretStore { paths, file_only }
    }

    /// Skips the keyring on purpose (`--insecure-storage`, `insecure_storage = true`).
    pub fn file_only(mut self, file_only: bool) -> SecretStore {
        self.file_only |= file_only;
        self
    }

    fn file_only_reason(&self) -> String {
        if std::env::var(STORE_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("file")) {
            format!("{STORE_ENV}=file is set")
        } else {
            "file storage was chosen (--insecure-storage or insecure_storage = true)".into()
        }
    }

    pub fn file_path(&self) -> std::path::PathBuf {
        self.paths.credentials_file()
    }

    /// Stores a secret; the caller holds the state lock, so the file is re-read here
    /// and only this account's entry changes.
    pub async fn save(
        &self,
        locked: &Locked,
        account: &str,
        secret: &str,
    ) -> Result<Saved, StateError> {
        let fallback_reason = if self.file_only {
            self.file_only_reason()
        } else {
            match keyring_call(account, KeyringOp::Set(secret.to_owned())).await {
                Ok(_) => {
                    // A stale copy in the file would outlive a later logout of the keyring entry.
                    self.remove_from_file(locked, account)?;
                    return Ok(Saved {
                        storage: Storage::Keyring,
                        fallback_reason: None,
                    });
                }
                Err(reason) => reason,
            }
        };
        let mut file = self.read_file()?;
        file.secrets.insert(account.to_owned(), secret.to_owned());
        self.write_file(locked, &file)?;
        Ok(Saved {
            storage: Storage::File,
            fallback_reason: Some(fallback_reason),
        })
    }

    /// Reads a secret; no lock is needed, since the file is only ever replaced whole.
    pub async fn load(
        &self,
        account: &str,
        storage: Storage,
    ) -> Result<Option<String>, StateError> {
        match storage {
            Storage::File => Ok(self.read_file()?.secrets.get(account).cloned()),
            Storage::Keyring => keyring_call(account, KeyringOp::Get)
                .await
                .map_err(|reason| {
                    StateError::Keyring(format!("could not read the OS keyring: {reason}"))
                }),
        }
    }

    /// Removes the secret from both places; returns whether anything was removed.
    pub async fn delete(&self, locked: &Locked, account: &str) -> Result<bool, StateError> {
        let from_file = self.remove_from_file(locked, account)?;
        let from_keyring = if self.file_only {
            false
        } else {
            keyring_call(account, KeyringOp::Delete)
                .await
                .ok()
                .flatten()
                .is_some()
        };
        Ok(from_file || from_keyring)
    }

    /// Checks the file can be used (private, not a link, parses); for `auth status`.
    pub fn check_file(&self) -> Result<(), StateError> {
        self.read_file().map(|_| ())
    }

    fn remove_from_file(&self, locked: &Locked, account: &str) -> Result<bool, StateError> {
        let mut file = self.read_file()?;
        if file.secrets.remove(account).is_none() {
            return Ok(false);
        }
        if file.secrets.is_empty() {
            files::remove(&self.paths.credentials_file())?;
        } else {
            self.write_file(locked, &file)?;
        }
        Ok(true)
    }

    fn read_file(&self) -> Result<SecretsFile, StateError> {
        let path = self.paths.credentials_file();
        match files::read(&path, files::Kind::Secret)? {
            Some(text) => {
                toml::from_str(&text).map_err(|e| StateError::corrupt_toml(&path, &text, &e))
            }
            None => Ok(SecretsFile::default()),
        }
    }

    fn write_file(&self, _locked: &Locked, file: &SecretsFile) -> Result<(), StateError> {
        let text = toml::to_string(file).map_err(|e| StateError::Encode {
            what: "the credential file",
            detail: e.to_string(),
        })?;
        files::write(
            &self.paths.credentials_file(),
            text.as_bytes(),
            files::Kind::Secret,
        )
    }
}

enum KeyringOp {
    Get,
    Set(String),
    Delete,
}

/// Set, to the operation, in the environment of the process that makes one keyring call
/// ([`serve_keyring_call`]): `cloud` runs itself for each.
pub const KEYRING_HELPER_ENV: &str = "__CLOUD_KEYRING_CALL";

/// Runs one keyring operation with a deadline. `Ok(None)` means "no such entry";
/// `Err` carries a short reason for the notice or error message.
///
/// The call runs in a child process (this same binary, [`serve_keyring_call`]), so that a
/// keyring backend that crashes (release builds abort on a panic), hangs past the deadline
/// (the child is killed) or misbehaves never takes `cloud` down with it: `cloud` falls back
/// to the file, as when no keyring answers at all. The secret goes through pipes, never argv.
async fn keyring_call(account: &str, op: KeyringOp) -> Result<Option<String>, String> {
    use tokio::io::AsyncWriteExt;
    let (name, input) = match op {
        KeyringOp::Get => ("get", None),
        KeyringOp::Set(secret) => ("set", Some(secret)),
        KeyringOp::Delete => ("delete", None),
    };
    let failed = |e: std::io::Error| format!("the keyring call failed: {e}");
    let exe = std::env::current_exe().map_err(failed)?;
    let mut child = tokio::process::Command::new(exe)
        .arg(account)
        .env(KEYRING_HELPER_ENV, name)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(failed)?;
    let exchange = async move {
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(input.unwrap_or_default().as_bytes())
                .await?;
        }
        // Dropped on the deadline: the child is killed with it.
        child.wait_with_output().await
    };
    let output = match tokio::time::timeout(KEYRING_DEADLINE, exchange).await {
        Ok(output) => output.map_err(failed)?,
        Err(_) => {
            return Err(format!(
                "the OS keyring did not answer within {} s",
                KEYRING_DEADLINE.as_secs()
            ));
        }
    };
    answer(output.status, output.stdout)
}

/// What the child's exit status and stdout say: the secret read (or `Some("")` for a write
/// that worked), `None` for no such entry, or why the call failed.
fn answer(status: std::process::ExitStatus, stdout: Vec<u8>) -> Result<Option<String>, String> {
    if !status.success() {
        return Err(format!("the keyring call failed ({status})"));
    }
    let reply = String::from_utf8(stdout)
        .map_err(|_| "the keyring call failed: its answer was not text".to_owned())?;
    match reply.split_once('\n') {
        Some(("ok", value)) => Ok(Some(value.to_owned())),
        Some(("none", _)) => Ok(None),
        Some(("error", reason)) => Err(reason.to_owned()),
        _ => Err("the keyring call failed: it gave no answer".into()),
    }
}

/// The child's side of [`keyring_call`]: one operation (`get`, `set` with the secret on
/// stdin, `delete`) on the entry named by the first argument, answered on stdout as `ok`,
/// `none` or `error` on a line of its own, then the secret read or the reason.
pub fn serve_keyring_call(op: &std::ffi::OsStr) -> std::process::ExitCode {
    use std::io::{Read, Write};
    let account = std::env::args().nth(1).unwrap_or_default();
    let mut input = String::new();
    let outcome = match std::io::stdin().read_to_string(&mut input) {
        Err(e) => Err(format!("could not read the secret to store: {e}")),
        Ok(_) => platform_store()
            .and_then(|store| store.build(KEYRING_SERVICE, &account, None))
            .and_then(|entry| match op.to_str() {
                Some("get") => entry.get_password().map(Some),
                Some("set") => entry.set_password(&input).map(|()| Some(String::new())),
                Some("delete") => entry.delete_credential().map(|()| Some(String::new())),
                _ => Err(keyring_core::Error::Invalid(
                    KEYRING_HELPER_ENV.into(),
                    "unknown operation".into(),
                )),
            })
            .or_else(|e| match e {
                keyring_core::Error::NoEntry => Ok(None),
                e => Err(describe(&e)),
            }),
    };
    let reply = match outcome {
        Ok(Some(value)) => format!("ok\n{value}"),
        Ok(None) => "none\n".to_owned(),
        Err(reason) => format!("error\n{reason}"),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(reply.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::FAILURE,
    }
}

fn describe(error: &keyring_core::Error) -> String {
    match error {
        keyring_core::Error::NoStorageAccess(_) => {
            "the OS keyring is locked or refused access".into()
        }
        keyring_core::Error::PlatformFailure(_) | keyring_core::Error::NoDefaultStore => {
            "no OS keyring is available".into()
        }
        other => format!("the OS keyring failed: {other}"),
    }
}

type Store = Arc<keyring_core::api::CredentialStore>;

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn platform_store() -> keyring_core::Result<Store> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Store> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Store> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
)))]
fn platform_store() -> keyring_core::Result<Store> {
    Err(keyring_core::Error::NoDefaultStore)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn store(dir: &tempfile::TempDir) -> (Paths, SecretStore) {
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        (paths.clone(), SecretStore::new(paths).file_only(true))
    }

    fn run<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[cfg(unix)]
    #[test]
    fn a_keyring_call_that_crashes_or_says_nothing_is_a_failure_not_an_answer() {
        use std::os::unix::process::ExitStatusExt;
        let exited = |code: i32| std::process::ExitStatus::from_raw(code << 8);
        let ok = exited(0);
        let value = "line one\nline two ".to_owned();
        assert_eq!(answer(ok, format!("ok\n{value}").into()), Ok(Some(value)));
        assert_eq!(answer(ok, b"none\n".to_vec()), Ok(None));
        assert_eq!(
            answer(ok, b"error\nno OS keyring is available".to_vec()),
            Err("no OS keyring is available".into())
        );
        for (status, stdout) in [
            (
                std::process::ExitStatus::from_raw(6),
                b"ok\nsecret".to_vec(),
            ),
            (exited(101), Vec::new()),
            (ok, Vec::new()),
            (ok, b"ok".to_vec()),
            (ok, vec![b'o', b'k', b'\n', 0xff]),
        ] {
            let failed = answer(status, stdout).unwrap_err();
            assert!(failed.starts_with("the keyring call failed"), "{failed}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Whatever a secret holds (quotes, newlines, control characters, any Unicode), it
        /// comes back from the file exactly, and the other accounts' secrets are untouched.
        #[test]
        fn any_secret_round_trips_through_the_file(
            secrets in proptest::collection::btree_map("[a-z:]{1,12}", any::<String>(), 1..5),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let (paths, store) = store(&dir);
            let locked = paths.lock().unwrap();
            for (account, secret) in &secrets {
                run(store.save(&locked, account, secret)).unwrap();
            }
            for (account, secret) in &secrets {
                let loaded = run(store.load(account, Storage::File)).unwrap();
                prop_assert_eq!(loaded.as_deref(), Some(secret.as_str()));
            }
        }

        /// A damaged credentials file is an error naming the file, never a panic, and no
        /// write replaces it.
        #[test]
        fn a_damaged_file_is_an_error_and_stays_as_it_was(text in any::<String>()) {
            let dir = tempfile::tempdir().unwrap();
            let (paths, store) = store(&dir);
            files::write(&paths.credentials_file(), text.as_bytes(), files::Kind::Secret).unwrap();
            let locked = paths.lock().unwrap();
            match run(store.save(&locked, "api-key:x", "secret")) {
                Ok(_) => prop_assert!(toml::from_str::<SecretsFile>(&text).is_ok()),
                Err(error) => {
                    prop_assert!(matches!(error, StateError::Corrupt { .. }), "{}", error);
                    let on_disk = std::fs::read_to_string(paths.credentials_file()).unwrap();
                    prop_assert_eq!(on_disk, text);
                }
            }
        }
    }
}
