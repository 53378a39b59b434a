//! The only place where URL and output-path rules live.
//!
//! Paths are site-relative and written without a leading slash: a page is a
//! folder (`en/2021/tong-ket/`) written as its `index.html`; other files keep
//! their name (`en/atom.xml`). Pages link to each other with relative URLs
//! (see [`root_of`]), so `base_url` path prefixes and `file://` both work;
//! feeds, the sitemap, Open Graph and canonical links use [`Urls::absolute`].
//!
//! Uses: lang, config.

use crate::lang::Lang;
use crate::source::config::Config;
use std::collections::BTreeMap;

/// The words of section paths in one language (`don-vi`, `dien-gia`, `tim-kiem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub units: String,
    pub speakers: String,
    pub search: String,
    pub print: String,
}

/// URL rules for one site.
#[derive(Debug, Clone)]
pub struct Urls {
    default: Lang,
    base_url: String,
    words: BTreeMap<Lang, Words>,
}

impl Urls {
    pub fn new(config: &Config, words: BTreeMap<Lang, Words>) -> Self {
        Urls {
            default: config.default_lang().clone(),
            base_url: config.base_url.clone(),
            words,
        }
    }

    fn words(&self, lang: &Lang) -> Words {
        self.words.get(lang).cloned().unwrap_or_else(|| Words {
            units: "units".into(),
            speakers: "speakers".into(),
            search: "search".into(),
            print: "print".into(),
        })
    }

    /// `""` for the default language, `"en/"` for the others.
    pub fn home(&self, lang: &Lang) -> String {
        if *lang == self.default {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    pub fn year(&self, lang: &Lang, year: i32) -> String {
        format!("{}{year}/", self.home(lang))
    }

    pub fn article(&self, lang: &Lang, year: i32, slug: &str) -> String {
        format!("{}{year}/{slug}/", self.home(lang))
    }

    /// The print edition of a year: `2021/in/`, `en/2021/print/`.
    pub fn print(&self, lang: &Lang, year: i32) -> String {
        format!("{}{}/", self.year(lang, year), self.words(lang).print)
    }

    pub fn units(&self, lang: &Lang) -> String {
        format!("{}{}/", self.home(lang), self.words(lang).units)
    }

    pub fn unit(&self, lang: &Lang, id: &str) -> String {
        format!("{}{id}/", self.units(lang))
    }

    pub fn speakers(&self, lang: &Lang) -> String {
        format!("{}{}/", self.home(lang), self.words(lang).speakers)
    }

    pub fn speaker(&self, lang: &Lang, slug: &str) -> String {
        format!("{}{slug}/", self.speakers(lang))
    }

    pub fn search(&self, lang: &Lang) -> String {
        format!("{}{}/", self.home(lang), self.words(lang).search)
    }

    /// The folder of a language's search index: `tim-kiem/idx/`.
    pub fn search_index(&self, lang: &Lang) -> String {
        format!("{}idx/", self.search(lang))
    }

    pub fn feed(&self, lang: &Lang) -> String {
        format!("{}atom.xml", self.home(lang))
    }

    /// A resized photo: `2021/slug/anh.480.jpg`, or `2021/slug/anh.jpg` for
    /// the largest. (A stem is a slug, so it has no dot: names never collide.)
    pub fn photo(stem: &str, width: Option<u32>) -> String {
        match width {
            Some(w) => format!("{stem}.{w}.jpg"),
            None => format!("{stem}.jpg"),
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
    format!("{root}{}", file_of(path))
}

/// The file a site path is written to: folders get `index.html`.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
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
}
