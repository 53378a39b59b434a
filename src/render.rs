//! Renders planned pages with Tera: the theme's templates, HTML and XML
//! autoescaping, and the UI strings of the page's language as `t`.
//!
//! Uses: error, lang, theme, views.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::theme::Theme;
use crate::views::Page;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::{Context, Tera};

/// The compiled templates and a base context per language.
pub struct Renderer {
    /// Tells this renderer's cached contexts from another's.
    id: u64,
    tera: Tera,
    base: BTreeMap<Lang, Context>,
    origins: BTreeMap<String, PathBuf>,
}

impl Renderer {
    /// Compiles every template of the theme.
    pub fn new(theme: &Theme) -> Result<Renderer, Errors> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape);
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            let origin = theme_origin(theme, &e);
            let text = chain(&e);
            let (line, col) = tera_position(&text);
            let first = text.lines().next().unwrap_or("");
            let message = first
                .split(" -->")
                .next()
                .unwrap_or(first)
                .trim()
                .trim_end_matches(':')
                .to_string();
            let detail = text
                .lines()
                .rev()
                .find(|l| l.trim_start().starts_with('='))
                .map(|l| l.trim_start_matches([' ', '=']).to_string());
            let message = Message::new("template_error").arg("message", message);
            let error = Error::at(&origin, line, col, message);
            return Err(detail.map_or(error.clone(), |d| error.with_hint(d)).into());
        }
        let base = theme
            .strings
            .iter()
            .map(|(lang, strings)| {
                let mut ctx = Context::new();
                ctx.insert("t", strings);
                (lang.clone(), ctx)
            })
            .collect();
        let origins = theme
            .templates
            .iter()
            .map(|(n, (_, p))| (n.clone(), p.clone()))
            .collect();
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Ok(Renderer {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            tera,
            base,
            origins,
        })
    }

    /// Renders one page to its bytes (UTF-8: templates and values are text).
    pub fn render(&self, page: &Page) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.render_into(page, &mut out).map(|()| out)
    }

    /// Renders one page into `out` (emptied first): a caller that renders
    /// many pages reuses one buffer instead of growing a new one each time.
    pub fn render_into(&self, page: &Page, out: &mut Vec<u8>) -> Result<(), Error> {
        out.clear();
        let origin = || {
            self.origins
                .get(page.template)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(page.template))
        };
        // Each thread keeps a context per language holding the strings `t`,
        // and only `meta` and `view` change from page to page.
        thread_local! {
            static CONTEXTS: std::cell::RefCell<BTreeMap<(u64, Lang), Context>> =
                const { std::cell::RefCell::new(BTreeMap::new()) };
        }
        let rendered = CONTEXTS.with(|contexts| {
            let mut contexts = contexts.borrow_mut();
            let key = (self.id, page.meta.lang.clone());
            if !contexts.contains_key(&key) {
                // Another renderer's (an earlier build's theme) are dropped.
                contexts.retain(|(id, _), _| *id == self.id);
            }
            let ctx = contexts
                .entry(key)
                .or_insert_with(|| self.base.get(&page.meta.lang).cloned().unwrap_or_default());
            ctx.try_insert("meta", &page.meta)
                .and_then(|()| ctx.try_insert("view", &page.view))
                .map_err(|e| Error::file(&origin(), chain(&e)))?;
            Ok(self.tera.render_to(page.template, ctx, &mut *out))
        })?;
        let origin = origin();
        rendered.map_err(|e| {
            Error::file(
                &origin,
                Message::new("cannot_render")
                    .arg("page", &page.path)
                    .arg("error", chain(&e)),
            )
        })
    }
}

fn theme_origin(theme: &Theme, e: &tera::Error) -> PathBuf {
    let text = chain(e);
    theme
        .templates
        .iter()
        .find(|(name, _)| text.contains(name.as_str()))
        .map_or_else(|| PathBuf::from("themes"), |(_, (_, p))| p.clone())
}

/// Escapes text for HTML and XML text and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut done = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The escaped characters are ASCII: `i` is on a character boundary.
        out.push_str(&text[done..i]);
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(&text[done..]);
    out
}

/// The `line:col` of a Tera parse error (` --> 27:67`), or (1, 1).
fn tera_position(text: &str) -> (usize, usize) {
    let Some(at) = text.find("--> ") else {
        return (1, 1);
    };
    let rest = &text[at + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let mut parts = rest[..end].split(':').map(|n| n.parse().unwrap_or(1));
    (parts.next().unwrap_or(1), parts.next().unwrap_or(1))
}

/// The error and its causes on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
