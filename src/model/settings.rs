//! The validated settings of `site.yaml`, as plain data: what the site is
//! called, where it is published, its languages, how photos are made.
//! Read and checked by `source::config`.
//!
//! Uses: lang.

use crate::lang::{Lang, Localized};

/// How photos are resized and encoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhotoSettings {
    /// Widths in pixels, ascending; a photo is never upscaled.
    pub widths: Vec<u32>,
    /// JPEG (and WebP) quality, 1-100.
    pub quality: u8,
    /// Also publish a WebP file of every size, offered through `<picture>`.
    pub webp: bool,
}

impl Default for PhotoSettings {
    fn default() -> Self {
        PhotoSettings {
            widths: vec![480, 960, 1600],
            quality: 82,
            webp: true,
        }
    }
}

/// `style:` in site.yaml: the look without editing the theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    /// The theme's main colour, a checked CSS colour (`#0b5d1e`).
    pub accent: Option<String>,
    /// A file of `static/` shown in the header (`logo.svg`).
    pub logo: Option<String>,
}

/// The paper size of the PDF yearbooks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Its name as Typst's `page(paper: ...)` knows it.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// `pdf:` in site.yaml: the PDF yearbook of every year and language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PdfSettings {
    pub paper: Paper,
    /// `max_articles: N`: the most articles one book holds (a year with
    /// more gets its conferences first, then its other articles by date,
    /// and a note that says where the rest are).
    pub max_articles: usize,
}

impl PdfSettings {
    /// Articles in a book when `site.yaml` does not say otherwise.
    pub const DEFAULT_MAX_ARTICLES: usize = 200;
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            paper: Paper::A4,
            max_articles: PdfSettings::DEFAULT_MAX_ARTICLES,
        }
    }
}

/// The validated `site.yaml`.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: Localized,
    /// The title shown in the header of narrow screens, per language
    /// (empty: the title).
    pub short_title: Localized,
    pub description: Localized,
    /// One line at the foot of every page, per language: inline HTML made
    /// from site.yaml's Markdown, sanitized, safe to show as it is.
    pub footer: Localized,
    /// Who publishes the proceedings, per language (empty: the title).
    pub organisation: Localized,
    /// Where the organisation is (a city), per language, printed on the
    /// book's cover with the month of the year's main conference.
    pub place: Localized,
    /// Absolute, without a trailing slash (`https://example.org/kyyeu`).
    pub base_url: String,
    /// The first one is the default language.
    pub languages: Vec<Lang>,
    pub theme: String,
    pub photos: PhotoSettings,
    pub style: Style,
    /// `markdown: {trusted_html: true}`: raw HTML in bodies is published as
    /// written instead of sanitized. Off by default.
    pub trusted_html: bool,
    /// `limits: {max_file_mb: N}`: the largest article or units.yaml read, in bytes.
    pub max_file_bytes: u64,
    /// `limits: {sitemap_urls: N}`: URLs in one sitemap file; a site with
    /// more gets a sitemap index and parts.
    pub sitemap_urls: usize,
    /// `pdf:`: the PDF yearbooks (on, A4, by default); `None`: `pdf: false`.
    pub pdf: Option<PdfSettings>,
}

impl Config {
    pub fn default_lang(&self) -> &Lang {
        &self.languages[0]
    }

    /// The path part of `base_url`, with a trailing slash (`/kyyeu/`).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split("://").nth(1).unwrap_or("");
        match after_scheme.find('/') {
            Some(i) => format!("{}/", &after_scheme[i..]),
            None => "/".to_string(),
        }
    }
}
