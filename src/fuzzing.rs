//! Entry points for the fuzz targets in `fuzz/` and their regression tests;
//! not a stable API. [`front_matter`] runs one article's text through the
//! cleaning, the `---` splitter and the front matter parser; [`InMemory`]
//! loads, validates and renders a whole site in memory like
//! [`Live::build`](crate::commands::live::Live::build), with the theme's templates compiled
//! once rather than on every run.
//!
//! Uses: error, text, lang, pipeline, render, output, lib, config,
//! front_matter.

use crate::error::{Error, Failure};
use crate::output::{Content, Memory};
use crate::pipeline::{self, Prepared};
use crate::source::config;
use crate::source::front_matter::{self, FrontMatter};
use crate::{render, Options};
use std::collections::HashMap;
use std::path::Path;

/// Cleans `text` as the loader does (BOM, CRLF, NFC), splits off its front
/// matter and parses it: the parsed fields with the unknown-field errors, or
/// every error.
pub fn front_matter(text: &str, path: &Path) -> Result<(FrontMatter, Vec<Error>), Vec<Error>> {
    let text = crate::text::clean_source(text.to_string());
    let split = front_matter::split(&text, path).map_err(|e| vec![e])?;
    front_matter::parse(&split, path)
}

/// Cleans `text` as the loader does and parses it as `site.yaml` when
/// `units` is false, else as `content/units.yaml` (against the languages vi
/// and en): what was made of it, or every error.
pub fn site_config(text: &str, units: bool) -> Result<usize, Vec<Error>> {
    let text = crate::text::clean_source(text.to_string());
    let result = match units {
        false => config::parse_config(&text, Path::new("site.yaml"), None).map(|_| 1),
        true => {
            let languages = [crate::lang::Lang::new("vi"), crate::lang::Lang::new("en")];
            let path = Path::new("content/units.yaml");
            config::parse_units(&text, path, &languages).map(|units| units.len())
        }
    };
    result.map_err(|errors| errors.0)
}

/// A site rendered again and again in memory, its templates compiled on the
/// first successful load and kept (the theme must not change between runs).
pub struct InMemory {
    options: Options,
    renderer: Option<render::Renderer>,
}

impl InMemory {
    pub fn new(options: Options) -> Self {
        InMemory {
            options,
            renderer: None,
        }
    }

    /// Loads and validates the site, processes its photos and renders every
    /// page and the search index: what `kyyeu serve` would show.
    pub fn render(&mut self) -> Result<HashMap<String, Content>, Failure> {
        let options = &self.options;
        let loaded = pipeline::load(options)?;
        let site = &loaded.site;
        let photos = pipeline::process_photos(options, &site.photos(), &site.config.photos)?;
        let prepared = match self.renderer.take() {
            Some(renderer) => Prepared {
                loaded,
                photos,
                renderer,
            },
            None => pipeline::compile(loaded, photos)?,
        };
        let memory = Memory::default();
        let result = pipeline::emit(&options.root, &prepared, &memory);
        self.renderer = Some(prepared.renderer);
        result?;
        Ok(memory.into_files())
    }
}

/// What a rendered site must never hold, whatever its articles say: a
/// `<script` other than the theme's search script, a link or source with a
/// `javascript:`, `vbscript:` or `data:` URL, or a `<` in the search index
/// (which is loaded as a script).
/// Returns the first violation found, naming the file.
pub fn check_output(files: &HashMap<String, Content>) -> Result<(), String> {
    for (path, content) in files {
        let Content::Bytes(bytes) = content else {
            continue;
        };
        if path.ends_with(".ico") {
            // The theme's favicon, the only file kyyeu writes that is not text.
            continue;
        }
        let text = std::str::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8"))?;
        let problem = if path.ends_with(".html") {
            html_problem(text)
        } else if path.contains("/idx/") {
            text.contains(['<', '\u{2028}', '\u{2029}'])
                .then(|| "raw `<` or line separator in the search index".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(format!("{path}: {problem}"));
        }
    }
    Ok(())
}

/// The first unsafe thing in a page, if any.
fn html_problem(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for (name, attributes) in tags(&lower) {
        if name == "script" && !is_theme_script(&attributes) {
            return Some(format!("a script: {attributes:?}"));
        }
        for (attribute, value) in attributes {
            let url = ["href", "src", "srcset", "action", "formaction"].contains(&attribute);
            let value = decode_entities(value);
            if url && is_unsafe_url(&value, attribute == "srcset") {
                return Some(format!("unsafe URL in <{name} {attribute}>: {value:?}"));
            }
        }
    }
    None
}

/// A tag's name and its `name="value"` attributes (values as written).
type Tag<'a> = (&'a str, Vec<(&'a str, &'a str)>);

/// The start tags of `html`, as the serializers write them (attribute values
/// in double quotes); `<` in text is always written `&lt;`.
fn tags(html: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name = &rest[..name_len];
        rest = &rest[name_len..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || "=>/".contains(c))
                .unwrap_or(rest.len());
            let attribute = &rest[..end];
            rest = &rest[end..];
            let value = match rest.strip_prefix("=\"") {
                Some(quoted) => {
                    let close = quoted.find('"').unwrap_or(quoted.len());
                    rest = &quoted[(close + 1).min(quoted.len())..];
                    &quoted[..close]
                }
                None => {
                    rest = rest.strip_prefix('=').unwrap_or(rest);
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    let value = &rest[..end];
                    rest = &rest[end..];
                    value
                }
            };
            attributes.push((attribute, value));
        }
        out.push((name, attributes));
    }
    out
}

/// Whether a (lowercase, decoded) URL, or one of the comma-separated URLs of
/// a `srcset`, has a scheme a page must not publish.
fn is_unsafe_url(value: &str, srcset: bool) -> bool {
    // As a browser reads a URL: leading C0 controls and spaces skipped, tabs
    // and line breaks dropped; any other character ends a scheme.
    let compact: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let schemes = ["javascript:", "vbscript:", "data:"];
    let pieces = compact
        .split(',')
        .filter(|_| srcset)
        .map(|url| url.trim_start_matches(|c: char| c <= ' '));
    std::iter::once(compact.as_str())
        .chain(pieces)
        .any(|url| schemes.iter().any(|s| url.starts_with(s)))
}

/// Whether a script's attributes are those of the theme's `<script src="...search.js">`.
fn is_theme_script(attributes: &[(&str, &str)]) -> bool {
    matches!(attributes, [("src", src)] if src.ends_with("search.js"))
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;` and numeric references decoded.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &after[..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            n => n
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| n.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        });
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a failed run must be: content errors (the only input that changed is
/// an article), each with a path, rendering in both languages.
pub fn check_failure(failure: &Failure) -> Result<(), String> {
    let Failure::Content(errors) = failure else {
        return Err(format!("not a content error: {failure}"));
    };
    if errors.is_empty() {
        return Err("a failure without an error".to_string());
    }
    for error in &errors.0 {
        if error.path.as_os_str().is_empty() {
            return Err(format!("an error without a path: {error}"));
        }
    }
    let vi = crate::error::Catalogue::of(crate::error::Language::Vietnamese);
    let _ = (failure.render(vi), failure.to_string());
    Ok(())
}
