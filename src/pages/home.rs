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
