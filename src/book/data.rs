//! The book of one year in one language as plain data: what the theme's
//! `book.typ` reads from `/book.json`. Every string in it is text (front
//! matter, theme strings, Markdown turned into [`Node`]s), never markup.
//!
//! Uses: model, lang, images (which photo file the book shows), blocks, text,
//! theme, urls.

use crate::images::Processed;
use crate::lang::Lang;
use crate::markdown::blocks::{blocks, Node};
use crate::model::{Article, Photo, Site, Version};
use crate::source::theme::Theme;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a book is made from: the site, its theme and its processed photos.
pub struct Sources<'a> {
    pub site: &'a Site,
    pub urls: &'a crate::urls::Urls,
    pub theme: &'a Theme,
    pub photos: &'a BTreeMap<String, Processed>,
}

/// A year's book in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Book {
    pub lang: Lang,
    pub year: i32,
    /// Typst's name of the paper (`a4`, `us-letter`).
    pub paper: &'static str,
    /// The document's title (`Kỷ yếu năm 2021`).
    pub title: String,
    pub site: String,
    pub description: String,
    pub strings: BTreeMap<&'static str, String>,
    /// The year's lead photo, on the cover.
    pub cover: Option<Image>,
    pub articles: Vec<BookArticle>,
    /// When the year has more articles than a book holds
    /// (`pdf: {max_articles}`): how many it holds and where the rest are.
    pub note: Option<String>,
    /// The tasks the year's articles adopt for the next year.
    pub tasks: Vec<TaskGroup>,
    /// The units the year's articles involve, by name.
    pub units: Vec<String>,
    /// Typst's virtual path -> the photo file it serves (not in the JSON).
    #[serde(skip)]
    pub files: BTreeMap<String, PathBuf>,
}

/// A photo as the book shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// Its path in the book's world (`/photos/3.jpg`).
    pub src: String,
    pub caption: String,
}

/// An article of the book.
#[derive(Debug, Clone, Serialize)]
pub struct BookArticle {
    pub title: String,
    pub lang: Lang,
    /// `(in Vietnamese)` when it is not in the book's language.
    pub other_lang: Option<String>,
    pub date: String,
    pub venue: Option<String>,
    pub author: Option<String>,
    pub speakers: Vec<Speaker>,
    pub body: Vec<Node>,
    pub gallery: Vec<Image>,
    pub tasks_title: String,
    pub tasks: Vec<String>,
    pub offices: Vec<Office>,
    /// The file the article was read from, for error messages.
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    pub name: String,
    pub role: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Office {
    pub unit: String,
    pub role: String,
    pub year: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskGroup {
    pub title: String,
    pub article: String,
    pub tasks: Vec<String>,
}

/// The most bytes of an article's Markdown a book typesets (about 40
/// pages): a longer body is cut at a paragraph, with a note that gives the
/// article's address, so that no article makes a book of thousands of pages.
const MAX_BODY_BYTES: usize = 150_000;

/// The theme strings a book uses, by the name `book.typ` knows them.
const STRINGS: &[(&str, &str)] = &[
    ("contents", "contents"),
    ("date", "date"),
    ("venue", "venue"),
    ("author", "author"),
    ("speakers", "speakers_of"),
    ("photos", "photos"),
    ("offices", "offices"),
    ("units", "units_involved"),
];

impl Book {
    /// The book with only its article at `index` (to find which article a
    /// book fails on).
    pub fn only(&self, index: usize) -> Book {
        Book {
            articles: self.articles.get(index).cloned().into_iter().collect(),
            tasks: Vec::new(),
            units: Vec::new(),
            ..self.clone()
        }
    }

    /// The book of `year` in `lang`, of `articles` (the year's, oldest first).
    pub fn new(sources: &Sources<'_>, lang: &Lang, year: i32, articles: &[&Article]) -> Book {
        let site = sources.site;
        let config = &site.config;
        let string = |key: &str| sources.theme.string(lang, key).to_string();
        let mut book = Book {
            lang: lang.clone(),
            year,
            paper: config.pdf.unwrap_or_default().paper.typst_name(),
            title: string("book_title").replace("{year}", &year.to_string()),
            site: config.title.get(lang, config.default_lang()).to_string(),
            description: config
                .description
                .get(lang, config.default_lang())
                .to_string(),
            strings: STRINGS
                .iter()
                .map(|(name, key)| (*name, string(key)))
                .collect(),
            cover: None,
            articles: Vec::new(),
            note: None,
            tasks: Vec::new(),
            units: Vec::new(),
            files: BTreeMap::new(),
        };
        let tasks_next = string("tasks_next").replace("{year}", &(year + 1).to_string());
        book.strings.insert("tasks", tasks_next);
        book.cover = book.lead_photo(sources, lang, articles);
        let limit = config.pdf.unwrap_or_default().max_articles;
        let shown = shown_articles(sources, lang, articles, limit);
        if shown.len() < articles.len() {
            let url = sources.urls.absolute(&sources.urls.year(lang, year));
            let note = string("book_limited")
                .replace("{shown}", &shown.len().to_string())
                .replace("{total}", &articles.len().to_string())
                .replace("{url}", &url);
            book.note = Some(note);
        }
        for article in shown {
            let version = site.shown_version(lang, article);
            let article = book.article(sources, article, version);
            book.articles.push(article);
        }
        book.tasks = book.task_groups(sources, articles);
        book.units = units(sources, lang, articles);
        book
    }

    /// The first gallery photo of the year's first conference (an article
    /// with a venue), else of its first article with one.
    fn lead_photo(
        &mut self,
        sources: &Sources<'_>,
        lang: &Lang,
        articles: &[&Article],
    ) -> Option<Image> {
        let site = sources.site;
        let has_venue = |a: &&&Article| site.shown_version(lang, a).venue.is_some();
        let with_photo = |a: &&&Article| a.gallery().next().is_some();
        let article = (articles.iter().filter(has_venue).find(with_photo))
            .or_else(|| articles.iter().find(with_photo))?;
        let version = site.shown_version(lang, article);
        let photo = article.gallery().next()?;
        let caption = version.captions.first().cloned().unwrap_or_default();
        self.image(sources, photo, caption)
    }

    /// A photo of the site, served to the book under a path of its own:
    /// its largest JPEG variant.
    fn image(&mut self, sources: &Sources<'_>, photo: &Photo, caption: String) -> Option<Image> {
        let processed = sources.photos.get(&photo.output_stem)?;
        let file = processed.largest()?.cached.clone();
        let src = self.serve(file);
        Some(Image { src, caption })
    }

    /// The virtual path of `file` in the book's world, one per file.
    fn serve(&mut self, file: PathBuf) -> String {
        if let Some((path, _)) = self.files.iter().find(|(_, f)| **f == file) {
            return path.clone();
        }
        let path = format!("/photos/{}.jpg", self.files.len() + 1);
        self.files.insert(path.clone(), file);
        path
    }

    fn article(
        &mut self,
        sources: &Sources<'_>,
        article: &Article,
        version: &Version,
    ) -> BookArticle {
        let lang = &self.lang;
        let other_lang = (version.lang != *lang).then(|| {
            let marker = sources
                .theme
                .string(lang, &format!("in_lang_{}", version.lang));
            match marker.is_empty() {
                true => format!("({})", version.lang),
                false => marker.to_string(),
            }
        });
        let gallery = article.gallery().zip(&version.captions);
        let gallery: Vec<(Photo, String)> = gallery.map(|(p, c)| (p.clone(), c.clone())).collect();
        let gallery = gallery
            .into_iter()
            .filter_map(|(photo, caption)| self.image(sources, &photo, caption))
            .collect();
        let body = self.body(sources, article, version);
        BookArticle {
            title: version.title.clone(),
            lang: version.lang.clone(),
            other_lang,
            date: sources.theme.format_date(&self.lang, &article.date),
            venue: version.venue.clone(),
            author: version.author.clone(),
            speakers: speakers(sources, &self.lang, version),
            body,
            gallery,
            tasks_title: sources
                .theme
                .string(&self.lang, "tasks_next")
                .replace("{year}", &article.tasks_year.to_string()),
            tasks: version.tasks.clone(),
            offices: offices(sources, &self.lang, version),
            file: version.path.clone(),
        }
    }

    /// The body as blocks, its images served from the article's photos.
    fn body(&mut self, sources: &Sources<'_>, article: &Article, version: &Version) -> Vec<Node> {
        let folder = version.path.parent().unwrap_or(Path::new("")).to_path_buf();
        let found = std::cell::RefCell::new(Vec::new());
        let image = |dest: &str| {
            let source = normalize(&folder.join(percent_decoded(dest)));
            let photo = article.photos.iter().find(|p| p.source == source)?;
            let file = sources
                .photos
                .get(&photo.output_stem)?
                .largest()?
                .cached
                .clone();
            let mut found = found.borrow_mut();
            found.push(file);
            Some(format!("\u{0}{}", found.len() - 1))
        };
        let (markdown, cut) = cut_body(&version.body_markdown);
        let mut nodes = blocks(markdown, &image);
        let files: Vec<String> = found.take().into_iter().map(|f| self.serve(f)).collect();
        rename_images(&mut nodes, &files);
        if cut {
            let urls = sources.urls;
            let url = urls.absolute(&urls.article(&version.lang, article.year, &article.slug));
            let note = sources
                .theme
                .string(&self.lang, "book_cut")
                .replace("{url}", &url);
            nodes.push(Node::P {
                c: vec![Node::Emph {
                    c: vec![Node::Text { v: note }],
                }],
            });
        }
        nodes
    }

    /// The tasks each article adopts for the next year.
    fn task_groups(&self, sources: &Sources<'_>, articles: &[&Article]) -> Vec<TaskGroup> {
        let string = sources.theme.string(&self.lang, "tasks_next");
        articles
            .iter()
            .filter_map(|article| {
                let version = sources.site.shown_version(&self.lang, article);
                (!version.tasks.is_empty()).then(|| TaskGroup {
                    title: string.replace("{year}", &article.tasks_year.to_string()),
                    article: version.title.clone(),
                    tasks: version.tasks.clone(),
                })
            })
            .collect()
    }
}

/// The articles a book of at most `limit` holds: all of them, or the
/// conferences first and then the other articles, each by date, in the
/// year's order.
fn shown_articles<'a>(
    sources: &Sources<'_>,
    lang: &Lang,
    articles: &[&'a Article],
    limit: usize,
) -> Vec<&'a Article> {
    if articles.len() <= limit {
        return articles.to_vec();
    }
    let is_conference = |a: &Article| sources.site.shown_version(lang, a).venue.is_some();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| !is_conference(articles[i]));
    order.truncate(limit);
    order.sort_unstable();
    order.into_iter().map(|i| articles[i]).collect()
}

/// A body of at most [`MAX_BODY_BYTES`], cut after a paragraph, and
/// whether it was cut.
fn cut_body(markdown: &str) -> (&str, bool) {
    if markdown.len() <= MAX_BODY_BYTES {
        return (markdown, false);
    }
    let mut end = MAX_BODY_BYTES;
    while !markdown.is_char_boundary(end) {
        end -= 1;
    }
    let head = &markdown[..end];
    let at_paragraph = head.rfind("\n\n").filter(|&i| i > MAX_BODY_BYTES / 2);
    (&markdown[..at_paragraph.unwrap_or(end)], true)
}

/// Gives the images found in a body (named `\0<n>` while parsing) their
/// paths in the book's world.
fn rename_images(nodes: &mut [Node], files: &[String]) {
    for node in nodes {
        match node {
            Node::Img { src, .. } => {
                let index = src
                    .strip_prefix('\u{0}')
                    .and_then(|n| n.parse::<usize>().ok());
                if let Some(path) = index.and_then(|i| files.get(i)) {
                    *src = path.clone();
                }
            }
            Node::P { c }
            | Node::H { c, .. }
            | Node::Quote { c }
            | Node::Strong { c }
            | Node::Emph { c }
            | Node::Strike { c }
            | Node::Link { c, .. }
            | Node::Note { c } => rename_images(c, files),
            Node::List { items, .. } => items.iter_mut().for_each(|c| rename_images(c, files)),
            Node::Table { head, rows } => {
                head.iter_mut().for_each(|c| rename_images(c, files));
                for row in rows {
                    row.iter_mut().for_each(|c| rename_images(c, files));
                }
            }
            _ => {}
        }
    }
}

fn speakers(sources: &Sources<'_>, lang: &Lang, version: &Version) -> Vec<Speaker> {
    version
        .speakers
        .iter()
        .map(|speaker| Speaker {
            name: speaker.name.clone(),
            role: speaker.role.clone(),
            unit: speaker
                .unit
                .as_deref()
                .map(|id| unit_name(sources, lang, id)),
        })
        .collect()
}

fn offices(sources: &Sources<'_>, lang: &Lang, version: &Version) -> Vec<Office> {
    version
        .roles
        .iter()
        .map(|role| Office {
            unit: unit_name(sources, lang, &role.unit),
            role: role.role.clone(),
            year: role.year,
        })
        .collect()
}

/// The units the articles involve, each once, by name in `lang`.
fn units(sources: &Sources<'_>, lang: &Lang, articles: &[&Article]) -> Vec<String> {
    let mut ids: Vec<&str> = Vec::new();
    for article in articles {
        let version = sources.site.shown_version(lang, article);
        for id in article.involved_units(version) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut names: Vec<String> = ids.iter().map(|id| unit_name(sources, lang, id)).collect();
    names.sort();
    names
}

fn unit_name(sources: &Sources<'_>, lang: &Lang, id: &str) -> String {
    let site = sources.site;
    let unit = site.units.iter().find(|u| u.id == id);
    unit.map_or_else(
        || id.to_string(),
        |unit| unit.name.get(lang, site.config.default_lang()).to_string(),
    )
}

/// A path with `.` and `..` resolved, as the model writes photo sources.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// An image path as written in Markdown, its `%20`s decoded.
fn percent_decoded(dest: &str) -> String {
    crate::text::percent_decode(dest).unwrap_or_else(|| dest.to_string())
}
