//! `sitemap.xml`: every real page with its translations as hreflang
//! alternates, or, for a large site, the index of the sitemap's parts.
//!
//! Uses: pages (the plan and its planner), views, urls.

use super::{unlisted, Kind, Plan};
use crate::views::*;

/// A page's entry in the sitemap, if it is listed there.
pub fn sitemap_entry(page: &Page) -> Option<SitemapUrl> {
    page.in_sitemap.then(|| SitemapUrl {
        loc: page.meta.canonical.clone(),
        lastmod: page.lastmod.clone(),
        alternates: if page.meta.alternates.len() > 2 {
            page.meta.alternates.clone()
        } else {
            Vec::new()
        },
    })
}

impl Plan<'_> {
    /// `sitemap.xml` (or, for a site split in parts, the part at `path`),
    /// from the entries of the pages in the order of [`jobs`](Self::jobs).
    pub fn sitemap(&self, path: &str, entries: Vec<SitemapUrl>) -> Page {
        self.sitemap_file(path, "sitemap.xml", View::Sitemap { urls: entries })
    }

    /// `sitemap.xml` as the index of the parts of a large site's sitemap.
    pub fn sitemap_index(&self, parts: Vec<SitemapPart>) -> Page {
        let view = View::SitemapIndex { sitemaps: parts };
        self.sitemap_file(crate::urls::Urls::SITEMAP, "sitemap_index.xml", view)
    }

    fn sitemap_file(&self, path: &str, template: &'static str, view: View) -> Page {
        let planner = self.planner_of(0, self.inputs.site.config.default_lang());
        let meta = planner.meta(path, String::new(), Kind::Every(&|_, _| path.to_string()));
        unlisted(path.into(), template, meta, view)
    }
}
