//! Plain data of a validated site: `Site`, `Unit`, `Article`, `Version`,
//! `Speaker`, `Role`, `Photo`. Built by `load`, read by `pages` and `images`.
//!
//! Uses: lang, config.

use crate::lang::{Lang, Localized};
use crate::source::config::Config;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub units: Vec<Unit>,
    /// Published articles (drafts only with `--drafts`), newest first.
    pub articles: Vec<Article>,
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
    /// The published versions, at least one.
    pub versions: BTreeMap<Lang, Version>,
}

impl Article {
    /// The gallery photos (those listed in front matter), in order.
    pub fn gallery(&self) -> impl Iterator<Item = &Photo> {
        self.photos.iter().filter(|p| p.in_gallery)
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
    /// Sanitized HTML; image URLs relative to a page two levels below the language root.
    pub body_html: String,
    /// The body as written, in Markdown, after the front matter (what search reads).
    pub body_markdown: String,
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
