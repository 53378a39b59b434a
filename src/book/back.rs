//! The back of a book: the year's tasks (each article's list is printed
//! once, in the article; the closing list refers to its page), the index of
//! units and speakers (the template finds the pages where each is named),
//! and the colophon (the site's address, the date the book was typeset,
//! the sources of its articles).
//!
//! Uses: model, data, typography, slug.

use super::data::{Book, Named, Sources};
use super::typography::curly;
use crate::model::{Article, Date};
use serde::Serialize;

/// The closing lists of a book.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Back {
    /// The articles that adopt tasks, in the book's order.
    pub tasks: Vec<TaskRef>,
    pub index: Index,
    pub colophon: Colophon,
}

/// An article's list of tasks, as the year's closing list refers to it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRef {
    /// The article's number in the book (its list is labelled `tasks-<id>`).
    pub id: usize,
    pub article: String,
    pub count: usize,
}

/// The units and speakers the book names, each once, by name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Index {
    pub units: Vec<Named>,
    pub speakers: Vec<Named>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Colophon {
    /// Lines of text: the site's address, the date it was typeset, kyyeu.
    pub lines: Vec<String>,
    /// The sources of articles (`source:`).
    pub sources: Vec<SourceLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceLine {
    pub article: String,
    pub source: String,
}

/// The back of `book`, whose articles are made (of `articles`).
pub fn back(book: &Book, sources: &Sources<'_>, articles: &[&Article]) -> Back {
    let tasks = (book.articles.iter())
        .filter(|article| !article.tasks.is_empty())
        .map(|article| TaskRef {
            id: article.id,
            article: article.title.clone(),
            count: article.tasks.len(),
        })
        .collect();
    let mut index = Index::default();
    for article in &book.articles {
        // A unit once, by its name in the book's language (an article
        // printed in another language names it in its own).
        for unit in &article.units {
            if !index.units.iter().any(|u| u.key == unit.key) {
                let id = unit.key.strip_prefix("u:").unwrap_or(&unit.key);
                index.units.push(super::data::unit(sources, &book.lang, id));
            }
        }
        for speaker in &article.speakers {
            let named = Named {
                name: speaker.name.clone(),
                key: speaker.key.clone(),
            };
            if !index.speakers.iter().any(|s| s.key == named.key) {
                index.speakers.push(named);
            }
        }
    }
    let by_name = |named: &Named| (crate::slug::slugify(&named.name), named.name.clone());
    index.units.sort_by_cached_key(by_name);
    index.speakers.sort_by_cached_key(by_name);
    Back {
        tasks,
        index,
        colophon: colophon(book, sources, articles),
    }
}

fn colophon(book: &Book, sources: &Sources<'_>, articles: &[&Article]) -> Colophon {
    let theme = sources.theme;
    let lang = &book.lang;
    let url = sources.urls.absolute(&sources.urls.home(lang));
    let day = sources.typeset_on.clone().unwrap_or_else(today);
    let lines = [
        theme.string(lang, "book_online").replace("{url}", &url),
        (theme.string(lang, "book_typeset")).replace("{date}", &theme.format_date(lang, &day)),
    ];
    let lines = lines.into_iter().filter(|line| !line.is_empty());
    let shown = articles.iter().take(book.articles.len());
    let sources = (book.articles.iter().zip(shown))
        .filter_map(|(printed, article)| {
            let version = sources.site.shown_version(lang, article);
            Some(SourceLine {
                article: printed.title.clone(),
                source: curly(version.source.as_deref()?),
            })
        })
        .collect();
    Colophon {
        lines: lines.map(|line| curly(&line)).collect(),
        sources,
    }
}

/// Today's local date.
fn today() -> Date {
    date_of(chrono::Local::now().date_naive())
}

/// The day of an instant given in seconds since 1970 (UTC), as builds that
/// must be the same byte for byte give it (`SOURCE_DATE_EPOCH`).
pub fn day_of_epoch(seconds: i64) -> Option<Date> {
    let instant = chrono::DateTime::from_timestamp(seconds, 0)?;
    Some(date_of(instant.date_naive()))
}

fn date_of(day: chrono::NaiveDate) -> Date {
    use chrono::Datelike;
    Date {
        year: day.year(),
        month: day.month(),
        day: day.day(),
        rfc3339: String::new(),
    }
}
