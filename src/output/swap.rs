//! Replaces the output with the staging folder, in one step where the
//! system can (Linux's `renameat2` with `RENAME_EXCHANGE`), else by moving
//! the previous output aside first. The only file of the crate with code
//! for one system: the other checks that differ between systems (whether a
//! folder can be written, whether a process runs, a thread's priority) are
//! here too, each with a portable fallback.
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
        rename(staged, output).map_err(|err| Failure::io(output, &err))?;
        return Ok(None);
    }
    if exchange(staged, output) {
        // The staging folder's name now holds the previous output.
        return Ok(Some(staged.to_path_buf()));
    }
    rename(output, &aside).map_err(|err| Failure::io(output, &err))?;
    if let Err(err) = rename(staged, output) {
        let _ = rename(&aside, output);
        return Err(Failure::io(output, &err));
    }
    Ok(Some(aside))
}

/// Renames a folder. On Windows, a folder in which a file was just written
/// is often held open for a moment by a virus scanner or the search
/// indexer, and renaming it is refused ("access is denied") until they let
/// go: tried again for about two seconds before giving up.
fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut result = std::fs::rename(from, to);
    if cfg!(windows) {
        for wait in [10, 20, 50, 100, 200, 400, 600, 600] {
            match &result {
                Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
                    std::thread::sleep(std::time::Duration::from_millis(wait));
                    result = std::fs::rename(from, to);
                }
                _ => break,
            }
        }
    }
    result
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

/// Whether this process may write into `dir`, found by creating a file
/// there and removing it. (The read-only mark of a folder says nothing on
/// Windows, where Explorer sets it on folders it customises, and too little
/// elsewhere: the owner, a read-only file system.)
#[cfg(not(target_os = "linux"))]
pub(super) fn writable(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".kyyeu-write-check-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}

/// Takes the read-only mark off a file of the output. On Windows a copy
/// keeps its source's mark (a file of `static/` from a CD or an archive),
/// and a file so marked cannot be removed, so the next build could not
/// replace the output.
#[cfg(windows)]
pub(super) fn clear_read_only(path: &Path) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    let mut permissions = meta.permissions();
    if permissions.readonly() {
        // On Windows this clears the one attribute; no other bits exist.
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        let _ = std::fs::set_permissions(path, permissions);
    }
}

/// Elsewhere a file's mode does not keep its folder from being removed.
#[cfg(not(windows))]
pub(super) fn clear_read_only(_: &Path) {}

/// Whether the process `pid` runs.
#[cfg(target_os = "linux")]
pub(super) fn process_runs(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc, every process is taken to run. (Only asked where the file
/// system has no file locks: see `lock`.)
#[cfg(not(target_os = "linux"))]
pub(super) fn process_runs(_: u32) -> bool {
    true
}

/// Lowers the priority of the calling thread, and of the threads it starts
/// from then on, below the others' (Linux's nice value is a thread's);
/// elsewhere the thread keeps its priority.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 10);
}
