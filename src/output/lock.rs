//! Keeps two builds of the same output from running at the same time: a
//! lock file beside the output, holding the builder's process id.
//!
//! Uses: error, output (`swap` for the checks that differ between systems),
//! swap.

use super::{beside, swap};
use crate::error::{display_path, Failure, Message};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A lock on building one output: a file beside the output holding the
/// builder's process id, removed when dropped. A lock left by a process that
/// no longer runs (a killed build) is taken over.
pub struct Lock(PathBuf);

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
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(Lock(path));
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
        let _ = std::fs::remove_file(&self.0);
    }
}

fn holder(path: &Path) -> Holder {
    let Ok(modified) = std::fs::metadata(path).and_then(|meta| meta.modified()) else {
        return Holder::Gone;
    };
    let age = modified.elapsed().unwrap_or(Duration::MAX);
    let pid = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok());
    match pid {
        Some(pid) if swap::process_runs(pid) => Holder::Running(pid.to_string()),
        Some(_) => Holder::Stale,
        None if age < EMPTY_LOCK_GRACE => Holder::Running("?".to_string()),
        None => Holder::Stale,
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
