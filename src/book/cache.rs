//! The books kept between builds: `books/<lang>-<year>-<key>.pdf` in the
//! cache folder, with its number of pages beside it (`.pages`), the key a
//! hash of everything the book is made from (its articles as read, the
//! photo files it shows, the settings, the foreword pages, the logo, the
//! theme's strings, template and fonts, and the version of the
//! typesetting below). A new book of a year and language replaces the
//! older ones; files are written atomically. The date in a book's colophon
//! is the day it was typeset: it is not part of the key.
//!
//! Uses: lang, model, images, error.

use crate::error::Message;
use crate::images::Processed;
use crate::lang::Lang;
use crate::model::{Article, Site, Version};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Bumped when typesetting changes, so old books are not reused.
const VERSION: u32 = 4;
/// The folder of the books, in the cache folder.
const FOLDER: &str = "books";

/// A hash of the template, its modules (`cover.typ`) and the fonts.
pub fn theme_key(template: &str, modules: &[(String, String)], fonts: &[Vec<u8>]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(format!("{VERSION}:{}:", template.len()).as_bytes());
    hasher.update(template.as_bytes());
    for (path, text) in modules {
        hasher.update(format!("\u{0}{path}:{}:", text.len()).as_bytes());
        hasher.update(text.as_bytes());
    }
    for font in fonts {
        hasher.update(&(font.len() as u64).to_le_bytes());
        hasher.update(font);
    }
    hasher.finalize().to_hex().to_string()
}

/// What every book of a build is made from besides its own articles.
pub struct Inputs<'a> {
    site: &'a Site,
    photos: &'a BTreeMap<String, Processed>,
    /// A hash of the theme's template and fonts, the settings, the theme's
    /// strings, the units and the day of typesetting when the build names
    /// it (`SOURCE_DATE_EPOCH`; otherwise a book keeps the day it was
    /// typeset on until its content changes).
    shared: blake3::Hash,
}

impl<'a> Inputs<'a> {
    pub fn new(
        theme_key: &str,
        (site, root): (&'a Site, &Path),
        strings: &impl std::fmt::Debug,
        photos: &'a BTreeMap<String, Processed>,
        typeset_on: Option<&crate::model::Date>,
    ) -> Inputs<'a> {
        let mut hasher = blake3::Hasher::new();
        let mut feed = Feed(&mut hasher);
        let _ = write!(
            feed,
            "{theme_key}\n{:?}\n{strings:?}\n{:?}\n{typeset_on:?}",
            site.config, site.units
        );
        // Every page that may be a foreword (its name says so), as read.
        for page in &site.pages {
            let name = page.key.strip_prefix("content/pages/").unwrap_or("");
            if name.starts_with("loi-noi-dau") || name.starts_with("foreword") {
                for version in page.versions.values() {
                    let _ = write!(feed, "\u{0}{}{:?}", page.key, page.photos);
                    let _ = write!(feed, "{}\t{}", version.title, version.body_markdown);
                }
            }
        }
        if let Some(logo) = &site.config.style.logo {
            let bytes = std::fs::read(root.join("static").join(logo)).unwrap_or_default();
            hasher.update(&bytes);
        }
        let shared = hasher.finalize();
        Inputs {
            site,
            photos,
            shared,
        }
    }

    /// The key of a book, from what it is made of before any of it is
    /// built (so that a warm build finds it without making the book's
    /// data): what all books share, the language and year, the year's
    /// articles as read (in the version the book shows), and the photo
    /// files it would show. A photo's cached file is named after the hash
    /// of its source and the photo settings, so its path stands for its
    /// content.
    pub fn key(&self, lang: &Lang, year: i32, articles: &[&Article]) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.shared.as_bytes());
        hasher.update(format!("\n{lang}\t{year}").as_bytes());
        for article in articles {
            let version = self.site.shown_version(lang, article);
            feed_article(&mut hasher, article, version, self.photos);
        }
        hasher.finalize().to_hex()[..32].to_string()
    }
}

/// Everything of an article a book may show. Taken apart field by field, so
/// that a field added to the model does not compile here until it is said
/// whether books depend on it.
fn feed_article(
    hasher: &mut blake3::Hasher,
    article: &Article,
    version: &Version,
    photos: &BTreeMap<String, Processed>,
) {
    let Article {
        key,
        slug,
        year,
        date,
        units,
        tasks_year,
        photos: shown,
        attachments: _,
        // One of them is shown: `version`.
        versions: _,
    } = article;
    let mut feed = Feed(hasher);
    let _ = write!(
        feed,
        "\u{0}{key:?}{slug:?}{year}{date:?}{units:?}{tasks_year}"
    );
    for photo in shown {
        let file = photos.get(&photo.output_stem).and_then(Processed::largest);
        let _ = write!(feed, "{photo:?}{:?}", file.map(|variant| &variant.cached));
    }
    let Version {
        lang,
        path,
        title,
        summary,
        venue,
        speakers,
        captions,
        tasks,
        roles,
        author,
        source,
        body_markdown,
        // Made from the body and the site, never read by a book.
        body: _,
        // Made from the fields above, for the search index alone.
        search: _,
    } = version;
    let _ = write!(
        feed,
        "{lang}{path:?}{title:?}{summary:?}{venue:?}{speakers:?}{captions:?}\
         {tasks:?}{roles:?}{author:?}{source:?}{}\t",
        body_markdown.len()
    );
    feed.0.update(body_markdown.as_bytes());
}

/// Text written into a hash.
struct Feed<'a>(&'a mut blake3::Hasher);

impl std::fmt::Write for Feed<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

/// The cache file of a book.
pub fn file(cache_dir: &Path, lang: &Lang, year: i32, key: &str) -> PathBuf {
    cache_dir
        .join(FOLDER)
        .join(format!("{lang}-{year}-{key}.pdf"))
}

/// A book found in the cache: its size in bytes and number of pages.
pub fn found(file: &Path) -> Option<(u64, usize)> {
    let size = std::fs::metadata(file).ok()?.len();
    let pages = std::fs::read_to_string(file.with_extension("pages")).ok()?;
    Some((size, pages.trim().parse().ok()?))
}

/// Writes a book's file and its number of pages, each whole or not at
/// all (the number first: a book is found only with it), then removes the
/// older books of its year and language.
pub fn store(file: &Path, pdf: &[u8], pages: usize) -> Result<(), Message> {
    let not_written =
        |error: std::io::Error| Message::new("cache_not_written").arg("error", error.to_string());
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(not_written)?;
    let atomically = |target: &Path, bytes: &[u8]| -> std::io::Result<()> {
        let part = target.with_extension(format!("{}.part", std::process::id()));
        std::fs::write(&part, bytes)?;
        std::fs::rename(&part, target)
    };
    atomically(&file.with_extension("pages"), pages.to_string().as_bytes()).map_err(not_written)?;
    atomically(file, pdf).map_err(not_written)?;
    remove_older(file);
    Ok(())
}

/// Removes the other books of the year and language of `file` (failures
/// only cost space).
fn remove_older(file: &Path) {
    let (Some(folder), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    let Some((prefix, _)) = name.rsplit_once('-') else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let other = entry.file_name();
        let other = other.to_string_lossy();
        let same_book = other
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('-'));
        let stem = |name: &str| name.split('.').next().unwrap_or("").to_string();
        if same_book.is_some_and(|key| !key.contains('-')) && stem(&other) != stem(name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
