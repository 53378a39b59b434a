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
