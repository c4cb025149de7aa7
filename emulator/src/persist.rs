//! `--state FILE`: load at start, save after every change. Saves are atomic (temp file in the
//! same directory, fsync, rename) so a crash never leaves a half-written file behind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::{FORMAT_VERSION, Store};

/// Where state is saved.
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved state, `None` when the file does not exist yet. Errors name the file.
    pub fn load(&self) -> Result<Option<Store>, String> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "cannot read state file {}: {e}",
                    self.path.display()
                ));
            }
        };
        let store: Store = serde_json::from_str(&text).map_err(|e| {
            format!(
                "state file {} is not a valid emulator state ({e}); fix or delete it",
                self.path.display()
            )
        })?;
        if store.format_version != FORMAT_VERSION {
            return Err(format!(
                "state file {} has format version {}, this emulator reads version {FORMAT_VERSION}; delete it",
                self.path.display(),
                store.format_version
            ));
        }
        Ok(Some(store))
    }

    /// Writes `store` atomically.
    pub fn save(&self, store: &Store) -> Result<(), String> {
        let json =
            serde_json::to_vec_pretty(store).map_err(|e| format!("cannot serialize state: {e}"))?;
        self.write_atomically(&json)
            .map_err(|e| format!("cannot write state file {}: {e}", self.path.display()))
    }

    fn write_atomically(&self, bytes: &[u8]) -> io::Result<()> {
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "state".into());
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = fs::File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&temp, &self.path)?;
            // Make the rename itself durable (best effort: not every platform can open a directory).
            if let Ok(dir) = fs::File::open(&dir) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }
}
