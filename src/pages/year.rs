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
        // Each article is listed once: a conference (it has a venue) or
        // another article of the year.
        let (conferences, links): (Vec<ArticleLink>, Vec<ArticleLink>) = links
            .into_iter()
            .partition(|article| article.venue.is_some());
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
            book: self.book(year, &path),
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
            let mut first_of_article = true;
            for (photo, caption) in article.gallery().zip(&version.captions) {
                if let Some(mut view) = self.photo(&photo.output_stem, caption, path, true) {
                    // The grid's cells: three across a wide screen, two on a
                    // tablet, one on a phone (`.gallery` in style.css).
                    view.sizes = "(min-width: 60rem) 19rem, (min-width: 32rem) 50vw, 100vw";
                    photos.push(GalleryItem {
                        photo: view,
                        article: Link {
                            text: version.title.clone(),
                            href: link(&root, &target),
                        },
                        first_of_article,
                    });
                    first_of_article = false;
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

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, texts, titles, with_plan, EN, VI};
    use crate::pages::Job;
    use crate::views::View;

    #[test]
    fn year_page_lists_its_articles_oldest_first_and_links_its_neighbours() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, VI, Job::Year(2021))?;
            let View::Year {
                articles,
                conferences,
                units,
                prev,
                next,
                print,
                ..
            } = &page.view
            else {
                return Err(format!("not a year page: {}", page.template));
            };
            assert_eq!(page.path, "2021/");
            assert_eq!(titles(articles), ["Khai mạc 2021", "Tổng kết 2021"]);
            assert!(conferences.is_empty());
            assert_eq!(texts(units), ["Quỹ hỗ trợ"]);
            assert!(prev.is_none());
            assert_eq!(
                next.as_ref().map(|l| l.href.as_str()),
                Some("../2022/index.html")
            );
            assert_eq!(print, "../2021/in/index.html");
            Ok(())
        })
    }

    #[test]
    fn year_page_lists_an_untranslated_article_in_its_own_language() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, EN, Job::Year(2021))?;
            let View::Year { articles, .. } = &page.view else {
                return Err(format!("not a year page: {}", page.template));
            };
            assert_eq!(titles(articles), ["Opening 2021", "Tổng kết 2021"]);
            let review = &articles[1];
            assert_eq!(review.href, "../../2021/tong-ket-2021/index.html");
            assert_eq!(review.lang.as_str(), "vi");
            assert_eq!(review.other_lang.as_deref(), Some("(in Vietnamese)"));
            assert_eq!(articles[0].other_lang, None);
            Ok(())
        })
    }

    #[test]
    fn year_page_shows_the_tasks_set_in_it_and_those_set_for_it() -> Result<(), String> {
        with_plan(|plan| {
            let year_2021 = page(plan, VI, Job::Year(2021))?;
            let year_2022 = page(plan, VI, Job::Year(2022))?;
            let (
                View::Year {
                    tasks_next,
                    tasks_this: none,
                    ..
                },
                View::Year {
                    tasks_this,
                    conferences,
                    prev,
                    ..
                },
            ) = (&year_2021.view, &year_2022.view)
            else {
                return Err("not year pages".into());
            };
            let set_in_2021: Vec<(&str, i32)> = tasks_next
                .iter()
                .map(|group| (group.article.title.as_str(), group.tasks_year))
                .collect();
            assert_eq!(set_in_2021, [("Tổng kết 2021", 2022)]);
            assert!(none.is_empty());
            let for_2022: Vec<&str> = tasks_this
                .iter()
                .flat_map(|group| &group.tasks)
                .map(String::as_str)
                .collect();
            assert_eq!(for_2022, ["Mở rộng hội viên"]);
            assert_eq!(titles(conferences), ["Hội nghị 2022"]);
            assert_eq!(prev.as_ref().map(|l| l.text.as_str()), Some("2021"));
            Ok(())
        })
    }
}
