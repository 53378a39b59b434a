//! A page that is not an article (`content/pages/`) in one language: the
//! page in full, or, where it has no version in that language, a notice
//! that links to the versions that exist.
//!
//! Uses: pages (the planner), model, views.

use super::{listed, unlisted, Kind, Planner};
use crate::model::{InfoPage, PageVersion};
use crate::views::*;

impl<'a> Planner<'a> {
    pub fn info_page(&self, page: &'a InfoPage) -> Page {
        let languages = &self.inputs.site.config.languages;
        let shown = page.shown_version(self.lang, languages);
        let path = self.urls().page(self.lang, &shown.slug);
        let kind = Kind::InfoPage(page, languages);
        let mut meta = self.meta(&path, shown.title.clone(), kind);
        if shown.lang != *self.lang {
            meta.noindex = true;
            let view = self.page_missing(shown, &meta.switcher);
            return unlisted(path, "missing.html", meta, view);
        }
        meta.description = shown.summary.clone();
        meta.og_image = self.og_image(page.gallery(), &shown.captions);
        let view = View::InfoPage {
            title: shown.title.clone(),
            summary: shown.summary.clone(),
            body: self.body(&shown.body, super::Place::page(&path)),
            photos: self.gallery(page.gallery(), &shown.captions, &path),
            attachments: self.attachments(&page.attachments, &path),
        };
        listed(path, "page.html", meta, view)
    }

    /// The notice shown where a page has no version in this language.
    fn page_missing(&self, shown: &PageVersion, switcher: &[Switch]) -> View {
        let versions = switcher.iter().filter(|s| s.translated).cloned().collect();
        let notice = self
            .string("only_in")
            .replace("{lang}", &self.lang_label("lang_", &shown.lang));
        View::Missing {
            title: shown.title.clone(),
            title_lang: shown.lang.clone(),
            notice,
            versions,
        }
    }
}
