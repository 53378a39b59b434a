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
        let path = crate::urls::Urls::NOT_FOUND.to_string();
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

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, with_plan, VI};
    use crate::pages::Job;
    use crate::views::View;

    #[test]
    fn not_found_links_from_the_base_path_to_every_home() -> Result<(), String> {
        with_plan(|plan| {
            let not_found: Vec<_> = plan
                .jobs()
                .into_iter()
                .filter(|job| job.job == Job::NotFound)
                .collect();
            assert_eq!(not_found.len(), 1);
            assert_eq!(not_found[0].lang, VI);
            let page = page(plan, VI, Job::NotFound)?;
            let View::NotFound { homes } = &page.view else {
                return Err(format!("not the 404 page: {}", page.template));
            };
            let homes: Vec<&str> = homes.iter().map(|home| home.href.as_str()).collect();
            assert_eq!(homes, ["/ky/index.html", "/ky/en/index.html"]);
            assert_eq!(
                (page.path.as_str(), page.meta.root.as_str()),
                ("404.html", "/ky/")
            );
            assert_eq!(page.meta.nav.search, "/ky/tim-kiem/index.html");
            assert!(page.meta.noindex && page.meta.alternates.is_empty() && !page.in_sitemap);
            Ok(())
        })
    }
}
