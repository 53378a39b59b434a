//! What every page shares: its meta block (title, canonical URL, Open
//! Graph, the language switcher and hreflang alternates) and the site's
//! navigation (sections, menu pages, stylesheets, logo, icons).
//!
//! Uses: pages (the planner), model, lang, urls, views.

use super::Planner;
use crate::lang::Lang;
use crate::model::{Article, InfoPage};
use crate::urls::{link, root_of, Urls};
use crate::views::*;

/// Which kind of page, for the language switcher and hreflang.
pub enum Kind<'a> {
    /// A page that exists in every language; the function gives its path.
    Every(&'a dyn Fn(&Urls, &Lang) -> String),
    Article(&'a Article),
    InfoPage(&'a InfoPage, &'a [Lang]),
}

impl Kind<'_> {
    /// The path of the page in `lang`, and whether it is translated there.
    fn target(&self, urls: &Urls, lang: &Lang) -> (String, bool) {
        match self {
            Kind::Every(path_in) => (path_in(urls, lang), true),
            Kind::Article(article) => (
                urls.article(lang, article.year, &article.slug),
                article.versions.contains_key(lang),
            ),
            Kind::InfoPage(page, languages) => (
                urls.page(lang, &page.shown_version(lang, languages).slug),
                page.versions.contains_key(lang),
            ),
        }
    }
}

impl Planner<'_> {
    /// The page's meta block.
    pub fn meta(&self, path: &str, title: String, kind: Kind<'_>) -> Meta {
        let config = &self.inputs.site.config;
        let root = root_of(path);
        let (switcher, alternates) = self.translations(&root, &kind);
        Meta {
            lang: self.lang.clone(),
            title,
            site_title: self.site_title(),
            short_title: self.short_title(),
            description: self.localized(&config.description),
            footer: self.localized(&config.footer),
            canonical: self.urls().absolute(path),
            og_type: "website",
            og_image: None,
            locale: self.string("locale"),
            locale_alternates: self.locale_alternates(),
            alternates,
            switcher,
            noindex: false,
            nav: self.nav_of(path),
            root,
        }
    }

    /// The short title of the header in this language, when the site has
    /// one that is not its title.
    fn short_title(&self) -> String {
        let short = self.localized(&self.inputs.site.config.short_title);
        match short == self.site_title() {
            true => String::new(),
            false => short,
        }
    }

    /// The language switcher of a page of `kind` whose root prefix is
    /// `root`, and its hreflang alternates (the translations that exist).
    fn translations(&self, root: &str, kind: &Kind<'_>) -> (Vec<Switch>, Vec<Alternate>) {
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        for lang in &self.inputs.site.config.languages {
            let (target, translated) = kind.target(self.urls(), lang);
            if translated {
                alternates.push(Alternate {
                    hreflang: lang.to_string(),
                    href: self.urls().absolute(&target),
                });
            }
            switcher.push(Switch {
                lang: lang.clone(),
                name: self.string_in(lang, "lang_name"),
                href: link(root, &target),
                current: lang == self.lang,
                translated,
            });
        }
        let default = alternates
            .iter()
            .find(|a| a.hreflang == self.default_lang().as_str())
            .cloned();
        if let Some(default) = default {
            alternates.push(Alternate {
                hreflang: "x-default".into(),
                href: default.href,
            });
        }
        (switcher, alternates)
    }

    /// The Open Graph locales of the other languages.
    fn locale_alternates(&self) -> Vec<String> {
        let languages = &self.inputs.site.config.languages;
        languages
            .iter()
            .filter(|lang| *lang != self.lang)
            .map(|lang| self.string_in(lang, "locale"))
            .collect()
    }

    /// The site's navigation on the page at `path`.
    fn nav_of(&self, path: &str) -> Nav {
        let mut nav = self.nav(&root_of(path));
        let current = link(&root_of(path), path);
        for entry in &mut nav.menu {
            entry.current = entry.href == current;
        }
        nav.current = self.section_of(path);
        nav
    }

    /// The site's navigation, from a page whose root prefix is `root`.
    pub fn nav(&self, root: &str) -> Nav {
        let urls = self.urls();
        let site = self.inputs.site;
        let languages = &site.config.languages;
        let menu = site.pages.iter().filter(|page| page.menu.is_some());
        Nav {
            home: link(root, &urls.home(self.lang)),
            units: link(root, &urls.units(self.lang)),
            speakers: link(root, &urls.speakers(self.lang)),
            search: link(root, &urls.search(self.lang)),
            feed: link(root, &urls.feed(self.lang)),
            css: format!("{root}{}", Urls::STYLESHEET),
            menu: menu
                .map(|page| {
                    let version = page.shown_version(self.lang, languages);
                    MenuLink {
                        text: version.title.clone(),
                        href: link(root, &urls.page(self.lang, &version.slug)),
                        current: false,
                    }
                })
                .collect(),
            custom_css: match site.custom_css {
                true => format!("{root}{}", Urls::CUSTOM_CSS),
                false => String::new(),
            },
            logo: (site.config.style.logo.as_deref())
                .map_or_else(String::new, |logo| link(root, &Urls::static_file(logo))),
            icons: site.favicons.iter().map(|name| icon(root, name)).collect(),
            current: "",
        }
    }

    /// The section of the site the page at `path` belongs to.
    fn section_of(&self, path: &str) -> &'static str {
        let urls = self.urls();
        let lang = self.lang;
        let rest = path.strip_prefix(&urls.home(lang)).unwrap_or(path);
        if path.starts_with(&urls.units(lang)) {
            "units"
        } else if path.starts_with(&urls.speakers(lang)) {
            "speakers"
        } else if path.starts_with(&urls.search(lang)) {
            "search"
        } else if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
            "years"
        } else {
            ""
        }
    }
}

/// A favicon of the output's root, from a page whose root prefix is `root`.
fn icon(root: &str, name: &str) -> Icon {
    let mime = match name.rsplit('.').next() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "image/x-icon",
    };
    Icon {
        href: link(root, &Urls::static_file(name)),
        mime,
    }
}
