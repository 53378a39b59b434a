//! The commands other than `build`, each a thin driver over the pipeline's
//! public phases (see the crate root): `check` validates without writing,
//! `serve` previews with live rebuilds (kept in memory by `live`, its
//! yearbooks typeset in the background by `books`), `new`
//! writes a new article or translation from a template, `init` a new site,
//! and `theme` exports the built-in theme.
//!
//! Uses: error.

use crate::error::Failure;
use std::path::Path;

mod books;
pub mod check;
pub mod desk;
mod http;
pub mod init;
pub mod live;
pub mod new;
pub mod serve;
pub mod theme;

/// Writes a file that must not exist yet (the scaffolding commands never
/// overwrite).
fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    write_new_bytes(path, text.as_bytes())
}

/// Writes a file of `bytes` that must not exist yet.
fn write_new_bytes(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Failure::io(path, &e))?;
    file.write_all(bytes).map_err(|e| Failure::io(path, &e))
}
