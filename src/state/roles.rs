//! `key-roles.toml`: the roles learnt for API keys, kept a few minutes so that a run of
//! write commands asks the API once.
//!
//! An entry holds the API URL, the key id (public: it is in `config.toml` too), the role
//! and when it was learnt; never a secret. It is a cache: a file that cannot be read is
//! treated as empty and replaced by the next writer, under the state lock like every file.

use serde::{Deserialize, Serialize};

use super::{Locked, Paths, StateError, files};

/// How long a learnt role is believed.
pub const ROLE_CACHE_TTL_SECONDS: i64 = 600;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCache {
    #[serde(default)]
    pub keys: Vec<CachedRole>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedRole {
    pub api_url: String,
    pub key_id: String,
    /// The role names, as the API gave them.
    pub role: String,
    /// Whether the role may write; absent when `cloud` cannot tell (custom roles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writes: Option<bool>,
    /// Unix seconds.
    pub checked_at: i64,
}

/// Unix seconds now.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl CachedRole {
    fn fresh(&self, now: i64) -> bool {
        self.checked_at <= now && now - self.checked_at < ROLE_CACHE_TTL_SECONDS
    }
}

impl Paths {
    pub fn role_cache_file(&self) -> std::path::PathBuf {
        self.dir.join("key-roles.toml")
    }
}

fn load(paths: &Paths) -> RoleCache {
    files::read(&paths.role_cache_file(), files::Kind::Settings)
        .ok()
        .flatten()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default()
}

/// The role learnt for `key_id` at `api_url` less than [`ROLE_CACHE_TTL_SECONDS`] ago.
pub fn cached_role(paths: &Paths, api_url: &str, key_id: &str, now: i64) -> Option<CachedRole> {
    load(paths)
        .keys
        .into_iter()
        .find(|e| e.api_url == api_url && e.key_id == key_id && e.fresh(now))
}

impl Locked {
    /// Records a learnt role, replacing the key's previous entry and dropping stale ones.
    pub fn cache_role(&self, entry: CachedRole, now: i64) -> Result<(), StateError> {
        let mut cache = load(self.paths());
        cache
            .keys
            .retain(|e| e.fresh(now) && !(e.api_url == entry.api_url && e.key_id == entry.key_id));
        cache.keys.push(entry);
        let text = toml::to_string_pretty(&cache).map_err(|e| StateError::Encode {
            what: "the key role cache",
            detail: e.to_string(),
        })?;
        files::write(
            &self.paths().role_cache_file(),
            text.as_bytes(),
            files::Kind::Settings,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_is_kept_for_ten_minutes_per_key_and_api() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            dir: dir.path().to_path_buf(),
        };
        let entry = CachedRole {
            api_url: "https://api.example.test".into(),
            key_id: "k1".into(),
            role: "Developer".into(),
            writes: Some(false),
            checked_at: 1_000,
        };
        paths
            .lock()
            .unwrap()
            .cache_role(entry.clone(), 1_000)
            .unwrap();
        assert_eq!(
            cached_role(&paths, &entry.api_url, "k1", 1_300),
            Some(entry.clone())
        );
        assert_eq!(cached_role(&paths, &entry.api_url, "k1", 1_600), None);
        assert_eq!(cached_role(&paths, "https://other.test", "k1", 1_300), None);
        assert_eq!(cached_role(&paths, &entry.api_url, "k2", 1_300), None);
        std::fs::write(paths.role_cache_file(), "not [toml").unwrap();
        assert_eq!(cached_role(&paths, &entry.api_url, "k1", 1_300), None);
        paths
            .lock()
            .unwrap()
            .cache_role(entry.clone(), 1_000)
            .unwrap();
        assert!(cached_role(&paths, &entry.api_url, "k1", 1_300).is_some());
    }
}
