//! The pages that gather articles: year, article, unit, speaker, feed and
//! sitemap pages.
//!
//! Uses: pages (the planner), model, urls, views.

use super::{Kind, Plan, Planner};
use crate::model::{Article, Unit, Version};
use crate::urls::root_of;
use crate::views::*;
use std::collections::BTreeMap;

/// How many entries a feed holds (the newest articles).
const FEED_ENTRIES: usize = 50;

/// Articles by year, each year's articles oldest first.
pub fn by_year(articles: &[Article]) -> BTreeMap<i32, Vec<&Article>> {
    by_year_refs(&articles.iter().collect::<Vec<_>>())
}

pub fn article_page(p: &Planner<'_>, article: &Article, v: &Version, path: String) -> Page {
    let mut meta = p.meta(&path, v.title.clone(), Kind::Article(article));
    meta.og_type = "article";
    meta.description = v.summary.clone();
    let gallery: Vec<_> = article
        .gallery()
        .zip(&v.captions)
        .enumerate()
        .filter_map(|(i, (photo, caption))| {
            Some((
                p.photo(&photo.output_stem, caption, &path, i > 0)?,
                caption.clone(),
            ))
        })
        .collect();
    meta.og_image = article
        .gallery()
        .zip(&v.captions)
        .next()
        .and_then(|(photo, caption)| {
            let large = p.inputs.photos.get(&photo.output_stem)?.largest()?;
            Some(OgImage {
                url: p.inputs.urls.absolute(&large.path),
                width: large.width,
                height: large.height,
                alt: caption.clone(),
            })
        });
    let root = root_of(&path);
    let speakers = v.speakers.iter().map(|s| SpeakerRef {
        name: s.name.clone(),
        href: crate::urls::link(&root, &p.inputs.urls.speaker(p.lang, &s.slug)),
        role: s.role.clone(),
        unit: s.unit.as_deref().map(|id| p.unit_link(id, &path)),
    });
    let roles = v.roles.iter().map(|r| Office {
        year: r.year,
        role: r.role.clone(),
        unit: p.unit_link(&r.unit, &path),
        article: p.article_link(article, &path),
    });
    let translations = meta
        .switcher
        .iter()
        .filter(|s| s.translated && !s.current)
        .cloned()
        .collect();
    let view = ArticleView {
        title: v.title.clone(),
        date: p.date(&article.date),
        iso_date: format!(
            "{:04}-{:02}-{:02}",
            article.date.year, article.date.month, article.date.day
        ),
        year: Link {
            text: article.year.to_string(),
            href: crate::urls::link(&root, &p.inputs.urls.year(p.lang, article.year)),
        },
        venue: v.venue.clone(),
        summary: v.summary.clone(),
        body: v.body_html.clone(),
        speakers: speakers.collect(),
        photos: gallery,
        tasks_year: article.tasks_year,
        tasks: v.tasks.clone(),
        roles: roles.collect(),
        units: article
            .units
            .iter()
            .map(|id| p.unit_link(id, &path))
            .collect(),
        author: v.author.clone(),
        source: v.source.clone(),
        translations,
    };
    Page {
        path,
        template: "article.html",
        in_sitemap: true,
        lastmod: Some(article.date.rfc3339.clone()),
        meta,
        view: View::Article(Box::new(view)),
    }
}

impl<'a> Planner<'a> {
    /// The year's print edition: every article in full, with a contents list.
    pub fn print(&self, year: i32, articles: &[&'a Article]) -> Page {
        let urls = self.inputs.urls;
        let path = urls.print(self.lang, year);
        let root = root_of(&path);
        let title = self.t("print_title").replace("{year}", &year.to_string());
        let meta = self.meta(&path, title, Kind::Every(&move |u, l| u.print(l, year)));
        let articles = articles
            .iter()
            .map(|a| self.print_article(a, &path))
            .collect();
        let year_link = Link {
            text: year.to_string(),
            href: crate::urls::link(&root, &urls.year(self.lang, year)),
        };
        let view = View::Print {
            year: year_link,
            articles,
        };
        Page {
            path,
            template: "print.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view,
        }
    }

    fn print_article(&self, a: &'a Article, path: &str) -> PrintArticle {
        let v = self.version(a);
        let link = self.article_link(a, path);
        let own_root = root_of(&self.inputs.urls.article(&v.lang, a.year, &a.slug));
        let photos = a
            .gallery()
            .zip(&v.captions)
            .filter_map(|(photo, caption)| {
                Some((
                    self.photo(&photo.output_stem, caption, path, true)?,
                    caption.clone(),
                ))
            })
            .collect();
        let speakers = v
            .speakers
            .iter()
            .map(|s| SpeakerRef {
                name: s.name.clone(),
                href: String::new(),
                role: s.role.clone(),
                unit: None,
            })
            .collect();
        PrintArticle {
            anchor: format!("{}-{}", a.year, a.slug),
            title: v.title.clone(),
            date: link.date,
            iso_date: link.iso_date,
            venue: v.venue.clone(),
            author: v.author.clone(),
            lang: v.lang.clone(),
            other_lang: link.other_lang,
            speakers,
            body: self.body_at(v, &own_root, &root_of(path)),
            photos,
            tasks_year: a.tasks_year,
            tasks: v.tasks.clone(),
        }
    }

    /// The body of `version`, whose own page has the root prefix
    /// `own_root`, for a page whose root prefix is `root`: rendered again
    /// there when the two differ and the body has relative links or images
    /// (their URLs move; nothing else in a body depends on its page).
    fn body_at(&self, version: &Version, own_root: &str, root: &str) -> String {
        if own_root == root || version.body_links.is_empty() {
            return version.body_html.clone();
        }
        let trusted_html = self.inputs.site.config.trusted_html;
        crate::markdown::render_at(version, root, self.inputs.urls, trusted_html)
    }

    pub fn year(&self, year: i32, articles: &[&'a Article]) -> Page {
        let years = self.plan.by_year();
        let prev = years.range(..year).next_back().map(|(y, _)| *y);
        let next = years.range(year + 1..).next().map(|(y, _)| *y);
        let urls = self.inputs.urls;
        let path = urls.year(self.lang, year);
        let root = root_of(&path);
        let title = self.t("year_title").replace("{year}", &year.to_string());
        let meta = self.meta(&path, title, Kind::Every(&move |u, l| u.year(l, year)));
        let links: Vec<ArticleLink> = articles
            .iter()
            .map(|a| self.article_link(a, &path))
            .collect();
        let conferences = links
            .iter()
            .filter(|l| l.venue.is_some())
            .cloned()
            .collect();
        let mut photos = Vec::new();
        for a in articles {
            let v = self.version(a);
            for (photo, caption) in a.gallery().zip(&v.captions) {
                if let Some(view) = self.photo(&photo.output_stem, caption, &path, true) {
                    photos.push(GalleryItem {
                        photo: view,
                        article: Link {
                            text: v.title.clone(),
                            href: crate::urls::link(&root, &urls.article(&v.lang, a.year, &a.slug)),
                        },
                    });
                }
            }
        }
        let mut unit_ids: Vec<&str> = articles
            .iter()
            .flat_map(|a| a.units.iter().map(String::as_str))
            .collect();
        unit_ids.sort_unstable();
        unit_ids.dedup();
        let tasks = |a: &&'a Article| {
            let v = self.version(a);
            (!v.tasks.is_empty()).then(|| TaskGroup {
                tasks_year: a.tasks_year,
                article: self.article_link(a, &path),
                tasks: v.tasks.clone(),
            })
        };
        let tasks_next = articles.iter().filter_map(tasks).collect();
        let tasks_this = self.plan.tasks_for(year).iter().filter_map(tasks).collect();
        let year_link = |y: i32| Link {
            text: y.to_string(),
            href: crate::urls::link(&root, &urls.year(self.lang, y)),
        };
        let view = View::Year {
            year,
            conferences,
            articles: links,
            photos,
            units: unit_ids
                .iter()
                .map(|id| self.unit_link(id, &path))
                .collect(),
            tasks_next,
            tasks_this,
            prev: prev.map(year_link),
            next: next.map(year_link),
            print: crate::urls::link(&root, &urls.print(self.lang, year)),
        };
        Page {
            path,
            template: "year.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view,
        }
    }

    pub fn units_index(&self) -> Page {
        let path = self.inputs.urls.units(self.lang);
        let meta = self.meta(&path, self.t("units"), Kind::Every(&|u, l| u.units(l)));
        let d = self.inputs.site.config.default_lang();
        let mut units: Vec<NamedItem> = self
            .inputs
            .site
            .units
            .iter()
            .map(|u| NamedItem {
                name: u.name.get(self.lang, d).to_string(),
                short: Some(u.short.get(self.lang, d).to_string()).filter(|s| !s.is_empty()),
                href: crate::urls::link(&root_of(&path), &self.inputs.urls.unit(self.lang, &u.id)),
                count: self.lists().by_unit.get(u.id.as_str()).map_or(0, Vec::len),
            })
            .collect();
        units.sort_by_key(|u| crate::slug::slugify(&u.name));
        Page {
            path,
            template: "units.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view: View::Units { units },
        }
    }

    pub fn unit(&self, unit: &Unit) -> Page {
        let urls = self.inputs.urls;
        let path = urls.unit(self.lang, &unit.id);
        let d = self.inputs.site.config.default_lang();
        let name = unit.name.get(self.lang, d).to_string();
        let id = unit.id.clone();
        let meta = self.meta(
            &path,
            name.clone(),
            Kind::Every(&move |u, l| u.unit(l, &id)),
        );
        let mine: &[&'a Article] = self
            .lists()
            .by_unit
            .get(unit.id.as_str())
            .map_or(&[], Vec::as_slice);
        let mut offices: Vec<Office> = mine
            .iter()
            .flat_map(|a| {
                self.version(a)
                    .roles
                    .iter()
                    .filter(|r| r.unit == unit.id)
                    .map(move |r| (a, r))
            })
            .map(|(a, r)| Office {
                year: r.year,
                role: r.role.clone(),
                unit: self.unit_link(&unit.id, &path),
                article: self.article_link(a, &path),
            })
            .collect();
        offices.sort_by_key(|o| std::cmp::Reverse(o.year));
        let years = by_year_refs(mine)
            .into_iter()
            .rev()
            .map(|(year, list)| YearGroup {
                year,
                href: crate::urls::link(&root_of(&path), &urls.year(self.lang, year)),
                articles: list.iter().map(|a| self.article_link(a, &path)).collect(),
            })
            .collect();
        let mut speakers: Vec<Link> = Vec::new();
        for a in mine {
            for s in self
                .version(a)
                .speakers
                .iter()
                .filter(|s| s.unit.as_deref() == Some(&unit.id))
            {
                if !speakers.iter().any(|l| l.text == s.name) {
                    speakers.push(Link {
                        text: s.name.clone(),
                        href: crate::urls::link(&root_of(&path), &urls.speaker(self.lang, &s.slug)),
                    });
                }
            }
        }
        let names = self
            .inputs
            .site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                unit.name
                    .0
                    .get(l)
                    .map(|n| (self.lang_label("lang_", l), n.clone()))
            })
            .collect();
        let short = Some(unit.short.get(self.lang, d).to_string()).filter(|s| !s.is_empty());
        let view = UnitView {
            id: unit.id.clone(),
            name,
            short,
            names,
            url: unit.url.clone(),
            offices,
            years,
            speakers,
        };
        Page {
            path,
            template: "unit.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view: View::Unit(Box::new(view)),
        }
    }

    /// The speakers index: every speaker with their number of appearances.
    pub fn speakers_index(&self) -> Page {
        let urls = self.inputs.urls;
        let index_path = urls.speakers(self.lang);
        let items = self
            .lists()
            .speakers
            .iter()
            .map(|(slug, (name, list))| NamedItem {
                name: name.clone(),
                short: None,
                href: crate::urls::link(&root_of(&index_path), &urls.speaker(self.lang, slug)),
                count: list.len(),
            })
            .collect();
        let meta = self.meta(
            &index_path,
            self.t("speakers"),
            Kind::Every(&|u, l| u.speakers(l)),
        );
        Page {
            path: index_path,
            template: "speakers.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view: View::Speakers { speakers: items },
        }
    }

    /// One speaker's page, `None` when no article names them.
    pub fn speaker(&self, slug: &str) -> Option<Page> {
        let urls = self.inputs.urls;
        let (name, list) = self.lists().speakers.get(slug)?;
        let path = urls.speaker(self.lang, slug);
        let meta = self.meta(
            &path,
            name.clone(),
            Kind::Every(&move |u, l| u.speaker(l, slug)),
        );
        let appearances = list
            .iter()
            .filter_map(|(a, i)| {
                let s = self.version(a).speakers.get(*i)?;
                Some(Appearance {
                    article: self.article_link(a, &path),
                    role: s.role.clone(),
                    unit: s.unit.as_deref().map(|id| self.unit_link(id, &path)),
                })
            })
            .collect();
        Some(Page {
            path,
            template: "speaker.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view: View::Speaker {
                name: name.clone(),
                appearances,
            },
        })
    }

    pub fn feed(&self) -> Page {
        let urls = self.inputs.urls;
        let path = urls.feed(self.lang);
        let articles: Vec<(&Article, &Version)> = self
            .inputs
            .site
            .articles
            .iter()
            .filter_map(|a| Some((a, a.versions.get(self.lang)?)))
            .take(FEED_ENTRIES)
            .collect();
        let entries = articles
            .iter()
            .map(|(a, v)| Entry {
                title: v.title.clone(),
                url: urls.absolute(&urls.article(self.lang, a.year, &a.slug)),
                published: a.date.rfc3339.clone(),
                summary: v.summary.clone(),
                content: v.body_html.clone(),
                author: v.author.clone(),
                categories: a
                    .units
                    .iter()
                    .map(|id| self.unit_link(id, &path).text)
                    .collect(),
            })
            .collect();
        let updated = articles.first().map_or_else(
            || "1970-01-01T00:00:00Z".to_string(),
            |(a, _)| a.date.rfc3339.clone(),
        );
        let title = self
            .inputs
            .site
            .config
            .title
            .get(self.lang, self.inputs.site.config.default_lang())
            .to_string();
        let meta = self.meta(&path, title.clone(), Kind::Every(&|u, l| u.feed(l)));
        let view = View::Feed {
            title,
            id: urls.absolute(&path),
            self_url: urls.absolute(&path),
            home_url: urls.absolute(&urls.home(self.lang)),
            updated,
            entries,
        };
        Page {
            path,
            template: "atom.xml",
            in_sitemap: false,
            lastmod: None,
            meta,
            view,
        }
    }
}

/// A speaker's name and their (article, index in its speakers) pairs.
pub(crate) type SpeakerEntries<'a> = (String, Vec<(&'a Article, usize)>);

/// Articles by year, each year's articles oldest first (the input is newest first).
fn by_year_refs<'a>(articles: &[&'a Article]) -> BTreeMap<i32, Vec<&'a Article>> {
    let mut years: BTreeMap<i32, Vec<&'a Article>> = BTreeMap::new();
    for a in articles.iter().rev() {
        years.entry(a.year).or_default().push(a);
    }
    years
}

/// The units an article involves, each once: listed, a speaker's, an office's.
pub fn involved<'a>(a: &'a Article, v: &'a Version) -> Vec<&'a str> {
    let mut ids: Vec<&str> = Vec::new();
    let listed = a.units.iter().map(String::as_str);
    let speakers = v.speakers.iter().filter_map(|s| s.unit.as_deref());
    let roles = v.roles.iter().map(|r| r.unit.as_str());
    for id in listed.chain(speakers).chain(roles) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// A page's entry in the sitemap, if it is listed there.
pub fn sitemap_entry(p: &Page) -> Option<SitemapUrl> {
    p.in_sitemap.then(|| SitemapUrl {
        loc: p.meta.canonical.clone(),
        lastmod: p.lastmod.clone(),
        alternates: if p.meta.alternates.len() > 2 {
            p.meta.alternates.clone()
        } else {
            Vec::new()
        },
    })
}

/// `sitemap.xml` (or, for a site split in parts, the part at `path`):
/// real pages, with their translations as hreflang alternates.
pub fn sitemap(plan: &Plan<'_>, path: &str, urls: Vec<SitemapUrl>) -> Page {
    sitemap_file(plan, path, "sitemap.xml", View::Sitemap { urls })
}

/// `sitemap.xml` as the index of the parts of a large site's sitemap.
pub fn sitemap_index(plan: &Plan<'_>, sitemaps: Vec<SitemapPart>) -> Page {
    sitemap_file(
        plan,
        "sitemap.xml",
        "sitemap_index.xml",
        View::SitemapIndex { sitemaps },
    )
}

fn sitemap_file(plan: &Plan<'_>, path: &str, template: &'static str, view: View) -> Page {
    let site = &plan.inputs.site;
    let default = site.config.default_lang();
    let planner = Planner {
        inputs: plan.inputs,
        plan,
        l: 0,
        lang: default,
    };
    let meta = planner.meta(path, String::new(), Kind::Every(&|_, _| path.to_string()));
    Page {
        path: path.into(),
        template,
        in_sitemap: false,
        lastmod: None,
        meta,
        view,
    }
}
