//! kyyeu turns a folder of Markdown articles about yearly conferences into a
//! bilingual static website.
//!
//! The pipeline, in [`build`]: load sources -> validated [`model::Site`] ->
//! photos resized (cached) -> pages planned as typed views -> rendered with
//! Tera, and the PDF yearbooks typeset with Typst (cached) -> written, with
//! the search index, to a staging folder that replaces the output whole.
//!
//! Uses: error, images, output, pipeline, source.

pub mod book;
pub mod commands;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod images;
pub mod jobs;
pub mod lang;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod slug;
pub mod source;
pub mod text;
pub mod urls;
pub mod views;
pub mod words;

use error::{Error, Failure};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What `kyyeu build` was asked to do, validated.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Remove cached photos that this build does not use.
    pub prune_cache: bool,
    /// Told how many photos there are, then once per photo done.
    pub progress: Option<Progress>,
    /// The day the books say they were typeset, in seconds since 1970
    /// (`SOURCE_DATE_EPOCH`); `None`: today.
    pub typeset_epoch: Option<i64>,
    /// A folder to write each typeset book's sources into, for Typst's own
    /// command line (`KYYEU_BOOK_EXPORT`).
    pub book_export: Option<PathBuf>,
}

/// A callback for progress: `(done, total)` photos.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            ..Options::default()
        }
    }

    pub fn output(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(|| self.root.join(".kyyeu-cache"))
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    /// Articles with a version left out because it is a draft.
    pub drafts_left_out: usize,
    /// Files with fields still marked to translate (left out unless
    /// drafts are shown).
    pub marked: usize,
    pub pages: usize,
    pub photos_processed: usize,
    pub photos_cached: usize,
    /// Bytes of the source photos and of every published photo file.
    pub photos_source_bytes: u64,
    pub photos_published_bytes: u64,
    /// Cache entries removed by `prune_cache`.
    pub cache_pruned: usize,
    /// PDF yearbooks typeset by this build, and taken from the cache.
    pub books_typeset: usize,
    pub books_reused: usize,
    pub warnings: Vec<Error>,
    pub elapsed: Duration,
    /// Each phase's name and duration, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Builds the site of `options.root` into its output folder, phase by
/// phase (see [`pipeline`]); the output is replaced whole or not at all.
pub fn build(options: &Options) -> Result<Report, Failure> {
    let mut clock = Clock::start();
    let output = options.output();
    // A root that is no site is refused before the output's lock creates a folder.
    source::check_is_site(&options.root)?;
    output::check_output(&options.root, &output)?;
    let _lock = output::Lock::acquire(&output)?;
    let loaded = clock.phase("load", || pipeline::load(options))?;
    let site = &loaded.site;
    let photos = clock.phase("photos", || {
        pipeline::process_photos(options, &site.photos(), &site.config.photos)
    })?;
    let prepared = pipeline::compile(loaded, photos)?;
    let staging = output::Staging::new(&output)?;
    let (emitted, books) = clock.phase("render", || {
        pipeline::emit_with_books(options, &prepared, &staging)
    })?;
    clock.phase("write", || staging.commit())?;
    let cache_pruned = match options.prune_cache {
        true => images::prune_cache(&options.cache_dir(), &prepared.photos),
        false => 0,
    };
    Ok(Report {
        cache_pruned,
        books_typeset: books.iter().filter(|book| !book.reused).count(),
        books_reused: books.iter().filter(|book| book.reused).count(),
        ..Report::of(&prepared, &emitted, clock)
    })
}

impl Report {
    /// What a build of `prepared` that wrote `emitted` did.
    fn of(prepared: &pipeline::Prepared, emitted: &pipeline::Emitted, clock: Clock) -> Report {
        let photos = &prepared.photos;
        Report {
            articles: prepared.loaded.site.articles.len(),
            drafts_left_out: prepared.loaded.site.drafts_left_out,
            marked: prepared.loaded.site.marked.len(),
            pages: emitted.pages.len() + 1,
            photos_cached: photos.values().filter(|p| p.from_cache).count(),
            photos_processed: photos.values().filter(|p| !p.from_cache).count(),
            photos_source_bytes: photos.values().map(|p| p.source_bytes).sum(),
            photos_published_bytes: photos
                .values()
                .map(images::Processed::published_bytes)
                .sum(),
            warnings: prepared.loaded.warnings.clone(),
            elapsed: clock.started.elapsed(),
            timings: clock.phases,
            cache_pruned: 0,
            books_typeset: 0,
            books_reused: 0,
        }
    }
}

/// How long each phase of a build took.
struct Clock {
    started: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            started: Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Runs `phase`, recording how long it took.
    fn phase<T>(&mut self, name: &'static str, phase: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = phase();
        self.phases.push((name, started.elapsed()));
        out
    }
}
