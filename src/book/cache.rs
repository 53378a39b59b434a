//! The books kept between builds: `books/<lang>-<year>-<key>.pdf` in the
//! cache folder, the key a hash of everything the book is made from (its
//! data, the photo files it shows, the template, the fonts, and the version
//! of the typesetting below). A new book of a year and language replaces
//! the older ones; files are written atomically.
//!
//! Uses: lang.

use crate::error::Message;
use crate::lang::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped when typesetting changes, so old books are not reused.
const VERSION: u32 = 2;
/// The folder of the books, in the cache folder.
const FOLDER: &str = "books";

/// A hash of the template and the fonts.
pub fn theme_key(template: &str, fonts: &[Vec<u8>]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(format!("{VERSION}:{}:", template.len()).as_bytes());
    hasher.update(template.as_bytes());
    for font in fonts {
        hasher.update(&(font.len() as u64).to_le_bytes());
        hasher.update(font);
    }
    hasher.finalize().to_hex().to_string()
}

/// The key of a book: the theme's key, its data, and the photo files it
/// serves. A photo's cached file is named after the hash of its source and
/// the photo settings, so its path stands for its content.
pub fn key(theme_key: &str, data: &[u8], photos: &BTreeMap<String, PathBuf>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(theme_key.as_bytes());
    hasher.update(&(data.len() as u64).to_le_bytes());
    hasher.update(data);
    for (path, file) in photos {
        hasher.update(format!("\n{path}\t{}", file.display()).as_bytes());
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// The cache file of a book.
pub fn file(cache_dir: &Path, lang: &Lang, year: i32, key: &str) -> PathBuf {
    cache_dir
        .join(FOLDER)
        .join(format!("{lang}-{year}-{key}.pdf"))
}

/// Writes a book's file whole or not at all, then removes the older books
/// of its year and language.
pub fn store(file: &Path, pdf: &[u8]) -> Result<(), Message> {
    let not_written =
        |error: std::io::Error| Message::new("cache_not_written").arg("error", error.to_string());
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(not_written)?;
    let part = file.with_extension(format!("{}.part", std::process::id()));
    std::fs::write(&part, pdf).map_err(not_written)?;
    std::fs::rename(&part, file).map_err(not_written)?;
    remove_older(file);
    Ok(())
}

/// Removes the other books of the year and language of `file` (failures
/// only cost space).
fn remove_older(file: &Path) {
    let (Some(folder), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    let Some((prefix, _)) = name.rsplit_once('-') else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let other = entry.file_name();
        let other = other.to_string_lossy();
        let same_book = other
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('-'));
        if same_book.is_some_and(|key| !key.contains('-')) && *other != *name {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
