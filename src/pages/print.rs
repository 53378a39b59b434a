//! A year's print edition: every article of the year in full on one page,
//! with a contents list.
//!
//! Uses: pages (the planner), model, urls, views.

use super::{unlisted, Kind, Planner};
use crate::model::Article;
use crate::urls::root_of;
use crate::views::*;

impl<'a> Planner<'a> {
    /// The year's print edition: every article in full, with a contents list.
    pub fn print(&self, year: i32, articles: &[&'a Article]) -> Page {
        let path = self.urls().print(self.lang, year);
        let root = root_of(&path);
        let title = self
            .string("print_title")
            .replace("{year}", &year.to_string());
        let mut meta = self.meta(&path, title, Kind::Every(&move |u, l| u.print(l, year)));
        // A print edition repeats its articles: search engines index those.
        meta.noindex = true;
        meta.alternates.clear();
        let articles = articles
            .iter()
            .map(|article| self.print_article(article, &path))
            .collect();
        let view = View::Print {
            year: self.year_link(year, &root),
            articles,
            book: self.book(year, &path),
        };
        unlisted(path, "print.html", meta, view)
    }

    fn print_article(&self, article: &'a Article, path: &str) -> PrintArticle {
        let version = self.version(article);
        let article_link = self.article_link(article, path);
        let photos = article
            .gallery()
            .zip(&version.captions)
            .filter_map(|(photo, caption)| {
                Some((
                    self.photo(&photo.output_stem, caption, path, true)?,
                    caption.clone(),
                ))
            })
            .collect();
        let speakers = version
            .speakers
            .iter()
            .map(|speaker| SpeakerRef {
                name: speaker.name.clone(),
                href: String::new(),
                role: speaker.role.clone(),
                unit: None,
            })
            .collect();
        let anchor = format!("{}-{}", article.year, article.slug);
        PrintArticle {
            title: version.title.clone(),
            date: article_link.date,
            iso_date: article_link.iso_date,
            venue: version.venue.clone(),
            author: version.author.clone(),
            lang: version.lang.clone(),
            other_lang: article_link.other_lang,
            speakers,
            body: self.body(
                &version.body,
                super::Place {
                    path,
                    prefix: &format!("{anchor}-"),
                    print: true,
                },
            ),
            anchor,
            photos,
            tasks_year: article.tasks_year,
            tasks: version.tasks.clone(),
        }
    }
}
