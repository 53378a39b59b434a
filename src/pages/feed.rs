//! A language's Atom feed: its newest articles written in that language.
//!
//! Uses: pages (the planner), model, views.

use super::{unlisted, Kind, Planner};
use crate::model::{Article, Version};
use crate::views::*;

/// How many entries a feed holds (the newest articles).
const FEED_ENTRIES: usize = 50;

impl Planner<'_> {
    pub fn feed(&self) -> Page {
        let urls = self.urls();
        let path = urls.feed(self.lang);
        let articles: Vec<(&Article, &Version)> = self
            .inputs
            .site
            .articles
            .iter()
            .filter_map(|article| Some((article, article.versions.get(self.lang)?)))
            .take(FEED_ENTRIES)
            .collect();
        let updated = articles.first().map_or_else(
            || "1970-01-01T00:00:00Z".to_string(),
            |(article, _)| article.date.rfc3339.clone(),
        );
        let title = self.site_title();
        let meta = self.meta(&path, title.clone(), Kind::Every(&|u, l| u.feed(l)));
        let view = View::Feed {
            title,
            id: urls.absolute(&path),
            self_url: urls.absolute(&path),
            home_url: urls.absolute(&urls.home(self.lang)),
            updated,
            entries: articles
                .iter()
                .map(|(article, version)| self.entry(article, version, &path))
                .collect(),
        };
        unlisted(path, "atom.xml", meta, view)
    }

    /// An article as an entry of the feed at `path`.
    fn entry(&self, article: &Article, version: &Version, path: &str) -> Entry {
        let urls = self.urls();
        Entry {
            title: version.title.clone(),
            url: urls.absolute(&urls.article(self.lang, article.year, &article.slug)),
            published: article.date.rfc3339.clone(),
            summary: version.summary.clone(),
            content: version.body_html.clone(),
            author: version.author.clone(),
            categories: article
                .units
                .iter()
                .map(|id| self.unit_link(id, path).text)
                .collect(),
        }
    }
}
