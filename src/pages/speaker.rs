//! The speakers index and a speaker's page: the articles they spoke in,
//! with their role and unit in each.
//!
//! Uses: pages (the planner), urls, views.

use super::{listed, Kind, Planner};
use crate::urls::{link, root_of};
use crate::views::*;

impl Planner<'_> {
    /// The speakers index: every speaker with their number of appearances.
    pub fn speakers_index(&self) -> Page {
        let path = self.urls().speakers(self.lang);
        let root = root_of(&path);
        let speakers = self
            .lists()
            .speakers
            .iter()
            .map(|(slug, speaker)| NamedItem {
                name: speaker.name.clone(),
                short: None,
                href: link(&root, &self.urls().speaker(self.lang, slug)),
                count: speaker.entries.len(),
            })
            .collect();
        let title = self.string("speakers");
        let meta = self.meta(&path, title, Kind::Every(&|u, l| u.speakers(l)));
        listed(path, "speakers.html", meta, View::Speakers { speakers })
    }

    /// One speaker's page, `None` when no article names them.
    pub fn speaker(&self, slug: &str) -> Option<Page> {
        let speaker = self.lists().speakers.get(slug)?;
        let path = self.urls().speaker(self.lang, slug);
        let meta = self.meta(
            &path,
            speaker.name.clone(),
            Kind::Every(&move |u, l| u.speaker(l, slug)),
        );
        let appearances = speaker
            .entries
            .iter()
            .filter_map(|(article, index)| {
                let named = self.version(article).speakers.get(*index)?;
                Some(Appearance {
                    article: self.article_link(article, &path),
                    role: named.role.clone(),
                    unit: named.unit.as_deref().map(|id| self.unit_link(id, &path)),
                })
            })
            .collect();
        let view = View::Speaker {
            name: speaker.name.clone(),
            appearances,
        };
        Some(listed(path, "speaker.html", meta, view))
    }
}

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, with_plan, EN, VI};
    use crate::pages::Job;
    use crate::views::View;

    #[test]
    fn speaker_page_lists_every_appearance_with_its_role_and_unit() -> Result<(), String> {
        with_plan(|plan| {
            let vi = page(plan, VI, Job::Speaker("nguyen-van-an".into()))?;
            let en = page(plan, EN, Job::Speaker("nguyen-van-an".into()))?;
            let mut seen = Vec::new();
            for page in [&vi, &en] {
                let View::Speaker { name, appearances } = &page.view else {
                    return Err(format!("not a speaker page: {}", page.template));
                };
                assert_eq!(name, "Nguyễn Văn An");
                seen.push(
                    appearances
                        .iter()
                        .map(|appearance| {
                            let unit = appearance.unit.as_ref().map(|unit| unit.text.clone());
                            (
                                appearance.article.title.clone(),
                                appearance.role.clone(),
                                unit,
                            )
                        })
                        .collect::<Vec<_>>(),
                );
            }
            let some = |text: &str| Some(text.to_string());
            let expected_vi = [
                (
                    "Hội nghị 2022".to_string(),
                    some("Giám đốc"),
                    some("Quỹ hỗ trợ"),
                ),
                ("Tổng kết 2021".to_string(), some("Chủ tịch"), None),
            ];
            // English readers see the review in Vietnamese, its only version.
            let expected_en = [
                (
                    "Conference 2022".to_string(),
                    some("Director"),
                    some("Support Fund"),
                ),
                ("Tổng kết 2021".to_string(), some("Chủ tịch"), None),
            ];
            assert_eq!(seen, [expected_vi.to_vec(), expected_en.to_vec()]);
            assert_eq!(vi.path, "dien-gia/nguyen-van-an/");
            Ok(())
        })
    }

    #[test]
    fn speakers_index_counts_appearances() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, EN, Job::SpeakersIndex)?;
            let View::Speakers { speakers } = &page.view else {
                return Err(format!("not the speakers index: {}", page.template));
            };
            let counts: Vec<(&str, usize)> = speakers
                .iter()
                .map(|s| (s.name.as_str(), s.count))
                .collect();
            assert_eq!(counts, [("Nguyễn Văn An", 2), ("Trần Thị Bình", 1)]);
            Ok(())
        })
    }
}
