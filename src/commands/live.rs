//! The site kept in memory between rebuilds, for `kyyeu serve`: when only
//! articles change, just those articles are read again and just the pages
//! that show them are rendered again (their own pages in every language,
//! their years, units and speakers, the home pages, the indexes and the
//! feeds). Anything else (site.yaml, units.yaml, the theme, static files, an
//! article added, removed, moved to another year or renamed) rebuilds the
//! whole site in memory. The PDF yearbooks are typeset elsewhere (from a
//! [`Live::snapshot`]); once they are, [`Live::set_books`] renders the year
//! pages and print editions again to link them.
//!
//! Uses: pipeline (prepare, emit, render_jobs), source (the reload of one
//! article), discover, article, pages, images, search, output (memory),
//! book (the books typeset), error, lang, model, lib (`Options`).

use crate::book::BookFile;
use crate::error::{Errors, Failure};
use crate::model::Article;
use crate::output::{Content, Memory};
use crate::pages::{self, BookSizes, Job, PageJob, PlanInputs};
use crate::pipeline::{self, PageFile, Prepared};
use crate::source::discover;
use crate::Options;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// A site rendered in memory, ready to be updated in part.
pub struct Live {
    options: Options,
    /// Shared with the typesetting of the books, copied when it changes
    /// while they are typeset.
    prepared: Arc<Prepared>,
    /// The sizes of the books typeset, which year pages and print editions
    /// link (none until they are typeset).
    books: BookSizes,
    /// Every page job of the last render, with what it wrote.
    pages: FxHashMap<PageJob, PageFile>,
    /// Articles whose last reading failed: read again at every update.
    pending: BTreeSet<String>,
    /// What [`Live::finish`] has left to do after an [`Live::update`]: the
    /// pages to render, and those the update rendered already.
    rest: Option<(FxHashSet<Job>, Early)>,
    /// The sitemap's files: `sitemap.xml`, and its parts on a large site.
    sitemap: Vec<String>,
}

/// The pages [`Live::update`] rendered before the others.
type Early = FxHashMap<PageJob, Option<PageFile>>;

/// The files an update changed.
#[derive(Debug, Default)]
pub struct Update {
    /// New or changed files.
    pub files: Vec<(String, Content)>,
    /// Files that no longer exist.
    pub removed: Vec<String>,
    /// Pages rendered again.
    pub pages: usize,
}

impl Live {
    /// Renders the whole site in memory; returns it with every file.
    pub fn build(options: &Options) -> Result<(Live, HashMap<String, Content>), Failure> {
        let prepared = pipeline::prepare(options)?;
        let memory = Memory::default();
        let emitted = pipeline::emit(&options.root, &prepared, &memory)?;
        let live = Live {
            options: options.clone(),
            prepared: Arc::new(prepared),
            books: BookSizes::new(),
            pages: emitted.pages.into_iter().collect(),
            pending: BTreeSet::new(),
            rest: None,
            sitemap: emitted.sitemap,
        };
        Ok((live, memory.into_files()))
    }

    /// Pages in the site.
    pub fn pages(&self) -> usize {
        self.pages.len() + 1
    }

    /// Articles and pages with a version left out because it is a draft
    /// (served with `drafts` off), as the last whole load counted them.
    pub fn drafts_left_out(&self) -> usize {
        self.prepared.loaded.site.drafts_left_out
    }

    /// Brings the site up to date after `changed` (paths as the watcher
    /// gives them), in two steps: this renders the changed articles' own
    /// pages, so that they can be served at once; [`Live::finish`] then
    /// renders every other page that shows them. `Ok(None)` when the change
    /// needs a whole rebuild ([`Live::build`]); on an error the site stays
    /// as it was.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Option<Update>, Failure> {
        let Some(mut keys) = self.articles_of(changed) else {
            return Ok(None);
        };
        keys.extend(self.pending.iter().cloned());
        if keys.is_empty() {
            return Ok(Some(Update::default()));
        }
        let mut fresh: Vec<Article> = Vec::new();
        let mut errors = Errors::default();
        for key in &keys {
            let loaded = &self.prepared.loaded;
            match crate::source::reload_article(
                &self.options.root,
                loaded,
                key,
                self.options.drafts,
            ) {
                Ok(crate::source::article::Built {
                    article: Some(article),
                    ..
                }) => fresh.push(article),
                Ok(_) => return Ok(None),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            self.pending = keys;
            return Err(Failure::Content(errors.sorted()));
        }
        self.pending.clear();
        let site = &self.prepared.loaded.site;
        let mut old: Vec<Article> = Vec::new();
        for new in &fresh {
            match site.articles.iter().find(|a| a.key == new.key) {
                Some(a) if a.year == new.year && a.slug == new.slug => old.push(a.clone()),
                _ => return Ok(None),
            }
        }
        let photos = self.process_photos(&fresh)?;
        let (mut affected, mut early) = self.rest.take().unwrap_or_default();
        affected.extend(self.affected(&old, &fresh));
        let keys: Vec<String> = fresh.iter().map(|a| a.key.clone()).collect();
        let keys_set: FxHashSet<String> = keys.iter().cloned().collect();
        let site = &mut Arc::make_mut(&mut self.prepared).loaded.site;
        for article in fresh {
            if let Some(slot) = site.articles.iter_mut().find(|a| a.key == article.key) {
                *slot = article;
            }
        }
        crate::model::sort_newest_first(&mut site.articles);
        let prepared = &self.prepared;
        let inputs = with_books(prepared, &self.books);
        let plan = pages::Plan::articles_only(&inputs);
        let own: Vec<PageJob> = keys
            .into_iter()
            .flat_map(|key| {
                (0..inputs.site.config.languages.len()).map(move |lang| PageJob {
                    lang,
                    job: Job::Article(key.clone()),
                })
            })
            .collect();
        let memory = Memory::default();
        let rendered = pipeline::render_pages(&memory, &prepared.renderer, &plan, &own)?;
        pipeline::publish_photos(&memory, photos.iter())?;
        let fresh_articles = inputs
            .site
            .articles
            .iter()
            .filter(|a| keys_set.contains(&a.key));
        let attachments = fresh_articles.flat_map(|a| &a.attachments);
        pipeline::publish_attachments(&memory, &self.options.root, attachments)?;
        let pages = fresh_count(&memory);
        early.extend(own.into_iter().zip(rendered));
        self.rest = Some((affected, early));
        Ok(Some(Update {
            files: memory.into_files().into_iter().collect(),
            removed: Vec::new(),
            pages,
        }))
    }

    /// Renders the pages that [`Live::update`] left: every page that shows
    /// the changed articles, those that appeared, and the sitemap when an
    /// entry changed; drops the pages that are gone.
    pub fn finish(&mut self) -> Result<Update, Failure> {
        match self.rest.take() {
            Some((affected, early)) => self.render(affected, early),
            None => Ok(Update::default()),
        }
    }

    /// The keys of the articles that `changed` touches, or `None` when a
    /// change is not to an existing article's files.
    fn articles_of(&self, changed: &[PathBuf]) -> Option<BTreeSet<String>> {
        let root = &self.options.root;
        let absolute = crate::output::resolve(root);
        let site = &self.prepared.loaded.site;
        let mut keys = BTreeSet::new();
        for path in changed {
            let rel = path
                .strip_prefix(&absolute)
                .or_else(|_| path.strip_prefix(root))
                .ok()?;
            let name = rel.file_name()?.to_string_lossy().to_string();
            if !rel.starts_with("content") {
                // The watcher also sees the output.
                return None;
            }
            if name.ends_with('~') || !discover::is_discoverable(root, rel) {
                // Editors' temporary files, and what the walk of
                // `content/` leaves out (hidden names, links).
                continue;
            }
            if rel.starts_with("content/pages") {
                // A page (or its photo) is on every page's menu: all is rebuilt.
                return None;
            }
            if crate::lang::split_markdown_name(&name).is_some() {
                // A Markdown file the walk leaves out (inside another's
                // bundle) is no article's.
                let Some(key) = discover::key_of(root, rel) else {
                    continue;
                };
                if !site.articles.iter().any(|a| a.key == key) && !self.pending.contains(&key) {
                    return None;
                }
                keys.insert(key);
            } else if path.is_dir() {
                continue;
            } else if let Some(a) = site
                .articles
                .iter()
                .find(|a| a.photos.iter().any(|p| p.source == rel))
            {
                keys.insert(a.key.clone());
            } else if name == "units.yaml" {
                return None;
            }
            // Any other file under content/ is a photo no article shows yet.
        }
        Some(keys)
    }

    /// Resizes the photos of `articles` (or takes them from the cache).
    fn process_photos(
        &mut self,
        articles: &[Article],
    ) -> Result<Vec<crate::images::Processed>, Failure> {
        let settings = &self.prepared.loaded.site.config.photos;
        let list: Vec<&crate::model::Photo> = articles.iter().flat_map(|a| &a.photos).collect();
        let processed = pipeline::process_photos(&self.options, &list, settings)?;
        let out = processed.values().cloned().collect();
        Arc::make_mut(&mut self.prepared).photos.extend(processed);
        Ok(out)
    }

    /// The pages that show `old` or `new` (the same articles before and
    /// after the change), in every language.
    fn affected(&self, old: &[Article], new: &[Article]) -> FxHashSet<Job> {
        let mut jobs: FxHashSet<Job> = [Job::Home, Job::UnitsIndex, Job::SpeakersIndex, Job::Feed]
            .into_iter()
            .collect();
        for a in old.iter().chain(new) {
            jobs.insert(Job::Article(a.key.clone()));
            jobs.insert(Job::Year(a.year));
            jobs.insert(Job::Print(a.year));
            jobs.insert(Job::Year(a.tasks_year));
            for v in a.versions.values() {
                for id in a.involved_units(v) {
                    jobs.insert(Job::Unit(id.to_string()));
                }
                for s in &v.speakers {
                    jobs.insert(Job::Speaker(s.slug.clone()));
                }
            }
        }
        jobs
    }

    /// Renders the `affected` pages in every language, and the pages that
    /// appeared; drops those that are gone; renders the sitemap again if an
    /// entry changed.
    fn render(&mut self, affected: FxHashSet<Job>, early: Early) -> Result<Update, Failure> {
        let prepared = &self.prepared;
        let inputs = with_books(prepared, &self.books);
        let plan = pages::Plan::new(&inputs);
        let jobs = plan.jobs();
        let todo: Vec<PageJob> = jobs
            .iter()
            .filter(|j| affected.contains(&j.job) || !self.pages.contains_key(j))
            .filter(|j| !early.contains_key(j))
            .cloned()
            .collect();
        let memory = Memory::default();
        let rendered = pipeline::render_pages(&memory, &prepared.renderer, &plan, &todo)?;
        // The pages rendered take the place of what they were; a page that
        // is gone, or no longer planned, is dropped with its file.
        let mut entries_changed = false;
        let mut gone: Vec<String> = Vec::new();
        for (job, now) in early.into_iter().chain(todo.into_iter().zip(rendered)) {
            match now {
                Some(page) => {
                    let before = self.pages.get(&job);
                    entries_changed |= before.is_none_or(|b| b.entry != page.entry);
                    if let Some(old) = before.filter(|b| b.file != page.file) {
                        gone.push(old.file.clone());
                    }
                    self.pages.insert(job, page);
                }
                None => gone.extend(self.pages.remove(&job).map(|page| page.file)),
            }
        }
        let planned: FxHashSet<&PageJob> = jobs.iter().collect();
        self.pages.retain(|job, page| {
            let keep = planned.contains(job);
            if !keep {
                gone.push(std::mem::take(&mut page.file));
            }
            keep
        });
        entries_changed |= !gone.is_empty();
        // A file that another page writes now stays.
        let mut removed: Vec<String> = if gone.is_empty() {
            gone
        } else {
            let kept: FxHashSet<&str> = self.pages.values().map(|p| p.file.as_str()).collect();
            gone.into_iter()
                .filter(|f| !kept.contains(f.as_str()))
                .collect()
        };
        if entries_changed {
            let pages = &self.pages;
            let entries = jobs.iter().filter_map(|job| pages.get(job)?.entry.clone());
            let written =
                pipeline::render_sitemap(&memory, &prepared.renderer, &plan, entries.collect())?;
            // A sitemap with fewer parts than before leaves none behind.
            removed.extend(
                self.sitemap
                    .iter()
                    .filter(|f| !written.contains(f))
                    .cloned(),
            );
            self.sitemap = written;
        }
        let pages = fresh_count(&memory);
        drop(plan);
        Ok(Update {
            files: memory.into_files().into_iter().collect(),
            removed,
            pages,
        })
    }

    /// The site as it is now, for the books to be typeset from (while it
    /// is, a change copies it rather than change it under them).
    pub fn snapshot(&self) -> Arc<Prepared> {
        Arc::clone(&self.prepared)
    }

    /// The site paths of the books the site has (none with `pdf: false`):
    /// one per language and year with articles, as `book::typeset_all`
    /// makes them.
    pub fn book_paths(&self) -> Vec<String> {
        let loaded = &self.prepared.loaded;
        let config = &loaded.site.config;
        if config.pdf.is_none() {
            return Vec::new();
        }
        let years = pages::by_year(&loaded.site.articles);
        (config.languages.iter())
            .flat_map(|lang| years.keys().map(|year| loaded.urls.book(lang, *year)))
            .collect()
    }

    /// Takes the books typeset from a [`Live::snapshot`]: their files, and
    /// the year pages and print editions rendered again when a book's size
    /// changed (they link every book with its size).
    pub fn set_books(&mut self, books: &[BookFile]) -> Result<Update, Failure> {
        let sizes: BookSizes = books
            .iter()
            .map(|book| ((book.lang.clone(), book.year), (book.size, book.pages)))
            .collect();
        let mut update = Update::default();
        if sizes != self.books {
            self.books = sizes;
            let years = pages::by_year(&self.prepared.loaded.site.articles);
            let linking = years
                .keys()
                .flat_map(|year| [Job::Year(*year), Job::Print(*year)]);
            update = self.render(linking.collect(), Early::default())?;
        }
        let files = books
            .iter()
            .map(|book| (book.path.clone(), Content::File(book.cached.clone())));
        update.files.extend(files);
        Ok(update)
    }

    /// The search index of every language, as files.
    pub fn search_files(&self) -> Result<Vec<(String, Vec<u8>)>, Failure> {
        let loaded = &self.prepared.loaded;
        crate::search::index_files(&loaded.site, &loaded.urls, &loaded.theme)
            .map_err(|e| Failure::Content(e.into()))
    }
}

/// What page planning reads, with the books typeset so far.
fn with_books<'a>(prepared: &'a Prepared, books: &'a BookSizes) -> PlanInputs<'a> {
    PlanInputs {
        books,
        ..prepared.inputs()
    }
}

/// Pages (HTML files) in `memory`.
fn fresh_count(memory: &Memory) -> usize {
    memory
        .0
        .lock()
        .map(|files| files.keys().filter(|k| k.ends_with(".html")).count())
        .unwrap_or(0)
}
