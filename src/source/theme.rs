//! The theme: Tera templates, UI strings per language and static assets. The
//! default theme is built into the binary; a site's `themes/<name>/` overrides
//! it file by file (and its i18n files string by string).
//!
//! Uses: error, lang, model (dates), urls, yaml, slug, text, load (to read
//! files), source.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::model::{Config, Date};
use crate::slug::is_slug;
use crate::source::yaml::{self, Origin};
use crate::text::push_padded;
use crate::urls::Words;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
const BUILTIN: &[(&str, &str)] = builtin!(
    "templates/base.html",
    "templates/macros.html",
    "templates/item.html",
    "templates/attachments.html",
    "templates/gallery.html",
    "templates/home.html",
    "templates/year.html",
    "templates/article.html",
    "templates/missing.html",
    "templates/page.html",
    "templates/print.html",
    "templates/units.html",
    "templates/unit.html",
    "templates/speakers.html",
    "templates/speaker.html",
    "templates/search.html",
    "templates/404.html",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "templates/sitemap_index.xml",
    "i18n/vi.yaml",
    "i18n/en.yaml",
    "static/style.css",
    "static/search.js",
    "static/favicon.svg",
    "book/book.typ",
    "book/cover.typ",
    "book/fonts/OFL.txt",
);

/// The default theme's files that are not text, relative to `themes/default/`.
const BUILTIN_BINARY: &[(&str, &[u8])] = &[
    (
        "static/favicon.ico",
        include_bytes!("../../themes/default/static/favicon.ico"),
    ),
    (
        "book/fonts/NotoSerif-Regular.ttf",
        include_bytes!("../../themes/default/book/fonts/NotoSerif-Regular.ttf"),
    ),
    (
        "book/fonts/NotoSerif-Bold.ttf",
        include_bytes!("../../themes/default/book/fonts/NotoSerif-Bold.ttf"),
    ),
    (
        "book/fonts/NotoSerif-Italic.ttf",
        include_bytes!("../../themes/default/book/fonts/NotoSerif-Italic.ttf"),
    ),
    (
        "book/fonts/NotoSerif-BoldItalic.ttf",
        include_bytes!("../../themes/default/book/fonts/NotoSerif-BoldItalic.ttf"),
    ),
];

/// Every file of the built-in theme: its path, relative to
/// `themes/default/`, and its bytes (for `kyyeu theme export`), text and
/// binary files alike.
pub fn builtin_files() -> Vec<(&'static str, &'static [u8])> {
    let text = BUILTIN.iter().map(|(name, text)| (*name, text.as_bytes()));
    text.chain(BUILTIN_BINARY.iter().copied()).collect()
}

/// UI strings of one language: key -> text.
pub type Strings = BTreeMap<String, String>;

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Builtin(&'static str),
    /// A built-in file that is not text (`favicon.ico`).
    BuiltinBytes(&'static [u8]),
    File(PathBuf),
}

/// How a language writes dates: a format with `{d}`, `{m}`, `{mm}`,
/// `{month}` and `{y}`, and the names of the months when it uses them.
#[derive(Debug, Clone, Copy)]
pub struct DateFormat<'a> {
    format: &'a str,
    months: Option<[&'a str; 12]>,
}

impl DateFormat<'_> {
    /// `date` written in this format, in one pass.
    pub fn format(&self, date: &Date) -> String {
        let mut out = String::with_capacity(self.format.len() + 16);
        let mut rest = self.format;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            let end = rest.find('}').map_or(rest.len(), |e| e + 1);
            match &rest[..end] {
                "{d}" => push_padded(&mut out, date.day.into(), 1),
                "{m}" => push_padded(&mut out, date.month.into(), 1),
                "{mm}" => push_padded(&mut out, date.month.into(), 2),
                "{month}" => {
                    let index = usize::try_from(date.month)
                        .ok()
                        .and_then(|m| m.checked_sub(1));
                    let name = index.and_then(|m| self.months?.get(m).copied());
                    out.push_str(name.unwrap_or_default());
                }
                "{y}" => push_padded(&mut out, date.year.into(), 1),
                other => out.push_str(other),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

/// The loaded theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name (`article.html`) -> (its text, where it was read from).
    pub templates: BTreeMap<String, (String, PathBuf)>,
    pub strings: BTreeMap<Lang, Strings>,
    /// Output path -> source, for static assets.
    pub assets: BTreeMap<String, Source>,
    /// The PDF yearbook's files, by path under `book/` (`book.typ`,
    /// `fonts/NotoSerif-Regular.ttf`).
    pub book: BTreeMap<String, Source>,
    pub warnings: Vec<Error>,
    /// The keys each language has of its own (built in, or in the site's
    /// theme), before missing ones are borrowed from English.
    own: BTreeMap<Lang, std::collections::BTreeSet<String>>,
}

impl Theme {
    /// The built-in theme with the site's `themes/<name>/` laid over it.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Errors> {
        let mut theme = Theme::builtin();
        let dir = Path::new("themes").join(&config.theme);
        if !root.join(&dir).is_dir() {
            if config.theme != "default" {
                let text = crate::source::read_text(root, Path::new("site.yaml"))?;
                let (line, col) = yaml::locate(&text, "theme", None);
                return Err(Error::at(
                    Path::new("site.yaml"),
                    line,
                    col,
                    Message::new("theme_not_found")
                        .arg("theme", &config.theme)
                        .arg("folder", dir.display().to_string()),
                )
                .into());
            }
        } else {
            theme.overlay(root, &dir)?;
        }
        theme.fill_languages(config);
        theme.check_words(root, &dir, &config.languages)?;
        Ok(theme)
    }

    fn builtin() -> Theme {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            strings: BTreeMap::new(),
            assets: BTreeMap::new(),
            book: BTreeMap::new(),
            warnings: Vec::new(),
            own: BTreeMap::new(),
        };
        for (name, text) in BUILTIN {
            let origin = PathBuf::from("themes/default").join(name);
            if let Some(t) = name.strip_prefix("templates/") {
                theme
                    .templates
                    .insert(t.to_string(), (text.to_string(), origin));
            } else if let Some(s) = name.strip_prefix("static/") {
                theme.assets.insert(s.to_string(), Source::Builtin(text));
            } else if let Some(b) = name.strip_prefix("book/") {
                theme.book.insert(b.to_string(), Source::Builtin(text));
            } else if let Some(code) = name
                .strip_prefix("i18n/")
                .and_then(|n| n.strip_suffix(".yaml"))
            {
                let strings: Strings = yaml::parse_builtin(text);
                theme
                    .own
                    .insert(Lang::new(code), strings.keys().cloned().collect());
                theme.strings.insert(Lang::new(code), strings);
            }
        }
        for (name, bytes) in BUILTIN_BINARY {
            if let Some(asset) = name.strip_prefix("static/") {
                (theme.assets).insert(asset.to_string(), Source::BuiltinBytes(bytes));
            } else if let Some(file) = name.strip_prefix("book/") {
                (theme.book).insert(file.to_string(), Source::BuiltinBytes(bytes));
            }
        }
        theme
    }

    fn overlay(&mut self, root: &Path, dir: &Path) -> Result<(), Errors> {
        let mut errors = Errors::default();
        for entry in WalkDir::new(root.join(dir))
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let inner = rel
                .strip_prefix(dir)
                .unwrap_or(&rel)
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(t) = inner.strip_prefix("templates/") {
                match crate::source::read_text(root, &rel) {
                    Ok(text) => {
                        self.templates.insert(t.to_string(), (text, rel));
                    }
                    Err(e) => errors.push(e),
                }
            } else if let Some(s) = inner.strip_prefix("static/") {
                self.assets.insert(s.to_string(), Source::File(rel));
            } else if let Some(b) = inner.strip_prefix("book/") {
                self.book.insert(b.to_string(), Source::File(rel));
            } else if let Some(code) = inner
                .strip_prefix("i18n/")
                .and_then(|n| n.strip_suffix(".yaml"))
            {
                match crate::source::read_text(root, &rel).and_then(|t| {
                    yaml::parse::<Strings>(
                        &t,
                        Origin {
                            path: &rel,
                            first_line: 1,
                        },
                    )
                }) {
                    Ok(strings) => {
                        let own = self.own.entry(Lang::new(code)).or_default();
                        own.extend(strings.keys().cloned());
                        self.strings
                            .entry(Lang::new(code))
                            .or_default()
                            .extend(strings)
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        errors.into_result(())
    }

    /// Languages the theme has no strings for borrow English (or the first).
    fn fill_languages(&mut self, config: &Config) {
        let fallback = self
            .strings
            .get(&Lang::new("en"))
            .cloned()
            .unwrap_or_default();
        for lang in &config.languages {
            if !self.strings.contains_key(lang) {
                self.warnings.push(Error::at(
                    Path::new("site.yaml"),
                    0,
                    0,
                    Message::new("theme_lacks_language").arg("lang", lang.as_str()),
                ));
                self.strings.insert(lang.clone(), fallback.clone());
            } else {
                let strings = self.strings.entry(lang.clone()).or_default();
                for (k, v) in &fallback {
                    strings.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }

    /// Section path words must be slugs; a bad one is reported where the
    /// site's theme sets it.
    fn check_words(&self, root: &Path, dir: &Path, languages: &[Lang]) -> Result<(), Errors> {
        let mut errors = Errors::default();
        for lang in languages {
            for key in [
                "path_units",
                "path_speakers",
                "path_search",
                "path_print",
                "path_book",
            ] {
                let word = self.string(lang, key);
                if !is_slug(word) {
                    let path = dir.join("i18n").join(format!("{lang}.yaml"));
                    let text = crate::source::read_text(root, &path).unwrap_or_default();
                    let (line, col) = yaml::locate(&text, key, None);
                    let message = Message::new("path_word_not_slug")
                        .arg("key", key)
                        .arg("word", word);
                    let example = crate::slug::slugify(word);
                    errors.push(
                        Error::at(&path, line, col, message)
                            .with_hint(Message::new("for_example").arg("example", example)),
                    );
                }
            }
        }
        errors.into_result(())
    }

    /// Every key of the default theme's strings.
    pub fn builtin_keys(&self) -> Vec<String> {
        BUILTIN
            .iter()
            .find(|(name, _)| *name == "i18n/en.yaml")
            .map(|(_, text)| yaml::parse_builtin::<Strings>(text).into_keys().collect())
            .unwrap_or_default()
    }

    /// The keys `lang` has of its own, not borrowed from English.
    pub fn own_keys(&self, lang: &Lang) -> std::collections::BTreeSet<String> {
        self.own.get(lang).cloned().unwrap_or_default()
    }

    /// The UI string `key` in `lang` (empty when missing).
    pub fn string(&self, lang: &Lang, key: &str) -> &str {
        self.strings
            .get(lang)
            .and_then(|s| s.get(key))
            .map_or("", String::as_str)
    }

    /// A date as `lang` writes it (`date_format` and `month_<n>` in the i18n
    /// file, with `{d}`, `{m}`, `{mm}`, `{month}` and `{y}`), in one pass.
    pub fn format_date(&self, lang: &Lang, date: &Date) -> String {
        self.date_format(lang, "date_format").format(date)
    }

    /// A date as the string `key` of `lang` writes it (as [`Self::format_date`]).
    pub fn format_date_as(&self, lang: &Lang, key: &str, date: &Date) -> String {
        self.date_format(lang, key).format(date)
    }

    /// The way the string `key` of `lang` writes dates, its strings looked
    /// up once for every date a page writes.
    pub fn date_format(&self, lang: &Lang, key: &str) -> DateFormat<'_> {
        const MONTHS: [&str; 12] = [
            "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
            "month_9", "month_10", "month_11", "month_12",
        ];
        let format = self.string(lang, key);
        let months = format
            .contains("{month}")
            .then(|| MONTHS.map(|month| self.string(lang, month)));
        DateFormat { format, months }
    }

    /// The section path words of each language.
    pub fn words(&self, languages: &[Lang]) -> BTreeMap<Lang, Words> {
        languages
            .iter()
            .map(|lang| {
                let word = |key| self.string(lang, key).to_string();
                (
                    lang.clone(),
                    Words {
                        units: word("path_units"),
                        speakers: word("path_speakers"),
                        search: word("path_search"),
                        print: word("path_print"),
                        book: word("path_book"),
                    },
                )
            })
            .collect()
    }
}
