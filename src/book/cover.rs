//! The front of a book: its cover (the organisation, "KỶ YẾU" and the year,
//! the year's main conference with its place and month, the site's logo, a
//! photo) and its foreword (a page of the site).
//!
//! The year's main conference is its last conference (an article with a
//! venue) that adopts tasks for the next year, else its last conference.
//! The cover photo is the first photo marked `cover: true` of the main
//! conference, else of the year; else the main conference's first photo,
//! else the year's first.
//!
//! Uses: model, lang, data, typography, blocks.

use super::data::{Book, Image, Sources};
use super::typography::curly;
use crate::markdown::blocks::Node;
use crate::model::{Article, InfoPage};
use serde::Serialize;

/// The cover of a book.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cover {
    /// `organisation:` of site.yaml, else the site's title.
    pub organisation: String,
    /// `KỶ YẾU`.
    pub label: String,
    pub year: i32,
    /// The title of the year's main conference.
    pub conference: Option<String>,
    /// Where and when: `Hà Nội, tháng 12 năm 2021`.
    pub place: Option<String>,
    /// The site's logo (`style.logo`) in the book's world.
    pub logo: Option<String>,
    pub photo: Option<Image>,
}

/// The foreword: a page of the site named `loi-noi-dau-<year>` (that year's
/// books) or `loi-noi-dau` (every year's), or `foreword` likewise.
#[derive(Debug, Clone, Serialize)]
pub struct Foreword {
    pub title: String,
    pub body: Vec<Node>,
}

/// The folder names of a foreword page, the year's first.
fn foreword_names(year: i32) -> [String; 4] {
    [
        format!("loi-noi-dau-{year}"),
        format!("foreword-{year}"),
        "loi-noi-dau".to_string(),
        "foreword".to_string(),
    ]
}

/// The year's main conference among `articles` (oldest first).
pub fn main_conference<'a>(
    sources: &Sources<'_>,
    lang: &crate::lang::Lang,
    articles: &[&'a Article],
) -> Option<&'a Article> {
    let site = sources.site;
    let conferences =
        || (articles.iter().copied()).filter(|a| site.shown_version(lang, a).venue.is_some());
    let adopting = conferences().rfind(|a| !site.shown_version(lang, a).tasks.is_empty());
    adopting.or_else(|| conferences().next_back())
}

/// The cover of `book`, made of its `articles`.
pub fn cover(book: &mut Book, sources: &Sources<'_>, articles: &[&Article]) -> Cover {
    let site = sources.site;
    let config = &site.config;
    let lang = book.lang.clone();
    let default = config.default_lang();
    let string = |key: &str| curly(sources.theme.string(&lang, key));
    let organisation = match config.organisation.get(&lang, default) {
        "" => book.site.clone(),
        given => curly(given),
    };
    let main = main_conference(sources, &lang, articles);
    let version = main.map(|article| site.shown_version(&lang, article));
    let when = main.map(|article| {
        let date = sources
            .theme
            .format_date_as(&lang, "book_month", &article.date);
        curly(&date)
    });
    let place = match config.place.get(&lang, default) {
        "" => version.and_then(|v| v.venue.as_deref()).map(curly),
        given => Some(curly(given)),
    };
    let place = match (place, when) {
        (Some(place), Some(when)) => Some(format!("{place}, {when}")),
        (place, when) => place.or(when),
    };
    let logo = config.style.logo.as_ref().map(|logo| {
        let file = sources.root.join("static").join(logo);
        let extension = logo.rsplit_once('.').map_or("svg", |(_, e)| e);
        book.serve(file, &extension.to_ascii_lowercase())
    });
    Cover {
        organisation,
        label: string("book_cover_label"),
        year: book.year,
        conference: version.map(|v| curly(&v.title)),
        place,
        logo,
        photo: cover_photo(book, sources, main, articles),
    }
}

/// The photo of the cover (see the module's notes).
fn cover_photo(
    book: &mut Book,
    sources: &Sources<'_>,
    main: Option<&Article>,
    articles: &[&Article],
) -> Option<Image> {
    let marked = |article: &&Article| article.gallery().position(|photo| photo.cover);
    let first = |article: &&Article| article.gallery().next().map(|_| 0);
    let main = main.into_iter().collect::<Vec<_>>();
    let (article, index) = (main.iter().find_map(|a| Some((*a, marked(a)?))))
        .or_else(|| articles.iter().find_map(|a| Some((*a, marked(a)?))))
        .or_else(|| main.iter().find_map(|a| Some((*a, first(a)?))))
        .or_else(|| articles.iter().find_map(|a| Some((*a, first(a)?))))?;
    let version = sources.site.shown_version(&book.lang, article);
    let photo = article.gallery().nth(index)?;
    let caption = version.captions.get(index).cloned().unwrap_or_default();
    book.image(sources, photo, &caption)
}

/// The foreword of `book`, when the site has one.
pub fn foreword(book: &mut Book, sources: &Sources<'_>) -> Option<Foreword> {
    let site = sources.site;
    let name_of = |page: &InfoPage| {
        let rest = page.key.strip_prefix("content/pages/")?;
        Some(rest.split('/').next()?.to_string())
    };
    let page = foreword_names(book.year).into_iter().find_map(|name| {
        (site.pages.iter()).find(|page| name_of(page).as_deref() == Some(name.as_str()))
    })?;
    let version = page.shown_version(&book.lang, &site.config.languages);
    let (markdown, _) = super::data::cut_body(&version.body_markdown);
    let (body, _) = book.nodes(sources, &page.photos, &version.path, markdown);
    Some(Foreword {
        title: curly(&version.title),
        body,
    })
}
