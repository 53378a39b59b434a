//! Reads and validates `site.yaml` (its settings checked in `fields`)
//! and `content/units.yaml` (in `units`).
//!
//! Uses: error, lang, yaml, model (the `Config` it builds), text.

use crate::error::{Error, Errors, Message};
use crate::lang::{Lang, Localized};
use crate::model::Config;
use crate::source::yaml::{self, Origin};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

mod fields;
mod units;

pub use fields::is_css_colour;
use fields::*;
pub use units::parse_units;

/// The largest text file read when `site.yaml` does not say otherwise (and
/// always for `site.yaml` itself and the theme's files): 16 MB.
pub const DEFAULT_MAX_FILE_MB: u32 = 16;

/// URLs in one sitemap file when `site.yaml` does not say otherwise.
pub const DEFAULT_SITEMAP_URLS: u32 = 10_000;

/// The most URLs the sitemap protocol allows in one file.
const SITEMAP_URLS_CEILING: u32 = 50_000;

/// The highest `limits: {max_file_mb: N}` accepted.
const MAX_FILE_MB_CEILING: u32 = 1024;

/// The top-level fields of `site.yaml`.
const FIELDS: &[&str] = &[
    "title",
    "short_title",
    "description",
    "organisation",
    "place",
    "base_url",
    "languages",
    "theme",
    "photos",
    "markdown",
    "limits",
    "style",
    "pdf",
    "footer",
];

/// Every field is optional here so that a missing one is reported with an
/// example of how to write it, together with the file's other errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    title: Option<Texts>,
    #[serde(default)]
    short_title: Option<Texts>,
    #[serde(default)]
    description: Option<Texts>,
    #[serde(default)]
    footer: Option<Texts>,
    #[serde(default)]
    organisation: Option<Texts>,
    #[serde(default)]
    place: Option<Texts>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    languages: Option<Vec<String>>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    photos: Option<RawPhotos>,
    #[serde(default)]
    markdown: Option<RawMarkdown>,
    #[serde(default)]
    limits: Option<RawLimits>,
    #[serde(default)]
    style: Option<RawStyle>,
    #[serde(default)]
    pdf: Option<RawPdf>,
}

/// `pdf: false`, `pdf: true`, or `pdf: {paper: a4}`.
enum RawPdf {
    Switch(bool),
    Settings(RawPdfSettings),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPdfSettings {
    paper: Option<String>,
    max_articles: Option<u32>,
}

impl<'de> Deserialize<'de> for RawPdf {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RawPdf, D::Error> {
        struct PdfVisitor;
        impl<'de> serde::de::Visitor<'de> for PdfVisitor {
            type Value = RawPdf;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`false`, `true`, or settings such as `{paper: a4}`")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<RawPdf, E> {
                Ok(RawPdf::Switch(on))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawPdf, A::Error> {
                let each = serde::de::value::MapAccessDeserializer::new(map);
                RawPdfSettings::deserialize(each).map(RawPdf::Settings)
            }
        }
        deserializer.deserialize_any(PdfVisitor)
    }
}

/// A text written once for every language (`title: Kỷ yếu`) or per
/// language (`title: {vi: Kỷ yếu, en: Proceedings}`).
enum Texts {
    Every(String),
    Each(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Texts, D::Error> {
        struct TextsVisitor;
        impl<'de> serde::de::Visitor<'de> for TextsVisitor {
            type Value = Texts;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text, or one text per language such as `{vi: ..., en: ...}`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Texts, E> {
                Ok(Texts::Every(text.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Texts, A::Error> {
                let each = serde::de::value::MapAccessDeserializer::new(map);
                BTreeMap::deserialize(each).map(Texts::Each)
            }
        }
        deserializer.deserialize_any(TextsVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    accent: Option<String>,
    logo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    trusted_html: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_file_mb: Option<u32>,
    sitemap_urls: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhotos {
    widths: Option<Vec<u32>>,
    quality: Option<u8>,
    webp: Option<bool>,
}

/// Whether `url` can be a `base_url`: absolute http(s), nothing to escape.
pub fn is_base_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

/// Parses `site.yaml` (its text, BOM and CRLF already removed). Every
/// error about a field comes with an example of how to write it.
pub fn parse_config(text: &str, path: &Path, base_url: Option<&str>) -> Result<Config, Errors> {
    let origin = Origin {
        path,
        first_line: 1,
    };
    let (raw, unknown) = yaml::parse_mapping::<RawConfig>(text, origin, FIELDS)
        .map_err(|errors| with_examples(Errors(errors), text))?;
    let mut errors = Errors(unknown);
    let at = |key: &str, value: Option<&str>, message: Message| {
        let (line, col) = yaml::locate(text, key, value);
        origin.error(line, col, message)
    };
    let mut missing = |key: &str| {
        errors.push(origin.error(1, 1, Message::new("missing_field").arg("field", key)))
    };
    let (Some(raw_title), Some(raw_base_url), Some(raw_languages)) = (
        &raw.title,
        raw.base_url.as_deref().or(base_url),
        &raw.languages,
    ) else {
        for (key, absent) in [
            ("title", raw.title.is_none()),
            ("base_url", raw.base_url.is_none() && base_url.is_none()),
            ("languages", raw.languages.is_none()),
        ] {
            if absent {
                missing(key);
            }
        }
        return Err(with_examples(errors, text));
    };
    let languages = check_languages(raw_languages, &mut errors, &at);
    let base_url = checked_base_url(base_url.unwrap_or(raw_base_url), &mut errors, &at);
    let title = localized(raw_title, "title", &languages, &mut errors, &at);
    let no_description = Texts::Each(BTreeMap::new());
    let description = raw.description.as_ref().unwrap_or(&no_description);
    let description = localized(description, "description", &languages, &mut errors, &at);
    let organisation = raw.organisation.as_ref().unwrap_or(&no_description);
    let organisation = localized(organisation, "organisation", &languages, &mut errors, &at);
    let place = raw.place.as_ref().unwrap_or(&no_description);
    let place = localized(place, "place", &languages, &mut errors, &at);
    let short_title = raw.short_title.as_ref().unwrap_or(&no_description);
    let short_title = localized(short_title, "short_title", &languages, &mut errors, &at);
    let footer = raw.footer.as_ref().unwrap_or(&no_description);
    let footer = localized(footer, "footer", &languages, &mut errors, &at);
    let footer = checked_footer(footer, &mut errors, &at);
    let theme = checked_theme(raw.theme, &mut errors, &at);
    let photos = photo_settings(raw.photos, &mut errors, &at);
    let style = checked_style(raw.style, &mut errors, &at);
    let trusted_html = raw.markdown.and_then(|m| m.trusted_html).unwrap_or(false);
    let (sitemap_urls, max_file_bytes) =
        checked_limits(raw.limits.unwrap_or_default(), &mut errors, &at);
    let pdf = checked_pdf(raw.pdf, &mut errors, &at);
    let config = Config {
        title,
        short_title,
        description,
        footer,
        organisation,
        place,
        base_url,
        languages,
        theme,
        photos,
        style,
        trusted_html,
        max_file_bytes,
        sitemap_urls,
        pdf,
    };
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(with_examples(errors, text))
    }
}

/// How each field of `site.yaml` is written.
fn example_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "title" => "title: {vi: Kỷ yếu Khối thi đua, en: Proceedings of the Emulation Bloc}",
        "description" => "description: {vi: Tư liệu các hội nghị, en: Records of the conferences}",
        "organisation" => {
            "organisation: {vi: Liên minh Hợp tác xã Việt Nam, en: Vietnam Cooperative Alliance}"
        }
        "place" => "place: {vi: Hà Nội, en: Hanoi}",
        "base_url" => "base_url: https://example.org/kyyeu",
        "languages" => "languages: [vi, en]",
        "theme" => "theme: default",
        "photos" => "photos: {widths: [480, 960, 1600], quality: 82, webp: true}",
        "markdown" => "markdown: {trusted_html: false}",
        "limits" => "limits: {max_file_mb: 16, sitemap_urls: 10000}",
        "style" => "style: {accent: \"#0b5d1e\", logo: logo.svg}",
        "short_title" => "short_title: {vi: Kỷ yếu Khối thi đua, en: Emulation Bloc}",
        "footer" => {
            "footer: {vi: \"© Liên minh HTX Việt Nam · [Liên hệ](mailto:vp@example.org)\", en: ...}"
        }
        "pdf" => "pdf: {paper: a4, max_articles: 200}",
        _ => return None,
    })
}

/// `errors` with, where an error has no hint, an example of the field it
/// is about (the top-level key written at or above its line, or the field
/// it names as missing).
fn with_examples(errors: Errors, text: &str) -> Errors {
    let lines: Vec<&str> = text.lines().collect();
    let field_at = |line: usize| {
        let above = lines.get(..line.min(lines.len())).unwrap_or_default();
        above.iter().rev().find_map(|l| {
            let key = l.split(':').next().filter(|_| l.contains(':'))?;
            let top = !l.starts_with([' ', '\t', '-', '#']) && !key.is_empty();
            top.then(|| key.trim().to_string())
        })
    };
    let examples = errors.0.into_iter().map(|error| {
        if error.hint.is_some() {
            return error;
        }
        let named = error.message.arg_text("field").and_then(example_of);
        match named.or_else(|| field_at(error.line).as_deref().and_then(example_of)) {
            Some(example) => error.with_hint(Message::new("for_example").arg("example", example)),
            None => error,
        }
    });
    Errors(examples.collect())
}

/// A text of `site.yaml` per language: one for every language, or those
/// written (each in a language of the site; the default one required for
/// the title).
fn localized(
    raw: &Texts,
    key: &str,
    languages: &[Lang],
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> Localized {
    let raw = match raw {
        Texts::Every(text) => {
            let text = crate::text::nfc(text);
            let each = languages.iter().map(|lang| (lang.clone(), text.clone()));
            return Localized(each.collect());
        }
        Texts::Each(each) => each,
    };
    localized_map(raw, key, languages, errors, at)
}

/// Texts written per language (units' names, `site.yaml`'s texts).
fn localized_map(
    raw: &BTreeMap<String, String>,
    key: &str,
    languages: &[Lang],
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> Localized {
    let mut out = Localized::default();
    for (code, text) in raw {
        if languages.iter().any(|l| l.as_str() == code) {
            out.0.insert(Lang::new(code), crate::text::nfc(text));
        } else {
            let known: Vec<&str> = languages.iter().map(Lang::as_str).collect();
            errors.push(
                at(
                    code,
                    None,
                    Message::new("text_in_unknown_language")
                        .arg("key", key)
                        .arg("code", code),
                )
                .with_hint(yaml::did_you_mean(code, &known)),
            );
        }
    }
    if key == "title" && !raw.contains_key(languages[0].as_str()) {
        errors.push(at(
            key,
            None,
            Message::new("text_needs_default_language")
                .arg("key", key)
                .arg("lang", languages[0].as_str()),
        ));
    }
    out
}
