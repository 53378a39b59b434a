//! Writes the output atomically: everything goes to a staging folder beside
//! the output, which replaces the output whole at the end. A failed build
//! removes its staging folder and leaves the previous output untouched.
//! Also refuses output folders that would overwrite the site's sources.
//!
//! Uses: error.

use crate::error::{display_path, Failure, Message};
use std::path::{Component, Path, PathBuf};

mod discard;
pub use discard::Discard;

/// Where a build puts its files: the staging folder of `build`, or memory
/// for `serve`.
pub trait Sink: Sync {
    /// A generated file.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure>;
    /// A copy of a user's file (never a link to it).
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure>;
    /// A file of the cache.
    fn link(&self, from: &Path, rel: &str) -> Result<(), Failure>;
}

/// A file of a site kept in memory.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file on disk (a photo in the cache, a static file), read when served.
    File(PathBuf),
}

/// A whole site in memory: site path -> content.
#[derive(Debug, Default)]
pub struct Memory(pub std::sync::Mutex<std::collections::HashMap<String, Content>>);

impl Memory {
    fn put(&self, rel: &str, content: Content) -> Result<(), Failure> {
        let mut files = self
            .0
            .lock()
            .map_err(|_| Failure::Io("the site in memory is unusable".into()))?;
        files.insert(rel.to_string(), content);
        Ok(())
    }

    pub fn into_files(self) -> std::collections::HashMap<String, Content> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.put(rel, Content::Bytes(bytes.to_vec()))
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        self.put(rel, Content::File(from.to_path_buf()))
    }

    fn link(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        self.put(rel, Content::File(from.to_path_buf()))
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        Staging::write(self, rel, bytes)
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        Staging::copy(self, from, rel)
    }

    fn link(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        Staging::link(self, from, rel)
    }
}

/// Keeps a second build of the same output from running at the same time:
/// a file beside the output holding the builder's process id. A lock left by
/// a process that no longer runs (a killed build) is taken over.
pub struct Lock(PathBuf);

impl Lock {
    /// Takes the lock of `output`, after checking that the output folder (if
    /// there is one) and the folder that holds it can be written.
    pub fn acquire(output: &Path) -> Result<Lock, Failure> {
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().to_string());
        let parent = output.parent().unwrap_or(Path::new("."));
        let path = parent.join(format!(".{name}.kyyeu-lock"));
        std::fs::create_dir_all(parent).map_err(|e| not_writable(parent, &e))?;
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
                    use std::io::Write;
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(Lock(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match holder(&path) {
                    Holder::Running(pid) => return Err(locked(output, pid)),
                    Holder::Stale => {
                        let _ = std::fs::remove_file(&path);
                    }
                    Holder::Gone => {}
                },
                Err(e) => return Err(not_writable(parent, &e)),
            }
        }
        Err(locked(output, "?".to_string()))
    }
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

/// Refuses a folder the build could not write into (permissions, a
/// read-only file system, an immutable folder), before any work is done.
fn check_writable(dir: &Path) -> Result<(), Failure> {
    #[cfg(target_os = "linux")]
    let result = rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).map_err(Into::into);
    #[cfg(not(target_os = "linux"))]
    let result = match std::fs::metadata(dir) {
        Ok(m) if m.permissions().readonly() => Err(std::io::ErrorKind::PermissionDenied.into()),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    };
    result.map_err(|e: std::io::Error| not_writable(dir, &e))
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

fn holder(path: &Path) -> Holder {
    let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) else {
        return Holder::Gone;
    };
    let age = modified.elapsed().unwrap_or(std::time::Duration::MAX);
    let pid = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.trim().parse::<u32>().ok());
    match pid {
        Some(pid) if is_running(pid) => Holder::Running(pid.to_string()),
        Some(_) => Holder::Stale,
        // An empty lock was just created by a build that has not written
        // its process id yet.
        None if age.as_secs() < 10 => Holder::Running("?".to_string()),
        None => Holder::Stale,
    }
}

/// Whether a process runs (on systems without /proc, a lock is never stale).
fn is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A folder being filled, to become the output on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// Where folders are made before being moved into place, once making
    /// them in place turns out to be slow (see [`Spreading`]).
    homes: PathBuf,
    committed: bool,
    /// Whether there is a previous output whose unchanged pages are kept.
    previous: bool,
    seen: std::sync::Mutex<Seen>,
}

/// The folders made and the files written so far, so that each folder is
/// made once and only a path written twice needs its first file removed.
#[derive(Default)]
struct Seen {
    dirs: std::collections::HashSet<PathBuf>,
    files: std::collections::HashSet<String>,
    spreading: Spreading,
    /// Folders made in the current window, and the time they took.
    window: (u32, std::time::Duration),
    /// Folders made in all, and the time they took (for `KYYEU_TIMINGS`).
    made: (u32, std::time::Duration),
    /// Homes made so far.
    homes: u32,
    /// Each thread's home (by rayon's thread number), and the folders made
    /// in it in the current window: threads making folders in one home
    /// would wait on each other.
    lanes: rustc_hash::FxHashMap<usize, Lane>,
    /// Folders started in homes so far (their names there).
    started: u64,
}

/// A thread's home, and the folders made in it in the current window with
/// the shortest time one took.
#[derive(Default)]
struct Lane {
    home: u32,
    /// Folders made in the home so far.
    made: u32,
    window: (u32, Option<std::time::Duration>),
}

/// The thread making a folder: its number in rayon's pool, or 0.
fn lane() -> usize {
    rayon::current_thread_index().map_or(0, |n| n + 1)
}

/// How folders are made.
///
/// A build makes a whole tree of folders, often where the one it replaces
/// was just deleted (`rm -rf public`, or the previous output after a swap).
/// On ext4 without a journal, each new inode is then looked for past every
/// inode of its block group deleted in the last minutes, and folders take
/// ten to a hundred times as long to make. Once that is seen, each folder
/// is made in a *home* instead, a folder beside the staging folder that
/// ext4 places in a block group of its own ("top of a directory hierarchy"
/// flag on the homes' folder, `chattr +T`), and moved into place: a
/// folder's files are placed beside it, so they follow. When folders in
/// the current home grow slow too, the next ones go to a new home.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Spreading {
    /// Not yet: folders are made in place and timed.
    #[default]
    Measuring,
    /// Folders are made in homes and moved into place.
    On,
    /// Never (`KYYEU_SPREAD_FOLDERS=never`, or a file system without the flag).
    Off,
}

/// Folders timed before deciding whether to make them in homes.
const WINDOW: u32 = 256;

/// Folders timed in a home before deciding whether to move to a new one.
const HOME_WINDOW: u32 = 4;

/// The mean time to make a folder in place above which the next ones are
/// made in homes: making one on a local disk takes 10 to 40 µs; behind
/// inodes deleted in the last minutes, 200 µs to over a millisecond.
const SLOW_FOLDER: std::time::Duration = std::time::Duration::from_micros(150);

/// The time above which each folder of a window in a home sends the next
/// ones to a new home. In a block group without deleted inodes a folder
/// takes 15 to 30 µs, and a few hundred of them already add tens of µs to
/// each folder and file. Leaving a home too readily spreads the output over
/// many block groups, which the next build then finds full of deleted
/// inodes.
const SLOW_IN_HOME: std::time::Duration = std::time::Duration::from_micros(40);

impl Seen {
    /// Counts a folder made in `took`; at the end of a window of slow ones,
    /// says that the next folders need a new home (the first one when
    /// folders were made in place until then).
    fn made_folder(&mut self, lane: usize, took: std::time::Duration) -> bool {
        self.made.0 += 1;
        self.made.1 += took;
        match self.spreading {
            // In place: the mean of a long window, as the first folders of
            // a build are often slower.
            Spreading::Measuring => {
                self.window.0 += 1;
                self.window.1 += took;
                if self.window.0 < WINDOW {
                    return false;
                }
                let slow = self.window.1 > SLOW_FOLDER * WINDOW;
                self.window = Default::default();
                slow
            }
            // In a home: every folder of a short window, as a home in a
            // block group with deleted inodes makes every folder slow, while
            // the other thread or the writing of pages slows one now and then.
            Spreading::On => {
                let lane = self.lanes.entry(lane).or_default();
                lane.made += 1;
                // A new home's first folder tells whether ext4 put it in a
                // block group of just deleted inodes.
                if lane.made == 1 && took > SLOW_IN_HOME {
                    return true;
                }
                let window = &mut lane.window;
                window.0 += 1;
                window.1 = Some(window.1.map_or(took, |least| least.min(took)));
                if window.0 < HOME_WINDOW {
                    return false;
                }
                let slow = window.1.is_some_and(|least| least > SLOW_IN_HOME);
                *window = Default::default();
                slow
            }
            Spreading::Off => false,
        }
    }
}

impl Staging {
    /// Creates an empty staging folder beside `output`.
    pub fn new(output: &Path) -> Result<Staging, Failure> {
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().to_string());
        let parent = output.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Failure::io(parent, &e))?;
        let dir = parent.join(format!(".{name}.kyyeu-staging"));
        let homes = parent.join(format!(".{name}.kyyeu-homes"));
        for left in [&dir, &homes] {
            if left.exists() {
                std::fs::remove_dir_all(left).map_err(|e| Failure::io(left, &e))?;
            }
        }
        std::fs::create_dir_all(&dir).map_err(|e| Failure::io(&dir, &e))?;
        // `KYYEU_SPREAD_FOLDERS=always` or `never` overrides the measure.
        let forced = match std::env::var("KYYEU_SPREAD_FOLDERS").as_deref() {
            Ok("always") => Some(true),
            Ok("never") => Some(false),
            _ => None,
        };
        let seen = Seen {
            spreading: match forced {
                Some(false) => Spreading::Off,
                _ => Spreading::Measuring,
            },
            ..Default::default()
        };
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            homes,
            committed: false,
            previous: std::fs::symlink_metadata(output).is_ok_and(|m| m.is_dir()),
            seen: std::sync::Mutex::new(seen),
        };
        if forced == Some(true) {
            staging.new_home(lane());
        }
        Ok(staging)
    }

    /// The file a site path lands in, refusing paths that leave the folder;
    /// its folder made, and a file written there before removed (a later
    /// file replaces an earlier one, never writing through it).
    fn target(&self, rel: &str) -> Result<PathBuf, Failure> {
        let path = Path::new(rel);
        let safe = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Failure::Io(
                Message::new("write_outside_output").arg("path", rel),
            ));
        }
        let target = self.dir.join(path);
        let parent = target.parent().unwrap_or(&self.dir);
        let (made, again) = match self.seen.lock() {
            Ok(mut seen) => (
                seen.dirs.contains(parent),
                !seen.files.insert(rel.to_string()),
            ),
            Err(_) => (false, true),
        };
        if !made {
            self.make_folder(parent)
                .map_err(|e| Failure::io(parent, &e))?;
        }
        if again {
            remove_existing(&target)?;
        }
        Ok(target)
    }

    /// Makes `dir` and the folders above it that are missing: in place, or
    /// in a home and moved into place (see [`Spreading`]).
    fn make_folder(&self, dir: &Path) -> std::io::Result<()> {
        // One look under the lock: how folders are made, and whether the
        // folder above is there yet.
        let (spreading, parent_made) = match self.seen.lock() {
            Ok(seen) => (
                seen.spreading,
                dir.parent()
                    .is_none_or(|p| p == self.dir || seen.dirs.contains(p)),
            ),
            Err(_) => (Spreading::Off, true),
        };
        let in_place = || {
            let started = std::time::Instant::now();
            std::fs::create_dir_all(dir)?;
            self.made_folder(dir, started.elapsed());
            Ok(())
        };
        if spreading != Spreading::On {
            return in_place();
        }
        if let Some(parent) = dir.parent().filter(|_| !parent_made) {
            self.make_folder(parent)?;
        }
        let lane = lane();
        let Some(started_in) = self.start_in_home(lane) else {
            return in_place();
        };
        let started = std::time::Instant::now();
        if std::fs::create_dir(&started_in).is_err() {
            return in_place();
        }
        let took = started.elapsed();
        let moved = move_folder(&started_in, dir);
        if moved.is_err() {
            let _ = std::fs::remove_dir(&started_in);
        }
        match moved {
            Ok(()) => {}
            // Made meanwhile by another thread.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => return in_place(),
        }
        self.made_folder(dir, took);
        Ok(())
    }

    /// Where the thread `lane` starts its next folder: a new name in its
    /// home, made first if it has none; `None` once folders are made in
    /// place.
    fn start_in_home(&self, lane: usize) -> Option<PathBuf> {
        for _ in 0..2 {
            {
                let mut seen = self.seen.lock().ok()?;
                if seen.spreading != Spreading::On {
                    return None;
                }
                let home = seen.lanes.get(&lane).map_or(0, |l| l.home);
                if home > 0 {
                    seen.started += 1;
                    return Some(self.home(home).join(seen.started.to_string()));
                }
            }
            self.new_home(lane);
        }
        None
    }

    /// Counts a folder made (and the folders above it), and starts a new
    /// home if the last ones were slow to make.
    fn made_folder(&self, dir: &Path, took: std::time::Duration) {
        let lane = lane();
        let slow = match self.seen.lock() {
            Ok(mut seen) => {
                for made in dir.ancestors() {
                    if made == self.dir || !seen.dirs.insert(made.to_path_buf()) {
                        break;
                    }
                }
                seen.made_folder(lane, took)
            }
            Err(_) => false,
        };
        if slow {
            self.new_home(lane);
        }
    }

    /// The `n`th home.
    fn home(&self, n: u32) -> PathBuf {
        self.homes.join(n.to_string())
    }

    /// Makes a new home for the next folders of the thread `lane`; the
    /// first time, the folder of the homes, marked so that ext4 spreads
    /// them. Where that cannot be done, folders are made in place from then
    /// on.
    fn new_home(&self, lane: usize) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if seen.spreading == Spreading::Off {
            return;
        }
        let first = seen.homes == 0;
        let ready = !first || (std::fs::create_dir(&self.homes).is_ok() && spread(&self.homes));
        let home = self.home(seen.homes + 1);
        if ready && std::fs::create_dir(&home).is_ok() {
            seen.homes += 1;
            let homes = seen.homes;
            seen.lanes.insert(
                lane,
                Lane {
                    home: homes,
                    ..Lane::default()
                },
            );
            seen.spreading = Spreading::On;
        } else if first {
            seen.spreading = Spreading::Off;
        }
    }

    /// The folders made so far, the mean time each took, and the homes
    /// they were made in (0: in place), for `KYYEU_TIMINGS`.
    pub fn folders(&self) -> (u32, std::time::Duration, u32) {
        match self.seen.lock() {
            Ok(seen) => (seen.made.0, seen.made.1 / seen.made.0.max(1), seen.homes),
            Err(_) => Default::default(),
        }
    }

    /// Writes a new file at `rel`. A page whose bytes are those of the
    /// previous output's file is not written again: that file is linked into
    /// the new output, keeping its time (for tools that upload what changed).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        let target = self.target(rel)?;
        if self.previous {
            let old = self.output.join(rel);
            let same = std::fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && std::fs::read(&old).is_ok_and(|b| b == bytes);
            if same && std::fs::hard_link(&old, &target).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&target, bytes).map_err(|e| Failure::io(&self.output.join(rel), &e))
    }

    /// Puts a copy of the user's file `from` at `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        let target = self.target(rel)?;
        std::fs::copy(from, &target).map_err(|e| Failure::io(from, &e))?;
        Ok(())
    }

    /// Puts a cache file at `rel`: a hard link when possible (the cache is
    /// ours, and a later write at the same path replaces the link).
    pub fn link(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        let target = self.target(rel)?;
        if std::fs::hard_link(from, &target).is_err() {
            std::fs::copy(from, &target).map_err(|e| Failure::io(from, &e))?;
        }
        Ok(())
    }

    /// Replaces the output with the staging folder.
    pub fn commit(mut self) -> Result<(), Failure> {
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .map_or("x".into(), |n| n.to_string_lossy().to_string())
        ));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| Failure::io(&old, &e))?;
        }
        let had_output = self.output.exists();
        if had_output && exchange(&self.dir, &self.output) {
            // The staging folder's name now holds the previous output.
            self.committed = true;
            return remove_tree(&self.dir).map_err(|e| Failure::io(&self.dir, &e));
        }
        if had_output {
            std::fs::rename(&self.output, &old).map_err(|e| Failure::io(&self.output, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(Failure::io(&self.output, &e));
        }
        self.committed = true;
        if had_output {
            remove_tree(&old).map_err(|e| Failure::io(&old, &e))?;
        }
        Ok(())
    }
}

/// Swaps two folders in one step, so that no moment exists without an
/// output folder; `false` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Asks the file system to place the subfolders of `dir` in block groups of
/// their own rather than beside `dir` (ext2/3/4's "top of a directory
/// hierarchy" flag, `chattr +T`); see [`Spreading`]. `false` where there is
/// no such flag.
#[cfg(target_os = "linux")]
fn spread(dir: &Path) -> bool {
    use rustix::fs::{ioctl_getflags, ioctl_setflags, IFlags, Mode, OFlags};
    let Ok(fd) = rustix::fs::open(dir, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()) else {
        return false;
    };
    match ioctl_getflags(&fd) {
        Ok(flags) if flags.contains(IFlags::TOPDIR) => true,
        Ok(flags) => ioctl_setflags(&fd, flags | IFlags::TOPDIR).is_ok(),
        Err(_) => false,
    }
}

#[cfg(not(target_os = "linux"))]
fn spread(_: &Path) -> bool {
    false
}

/// Moves the folder `from` to `to`, which must not exist yet.
#[cfg(target_os = "linux")]
fn move_folder(from: &Path, to: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE).map_err(Into::into)
}

#[cfg(not(target_os = "linux"))]
fn move_folder(from: &Path, to: &Path) -> std::io::Result<()> {
    if to.exists() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

/// Removes a folder and everything in it, its subfolders in parallel.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries
        .par_iter()
        .try_for_each(|path| match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => remove_tree(path),
            Ok(_) => std::fs::remove_file(path),
            Err(e) => Err(e),
        })?;
    std::fs::remove_dir(dir)
}

fn remove_existing(target: &Path) -> Result<(), Failure> {
    match std::fs::remove_file(target) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Failure::io(target, &e)),
        _ => Ok(()),
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        // Only empty homes by now: each folder started there was moved out.
        let _ = std::fs::remove_dir_all(&self.homes);
    }
}

/// `path` made absolute, `.`/`..` removed, and symlinks resolved in the
/// part of it that exists.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut lexical = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut prefix = lexical.clone();
    let mut tail = Vec::new();
    while !prefix.exists() {
        match prefix.file_name() {
            Some(name) => {
                tail.push(name.to_os_string());
                prefix.pop();
            }
            None => return lexical,
        }
    }
    let mut out = prefix.canonicalize().unwrap_or(prefix);
    out.extend(tail.iter().rev());
    out
}

/// Refuses an output folder that is, contains, or lies inside the site's
/// sources (the root itself, `content/`, `themes/`, `static/`).
pub fn check_output(root: &Path, output: &Path) -> Result<(), Failure> {
    let root = resolve(root);
    let out = resolve(output);
    let refuse = |reason: Message| {
        Failure::Usage(
            Message::new("output_refused")
                .arg("path", display_path(output))
                .arg("reason", reason),
        )
    };
    if out == root {
        return Err(refuse(Message::new("output_is_root")));
    }
    if root.starts_with(&out) {
        return Err(refuse(Message::new("output_contains_sources")));
    }
    for source in ["content", "themes", "static", "site.yaml"] {
        let s = resolve(&root.join(source));
        if out.starts_with(&s) || s.starts_with(&out) {
            return Err(refuse(
                Message::new("output_inside_source").arg("source", source),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Lane, Seen, Spreading, HOME_WINDOW, SLOW_FOLDER, SLOW_IN_HOME, WINDOW};
    use std::time::Duration;

    /// After folders that took `folders`, how many times a new home was
    /// asked for (and made, as [`Staging::new_home`] does).
    fn homes_after(spreading: Spreading, folders: &[Duration]) -> usize {
        let mut seen = Seen {
            spreading,
            ..Default::default()
        };
        let mut homes = 0;
        for took in folders {
            if seen.made_folder(1, *took) {
                homes += 1;
                seen.lanes.insert(1, Lane::default());
            }
        }
        homes
    }

    #[test]
    fn homes_start_after_a_window_of_slow_folders_only() {
        let window = WINDOW as usize;
        let slow = SLOW_FOLDER * 2;
        let fast = Duration::from_micros(20);
        let measuring = Spreading::Measuring;
        assert_eq!(homes_after(measuring, &vec![fast; window * 10]), 0);
        // Not before a whole window has been timed.
        assert_eq!(homes_after(measuring, &vec![slow; window - 1]), 0);
        assert_eq!(homes_after(measuring, &vec![slow; window]), 1);
        // A slow window after fast ones.
        let mut mixed = vec![fast; window * 3];
        mixed.extend(vec![slow; window]);
        assert_eq!(homes_after(measuring, &mixed), 1);
        // One slow folder in a window of fast ones is not enough.
        let mut one = vec![fast; window - 1];
        one.push(SLOW_FOLDER * 4);
        assert_eq!(homes_after(measuring, &one), 0);
        // Never on a file system without the flag.
        assert_eq!(homes_after(Spreading::Off, &vec![slow; window * 2]), 0);
    }

    #[test]
    fn a_home_is_left_after_a_slow_first_folder_or_a_window_of_slow_ones() {
        let home = HOME_WINDOW as usize;
        let slow = SLOW_IN_HOME * 2;
        let fast = Duration::from_micros(20);
        let on = Spreading::On;
        assert_eq!(homes_after(on, &vec![fast; home * 10]), 0);
        // A new home whose first folder is slow is left at once.
        assert_eq!(homes_after(on, &[slow]), 1);
        assert_eq!(homes_after(on, &[slow, slow, slow]), 3);
        // Later, a window of slow folders.
        let mut later = vec![fast];
        later.extend(vec![slow; home * 2 - 1]);
        assert_eq!(homes_after(on, &later), 1);
        // A window with one fast folder is not slow.
        let mut one_fast = vec![fast];
        one_fast.extend(vec![slow; home - 2]);
        one_fast.push(fast);
        one_fast.extend(vec![slow; home - 1]);
        assert_eq!(homes_after(on, &one_fast), 0);
    }
}
