//! kyyeu turns a folder of Markdown articles about yearly conferences into a
//! bilingual static website.
//!
//! The pipeline, in [`build`]: load sources -> validated [`model::Site`] ->
//! photos resized (cached) -> pages planned as typed views -> rendered with
//! Tera -> written, with the search index, to a staging folder that replaces
//! the output whole.

pub mod commands;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod images;
pub mod lang;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod output;
pub mod pages;
pub mod render;
pub mod search;
pub mod slug;
pub mod source;
pub mod text;
pub mod urls;
pub mod views;

use error::{Error, Errors, Failure};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    pub pages: usize,
    pub photos_processed: usize,
    pub photos_cached: usize,
    /// Bytes of the source photos and of every published photo file.
    pub photos_source_bytes: u64,
    pub photos_published_bytes: u64,
    /// Cache entries removed by `prune_cache`.
    pub cache_pruned: usize,
    pub warnings: Vec<Error>,
    pub elapsed: Duration,
}

/// Builds the site of `options.root` into its output folder.
pub fn build(options: &Options) -> Result<Report, Failure> {
    let started = Instant::now();
    let output = options.output();
    output::check_output(&options.root, &output)?;
    let _lock = output::Lock::acquire(&output)?;
    let prepared = prepare(options)?;
    let staging = output::Staging::new(&output)?;
    emit(options, &prepared, &staging)?;
    time_folders(&staging);
    timed("swap", || staging.commit())?;
    let cache_pruned = if options.prune_cache {
        images::prune_cache(&options.cache_dir(), &prepared.photos)
    } else {
        0
    };
    Ok(Report {
        cache_pruned,
        elapsed: started.elapsed(),
        ..prepared.report()
    })
}

/// Everything a build has worked out before it writes a file.
struct Prepared {
    loaded: source::Loaded,
    photos: BTreeMap<String, images::Processed>,
    renderer: render::Renderer,
    /// Pages written by `emit`.
    pages: std::sync::atomic::AtomicUsize,
}

impl Prepared {
    /// What page planning reads.
    fn inputs(&self) -> pages::PlanInputs<'_> {
        pages::PlanInputs {
            site: &self.loaded.site,
            theme: &self.loaded.theme,
            urls: &self.loaded.urls,
            photos: &self.photos,
        }
    }

    fn report(&self) -> Report {
        let photos = &self.photos;
        Report {
            articles: self.loaded.site.articles.len(),
            pages: self.pages.load(std::sync::atomic::Ordering::Relaxed),
            photos_cached: photos.values().filter(|p| p.from_cache).count(),
            photos_processed: photos.values().filter(|p| !p.from_cache).count(),
            photos_source_bytes: photos.values().map(|p| p.source_bytes).sum(),
            photos_published_bytes: photos
                .values()
                .map(images::Processed::published_bytes)
                .sum(),
            warnings: self.loaded.warnings.clone(),
            ..Report::default()
        }
    }
}

/// Loads the site, processes its photos and plans its pages.
fn prepare(options: &Options) -> Result<Prepared, Failure> {
    let loaded = timed("load", || {
        source::load(&options.root, options.base_url.as_deref(), options.drafts)
    })?;
    let photos = timed("photos", || process_photos(options, &loaded.site))?;
    let renderer = render::Renderer::new(&loaded.theme)?;
    Ok(Prepared {
        loaded,
        photos,
        renderer,
        pages: Default::default(),
    })
}

/// What [`emit`] wrote: each job's file and sitemap entry, and the
/// sitemap's files.
struct Emitted {
    jobs: Vec<(pages::PageJob, Rendered)>,
    sitemap: Vec<String>,
}

/// Renders every page and puts every file of the site into `sink`.
fn emit(
    options: &Options,
    prepared: &Prepared,
    sink: &dyn output::Sink,
) -> Result<Emitted, Failure> {
    copy_assets(sink, &options.root, &prepared.loaded.theme)?;
    let inputs = prepared.inputs();
    let (pages, search) = rayon::join(
        || {
            let plan = pages::Plan::new(&inputs);
            let jobs = plan.jobs();
            timed("pages", || {
                let rendered = render_jobs(sink, &prepared.renderer, &plan, &jobs)?;
                let entries = rendered.iter().flatten().filter_map(|r| r.entry.clone());
                let sitemap = timed("sitemap", || {
                    render_sitemap(sink, &prepared.renderer, &plan, entries.collect())
                })?;
                let jobs = jobs
                    .into_iter()
                    .zip(rendered)
                    .filter_map(|(j, r)| Some((j, r?)));
                Ok::<_, Failure>((jobs, sitemap))
            })
        },
        || {
            timed("search index", || {
                write_search_index(sink, &prepared.loaded)
            })
        },
    );
    let (jobs, sitemap) = pages?;
    let jobs: Vec<(pages::PageJob, Rendered)> = jobs.collect();
    prepared
        .pages
        .store(jobs.len() + 1, std::sync::atomic::Ordering::Relaxed);
    search?;
    link_photos(sink, prepared.photos.values())?;
    Ok(Emitted { jobs, sitemap })
}

/// Puts the resized files of `photos` (in the cache) into `sink`.
fn link_photos<'a>(
    sink: &dyn output::Sink,
    photos: impl Iterator<Item = &'a images::Processed>,
) -> Result<(), Failure> {
    for variant in photos.flat_map(|p| &p.variants) {
        sink.link(&variant.cached, &variant.path)?;
        if let Some((path, cached)) = &variant.webp {
            sink.link(cached, path)?;
        }
    }
    Ok(())
}

/// Whether `KYYEU_TIMINGS` is set: phases and folders are then timed.
fn timings_on() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("KYYEU_TIMINGS").is_some())
}

/// With `KYYEU_TIMINGS` set, prints the folders made and their mean time.
fn time_folders(staging: &output::Staging) {
    if timings_on() {
        let (made, each, homes) = staging.folders();
        eprintln!(
            "timing: folders: {made} made, {:.0} µs each, homes: {homes}",
            each.as_secs_f64() * 1e6,
        );
    }
}

/// Runs `f`; with `KYYEU_TIMINGS` set, prints how long it took to stderr
/// (for profiling a build's phases; see bench/README.md).
fn timed<T>(phase: &str, f: impl FnOnce() -> T) -> T {
    if !timings_on() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    eprintln!(
        "timing: {phase}: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    out
}

/// Resizes every photo of the site (or takes it from the cache), reporting progress.
fn process_photos(
    options: &Options,
    site: &model::Site,
) -> Result<BTreeMap<String, images::Processed>, Failure> {
    let list: Vec<&model::Photo> = site.articles.iter().flat_map(|a| a.photos.iter()).collect();
    let total = list.len();
    let count = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let done = count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if let Some(Progress(report)) = &options.progress {
            report(done, total);
        }
    };
    Ok(images::process_all(
        &list,
        &options.root,
        &options.cache_dir(),
        &site.config.photos,
        &tick,
    )?)
}

/// What one job wrote: its file and its sitemap entry.
#[derive(Debug, Clone, PartialEq)]
struct Rendered {
    file: String,
    entry: Option<views::SitemapUrl>,
}

/// Plans, renders and writes the pages of `jobs` in parallel, collecting
/// template errors. Each page's view is dropped as soon as it is written.
/// `None` for a job whose page does not exist.
fn render_jobs(
    sink: &dyn output::Sink,
    renderer: &render::Renderer,
    plan: &pages::Plan<'_>,
    jobs: &[pages::PageJob],
) -> Result<Vec<Option<Rendered>>, Failure> {
    let results: Vec<Result<Option<Rendered>, Failure>> = jobs
        .par_iter()
        .with_min_len(8)
        .map(|job| {
            let Some(page) = plan.page(job) else {
                return Ok(None);
            };
            render_page(sink, renderer, &page)?;
            Ok(Some(Rendered {
                file: urls::file_of(&page.path),
                entry: pages::sitemap_entry(&page),
            }))
        })
        .collect();
    let mut errors = Errors::default();
    let mut rendered = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(r) => rendered.push(r),
            Err(Failure::Content(e)) => errors.extend(e),
            // A file that cannot be written (a full disk, a read-only
            // folder) stops the build with that one message.
            Err(other) => return Err(other),
        }
    }
    errors.into_result(rendered).map_err(Failure::Content)
}

/// Renders and writes `sitemap.xml` from the entries of every page; returns
/// the paths written. A site with more URLs than `limits: {sitemap_urls}`
/// (10,000 by default) gets a sitemap index at `sitemap.xml` and its URLs in
/// parts, `sitemap-1.xml`, `sitemap-2.xml`…, rendered in parallel.
fn render_sitemap(
    sink: &dyn output::Sink,
    renderer: &render::Renderer,
    plan: &pages::Plan<'_>,
    mut entries: Vec<views::SitemapUrl>,
) -> Result<Vec<String>, Failure> {
    let per_file = plan.inputs.site.config.sitemap_urls.max(1);
    if entries.len() <= per_file {
        render_page(sink, renderer, &plan.sitemap("sitemap.xml", entries))?;
        return Ok(vec!["sitemap.xml".to_string()]);
    }
    let mut parts = Vec::new();
    while !entries.is_empty() {
        let rest = entries.split_off(entries.len().min(per_file));
        parts.push(std::mem::replace(&mut entries, rest));
    }
    let urls = plan.inputs.urls;
    let index: Vec<(String, views::SitemapPart)> = parts
        .iter()
        .enumerate()
        .map(|(n, urls_of_part)| {
            let path = format!("sitemap-{}.xml", n + 1);
            let lastmod = urls_of_part.iter().filter_map(|u| u.lastmod.clone()).max();
            let loc = urls.absolute(&path);
            (path, views::SitemapPart { loc, lastmod })
        })
        .collect();
    parts
        .into_par_iter()
        .zip(&index)
        .try_for_each(|(part, (path, _))| render_page(sink, renderer, &plan.sitemap(path, part)))?;
    let (mut written, listed): (Vec<String>, Vec<views::SitemapPart>) = index.into_iter().unzip();
    render_page(sink, renderer, &plan.sitemap_index(listed))?;
    written.push("sitemap.xml".to_string());
    Ok(written)
}

/// Renders one page and writes it.
fn render_page(
    sink: &dyn output::Sink,
    renderer: &render::Renderer,
    page: &views::Page,
) -> Result<(), Failure> {
    // Each thread renders into one buffer, grown to its largest page once
    // rather than from nothing for every page.
    thread_local! {
        static OUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    OUT.with(|out| {
        let mut out = out.borrow_mut();
        renderer
            .render_into(page, &mut out)
            .map_err(|e| Failure::Content(e.into()))?;
        sink.write(&urls::file_of(&page.path), &out)
    })
}

/// Writes the search index of every language (see [`search`]).
fn write_search_index(staging: &dyn output::Sink, loaded: &source::Loaded) -> Result<(), Failure> {
    let files = search::index_files(&loaded.site, &loaded.urls, &loaded.theme)
        .map_err(|e| Failure::Content(e.into()))?;
    files
        .par_iter()
        .try_for_each(|(path, bytes)| staging.write(path, bytes))
}

/// The theme's static files, then the site's `static/` folder over them.
fn copy_assets(
    staging: &dyn output::Sink,
    root: &Path,
    theme: &source::theme::Theme,
) -> Result<(), Failure> {
    for (rel, source) in &theme.assets {
        match source {
            source::theme::Source::Builtin(text) => staging.write(rel, text.as_bytes())?,
            source::theme::Source::File(path) => staging.copy(&root.join(path), rel)?,
        }
    }
    let dir = root.join("static");
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            staging.copy(entry.path(), &rel.to_string_lossy().replace('\\', "/"))?;
        }
    }
    Ok(())
}
