//! Keeps two builds of the same output from running at the same time: a
//! lock file beside the output, holding the builder's process id and locked
//! by it (the system's file lock, which the system releases when the
//! process ends, however it ends: so a killed build's lock is known to be
//! stale on every system, without asking whether its process runs).
//!
//! Uses: error, output (`swap` for the checks that differ between systems),
//! swap.

use super::{beside, swap};
use crate::error::{display_path, Failure, Message};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A lock on building one output: a file beside the output holding the
/// builder's process id, locked while the build runs and removed when
/// dropped. A lock left by a process that no longer runs (a killed build)
/// is taken over.
pub struct Lock {
    path: PathBuf,
    /// The open lock file, locked; closing it releases the system's lock.
    file: Option<std::fs::File>,
}

/// Who holds an existing lock file.
enum Holder {
    /// A running build, by process id (`?` while it has not written it yet).
    Running(String),
    /// A build that no longer runs.
    Stale,
    /// Nobody: the lock was just removed.
    Gone,
}

/// How long an empty lock file counts as held: a build creates it, then
/// writes its process id.
const EMPTY_LOCK_GRACE: Duration = Duration::from_secs(10);

impl Lock {
    /// Takes the lock of `output`, after checking that the output folder (if
    /// there is one) and the folder that holds it can be written.
    pub fn acquire(output: &Path) -> Result<Lock, Failure> {
        let (path, parent) = beside(output, "lock");
        std::fs::create_dir_all(parent).map_err(|err| not_writable(parent, &err))?;
        check_writable(parent)?;
        if output.is_dir() {
            check_writable(output)?;
        }
        for _ in 0..3 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    // Locked before the process id is written: a file with
                    // an id and no lock is a build that ended.
                    let locked = file.try_lock().is_ok();
                    let _ = write!(file, "{}", std::process::id());
                    let file = locked.then_some(file);
                    return Ok(Lock { path, file });
                }
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                    match holder(&path) {
                        Holder::Running(pid) => return Err(locked(output, pid)),
                        Holder::Stale => {
                            let _ = std::fs::remove_file(&path);
                        }
                        Holder::Gone => {}
                    }
                }
                Err(err) => return Err(not_writable(parent, &err)),
            }
        }
        Err(locked(output, "?".to_string()))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closed first: Windows does not remove a file that is still open.
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the lock file at `path` is held by a build that runs.
fn holder(path: &Path) -> Holder {
    let Ok(modified) = std::fs::metadata(path).and_then(|meta| meta.modified()) else {
        return Holder::Gone;
    };
    let age = modified.elapsed().unwrap_or(Duration::MAX);
    // Windows keeps a locked file from being read: the id may be unknown.
    let pid = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok());
    let shown = || pid.map_or("?".to_string(), |pid| pid.to_string());
    match locked_by_another(path) {
        Some(true) => Holder::Running(shown()),
        // Not locked: a build that ended, or one that has only just created
        // the file (it locks it before writing its id).
        Some(false) if pid.is_some() => Holder::Stale,
        // No file lock on this file system: the process id tells, where the
        // system can say whether it runs.
        None if pid.is_some_and(swap::process_runs) => Holder::Running(shown()),
        None if pid.is_some() => Holder::Stale,
        _ if age < EMPTY_LOCK_GRACE => Holder::Running("?".to_string()),
        _ => Holder::Stale,
    }
}

/// Whether another process holds the system's lock on the file at `path`:
/// `None` where the file cannot be opened or the file system has no locks.
fn locked_by_another(path: &Path) -> Option<bool> {
    let file = std::fs::OpenOptions::new().write(true).open(path).ok()?;
    match file.try_lock() {
        Ok(()) => Some(false),
        Err(std::fs::TryLockError::WouldBlock) => Some(true),
        Err(std::fs::TryLockError::Error(_)) => None,
    }
}

/// Refuses a folder the build could not write into (permissions, a
/// read-only file system, an immutable folder), before any work is done.
fn check_writable(dir: &Path) -> Result<(), Failure> {
    swap::writable(dir).map_err(|err| not_writable(dir, &err))
}

fn locked(output: &Path, pid: String) -> Failure {
    Failure::Usage(
        Message::new("build_locked")
            .arg("output", display_path(output))
            .arg("pid", pid),
    )
}

fn not_writable(path: &Path, err: &std::io::Error) -> Failure {
    Failure::Io(
        Message::new("output_not_writable")
            .arg("path", display_path(path))
            .arg("error", err.to_string()),
    )
}
