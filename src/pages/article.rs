//! An article's page in one language: the article in full, or, where it
//! has no version in that language, a notice that links to the versions
//! that exist.
//!
//! Uses: pages (the planner), model, urls, views.

use super::{unlisted, Kind, Place, Planner};
use crate::model::{Article, Version};
use crate::urls::{link, root_of};
use crate::views::*;

impl<'a> Planner<'a> {
    pub fn article(&self, article: &'a Article) -> Page {
        let path = self.urls().article(self.lang, article.year, &article.slug);
        match article.versions.get(self.lang) {
            Some(version) => self.article_page(article, version, path),
            None => self.missing(article, path),
        }
    }

    fn article_page(&self, article: &'a Article, version: &Version, path: String) -> Page {
        let mut meta = self.meta(&path, version.title.clone(), Kind::Article(article));
        meta.og_type = "article";
        meta.description = version.summary.clone();
        meta.og_image = self.og_image(article.gallery(), &version.captions);
        let view = self.article_view(article, version, &path, &meta.switcher);
        Page {
            path,
            template: "article.html",
            in_sitemap: true,
            lastmod: Some(article.date.rfc3339.clone()),
            meta,
            view: View::Article(Box::new(view)),
        }
    }

    /// The article as written in `version`, on its page at `path`, with
    /// the page's language `switcher`.
    fn article_view(
        &self,
        article: &'a Article,
        version: &Version,
        path: &str,
        switcher: &[Switch],
    ) -> ArticleView {
        let root = root_of(path);
        let translations = switcher
            .iter()
            .filter(|switch| switch.translated && !switch.current)
            .cloned()
            .collect();
        ArticleView {
            title: version.title.clone(),
            date: self.date(&article.date),
            iso_date: article.date.iso(),
            year: self.year_link(article.year, &root),
            venue: version.venue.clone(),
            summary: version.summary.clone(),
            body: self.body(&version.body, Place::page(path)),
            speakers: self.speaker_refs(version, path),
            photos: self.gallery(article.gallery(), &version.captions, path),
            tasks_year: article.tasks_year,
            tasks: version.tasks.clone(),
            roles: self.offices(article, version, path),
            units: article
                .units
                .iter()
                .map(|id| self.unit_link(id, path))
                .collect(),
            author: version.author.clone(),
            source: version.source.clone(),
            translations,
            attachments: self.attachments(&article.attachments, path),
        }
    }

    /// The speakers, each linked to their page and to their unit.
    fn speaker_refs(&self, version: &Version, path: &str) -> Vec<SpeakerRef> {
        let root = root_of(path);
        let speakers = version.speakers.iter();
        speakers
            .map(|speaker| SpeakerRef {
                name: speaker.name.clone(),
                href: link(&root, &self.urls().speaker(self.lang, &speaker.slug)),
                role: speaker.role.clone(),
                unit: speaker.unit.as_deref().map(|id| self.unit_link(id, path)),
            })
            .collect()
    }

    /// The offices units were elected to in the article.
    fn offices(&self, article: &'a Article, version: &Version, path: &str) -> Vec<Office> {
        let roles = version.roles.iter();
        roles
            .map(|role| Office {
                year: role.year,
                role: role.role.clone(),
                unit: self.unit_link(&role.unit, path),
                article: self.article_link(article, path),
            })
            .collect()
    }

    /// The notice shown where an article has no version in this language.
    fn missing(&self, article: &'a Article, path: String) -> Page {
        let version = self.version(article);
        let mut meta = self.meta(&path, version.title.clone(), Kind::Article(article));
        meta.noindex = true;
        let versions = meta
            .switcher
            .iter()
            .filter(|switch| switch.translated)
            .cloned()
            .collect();
        let notice = self
            .string("only_in")
            .replace("{lang}", &self.lang_label("lang_", &version.lang));
        let view = View::Missing {
            title: version.title.clone(),
            title_lang: version.lang.clone(),
            notice,
            versions,
        };
        unlisted(path, "missing.html", meta, view)
    }
}

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, with_plan, EN, REVIEW, VI};
    use crate::pages::Job;
    use crate::views::View;

    #[test]
    fn untranslated_article_is_a_notice_that_links_to_the_original() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, EN, Job::Article(REVIEW.into()))?;
            let View::Missing {
                title,
                notice,
                versions,
                ..
            } = &page.view
            else {
                return Err(format!("not a notice: {}", page.template));
            };
            assert_eq!(page.path, "en/2021/tong-ket-2021/");
            assert_eq!(title, "Tổng kết 2021");
            assert!(notice.contains("Vietnamese"), "{notice}");
            let links: Vec<&str> = versions.iter().map(|v| v.href.as_str()).collect();
            assert_eq!(links, ["../../../2021/tong-ket-2021/index.html"]);
            assert!(page.meta.noindex && !page.in_sitemap);
            Ok(())
        })
    }

    #[test]
    fn article_page_links_its_speakers_units_and_translations() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(
                plan,
                VI,
                Job::Article(crate::pages::tests::CONFERENCE.into()),
            )?;
            let View::Article(article) = &page.view else {
                return Err(format!("not an article: {}", page.template));
            };
            let speakers: Vec<(&str, &str)> = article
                .speakers
                .iter()
                .map(|s| (s.name.as_str(), s.href.as_str()))
                .collect();
            assert_eq!(
                speakers,
                [("Nguyễn Văn An", "../../dien-gia/nguyen-van-an/index.html")]
            );
            let units: Vec<&str> = article.units.iter().map(|u| u.text.as_str()).collect();
            assert_eq!(units, ["Liên minh"]);
            let translations: Vec<&str> = article
                .translations
                .iter()
                .map(|t| t.lang.as_str())
                .collect();
            assert_eq!(translations, ["en"]);
            assert_eq!(
                (article.year.text.as_str(), article.iso_date.as_str()),
                ("2022", "2022-03-10")
            );
            assert_eq!(page.lastmod.as_deref(), Some("2022-03-10T09:00:00+07:00"));
            assert_eq!(page.meta.og_type, "article");
            Ok(())
        })
    }
}
