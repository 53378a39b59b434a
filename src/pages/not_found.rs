//! `404.html`, in the default language only: served for any missing path,
//! so its links start from the site's base path, and it links to the home
//! page of every language.
//!
//! Uses: pages (the planner), urls, views.

use super::{unlisted, Kind, Planner};
use crate::urls::link;
use crate::views::*;

impl Planner<'_> {
    pub fn not_found(&self) -> Page {
        let path = "404.html".to_string();
        let title = self.string("not_found_title");
        let mut meta = self.meta(&path, title, Kind::Every(&|u, l| u.home(l)));
        let base = self.inputs.site.config.base_path();
        meta.noindex = true;
        meta.alternates.clear();
        let homes: Vec<Switch> = meta
            .switcher
            .iter()
            .map(|switch| Switch {
                href: link(&base, &self.urls().home(&switch.lang)),
                ..switch.clone()
            })
            .collect();
        meta.switcher = homes.clone();
        meta.nav = self.nav(&base);
        meta.root = base;
        unlisted(path, "404.html", meta, View::NotFound { homes })
    }
}
