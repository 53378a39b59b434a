//! The only place where URL and output-path rules live.
//!
//! Paths are site-relative and written without a leading slash: a page is a
//! folder (`en/2021/tong-ket/`) written as its `index.html`; other files keep
//! their name (`en/atom.xml`). Pages link to each other with relative URLs
//! (see [`root_of`]), so `base_url` path prefixes and `file://` both work;
//! feeds, the sitemap, Open Graph and canonical links use [`Urls::absolute`].
//!
//! Uses: lang, model (the site's settings), slug.

use crate::lang::Lang;
use crate::model::{BodyLink, Config};
use crate::slug::slugify;
use std::collections::BTreeMap;
use std::path::Path;

/// The words of section paths in one language (`don-vi`, `dien-gia`, `tim-kiem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub units: String,
    pub speakers: String,
    pub search: String,
    pub print: String,
    /// The first word of a year's PDF yearbook (`ky-yeu` in `ky-yeu-2021.pdf`).
    pub book: String,
}

/// URL rules for one site.
#[derive(Debug, Clone)]
pub struct Urls {
    default: Lang,
    base_url: String,
    words: BTreeMap<Lang, Words>,
    /// The words of a language without its own.
    fallback: Words,
}

impl Urls {
    pub fn new(config: &Config, words: BTreeMap<Lang, Words>) -> Self {
        Urls {
            default: config.default_lang().clone(),
            base_url: config.base_url.clone(),
            words,
            fallback: Words {
                units: "units".into(),
                speakers: "speakers".into(),
                search: "search".into(),
                print: "print".into(),
                book: "proceedings".into(),
            },
        }
    }

    fn words(&self, lang: &Lang) -> &Words {
        self.words.get(lang).unwrap_or(&self.fallback)
    }

    /// `""` for the default language, `"en/"` for the others.
    pub fn home(&self, lang: &Lang) -> String {
        self.home_with(lang, 0)
    }

    /// [`Urls::home`] with room for `more` bytes after it (pages are made
    /// for every article: one allocation each, without formatting).
    fn home_with(&self, lang: &Lang, more: usize) -> String {
        if *lang == self.default {
            String::with_capacity(more)
        } else {
            let mut home = String::with_capacity(lang.as_str().len() + 1 + more);
            home.push_str(lang.as_str());
            home.push('/');
            home
        }
    }

    /// `2021/`, `en/2021/`.
    pub fn year(&self, lang: &Lang, year: i32) -> String {
        let mut path = self.home_with(lang, 12);
        push_year(&mut path, year);
        path
    }

    pub fn article(&self, lang: &Lang, year: i32, slug: &str) -> String {
        let mut path = self.home_with(lang, 12 + slug.len());
        push_year(&mut path, year);
        path.push_str(slug);
        path.push('/');
        path
    }

    /// A page that is not an article: `gioi-thieu/`, `en/about/`.
    pub fn page(&self, lang: &Lang, slug: &str) -> String {
        format!("{}{slug}/", self.home(lang))
    }

    /// Whether a page slug in `lang` would take another page's place: a
    /// year (any number), a section of the site, another language's home.
    pub fn is_reserved(&self, lang: &Lang, slug: &str, languages: &[Lang]) -> bool {
        let words = self.words(lang);
        let sections = [
            words.units.as_str(),
            words.speakers.as_str(),
            words.search.as_str(),
        ];
        slug.chars().all(|c| c.is_ascii_digit())
            || sections.contains(&slug)
            || (*lang == self.default && languages.iter().any(|l| l.as_str() == slug))
    }

    /// The print edition of a year: `2021/in/`, `en/2021/print/`.
    pub fn print(&self, lang: &Lang, year: i32) -> String {
        format!("{}{}/", self.year(lang, year), self.words(lang).print)
    }

    /// The PDF yearbook of a year: `2021/ky-yeu-2021.pdf`,
    /// `en/2021/proceedings-2021.pdf`.
    pub fn book(&self, lang: &Lang, year: i32) -> String {
        format!(
            "{}{}-{year}.pdf",
            self.year(lang, year),
            self.words(lang).book
        )
    }

    pub fn units(&self, lang: &Lang) -> String {
        self.section(lang, &self.words(lang).units, None)
    }

    pub fn unit(&self, lang: &Lang, id: &str) -> String {
        self.section(lang, &self.words(lang).units, Some(id))
    }

    pub fn speakers(&self, lang: &Lang) -> String {
        self.section(lang, &self.words(lang).speakers, None)
    }

    pub fn speaker(&self, lang: &Lang, slug: &str) -> String {
        self.section(lang, &self.words(lang).speakers, Some(slug))
    }

    pub fn search(&self, lang: &Lang) -> String {
        self.section(lang, &self.words(lang).search, None)
    }

    /// A section's folder (`don-vi/`, `en/units/`), or a page in it when
    /// given (`don-vi/lien-minh/`).
    fn section(&self, lang: &Lang, section: &str, page: Option<&str>) -> String {
        let more = section.len() + page.map_or(0, str::len) + 2;
        let mut path = self.home_with(lang, more);
        path.push_str(section);
        path.push('/');
        if let Some(page) = page {
            path.push_str(page);
            path.push('/');
        }
        path
    }

    /// The folder of a language's search index: `tim-kiem/idx/`.
    pub fn search_index(&self, lang: &Lang) -> String {
        format!("{}idx/", self.search(lang))
    }

    /// The page a server shows for an address that does not exist, in
    /// each language: `404.html` at the root, `en/404.html`.
    pub fn not_found(&self, lang: &Lang) -> String {
        format!("{}404.html", self.home(lang))
    }

    /// The sitemap, or on a large site the index of its parts.
    pub const SITEMAP: &'static str = "sitemap.xml";
    pub const ROBOTS: &'static str = "robots.txt";
    /// The theme's stylesheet.
    pub const STYLESHEET: &'static str = "style.css";
    /// The site's own stylesheet (`static/custom.css`), linked after the theme's.
    pub const CUSTOM_CSS: &'static str = "custom.css";
    /// The theme's script of the search page.
    pub const SEARCH_SCRIPT: &'static str = "search.js";

    /// The `number`th part of a large site's sitemap (from 1).
    pub fn sitemap_part(number: usize) -> String {
        format!("sitemap-{number}.xml")
    }

    /// A file of `static/` or of the theme's `static/` (the logo, an icon),
    /// written at the root of the output under its own name.
    pub fn static_file(name: &str) -> String {
        name.to_string()
    }

    pub fn feed(&self, lang: &Lang) -> String {
        format!("{}atom.xml", self.home(lang))
    }

    /// Where a photo is published in `folder` (its article's or page's),
    /// without its extension: `2021/slug/anh`, named after its source file (`Ảnh.JPG` -> `anh`, or
    /// `photo` when that gives no slug); `anh-2`, `anh-3`... while `taken`
    /// says a stem is used already.
    pub fn photo_stem(folder: &str, source: &Path, taken: impl Fn(&str) -> bool) -> String {
        let name = slugify(
            source
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or("photo"),
        );
        let name = if name.is_empty() {
            "photo".to_string()
        } else {
            name
        };
        let mut stem = format!("{folder}/{name}");
        let mut nth = 2;
        while taken(&stem) {
            stem = format!("{folder}/{name}-{nth}");
            nth += 1;
        }
        stem
    }

    /// The URL a body link has, written after `root` (the path from the
    /// page that shows the body to the site's root), in a body of `lang`.
    pub fn body_link(&self, target: &BodyLink, lang: &Lang, root: &str) -> String {
        let with_fragment = |url: String, fragment: &str| match fragment.is_empty() {
            true => url,
            false => format!("{url}#{fragment}"),
        };
        match target {
            BodyLink::Photo(stem) => format!("{root}{}", Urls::photo(stem, None)),
            BodyLink::Article {
                year,
                slug,
                fragment,
            } => with_fragment(link(root, &self.article(lang, *year, slug)), fragment),
            BodyLink::Site { path, fragment } => with_fragment(link(root, path), fragment),
            BodyLink::Unpublished => "#".to_string(),
        }
    }

    /// A resized photo: `2021/slug/anh.480.jpg`, or `2021/slug/anh.jpg` for
    /// the largest. (A stem is a slug, so it has no dot: names never collide.)
    pub fn photo(stem: &str, width: Option<u32>) -> String {
        Self::photo_file(stem, width, "jpg")
    }

    /// The JPEG of a photo's variant: the largest is published under the
    /// plain name (see [`Urls::photo`]), the others with their width.
    pub fn photo_variant(stem: &str, width: u32, largest: bool) -> String {
        Self::photo(stem, (!largest).then_some(width))
    }

    /// The WebP twin of [`Urls::photo_variant`]: `2021/slug/anh.480.webp`,
    /// `2021/slug/anh.webp`.
    pub fn photo_variant_webp(stem: &str, width: u32, largest: bool) -> String {
        Self::photo_file(stem, (!largest).then_some(width), "webp")
    }

    fn photo_file(stem: &str, width: Option<u32>, extension: &str) -> String {
        match width {
            Some(width) => format!("{stem}.{width}.{extension}"),
            None => format!("{stem}.{extension}"),
        }
    }

    /// The absolute URL of a site path.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}/{path}", self.base_url)
    }
}

/// A link from a page whose root prefix is `root` to the site path `path`.
/// Folders are linked through their `index.html`, so that every link also
/// works when the site is opened from disk (`file://`), where a browser shows
/// a folder's listing instead of its index page.
pub fn link(root: &str, path: &str) -> String {
    let mut link = String::with_capacity(root.len() + path.len() + INDEX.len());
    link.push_str(root);
    push_file_of(&mut link, path);
    link
}

/// Appends `2021/`.
fn push_year(path: &mut String, year: i32) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(path, "{year}/");
}

/// The file a site path is written to: folders get `index.html`.
pub fn file_of(path: &str) -> String {
    let mut file = String::with_capacity(path.len() + INDEX.len());
    push_file_of(&mut file, path);
    file
}

/// A folder's page.
const INDEX: &str = "index.html";

/// Appends [`file_of`] `path`.
fn push_file_of(out: &mut String, path: &str) {
    out.push_str(path);
    if path.is_empty() || path.ends_with('/') {
        out.push_str(INDEX);
    }
}

/// The relative prefix from a page back to the site root: `./` for the home
/// page, `../../` for `2021/slug/`.
pub fn root_of(page: &str) -> String {
    let depth = page.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_files() {
        assert_eq!(root_of(""), "./");
        assert_eq!(root_of("en/2021/a/"), "../../../");
        assert_eq!(root_of("en/atom.xml"), "../");
        assert_eq!(file_of("en/2021/"), "en/2021/index.html");
        assert_eq!(file_of("404.html"), "404.html");
    }

    #[test]
    fn photo_names() {
        let taken = |stem: &str| ["2021/a/anh", "2021/a/anh-2"].contains(&stem);
        let stem = Urls::photo_stem("2021/a", Path::new("x/Ảnh.JPG"), taken);
        assert_eq!(stem, "2021/a/anh-3");
        let unnamed = Urls::photo_stem("2021/a", Path::new("x/!!.png"), |_| false);
        assert_eq!(unnamed, "2021/a/photo");
        assert_eq!(
            Urls::photo_variant("2021/a/anh", 480, false),
            "2021/a/anh.480.jpg"
        );
        assert_eq!(
            Urls::photo_variant("2021/a/anh", 1600, true),
            "2021/a/anh.jpg"
        );
        assert_eq!(
            Urls::photo_variant_webp("2021/a/anh", 480, false),
            "2021/a/anh.480.webp"
        );
        assert_eq!(
            Urls::photo_variant_webp("2021/a/anh", 1600, true),
            "2021/a/anh.webp"
        );
    }
}
