//! A book's sources written out for Typst's own command line, when the
//! build is given a folder for them (the binary takes it from the
//! environment variable `KYYEU_BOOK_EXPORT`): for each book typeset,
//! `<folder>/<lang>-<year>/` gets `book.typ` (and the theme's other
//! `.typ` files), `book.json`, the files the book shows and `fonts/`, so
//! that `typst compile --root . --font-path fonts book.typ` there makes the
//! same book (to work on a template, or to compare with Typst's own
//! command line). A folder that cannot be written is an error of the build.
//!
//! Uses: book, data, error.

use super::data::Book;
use super::Theme;
use crate::error::{Error, Message};
use std::path::Path;

/// Writes `book`'s sources into `folder`, when there is one.
pub(super) fn export_if_asked(
    book: &Book,
    theme: &Theme,
    data: &[u8],
    folder: Option<&Path>,
) -> Result<(), Error> {
    let Some(folder) = folder else {
        return Ok(());
    };
    let folder = folder.join(format!("{}-{}", book.lang, book.year));
    export(book, theme, data, &folder).map_err(|error| {
        let message = Message::new("book_export_failed").arg("error", error.to_string());
        Error::file(&folder, message)
    })
}

fn export(book: &Book, theme: &Theme, data: &[u8], folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder.join("photos"))?;
    std::fs::create_dir_all(folder.join("fonts"))?;
    std::fs::write(folder.join("book.typ"), &theme.template)?;
    for (path, text) in &theme.modules {
        std::fs::write(folder.join(path.trim_start_matches('/')), text)?;
    }
    std::fs::write(folder.join("book.json"), data)?;
    for (path, file) in &book.files {
        std::fs::copy(file, folder.join(path.trim_start_matches('/')))?;
    }
    for (index, font) in theme.fonts.iter().enumerate() {
        std::fs::write(folder.join("fonts").join(format!("{index}.ttf")), font)?;
    }
    Ok(())
}
