//! `404.html` and `en/404.html`, one per language: a server shows it for
//! any missing path (the language's own below its home, see the deploy
//! guide), so its links start from the site's base path, and it links to
//! the home page of every language.
//!
//! Uses: pages (the planner), urls, views.

use super::{unlisted, Kind, Planner};
use crate::urls::link;
use crate::views::*;

impl Planner<'_> {
    pub fn not_found(&self) -> Page {
        let path = self.urls().not_found(self.lang);
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
    use crate::pages::tests::{page, with_plan, EN, VI};
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
            let langs: Vec<usize> = not_found.iter().map(|job| job.lang).collect();
            assert_eq!(langs, [VI, EN]);
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
            let english = crate::pages::tests::page(plan, EN, Job::NotFound)?;
            assert_eq!(
                (english.path.as_str(), english.meta.root.as_str()),
                ("en/404.html", "/ky/")
            );
            assert_eq!(english.meta.nav.search, "/ky/en/search/index.html");
            assert_ne!(english.meta.title, page.meta.title);
            Ok(())
        })
    }
}
