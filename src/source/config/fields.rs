//! The settings of `site.yaml` checked one by one: languages, base URL,
//! theme, style (accent colour, logo), PDF yearbooks, photos, limits and
//! the footer.
//!
//! Uses: config (its raw fields), error, lang, slug, model (the settings it
//! builds), inline (markdown's, for the footer).

use super::{is_base_url, RawLimits, RawPdf, RawPhotos, RawStyle};
use super::{DEFAULT_MAX_FILE_MB, DEFAULT_SITEMAP_URLS, MAX_FILE_MB_CEILING, SITEMAP_URLS_CEILING};
use crate::error::{Error, Errors, Message};
use crate::lang::{Lang, Localized};
use crate::model::{Paper, PdfSettings, PhotoSettings, Style};
use crate::slug::is_slug;

/// `pdf:`: the yearbooks on (A4, at most 200 articles a book) unless
/// `false`; `paper:` is `a4` or `letter`, `max_articles:` at least 1.
pub(super) fn checked_pdf(
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

/// `footer:`: each language's line of Markdown as inline HTML, safe to
/// show as it is; an error at `footer` for a line that is not inline.
pub(super) fn checked_footer(
    footer: Localized,
    errors: &mut Errors,
    at: &dyn Fn(&str, Option<&str>, Message) -> Error,
) -> Localized {
    let mut html = Localized::default();
    for (lang, text) in footer.0 {
        match crate::markdown::inline(&text) {
            Ok(line) => {
                html.0.insert(lang, line);
            }
            Err(message) => {
                let message = message.arg("key", "footer");
                errors.push(at("footer", None, message).with_hint(Message::new("footer_example")));
            }
        }
    }
    html
}

/// `style:`: the accent colour (a CSS colour, nothing else) and the logo
/// (a file of `static/`, checked once the site's folder is known).
pub(super) fn checked_style(
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
pub(super) fn checked_base_url(
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
pub(super) fn checked_theme(
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
pub(super) fn checked_limits(
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

pub(super) fn check_languages(
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

pub(super) fn photo_settings(
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
