//! Reads and validates `site.yaml` and `content/units.yaml`.
//!
//! Uses: error, lang, slug, yaml, model (the `Config` and `Unit` it builds).

use crate::error::{Error, Errors, Message};
use crate::lang::{Lang, Localized};
use crate::model::{Config, Paper, PdfSettings, PhotoSettings, Style, Unit};
use crate::slug::is_slug;
use crate::source::yaml::{self, Origin};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
    "description",
    "base_url",
    "languages",
    "theme",
    "photos",
    "markdown",
    "limits",
    "style",
    "pdf",
];

/// Every field is optional here so that a missing one is reported with an
/// example of how to write it, together with the file's other errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    title: Option<Texts>,
    #[serde(default)]
    description: Option<Texts>,
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
    let theme = checked_theme(raw.theme, &mut errors, &at);
    let photos = photo_settings(raw.photos, &mut errors, &at);
    let style = checked_style(raw.style, &mut errors, &at);
    let trusted_html = raw.markdown.and_then(|m| m.trusted_html).unwrap_or(false);
    let (sitemap_urls, max_file_bytes) =
        checked_limits(raw.limits.unwrap_or_default(), &mut errors, &at);
    let pdf = checked_pdf(raw.pdf, &mut errors, &at);
    let config = Config {
        title,
        description,
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
        "base_url" => "base_url: https://example.org/kyyeu",
        "languages" => "languages: [vi, en]",
        "theme" => "theme: default",
        "photos" => "photos: {widths: [480, 960, 1600], quality: 82, webp: true}",
        "markdown" => "markdown: {trusted_html: false}",
        "limits" => "limits: {max_file_mb: 16, sitemap_urls: 10000}",
        "style" => "style: {accent: \"#0b5d1e\", logo: logo.svg}",
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

/// `pdf:`: the yearbooks on (A4, at most 200 articles a book) unless
/// `false`; `paper:` is `a4` or `letter`, `max_articles:` at least 1.
fn checked_pdf(
    raw: Option<RawPdf>,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> Option<PdfSettings> {
    let settings = match raw {
        None | Some(RawPdf::Switch(true)) => return Some(PdfSettings::default()),
        Some(RawPdf::Switch(false)) => return None,
        Some(RawPdf::Settings(settings)) => settings,
    };
    let paper = match settings.paper.as_deref() {
        None | Some("a4") => Paper::A4,
        Some("letter") => Paper::Letter,
        Some(other) => {
            errors.push(at(
                "paper",
                Some(other),
                Message::new("pdf_paper_unknown").arg("paper", other),
            ));
            Paper::A4
        }
    };
    let max_articles = match settings.max_articles {
        None => PdfSettings::DEFAULT_MAX_ARTICLES,
        Some(0) => {
            errors.push(at(
                "max_articles",
                Some("0"),
                Message::new("pdf_max_articles_zero"),
            ));
            PdfSettings::DEFAULT_MAX_ARTICLES
        }
        Some(n) => n as usize,
    };
    Some(PdfSettings {
        paper,
        max_articles,
    })
}

/// `style:`: the accent colour (a CSS colour, nothing else) and the logo
/// (a file of `static/`, checked once the site's folder is known).
fn checked_style(
    raw: Option<RawStyle>,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> Style {
    let Some(raw) = raw else {
        return Style::default();
    };
    let accent = raw.accent.map(|accent| accent.trim().to_string());
    if let Some(accent) = accent.as_deref().filter(|a| !is_css_colour(a)) {
        errors.push(
            at(
                "accent",
                None,
                Message::new("accent_not_colour").arg("accent", accent),
            )
            .with_hint(Message::new("accent_example")),
        );
    }
    let logo = raw
        .logo
        .map(|logo| logo.trim().trim_start_matches("static/").to_string());
    let safe = |logo: &str| {
        !logo.is_empty()
            && !logo.starts_with(['/', '\\'])
            && logo
                .split(['/', '\\'])
                .all(|part| !part.is_empty() && part != "..")
            && !logo
                .chars()
                .any(|c| c.is_control() || matches!(c, '"' | '<' | '>' | '`'))
    };
    if let Some(logo) = logo.as_deref().filter(|l| !safe(l)) {
        errors.push(at(
            "logo",
            None,
            Message::new("logo_not_static_path").arg("logo", logo),
        ));
    }
    Style { accent, logo }
}

/// Whether `text` is a CSS colour that can be written into a stylesheet as
/// it is: `#rgb`, `#rrggbb` (with alpha), a colour function of numbers, or
/// a colour name.
pub fn is_css_colour(text: &str) -> bool {
    if let Some(hex) = text.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    let functions = [
        "rgb(", "rgba(", "hsl(", "hsla(", "hwb(", "lab(", "lch(", "oklab(", "oklch(",
    ];
    if let Some(function) = functions.iter().find(|f| text.starts_with(**f)) {
        let Some(inner) = text[function.len()..].strip_suffix(')') else {
            return false;
        };
        return inner.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '/' | ' ' | '-' | '+')
        });
    }
    !text.is_empty() && text.len() <= 30 && text.chars().all(|c| c.is_ascii_alphabetic())
}

/// `base_url` without its trailing slash, checked.
fn checked_base_url(
    given: &str,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> String {
    let base_url = given.trim_end_matches('/').to_string();
    if !is_base_url(&base_url) {
        let message = Message::new("base_url_not_absolute").arg("url", &base_url);
        errors.push(at("base_url", None, message).with_hint(Message::new("base_url_example")));
    }
    base_url
}

/// The theme's folder name (`default` when not given), checked.
fn checked_theme(
    given: Option<String>,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> String {
    let theme = given.unwrap_or_else(|| "default".to_string());
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !is_slug(&theme) && !theme.chars().all(is_name) {
        let message = Message::new("theme_not_folder_name").arg("theme", &theme);
        errors.push(at("theme", None, message));
    }
    theme
}

/// `limits:`: URLs per sitemap file (1 to 50,000, 10,000 by default) and
/// the largest file read in bytes (1 to 1024 MB, 16 MB by default).
fn checked_limits(
    limits: RawLimits,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> (usize, u64) {
    let sitemap_urls = Limit {
        key: "sitemap_urls",
        ceiling: SITEMAP_URLS_CEILING,
        default: DEFAULT_SITEMAP_URLS,
    }
    .check(
        limits.sitemap_urls,
        Message::new("sitemap_urls_range"),
        errors,
        at,
    );
    let max_file_mb = Limit {
        key: "max_file_mb",
        ceiling: MAX_FILE_MB_CEILING,
        default: DEFAULT_MAX_FILE_MB,
    }
    .check(
        limits.max_file_mb,
        Message::new("max_file_mb_range"),
        errors,
        at,
    );
    (sitemap_urls as usize, u64::from(max_file_mb) << 20)
}

fn check_languages(
    raw: &[String],
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> Vec<Lang> {
    let mut langs: Vec<Lang> = Vec::new();
    for code in raw {
        if !Lang::is_code(code) {
            errors.push(
                at(
                    "languages",
                    Some(code),
                    Message::new("not_a_language_code").arg("code", code),
                )
                .with_hint(Message::new("language_code_example")),
            );
        } else if langs.iter().any(|l| l.as_str() == code) {
            errors.push(at(
                "languages",
                Some(code),
                Message::new("language_listed_twice").arg("code", code),
            ));
        } else {
            langs.push(Lang::new(code));
        }
    }
    if raw.is_empty() {
        errors.push(
            at("languages", None, Message::new("languages_empty"))
                .with_hint(Message::new("languages_example")),
        );
    }
    if langs.is_empty() {
        langs.push(Lang::new("vi"));
    }
    langs
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

fn photo_settings(
    raw: Option<RawPhotos>,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> PhotoSettings {
    let mut settings = PhotoSettings::default();
    let Some(raw) = raw else { return settings };
    if let Some(mut widths) = raw.widths {
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() || widths.iter().any(|w| !(16..=8192).contains(w)) {
            errors.push(at("widths", None, Message::new("photo_widths_range")));
        } else {
            settings.widths = widths;
        }
    }
    settings.webp = raw.webp.unwrap_or(true);
    if let Some(q) = raw.quality {
        if (1..=100).contains(&q) {
            settings.quality = q;
        } else {
            errors.push(at(
                "quality",
                None,
                Message::new("photo_quality_range").arg("quality", q),
            ));
        }
    }
    settings
}

/// A setting of `limits:`, from 1 to `ceiling`.
struct Limit {
    key: &'static str,
    ceiling: u32,
    default: u32,
}

impl Limit {
    /// The value set, or the default (with `message`, given the value found
    /// and the ceiling, when it is out of range).
    fn check(
        &self,
        found: Option<u32>,
        message: Message,
        errors: &mut Errors,
        at: &dyn Fn(&str, Option<&str>, Message) -> Error,
    ) -> u32 {
        match found {
            Some(n) if (1..=self.ceiling).contains(&n) => n,
            Some(n) => {
                errors.push(at(
                    "limits",
                    Some(self.key),
                    message.arg("found", n).arg("ceiling", self.ceiling),
                ));
                self.default
            }
            None => self.default,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: String,
    name: BTreeMap<String, String>,
    #[serde(default)]
    short: BTreeMap<String, String>,
    #[serde(default)]
    url: Option<String>,
}

/// Parses `content/units.yaml` against the site's languages.
pub fn parse_units(text: &str, path: &Path, languages: &[Lang]) -> Result<Vec<Unit>, Errors> {
    let origin = Origin {
        path,
        first_line: 1,
    };
    let raw: Vec<RawUnit> = yaml::parse(text, origin)?;
    let mut errors = Errors::default();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut uses: HashMap<String, usize> = HashMap::new();
    let mut units = Vec::with_capacity(raw.len());
    for unit in raw {
        let nth = uses.entry(unit.id.clone()).or_insert(0);
        let pos = locate_id(text, &unit.id, *nth);
        *nth += 1;
        let at = |_: &str, _: Option<&str>, message: Message| origin.error(pos.0, pos.1, message);
        if !is_slug(&unit.id) {
            errors.push(
                at(
                    "",
                    None,
                    Message::new("unit_id_not_slug").arg("id", &unit.id),
                )
                .with_hint(
                    Message::new("for_example").arg("example", crate::slug::slugify(&unit.id)),
                ),
            );
        }
        if let Some(first) = seen.get(&unit.id) {
            errors.push(at(
                "",
                None,
                Message::new("unit_id_twice")
                    .arg("id", &unit.id)
                    .arg("line", first.0),
            ));
        } else {
            seen.insert(unit.id.clone(), pos);
        }
        let name = localized_map(&unit.name, "name", languages, &mut errors, &at);
        if !unit.name.contains_key(languages[0].as_str()) {
            errors.push(at(
                "",
                None,
                Message::new("unit_needs_default_name")
                    .arg("id", &unit.id)
                    .arg("lang", languages[0].as_str()),
            ));
        }
        let short = localized_map(&unit.short, "short", languages, &mut errors, &at);
        if let Some(url) = unit.url.as_deref().filter(|u| !is_base_url(u)) {
            let (line, col) = locate_in_entry(text, pos, "url", url).unwrap_or(pos);
            errors.push(
                origin.error(
                    line,
                    col,
                    Message::new("unit_url_not_http")
                        .arg("id", &unit.id)
                        .arg("url", url),
                ),
            );
        }
        units.push(Unit {
            id: unit.id,
            name,
            short,
            url: unit.url,
        });
    }
    errors.into_result(units)
}

/// Where `key: value` is written in the list entry whose `id:` is at `entry`
/// (block style, one key a line); `None` when it cannot be found.
fn locate_in_entry(
    text: &str,
    entry: (usize, usize),
    key: &str,
    value: &str,
) -> Option<(usize, usize)> {
    let key_colon = format!("{key}:");
    for (i, line) in text.lines().enumerate().skip(entry.0) {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        if content.starts_with('-') && indent + 3 <= entry.1 {
            return None;
        }
        let Some(rest) = content.strip_prefix(&key_colon) else {
            continue;
        };
        let value_at = rest.find(value).map_or(0, |v| key_colon.len() + v);
        return Some((i + 1, line[..indent + value_at].chars().count() + 1));
    }
    None
}

/// The position of the `skip`-th (0-based) `id: <id>` in units.yaml.
fn locate_id(text: &str, id: &str, skip: usize) -> (usize, usize) {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let entry = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = entry.strip_prefix("id:") {
            if rest.trim().trim_matches(['"', '\'']) == id {
                found.push((index + 1, line.len() - entry.len() + 1));
            }
        }
    }
    found.get(skip).or(found.first()).copied().unwrap_or((1, 1))
}
