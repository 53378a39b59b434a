//! Renders planned pages with Tera: the theme's templates, HTML and XML
//! autoescaping, and the UI strings of the page's language as `t`.
//!
//! Uses: error, lang, theme, views, text.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::source::theme::Theme;
use crate::views::Page;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Context, ErrorKind, Tera, Value};

/// The compiled templates and a base context per language.
#[derive(Clone)]
pub struct Renderer {
    tera: Tera,
    base: BTreeMap<Lang, Context>,
    origins: BTreeMap<String, PathBuf>,
}

impl Renderer {
    /// Compiles every template of the theme.
    pub fn new(theme: &Theme) -> Result<Renderer, Errors> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_to);
        tera.register_filter("escape_always", escape_always);
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(template_error(theme, &e).into());
        }
        let mut base = BTreeMap::new();
        for (lang, strings) in &theme.strings {
            let strings = Value::try_from_serializable(strings)
                .map_err(|e| Error::file(&PathBuf::from("themes"), chain(&e)))?;
            let mut ctx = Context::new();
            ctx.insert_value("t", strings);
            base.insert(lang.clone(), ctx);
        }
        let origins = theme
            .templates
            .iter()
            .map(|(n, (_, p))| (n.clone(), p.clone()))
            .collect();
        Ok(Renderer {
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
        // The strings `t` of the page's language are shared (a `Value`'s
        // maps are reference-counted); only `meta` and `view` are converted.
        let mut ctx = self.base.get(&page.meta.lang).cloned().unwrap_or_default();
        let meta = Value::try_from_serializable(&page.meta);
        let view = Value::try_from_serializable(&page.view);
        let (meta, view) = match (meta, view) {
            (Ok(meta), Ok(view)) => (meta, view),
            (Err(e), _) | (_, Err(e)) => {
                return Err(Error::file(&self.origin(page.template), chain(&e)))
            }
        };
        ctx.insert_value("meta", meta);
        ctx.insert_value("view", view);
        self.tera
            .render_to(page.template, &ctx, &mut *out)
            .map_err(|e| self.render_error(page, &e))
    }

    /// The theme file of a template, or its name.
    fn origin(&self, template: &str) -> PathBuf {
        self.origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(template))
    }

    /// A page that does not render, at the place Tera located the error:
    /// the template it was in (a parent or an include, as often as the
    /// page's own), its line and column.
    fn render_error(&self, page: &Page, e: &tera::Error) -> Error {
        let message = |error: String| {
            Message::new("cannot_render")
                .arg("page", format!("/{}", page.path))
                .arg("error", error)
        };
        match report(e) {
            Some(r) => located(r, &self.origin(r.filename()), message),
            None => Error::file(&self.origin(page.template), message(chain(e))),
        }
    }
}

/// A template that does not compile, at its file, line and column.
fn template_error(theme: &Theme, e: &tera::Error) -> Error {
    let message = |text: String| Message::new("template_error").arg("message", text);
    let file = |name: &str| {
        theme
            .templates
            .get(name)
            .map_or_else(|| PathBuf::from("themes"), |(_, p)| p.clone())
    };
    match report(e) {
        Some(r) => located(r, &file(r.filename()), message),
        None => {
            let text = chain(e);
            let name = theme
                .templates
                .keys()
                .find(|name| text.contains(name.as_str()))
                .map_or("", String::as_str);
            Error::at(&file(name), 1, 1, message(text))
        }
    }
}

/// An error at the line and column of Tera's report, in `file`, with
/// `message` made of Tera's own.
fn located(r: &tera::ReportError, file: &Path, message: impl FnOnce(String) -> Message) -> Error {
    let span = r.span();
    Error::at(
        file,
        span.start_line.max(1),
        span.start_col + 1,
        message(r.message().to_string()),
    )
}

/// Tera's located report of an error, if it has one.
fn report(e: &tera::Error) -> Option<&tera::ReportError> {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    }
}

/// The `escape_always` filter: escapes even what is safe (HTML written by
/// the theme or a body), for a feed that carries HTML as text.
fn escape_always(text: &str, _: tera::Kwargs, _: &tera::State) -> Value {
    Value::safe_string(&crate::text::escape(text))
}

/// Tera's escaping hook: [`crate::text::escape`], written out.
fn escape_to(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::text::escape_parts(text, |part| out.write_all(part.as_bytes()))
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
