//! The one list of the site's pages: which pages a site has ([`jobs`]), in
//! a stable order, and the path each is written to ([`path`]). Planning
//! renders these pages; loading lets a link lead to exactly these paths
//! (and the files of [`root_files`]), so that a page kind added here is
//! both rendered and linkable.
//!
//! Uses: lang, urls.

use crate::lang::Lang;
use crate::urls::Urls;

/// One page of a language, before it is planned. Articles and units are
/// named by key and id, so a job means the same page after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home,
    Year(i32),
    Print(i32),
    Article(String),
    /// A page of `content/pages/`, by key.
    InfoPage(String),
    UnitsIndex,
    Unit(String),
    SpeakersIndex,
    Speaker(String),
    Search,
    Feed,
    /// `404.html` (`en/404.html`): the page for an address that does not exist.
    NotFound,
}

/// A job in one language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageJob {
    /// The index of the language in `site.config.languages`.
    pub lang: usize,
    pub job: Job,
}

/// What decides which pages a site has: the built site when it is planned,
/// or what the first pass of loading knows when links are checked.
pub trait Shape {
    /// The site's languages, the default first (see
    /// [`crate::model::Config::default_lang`]).
    fn languages(&self) -> &[Lang];
    /// The years that have articles, in order.
    fn years(&self) -> Vec<i32>;
    /// The keys of the articles, in the site's order.
    fn articles(&self) -> Vec<&str>;
    /// The keys of the pages of `content/pages/`, in menu order.
    fn pages(&self) -> Vec<&str>;
    /// The ids of the units, as units.yaml lists them.
    fn units(&self) -> Vec<&str>;
    /// The slugs of the speakers with a page in the language at `lang`, in order.
    fn speakers(&self, lang: usize) -> Vec<&str>;
    /// The path of the article or page `key` in `lang`.
    fn content_path(&self, key: &str, lang: &Lang, urls: &Urls) -> Option<String>;
}

/// Every page of the site but the sitemap, in a stable order: each
/// language's pages, then the 404 page of each language.
pub fn jobs(shape: &impl Shape) -> Vec<PageJob> {
    let languages = shape.languages();
    let mut jobs: Vec<PageJob> = (0..languages.len())
        .flat_map(|lang| {
            let jobs = lang_jobs(shape, lang);
            jobs.into_iter().map(move |job| PageJob { lang, job })
        })
        .collect();
    jobs.extend((0..languages.len()).map(|lang| PageJob {
        lang,
        job: Job::NotFound,
    }));
    jobs
}

/// The pages of the language at `lang`, in a stable order.
fn lang_jobs(shape: &impl Shape, lang: usize) -> Vec<Job> {
    let owned = |keys: Vec<&str>| keys.into_iter().map(str::to_string).collect::<Vec<_>>();
    let mut jobs = vec![Job::Home];
    for year in shape.years() {
        jobs.extend([Job::Year(year), Job::Print(year)]);
    }
    jobs.extend(owned(shape.articles()).into_iter().map(Job::Article));
    jobs.extend(owned(shape.pages()).into_iter().map(Job::InfoPage));
    jobs.push(Job::UnitsIndex);
    jobs.extend(owned(shape.units()).into_iter().map(Job::Unit));
    jobs.push(Job::SpeakersIndex);
    jobs.extend(owned(shape.speakers(lang)).into_iter().map(Job::Speaker));
    jobs.extend([Job::Search, Job::Feed]);
    jobs
}

/// The path `job` is written to: a folder (`2021/`, `en/don-vi/x/`) for a
/// page, a file name for the others (`atom.xml`, `en/404.html`).
pub fn path(job: &PageJob, shape: &impl Shape, urls: &Urls) -> Option<String> {
    let lang = shape.languages().get(job.lang)?;
    Some(match &job.job {
        Job::Home => urls.home(lang),
        Job::Year(year) => urls.year(lang, *year),
        Job::Print(year) => urls.print(lang, *year),
        Job::Article(key) | Job::InfoPage(key) => shape.content_path(key, lang, urls)?,
        Job::UnitsIndex => urls.units(lang),
        Job::Unit(id) => urls.unit(lang, id),
        Job::SpeakersIndex => urls.speakers(lang),
        Job::Speaker(slug) => urls.speaker(lang, slug),
        Job::Search => urls.search(lang),
        Job::Feed => urls.feed(lang),
        Job::NotFound => urls.not_found(lang),
    })
}

/// The files written at the root besides the pages of [`jobs`].
pub fn root_files() -> [&'static str; 2] {
    [Urls::SITEMAP, Urls::ROBOTS]
}
