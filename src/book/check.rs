//! `kyyeu check`'s test of the theme's book template, in memory: the
//! template typeset against the site's own data (every language's book of
//! the year with the fewest articles, without its articles, and the default
//! language's book of that year with them), and every other `.typ` file of
//! the theme's `book/` folder parsed. A problem is an error at the line of
//! the template (or of the other file), or at the file of an article that
//! fails alone, as `build` reports it. Nothing is stored in the cache.
//!
//! Uses: book (the theme's template, typesetting, where errors point),
//! data (the book's data), world (the fonts), error, source (reading a
//! file), theme (the theme's files).

use super::data::{Book, Sources};
use super::world::Fonts;
use super::{by_year, locate, read_theme, template_errors, typeset, Theme};
use crate::error::{Error, Errors, Message};
use crate::source::theme::Source;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Typesets the theme's `book/book.typ` in memory against the site's data
/// and parses the other `.typ` files of its `book/` folder; every problem
/// as an error. Nothing when `pdf: false`; only the other files' syntax and
/// the template's fonts when the site has no article (no book to typeset).
pub fn check_template(sources: &Sources<'_>, root: &Path) -> Result<(), Errors> {
    if sources.site.config.pdf.is_none() {
        return Ok(());
    }
    let mut errors = other_files(sources, root);
    match read_theme(sources, root) {
        Ok(theme) => errors.extend(smallest_year(sources, &theme)),
        Err(found) => errors.extend(found),
    }
    // Nothing memoized for these books is of use later.
    typst::comemo::evict(0);
    let mut unique = Errors::default();
    for error in errors.0 {
        if !unique.0.contains(&error) {
            unique.push(error);
        }
    }
    unique.into_result(())
}

/// The books of the year with the fewest articles (the latest of equals):
/// the default language's with its articles, each other language's
/// without; the problems of each.
fn smallest_year(sources: &Sources<'_>, theme: &Theme) -> Errors {
    let years = by_year(&sources.site.articles);
    let smallest = years
        .iter()
        .min_by_key(|(year, articles)| (articles.len(), std::cmp::Reverse(**year)));
    let Some((year, articles)) = smallest else {
        return Errors::default();
    };
    let fonts = Arc::new(Fonts::new(theme.fonts.clone()));
    let config = &sources.site.config;
    let mut errors = Errors::default();
    for lang in &config.languages {
        let book = Book::new(sources, lang, *year, articles);
        if lang == config.default_lang() {
            if let Err(problems) = attempt(&book, theme, &fonts) {
                errors.extend(locate(&book, theme, fonts.clone(), problems));
            }
        } else if let Err(problems) = attempt(&book.only(usize::MAX), theme, &fonts) {
            errors.extend(template_errors(theme, problems));
        }
    }
    errors
}

/// `book` typeset, its PDF dropped.
fn attempt(book: &Book, theme: &Theme, fonts: &Arc<Fonts>) -> Result<(), Vec<super::Problem>> {
    let data = serde_json::to_vec(book).unwrap_or_default();
    typeset(book, data, theme, fonts.clone()).map(drop)
}

/// The syntax errors of every `.typ` file of the theme's `book/` folder
/// but the template, at their lines.
fn other_files(sources: &Sources<'_>, root: &Path) -> Errors {
    let mut errors = Errors::default();
    let others = (sources.theme.book.iter())
        .filter(|(name, _)| name.ends_with(".typ") && name.as_str() != "book.typ");
    for (name, source) in others {
        let (path, text) = match source {
            Source::File(path) => match crate::source::read_text(root, path) {
                Ok(text) => (path.clone(), text),
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            },
            Source::Builtin(text) => (builtin_path(name), text.to_string()),
            Source::BuiltinBytes(bytes) => (
                builtin_path(name),
                String::from_utf8_lossy(bytes).into_owned(),
            ),
        };
        errors.extend(syntax_errors(&path, text));
    }
    errors
}

/// Where a file of the built-in theme's `book/` folder is said to be.
fn builtin_path(name: &str) -> PathBuf {
    PathBuf::from(format!("themes/default/book/{name}"))
}

/// The syntax errors of the Typst file `text`, read from `path`.
fn syntax_errors(path: &Path, text: String) -> Errors {
    use typst::syntax::DiagSpanKind;
    let source = typst::syntax::Source::detached(text);
    let (found, _) = source.root().errors_and_warnings();
    let errors = found.into_iter().map(|diagnostic| {
        let range = match diagnostic.span.get() {
            DiagSpanKind::Number { num, sub_range, .. } => source.range(num, sub_range),
            DiagSpanKind::Range { range, .. } => Some(range),
            DiagSpanKind::Detached => None,
        };
        let line = range
            .and_then(|range| source.lines().byte_to_line(range.start))
            .map_or(0, |line| line + 1);
        let message = Message::new("pdf_template_failed")
            .arg("template", crate::error::display_path(path))
            .arg("line", line.to_string())
            .arg("problem", diagnostic.message.to_string());
        Error::at(path, line, 0, message)
    });
    Errors(errors.collect())
}
