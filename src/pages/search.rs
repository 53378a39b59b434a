//! The search page of one language: the form that `search.js` runs, and the
//! year pages for readers without JavaScript.
//!
//! Uses: pages (the planner), urls (where the index lives), views.

use super::{listed, Kind, Planner};
use crate::urls::root_of;
use crate::views::*;

impl Planner<'_> {
    pub fn search(&self) -> Page {
        let urls = self.urls();
        let path = urls.search(self.lang);
        let root = root_of(&path);
        let meta = self.meta(
            &path,
            self.string("search"),
            Kind::Every(&|u, l| u.search(l)),
        );
        let years = self.plan.by_year().keys().rev();
        let view = View::Search {
            years: years.map(|year| self.year_link(*year, &root)).collect(),
            index: format!("{root}{}", urls.search_index(self.lang)),
            script: format!("{root}{}", crate::urls::Urls::SEARCH_SCRIPT),
        };
        listed(path, "search.html", meta, view)
    }
}
