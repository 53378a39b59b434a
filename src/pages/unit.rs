//! The units index and a unit's page: its names, the offices it was
//! elected to, the articles that involve it by year and its speakers.
//!
//! Uses: pages (the planner), model, urls, views, slug (the index's order).

use super::{by_year_refs, listed, Kind, Planner};
use crate::model::{Article, Unit};
use crate::urls::{link, root_of};
use crate::views::*;

impl<'a> Planner<'a> {
    /// Every unit with its number of articles, by name.
    pub fn units_index(&self) -> Page {
        let path = self.urls().units(self.lang);
        let meta = self.meta(&path, self.string("units"), Kind::Every(&|u, l| u.units(l)));
        let root = root_of(&path);
        let mut units: Vec<NamedItem> = self
            .inputs
            .site
            .units
            .iter()
            .map(|unit| NamedItem {
                name: self.localized(&unit.name),
                short: self.short_name(unit),
                href: link(&root, &self.urls().unit(self.lang, &unit.id)),
                count: self.unit_articles(unit).len(),
            })
            .collect();
        units.sort_by_key(|unit| crate::slug::slugify(&unit.name));
        listed(path, "units.html", meta, View::Units { units })
    }

    pub fn unit(&self, unit: &Unit) -> Page {
        let path = self.urls().unit(self.lang, &unit.id);
        let name = self.localized(&unit.name);
        let id = unit.id.clone();
        let meta = self.meta(
            &path,
            name.clone(),
            Kind::Every(&move |u, l| u.unit(l, &id)),
        );
        let articles = self.unit_articles(unit);
        let years = by_year_refs(articles).into_iter().rev();
        let view = UnitView {
            id: unit.id.clone(),
            name,
            short: self.short_name(unit),
            names: self.unit_names(unit),
            url: unit.url.clone(),
            offices: self.unit_offices(unit, articles, &path),
            years: years
                .map(|(year, list)| self.year_group(year, &list, &path))
                .collect(),
            speakers: self.unit_speakers(unit, articles, &path),
        };
        listed(path, "unit.html", meta, View::Unit(Box::new(view)))
    }

    /// The articles that involve `unit` in this language (site order).
    fn unit_articles(&self, unit: &Unit) -> &'a [&'a Article] {
        let by_unit = &self.lists().by_unit;
        by_unit.get(unit.id.as_str()).map_or(&[], Vec::as_slice)
    }

    /// The unit's short name in this language, if it has one.
    fn short_name(&self, unit: &Unit) -> Option<String> {
        Some(self.localized(&unit.short)).filter(|short| !short.is_empty())
    }

    /// The unit's name in each language it has one, under that language's name.
    fn unit_names(&self, unit: &Unit) -> Vec<(String, String)> {
        let languages = &self.inputs.site.config.languages;
        languages
            .iter()
            .filter_map(|lang| {
                let name = unit.name.0.get(lang)?;
                Some((self.lang_label("lang_", lang), name.clone()))
            })
            .collect()
    }

    /// The offices the unit was elected to in `articles`, latest year first.
    fn unit_offices(&self, unit: &Unit, articles: &[&'a Article], path: &str) -> Vec<Office> {
        let mut offices: Vec<Office> = articles
            .iter()
            .flat_map(|article| {
                let roles = self.version(article).roles.iter();
                roles
                    .filter(|role| role.unit == unit.id)
                    .map(move |role| (article, role))
            })
            .map(|(article, role)| Office {
                year: role.year,
                role: role.role.clone(),
                unit: self.unit_link(&unit.id, path),
                article: self.article_link(article, path),
            })
            .collect();
        offices.sort_by_key(|office| std::cmp::Reverse(office.year));
        offices
    }

    /// The people who spoke for the unit in `articles`, each name once.
    fn unit_speakers(&self, unit: &Unit, articles: &[&'a Article], path: &str) -> Vec<Link> {
        let root = root_of(path);
        let mut speakers: Vec<Link> = Vec::new();
        for article in articles {
            let version = self.version(article);
            let own = version.speakers.iter();
            for speaker in own.filter(|speaker| speaker.unit.as_deref() == Some(&unit.id)) {
                if !speakers.iter().any(|known| known.text == speaker.name) {
                    speakers.push(Link {
                        text: speaker.name.clone(),
                        href: link(&root, &self.urls().speaker(self.lang, &speaker.slug)),
                    });
                }
            }
        }
        speakers
    }
}

#[cfg(test)]
mod tests {
    use crate::pages::tests::{page, texts, with_plan, year_titles, EN, VI};
    use crate::pages::Job;
    use crate::views::{UnitView, View};

    fn unit_view(plan: &crate::pages::Plan<'_>, lang: usize, id: &str) -> Result<UnitView, String> {
        match page(plan, lang, Job::Unit(id.into()))?.view {
            View::Unit(view) => Ok(*view),
            _ => Err(format!("not a unit page: {id}")),
        }
    }

    #[test]
    fn unit_page_lists_the_articles_that_list_it_or_name_it_by_year() -> Result<(), String> {
        with_plan(|plan| {
            // Listed by the conference, an office in the review, Bình's unit at the opening.
            let unit = unit_view(plan, VI, "lien-minh")?;
            assert_eq!(
                year_titles(&unit.years),
                [
                    (2022, vec!["Hội nghị 2022"]),
                    (2021, vec!["Khai mạc 2021", "Tổng kết 2021"])
                ]
            );
            let offices: Vec<(i32, &str, &str)> = unit
                .offices
                .iter()
                .map(|office| {
                    (
                        office.year,
                        office.role.as_str(),
                        office.article.title.as_str(),
                    )
                })
                .collect();
            assert_eq!(offices, [(2022, "Chủ tịch", "Tổng kết 2021")]);
            assert_eq!(texts(&unit.speakers), ["Trần Thị Bình"]);
            assert_eq!(unit.name, "Liên minh");
            Ok(())
        })
    }

    #[test]
    fn unit_page_is_named_in_the_page_language_and_lists_every_name() -> Result<(), String> {
        with_plan(|plan| {
            let unit = unit_view(plan, EN, "quy-ho-tro")?;
            assert_eq!(unit.name, "Support Fund");
            let names: Vec<&str> = unit.names.iter().map(|(_, name)| name.as_str()).collect();
            assert_eq!(names, ["Quỹ hỗ trợ", "Support Fund"]);
            assert_eq!(
                year_titles(&unit.years),
                [
                    (2022, vec!["Conference 2022"]),
                    (2021, vec!["Tổng kết 2021"])
                ]
            );
            assert_eq!(texts(&unit.speakers), ["Nguyễn Văn An"]);
            assert!(unit.offices.is_empty());
            Ok(())
        })
    }

    #[test]
    fn units_index_counts_each_units_articles() -> Result<(), String> {
        with_plan(|plan| {
            let page = page(plan, VI, Job::UnitsIndex)?;
            let View::Units { units } = &page.view else {
                return Err(format!("not the units index: {}", page.template));
            };
            let counts: Vec<(&str, usize, &str)> = units
                .iter()
                .map(|unit| (unit.name.as_str(), unit.count, unit.href.as_str()))
                .collect();
            assert_eq!(
                counts,
                [
                    ("Liên minh", 3, "../don-vi/lien-minh/index.html"),
                    ("Quỹ hỗ trợ", 2, "../don-vi/quy-ho-tro/index.html")
                ]
            );
            Ok(())
        })
    }
}
