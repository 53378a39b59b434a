//! The model the planner's tests share, built in code: a site in two
//! languages (`vi`, the default, and `en`), three articles over two years,
//! one of them written in Vietnamese only, two units and two speakers.
//!
//! | article | year, date | units | speakers | other |
//! |---|---|---|---|---|
//! | `CONFERENCE` vi, en | 2022-03-10 | lien-minh | An (quy-ho-tro) | a venue |
//! | `REVIEW` vi only | 2021-12-01 | quy-ho-tro | An (no unit) | an office of lien-minh for 2022; tasks for 2022 |
//! | `OPENING` vi, en | 2021-01-15 | - | Bình (lien-minh) | |
//!
//! Also the tests of the plan as a whole: which jobs there are, which
//! have pages, the links between languages. Each kind of page has its
//! tests in its own file.
//!
//! Uses: pages, model, lang, config, theme, urls, views.

use super::{Job, PageJob, Plan, PlanInputs};
use crate::images::Processed;
use crate::lang::{Lang, Localized};
use crate::model::{Article, Date, Role, Site, Speaker, Unit, Version};
use crate::source::config::parse_config;
use crate::source::theme::Theme;
use crate::urls::Urls;
use crate::views::{ArticleLink, Link, Page, YearGroup};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The index of Vietnamese, the default language, in the test site.
pub const VI: usize = 0;
/// The index of English.
pub const EN: usize = 1;

/// The keys of the test site's articles, newest first.
pub const CONFERENCE: &str = "content/2022/hoi-nghi-2022";
pub const REVIEW: &str = "content/2021/tong-ket-2021";
pub const OPENING: &str = "content/2021/khai-mac-2021";

const SITE_YAML: &str = "\
title:
  vi: Kỷ yếu
  en: Proceedings
base_url: https://example.org/ky
languages: [vi, en]
";

/// Everything [`PlanInputs`] borrows.
pub struct TestSite {
    site: Site,
    theme: Theme,
    urls: Urls,
    photos: BTreeMap<String, Processed>,
}

impl TestSite {
    pub fn new() -> Result<TestSite, String> {
        let config = parse_config(SITE_YAML, Path::new("site.yaml"), None)
            .map_err(|errors| errors.to_string())?;
        // No site folder: the built-in theme alone.
        let theme = Theme::load(Path::new("/nonexistent-kyyeu-site"), &config)
            .map_err(|errors| errors.to_string())?;
        let urls = Urls::new(&config, theme.words(&config.languages));
        let site = Site {
            config,
            units: vec![
                unit("lien-minh", "Liên minh", "Alliance"),
                unit("quy-ho-tro", "Quỹ hỗ trợ", "Support Fund"),
            ],
            articles: vec![conference(), review(), opening()],
            pages: Vec::new(),
            custom_css: false,
            favicons: vec!["favicon.ico".into()],
            drafts_left_out: 0,
            marked: Vec::new(),
        };
        Ok(TestSite {
            site,
            theme,
            urls,
            photos: BTreeMap::new(),
        })
    }

    pub fn inputs(&self) -> PlanInputs<'_> {
        PlanInputs {
            site: &self.site,
            theme: &self.theme,
            urls: &self.urls,
            photos: &self.photos,
            books: &super::NO_BOOKS,
        }
    }
}

/// Runs `check` on the full plan of the test site.
pub fn with_plan(check: impl FnOnce(&Plan<'_>) -> Result<(), String>) -> Result<(), String> {
    let test_site = TestSite::new()?;
    let inputs = test_site.inputs();
    let plan = Plan::new(&inputs);
    check(&plan)
}

/// The page of `job` in the language at `lang` ([`VI`] or [`EN`]).
pub fn page(plan: &Plan<'_>, lang: usize, job: Job) -> Result<Page, String> {
    let page_job = PageJob { lang, job };
    plan.page(&page_job)
        .ok_or_else(|| format!("no page for {page_job:?}"))
}

/// The titles of listed articles.
pub fn titles(links: &[ArticleLink]) -> Vec<&str> {
    links.iter().map(|link| link.title.as_str()).collect()
}

/// The years of year groups, each with its articles' titles.
pub fn year_titles(groups: &[YearGroup]) -> Vec<(i32, Vec<&str>)> {
    let years = groups.iter();
    years
        .map(|group| (group.year, titles(&group.articles)))
        .collect()
}

/// The texts of links.
pub fn texts(links: &[Link]) -> Vec<&str> {
    links.iter().map(|link| link.text.as_str()).collect()
}

fn conference() -> Article {
    let an = speaker("Nguyễn Văn An", Some("quy-ho-tro"));
    let venue = Some("Hà Nội".to_string());
    article(
        CONFERENCE,
        (2022, 3, 10),
        &["lien-minh"],
        vec![
            Version {
                speakers: vec![with_role(&an, "Giám đốc")],
                venue: venue.clone(),
                ..version("vi", "Hội nghị 2022")
            },
            Version {
                speakers: vec![with_role(&an, "Director")],
                venue,
                ..version("en", "Conference 2022")
            },
        ],
    )
}

fn review() -> Article {
    let an = speaker("Nguyễn Văn An", None);
    let office = Role {
        unit: "lien-minh".into(),
        role: "Chủ tịch".into(),
        year: 2022,
    };
    let vi = Version {
        speakers: vec![with_role(&an, "Chủ tịch")],
        roles: vec![office],
        tasks: vec!["Mở rộng hội viên".into()],
        ..version("vi", "Tổng kết 2021")
    };
    Article {
        tasks_year: 2022,
        ..article(REVIEW, (2021, 12, 1), &["quy-ho-tro"], vec![vi])
    }
}

fn opening() -> Article {
    let binh = speaker("Trần Thị Bình", Some("lien-minh"));
    let versions = ["vi", "en"].map(|lang| Version {
        speakers: vec![binh.clone()],
        ..version(
            lang,
            if lang == "vi" {
                "Khai mạc 2021"
            } else {
                "Opening 2021"
            },
        )
    });
    article(OPENING, (2021, 1, 15), &[], versions.into())
}

/// An article of the year of its date, whose tasks are for that year.
fn article(
    key: &str,
    (year, month, day): (i32, u32, u32),
    units: &[&str],
    versions: Vec<Version>,
) -> Article {
    let slug = key.rsplit('/').next().unwrap_or(key).to_string();
    Article {
        key: key.into(),
        slug,
        year,
        date: Date {
            year,
            month,
            day,
            rfc3339: format!("{year:04}-{month:02}-{day:02}T09:00:00+07:00"),
        },
        units: units.iter().map(|id| id.to_string()).collect(),
        tasks_year: year,
        photos: Vec::new(),
        attachments: Vec::new(),
        versions: versions.into_iter().map(|v| (v.lang.clone(), v)).collect(),
    }
}

/// A version with a title, a summary and a body.
fn version(lang: &str, title: &str) -> Version {
    Version {
        path: PathBuf::from(format!("{title}.{lang}.md")),
        summary: format!("{title}: summary"),
        body: crate::model::Body {
            pieces: vec![crate::model::Piece::Html(format!("<p>{title}</p>"))],
            heading_ids: Vec::new(),
        },
        ..Version::new(Lang::new(lang), title.into())
    }
}

fn speaker(name: &str, unit: Option<&str>) -> Speaker {
    Speaker {
        name: name.into(),
        slug: crate::slug::slugify(name),
        role: None,
        unit: unit.map(String::from),
    }
}

fn with_role(speaker: &Speaker, role: &str) -> Speaker {
    Speaker {
        role: Some(role.into()),
        ..speaker.clone()
    }
}

fn unit(id: &str, vi: &str, en: &str) -> Unit {
    let name = [(Lang::new("vi"), vi.into()), (Lang::new("en"), en.into())];
    Unit {
        id: id.into(),
        name: Localized(name.into_iter().collect()),
        short: Localized::default(),
        url: None,
    }
}

/// The jobs of one language, in the order of `Plan::jobs`.
fn lang_jobs(lang: usize) -> Vec<PageJob> {
    let mut jobs = vec![Job::Home];
    jobs.extend(
        [2021, 2022]
            .map(|year| [Job::Year(year), Job::Print(year)])
            .concat(),
    );
    jobs.extend([CONFERENCE, REVIEW, OPENING].map(|key| Job::Article(key.into())));
    jobs.push(Job::UnitsIndex);
    jobs.extend(["lien-minh", "quy-ho-tro"].map(|id| Job::Unit(id.into())));
    jobs.push(Job::SpeakersIndex);
    jobs.extend(["nguyen-van-an", "tran-thi-binh"].map(|slug| Job::Speaker(slug.into())));
    jobs.extend([Job::Search, Job::Feed]);
    jobs.into_iter().map(|job| PageJob { lang, job }).collect()
}

#[test]
fn every_page_of_every_language_is_a_job_and_a_404_of_each() -> Result<(), String> {
    with_plan(|plan| {
        let mut expected = lang_jobs(VI);
        expected.extend(lang_jobs(EN));
        expected.extend([VI, EN].map(|lang| PageJob {
            lang,
            job: Job::NotFound,
        }));
        assert_eq!(plan.jobs(), expected);
        Ok(())
    })
}

#[test]
fn every_job_has_a_page_at_its_own_path() -> Result<(), String> {
    with_plan(|plan| {
        let mut paths = Vec::new();
        for job in plan.jobs() {
            let page = plan
                .page(&job)
                .ok_or_else(|| format!("no page for {job:?}"))?;
            // The path links are checked against is the page's own.
            let listed = crate::jobs::path(&job, plan, plan.inputs.urls);
            assert_eq!(listed.as_deref(), Some(page.path.as_str()), "{job:?}");
            paths.push(page.path);
        }
        let count = paths.len();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), count, "two jobs share a path: {paths:?}");
        assert!(paths.contains(&"en/2021/khai-mac-2021/".to_string()));
        assert!(paths.contains(&"404.html".to_string()));
        assert!(paths.contains(&"en/404.html".to_string()));
        Ok(())
    })
}

#[test]
fn jobs_of_pages_that_are_gone_have_no_page() -> Result<(), String> {
    with_plan(|plan| {
        for job in [
            Job::Year(1999),
            Job::Print(1999),
            Job::Article("content/2021/gone".into()),
            Job::Unit("gone".into()),
            Job::Speaker("nobody".into()),
        ] {
            assert!(plan.page(&PageJob { lang: VI, job }).is_none());
        }
        assert!(plan
            .page(&PageJob {
                lang: 2,
                job: Job::Home
            })
            .is_none());
        assert_eq!(page(plan, EN, Job::Home)?.template, "home.html");
        Ok(())
    })
}

#[test]
fn pages_in_both_languages_switch_to_each_other() -> Result<(), String> {
    with_plan(|plan| {
        let page = page(plan, EN, Job::Year(2021))?;
        let switcher: Vec<(&str, &str, bool)> = page
            .meta
            .switcher
            .iter()
            .map(|switch| (switch.lang.as_str(), switch.href.as_str(), switch.current))
            .collect();
        assert_eq!(
            switcher,
            [
                ("vi", "../../2021/index.html", false),
                ("en", "../../en/2021/index.html", true)
            ]
        );
        let hreflangs: Vec<&str> = page
            .meta
            .alternates
            .iter()
            .map(|a| a.hreflang.as_str())
            .collect();
        assert_eq!(hreflangs, ["vi", "en", "x-default"]);
        assert_eq!(page.meta.nav.home, "../../en/index.html");
        Ok(())
    })
}
