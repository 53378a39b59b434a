//! What a body may link to, known after the first pass of loading and
//! before any body is rendered: the articles and pages by source key (with
//! their bodies, for the ids of their headings), and every path of the
//! built site (pages, feeds, files of `static/` and of the theme).
//!
//! Uses: lang, markdown (heading ids), model, urls, jobs.

use crate::lang::Lang;
use crate::model::{Article, Config, InfoPage, Unit};
use crate::urls::Urls;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where an article or page is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Article {
        year: i32,
        slug: String,
    },
    /// A page of `content/pages/`: its slug in each language of the site.
    Page {
        slugs: BTreeMap<Lang, String>,
    },
}

/// An article or page a body may link to.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub place: Place,
    /// What gives the ids of each version's headings.
    pub bodies: BTreeMap<Lang, Headings<'a>>,
}

/// Where the ids of a version's headings come from.
#[derive(Debug, Clone, Copy)]
pub enum Headings<'a> {
    /// Its body as written (while the site is read).
    Source(&'a str),
    /// The ids its body was rendered with (a site already loaded, whose
    /// sources are not all kept).
    Ids(&'a [String]),
}

impl Target<'_> {
    /// The ids of the headings of the version in `lang`, else of the
    /// version in `fallback`.
    pub fn heading_ids(&self, lang: &Lang, fallback: &Lang) -> Vec<String> {
        match self.bodies.get(lang).or_else(|| self.bodies.get(fallback)) {
            Some(Headings::Source(body)) => crate::markdown::heading_ids(body),
            Some(Headings::Ids(ids)) => ids.to_vec(),
            None => Vec::new(),
        }
    }

    /// The site path of its page in `lang`: a page shows its version in
    /// `lang`, else the first of `languages` (the site's) it is written in.
    pub fn path(&self, urls: &Urls, lang: &Lang, languages: &[Lang]) -> String {
        match &self.place {
            Place::Article { year, slug } => urls.article(lang, *year, slug),
            Place::Page { slugs } => {
                let fallback = || languages.iter().find_map(|other| slugs.get(other));
                let slug = slugs.get(lang).or_else(fallback);
                urls.page(lang, slug.map_or("", String::as_str))
            }
        }
    }
}

/// Every article and page a body may link to, by key (its source path
/// without the language), and the paths of the site.
#[derive(Debug)]
pub struct LinkTargets<'a> {
    known: Known<'a>,
    pub site: &'a SitePaths,
}

/// Where the targets come from.
#[derive(Debug)]
enum Known<'a> {
    /// Gathered while the site is read.
    Gathered(HashMap<String, Target<'a>>),
    /// A site already loaded, looked up only for the links a body makes
    /// (`serve` reads one article again against thousands).
    Loaded {
        articles: &'a [Article],
        pages: &'a [InfoPage],
    },
}

impl<'a> LinkTargets<'a> {
    pub fn new(targets: HashMap<String, Target<'a>>, site: &'a SitePaths) -> Self {
        LinkTargets {
            known: Known::Gathered(targets),
            site,
        }
    }

    /// The article or page whose key is `key`.
    pub fn get(&self, key: &str) -> Option<Cow<'_, Target<'a>>> {
        match &self.known {
            Known::Gathered(targets) => targets.get(key).map(Cow::Borrowed),
            Known::Loaded { articles, pages } => {
                if let Some(article) = articles.iter().find(|a| a.key == key) {
                    return Some(Cow::Owned(article_target(article)));
                }
                let page = pages.iter().find(|p| p.key == key)?;
                Some(Cow::Owned(page_target(page)))
            }
        }
    }

    /// The targets of a site already loaded (what `serve` reloads against).
    pub fn of_site(articles: &'a [Article], pages: &'a [InfoPage], site: &'a SitePaths) -> Self {
        LinkTargets {
            known: Known::Loaded { articles, pages },
            site,
        }
    }
}

/// A loaded article as a target, with the ids its bodies were rendered with.
fn article_target(article: &Article) -> Target<'_> {
    let place = Place::Article {
        year: article.year,
        slug: article.slug.clone(),
    };
    let bodies = article.versions.iter();
    let bodies = bodies.map(|(lang, v)| (lang.clone(), Headings::Ids(&v.body.heading_ids)));
    Target {
        place,
        bodies: bodies.collect(),
    }
}

/// A loaded page as a target.
fn page_target(page: &InfoPage) -> Target<'_> {
    let slugs = page.versions.iter();
    let place = Place::Page {
        slugs: slugs
            .map(|(lang, v)| (lang.clone(), v.slug.clone()))
            .collect(),
    };
    let bodies = page.versions.iter();
    let bodies = bodies.map(|(lang, v)| (lang.clone(), Headings::Ids(&v.body.heading_ids)));
    Target {
        place,
        bodies: bodies.collect(),
    }
}

/// What the site will publish, as far as the first pass of loading knows.
pub struct SiteFacts<'a> {
    pub config: &'a Config,
    pub urls: &'a Urls,
    pub units: &'a [Unit],
    /// The articles and pages that will be published.
    pub targets: &'a HashMap<String, Target<'a>>,
    /// The slugs of every speaker.
    pub speakers: HashSet<String>,
    /// Files written as they are: the theme's and `static/`'s.
    pub files: Vec<String>,
}

impl crate::jobs::Shape for SiteFacts<'_> {
    fn languages(&self) -> &[Lang] {
        &self.config.languages
    }

    fn years(&self) -> Vec<i32> {
        let years = self
            .targets
            .values()
            .filter_map(|target| match target.place {
                Place::Article { year, .. } => Some(year),
                Place::Page { .. } => None,
            });
        let years: std::collections::BTreeSet<i32> = years.collect();
        years.into_iter().collect()
    }

    fn articles(&self) -> Vec<&str> {
        let articles = self.targets.iter();
        let articles = articles.filter(|(_, t)| matches!(t.place, Place::Article { .. }));
        articles.map(|(key, _)| key.as_str()).collect()
    }

    fn pages(&self) -> Vec<&str> {
        let pages = self.targets.iter();
        let pages = pages.filter(|(_, t)| matches!(t.place, Place::Page { .. }));
        pages.map(|(key, _)| key.as_str()).collect()
    }

    fn units(&self) -> Vec<&str> {
        self.units.iter().map(|unit| unit.id.as_str()).collect()
    }

    fn speakers(&self, _: usize) -> Vec<&str> {
        self.speakers.iter().map(String::as_str).collect()
    }

    fn content_path(&self, key: &str, lang: &Lang, urls: &Urls) -> Option<String> {
        let target = self.targets.get(key)?;
        Some(target.path(urls, lang, &self.config.languages))
    }
}

/// Every path of the built site a link may name: its pages (folders, as
/// `2021/`) and its other files (`atom.xml`, `tai-lieu/dieu-le.txt`).
#[derive(Debug, Default, Clone)]
pub struct SitePaths {
    pages: HashSet<String>,
    files: HashSet<String>,
}

impl SitePaths {
    /// The paths of the pages [`crate::jobs::jobs`] lists for the site the
    /// first pass of loading knows, of the files written at the root, and
    /// of the theme's and `static/`'s files.
    pub fn new(facts: &SiteFacts<'_>) -> SitePaths {
        let (mut pages, mut files) = (HashSet::new(), HashSet::new());
        for job in crate::jobs::jobs(facts) {
            let Some(path) = crate::jobs::path(&job, facts, facts.urls) else {
                continue;
            };
            match path.is_empty() || path.ends_with('/') {
                true => pages.insert(path),
                false => files.insert(path),
            };
        }
        files.extend(facts.files.iter().cloned());
        files.extend(crate::jobs::root_files().map(String::from));
        SitePaths { pages, files }
    }

    /// The site path that `path` (without a leading `/`) names: a page (a
    /// folder, with or without its `/` or `index.html`) or a file.
    pub fn find(&self, path: &str) -> Option<String> {
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        if (folder.is_empty() || folder.ends_with('/')) && self.pages.contains(folder) {
            return Some(folder.to_string());
        }
        if self.files.contains(path) {
            return Some(path.to_string());
        }
        let with_slash = format!("{path}/");
        self.pages.contains(&with_slash).then_some(with_slash)
    }

    /// The page or file nearest to `path`, when one is near enough.
    pub fn near(&self, path: &str) -> Option<String> {
        nearest(
            path,
            self.pages.iter().chain(&self.files).map(String::as_str),
        )
    }
}

/// The choice nearest to `word` when one is near enough to be a typo.
pub fn nearest<'c>(word: &str, choices: impl Iterator<Item = &'c str>) -> Option<String> {
    let scored = choices.map(|choice| (strsim::jaro_winkler(word, choice), choice));
    let best = scored.max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    best.filter(|(score, _)| *score >= 0.85)
        .map(|(_, choice)| choice.to_string())
}

/// The site path that the relative URL `relative` leads to from the page
/// at `page` (a folder such as `en/2021/slug/`); `None` when it climbs above
/// the site root.
pub fn join_url(page: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    let mut folder = true;
    for part in relative.split('/') {
        folder = matches!(part, "" | "." | "..");
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    let mut path = parts.join("/");
    if folder && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// File extensions of photos: an image the body shows, or a link to one, is
/// resized like the gallery's.
pub fn is_photo_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
    matches!(
        extension,
        "jpg" | "jpeg" | "png" | "webp" | "gif" | "tif" | "tiff" | "bmp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_join_the_page() {
        assert_eq!(join_url("2021/a/", "../../2022/"), Some("2022/".into()));
        assert_eq!(join_url("en/2021/a/", "../../2022"), Some("en/2022".into()));
        assert_eq!(join_url("2021/a/", "../.."), Some(String::new()));
        assert_eq!(join_url("2021/a/", "x.pdf"), Some("2021/a/x.pdf".into()));
        assert_eq!(join_url("2021/a/", "../../../x"), None);
    }

    #[test]
    fn paths_are_found_with_or_without_index() {
        let site = SitePaths {
            pages: ["".to_string(), "2022/".to_string()].into(),
            files: ["tai-lieu/a.txt".to_string()].into(),
        };
        assert_eq!(site.find("2022/index.html"), Some("2022/".into()));
        assert_eq!(site.find("2022"), Some("2022/".into()));
        assert_eq!(site.find("index.html"), Some(String::new()));
        assert_eq!(site.find("tai-lieu/a.txt"), Some("tai-lieu/a.txt".into()));
        assert_eq!(site.find("2019/"), None);
    }
}

#[cfg(test)]
mod near_tests {
    #[test]
    fn near_names() {
        let names = ["index.vi.md", "bao-cao.pdf", "giao-uoc.docx"];
        assert_eq!(
            super::nearest("bao-coa.pdf", names.into_iter()),
            Some("bao-cao.pdf".to_string())
        );
    }
}
