//! Cross-process locks on the state directory.
//!
//! An advisory `flock`-style lock (std's `File::lock`), released by the kernel when its
//! holder exits however it exits, so a killed process never leaves a stale lock. The holder
//! writes its pid into the file, so a waiter that gives up can say who holds it.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{StateError, files};

/// Overrides how long to wait for a lock, in seconds (fractions allowed).
pub const LOCK_WAIT_ENV: &str = "CLOUD_LOCK_WAIT";

/// Held until dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
    path: PathBuf,
}

impl FileLock {
    /// Takes the lock at `path`, waiting at most `wait` (or [`LOCK_WAIT_ENV`]).
    pub fn acquire(path: &Path, wait: Duration) -> Result<FileLock, StateError> {
        let wait = wait_override().unwrap_or(wait);
        let mut file = files::open_lock_file(path)?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StateError::Locked {
                        path: path.to_owned(),
                        pid: holder(&mut file),
                        waited: wait,
                    });
                }
                Err(TryLockError::Error(e)) => {
                    return Err(StateError::io("lock", path, e));
                }
            }
        }
        // Best effort: the pid only improves a waiter's message.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| write!(file, "{}", std::process::id()));
        Ok(FileLock {
            _file: file,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

fn wait_override() -> Option<Duration> {
    std::env::var(LOCK_WAIT_ENV)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_times_out_naming_the_file_and_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.lock");
        let held = FileLock::acquire(&path, Duration::from_secs(1)).unwrap();
        let err = FileLock::acquire(&path, Duration::from_millis(50)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(
            text.contains(&format!("pid {}", std::process::id())),
            "{text}"
        );
        drop(held);
        FileLock::acquire(&path, Duration::from_millis(50)).unwrap();
    }
}
