//! The search page of one language: the form that `search.js` runs, and the
//! year pages for readers without JavaScript.
//!
//! Uses: pages (the planner), urls, views, search (where the index lives).

use super::{Kind, Planner};
use crate::search::index_dir;
use crate::urls::root_of;
use crate::views::*;

impl Planner<'_> {
    pub fn search(&self) -> Page {
        let urls = self.inputs.urls;
        let path = urls.search(self.lang);
        let root = root_of(&path);
        let meta = self.meta(&path, self.t("search"), Kind::Every(&|u, l| u.search(l)));
        let years = self
            .plan
            .by_year()
            .keys()
            .rev()
            .map(|year| Link {
                text: year.to_string(),
                href: crate::urls::link(&root, &urls.year(self.lang, *year)),
            })
            .collect();
        let view = View::Search {
            years,
            index: format!("{root}{}", index_dir(urls, self.lang)),
            script: format!("{root}search.js"),
        };
        Page {
            path,
            template: "search.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view,
        }
    }
}
