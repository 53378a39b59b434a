//! A language's home page: the latest conference with its lead photo, then
//! every year, latest first, with its cover photo, its first articles and
//! its number of articles.
//!
//! Uses: pages (the planner), model, views.

use super::{listed, Kind, Planner};
use crate::model::Article;
use crate::views::*;

/// How many articles of each year the home page shows.
const ARTICLES_PER_YEAR: usize = 6;

impl<'a> Planner<'a> {
    pub fn home(&self) -> Page {
        let path = self.urls().home(self.lang);
        let years = self.plan.by_year();
        let lead = self.lead_article();
        let groups = years
            .iter()
            .rev()
            .map(|(year, articles)| {
                let shown = &articles[..articles.len().min(ARTICLES_PER_YEAR)];
                let mut group = self.year_group(*year, shown, &path);
                // The lead's photo is on the page already: one photo is
                // never fetched in two sizes.
                let others: Vec<&Article> = (articles.iter().copied())
                    .filter(|a| lead.is_none_or(|lead| lead.key != a.key))
                    .collect();
                group.cover = self.year_cover(&others, &path);
                group
            })
            .collect();
        let counts = years.values().rev().map(Vec::len).collect();
        let meta = self.meta(&path, self.site_title(), Kind::Every(&|u, l| u.home(l)));
        let view = View::Home {
            lead: lead.map(|article| self.lead(article, &path)),
            years: groups,
            counts,
        };
        listed(path, "home.html", meta, view)
    }

    /// The latest conference: the newest article with a venue, else the
    /// newest article.
    fn lead_article(&self) -> Option<&'a Article> {
        let articles = &self.inputs.site.articles;
        (articles.iter().find(|a| self.version(a).venue.is_some())).or_else(|| articles.first())
    }

    /// The latest conference with its first photo, loaded at once: it is
    /// what a reader sees first.
    fn lead(&self, article: &'a Article, path: &str) -> Lead {
        let mut photo = self.first_photo(article, path, false);
        if let Some(photo) = &mut photo {
            photo.sizes = "(min-width: 60rem) 28rem, 100vw";
        }
        Lead {
            article: self.article_link(article, path),
            photo,
        }
    }

    /// A year's cover: the first photo of its conferences, else of any of
    /// its articles (the year's articles come oldest first).
    fn year_cover(&self, articles: &[&'a Article], path: &str) -> Option<PhotoView> {
        let with_venue = articles.iter().filter(|a| self.version(a).venue.is_some());
        let others = articles.iter().filter(|a| self.version(a).venue.is_none());
        let mut cover = (with_venue.chain(others)).find_map(|a| self.first_photo(a, path, true))?;
        cover.sizes = "(min-width: 40rem) 12rem, 100vw";
        Some(cover)
    }

    /// The first gallery photo of `article`, captioned in this language.
    fn first_photo(&self, article: &'a Article, path: &str, lazy: bool) -> Option<PhotoView> {
        let version = self.version(article);
        let (photo, caption) = article.gallery().zip(&version.captions).next()?;
        self.photo(&photo.output_stem, caption, path, lazy)
    }
}

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, titles, with_plan, EN};
    use crate::pages::Job;
    use crate::views::View;

    #[test]
    fn home_lists_every_year_latest_first_with_its_count() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, EN, Job::Home)?;
            let View::Home { years, counts, .. } = &page.view else {
                return Err(format!("not a home page: {}", page.template));
            };
            let groups: Vec<(i32, &str, Vec<&str>)> = years
                .iter()
                .map(|group| (group.year, group.href.as_str(), titles(&group.articles)))
                .collect();
            assert_eq!(
                groups,
                [
                    (2022, "../en/2022/index.html", vec!["Conference 2022"]),
                    (
                        2021,
                        "../en/2021/index.html",
                        vec!["Opening 2021", "Tổng kết 2021"]
                    )
                ]
            );
            assert_eq!(counts, &[1, 2]);
            assert_eq!(page.meta.title, "Proceedings");
            Ok(())
        })
    }
}
