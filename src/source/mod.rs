//! Reads the site from disk into a validated [`Site`]: `site.yaml`, the theme,
//! `content/units.yaml` and every article, collecting all errors of the run.
//!
//! Uses: error, model, urls, and the modules below, output, text.

pub mod article;
pub(crate) mod body;
pub mod config;
mod content;
pub mod context;
pub mod discover;
pub mod front_matter;
pub mod markers;
pub mod page;
mod parsed;
mod read;
pub mod targets;
pub mod theme;
pub(crate) mod yaml;

pub use body::normalize;
pub use read::{read_text, read_text_within};

use crate::error::{display_path, Error, Errors, Failure, Message};
use crate::model::Config;
use crate::model::{Site, Unit};
use crate::urls::Urls;
use article::Built;
use context::LoadContext;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use targets::{LinkTargets, SitePaths};
use theme::Theme;
use walkdir::WalkDir;

/// Everything read from disk, validated.
#[derive(Clone)]
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

/// The code of the default language of the site at `root` (the first of
/// `languages` in its `site.yaml`), when it can be read; nothing checked
/// beyond that (the build reports the file's errors).
pub fn default_language(root: &Path) -> Option<String> {
    let text = read_text(root, Path::new("site.yaml")).ok()?;
    yaml::first_of_list(&text, "languages")
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
    let load = LoadContext {
        root,
        config: &config,
        unit_ids: unit_ids.as_ref(),
        urls: &urls,
        drafts,
        files: None,
    };
    let content = content::load_content(&load, (&theme, &units), &mut errors, &mut warnings);
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
        custom_css: root.join("static").join(Urls::CUSTOM_CSS).is_file(),
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

/// Reads one article again, by its group key (its source path without the
/// language, as [`crate::model::Article::key`]), against a site already loaded: what
/// `serve` does when an article's files change. `Ok(None)` when the article
/// has no file left or is a draft that is not shown.
pub fn reload_article(
    root: &Path,
    loaded: &Loaded,
    key: &str,
    drafts: bool,
) -> Result<Built, Errors> {
    read_article_as(root, loaded, (key, drafts), None)
}

/// Like [`reload_article`], with the text of one of its files (`path`,
/// relative to the root) replaced by `text`: the checks of a build on a
/// file not yet saved (the desk's).
pub fn read_article_as(
    root: &Path,
    loaded: &Loaded,
    (key, drafts): (&str, bool),
    replaced: Option<(&Path, &str)>,
) -> Result<Built, Errors> {
    let config = &loaded.site.config;
    let (mut errors, mut warnings) = (Errors::default(), Vec::new());
    let files = discover::find_group(root, config, key, (&mut errors, &mut warnings));
    if files.is_empty() {
        let nothing = Built {
            article: None,
            warnings,
            draft_left_out: false,
            marked: Vec::new(),
        };
        return errors.into_result(nothing);
    }
    let unit_ids: HashSet<String> = loaded.site.units.iter().map(|u| u.id.clone()).collect();
    let load = LoadContext {
        root,
        config,
        unit_ids: Some(&unit_ids),
        urls: &loaded.urls,
        drafts,
        files: None,
    };
    let site = &loaded.site;
    let targets = LinkTargets::of_site(&site.articles, &site.pages, &loaded.site_paths);
    let article = content::read_group(&load, &files).and_then(|mut sources| {
        if let Some((path, text)) = replaced {
            let file = sources.iter_mut().find(|f| f.path == path);
            if let Some(file) = file {
                file.text = crate::text::clean_source(text.to_string());
            }
        }
        article::finish(article::read(key, &sources, &load)?, &load, &targets)
    });
    match article {
        Ok(mut built) if errors.is_empty() => {
            warnings.append(&mut built.warnings);
            built.warnings = warnings;
            Ok(built)
        }
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
