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
        let page = urls.article(self.lang, article.year, &article.slug);
        Entry {
            title: version.title.clone(),
            url: urls.absolute(&page),
            published: article.date.rfc3339.clone(),
            summary: version.summary.clone(),
            content: self.body(&version.body, super::Place::page(&page)),
            author: version.author.clone(),
            categories: article
                .units
                .iter()
                .map(|id| self.unit_link(id, path).text)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, with_plan, EN, VI};
    use crate::pages::Job;
    use crate::views::View;

    #[test]
    fn feed_holds_only_the_articles_written_in_its_language() -> Result<(), String> {
        with_plan(|plan| {
            let mut feeds = Vec::new();
            for lang in [VI, EN] {
                let page = page(plan, lang, Job::Feed)?;
                assert!(!page.in_sitemap);
                let View::Feed {
                    entries, updated, ..
                } = page.view
                else {
                    return Err(format!("not a feed: {}", page.template));
                };
                let titles: Vec<String> = entries.into_iter().map(|entry| entry.title).collect();
                feeds.push((titles, updated));
            }
            let updated = "2022-03-10T09:00:00+07:00".to_string();
            let vi = ["Hội nghị 2022", "Tổng kết 2021", "Khai mạc 2021"];
            let en = ["Conference 2022", "Opening 2021"];
            assert_eq!(
                feeds,
                [
                    (vi.map(String::from).to_vec(), updated.clone()),
                    (en.map(String::from).to_vec(), updated)
                ]
            );
            Ok(())
        })
    }

    #[test]
    fn feed_entries_are_absolute_and_categorised_by_unit() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, EN, Job::Feed)?;
            let View::Feed { entries, .. } = &page.view else {
                return Err(format!("not a feed: {}", page.template));
            };
            let first: Vec<(&str, &[String])> = entries
                .iter()
                .map(|entry| (entry.url.as_str(), entry.categories.as_slice()))
                .collect();
            assert_eq!(
                first,
                [
                    (
                        "https://example.org/ky/en/2022/hoi-nghi-2022/",
                        &["Alliance".to_string()][..]
                    ),
                    ("https://example.org/ky/en/2021/khai-mac-2021/", &[][..])
                ]
            );
            Ok(())
        })
    }
}
