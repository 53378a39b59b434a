//! What the bodies of articles and pages share: files named in them
//! resolved inside `content/`, photos added to their owner's list, and a
//! body rendered with every link final.
//!
//! Uses: error, lang, markdown, model, urls.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::markdown::{self, ImageLink};
use crate::model::{BodyLink, Photo};
use crate::source::article::{Checks, LinkTargets};
use crate::urls::Urls;
use std::path::{Component, Path, PathBuf};

/// A Markdown body and where it is written.
#[derive(Clone, Copy)]
pub(crate) struct BodyText<'a> {
    /// The file, relative to the site root.
    pub path: &'a Path,
    pub lang: &'a Lang,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// A body rendered, with the links its rendering resolved.
pub(crate) struct RenderedBody {
    pub html: String,
    pub first_paragraph: String,
    pub links: Vec<BodyLink>,
}

/// Where a body's photos go and what its links may lead to.
pub(crate) struct BodyContext<'a> {
    pub checks: &'a Checks<'a>,
    pub targets: &'a LinkTargets,
    /// The folder the owner's photos are published in (`2021/slug`).
    pub photo_folder: &'a str,
    /// The page the body is rendered for (`/en/2021/slug/`).
    pub page: &'a str,
}

/// Renders `text` for its page: images become the owner's `photos`, links
/// to Markdown files the pages of their articles. Problems of the body go
/// to `errors`, links to unpublished articles to `warnings`.
pub(crate) fn render(
    text: BodyText<'_>,
    context: &BodyContext<'_>,
    photos: &mut Vec<Photo>,
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> RenderedBody {
    let mut resolver = BodyResolver {
        text,
        context,
        photos,
        root: crate::urls::root_of(context.page),
        links: Vec::new(),
        warnings,
    };
    let trusted_html = context.checks.config.trusted_html;
    let rendered = markdown::render(text.body, &mut resolver, trusted_html);
    let links = resolver.links;
    for problem in &rendered.problems {
        let (line, col) = line_col(text.body, problem.offset);
        errors.push(Error::at(
            text.path,
            line + text.body_line - 1,
            col,
            problem.message.clone(),
        ));
    }
    RenderedBody {
        html: rendered.html,
        first_paragraph: rendered.first_paragraph,
        links,
    }
}

/// Resolves a file path written in the file `from` (relative to it) to a
/// path relative to the site root, inside `content/`, naming an existing
/// file. `what` names the file in messages (a photo, a linked article).
pub(crate) fn resolve_file(
    from: &Path,
    written: &str,
    checks: &Checks<'_>,
    what: Message,
) -> Result<PathBuf, Message> {
    let problem = |message: Message| message.arg("what", what.clone()).arg("path", written);
    let decoded = crate::text::percent_decode(written)
        .map_or_else(|| written.to_string(), |d| crate::text::nfc(&d));
    let rel = Path::new(&decoded);
    if rel.is_absolute() || decoded.starts_with('/') || decoded.starts_with('\\') {
        return Err(problem(Message::new("path_absolute")));
    }
    let dir = from.parent().unwrap_or(Path::new(""));
    let joined = normalize(&dir.join(rel))
        .filter(|joined| joined.starts_with("content"))
        .ok_or_else(|| problem(Message::new("path_outside_content")))?;
    if checks.files.is_some_and(|files| files.contains(&joined)) {
        return Ok(joined);
    }
    let full = checks.root.join(&joined);
    if !full.is_file() {
        let looked = crate::error::display_path(&joined);
        return Err(problem(Message::new("path_not_found")).arg("looked", looked));
    }
    let inside = full
        .canonicalize()
        .ok()
        .zip(checks.root.join("content").canonicalize().ok())
        .is_some_and(|(f, c)| f.starts_with(c));
    if !inside {
        return Err(problem(Message::new("path_outside_content_link")));
    }
    Ok(joined)
}

/// Removes `.` and `..` components; `None` when `..` climbs above the start.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(n) => out.push(n),
            _ => return None,
        }
    }
    Some(out)
}

/// A photo file of an article or page, before it is added to its list.
pub(crate) struct NewPhoto {
    pub source: PathBuf,
    pub in_gallery: bool,
    /// Where the photo is named: the file, line and column.
    pub named_at: (PathBuf, usize, usize),
}

/// Adds a photo to `photos`, published in `folder`, unless its source is
/// there already; returns its output stem.
pub(crate) fn add_photo(photos: &mut Vec<Photo>, folder: &str, photo: NewPhoto) -> String {
    if let Some(existing) = photos.iter().find(|ph| ph.source == photo.source) {
        return existing.output_stem.clone();
    }
    let stem = Urls::photo_stem(folder, &photo.source, |stem| {
        photos.iter().any(|ph| ph.output_stem == stem)
    });
    photos.push(Photo {
        source: photo.source,
        output_stem: stem.clone(),
        in_gallery: photo.in_gallery,
        named_at: photo.named_at,
    });
    stem
}

/// Resolves a body's relative paths with final URLs: images become
/// published photos, links to Markdown files the pages of their articles.
struct BodyResolver<'a, 'b> {
    text: BodyText<'a>,
    context: &'a BodyContext<'b>,
    photos: &'a mut Vec<Photo>,
    /// The root prefix of the page the body is rendered for.
    root: String,
    /// Each link and image resolved, in order.
    links: Vec<BodyLink>,
    warnings: &'a mut Vec<Error>,
}

impl BodyResolver<'_, '_> {
    /// Records `link` and returns its URL on the body's own page.
    fn resolved(&mut self, link: BodyLink) -> String {
        let urls = self.context.checks.urls;
        let url = markdown::body_url(&link, self.text.lang, &self.root, urls);
        self.links.push(link);
        url
    }

    /// The article that a link to `file` leads to; a link to an article
    /// that is not published gives a warning and leads nowhere.
    fn article_link(&mut self, file: &Path, fragment: &str, offset: usize) -> BodyLink {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stem = crate::lang::split_markdown_name(name).map_or(name, |(stem, _)| stem);
        let key = crate::error::display_path(&file.with_file_name(stem));
        if let Some((year, slug)) = self.context.targets.get(&key) {
            return BodyLink::Article {
                year,
                slug: slug.to_string(),
                fragment: fragment.to_string(),
            };
        }
        let line = line_col(self.text.body, offset).0 + self.text.body_line - 1;
        let message = Message::new("link_unpublished").arg("key", key);
        (self.warnings).push(Error::at(self.text.path, line, 1, message));
        BodyLink::Unpublished
    }
}

impl markdown::Resolve for BodyResolver<'_, '_> {
    fn image(&mut self, dest: &str, offset: usize) -> ImageLink {
        let checks = self.context.checks;
        match resolve_file(self.text.path, dest, checks, Message::new("what_photo")) {
            Ok(source) => {
                let (line, col) = line_col(self.text.body, offset);
                let photo = NewPhoto {
                    source,
                    in_gallery: false,
                    named_at: (
                        self.text.path.to_path_buf(),
                        line + self.text.body_line - 1,
                        col,
                    ),
                };
                let stem = add_photo(self.photos, self.context.photo_folder, photo);
                ImageLink::Url(self.resolved(BodyLink::Photo(stem)))
            }
            Err(message) => ImageLink::Invalid(message),
        }
    }

    fn markdown_link(&mut self, dest: &str, offset: usize) -> Result<String, Message> {
        let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let what = Message::new("what_linked_article");
        let file = resolve_file(self.text.path, path, self.context.checks, what)?;
        let link = self.article_link(&file, fragment, offset);
        Ok(self.resolved(link))
    }
}

/// A 1-based (line, column) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
