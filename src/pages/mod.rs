//! Plans every page of the site as data: which pages exist, in which
//! language, and the typed view ([`crate::views`]) each template receives.
//! Pure: no disk, no templates.
//!
//! This file holds the jobs, the plan's indexes and what every page shares
//! (the meta block, links to articles, units and years, photos); each kind
//! of page has a file of its own.
//!
//! Uses: model, lang, urls, views, theme (strings and dates), images (the
//! sizes of processed photos), jobs.

use crate::images::Processed;
use crate::lang::{Lang, Localized};
use crate::model::{Article, Attachment, Date, InfoPage, Site, Unit, Version};
use crate::source::theme::{DateFormat, Theme};
use crate::urls::{link, root_of, Urls};
use crate::views::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::cell::OnceCell;
use std::collections::BTreeMap;

mod article;
mod feed;
mod home;
mod info_page;
mod meta;
mod not_found;
mod photos;
mod print;
mod search;
mod sitemap;
mod speaker;
#[cfg(test)]
mod tests;
mod unit;
mod year;

pub(crate) use meta::Kind;
pub use photos::Place;
pub use sitemap::sitemap_entry;

/// The size in bytes of each PDF yearbook, by language and year.
pub type BookSizes = BTreeMap<(Lang, i32), (u64, usize)>;

/// No PDF yearbook (a preview, a check).
pub static NO_BOOKS: BookSizes = BTreeMap::new();

/// What planning needs to read.
pub struct PlanInputs<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub urls: &'a Urls,
    pub photos: &'a BTreeMap<String, Processed>,
    /// The PDF yearbooks made, which year pages and print editions link.
    pub books: &'a BookSizes,
}

pub use crate::jobs::{Job, PageJob};

/// The indexes planning reads, built once per build: articles by year, by
/// unit and by speaker, so that no page scans the whole site.
pub struct Plan<'a> {
    pub inputs: &'a PlanInputs<'a>,
    by_key: FxHashMap<&'a str, &'a Article>,
    pages_by_key: FxHashMap<&'a str, &'a InfoPage>,
    units: FxHashMap<&'a str, &'a Unit>,
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
    tasks_for: FxHashMap<i32, Vec<&'a Article>>,
}

/// The indexes that depend on the version a language shows.
#[derive(Default)]
pub(crate) struct Lists<'a> {
    /// Unit id -> the articles that involve it (site order).
    pub by_unit: FxHashMap<&'a str, Vec<&'a Article>>,
    /// Speaker slug -> name and appearances.
    pub speakers: BTreeMap<&'a str, SpeakerEntries<'a>>,
}

/// A speaker's name and the articles they spoke in.
pub(crate) struct SpeakerEntries<'a> {
    pub name: String,
    /// (article, index of the speaker in its version's speakers), site order.
    pub entries: Vec<(&'a Article, usize)>,
}

impl<'a> Plan<'a> {
    pub fn new(inputs: &'a PlanInputs<'a>) -> Plan<'a> {
        let site = inputs.site;
        let langs = site
            .config
            .languages
            .par_iter()
            .map(|lang| Lists::new(site, lang))
            .collect();
        Plan {
            years: Years::new(&site.articles),
            langs,
            ..Plan::articles_only(inputs)
        }
    }

    /// A plan for the articles' own pages only ([`Job::Article`]): it skips
    /// the indexes that lists need, which a site of many articles takes
    /// time to build.
    pub fn articles_only(inputs: &'a PlanInputs<'a>) -> Plan<'a> {
        let site = inputs.site;
        Plan {
            inputs,
            by_key: site.articles.iter().map(|a| (a.key.as_str(), a)).collect(),
            pages_by_key: site.pages.iter().map(|p| (p.key.as_str(), p)).collect(),
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

    /// The lists of the language at `lang_index` (empty for no language).
    pub(crate) fn lists(&self, lang_index: usize) -> &Lists<'a> {
        self.langs.get(lang_index).unwrap_or(&self.empty)
    }

    /// Every page of the site but the sitemap, in a stable order.
    pub fn jobs(&self) -> Vec<PageJob> {
        crate::jobs::jobs(self)
    }

    /// Plans one page; `None` when the job names a page that does not exist
    /// (an article, unit, year or speaker that is gone).
    pub fn page(&self, page_job: &PageJob) -> Option<Page> {
        let planner = self.planner(page_job.lang)?;
        Some(match &page_job.job {
            Job::Home => planner.home(),
            Job::Year(year) => planner.year(*year, self.by_year().get(year)?),
            Job::Print(year) => planner.print(*year, self.by_year().get(year)?),
            Job::Article(key) => planner.article(self.by_key.get(key.as_str())?),
            Job::InfoPage(key) => planner.info_page(self.pages_by_key.get(key.as_str())?),
            Job::UnitsIndex => planner.units_index(),
            Job::Unit(id) => planner.unit(self.units.get(id.as_str())?),
            Job::SpeakersIndex => planner.speakers_index(),
            Job::Speaker(slug) => planner.speaker(slug)?,
            Job::Search => planner.search(),
            Job::Feed => planner.feed(),
            Job::NotFound => planner.not_found(),
        })
    }

    /// The planner of the language at `lang_index`.
    fn planner(&self, lang_index: usize) -> Option<Planner<'_>> {
        let lang = self.inputs.site.config.languages.get(lang_index)?;
        Some(self.planner_of(lang_index, lang))
    }

    /// The planner of `lang`, at `lang_index` in the site's languages.
    fn planner_of<'p>(&'p self, lang_index: usize, lang: &'p Lang) -> Planner<'p> {
        Planner {
            inputs: self.inputs,
            plan: self,
            lang_index,
            lang,
            dates: OnceCell::new(),
        }
    }
}

impl<'a> Years<'a> {
    fn new(articles: &'a [Article]) -> Years<'a> {
        let mut tasks_for: FxHashMap<i32, Vec<&'a Article>> = FxHashMap::default();
        for article in articles.iter().filter(|a| a.tasks_year != a.year) {
            tasks_for
                .entry(article.tasks_year)
                .or_default()
                .push(article);
        }
        Years {
            by_year: by_year(articles),
            tasks_for,
        }
    }
}

impl<'a> Lists<'a> {
    fn new(site: &'a Site, lang: &Lang) -> Lists<'a> {
        let mut lists = Lists::default();
        for article in &site.articles {
            let version = site.shown_version(lang, article);
            for id in article.involved_units(version) {
                lists.by_unit.entry(id).or_default().push(article);
            }
            for (index, speaker) in version.speakers.iter().enumerate() {
                let entries =
                    lists
                        .speakers
                        .entry(&speaker.slug)
                        .or_insert_with(|| SpeakerEntries {
                            name: speaker.name.clone(),
                            entries: Vec::new(),
                        });
                entries.entries.push((article, index));
            }
        }
        lists
    }
}

/// Articles by year, each year's articles oldest first.
pub fn by_year(articles: &[Article]) -> BTreeMap<i32, Vec<&Article>> {
    by_year_refs(&articles.iter().collect::<Vec<_>>())
}

/// Articles by year, each year's articles oldest first (the input is newest first).
fn by_year_refs<'a>(articles: &[&'a Article]) -> BTreeMap<i32, Vec<&'a Article>> {
    let mut years: BTreeMap<i32, Vec<&'a Article>> = BTreeMap::new();
    for article in articles.iter().rev() {
        years.entry(article.year).or_default().push(article);
    }
    years
}

impl crate::jobs::Shape for Plan<'_> {
    fn languages(&self) -> &[Lang] {
        &self.inputs.site.config.languages
    }

    fn years(&self) -> Vec<i32> {
        self.by_year().keys().copied().collect()
    }

    fn articles(&self) -> Vec<&str> {
        self.inputs
            .site
            .articles
            .iter()
            .map(|a| a.key.as_str())
            .collect()
    }

    fn pages(&self) -> Vec<&str> {
        self.inputs
            .site
            .pages
            .iter()
            .map(|p| p.key.as_str())
            .collect()
    }

    fn units(&self) -> Vec<&str> {
        self.inputs
            .site
            .units
            .iter()
            .map(|u| u.id.as_str())
            .collect()
    }

    fn speakers(&self, lang: usize) -> Vec<&str> {
        self.lists(lang).speakers.keys().copied().collect()
    }

    fn content_path(&self, key: &str, lang: &Lang, urls: &Urls) -> Option<String> {
        if let Some(article) = self.by_key.get(key) {
            return Some(urls.article(lang, article.year, &article.slug));
        }
        let page = self.pages_by_key.get(key)?;
        let shown = page.shown_version(lang, &self.inputs.site.config.languages);
        Some(urls.page(lang, &shown.slug))
    }
}

/// A page listed in the sitemap, with no date of its own.
fn listed(path: String, template: &'static str, meta: Meta, view: View) -> Page {
    Page {
        path,
        template,
        in_sitemap: true,
        lastmod: None,
        meta,
        view,
    }
}

/// A page left out of the sitemap.
fn unlisted(path: String, template: &'static str, meta: Meta, view: View) -> Page {
    Page {
        in_sitemap: false,
        ..listed(path, template, meta, view)
    }
}

/// Plans the pages of one language.
pub(crate) struct Planner<'a> {
    pub inputs: &'a PlanInputs<'a>,
    pub plan: &'a Plan<'a>,
    /// The index of `lang` in `config.languages`.
    pub lang_index: usize,
    pub lang: &'a Lang,
    /// How the language writes dates, looked up at the first date of the page.
    pub dates: OnceCell<DateFormat<'a>>,
}

impl<'a> Planner<'a> {
    /// The plan's lists of this language.
    pub fn lists(&self) -> &'a Lists<'a> {
        self.plan.lists(self.lang_index)
    }

    /// The attachments of an article or page, linked from the page at `path`.
    pub fn attachments(&self, list: &[Attachment], path: &str) -> Vec<AttachmentView> {
        let root = root_of(path);
        let separator = self.string("decimal_separator");
        list.iter()
            .map(|attachment| {
                let name = attachment.output_path.rsplit('/').next().unwrap_or("");
                let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
                AttachmentView {
                    title: attachment.title(self.lang),
                    href: link(&root, &attachment.output_path),
                    kind: extension.to_ascii_uppercase(),
                    size: file_size(attachment.size, &separator),
                }
            })
            .collect()
    }

    /// The PDF yearbook of `year` in this language, linked from the page
    /// at `path`, if there is one.
    pub fn book(&self, year: i32, path: &str) -> Option<AttachmentView> {
        let (size, pages) = *self.inputs.books.get(&(self.lang.clone(), year))?;
        let separator = self.string("decimal_separator");
        let pages = self.string("book_pages").replace("{n}", &pages.to_string());
        let size = file_size(size, &separator);
        Some(AttachmentView {
            title: self
                .string("book_link")
                .replace("{year}", &year.to_string()),
            href: link(&root_of(path), &self.urls().book(self.lang, year)),
            kind: "PDF".to_string(),
            size: match pages.is_empty() {
                true => size,
                false => format!("{size}, {pages}"),
            },
        })
    }

    /// The UI string `key` in this language.
    pub fn string(&self, key: &str) -> String {
        self.string_in(self.lang, key)
    }

    fn string_in(&self, lang: &Lang, key: &str) -> String {
        self.inputs.theme.string(lang, key).to_string()
    }

    /// A language's name (`lang_vi`) or marker (`in_lang_vi`), or its code
    /// when the theme has no string for it.
    pub fn lang_label(&self, prefix: &str, lang: &Lang) -> String {
        let text = self.string(&format!("{prefix}{lang}"));
        match (text.is_empty(), prefix) {
            (false, _) => text,
            (true, "in_lang_") => format!("({lang})"),
            (true, _) => lang.to_string(),
        }
    }

    fn urls(&self) -> &'a Urls {
        self.inputs.urls
    }

    fn default_lang(&self) -> &'a Lang {
        self.inputs.site.config.default_lang()
    }

    /// A text of the site (a title, a unit's name) in this language, else
    /// in the default one.
    pub fn localized(&self, text: &Localized) -> String {
        text.get(self.lang, self.default_lang()).to_string()
    }

    /// The site's title in this language.
    fn site_title(&self) -> String {
        self.localized(&self.inputs.site.config.title)
    }

    /// The version a reader of this language is shown: theirs, or the original.
    pub fn version(&self, article: &'a Article) -> &'a Version {
        self.inputs.site.shown_version(self.lang, article)
    }

    /// Dates as the language writes them (`date_format` in the i18n file).
    pub fn date(&self, date: &Date) -> String {
        let theme = self.inputs.theme;
        let format = self
            .dates
            .get_or_init(|| theme.date_format(self.lang, "date_format"));
        format.format(date)
    }

    /// An article as an item of a list on the page at `from`.
    pub fn article_link(&self, article: &'a Article, from: &str) -> ArticleLink {
        let version = self.version(article);
        let target = self
            .urls()
            .article(&version.lang, article.year, &article.slug);
        let other_lang =
            (version.lang != *self.lang).then(|| self.lang_label("in_lang_", &version.lang));
        ArticleLink {
            title: version.title.clone(),
            href: link(&root_of(from), &target),
            date: self.date(&article.date),
            iso_date: article.date.iso(),
            year: article.year,
            summary: version.summary.clone(),
            lang: version.lang.clone(),
            other_lang,
            venue: version.venue.clone(),
        }
    }

    /// A unit, named in this language, as a link from the page at `from`.
    pub fn unit_link(&self, id: &str, from: &str) -> Link {
        let name = self
            .plan
            .units
            .get(id)
            .map_or(id.to_string(), |unit| self.localized(&unit.name));
        Link {
            text: name,
            href: link(&root_of(from), &self.urls().unit(self.lang, id)),
        }
    }

    /// A year page, as a link from a page whose root prefix is `root`.
    pub fn year_link(&self, year: i32, root: &str) -> Link {
        Link {
            text: year.to_string(),
            href: link(root, &self.urls().year(self.lang, year)),
        }
    }

    /// A year's articles under its heading, on the page at `from`.
    pub fn year_group(&self, year: i32, articles: &[&'a Article], from: &str) -> YearGroup {
        YearGroup {
            year,
            href: link(&root_of(from), &self.urls().year(self.lang, year)),
            articles: articles
                .iter()
                .map(|article| self.article_link(article, from))
                .collect(),
            cover: None,
        }
    }
}

/// A size in bytes as a reader reads it: `800 B`, `12 KB`, `1,2 MB` (with
/// the language's decimal `separator`), in units of 1024.
pub fn file_size(bytes: u64, separator: &str) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = match unit == 0 || value >= 100.0 {
        true => format!("{value:.0}"),
        false => format!("{value:.1}").replace('.', separator),
    };
    format!("{text} {}", UNITS[unit])
}
