//! The typed contexts templates see. Every page is a [`Page`]: its [`Meta`]
//! (language, links, Open Graph) and one [`View`]. Plain serializable data;
//! every string is escaped by the templates' autoescaping.
//!
//! Uses: lang.

use crate::lang::Lang;
use serde::Serialize;

/// One output file.
#[derive(Debug, Serialize)]
pub struct Page {
    /// Site path (`en/2021/slug/` or `atom.xml`).
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    pub template: &'static str,
    /// Listed in the sitemap (real pages only, not notices of missing translations).
    #[serde(skip)]
    pub in_sitemap: bool,
    #[serde(skip)]
    pub lastmod: Option<String>,
    pub meta: Meta,
    pub view: View,
}

/// What every page carries.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub lang: Lang,
    /// Relative prefix back to the site root (`../../`), or the base path on 404.
    pub root: String,
    pub title: String,
    pub site_title: String,
    /// The title the header shows on narrow screens; empty when the site
    /// has none of its own (the title is shown).
    pub short_title: String,
    pub description: String,
    /// site.yaml's `footer:` in this language: inline HTML, sanitized when
    /// it was read (shown with `| safe`); empty when there is none.
    pub footer: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub og_image: Option<OgImage>,
    pub locale: String,
    pub locale_alternates: Vec<String>,
    /// The translations that exist, absolute (for hreflang).
    pub alternates: Vec<Alternate>,
    pub switcher: Vec<Switch>,
    pub noindex: bool,
    pub nav: Nav,
}

#[derive(Debug, Clone, Serialize)]
pub struct OgImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct Switch {
    pub lang: Lang,
    pub name: String,
    pub href: String,
    pub current: bool,
    /// False when that language has only a notice that the page is missing.
    pub translated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub home: String,
    pub units: String,
    pub speakers: String,
    pub search: String,
    pub feed: String,
    pub css: String,
    /// The pages of `content/pages/` with a `menu:` number, smallest first.
    pub menu: Vec<MenuLink>,
    /// The site's `static/custom.css`, linked after the theme's; empty when
    /// the site has none.
    pub custom_css: String,
    /// The site's logo (`style: logo`), or empty.
    pub logo: String,
    /// The favicons, each with its media type.
    pub icons: Vec<Icon>,
    /// The section the page belongs to (`years`, `units`, `speakers`,
    /// `search`), for `aria-current`; empty for others.
    pub current: &'static str,
}

/// A favicon link.
#[derive(Debug, Clone, Serialize)]
pub struct Icon {
    pub href: String,
    /// `image/x-icon`, `image/png` or `image/svg+xml`.
    pub mime: &'static str,
}

/// A page of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct MenuLink {
    pub text: String,
    pub href: String,
    /// Whether it is the page shown.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleLink {
    pub title: String,
    pub href: String,
    pub date: String,
    pub iso_date: String,
    pub year: i32,
    pub summary: String,
    /// The language the linked version is written in.
    pub lang: Lang,
    /// Set when that language is not the page's: "in Vietnamese".
    pub other_lang: Option<String>,
    pub venue: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    pub src: String,
    pub srcset: String,
    /// The same sizes as WebP, offered first through `<picture>` (empty: none).
    pub webp_srcset: String,
    pub sizes: &'static str,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    /// The title a body gives its photo (`![alt](x.jpg "title")`; empty
    /// for none, as in galleries).
    pub title: String,
    pub large: String,
    pub lazy: bool,
}

/// A part of a body as a page shows it: HTML to write as it is, or a photo
/// of the site for the theme's `image` component.
#[derive(Debug, Clone, Serialize)]
pub struct BodyPart {
    /// HTML (empty for a photo).
    pub html: String,
    pub photo: Option<PhotoView>,
}

impl BodyPart {
    pub fn html(html: String) -> BodyPart {
        BodyPart { html, photo: None }
    }

    pub fn photo(photo: PhotoView) -> BodyPart {
        BodyPart {
            html: String::new(),
            photo: Some(photo),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GalleryItem {
    pub photo: PhotoView,
    pub article: Link,
    /// Whether it is the first photo of its article in the gallery (the
    /// one whose caption names the article).
    pub first_of_article: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskGroup {
    pub tasks_year: i32,
    pub article: ArticleLink,
    pub tasks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeakerRef {
    pub name: String,
    pub href: String,
    pub role: Option<String>,
    pub unit: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Office {
    pub year: i32,
    pub role: String,
    pub unit: Link,
    pub article: ArticleLink,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub href: String,
    pub articles: Vec<ArticleLink>,
    /// The year's cover on the home page: its conference's first photo.
    pub cover: Option<PhotoView>,
}

/// The latest conference, at the top of the home page.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    pub article: ArticleLink,
    /// Its first gallery photo, if it has one.
    pub photo: Option<PhotoView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Appearance {
    pub article: ArticleLink,
    pub role: Option<String>,
    pub unit: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedItem {
    pub name: String,
    pub short: Option<String>,
    pub href: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub title: String,
    pub url: String,
    pub published: String,
    pub summary: String,
    pub content: Vec<BodyPart>,
    pub author: Option<String>,
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
    pub alternates: Vec<Alternate>,
}

/// One file of a sitemap split in parts, as the sitemap index lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SitemapPart {
    pub loc: String,
    /// The latest `lastmod` of its URLs.
    pub lastmod: Option<String>,
}

/// The content of each kind of page.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum View {
    Home {
        lead: Option<Lead>,
        years: Vec<YearGroup>,
        counts: Vec<usize>,
    },
    Year {
        year: i32,
        conferences: Vec<ArticleLink>,
        articles: Vec<ArticleLink>,
        photos: Vec<GalleryItem>,
        units: Vec<Link>,
        tasks_next: Vec<TaskGroup>,
        tasks_this: Vec<TaskGroup>,
        prev: Option<Link>,
        next: Option<Link>,
        /// The year's print edition.
        print: String,
        /// The year's PDF yearbook in this language.
        book: Option<AttachmentView>,
    },
    /// A page that is not an article (`page.html`).
    InfoPage {
        title: String,
        summary: String,
        body: Vec<BodyPart>,
        photos: Vec<(PhotoView, String)>,
        attachments: Vec<AttachmentView>,
    },
    /// A year's articles in full, for printing.
    Print {
        year: Link,
        articles: Vec<PrintArticle>,
        /// The year's PDF yearbook in this language.
        book: Option<AttachmentView>,
    },
    Article(Box<ArticleView>),
    Missing {
        title: String,
        title_lang: Lang,
        notice: String,
        versions: Vec<Switch>,
    },
    Units {
        units: Vec<NamedItem>,
    },
    Unit(Box<UnitView>),
    Speakers {
        speakers: Vec<NamedItem>,
    },
    Speaker {
        name: String,
        appearances: Vec<Appearance>,
    },
    NotFound {
        homes: Vec<Switch>,
    },
    /// The search form; `search.js` fills in the results.
    Search {
        /// The year pages, for readers without JavaScript.
        years: Vec<Link>,
        /// The folder of this language's index, relative to the page.
        index: String,
        /// `search.js`, relative to the page.
        script: String,
    },
    Feed {
        title: String,
        id: String,
        self_url: String,
        home_url: String,
        updated: String,
        entries: Vec<Entry>,
    },
    Sitemap {
        urls: Vec<SitemapUrl>,
    },
    /// `sitemap.xml` of a site with more URLs than one file takes.
    SitemapIndex {
        sitemaps: Vec<SitemapPart>,
    },
}

#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub title: String,
    pub date: String,
    pub iso_date: String,
    pub year: Link,
    pub venue: Option<String>,
    pub summary: String,
    pub body: Vec<BodyPart>,
    pub speakers: Vec<SpeakerRef>,
    pub photos: Vec<(PhotoView, String)>,
    pub tasks_year: i32,
    pub tasks: Vec<String>,
    pub roles: Vec<Office>,
    pub units: Vec<Link>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub translations: Vec<Switch>,
    pub attachments: Vec<AttachmentView>,
}

/// A file published beside a page, as its page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    pub title: String,
    pub href: String,
    /// What it is, from its extension: `PDF`, `DOCX`.
    pub kind: String,
    /// Its size as the page's language writes it: `1,2 MB`, `1.2 MB`.
    pub size: String,
}

/// An article in full inside a year's print edition.
#[derive(Debug, Serialize)]
pub struct PrintArticle {
    pub anchor: String,
    pub title: String,
    pub date: String,
    pub iso_date: String,
    pub venue: Option<String>,
    pub author: Option<String>,
    pub lang: Lang,
    pub other_lang: Option<String>,
    pub speakers: Vec<SpeakerRef>,
    pub body: Vec<BodyPart>,
    pub photos: Vec<(PhotoView, String)>,
    pub tasks_year: i32,
    pub tasks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct UnitView {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub names: Vec<(String, String)>,
    pub url: Option<String>,
    pub offices: Vec<Office>,
    pub years: Vec<YearGroup>,
    pub speakers: Vec<Link>,
}
