//! Plain data of a validated site: `Site`, `Unit`, `Article`, `Version`,
//! `Speaker`, `Role`, `Photo`. Built by `load`, read by `pages` and `images`.
//!
//! Uses: lang, text.

use crate::lang::{Lang, Localized};
use crate::text::push_padded;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod body;
mod settings;
pub use body::{Body, BodyImage, BodyLink, Piece};
pub use settings::{Config, Paper, PdfSettings, PhotoSettings, Style};

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub units: Vec<Unit>,
    /// Published articles (drafts only with `--drafts`), newest first.
    pub articles: Vec<Article>,
    /// Pages that are not articles (`content/pages/`), in menu order, then
    /// by source path.
    pub pages: Vec<InfoPage>,
    /// Whether the site has a `static/custom.css`, linked after the theme's stylesheet.
    pub custom_css: bool,
    /// The icons every page links (`favicon.ico`, `favicon.svg`): the
    /// site's `static/favicon.*` when it has one, else the theme's.
    pub favicons: Vec<String>,
    /// Articles with a version marked `draft: true` that was left out.
    pub drafts_left_out: usize,
    /// Files with translation markers left (`# TRANSLATE`), in path order:
    /// not yet translated, left out of the site unless drafts are shown.
    pub marked: Vec<MarkedFile>,
}

/// A Markdown file whose translation is not finished: the fields still
/// marked to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedFile {
    /// Relative to the site root.
    pub path: PathBuf,
    /// The key of its article or page (its path without the language).
    pub key: String,
    pub lang: Lang,
    /// The article's year; `None` for a page of `content/pages/`.
    pub year: Option<i32>,
    pub fields: Vec<MarkedField>,
}

/// One field still marked to translate: its path in the front matter
/// (`title`, `speakers[2].role`, lists counted from 1) or `body`, and the
/// line of its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedField {
    pub field: String,
    pub line: usize,
}

impl Site {
    /// Every attachment of the site: the articles', then the pages'.
    pub fn attachments(&self) -> impl Iterator<Item = &Attachment> {
        let articles = self.articles.iter().flat_map(|a| &a.attachments);
        articles.chain(self.pages.iter().flat_map(|p| &p.attachments))
    }

    /// Every photo of the site: the articles', then the pages'.
    pub fn photos(&self) -> Vec<&Photo> {
        let articles = self.articles.iter().flat_map(|a| &a.photos);
        articles
            .chain(self.pages.iter().flat_map(|p| &p.photos))
            .collect()
    }

    /// The version of `article` a reader of `lang` is shown: theirs, else the
    /// first of the site's languages it is written in.
    pub fn shown_version<'a>(&self, lang: &Lang, article: &'a Article) -> &'a Version {
        article
            .versions
            .get(lang)
            .or_else(|| {
                self.config
                    .languages
                    .iter()
                    .find_map(|other| article.versions.get(other))
            })
            .or_else(|| article.versions.values().next())
            .unwrap_or_else(|| unreachable_version())
    }
}

/// Articles always have a version (`load` drops those without); this keeps
/// [`Site::shown_version`] total without a panic.
fn unreachable_version() -> &'static Version {
    static EMPTY: std::sync::OnceLock<Version> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Version::new(Lang::new("und"), String::new()))
}

/// Pages always have a version (`load` drops those without); this keeps
/// [`InfoPage::shown_version`] total without a panic.
fn unreachable_page_version() -> &'static PageVersion {
    static EMPTY: std::sync::OnceLock<PageVersion> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| PageVersion {
        lang: Lang::new("und"),
        path: PathBuf::new(),
        slug: String::new(),
        title: String::new(),
        summary: String::new(),
        captions: Vec::new(),
        body_markdown: String::new(),
        body: Body::default(),
    })
}

/// Puts articles in the site's order: newest first, then by year and slug.
pub fn sort_newest_first(articles: &mut [Article]) {
    articles.sort_by(|a, b| (&b.date, b.year, &b.slug).cmp(&(&a.date, a.year, &a.slug)));
}

/// An organisation that articles refer to by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub name: Localized,
    pub short: Localized,
    pub url: Option<String>,
}

/// A calendar date with the instant it stands for (RFC 3339, for feeds).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub rfc3339: String,
}

impl Date {
    /// The date as `2021-03-09`.
    pub fn iso(&self) -> String {
        let mut iso = String::with_capacity(10);
        push_padded(&mut iso, self.year.into(), 4);
        iso.push('-');
        push_padded(&mut iso, self.month.into(), 2);
        iso.push('-');
        push_padded(&mut iso, self.day.into(), 2);
        iso
    }
}

/// One article in every language it is written in.
#[derive(Debug, Clone)]
pub struct Article {
    /// The source path without language suffix, relative to the site root.
    pub key: String,
    pub slug: String,
    pub year: i32,
    pub date: Date,
    pub units: Vec<String>,
    /// The year the `tasks` are for.
    pub tasks_year: i32,
    /// Every photo the article shows: the gallery first, then body-only images.
    pub photos: Vec<Photo>,
    /// The files published beside it: listed first, then those the bodies link to.
    pub attachments: Vec<Attachment>,
    /// The published versions, at least one.
    pub versions: BTreeMap<Lang, Version>,
}

impl Article {
    /// The gallery photos (those listed in front matter), in order.
    pub fn gallery(&self) -> impl Iterator<Item = &Photo> {
        self.photos.iter().filter(|p| p.in_gallery)
    }

    /// The units the article involves in `version`, each once: listed, a
    /// speaker's, an office's (as unit pages and the search filter list it).
    pub fn involved_units<'a>(&'a self, version: &'a Version) -> Vec<&'a str> {
        let mut ids: Vec<&str> = Vec::new();
        let listed = self.units.iter().map(String::as_str);
        let speakers = version.speakers.iter().filter_map(|s| s.unit.as_deref());
        let roles = version.roles.iter().map(|r| r.unit.as_str());
        for id in listed.chain(speakers).chain(roles) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

/// A page that is not an article (`content/pages/`): "About", contacts,
/// the bloc's rules. Never in year lists, feeds or print editions.
#[derive(Debug, Clone)]
pub struct InfoPage {
    /// The source path without language suffix (`content/pages/gioi-thieu/index`).
    pub key: String,
    /// Its place in the main navigation, smallest first; `None`: not there.
    pub menu: Option<i64>,
    /// Every photo the page shows: the gallery first, then body-only images.
    pub photos: Vec<Photo>,
    /// The files published beside it: listed first, then those the bodies link to.
    pub attachments: Vec<Attachment>,
    /// The published versions, at least one.
    pub versions: BTreeMap<Lang, PageVersion>,
}

impl InfoPage {
    /// The version a reader of `lang` is shown: theirs, else the first of
    /// `languages` (the site's) it is written in.
    pub fn shown_version(&self, lang: &Lang, languages: &[Lang]) -> &PageVersion {
        let fallback = || languages.iter().find_map(|other| self.versions.get(other));
        match self.versions.get(lang).or_else(fallback) {
            Some(version) => version,
            None => self
                .versions
                .values()
                .next()
                .unwrap_or_else(|| unreachable_page_version()),
        }
    }

    /// The gallery photos (those listed in front matter), in order.
    pub fn gallery(&self) -> impl Iterator<Item = &Photo> {
        self.photos.iter().filter(|p| p.in_gallery)
    }
}

/// A page as written in one language.
#[derive(Debug, Clone)]
pub struct PageVersion {
    pub lang: Lang,
    /// The file this version was read from, relative to the site root.
    pub path: PathBuf,
    /// The last part of its URL (`gioi-thieu`, `about`).
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// One caption per gallery photo.
    pub captions: Vec<String>,
    pub body_markdown: String,
    /// The body rendered, for every place that shows it.
    pub body: Body,
}

/// A file of an article's or page's bundle published as it is (a PDF, a
/// DOCX, a recording), beside the default-language page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// Its site path: `2021/tong-ket/bao-cao.pdf`.
    pub output_path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its title in each language that gives one (`attachments:`).
    pub titles: BTreeMap<Lang, String>,
}

impl Attachment {
    /// Its title in `lang`, else in the first language that has one, else
    /// its file's name without the extension (`bao-cao-tong-ket.pdf`:
    /// `bao-cao-tong-ket`; the list says the kind of file beside it).
    pub fn title(&self, lang: &Lang) -> String {
        let given = self
            .titles
            .get(lang)
            .or_else(|| self.titles.values().next());
        given.cloned().unwrap_or_else(|| {
            let stem = self.source.file_stem().and_then(|stem| stem.to_str());
            let name = self.output_path.rsplit('/').next().unwrap_or_default();
            stem.filter(|stem| !stem.is_empty())
                .unwrap_or(name)
                .to_string()
        })
    }
}

/// A photo file of an article and the name its resized files are written under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// Output path without extension: `2021/tong-ket/anh-luu-niem`.
    pub output_stem: String,
    pub in_gallery: bool,
    /// Marked `cover: true`: the cover of its year's book.
    pub cover: bool,
    /// Where the photo is named: the article file, line and column.
    pub named_at: (PathBuf, usize, usize),
}

/// The article as written in one language, with inherited fields filled in.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: Lang,
    /// The file this version was read from, relative to the site root.
    pub path: PathBuf,
    pub title: String,
    pub summary: String,
    pub venue: Option<String>,
    pub speakers: Vec<Speaker>,
    /// One caption per gallery photo.
    pub captions: Vec<String>,
    pub tasks: Vec<String>,
    pub roles: Vec<Role>,
    pub author: Option<String>,
    pub source: Option<String>,
    /// The Markdown body as written, after the front matter. Kept only
    /// when the site makes PDF yearbooks (`pdf:`), which typeset it;
    /// empty otherwise (the pages and search need nothing more of it).
    pub body_markdown: String,
    /// The body rendered, for every place that shows it.
    pub body: Body,
    /// What the search index holds of this version.
    pub search: SearchTerms,
}

/// What the search index holds of an article's version, made when the
/// version is loaded (`words::terms_of`), so that neither its text nor its
/// source has to be kept until the index is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms {
    /// The start of its searchable text, which a result shows.
    pub excerpt: String,
    /// Its distinct folded words, each followed by a line break.
    pub words: String,
    /// The weight of each word of `words`, in their order (at most 8,191).
    pub weights: Vec<u16>,
}

impl SearchTerms {
    /// Each word with its weight.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .split_terminator('\n')
            .zip(self.weights.iter().map(|&weight| u32::from(weight)))
    }
}

impl Version {
    /// A version with its language and title, and every other field empty.
    pub fn new(lang: Lang, title: String) -> Version {
        Version {
            lang,
            path: PathBuf::new(),
            title,
            summary: String::new(),
            venue: None,
            speakers: Vec::new(),
            captions: Vec::new(),
            tasks: Vec::new(),
            roles: Vec::new(),
            author: None,
            source: None,
            body_markdown: String::new(),
            body: Body::default(),
            search: SearchTerms::default(),
        }
    }
}

/// Someone who spoke, identified across articles by the slug of their name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub slug: String,
    pub role: Option<String>,
    pub unit: Option<String>,
}

/// An office a unit was elected to for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub unit: String,
    pub role: String,
    pub year: i32,
}
