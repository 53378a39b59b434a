//! Every article and page of `content/`, loaded in two passes: their front
//! matter first (in parallel), so that every link target is known before
//! any body is rendered, then their bodies; with the checks that look
//! across articles (slugs unique in a year, files of a bundle nothing
//! uses).
//!
//! Uses: error, lang, model, context, discover, read, article, page, targets,
//! theme, source.

use super::article::{self, Built, Outline};
use super::context::{LoadContext, SourceFile};
use super::targets::{LinkTargets, SiteFacts, SitePaths, Target};
use super::theme::Theme;
use super::{discover, page, read, static_files};
use crate::error::{display_path, Error, Errors, Message};
use crate::lang::{split_markdown_name, Lang};
use crate::model::{Article, InfoPage, MarkedFile, Unit};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The articles and pages of `content/`, and the paths of the site.
pub(super) struct Content {
    pub articles: Vec<Article>,
    pub pages: Vec<InfoPage>,
    pub site_paths: SitePaths,
    pub drafts_left_out: usize,
    pub marked: Vec<MarkedFile>,
}

/// Reads every article and page in two passes: their front matter first,
/// so that every link target is known before any body is rendered, then
/// their bodies.
pub(super) fn load_content(
    load: &LoadContext<'_>,
    (theme, units): (&Theme, &[Unit]),
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> Content {
    let found = discover::find_sources(load.root, load.config, errors, warnings);
    let load = LoadContext {
        files: Some(&found.files),
        ..*load
    };
    let article_sources = read_sources(found.articles, &load, errors);
    let page_sources = read_sources(found.pages, &load, errors);
    let outlines: Vec<Result<Outline<'_>, Errors>> = article_sources
        .par_iter()
        .map(|(key, files)| article::read(key, files, &load))
        .collect();
    let outlines = successes(outlines, errors);
    let shown = outlines.iter().filter(|o| o.is_shown(load.drafts));
    let mut targets: HashMap<String, Target<'_>> = shown.clone().map(Outline::target).collect();
    let pages = page_sources.iter();
    targets.extend(pages.filter_map(|(key, files)| page::target(key, files, &load)));
    let mut files: Vec<String> = theme.assets.keys().cloned().collect();
    files.extend(static_files(load.root).into_iter().map(|(path, _)| path));
    let site_paths = SitePaths::new(&SiteFacts {
        config: load.config,
        urls: load.urls,
        units,
        targets: &targets,
        speakers: shown.flat_map(Outline::speaker_slugs).collect(),
        files,
    });
    let targets = LinkTargets::new(targets, &site_paths);
    let articles = finish_articles(outlines, &load, &targets, errors, warnings);
    check_unique_slugs(&articles.items, errors);
    let pages = build_pages(&page_sources, &load, &targets, (errors, warnings));
    warnings.extend(unreferenced_files(
        &found.files,
        &articles.items,
        &pages.items,
    ));
    drop(targets);
    let mut marked = articles.marked;
    marked.extend(pages.marked);
    marked.sort_by(|a, b| a.path.cmp(&b.path));
    Content {
        articles: articles.items,
        pages: pages.items,
        site_paths,
        drafts_left_out: articles.drafts_left_out + pages.drafts_left_out,
        marked,
    }
}

/// Files of a bundle (the folder of an `index.*.md`) that are neither
/// Markdown nor a photo or attachment of its article or page: they are not
/// published.
fn unreferenced_files(
    files: &HashSet<PathBuf>,
    articles: &[Article],
    pages: &[InfoPage],
) -> Vec<Error> {
    let keys = articles
        .iter()
        .map(|a| &a.key)
        .chain(pages.iter().map(|p| &p.key));
    let bundles: HashSet<&Path> = keys
        .filter_map(|key| key.strip_suffix("/index"))
        .map(Path::new)
        .collect();
    let photos = articles
        .iter()
        .flat_map(|a| &a.photos)
        .chain(pages.iter().flat_map(|p| &p.photos));
    let attachments = articles.iter().flat_map(|a| &a.attachments);
    let attachments = attachments.chain(pages.iter().flat_map(|p| &p.attachments));
    let used: HashSet<&Path> = photos
        .map(|p| p.source.as_path())
        .chain(attachments.map(|a| a.source.as_path()))
        .collect();
    let mut unused: Vec<&PathBuf> = files
        .iter()
        .filter(|file| file.parent().is_some_and(|dir| bundles.contains(dir)))
        .filter(|file| !used.contains(file.as_path()))
        .filter(|file| {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            split_markdown_name(name).is_none()
        })
        .collect();
    unused.sort();
    unused
        .into_iter()
        .map(|file| {
            let message = Message::new("unreferenced_file").arg("path", display_path(file));
            Error::at(file, 0, 0, message)
        })
        .collect()
}

/// The files of every group, read (in parallel); a group with a file that
/// cannot be read is left out, its errors in `errors`.
fn read_sources(
    groups: discover::Groups,
    load: &LoadContext<'_>,
    errors: &mut Errors,
) -> Vec<(String, Vec<SourceFile>)> {
    let read: Vec<(String, Result<Vec<SourceFile>, Errors>)> = groups
        .into_par_iter()
        .map(|(key, files)| {
            let sources = read_group(load, &files);
            (key, sources)
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    for (key, result) in read {
        match result {
            Ok(files) => sources.push((key, files)),
            Err(e) => errors.extend(e),
        }
    }
    sources
}

/// Renders the bodies of every article (pass two), newest first; also
/// counts the articles with a draft left out.
fn finish_articles(
    outlines: Vec<Outline<'_>>,
    load: &LoadContext<'_>,
    targets: &LinkTargets<'_>,
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> Finished<Article> {
    let built: Vec<Result<Built, Errors>> = outlines
        .into_par_iter()
        .map(|outline| article::finish(outline, load, targets))
        .collect();
    let mut finished = Finished::default();
    for built in successes(built, errors) {
        warnings.extend(built.warnings);
        finished.items.extend(built.article);
        finished.drafts_left_out += usize::from(built.draft_left_out);
        finished.marked.extend(built.marked);
    }
    crate::model::sort_newest_first(&mut finished.items);
    finished
}

/// The articles or pages built, and what was left out of them.
struct Finished<T> {
    items: Vec<T>,
    drafts_left_out: usize,
    marked: Vec<MarkedFile>,
}

impl<T> Default for Finished<T> {
    fn default() -> Self {
        Finished {
            items: Vec::new(),
            drafts_left_out: 0,
            marked: Vec::new(),
        }
    }
}

/// Builds every page of `content/pages/` (their bodies may link to any
/// article) and checks their slugs; also counts those with a draft left out.
fn build_pages(
    sources: &[(String, Vec<SourceFile>)],
    load: &LoadContext<'_>,
    targets: &LinkTargets<'_>,
    (errors, warnings): (&mut Errors, &mut Vec<Error>),
) -> Finished<InfoPage> {
    let built: Vec<Result<page::BuiltPage, Errors>> = sources
        .par_iter()
        .map(|(key, files)| page::build(key, files, load, targets))
        .collect();
    let mut finished = Finished::default();
    for built in successes(built, errors) {
        finished.drafts_left_out += usize::from(built.draft_left_out);
        warnings.extend(built.warnings);
        finished.items.extend(built.page);
        finished.marked.extend(built.marked);
    }
    finished.items.sort_by(|a, b| {
        (a.menu.is_none(), a.menu, &a.key).cmp(&(b.menu.is_none(), b.menu, &b.key))
    });
    page::check_slugs(&finished.items, load, errors);
    finished
}

/// The values of `results`, their errors moved into `errors`.
fn successes<T>(results: Vec<Result<T, Errors>>, errors: &mut Errors) -> Vec<T> {
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(e) => errors.extend(e),
        }
    }
    values
}

pub(super) fn read_group(
    load: &LoadContext<'_>,
    files: &[(PathBuf, Lang)],
) -> Result<Vec<SourceFile>, Errors> {
    let mut errors = Errors::default();
    let mut out: Vec<SourceFile> = Vec::new();
    for (path, lang) in files {
        if let Some(other) = out.iter().find(|f| &f.lang == lang) {
            errors.push(
                Error::file(
                    path,
                    Message::new("second_language_file")
                        .arg("lang", lang.as_str())
                        .arg("other", display_path(&other.path)),
                )
                .with_hint(Message::new("keep_one_index")),
            );
            continue;
        }
        match read::read_text_within(load.root, path, load.config.max_file_bytes) {
            Ok(text) => out.push(SourceFile {
                path: path.clone(),
                lang: lang.clone(),
                text,
            }),
            Err(e) => errors.push(e),
        }
    }
    errors.into_result(out)
}

/// Two articles may not share a slug within a year.
fn check_unique_slugs(articles: &[Article], errors: &mut Errors) {
    let mut seen: HashMap<(i32, &str), &Article> = HashMap::new();
    for article in articles.iter().rev() {
        if let Some(first) = seen.insert((article.year, &article.slug), article) {
            let path = first_path(article);
            errors.push(
                Error::file(
                    &path,
                    Message::new("duplicate_slug")
                        .arg("year", article.year)
                        .arg("slug", &article.slug)
                        .arg("first", display_path(&first_path(first)))
                        .arg("second", display_path(&path)),
                )
                .with_hint(Message::new("another_slug")),
            );
        }
    }
}

fn first_path(article: &Article) -> PathBuf {
    article
        .versions
        .values()
        .next()
        .map(|v| v.path.clone())
        .unwrap_or_default()
}
