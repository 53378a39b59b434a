//! A language's home page: every year, latest first, with its first
//! articles and its number of articles.
//!
//! Uses: pages (the planner), views.

use super::{listed, Kind, Planner};
use crate::views::*;

/// How many articles of each year the home page shows.
const ARTICLES_PER_YEAR: usize = 6;

impl Planner<'_> {
    pub fn home(&self) -> Page {
        let path = self.urls().home(self.lang);
        let years = self.plan.by_year();
        let groups = years
            .iter()
            .rev()
            .map(|(year, articles)| {
                let shown = &articles[..articles.len().min(ARTICLES_PER_YEAR)];
                self.year_group(*year, shown, &path)
            })
            .collect();
        let counts = years.values().rev().map(Vec::len).collect();
        let meta = self.meta(&path, self.site_title(), Kind::Every(&|u, l| u.home(l)));
        let view = View::Home {
            years: groups,
            counts,
        };
        listed(path, "home.html", meta, view)
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
            let View::Home { years, counts } = &page.view else {
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
