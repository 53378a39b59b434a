//! The book of one year in one language as plain data: what the theme's
//! `book.typ` reads from `/book.json`. Every string in it is text (front
//! matter, theme strings, Markdown turned into [`Node`]s), never markup,
//! with typographic quotes. The cover and foreword are made in `cover`, the
//! closing lists (tasks, index, colophon) in `back`.
//!
//! Uses: model, lang, images (which photo file the book shows), blocks,
//! theme, urls, cover, back, typography.

use super::back::{self, Back};
use super::cover::{self, Cover, Foreword};
use super::typography::{curl_nodes, curly};
use crate::images::Processed;
use crate::lang::Lang;
use crate::markdown::blocks::{blocks, Node, Served};
use crate::model::{Article, Photo, Site, Version};
use crate::source::theme::Theme;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a book is made from: the site (its folder too, for its logo), its
/// theme and its processed photos; and how it is made: the day it is
/// typeset (`None`: today) and where to write its sources for Typst's
/// command line (`None`: nowhere).
pub struct Sources<'a> {
    pub site: &'a Site,
    pub root: &'a Path,
    pub urls: &'a crate::urls::Urls,
    pub theme: &'a Theme,
    pub photos: &'a BTreeMap<String, Processed>,
    pub typeset_on: Option<crate::model::Date>,
    pub export: Option<PathBuf>,
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
    /// `style.accent` when it is a `#hex` colour Typst reads.
    pub accent: Option<String>,
    pub strings: BTreeMap<&'static str, String>,
    pub cover: Cover,
    /// The foreword (a page of the site), before the articles.
    pub foreword: Option<Foreword>,
    pub articles: Vec<BookArticle>,
    /// When the year has more articles than a book holds
    /// (`pdf: {max_articles}`): how many it holds and where the rest are.
    pub note: Option<String>,
    /// The closing lists: tasks, index, colophon.
    #[serde(flatten)]
    pub back: Back,
    /// Typst's virtual path -> the file it serves (not in the JSON).
    #[serde(skip)]
    pub files: BTreeMap<String, PathBuf>,
}

/// A photo as the book shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// Its path in the book's world (`/photos/3.jpg`).
    pub src: String,
    pub caption: String,
    /// Its width over its height.
    pub ratio: f32,
}

/// An article of the book.
#[derive(Debug, Clone, Serialize)]
pub struct BookArticle {
    /// Its number in the book (for labels: `article-3`, `tasks-3`).
    pub id: usize,
    pub title: String,
    /// The title in the running head: short enough for one line.
    pub running: String,
    pub lang: Lang,
    /// `(in Vietnamese)` when it is not in the book's language.
    pub other_lang: Option<String>,
    pub date: String,
    pub venue: Option<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    /// The units it involves, each where the index finds it.
    pub units: Vec<Named>,
    pub speakers: Vec<Speaker>,
    pub body: Vec<Node>,
    /// Its gallery, less the photos the body shows.
    pub gallery: Vec<Image>,
    pub tasks_title: String,
    pub tasks: Vec<String>,
    pub offices: Vec<Office>,
    /// The file the article was read from, for error messages.
    #[serde(skip)]
    pub file: PathBuf,
}

/// A unit or a speaker as the index knows it: its name and its key
/// (`u:<unit id>`, `s:<speaker slug>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub name: String,
    pub key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    pub name: String,
    pub key: String,
    pub role: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Office {
    pub unit: String,
    pub role: String,
    pub year: i32,
}

/// The most bytes of an article's Markdown a book typesets (about 40
/// pages): a longer body is cut at a paragraph, with a note that gives the
/// article's address, so that no article makes a book of thousands of pages.
const MAX_BODY_BYTES: usize = 150_000;

/// The longest running head, in characters.
const RUNNING_CHARS: usize = 60;

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
    ("index", "book_index"),
    ("index_units", "units"),
    ("index_speakers", "speakers"),
    ("tasks_ref", "book_tasks_ref"),
    ("tasks_ref_one", "book_tasks_ref_one"),
    ("colophon", "book_colophon"),
    ("sources", "book_sources"),
    ("source", "source"),
];

impl Book {
    /// The book with only its article at `index` (to find which article a
    /// book fails on).
    pub fn only(&self, index: usize) -> Book {
        Book {
            articles: self.articles.get(index).cloned().into_iter().collect(),
            back: Back::default(),
            foreword: None,
            ..self.clone()
        }
    }

    /// The book of `year` in `lang`, of `articles` (the year's, oldest first).
    pub fn new(sources: &Sources<'_>, lang: &Lang, year: i32, articles: &[&Article]) -> Book {
        let site = sources.site;
        let config = &site.config;
        let string = |key: &str| curly(sources.theme.string(lang, key));
        let mut book = Book {
            lang: lang.clone(),
            year,
            paper: config.pdf.unwrap_or_default().paper.typst_name(),
            title: string("book_title").replace("{year}", &year.to_string()),
            site: curly(config.title.get(lang, config.default_lang())),
            description: curly(config.description.get(lang, config.default_lang())),
            accent: config.style.accent.clone().filter(|c| is_hex_colour(c)),
            strings: STRINGS
                .iter()
                .map(|(name, key)| (*name, string(key)))
                .collect(),
            cover: Cover::default(),
            foreword: None,
            articles: Vec::new(),
            note: None,
            back: Back::default(),
            files: BTreeMap::new(),
        };
        let tasks_next = string("tasks_next").replace("{year}", &(year + 1).to_string());
        book.strings.insert("tasks", tasks_next);
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
        book.cover = cover::cover(&mut book, sources, &shown);
        book.foreword = cover::foreword(&mut book, sources);
        for (id, article) in shown.iter().enumerate() {
            let version = site.shown_version(lang, article);
            let article = book.article(sources, id, article, version);
            book.articles.push(article);
        }
        book.back = back::back(&book, sources, &shown);
        book
    }

    /// A photo of the site, served to the book under a path of its own:
    /// its largest JPEG variant.
    pub(super) fn image(
        &mut self,
        sources: &Sources<'_>,
        photo: &Photo,
        caption: &str,
    ) -> Option<Image> {
        let served = self.photo(sources, photo)?;
        Some(Image {
            src: served.src,
            caption: curly(caption),
            ratio: served.ratio,
        })
    }

    /// The largest JPEG variant of a photo, served to the book.
    fn photo(&mut self, sources: &Sources<'_>, photo: &Photo) -> Option<Served> {
        let largest = sources.photos.get(&photo.output_stem)?.largest()?;
        let ratio = largest.width.max(1) as f32 / largest.height.max(1) as f32;
        let src = self.serve(largest.cached.clone(), "jpg");
        Some(Served { src, ratio })
    }

    /// The virtual path of `file` in the book's world, one per file.
    pub(super) fn serve(&mut self, file: PathBuf, extension: &str) -> String {
        if let Some((path, _)) = self.files.iter().find(|(_, f)| **f == file) {
            return path.clone();
        }
        let path = format!("/photos/{}.{extension}", self.files.len() + 1);
        self.files.insert(path.clone(), file);
        path
    }

    fn article(
        &mut self,
        sources: &Sources<'_>,
        id: usize,
        article: &Article,
        version: &Version,
    ) -> BookArticle {
        // An article the book's language lacks is shown whole as written:
        // its dates, units and headings in its own language.
        let lang = version.lang.clone();
        let theme = sources.theme;
        let other_lang = (version.lang != self.lang).then(|| {
            let marker = theme.string(&self.lang, &format!("in_lang_{}", version.lang));
            match marker.is_empty() {
                true => format!("({})", version.lang),
                false => marker.to_string(),
            }
        });
        let (body, in_body) = self.body(sources, article, version);
        let gallery: Vec<(Photo, String)> = (article.gallery().zip(&version.captions))
            .filter(|(photo, _)| !in_body.contains(&photo.output_stem))
            .map(|(photo, caption)| (photo.clone(), caption.clone()))
            .collect();
        let gallery = (gallery.iter())
            .filter_map(|(photo, caption)| self.image(sources, photo, caption))
            .collect();
        let title = curly(&version.title);
        BookArticle {
            id,
            running: running_head(&title),
            title,
            lang: version.lang.clone(),
            other_lang,
            date: theme.format_date(&lang, &article.date),
            venue: version.venue.as_deref().map(curly),
            author: version.author.as_deref().map(curly),
            source: version.source.as_deref().map(curly),
            units: (article.involved_units(version).into_iter())
                .map(|id| unit(sources, &lang, id))
                .collect(),
            speakers: speakers(sources, &lang, version),
            body,
            gallery,
            tasks_title: curly(theme.string(&lang, "tasks_next"))
                .replace("{year}", &article.tasks_year.to_string()),
            tasks: version.tasks.iter().map(|task| curly(task)).collect(),
            offices: offices(sources, &lang, version),
            file: version.path.clone(),
        }
    }

    /// The body as blocks, its images served from the article's photos,
    /// and the photos it shows (by output stem).
    fn body(
        &mut self,
        sources: &Sources<'_>,
        article: &Article,
        version: &Version,
    ) -> (Vec<Node>, Vec<String>) {
        let (markdown, cut) = cut_body(&version.body_markdown);
        let (mut nodes, shown) = self.nodes(sources, &article.photos, &version.path, markdown);
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
        (nodes, shown)
    }

    /// `markdown` (of the file at `path`) as blocks with typographic
    /// quotes, its images served from `photos`, and the photos it shows
    /// (by output stem).
    pub(super) fn nodes(
        &mut self,
        sources: &Sources<'_>,
        photos: &[Photo],
        path: &Path,
        markdown: &str,
    ) -> (Vec<Node>, Vec<String>) {
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let found: std::cell::RefCell<Vec<(String, PathBuf)>> = Default::default();
        let image = |dest: &str| {
            let source = normalize(&folder.join(dest));
            let photo = photos.iter().find(|p| p.source == source)?;
            let largest = sources.photos.get(&photo.output_stem)?.largest()?;
            let mut found = found.borrow_mut();
            let ratio = largest.width.max(1) as f32 / largest.height.max(1) as f32;
            found.push((photo.output_stem.clone(), largest.cached.clone()));
            Some(Served {
                src: format!("\u{0}{}", found.len() - 1),
                ratio,
            })
        };
        let mut nodes = blocks(markdown, &image);
        let found = found.take();
        let files: Vec<String> = (found.iter())
            .map(|(_, file)| self.serve(file.clone(), "jpg"))
            .collect();
        rename_images(&mut nodes, &files);
        curl_nodes(&mut nodes);
        (nodes, found.into_iter().map(|(stem, _)| stem).collect())
    }
}

/// Whether `colour` is `#rgb` or `#rrggbb`.
fn is_hex_colour(colour: &str) -> bool {
    let digits = colour.strip_prefix('#').unwrap_or("");
    matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit())
}

/// A title cut to one line of the running head, at a space.
fn running_head(title: &str) -> String {
    if title.chars().count() <= RUNNING_CHARS {
        return title.to_string();
    }
    let cut: String = title.chars().take(RUNNING_CHARS).collect();
    let at_space = cut.rfind(' ').filter(|&at| at > RUNNING_CHARS / 2);
    let head = at_space.map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", head.trim_end_matches([',', ':', ';', ' ', '–', '-']))
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
pub(super) fn cut_body(markdown: &str) -> (&str, bool) {
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
pub(super) fn rename_images(nodes: &mut [Node], files: &[String]) {
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
            name: curly(&speaker.name),
            key: format!("s:{}", speaker.slug),
            role: speaker.role.as_deref().map(curly),
            unit: (speaker.unit.as_deref()).map(|id| unit(sources, lang, id).name),
        })
        .collect()
}

fn offices(sources: &Sources<'_>, lang: &Lang, version: &Version) -> Vec<Office> {
    version
        .roles
        .iter()
        .map(|role| Office {
            unit: unit(sources, lang, &role.unit).name,
            role: curly(&role.role),
            year: role.year,
        })
        .collect()
}

/// A unit by its name in `lang` (else the site's default language).
pub(super) fn unit(sources: &Sources<'_>, lang: &Lang, id: &str) -> Named {
    let site = sources.site;
    let unit = site.units.iter().find(|u| u.id == id);
    let name = unit.map_or_else(
        || id.to_string(),
        |unit| curly(unit.name.get(lang, site.config.default_lang())),
    );
    Named {
        name,
        key: format!("u:{id}"),
    }
}

/// A path with `.` and `..` resolved, as the model writes photo sources.
pub(super) fn normalize(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    #[test]
    fn long_titles_are_cut_at_a_space_for_the_running_head() {
        let title =
            "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021 của Khối thi đua các đơn vị";
        let head = super::running_head(title);
        assert!(head.ends_with('…') && head.chars().count() <= 61, "{head}");
        assert!(title.starts_with(head.trim_end_matches('…')), "{head}");
        assert_eq!(super::running_head("Ngắn"), "Ngắn");
    }
}
