//! A year's page: its articles and conferences, its photos, the units its
//! articles name, the tasks set in it and for it, and links to the years
//! before and after and to its print edition.
//!
//! Uses: pages (the planner), model, urls, views.

use super::{listed, Kind, Planner};
use crate::model::Article;
use crate::urls::{link, root_of};
use crate::views::*;

impl<'a> Planner<'a> {
    pub fn year(&self, year: i32, articles: &[&'a Article]) -> Page {
        let urls = self.urls();
        let path = urls.year(self.lang, year);
        let root = root_of(&path);
        let title = self
            .string("year_title")
            .replace("{year}", &year.to_string());
        let meta = self.meta(&path, title, Kind::Every(&move |u, l| u.year(l, year)));
        let links: Vec<ArticleLink> = articles
            .iter()
            .map(|article| self.article_link(article, &path))
            .collect();
        let conferences = links
            .iter()
            .filter(|article| article.venue.is_some())
            .cloned()
            .collect();
        let years = self.plan.by_year();
        let prev = years.range(..year).next_back();
        let next = years.range(year + 1..).next();
        let tasks_for_this = self.plan.tasks_for(year);
        let view = View::Year {
            year,
            conferences,
            articles: links,
            photos: self.year_gallery(articles, &path),
            units: self.year_units(articles, &path),
            tasks_next: self.task_groups(articles, &path),
            tasks_this: self.task_groups(tasks_for_this, &path),
            prev: prev.map(|(prev, _)| self.year_link(*prev, &root)),
            next: next.map(|(next, _)| self.year_link(*next, &root)),
            print: link(&root, &urls.print(self.lang, year)),
        };
        listed(path, "year.html", meta, view)
    }

    /// The gallery photos of every article, each linked to its article.
    fn year_gallery(&self, articles: &[&'a Article], path: &str) -> Vec<GalleryItem> {
        let root = root_of(path);
        let mut photos = Vec::new();
        for article in articles {
            let version = self.version(article);
            let target = self
                .urls()
                .article(&version.lang, article.year, &article.slug);
            for (photo, caption) in article.gallery().zip(&version.captions) {
                if let Some(view) = self.photo(&photo.output_stem, caption, path, true) {
                    photos.push(GalleryItem {
                        photo: view,
                        article: Link {
                            text: version.title.clone(),
                            href: link(&root, &target),
                        },
                    });
                }
            }
        }
        photos
    }

    /// The units the articles list, each once, by id.
    fn year_units(&self, articles: &[&'a Article], path: &str) -> Vec<Link> {
        let mut ids: Vec<&str> = articles
            .iter()
            .flat_map(|article| article.units.iter().map(String::as_str))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().map(|id| self.unit_link(id, path)).collect()
    }

    /// The tasks of the articles that set any, each with its article.
    fn task_groups(&self, articles: &[&'a Article], path: &str) -> Vec<TaskGroup> {
        let groups = articles.iter().filter_map(|article| {
            let version = self.version(article);
            (!version.tasks.is_empty()).then(|| TaskGroup {
                tasks_year: article.tasks_year,
                article: self.article_link(article, path),
                tasks: version.tasks.clone(),
            })
        });
        groups.collect()
    }
}
