//! The CLI's own settings: named contexts, each with its API URL and stored API key.
//!
//! `config.toml` never holds a secret; secrets live in the OS keyring or, when none
//! is reachable, in `credentials.toml` (mode 0600). Both sit in the platform config
//! directory, or in `CLOUD_CONFIG_DIR` when set (tests and portable setups).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

pub const CONFIG_DIR_ENV: &str = "CLOUD_CONFIG_DIR";
pub const DEFAULT_CONTEXT: &str = "default";

/// Where the CLI keeps its files.
#[derive(Debug, Clone)]
pub struct Paths {
    pub dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Result<Paths> {
        if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
            return Ok(Paths { dir: dir.into() });
        }
        let dirs = directories::ProjectDirs::from("com", "ClickHouse", "cloud").context(
            "could not find a home directory for the configuration; set CLOUD_CONFIG_DIR",
        )?;
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
}

/// Where a stored secret lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Storage {
    Keyring,
    File,
}

/// Settings this version does not know (written by a newer one) are kept as they are,
/// so saving never loses them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_context: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contexts: BTreeMap<String, ContextConfig>,
    #[serde(flatten)]
    pub unknown: toml::Table,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextConfig {
    /// API URL for this context, used when neither `--api-url` nor `CLOUD_API_URL` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    /// Clamp every credential of this context to read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<StoredApiKey>,
    /// Store secrets of this context in the 0600 file, never the keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_storage: Option<bool>,
    /// OAuth client id, issuer and audience, when not the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<StoredOAuth>,
    /// HTTP limits, as the flags take them: `"10s"`, `"2m"`, `"64MiB"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_response_size: Option<String>,
    #[serde(flatten)]
    pub unknown: toml::Table,
}

/// The public half of a stored OAuth login; the tokens are in [`Storage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredOAuth {
    pub issuer: String,
    /// Tokens are only sent to the API they were obtained for.
    pub api_url: String,
    pub storage: Storage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl StoredOAuth {
    /// The user's email, else the subject: never an opaque id alone when an email exists.
    pub fn identity(&self) -> String {
        self.email
            .clone()
            .or_else(|| self.subject.clone())
            .unwrap_or_else(|| "unknown user".into())
    }
}

/// The public half of a stored API key; the secret is in [`Storage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredApiKey {
    pub key_id: String,
    /// The API the key was verified against. The key is only ever sent there, so a
    /// later `--api-url` pointing elsewhere cannot leak it.
    pub api_url: String,
    pub storage: Storage,
}

impl Config {
    /// Reads `config.toml`; a missing file is an empty configuration.
    pub fn load(paths: &Paths) -> Result<Config> {
        let path = paths.config_file();
        match fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).with_context(|| {
                format!(
                    "{} is not a valid cloud configuration; fix or remove it",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(e).with_context(|| format!("could not read {}", path.display())),
        }
    }

    pub fn save(&self, paths: &Paths) -> Result<()> {
        let text = toml::to_string_pretty(self).context("could not encode the configuration")?;
        write_private_file(&paths.config_file(), text.as_bytes())
    }

    pub fn context(&self, name: &str) -> Option<&ContextConfig> {
        self.contexts.get(name)
    }

    pub fn context_mut(&mut self, name: &str) -> &mut ContextConfig {
        self.contexts.entry(name.to_owned()).or_default()
    }
}

/// Writes `contents` to `path` atomically with mode 0600: a temporary file in the same
/// directory, flushed to disk, then renamed over the target. Readers see the old file
/// or the new one, never half of either. The directory is created with mode 0700.
pub fn write_private_file(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    create_private_dir(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = private_options().open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(|| format!("could not write {}", path.display()))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("could not create {}", dir.display()))
}

fn private_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_0600_and_replace_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("secret.toml");
        write_private_file(&path, b"one").unwrap();
        write_private_file(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            let dir_mode = fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dir_mode & 0o777, 0o700);
        }
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn settings_from_a_newer_version_survive_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        std::fs::write(
            paths.config_file(),
            "future_setting = 1\n[contexts.default]\napi_url = \"http://x\"\nfuture_flag = true\n",
        )
        .unwrap();
        let config = Config::load(&paths).unwrap();
        config.save(&paths).unwrap();
        let text = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(text.contains("future_setting = 1"), "{text}");
        assert!(text.contains("future_flag = true"), "{text}");
    }

    #[test]
    fn config_round_trips_through_toml() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        let mut config = Config::default();
        config.context_mut("ci").api_key = Some(StoredApiKey {
            key_id: "abc".into(),
            api_url: "http://127.0.0.1:1".into(),
            storage: Storage::File,
        });
        config.save(&paths).unwrap();
        assert_eq!(Config::load(&paths).unwrap(), config);
    }
}
