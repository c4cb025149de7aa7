//! Files that may hold a secret: written atomically, never through a symbolic link, and
//! refused when other users can read them (as ssh refuses a private key).
//!
//! A write goes to a 0600 temporary file in the same directory, is flushed to disk, renamed
//! over the target, and the directory is flushed too, so a crash leaves the old file or the
//! new one, never half of either. The temporary file is removed on every error path; one left
//! by a process killed mid-write is removed by the next writer holding the state lock.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::StateError;

/// Whether a file may hold secrets: then it must be private and not a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `credentials.toml`, a pending login: refused when shared or symlinked.
    Secret,
    /// `config.toml`: no secrets, so a symlink (dotfile managers) is written through.
    Settings,
}

/// Suffix of every temporary file; [`remove_stale_temps`] looks for it.
const TEMP_SUFFIX: &str = ".tmp";

/// Reads a file; `None` when it does not exist. Secret files are checked first.
pub fn read(path: &Path, kind: Kind) -> Result<Option<String>, StateError> {
    if kind == Kind::Secret && !check_secret_file(path)? {
        return Ok(None);
    }
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StateError::io("read", path, e)),
    }
}

/// Refuses a secret file that is a symbolic link or that others may read.
/// Returns whether the file exists.
pub fn check_secret_file(path: &Path) -> Result<bool, StateError> {
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(StateError::io("inspect", path, e)),
    };
    if metadata.file_type().is_symlink() {
        return Err(StateError::Symlink {
            path: path.to_owned(),
            target: fs::read_link(path).ok(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(StateError::Permissions {
                path: path.to_owned(),
                mode,
            });
        }
    }
    Ok(true)
}

/// Replaces `path` with `contents` atomically, as a 0600 file.
pub fn write(path: &Path, contents: &[u8], kind: Kind) -> Result<(), StateError> {
    let target = match kind {
        Kind::Secret => {
            // Refuse to replace a symlink (its target would keep the old secret) and
            // say so rather than silently dropping an existing file's protection.
            check_secret_file(path)?;
            path.to_owned()
        }
        Kind::Settings => resolve_symlink(path)?,
    };
    let dir = parent(&target);
    create_private_dir(dir)?;
    let temp = TempFile::create(dir, &target)?;
    temp.fill(contents)?;
    pause_for_tests();
    temp.commit(&target)?;
    sync_dir(dir);
    Ok(())
}

/// Removes a file; returns whether it was there.
pub fn remove(path: &Path) -> Result<bool, StateError> {
    match fs::remove_file(path) {
        Ok(()) => {
            sync_dir(parent(path));
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StateError::io("remove", path, e)),
    }
}

/// Removes temporary files left in `dir` by a writer that died mid-save. Only called
/// under the state lock, when no other writer can have one open; returns how many went.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
        })
        .filter(|entry| fs::remove_file(entry.path()).is_ok())
        .count()
}

/// Creates the configuration directory, private to the user.
pub fn create_private_dir(dir: &Path) -> Result<(), StateError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| StateError::io("create the directory", dir, e))
}

/// Opens (creating) a 0600 file for a lock; it never holds anything but a pid.
pub fn open_lock_file(path: &Path) -> Result<fs::File, StateError> {
    create_private_dir(parent(path))?;
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .map_err(|e| StateError::io("open the lock file", path, e))
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// The real file behind a symlinked settings file, so the link survives the write.
fn resolve_symlink(path: &Path) -> Result<PathBuf, StateError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| StateError::io("follow the link", path, e))
        }
        Ok(_) | Err(_) => Ok(path.to_owned()),
    }
}

/// A temporary file that removes itself unless committed, whatever path the error takes.
struct TempFile {
    path: PathBuf,
    file: Option<fs::File>,
}

impl TempFile {
    fn create(dir: &Path, target: &Path) -> Result<TempFile, StateError> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path = dir.join(format!(
            ".{name}.{}.{nanos}{TEMP_SUFFIX}",
            std::process::id()
        ));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&path)
            .map_err(|e| StateError::io("create", &path, e))?;
        Ok(TempFile {
            path,
            file: Some(file),
        })
    }

    fn fill(&self, contents: &[u8]) -> Result<(), StateError> {
        let Some(mut file) = self.file.as_ref() else {
            return Ok(());
        };
        file.write_all(contents)
            .and_then(|()| file.sync_all())
            .map_err(|e| StateError::io("write", &self.path, e))
    }

    fn commit(mut self, target: &Path) -> Result<(), StateError> {
        drop(self.file.take());
        fs::rename(&self.path, target).map_err(|e| StateError::io("replace", target, e))?;
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Makes a rename durable: without it a crash can forget the new directory entry.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Debug builds only: `CLOUD_TEST_PAUSE_BEFORE_RENAME_MS` holds a written temporary file
/// before the rename, so tests can kill a writer mid-save. Release builds ignore it.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("CLOUD_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn secret_files_are_0600_replace_atomically_and_leave_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("secret.toml");
        write(&path, b"one", Kind::Secret).unwrap();
        write(&path, b"two", Kind::Secret).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        #[cfg(unix)]
        {
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
        let left: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_failed_write_removes_its_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory, so the rename fails after the temp file was written.
        let target = dir.path().join("credentials.toml");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("x"), "keep the directory non-empty").unwrap();
        assert!(write(&target, b"secret", Kind::Settings).is_err());
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["credentials.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_secret_files_are_refused_and_settings_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.toml");
        fs::write(&elsewhere, "").unwrap();
        let link = dir.path().join("credentials.toml");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let err = write(&link, b"s", Kind::Secret).unwrap_err();
        assert!(matches!(err, StateError::Symlink { .. }), "{err}");
        assert!(read(&link, Kind::Secret).is_err());

        write(&link, b"settings", Kind::Settings).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "settings");
    }

    #[cfg(unix)]
    #[test]
    fn shared_secret_files_are_refused_with_the_chmod_that_fixes_them() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        fs::write(&path, "").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = read(&path, Kind::Secret).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("chmod 600 {}", path.display())),
            "{err}"
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read(&path, Kind::Secret).unwrap().as_deref(), Some(""));
    }

    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".credentials.toml.99.1.tmp"), "secret").unwrap();
        fs::write(dir.path().join("config.toml"), "").unwrap();
        assert_eq!(remove_stale_temps(dir.path()), 1);
        assert!(dir.path().join("config.toml").exists());
    }
}
