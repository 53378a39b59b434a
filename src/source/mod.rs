//! Reads the site from disk into a validated [`Site`]: `site.yaml`, the theme,
//! `content/units.yaml` and every article, collecting all errors of the run.
//!
//! Uses: error, text, lang, config, theme, urls, article, model.

pub mod article;
pub(crate) mod body;
pub mod config;
pub mod front_matter;
pub mod markers;
pub mod page;
pub mod targets;
pub mod theme;
pub(crate) mod yaml;

use crate::error::{cannot_read, display_path, Error, Errors, Failure, Message};
use crate::lang::{split_markdown_name, Lang};
use crate::model::Config;
use crate::model::{Article, InfoPage, MarkedFile, Site, Unit};
use crate::urls::Urls;
use article::{Built, Checks, Draft, SourceFile};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use targets::{LinkTargets, SiteFacts, SitePaths, Target};
use theme::Theme;
use walkdir::WalkDir;

/// Largest source file read when the site does not say otherwise (always
/// for `site.yaml` and the theme's files).
const MAX_FILE_BYTES: u64 = (config::DEFAULT_MAX_FILE_MB as u64) << 20;

/// Everything read from disk, validated.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub urls: Urls,
    /// Every path of the site a link may name (what `serve` reloads against).
    pub site_paths: SitePaths,
    pub warnings: Vec<Error>,
}

/// The files of the site's `static/` folder, copied to the output as they
/// are: each one's path in the output and its path on disk.
pub fn static_files(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let site_path = rel.to_string_lossy().replace('\\', "/");
            (site_path, entry.into_path())
        })
        .collect()
}

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

/// Refuses a root without `site.yaml` (a usage error), before anything
/// is read or written.
pub fn check_is_site(root: &Path) -> Result<(), Failure> {
    if root.join("site.yaml").is_file() {
        return Ok(());
    }
    let shown = crate::output::resolve(root);
    Err(Failure::Usage(
        Message::new("not_a_site").arg("path", display_path(&shown)),
    ))
}

/// Reads and validates the whole site.
pub fn load(root: &Path, base_url: Option<&str>, drafts: bool) -> Result<Loaded, Failure> {
    if let Some(url) = base_url.filter(|u| !config::is_base_url(u.trim_end_matches('/'))) {
        return Err(Failure::Usage(
            Message::new("base_url_flag").arg("url", url),
        ));
    }
    check_is_site(root)?;
    let site_yaml = Path::new("site.yaml");
    let config = read_text(root, site_yaml)
        .map_err(Errors::from)
        .and_then(|t| config::parse_config(&t, site_yaml, base_url))?;
    let theme = Theme::load(root, &config)?;
    let urls = Urls::new(&config, theme.words(&config.languages));
    let mut warnings = theme.warnings.clone();
    let mut errors = Errors::default();
    if let Some(error) = missing_logo(root, &config) {
        errors.push(error);
    }
    let units = load_units(root, &config).map_err(|e| errors.extend(e)).ok();
    // With a broken units.yaml, unit ids are not checked (that would blame every article).
    let unit_ids: Option<HashSet<String>> = units
        .as_ref()
        .map(|u| u.iter().map(|u| u.id.clone()).collect());
    let units = units.unwrap_or_default();
    let checks = Checks {
        root,
        config: &config,
        unit_ids: unit_ids.as_ref(),
        urls: &urls,
        drafts,
        files: None,
    };
    let content = load_content(&checks, (&theme, &units), &mut errors, &mut warnings);
    if !errors.is_empty() {
        return Err(Failure::Content(errors.sorted()));
    }
    if content.articles.is_empty() {
        warnings.push(Error::at(
            Path::new("content"),
            0,
            0,
            Message::new("no_articles"),
        ));
    }
    let site = Site {
        config,
        units,
        articles: content.articles,
        pages: content.pages,
        custom_css: root.join("static/custom.css").is_file(),
        favicons: favicons(root, &theme),
        drafts_left_out: content.drafts_left_out,
        marked: content.marked,
    };
    Ok(Loaded {
        site,
        theme,
        urls,
        site_paths: content.site_paths,
        warnings,
    })
}

/// The articles and pages of `content/`, and the paths of the site.
struct Content {
    articles: Vec<Article>,
    pages: Vec<InfoPage>,
    site_paths: SitePaths,
    drafts_left_out: usize,
    marked: Vec<MarkedFile>,
}

/// Reads every article and page in two passes: their front matter first,
/// so that every link target is known before any body is rendered, then
/// their bodies.
fn load_content(
    checks: &Checks<'_>,
    (theme, units): (&Theme, &[Unit]),
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> Content {
    let found = find_sources(checks.root, checks.config, errors, warnings);
    let checks = Checks {
        files: Some(&found.files),
        ..*checks
    };
    let article_sources = read_sources(found.articles, &checks, errors);
    let page_sources = read_sources(found.pages, &checks, errors);
    let drafts: Vec<Result<Draft<'_>, Errors>> = article_sources
        .par_iter()
        .map(|(key, files)| article::read(key, files, &checks))
        .collect();
    let drafts = successes(drafts, errors);
    let shown = drafts.iter().filter(|d| d.is_shown(checks.drafts));
    let mut targets: HashMap<String, Target<'_>> = shown.clone().map(Draft::target).collect();
    let pages = page_sources.iter();
    targets.extend(pages.filter_map(|(key, files)| page::target(key, files, &checks)));
    let mut files: Vec<String> = theme.assets.keys().cloned().collect();
    files.extend(static_files(checks.root).into_iter().map(|(path, _)| path));
    let site_paths = SitePaths::new(&SiteFacts {
        config: checks.config,
        urls: checks.urls,
        units,
        targets: &targets,
        speakers: shown.flat_map(Draft::speaker_slugs).collect(),
        files,
    });
    let targets = LinkTargets::new(targets, &site_paths);
    let articles = finish_articles(drafts, &checks, &targets, errors, warnings);
    check_unique_slugs(&articles.items, errors);
    let pages = build_pages(&page_sources, &checks, &targets, (errors, warnings));
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

/// Reads one article again, by its group key (its source path without the
/// language, as [`Article::key`]), against a site already loaded: what
/// `serve` does when an article's files change. `Ok(None)` when the article
/// has no file left or is a draft that is not shown.
pub fn reload_article(
    root: &Path,
    loaded: &Loaded,
    key: &str,
    drafts: bool,
) -> Result<Built, Errors> {
    let config = &loaded.site.config;
    let key_path = Path::new(key);
    let dir = key_path.parent().unwrap_or(Path::new(""));
    let stem = key_path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut errors = Errors::default();
    let mut names: Vec<String> = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let Some((base, code)) = split_markdown_name(&name) else {
            continue;
        };
        if base != stem {
            continue;
        }
        let rel = dir.join(&name);
        match file_lang(config, &rel, code) {
            Ok(lang) => files.push((rel, lang)),
            Err(e) => errors.push(e),
        }
    }
    if files.is_empty() {
        let nothing = Built {
            article: None,
            warnings: Vec::new(),
            draft_left_out: false,
            marked: Vec::new(),
        };
        return errors.into_result(nothing);
    }
    let unit_ids: HashSet<String> = loaded.site.units.iter().map(|u| u.id.clone()).collect();
    let checks = Checks {
        root,
        config,
        unit_ids: Some(&unit_ids),
        urls: &loaded.urls,
        drafts,
        files: None,
    };
    let site = &loaded.site;
    let targets = LinkTargets::of_site(&site.articles, &site.pages, &loaded.site_paths);
    let article = read_group(&checks, &files).and_then(|sources| {
        article::finish(article::read(key, &sources, &checks)?, &checks, &targets)
    });
    match article {
        Ok(built) if errors.is_empty() => Ok(built),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(e);
            Err(errors)
        }
    }
}

/// The icons pages link: the site's `static/favicon.{ico,png,svg}` that
/// exist, else the theme's `favicon.*` files.
fn favicons(root: &Path, theme: &Theme) -> Vec<String> {
    let names = ["favicon.ico", "favicon.png", "favicon.svg"];
    let own: Vec<String> = (names.iter())
        .filter(|name| root.join("static").join(name).is_file())
        .map(|name| name.to_string())
        .collect();
    if !own.is_empty() {
        return own;
    }
    let theirs = theme
        .assets
        .keys()
        .filter(|name| name.starts_with("favicon."));
    theirs.cloned().collect()
}

/// An error when `style: logo` names no file of `static/`.
fn missing_logo(root: &Path, config: &Config) -> Option<Error> {
    let logo = config.style.logo.as_deref()?;
    let rel = Path::new("static").join(logo);
    if root.join(&rel).is_file() {
        return None;
    }
    let text = read_text(root, Path::new("site.yaml")).unwrap_or_default();
    let (line, col) = yaml::locate(&text, "logo", None);
    let message = Message::new("logo_not_found")
        .arg("logo", logo)
        .arg("looked", display_path(&rel));
    Some(
        Error::at(Path::new("site.yaml"), line, col, message)
            .with_hint(Message::new("logo_put_in_static")),
    )
}

fn load_units(root: &Path, config: &Config) -> Result<Vec<Unit>, Errors> {
    let rel = Path::new("content/units.yaml");
    // `symlink_metadata`: a units.yaml that is a broken link or a loop is an
    // error when read, not a missing file.
    if std::fs::symlink_metadata(root.join(rel)).is_err() {
        return Ok(Vec::new());
    }
    let text = read_text_within(root, rel, config.max_file_bytes)?;
    config::parse_units(&text, rel, &config.languages)
}

/// Markdown files grouped by article (path without language): key -> (file, language).
type Groups = BTreeMap<String, Vec<(PathBuf, Lang)>>;

/// What the walk of `content/` found.
struct Found {
    /// The Markdown files of articles, grouped by article.
    articles: Groups,
    /// The Markdown files of `content/pages/`, grouped by page.
    pages: Groups,
    /// Every regular file (see [`Checks::files`]).
    files: HashSet<PathBuf>,
}

/// The Markdown files of `content/`, grouped by article or page (path
/// without language), and every regular file found.
fn find_sources(
    root: &Path,
    config: &Config,
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> Found {
    let (mut groups, mut files) = (Groups::new(), HashSet::new());
    let mut bundles: HashSet<PathBuf> = HashSet::new();
    // A site without `content/` yet has no articles (a warning says so).
    let walker = WalkDir::new(root.join("content"))
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    let content_exists = root.join("content").exists();
    let entries = walker
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with(['_', '.'])
        })
        .filter(|_| content_exists);
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"))
                    .to_path_buf();
                errors.push(Error::at(&path, 0, 0, cannot_read(&e)));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path_is_symlink() {
            warnings.push(Error::at(&rel, 0, 0, Message::new("symlink_not_followed")));
            continue;
        }
        if entry.file_type().is_file() {
            files.insert(rel.clone());
        }
        let Some((stem, code)) = entry
            .file_type()
            .is_file()
            .then(|| split_markdown_name(&name))
            .flatten()
        else {
            continue;
        };
        let lang = match file_lang(config, &rel, code) {
            Ok(lang) => lang,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        if stem == "index" {
            bundles.insert(dir.clone());
        } else if let Some(bundle) = dir.ancestors().find(|a| bundles.contains(*a)) {
            warnings.push(Error::at(
                &rel,
                0,
                0,
                Message::new("ignored_in_bundle").arg("bundle", display_path(bundle)),
            ));
            continue;
        }
        let key = display_path(&dir.join(stem));
        groups.entry(key).or_default().push((rel, lang));
    }
    let (pages, articles) = groups
        .into_iter()
        .partition(|(key, _)| key.starts_with("content/pages/"));
    Found {
        articles,
        pages,
        files,
    }
}

/// The language of a Markdown file named with `code` (`None`: no suffix,
/// the default language).
fn file_lang(config: &Config, rel: &Path, code: Option<&str>) -> Result<Lang, Error> {
    let Some(code) = code else {
        return Ok(config.default_lang().clone());
    };
    match config.languages.iter().find(|l| l.as_str() == code) {
        Some(lang) => Ok(lang.clone()),
        None => Err(Error::file(
            rel,
            Message::new("file_language_unknown")
                .arg("code", code)
                .arg("languages", langs(config)),
        )
        .with_hint(Message::new("add_language_or_rename"))),
    }
}

fn langs(config: &Config) -> String {
    config
        .languages
        .iter()
        .map(Lang::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The files of every group, read (in parallel); a group with a file that
/// cannot be read is left out, its errors in `errors`.
fn read_sources(
    groups: Groups,
    checks: &Checks<'_>,
    errors: &mut Errors,
) -> Vec<(String, Vec<SourceFile>)> {
    let read: Vec<(String, Result<Vec<SourceFile>, Errors>)> = groups
        .into_par_iter()
        .map(|(key, files)| {
            let sources = read_group(checks, &files);
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
    drafts: Vec<Draft<'_>>,
    checks: &Checks<'_>,
    targets: &LinkTargets<'_>,
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> Finished<Article> {
    let built: Vec<Result<Built, Errors>> = drafts
        .into_par_iter()
        .map(|draft| article::finish(draft, checks, targets))
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
    checks: &Checks<'_>,
    targets: &LinkTargets<'_>,
    (errors, warnings): (&mut Errors, &mut Vec<Error>),
) -> Finished<InfoPage> {
    let built: Vec<Result<page::BuiltPage, Errors>> = sources
        .par_iter()
        .map(|(key, files)| page::build(key, files, checks, targets))
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
    page::check_slugs(&finished.items, checks, errors);
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

fn read_group(checks: &Checks<'_>, files: &[(PathBuf, Lang)]) -> Result<Vec<SourceFile>, Errors> {
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
        match read_text_within(checks.root, path, checks.config.max_file_bytes) {
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
