//! Reading a text file of the site: only regular files, within a size
//! limit (even for a file that grows while it is read), cleaned (no BOM, LF
//! line ends, NFC), an invalid byte reported at its line and column.
//!
//! Uses: error, text, config (the default limit).

use crate::error::{cannot_read, Error, Message};
use std::path::Path;

/// Largest source file read when the site does not say otherwise (always
/// for `site.yaml` and the theme's files).
const MAX_FILE_BYTES: u64 = (super::config::DEFAULT_MAX_FILE_MB as u64) << 20;

/// Reads a text file relative to `root`, cleaned (no BOM, LF, NFC), refusing
/// one larger than the default limit (16 MB).
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Error> {
    read_limited(root, rel, MAX_FILE_BYTES, false)
}

/// Like [`read_text`], with the limit of the site's `limits: {max_file_mb}`
/// (an article, units.yaml): the error says how to raise it.
pub fn read_text_within(root: &Path, rel: &Path, limit: u64) -> Result<String, Error> {
    read_limited(root, rel, limit, true)
}

/// Reads at most `limit` + 1 bytes, even of a file that grows while it is read.
fn read_limited(root: &Path, rel: &Path, limit: u64, raisable: bool) -> Result<String, Error> {
    use std::io::Read;
    let full = root.join(rel);
    let unreadable = |e: std::io::Error| Error::file(rel, cannot_read(&e));
    // A FIFO or a device would block or never end: only regular files are read.
    if !std::fs::metadata(&full).map_err(unreadable)?.is_file() {
        return Err(Error::file(rel, Message::new("not_a_regular_file")));
    }
    let file = std::fs::File::open(&full).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if size > limit || bytes.len() as u64 > limit {
        return Err(too_large(
            rel,
            size.max(bytes.len() as u64),
            limit,
            raisable,
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(crate::text::clean_source(text)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col =
                std::str::from_utf8(&valid[line_start..]).map_or(1, |t| t.chars().count() + 1);
            Err(Error::at(rel, line, col, Message::new("not_utf8"))
                .with_hint(Message::new("save_as_utf8")))
        }
    }
}

/// A file over the size limit: its size and the limit in MB (rounded up, so
/// a file just over the limit shows more than the limit), and when the site's
/// `limits:` governs it, how to raise it.
fn too_large(rel: &Path, size: u64, limit: u64, raisable: bool) -> Error {
    let mb = |bytes: u64| bytes.div_ceil(1 << 20);
    let error = Error::file(
        rel,
        Message::new("text_file_too_large")
            .arg("size", mb(size))
            .arg("limit", mb(limit)),
    );
    if raisable {
        error.with_hint(Message::new("raise_file_limit").arg("suggested", mb(size)))
    } else {
        error
    }
}
