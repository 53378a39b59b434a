//! Replaces the output with the staging folder, in one step where the
//! system can (Linux's `renameat2` with `RENAME_EXCHANGE`), else by moving
//! the previous output aside first. The only file of the crate with code
//! for one system: the other checks that differ between systems (whether a
//! folder can be written, whether a process runs) are here too, each with a
//! portable fallback.
//!
//! Uses: error.

use crate::error::Failure;
use std::path::{Path, PathBuf};

/// Puts the folder `staged` in the place of `output`. Returns where the
/// previous output now is, for the caller to remove; on failure, `output`
/// is as it was.
pub(super) fn replace(staged: &Path, output: &Path) -> Result<Option<PathBuf>, Failure> {
    let aside = aside_of(staged);
    if aside.exists() {
        std::fs::remove_dir_all(&aside).map_err(|err| Failure::io(&aside, &err))?;
    }
    if !output.exists() {
        std::fs::rename(staged, output).map_err(|err| Failure::io(output, &err))?;
        return Ok(None);
    }
    if exchange(staged, output) {
        // The staging folder's name now holds the previous output.
        return Ok(Some(staged.to_path_buf()));
    }
    std::fs::rename(output, &aside).map_err(|err| Failure::io(output, &err))?;
    if let Err(err) = std::fs::rename(staged, output) {
        let _ = std::fs::rename(&aside, output);
        return Err(Failure::io(output, &err));
    }
    Ok(Some(aside))
}

/// Where the previous output is moved while the staging folder takes its
/// place, where the two cannot be swapped in one step.
fn aside_of(staged: &Path) -> PathBuf {
    let name = staged
        .file_name()
        .map_or("x".into(), |name| name.to_string_lossy().to_string());
    staged.with_file_name(format!("{name}.old"))
}

/// Swaps two folders in one step, so that no moment exists without an
/// output folder; `false` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(first: &Path, second: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, first, CWD, second, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Whether this process may write into `dir` (permissions, a read-only
/// file system, an immutable folder).
#[cfg(target_os = "linux")]
pub(super) fn writable(dir: &Path) -> std::io::Result<()> {
    rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).map_err(Into::into)
}

/// Whether `dir` is not marked read-only (the most a portable check can
/// tell).
#[cfg(not(target_os = "linux"))]
pub(super) fn writable(dir: &Path) -> std::io::Result<()> {
    if std::fs::metadata(dir)?.permissions().readonly() {
        return Err(std::io::ErrorKind::PermissionDenied.into());
    }
    Ok(())
}

/// Whether the process `pid` runs.
#[cfg(target_os = "linux")]
pub(super) fn process_runs(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc, every process is taken to run: a lock is never stale.
#[cfg(not(target_os = "linux"))]
pub(super) fn process_runs(_: u32) -> bool {
    true
}
