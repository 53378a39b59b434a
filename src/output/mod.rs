//! The writer: puts a built site where it goes, the only module that writes
//! the output. A build writes into a [`Staging`] folder beside the output,
//! guarded by a [`Lock`], which replaces the output whole at the end (see
//! `swap`), so a failed build leaves the previous output untouched; `serve`
//! keeps the site in [`Memory`] instead. Also refuses output folders that
//! would overwrite the site's sources ([`check_output`]). Lowers a thread's
//! priority where the system can ([`lower_priority`], with the other code
//! for one system).
//!
//! Uses: error.

mod discard;
mod lock;
mod memory;
mod staging;
mod swap;

pub use discard::Discard;
pub use lock::Lock;
pub use memory::{Content, Memory};
pub use staging::Staging;
pub use swap::lower_priority;

use crate::error::{display_path, Failure, Message};
use std::path::{Component, Path, PathBuf};

/// Where a build puts its files: the staging folder of `build`, memory for
/// `serve`, or nothing for `check`.
pub trait Sink: Sync {
    /// A generated file.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure>;
    /// A copy of a user's file (never a link to it).
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure>;
    /// A file of the cache.
    fn link(&self, from: &Path, rel: &str) -> Result<(), Failure>;
}

/// The name of a file kept beside `output` (`.public.kyyeu-<what>`), and
/// the folder that holds the output.
fn beside<'a>(output: &'a Path, what: &str) -> (PathBuf, &'a Path) {
    let name = output
        .file_name()
        .map_or("public".into(), |name| name.to_string_lossy().to_string());
    // `out` has the parent `""`: the current folder.
    let parent = (output.parent())
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (parent.join(format!(".{name}.kyyeu-{what}")), parent)
}

/// `path` made absolute, `.`/`..` removed, and symlinks resolved in the
/// part of it that exists.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let lexical = without_dots(&absolute);
    let mut existing = lexical.clone();
    let mut missing = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => {
                missing.push(name.to_os_string());
                existing.pop();
            }
            None => return lexical,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(missing.iter().rev());
    resolved
}

/// `path` with its `.` and `..` components removed, without looking at the
/// disk.
fn without_dots(path: &Path) -> PathBuf {
    let mut lexical = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    lexical
}

/// Refuses an output folder that is, contains, or lies inside the site's
/// sources (the root itself, `content/`, `themes/`, `static/`).
pub fn check_output(root: &Path, output: &Path) -> Result<(), Failure> {
    let root = resolve(root);
    let resolved = resolve(output);
    let refuse = |reason: Message| {
        Failure::Usage(
            Message::new("output_refused")
                .arg("path", display_path(output))
                .arg("reason", reason),
        )
    };
    if resolved == root {
        return Err(refuse(Message::new("output_is_root")));
    }
    if root.starts_with(&resolved) {
        return Err(refuse(Message::new("output_contains_sources")));
    }
    for source in ["content", "themes", "static", "site.yaml"] {
        let source_path = resolve(&root.join(source));
        if resolved.starts_with(&source_path) || source_path.starts_with(&resolved) {
            return Err(refuse(
                Message::new("output_inside_source").arg("source", source),
            ));
        }
    }
    Ok(())
}
