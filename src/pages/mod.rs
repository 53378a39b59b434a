//! Plans every page of the site as data: which files exist, in which
//! language, and the typed view each template receives. Pure: no disk.
//!
//! Uses: model, lang, urls, theme (strings), images (photo sizes), views,
//! search (where the index lives).

use crate::images::Processed;
use crate::lang::Lang;
use crate::model::{Article, Date, Site, Unit, Version};
use crate::source::theme::Theme;
use crate::urls::{root_of, Urls};
use crate::views::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

mod lists;
pub use lists::{by_year, involved, sitemap_entry};
mod search;

/// What planning needs to read.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub urls: &'a Urls,
    pub photos: &'a BTreeMap<String, Processed>,
}

/// One page of a language, before it is planned. Articles and units are
/// named by key and id, so a job means the same page after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home,
    Year(i32),
    Print(i32),
    Article(String),
    UnitsIndex,
    Unit(String),
    SpeakersIndex,
    Speaker(String),
    Search,
    Feed,
    /// `404.html`, in the default language only.
    NotFound,
}

/// A job and the index of its language in `site.config.languages`.
pub type LangJob = (usize, Job);

/// The indexes planning reads, built once per build: articles by year, by
/// unit and by speaker, so that no page scans the whole site.
pub struct Plan<'a> {
    pub inputs: &'a Inputs<'a>,
    by_key: HashMap<&'a str, &'a Article>,
    units: HashMap<&'a str, &'a Unit>,
    years: Years<'a>,
    /// Per language (as `config.languages`).
    langs: Vec<Lists<'a>>,
    empty: Lists<'a>,
}

/// The indexes of years.
#[derive(Default)]
struct Years<'a> {
    by_year: BTreeMap<i32, Vec<&'a Article>>,
    /// Year -> the articles of other years whose tasks are for it (site order).
    tasks_for: HashMap<i32, Vec<&'a Article>>,
}

/// The indexes that depend on the version a language shows.
#[derive(Default)]
pub(crate) struct Lists<'a> {
    /// Unit id -> the articles that involve it (site order).
    pub by_unit: HashMap<&'a str, Vec<&'a Article>>,
    /// Speaker slug -> name and appearances.
    pub speakers: BTreeMap<&'a str, lists::SpeakerEntries<'a>>,
}

impl<'a> Plan<'a> {
    pub fn new(inputs: &'a Inputs<'a>) -> Plan<'a> {
        let site = inputs.site;
        let mut tasks_for: HashMap<i32, Vec<&'a Article>> = HashMap::new();
        for a in site.articles.iter().filter(|a| a.tasks_year != a.year) {
            tasks_for.entry(a.tasks_year).or_default().push(a);
        }
        let years = Years {
            by_year: lists::by_year(&site.articles),
            tasks_for,
        };
        let langs = site
            .config
            .languages
            .par_iter()
            .map(|lang| Lists::new(site, lang))
            .collect();
        Plan {
            years,
            langs,
            ..Plan::articles_only(inputs)
        }
    }

    /// A plan for the articles' own pages only ([`Job::Article`]): it skips
    /// the indexes that lists need, which a site of many articles takes
    /// time to build.
    pub fn articles_only(inputs: &'a Inputs<'a>) -> Plan<'a> {
        let site = inputs.site;
        Plan {
            inputs,
            by_key: site.articles.iter().map(|a| (a.key.as_str(), a)).collect(),
            units: site.units.iter().map(|u| (u.id.as_str(), u)).collect(),
            years: Years::default(),
            langs: Vec::new(),
            empty: Lists::default(),
        }
    }

    /// Articles by year, each year's oldest first.
    pub(crate) fn by_year(&self) -> &BTreeMap<i32, Vec<&'a Article>> {
        &self.years.by_year
    }

    /// The articles of other years whose tasks are for `year`.
    pub(crate) fn tasks_for(&self, year: i32) -> &[&'a Article] {
        self.years.tasks_for.get(&year).map_or(&[], Vec::as_slice)
    }

    /// The lists of the language at `l` (empty for no language).
    pub(crate) fn lists(&self, l: usize) -> &Lists<'a> {
        self.langs.get(l).unwrap_or(&self.empty)
    }

    /// Every page of the site but the sitemap, in a stable order.
    pub fn jobs(&self) -> Vec<LangJob> {
        let site = self.inputs.site;
        let mut jobs = Vec::new();
        for l in 0..site.config.languages.len() {
            let lists = self.lists(l);
            jobs.push((l, Job::Home));
            for year in self.by_year().keys() {
                jobs.push((l, Job::Year(*year)));
                jobs.push((l, Job::Print(*year)));
            }
            jobs.extend(
                site.articles
                    .iter()
                    .map(|a| (l, Job::Article(a.key.clone()))),
            );
            jobs.push((l, Job::UnitsIndex));
            jobs.extend(site.units.iter().map(|u| (l, Job::Unit(u.id.clone()))));
            jobs.push((l, Job::SpeakersIndex));
            jobs.extend(
                lists
                    .speakers
                    .keys()
                    .map(|s| (l, Job::Speaker(s.to_string()))),
            );
            jobs.push((l, Job::Search));
            jobs.push((l, Job::Feed));
        }
        let default = site
            .config
            .languages
            .iter()
            .position(|l| l == site.config.default_lang())
            .unwrap_or(0);
        jobs.push((default, Job::NotFound));
        jobs
    }

    /// Plans one page; `None` when the job names a page that does not exist
    /// (an article, unit, year or speaker that is gone).
    pub fn page(&self, (l, job): &LangJob) -> Option<Page> {
        let lang = self.inputs.site.config.languages.get(*l)?;
        let p = Planner {
            inputs: self.inputs,
            plan: self,
            l: *l,
            lang,
        };
        Some(match job {
            Job::Home => p.home(),
            Job::Year(year) => p.year(*year, self.by_year().get(year)?),
            Job::Print(year) => p.print(*year, self.by_year().get(year)?),
            Job::Article(key) => p.article(self.by_key.get(key.as_str())?),
            Job::UnitsIndex => p.units_index(),
            Job::Unit(id) => p.unit(self.units.get(id.as_str())?),
            Job::SpeakersIndex => p.speakers_index(),
            Job::Speaker(slug) => p.speaker(slug)?,
            Job::Search => p.search(),
            Job::Feed => p.feed(),
            Job::NotFound => p.not_found(),
        })
    }

    /// `sitemap.xml` (or the part of it at `path`), from the entries of
    /// the pages in the order of [`jobs`](Self::jobs).
    pub fn sitemap(&self, path: &str, entries: Vec<SitemapUrl>) -> Page {
        lists::sitemap(self, path, entries)
    }

    /// `sitemap.xml` as the index of the sitemap's parts.
    pub fn sitemap_index(&self, parts: Vec<SitemapPart>) -> Page {
        lists::sitemap_index(self, parts)
    }
}

impl<'a> Lists<'a> {
    fn new(site: &'a Site, lang: &Lang) -> Lists<'a> {
        let mut by_unit: HashMap<&'a str, Vec<&'a Article>> = HashMap::new();
        let mut speakers: BTreeMap<&'a str, lists::SpeakerEntries<'a>> = BTreeMap::new();
        for a in &site.articles {
            let v = shown_version(site, lang, a);
            for id in lists::involved(a, v) {
                by_unit.entry(id).or_default().push(a);
            }
            for (i, s) in v.speakers.iter().enumerate() {
                speakers
                    .entry(&s.slug)
                    .or_insert_with(|| (s.name.clone(), Vec::new()))
                    .1
                    .push((a, i));
            }
        }
        Lists { by_unit, speakers }
    }
}

/// Plans the pages of one language.
pub(crate) struct Planner<'a> {
    pub inputs: &'a Inputs<'a>,
    pub plan: &'a Plan<'a>,
    /// The index of `lang` in `config.languages`.
    pub l: usize,
    pub lang: &'a Lang,
}

/// Which kind of page, for the language switcher and hreflang.
pub(crate) enum Kind<'a> {
    /// A page that exists in every language; the function gives its path.
    Every(&'a dyn Fn(&Urls, &Lang) -> String),
    Article(&'a Article),
}

impl<'a> Planner<'a> {
    /// The plan's lists of this language.
    pub fn lists(&self) -> &'a Lists<'a> {
        self.plan.lists(self.l)
    }

    pub fn t(&self, key: &str) -> String {
        self.inputs.theme.string(self.lang, key).to_string()
    }

    /// A language's name (`lang_vi`) or marker (`in_lang_vi`), or its code
    /// when the theme has no string for it.
    pub fn lang_label(&self, prefix: &str, lang: &Lang) -> String {
        let text = self.t(&format!("{prefix}{lang}"));
        match (text.is_empty(), prefix) {
            (false, _) => text,
            (true, "in_lang_") => format!("({lang})"),
            (true, _) => lang.to_string(),
        }
    }

    fn t_in(&self, lang: &Lang, key: &str) -> String {
        self.inputs.theme.string(lang, key).to_string()
    }

    fn urls(&self) -> &Urls {
        self.inputs.urls
    }

    fn default_lang(&self) -> &Lang {
        self.inputs.site.config.default_lang()
    }

    /// The version a reader of this language is shown: theirs, or the original.
    pub fn version(&self, article: &'a Article) -> &'a Version {
        shown_version(self.inputs.site, self.lang, article)
    }

    /// Dates as the language writes them (`date_format` in the i18n file).
    pub fn date(&self, date: &Date) -> String {
        format_date(self.inputs.theme, self.lang, date)
    }

    /// The page's meta block.
    pub fn meta(&self, path: &str, title: String, kind: Kind<'_>) -> Meta {
        let config = &self.inputs.site.config;
        let root = root_of(path);
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        for lang in &config.languages {
            let (target, translated) = match &kind {
                Kind::Every(f) => (f(self.urls(), lang), true),
                Kind::Article(a) => (
                    self.urls().article(lang, a.year, &a.slug),
                    a.versions.contains_key(lang),
                ),
            };
            if translated {
                alternates.push(Alternate {
                    hreflang: lang.to_string(),
                    href: self.urls().absolute(&target),
                });
            }
            let name = self.t_in(lang, "lang_name");
            switcher.push(Switch {
                lang: lang.clone(),
                name,
                href: crate::urls::link(&root, &target),
                current: lang == self.lang,
                translated,
            });
        }
        if let Some(default) = alternates
            .iter()
            .find(|a| a.hreflang == self.default_lang().as_str())
            .cloned()
        {
            alternates.push(Alternate {
                hreflang: "x-default".into(),
                href: default.href,
            });
        }
        let site_title = config.title.get(self.lang, self.default_lang()).to_string();
        let locale_alternates = config
            .languages
            .iter()
            .filter(|l| *l != self.lang)
            .map(|l| self.t_in(l, "locale"))
            .collect();
        Meta {
            lang: self.lang.clone(),
            title,
            site_title,
            description: config
                .description
                .get(self.lang, self.default_lang())
                .to_string(),
            canonical: self.urls().absolute(path),
            og_type: "website",
            og_image: None,
            locale: self.t("locale"),
            locale_alternates,
            alternates,
            switcher,
            noindex: false,
            nav: Nav {
                home: crate::urls::link(&root, &self.urls().home(self.lang)),
                units: crate::urls::link(&root, &self.urls().units(self.lang)),
                speakers: crate::urls::link(&root, &self.urls().speakers(self.lang)),
                search: crate::urls::link(&root, &self.urls().search(self.lang)),
                feed: crate::urls::link(&root, &self.urls().feed(self.lang)),
                css: format!("{root}style.css"),
            },
            root,
        }
    }

    /// An article as an item of a list on the page at `from`.
    pub fn article_link(&self, article: &'a Article, from: &str) -> ArticleLink {
        let v = self.version(article);
        let root = root_of(from);
        let other_lang = (v.lang != *self.lang).then(|| self.lang_label("in_lang_", &v.lang));
        ArticleLink {
            title: v.title.clone(),
            href: crate::urls::link(
                &root,
                &self.urls().article(&v.lang, article.year, &article.slug),
            ),
            date: self.date(&article.date),
            iso_date: format!(
                "{:04}-{:02}-{:02}",
                article.date.year, article.date.month, article.date.day
            ),
            year: article.year,
            summary: v.summary.clone(),
            lang: v.lang.clone(),
            other_lang,
            venue: v.venue.clone(),
        }
    }

    pub fn unit_link(&self, id: &str, from: &str) -> Link {
        let name = self.plan.units.get(id).map_or(id.to_string(), |u| {
            u.name.get(self.lang, self.default_lang()).to_string()
        });
        Link {
            text: name,
            href: crate::urls::link(&root_of(from), &self.urls().unit(self.lang, id)),
        }
    }

    /// A photo as `<img>` attributes, from the page at `from`.
    pub fn photo(&self, stem: &str, alt: &str, from: &str, lazy: bool) -> Option<PhotoView> {
        let processed = self.inputs.photos.get(stem)?;
        let largest = processed.largest()?;
        let root = root_of(from);
        let srcset = processed
            .variants
            .iter()
            .map(|v| format!("{root}{} {}w", v.path, v.width))
            .collect::<Vec<_>>()
            .join(", ");
        let webp: Vec<String> = processed
            .variants
            .iter()
            .filter_map(|v| Some(format!("{root}{} {}w", v.webp.as_ref()?.0, v.width)))
            .collect();
        let webp_srcset = if webp.len() == processed.variants.len() {
            webp.join(", ")
        } else {
            String::new()
        };
        let small = processed
            .variants
            .iter()
            .find(|v| v.width >= 960)
            .unwrap_or(largest);
        Some(PhotoView {
            src: crate::urls::link(&root, &small.path),
            srcset,
            webp_srcset,
            sizes: "(min-width: 60rem) 56rem, 100vw",
            width: small.width,
            height: small.height,
            alt: alt.to_string(),
            large: crate::urls::link(&root, &largest.path),
            lazy,
        })
    }

    pub fn home(&self) -> Page {
        let path = self.urls().home(self.lang);
        let years = self.plan.by_year();
        let groups: Vec<YearGroup> = years
            .iter()
            .rev()
            .map(|(year, articles)| YearGroup {
                year: *year,
                href: crate::urls::link(&root_of(&path), &self.urls().year(self.lang, *year)),
                articles: articles
                    .iter()
                    .take(6)
                    .map(|a| self.article_link(a, &path))
                    .collect(),
            })
            .collect();
        let counts = years.values().rev().map(Vec::len).collect();
        let title = self
            .inputs
            .site
            .config
            .title
            .get(self.lang, self.default_lang())
            .to_string();
        let meta = self.meta(&path, title, Kind::Every(&|u, l| u.home(l)));
        Page {
            path,
            template: "home.html",
            in_sitemap: true,
            lastmod: None,
            meta,
            view: View::Home {
                years: groups,
                counts,
            },
        }
    }

    pub fn article(&self, article: &'a Article) -> Page {
        let path = self.urls().article(self.lang, article.year, &article.slug);
        match article.versions.get(self.lang) {
            Some(v) => lists::article_page(self, article, v, path),
            None => self.missing(article, path),
        }
    }

    /// The notice shown where an article has no version in this language.
    fn missing(&self, article: &'a Article, path: String) -> Page {
        let v = self.version(article);
        let mut meta = self.meta(&path, v.title.clone(), Kind::Article(article));
        meta.noindex = true;
        let versions = meta
            .switcher
            .iter()
            .filter(|s| s.translated)
            .cloned()
            .collect();
        let notice = self
            .t("only_in")
            .replace("{lang}", &self.lang_label("lang_", &v.lang));
        let view = View::Missing {
            title: v.title.clone(),
            title_lang: v.lang.clone(),
            notice,
            versions,
        };
        Page {
            path,
            template: "missing.html",
            in_sitemap: false,
            lastmod: None,
            meta,
            view,
        }
    }

    pub fn not_found(&self) -> Page {
        let path = "404.html".to_string();
        let mut meta = self.meta(
            &path,
            self.t("not_found_title"),
            Kind::Every(&|u, l| u.home(l)),
        );
        let base = self.inputs.site.config.base_path();
        meta.root = base.clone();
        meta.noindex = true;
        meta.alternates.clear();
        let homes: Vec<Switch> = meta
            .switcher
            .iter()
            .map(|s| Switch {
                href: crate::urls::link(&base, &self.urls().home(&s.lang)),
                ..s.clone()
            })
            .collect();
        meta.switcher = homes.clone();
        meta.nav.home = crate::urls::link(&base, &self.urls().home(self.lang));
        meta.nav.units = crate::urls::link(&base, &self.urls().units(self.lang));
        meta.nav.speakers = crate::urls::link(&base, &self.urls().speakers(self.lang));
        meta.nav.search = crate::urls::link(&base, &self.urls().search(self.lang));
        meta.nav.feed = crate::urls::link(&base, &self.urls().feed(self.lang));
        meta.nav.css = format!("{base}style.css");
        Page {
            path,
            template: "404.html",
            in_sitemap: false,
            lastmod: None,
            meta,
            view: View::NotFound { homes },
        }
    }
}

/// The version of `article` a reader of `lang` is shown: theirs, else the
/// first of the site's languages it is written in.
pub fn shown_version<'a>(site: &Site, lang: &Lang, article: &'a Article) -> &'a Version {
    article
        .versions
        .get(lang)
        .or_else(|| {
            site.config
                .languages
                .iter()
                .find_map(|l| article.versions.get(l))
        })
        .or_else(|| article.versions.values().next())
        .unwrap_or_else(|| unreachable_version())
}

/// A date as `lang` writes it (`date_format` and `month_<n>` in the i18n
/// file, with `{d}`, `{m}`, `{mm}`, `{month}` and `{y}`), in one pass.
pub fn format_date(theme: &Theme, lang: &Lang, date: &Date) -> String {
    use std::fmt::Write;
    let format = theme.string(lang, "date_format");
    let mut out = String::with_capacity(format.len() + 16);
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let end = rest.find('}').map_or(rest.len(), |e| e + 1);
        let _ = match &rest[..end] {
            "{d}" => write!(out, "{}", date.day),
            "{m}" => write!(out, "{}", date.month),
            "{mm}" => write!(out, "{:02}", date.month),
            "{month}" => write!(
                out,
                "{}",
                theme.string(lang, &format!("month_{}", date.month))
            ),
            "{y}" => write!(out, "{}", date.year),
            other => write!(out, "{other}"),
        };
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Articles always have a version (`load` drops those without); this keeps
/// `version` total without a panic.
fn unreachable_version() -> &'static Version {
    static EMPTY: std::sync::OnceLock<Version> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Version {
        lang: Lang::new("und"),
        path: Default::default(),
        title: String::new(),
        summary: String::new(),
        venue: None,
        speakers: Vec::new(),
        captions: Vec::new(),
        tasks: Vec::new(),
        roles: Vec::new(),
        author: None,
        source: None,
        body_html: String::new(),
        body_markdown: String::new(),
    })
}
