//! The phases of a build as public functions, each with one input and one
//! output: [`load`] (sources -> validated site, every link resolved),
//! [`process_photos`] (resized, cached), [`prepare`] (both, and the
//! templates compiled), [`emit`] (every page, the sitemap, the search index,
//! the theme's and the site's static files and the photos put into a sink),
//! [`typeset_books`] (the PDF yearbooks, cached) and [`check_books`] (their
//! template typeset in memory). `build` in the crate root, `check`, `serve` (through `live`) and the fuzz
//! targets all drive these same functions; none has a loop of its own.
//!
//! Uses: source, images, book, pages, render, search, output, urls, views,
//! model, error, lib.

use crate::book::{self, BookFile};
use crate::error::{Errors, Failure};
use crate::images::Processed;
use crate::model::{Attachment, Photo, PhotoSettings};
use crate::output::Sink;
use crate::pages::{self, Job, PageJob, Plan};
use crate::render::Renderer;
use crate::source::{self, Loaded};
use crate::urls::Urls;
use crate::{urls, views, Options, Progress};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The processed photos of a site, by source path.
pub type Photos = BTreeMap<String, Processed>;

/// A site ready to be rendered: validated, its photos made, its templates
/// compiled.
#[derive(Clone)]
pub struct Prepared {
    pub loaded: Loaded,
    pub photos: Photos,
    pub renderer: Renderer,
}

impl Prepared {
    /// What page planning reads.
    pub fn inputs(&self) -> pages::PlanInputs<'_> {
        pages::PlanInputs {
            site: &self.loaded.site,
            theme: &self.loaded.theme,
            urls: &self.loaded.urls,
            photos: &self.photos,
            books: &pages::NO_BOOKS,
        }
    }
}

/// What one page job wrote: its file and its sitemap entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFile {
    pub file: String,
    pub entry: Option<views::SitemapUrl>,
}

/// What [`emit`] wrote: each page job's file and sitemap entry, and the
/// sitemap's files.
pub struct Emitted {
    pub pages: Vec<(PageJob, PageFile)>,
    pub sitemap: Vec<String>,
}

/// Reads and validates the site of `options.root` (phase one).
pub fn load(options: &Options) -> Result<Loaded, Failure> {
    source::load(&options.root, options.base_url.as_deref(), options.drafts)
}

/// Resizes every photo of `list` (all of the site's, or those of the
/// articles a preview read again), or takes it from the cache, reporting
/// progress (phase two).
pub fn process_photos(
    options: &Options,
    list: &[&Photo],
    settings: &PhotoSettings,
) -> Result<Photos, Failure> {
    let total = list.len();
    let done = AtomicUsize::new(0);
    let tick = || {
        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(Progress(report)) = &options.progress {
            report(done, total);
        }
    };
    Ok(crate::images::process_all(
        list,
        &options.root,
        &options.cache_dir(),
        settings,
        &tick,
    )?)
}

/// Loads the site and makes its photos (without progress), then compiles
/// its templates: what a preview or a fuzz target renders from.
pub fn prepare(options: &Options) -> Result<Prepared, Failure> {
    let loaded = load(options)?;
    let site = &loaded.site;
    let photos = process_photos(options, &site.photos(), &site.config.photos)?;
    compile(loaded, photos)
}

/// Compiles the theme's templates for a site loaded and whose photos are made.
pub fn compile(loaded: Loaded, photos: Photos) -> Result<Prepared, Failure> {
    let renderer = Renderer::new(&loaded.theme)?;
    Ok(Prepared {
        loaded,
        photos,
        renderer,
    })
}

/// Renders every page and puts every file of the site into `sink`: the
/// theme's and the site's static files, the pages, the sitemap, the search
/// index and the photos (no PDF yearbook: see [`emit_with_books`]).
pub fn emit(root: &Path, prepared: &Prepared, sink: &dyn Sink) -> Result<Emitted, Failure> {
    let no_books = || Ok(Vec::new());
    emit_with(root, prepared, sink, &no_books).map(|(emitted, _)| emitted)
}

/// Like [`emit`], and the PDF yearbooks too, typeset (or taken from the
/// cache) while the pages that do not link them are rendered.
pub fn emit_with_books(
    options: &Options,
    prepared: &Prepared,
    sink: &dyn Sink,
) -> Result<(Emitted, Vec<BookFile>), Failure> {
    let typeset = || typeset_books(options, prepared);
    emit_with(&options.root, prepared, sink, &typeset)
}

/// The PDF yearbooks of the site, typeset or from the cache.
pub fn typeset_books(options: &Options, prepared: &Prepared) -> Result<Vec<BookFile>, Failure> {
    let cache = options.cache_dir();
    Ok(book::typeset_all(
        &book_sources(options, prepared),
        &options.root,
        &cache,
    )?)
}

/// Typesets the theme's book template in memory against the site's data,
/// storing nothing (`kyyeu check`): its problems as errors.
pub fn check_books(options: &Options, prepared: &Prepared) -> Result<(), Failure> {
    Ok(book::check_template(
        &book_sources(options, prepared),
        &options.root,
    )?)
}

/// What the books of a prepared site are made from.
fn book_sources<'a>(options: &'a Options, prepared: &'a Prepared) -> book::Sources<'a> {
    book::Sources {
        site: &prepared.loaded.site,
        root: &options.root,
        urls: &prepared.loaded.urls,
        theme: &prepared.loaded.theme,
        photos: &prepared.photos,
        typeset_on: options.typeset_epoch.and_then(book::day_of_epoch),
        export: options.book_export.clone(),
    }
}

type Typeset<'a> = dyn Fn() -> Result<Vec<BookFile>, Failure> + Sync + 'a;

fn emit_with(
    root: &Path,
    prepared: &Prepared,
    sink: &dyn Sink,
    typeset: &Typeset<'_>,
) -> Result<(Emitted, Vec<BookFile>), Failure> {
    copy_assets(sink, root, &prepared.loaded)?;
    let inputs = prepared.inputs();
    let plan = Plan::new(&inputs);
    let jobs = plan.jobs();
    // Year pages and print editions link the books: rendered once they are made.
    let links_book = |job: &&PageJob| matches!(job.job, Job::Year(_) | Job::Print(_));
    let (later, now): (Vec<&PageJob>, Vec<&PageJob>) = jobs.iter().partition(links_book);
    let now: Vec<PageJob> = now.into_iter().cloned().collect();
    let ((books, search), rendered) = rayon::join(
        || rayon::join(typeset, || write_search_index(sink, &prepared.loaded)),
        || render_pages(sink, &prepared.renderer, &plan, &now),
    );
    let (books, _) = (books?, search?);
    let sizes: pages::BookSizes = books
        .iter()
        .map(|book| ((book.lang.clone(), book.year), (book.size, book.pages)))
        .collect();
    let with_books = pages::PlanInputs {
        books: &sizes,
        ..prepared.inputs()
    };
    let later: Vec<PageJob> = later.into_iter().cloned().collect();
    let rendered_later = render_pages(sink, &prepared.renderer, &Plan::new(&with_books), &later)?;
    // Back in the jobs' order, which the sitemap follows.
    let mut files: std::collections::HashMap<PageJob, PageFile> = (now.into_iter().zip(rendered?))
        .chain(later.into_iter().zip(rendered_later))
        .filter_map(|(job, page)| Some((job, page?)))
        .collect();
    let pages: Vec<(PageJob, PageFile)> = jobs
        .into_iter()
        .filter_map(|job| files.remove(&job).map(|page| (job, page)))
        .collect();
    let entries = pages.iter().filter_map(|(_, page)| page.entry.clone());
    let sitemap = render_sitemap(sink, &prepared.renderer, &plan, entries.collect())?;
    publish_photos(sink, prepared.photos.values())?;
    publish_attachments(sink, root, prepared.loaded.site.attachments())?;
    for book in &books {
        sink.link(&book.cached, &book.path)?;
    }
    Ok((Emitted { pages, sitemap }, books))
}

/// The theme's stylesheet with `style: accent` of site.yaml as its
/// `--accent` (a checked CSS colour: `source::config::is_css_colour`).
fn accented_stylesheet(
    root: &Path,
    asset: &source::theme::Source,
    accent: &str,
) -> Result<String, Failure> {
    let mut css = match asset {
        source::theme::Source::Builtin(text) => text.to_string(),
        source::theme::Source::BuiltinBytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        source::theme::Source::File(path) => {
            source::read_text(root, path).map_err(|e| Failure::Content(e.into()))?
        }
    };
    css.push_str(&format!(
        "\n/* style: accent (site.yaml) */\n:root {{ --accent: {accent}; }}\n"
    ));
    Ok(css)
}

/// Copies the attachments of articles and pages into `sink`, byte for byte.
pub fn publish_attachments<'a>(
    sink: &dyn Sink,
    root: &Path,
    attachments: impl Iterator<Item = &'a Attachment>,
) -> Result<(), Failure> {
    for attachment in attachments {
        sink.copy(&root.join(&attachment.source), &attachment.output_path)?;
    }
    Ok(())
}

/// Puts the resized files of `photos` (in the cache) into `sink`.
pub fn publish_photos<'a>(
    sink: &dyn Sink,
    photos: impl Iterator<Item = &'a Processed>,
) -> Result<(), Failure> {
    for variant in photos.flat_map(|p| &p.variants) {
        sink.link(&variant.cached, &variant.path)?;
        if let Some((path, cached)) = &variant.webp {
            sink.link(cached, path)?;
        }
    }
    Ok(())
}

/// Plans, renders and writes the pages of `jobs` in parallel, collecting
/// template errors. Each page's view is dropped as soon as it is written.
/// `None` for a job whose page does not exist.
pub fn render_pages(
    sink: &dyn Sink,
    renderer: &Renderer,
    plan: &Plan<'_>,
    jobs: &[PageJob],
) -> Result<Vec<Option<PageFile>>, Failure> {
    // A few pages (an update in `serve`) are shared out one by one: a year
    // page with hundreds of articles takes as long as a hundred others.
    let min_len = if jobs.len() < 1024 { 1 } else { 8 };
    let results: Vec<Result<Option<PageFile>, Failure>> = jobs
        .par_iter()
        .with_min_len(min_len)
        .map(|job| {
            let Some(page) = plan.page(job) else {
                return Ok(None);
            };
            render_page(sink, renderer, &page)?;
            Ok(Some(PageFile {
                file: urls::file_of(&page.path),
                entry: pages::sitemap_entry(&page),
            }))
        })
        .collect();
    let mut errors = Errors::default();
    let mut rendered = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) => rendered.push(page),
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
pub fn render_sitemap(
    sink: &dyn Sink,
    renderer: &Renderer,
    plan: &Plan<'_>,
    mut entries: Vec<views::SitemapUrl>,
) -> Result<Vec<String>, Failure> {
    let per_file = plan.inputs.site.config.sitemap_urls.max(1);
    if entries.len() <= per_file {
        render_page(sink, renderer, &plan.sitemap(Urls::SITEMAP, entries))?;
        return Ok(vec![Urls::SITEMAP.to_string()]);
    }
    let mut parts = Vec::new();
    while !entries.is_empty() {
        let rest = entries.split_off(entries.len().min(per_file));
        parts.push(std::mem::replace(&mut entries, rest));
    }
    let index = sitemap_parts(plan, &parts);
    parts
        .into_par_iter()
        .zip(&index)
        .try_for_each(|(part, (path, _))| render_page(sink, renderer, &plan.sitemap(path, part)))?;
    let (mut written, listed): (Vec<String>, Vec<views::SitemapPart>) = index.into_iter().unzip();
    render_page(sink, renderer, &plan.sitemap_index(listed))?;
    written.push(Urls::SITEMAP.to_string());
    Ok(written)
}

/// The path and index entry of each part of a sitemap split in `parts`.
fn sitemap_parts(
    plan: &Plan<'_>,
    parts: &[Vec<views::SitemapUrl>],
) -> Vec<(String, views::SitemapPart)> {
    let site_urls = plan.inputs.urls;
    parts
        .iter()
        .enumerate()
        .map(|(number, entries)| {
            let path = Urls::sitemap_part(number + 1);
            let lastmod = entries.iter().filter_map(|u| u.lastmod.clone()).max();
            let loc = site_urls.absolute(&path);
            (path, views::SitemapPart { loc, lastmod })
        })
        .collect()
}

/// Renders one page and writes it.
fn render_page(sink: &dyn Sink, renderer: &Renderer, page: &views::Page) -> Result<(), Failure> {
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

/// Writes the search index of every language (see [`crate::search`]).
fn write_search_index(sink: &dyn Sink, loaded: &Loaded) -> Result<(), Failure> {
    let write = |path: String, bytes: Vec<u8>| sink.write(&path, &bytes);
    crate::search::write_index(&loaded.site, &loaded.urls, &loaded.theme, &write)
}

/// The theme's static files and `robots.txt`, then the site's `static/`
/// folder over them.
fn copy_assets(sink: &dyn Sink, root: &Path, loaded: &Loaded) -> Result<(), Failure> {
    use source::theme::Source;
    let accent = loaded.site.config.style.accent.as_deref();
    for (rel, asset) in &loaded.theme.assets {
        match (asset, accent) {
            (asset, Some(accent)) if rel == Urls::STYLESHEET => {
                let css = accented_stylesheet(root, asset, accent)?;
                sink.write(rel, css.as_bytes())?;
            }
            (Source::Builtin(text), _) => sink.write(rel, text.as_bytes())?,
            (Source::BuiltinBytes(bytes), _) => sink.write(rel, bytes)?,
            (Source::File(path), _) => sink.copy(&root.join(path), rel)?,
        }
    }
    let sitemap = loaded.urls.absolute(Urls::SITEMAP);
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n");
    sink.write(Urls::ROBOTS, robots.as_bytes())?;
    for (site_path, file) in source::static_files(root) {
        sink.copy(&file, &site_path)?;
    }
    Ok(())
}
