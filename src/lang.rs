//! Languages: the `Lang` code and the language suffix of a file name.
//!
//! `index.vi.md` is Vietnamese, `index.md` is in the site's default language.
//!
//! Uses: nothing.

use serde::Serialize;
use std::fmt;

/// A language code as written in `site.yaml` (`vi`, `en`, `pt-BR`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(pub String);

impl Lang {
    pub fn new(code: &str) -> Self {
        Lang(code.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `code` looks like a language code: 2-3 ASCII letters, optionally
    /// followed by `-` and a region (`pt-BR`).
    pub fn is_code(code: &str) -> bool {
        let mut parts = code.splitn(2, '-');
        let base = parts.next().unwrap_or("");
        let base_ok = (2..=3).contains(&base.len()) && base.bytes().all(|b| b.is_ascii_lowercase());
        let region_ok = parts.next().is_none_or(|r| {
            (2..=8).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        base_ok && region_ok
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Markdown file name split into its stem and its language suffix:
/// `index.en.md` -> (`index`, Some(`en`)); `index.md` -> (`index`, None).
/// Returns `None` for a file that is not Markdown.
pub fn split_markdown_name(name: &str) -> Option<(&str, Option<&str>)> {
    let stem = name.strip_suffix(".md")?;
    match stem.rsplit_once('.') {
        Some((base, code)) if Lang::is_code(code) && !base.is_empty() => Some((base, Some(code))),
        _ => Some((stem, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        assert_eq!(
            split_markdown_name("index.vi.md"),
            Some(("index", Some("vi")))
        );
        assert_eq!(split_markdown_name("index.md"), Some(("index", None)));
        assert_eq!(
            split_markdown_name("bao-cao.v2.md"),
            Some(("bao-cao.v2", None))
        );
        assert_eq!(
            split_markdown_name("a.pt-BR.md"),
            Some(("a", Some("pt-BR")))
        );
        assert_eq!(split_markdown_name("photo.jpg"), None);
    }
}

/// A text written once per language, e.g. a site title or a unit name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Localized(pub std::collections::BTreeMap<Lang, String>);

impl Localized {
    /// The text in `lang`, else in `fallback`, else any text there is.
    pub fn get(&self, lang: &Lang, fallback: &Lang) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
