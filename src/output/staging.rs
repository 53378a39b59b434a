//! The staging folder of `build`: every file of the new output is written
//! there, beside the output, and the folder replaces the output whole on
//! [`Staging::commit`]. A page whose bytes are those of the previous
//! output's file is linked from it rather than written again.
//!
//! Uses: error, output (the `Sink` trait, `swap`), swap.

use super::{beside, swap, Sink};
use crate::error::{Failure, Message};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A folder being filled, to become the output on [`Staging::commit`];
/// removed if dropped before.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Whether there is a previous output whose unchanged pages are kept.
    previous: bool,
    written: Mutex<Written>,
}

/// The folders made and the files written so far, so that each folder is
/// made once and only a path written twice needs its first file removed.
#[derive(Default)]
struct Written {
    folders: HashSet<PathBuf>,
    files: HashSet<String>,
}

impl Staging {
    /// Creates an empty staging folder beside `output`, removing one left
    /// by a build that was killed.
    pub fn new(output: &Path) -> Result<Staging, Failure> {
        let (dir, parent) = beside(output, "staging");
        std::fs::create_dir_all(parent).map_err(|err| Failure::io(parent, &err))?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|err| Failure::io(&dir, &err))?;
        }
        std::fs::create_dir_all(&dir).map_err(|err| Failure::io(&dir, &err))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
            previous: std::fs::symlink_metadata(output).is_ok_and(|meta| meta.is_dir()),
            written: Mutex::new(Written::default()),
        })
    }

    /// Writes a new file at `rel`. A page whose bytes are those of the
    /// previous output's file is not written again: that file is linked into
    /// the new output, keeping its time (for tools that upload what changed).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        let target = self.target(rel)?;
        if self.previous && self.link_unchanged(rel, bytes, &target) {
            return Ok(());
        }
        std::fs::write(&target, bytes).map_err(|err| Failure::io(&self.output.join(rel), &err))
    }

    /// Puts a copy of the user's file `from` at `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        let target = self.target(rel)?;
        std::fs::copy(from, &target).map_err(|err| Failure::io(from, &err))?;
        swap::clear_read_only(&target);
        Ok(())
    }

    /// Puts a cache file at `rel`: a hard link when possible (the cache is
    /// ours, and a later write at the same path replaces the link).
    pub fn link(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        let target = self.target(rel)?;
        if std::fs::hard_link(from, &target).is_err() {
            std::fs::copy(from, &target).map_err(|err| Failure::io(from, &err))?;
        }
        Ok(())
    }

    /// Replaces the output with the staging folder, then removes the
    /// previous output.
    pub fn commit(mut self) -> Result<(), Failure> {
        let previous = swap::replace(&self.dir, &self.output)?;
        self.committed = true;
        match previous {
            Some(old) => remove_tree(&old).map_err(|err| Failure::io(&old, &err)),
            None => Ok(()),
        }
    }

    /// Links the previous output's file at `rel` to `target` if its bytes
    /// are `bytes`; whether it did.
    fn link_unchanged(&self, rel: &str, bytes: &[u8], target: &Path) -> bool {
        let old = self.output.join(rel);
        let same = std::fs::symlink_metadata(&old)
            .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes);
        same && std::fs::hard_link(&old, target).is_ok()
    }

    /// The file a site path lands in, refusing paths that leave the folder;
    /// its folder made, and a file written there before removed (a later
    /// file replaces an earlier one, never writing through it).
    fn target(&self, rel: &str) -> Result<PathBuf, Failure> {
        let path = Path::new(rel);
        let inside = !rel.is_empty()
            && path
                .components()
                .all(|part| matches!(part, Component::Normal(_)));
        if !inside {
            return Err(Failure::Io(
                Message::new("write_outside_output").arg("path", rel),
            ));
        }
        let target = self.dir.join(path);
        let folder = target.parent().unwrap_or(&self.dir);
        let (made, again) = match self.written.lock() {
            Ok(mut written) => (
                written.folders.contains(folder),
                !written.files.insert(rel.to_string()),
            ),
            Err(_) => (false, true),
        };
        if !made {
            self.make_folder(folder)?;
        }
        if again {
            remove_existing(&target)?;
        }
        Ok(target)
    }

    /// Makes `folder` and the folders above it that are missing, and
    /// remembers them as made.
    fn make_folder(&self, folder: &Path) -> Result<(), Failure> {
        std::fs::create_dir_all(folder).map_err(|err| Failure::io(folder, &err))?;
        if let Ok(mut written) = self.written.lock() {
            for made in folder.ancestors() {
                if made == self.dir || !written.folders.insert(made.to_path_buf()) {
                    break;
                }
            }
        }
        Ok(())
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

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a folder and everything in it, its subfolders in parallel.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|entry| entry.path())
        .collect();
    entries
        .par_iter()
        .try_for_each(|path| match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => remove_tree(path),
            Ok(_) => std::fs::remove_file(path),
            Err(err) => Err(err),
        })?;
    std::fs::remove_dir(dir)
}

/// Removes the file at `target`, if there is one.
fn remove_existing(target: &Path) -> Result<(), Failure> {
    match std::fs::remove_file(target) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(Failure::io(target, &err)),
        _ => Ok(()),
    }
}
