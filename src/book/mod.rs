//! The PDF yearbooks: for every year and language with articles, a book
//! typeset with Typst as a library from the theme's `book/book.typ` (and
//! its other `.typ` files, `book/cover.typ`), the book's data (`data`, its
//! front in `cover`, its back in `back`, its quotes from `typography`) and
//! the theme's fonts, in a world that serves nothing else (`world`). Books
//! are typeset in parallel and cached by a hash of everything they are
//! made from (`cache`), so an unchanged year is never typeset again;
//! `export` writes a book's sources for Typst's own command line; `check`
//! typesets the template in memory, for `kyyeu check`.
//!
//! Uses: error, lang, model, source (the theme), theme.

mod back;
mod cache;
mod check;
mod cover;
mod data;
mod export;
mod typography;
mod world;

pub use back::day_of_epoch;
pub use check::check_template;
pub use data::Sources;

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::model::Article;
use crate::source::theme::Source;
use data::Book;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use typst::diag::SourceDiagnostic;
use typst_layout::PagedDocument;
use world::{BookWorld, Fonts};

/// A book of the build: where it is published and where it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookFile {
    pub lang: Lang,
    pub year: i32,
    /// Its site path: `2021/ky-yeu-2021.pdf`.
    pub path: String,
    /// The file in the cache.
    pub cached: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its number of pages.
    pub pages: usize,
    /// Taken from the cache rather than typeset.
    pub reused: bool,
}

/// The theme's template and fonts, read once per build.
struct Theme {
    template: String,
    /// Where the template comes from, for error messages.
    template_path: PathBuf,
    /// The theme's other `.typ` files: their paths in the world
    /// (`/cover.typ`) and their text.
    modules: Vec<(String, String)>,
    /// Where each of `modules` comes from, for error messages.
    module_paths: Vec<PathBuf>,
    fonts: Vec<Vec<u8>>,
    /// A hash of the template, its modules and fonts.
    key: String,
}

/// A book typeset: its PDF and its number of pages.
struct Typeset {
    pdf: Vec<u8>,
    pages: usize,
}

/// Typesets the book of every year and language that has articles (none
/// when `pdf: false`), or takes it from the cache in `cache_dir`.
pub fn typeset_all(
    sources: &Sources<'_>,
    root: &Path,
    cache_dir: &Path,
) -> Result<Vec<BookFile>, Errors> {
    if sources.site.config.pdf.is_none() {
        return Ok(Vec::new());
    }
    let theme = read_theme(sources, root)?;
    let fonts: OnceLock<Arc<Fonts>> = OnceLock::new();
    let fonts = || {
        fonts
            .get_or_init(|| Arc::new(Fonts::new(theme.fonts.clone())))
            .clone()
    };
    let inputs = cache::Inputs::new(
        &theme.key,
        (sources.site, root),
        &sources.theme.strings,
        sources.photos,
        sources.typeset_on.as_ref(),
    );
    let years = by_year(&sources.site.articles);
    let jobs: Vec<(&Lang, i32, &Vec<&Article>)> = (sources.site.config.languages.iter())
        .flat_map(|lang| years.iter().map(move |(year, list)| (lang, *year, list)))
        .collect();
    let results = each_in_turn(&jobs, |(lang, year, articles)| {
        let key = inputs.key(lang, *year, articles);
        let file = cache::file(cache_dir, lang, *year, &key);
        let path = sources.urls.book(lang, *year);
        let made = match cache::found(&file) {
            Some((size, pages)) => Ok((file, size, pages, true)),
            None => {
                let book = Book::new(sources, lang, *year, articles);
                let export_to = sources.export.as_deref();
                one_book(&book, &theme, (&file, export_to), &fonts)
                    .map(|(size, pages)| (file, size, pages, false))
            }
        };
        made.map(|(cached, size, pages, reused)| BookFile {
            lang: (*lang).clone(),
            year: *year,
            path,
            cached,
            size,
            pages,
            reused,
        })
    });
    // Nothing memoized for these books is of use to a later build.
    typst::comemo::evict(0);
    let mut errors: Vec<Error> = Vec::new();
    let mut books = Vec::new();
    for result in results {
        match result {
            Ok(book) => books.push(book),
            // A template's error is the same in every book: said once.
            Err(e) => e.0.into_iter().for_each(|error| {
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }),
        }
    }
    Errors(errors).into_result(books)
}

/// `work` done on every job, as many at a time as the build has threads,
/// each thread taking the next job only once its book is done; the results
/// in the jobs' order.
///
/// Not a rayon iterator: Typst lays pages out with rayon too, and a rayon
/// thread waiting for that work steals the next book, so that every book of
/// the site ends up half typeset at once (memory grows by hundreds of
/// megabytes a book). Each thread has a pool of its own thread for Typst's
/// parallel work, so that it neither waits on the build's busy pool nor
/// takes another book.
fn each_in_turn<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, jobs.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let turns = || {
                        let mut done = Vec::new();
                        loop {
                            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(job) = jobs.get(index) else {
                                return done;
                            };
                            done.push((index, work(job)));
                        }
                    };
                    match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                        Ok(pool) => pool.install(turns),
                        Err(_) => turns(),
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            // A book that panicked is not left out without a word.
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// A book typeset and put in the cache as `file`: its size in bytes and
/// its number of pages.
fn one_book(
    book: &Book,
    theme: &Theme,
    (file, export_to): (&Path, Option<&Path>),
    fonts: &dyn Fn() -> Arc<Fonts>,
) -> Result<(u64, usize), Errors> {
    let data = serde_json::to_vec(book).unwrap_or_default();
    export::export_if_asked(book, theme, &data, export_to)?;
    let made = typeset(book, data, theme, fonts());
    // Typst memoizes layouts in one cache for the whole process: what only
    // this book used goes; what a book typeset alongside uses stays.
    typst::comemo::evict(1);
    let made = made.map_err(|errors| locate(book, theme, fonts(), errors))?;
    cache::store(file, &made.pdf, made.pages)
        .map_err(|error| Errors(vec![Error::file(&theme.template_path, error)]))?;
    Ok((made.pdf.len() as u64, made.pages))
}

/// The PDF of `book`, or Typst's errors.
fn typeset(
    book: &Book,
    data: Vec<u8>,
    theme: &Theme,
    fonts: Arc<Fonts>,
) -> Result<Typeset, Vec<Problem>> {
    let template = theme.template.clone();
    let world = BookWorld::new(fonts, template, &theme.modules, data, book.files.clone());
    let world = world.ok_or_else(|| {
        vec![Problem {
            file: world::MAIN.to_string(),
            line: 0,
            message: world::MAIN.to_string(),
        }]
    })?;
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|diagnostics| problems(&world, diagnostics.as_slice()))?;
    // PDF/UA-1 (accessible) when the book meets it, else a tagged PDF.
    let ident = format!("kyyeu-{}-{}", book.lang, book.year);
    let export = |standards: typst_pdf::PdfStandards| {
        let options = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom(ident.clone()),
            standards,
            ..typst_pdf::PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options)
    };
    let pages = document.pages().len();
    let accessible = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1]);
    if let Some(Ok(pdf)) = accessible.ok().map(export) {
        return Ok(Typeset { pdf, pages });
    }
    export(typst_pdf::PdfStandards::default())
        .map(|pdf| Typeset { pdf, pages })
        .map_err(|diagnostics| problems(&world, diagnostics.as_slice()))
}

/// What Typst said, and the file of the theme (`/book.typ`, `/cover.typ`)
/// and line it said it of (0: none).
#[derive(Debug, Clone)]
struct Problem {
    file: String,
    line: usize,
    message: String,
}

fn problems(world: &BookWorld, diagnostics: &[SourceDiagnostic]) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let mut message = diagnostic.message.to_string();
            for hint in &diagnostic.hints {
                message.push_str("; ");
                message.push_str(&hint.v);
            }
            let (file, line) = world.line_of(diagnostic.span);
            Problem {
                file,
                line,
                message,
            }
        })
        .collect()
}

/// Errors of a book that did not typeset: at the template when a book
/// without articles fails too or no article fails alone, else at the file
/// of each article that fails alone.
fn locate(book: &Book, theme: &Theme, fonts: Arc<Fonts>, problems: Vec<Problem>) -> Errors {
    let fails = |alone: &Book| {
        let data = serde_json::to_vec(alone).unwrap_or_default();
        typeset(alone, data, theme, fonts.clone()).err()
    };
    // The book with no article at all.
    if let Some(found) = fails(&book.only(usize::MAX)) {
        return template_errors(theme, found);
    }
    let name = format!("{}/{}", book.lang, book.year);
    let mut errors = Errors::default();
    for (index, article) in book.articles.iter().enumerate() {
        for problem in fails(&book.only(index)).unwrap_or_default() {
            let message = Message::new("pdf_typeset_failed")
                .arg("book", &name)
                .arg("problem", problem.message);
            errors.push(Error::file(&article.file, message));
        }
    }
    match errors.is_empty() {
        true => template_errors(theme, problems),
        false => errors,
    }
}

/// Typst's problems as errors at the lines of the template's files.
fn template_errors(theme: &Theme, problems: Vec<Problem>) -> Errors {
    let errors = problems.into_iter().map(|problem| {
        let module = theme
            .modules
            .iter()
            .position(|(path, _)| *path == problem.file);
        let path = module
            .and_then(|index| theme.module_paths.get(index))
            .unwrap_or(&theme.template_path);
        let message = Message::new("pdf_template_failed")
            .arg("template", crate::error::display_path(path))
            .arg("line", problem.line.to_string())
            .arg("problem", problem.message);
        Error::at(path, problem.line, 0, message)
    });
    Errors(errors.collect())
}

/// The template and fonts of the theme.
fn read_theme(sources: &Sources<'_>, root: &Path) -> Result<Theme, Errors> {
    let book = &sources.theme.book;
    let read = |name: &str, source: &Source| -> Result<Vec<u8>, Error> {
        match source {
            Source::Builtin(text) => Ok(text.as_bytes().to_vec()),
            Source::BuiltinBytes(bytes) => Ok(bytes.to_vec()),
            Source::File(path) => std::fs::read(root.join(path))
                .map_err(|e| Error::file(Path::new(name), crate::error::cannot_read(&e))),
        }
    };
    let (template_path, template) = match book.get("book.typ") {
        Some(Source::File(path)) => (path.clone(), crate::source::read_text(root, path)?),
        Some(source) => {
            let bytes = read("book.typ", source)?;
            (
                PathBuf::from("themes/default/book/book.typ"),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        }
        None => {
            return Err(Error::file(
                Path::new("themes/default/book/book.typ"),
                Message::new("pdf_no_font"),
            )
            .into())
        }
    };
    let mut modules = Vec::new();
    let mut module_paths = Vec::new();
    for (name, source) in book {
        if name == "book.typ" || !name.ends_with(".typ") || name.contains('/') {
            continue;
        }
        let (path, text) = match source {
            Source::File(path) => (path.clone(), crate::source::read_text(root, path)?),
            source => {
                let bytes = read(name, source)?;
                let path = PathBuf::from(format!("themes/default/book/{name}"));
                (path, String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        modules.push((format!("/{name}"), text));
        module_paths.push(path);
    }
    let mut fonts = Vec::new();
    for (name, source) in book {
        let lower = name.to_ascii_lowercase();
        if name.starts_with("fonts/")
            && [".ttf", ".otf", ".ttc", ".otc"]
                .iter()
                .any(|e| lower.ends_with(e))
        {
            fonts.push(read(name, source)?);
        }
    }
    if fonts.is_empty() {
        return Err(Error::file(&template_path, Message::new("pdf_no_font")).into());
    }
    let key = cache::theme_key(&template, &modules, &fonts);
    Ok(Theme {
        template,
        template_path,
        modules,
        module_paths,
        fonts,
        key,
    })
}

/// Articles by year, each year's oldest first (the site's are newest first).
fn by_year(articles: &[Article]) -> BTreeMap<i32, Vec<&Article>> {
    let mut years: BTreeMap<i32, Vec<&Article>> = BTreeMap::new();
    for article in articles.iter().rev() {
        years.entry(article.year).or_default().push(article);
    }
    years
}
