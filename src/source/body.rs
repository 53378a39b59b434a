//! What the bodies of articles and pages share: files named in them
//! resolved inside `content/`, photos added to their owner's list, and a
//! body rendered with every link final.
//!
//! Every relative link and image leads somewhere: a file of the bundle (a
//! photo, an attachment), an article's or page's Markdown file (with a
//! heading's `#anchor`), or a path of the site (relative to the page, or
//! root-relative: the site's root); anything else is an error.
//!
//! Uses: error, lang, markdown, model, targets, urls, context, discover,
//! front_matter, slug, text.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::markdown::{self, LinkError, RenderOptions};
use crate::model::{Attachment, Body, BodyLink, Photo};
use crate::source::context::LoadContext;
use crate::source::discover::Unreached;
use crate::source::targets::{is_photo_name, join_url, nearest, LinkTargets};
use crate::urls::Urls;
use std::collections::BTreeMap;
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

/// A body rendered, and its first paragraph as text.
pub(crate) struct RenderedBody {
    pub body: Body,
    pub first_paragraph: String,
    /// The text a reader sees of the body (`markdown::plain_text`, its white
    /// space not collapsed).
    pub text: String,
}

/// Where a body's photos go and what its links may lead to.
pub(crate) struct BodyContext<'a> {
    pub load: &'a LoadContext<'a>,
    pub targets: &'a LinkTargets<'a>,
    /// The folder the owner's photos and attachments are published in
    /// (`2021/slug`): its default-language page.
    pub photo_folder: &'a str,
    /// The page the body is rendered for (`en/2021/slug/`).
    pub page: &'a str,
}

/// The files an article or page publishes besides its pages.
#[derive(Debug, Default, Clone)]
pub(crate) struct OwnerFiles {
    pub photos: Vec<Photo>,
    pub attachments: Vec<Attachment>,
}

/// Renders `text` for its page: images become the owner's `photos`, links
/// to Markdown files the pages of their articles. Problems of the body go
/// to `errors`, links to unpublished articles to `warnings`.
pub(crate) fn render(
    text: BodyText<'_>,
    context: &BodyContext<'_>,
    files: &mut OwnerFiles,
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> RenderedBody {
    let mut resolver = BodyResolver {
        text,
        context,
        files,
        warnings,
    };
    let options = RenderOptions {
        trusted_html: context.load.config.trusted_html,
    };
    let rendered = markdown::render(text.body, &mut resolver, options);
    for problem in rendered.problems {
        let (line, col) = line_col(text.body, problem.offset);
        let error = Error::at(text.path, line + text.body_line - 1, col, problem.message);
        errors.push(match problem.hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        });
    }
    RenderedBody {
        body: rendered.body,
        first_paragraph: rendered.first_paragraph,
        text: rendered.text,
    }
}

/// Resolves a file path written in the file `from` (relative to it) to a
/// path relative to the site root, inside `content/`, naming an existing
/// file. `what` names the file in messages (a photo, a linked article).
pub(crate) fn resolve_file(
    from: &Path,
    written: &str,
    load: &LoadContext<'_>,
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
    if load.files.is_some_and(|files| files.contains(&joined)) {
        return Ok(joined);
    }
    let full = load.root.join(&joined);
    if !full.is_file() {
        let looked = crate::error::display_path(&joined);
        return Err(problem(Message::new("path_not_found")).arg("looked", looked));
    }
    let inside = full
        .canonicalize()
        .ok()
        .zip(load.root.join("content").canonicalize().ok())
        .is_some_and(|(f, c)| f.starts_with(c));
    if !inside {
        return Err(problem(Message::new("path_outside_content_link")));
    }
    // A file the walk of `content/` does not reach is not the site's,
    // whether or not the walk was made (reloading one article).
    match crate::source::discover::unreached(load.root, &joined) {
        Some(Unreached::Hidden) => return Err(problem(Message::new("path_hidden"))),
        Some(Unreached::Link) => return Err(problem(Message::new("path_through_link"))),
        None => {}
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
    pub cover: bool,
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
        cover: photo.cover,
        named_at: photo.named_at,
    });
    stem
}

/// Resolves a body's relative paths with final URLs: images become
/// published photos, links the pages, files and anchors they lead to.
struct BodyResolver<'a, 'b> {
    text: BodyText<'a>,
    context: &'a BodyContext<'b>,
    files: &'a mut OwnerFiles,
    warnings: &'a mut Vec<Error>,
}

impl BodyResolver<'_, '_> {
    /// The 1-based file line of a byte offset of the body.
    fn line(&self, offset: usize) -> usize {
        line_col(self.text.body, offset).0 + self.text.body_line - 1
    }

    /// The article or page that a link to the Markdown file `file` leads
    /// to, its `#fragment` a heading of the version it leads to; a link to
    /// an article that is not published gives a warning and leads nowhere.
    fn markdown_target(
        &mut self,
        file: &Path,
        fragment: &str,
        (dest, offset): (&str, usize),
    ) -> Result<BodyLink, LinkError> {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let split = crate::lang::split_markdown_name(name);
        let stem = split.map_or(name, |(stem, _)| stem);
        let config = self.context.load.config;
        let file_lang = split
            .and_then(|(_, code)| code)
            .map_or_else(|| config.default_lang().clone(), Lang::new);
        let key = crate::error::display_path(&file.with_file_name(stem));
        let Some(target) = self.context.targets.get(&key) else {
            let message = Message::new("link_unpublished").arg("key", key);
            let line = self.line(offset);
            (self.warnings).push(Error::at(self.text.path, line, 1, message));
            return Ok(BodyLink::Unpublished);
        };
        if !fragment.is_empty() {
            let ids = target.heading_ids(self.text.lang, &file_lang);
            if !ids.iter().any(|id| id == fragment) {
                return Err(nowhere(dest, heading_hint(fragment, &ids)));
            }
        }
        let fragment = fragment.to_string();
        Ok(match &target.place {
            crate::source::targets::Place::Article { year, slug } => BodyLink::Article {
                year: *year,
                slug: slug.clone(),
                fragment,
            },
            crate::source::targets::Place::Page { .. } => BodyLink::Site {
                path: target.path(
                    self.context.load.urls,
                    self.text.lang,
                    &self.context.load.config.languages,
                ),
                fragment,
            },
        })
    }

    /// A file of `content/` named by `written` (relative to the body's
    /// file), when there is one.
    fn content_file(&self, written: &str) -> Option<PathBuf> {
        let dir = self.text.path.parent().unwrap_or(Path::new(""));
        let joined = normalize(&dir.join(written)).filter(|j| j.starts_with("content"))?;
        let load = self.context.load;
        let known = match load.files {
            Some(files) => files.contains(&joined),
            None => {
                load.root.join(&joined).is_file()
                    && crate::source::discover::is_discoverable(load.root, &joined)
            }
        };
        known.then_some(joined)
    }

    /// A photo of the owner, shown by the body at `offset`.
    fn photo(&mut self, source: PathBuf, offset: usize) -> BodyLink {
        let col = line_col(self.text.body, offset).1;
        let photo = NewPhoto {
            source,
            in_gallery: false,
            cover: false,
            named_at: (self.text.path.to_path_buf(), self.line(offset), col),
        };
        let folder = self.context.photo_folder;
        BodyLink::Photo(add_photo(&mut self.files.photos, folder, photo))
    }

    /// An attachment of the owner, linked by the body.
    fn attachment(&mut self, source: PathBuf) -> BodyLink {
        let load = self.context.load;
        let folder = self.context.photo_folder;
        let path = add_attachment(&mut self.files.attachments, folder, source, load);
        BodyLink::Site {
            path,
            fragment: String::new(),
        }
    }

    /// A path of the site, written root-relative (`/don-vi/`) or relative
    /// to the body's page or, for a translation, its original's page.
    fn site_path(&self, decoded: &str) -> Option<String> {
        let site = self.context.targets.site;
        if let Some(rooted) = decoded.strip_prefix('/') {
            return site.find(rooted);
        }
        let original = self.original_page();
        let pages = [self.context.page, original.as_str()];
        let mut paths = pages.into_iter().filter_map(|page| join_url(page, decoded));
        paths.find_map(|path| site.find(&path))
    }

    /// The default-language page of the body's owner.
    fn original_page(&self) -> String {
        let folder = self.context.photo_folder;
        format!("{folder}/")
    }

    /// Why `decoded`, written as `dest`, leads nowhere, with the nearest
    /// file of its folder or path of the site.
    fn nowhere_hint(&self, decoded: &str) -> Option<Message> {
        let near = match decoded.strip_prefix('/') {
            Some(rooted) => self
                .context
                .targets
                .site
                .near(rooted)
                .map(|p| format!("/{p}")),
            None => {
                if let Some(path) = self.in_another_folder(decoded) {
                    return Some(Message::new("link_other_folder").arg("path", path));
                }
                self.near_file(decoded)
            }
        };
        near.map(|near| Message::new("did_you_mean").arg("choice", near))
    }

    /// The path, relative to the body's file, of the file `written` meant
    /// when it is in another folder of `content/` (an article of another
    /// year, linked as `../slug/index.vi.md` from 2024 when it is in 2025):
    /// the file with the same name (and bundle folder) elsewhere.
    fn in_another_folder(&self, written: &str) -> Option<String> {
        let files = self.context.load.files?;
        let dir = self.text.path.parent().unwrap_or(Path::new(""));
        let wanted = normalize(&dir.join(written))?;
        let name = wanted.file_name()?;
        let bundle = name.to_str()?.starts_with("index.");
        let tail: Vec<_> = wanted
            .components()
            .rev()
            .take(1 + usize::from(bundle))
            .collect();
        let mut found: Vec<&PathBuf> = files
            .iter()
            .filter(|file| {
                **file != wanted
                    && file
                        .components()
                        .rev()
                        .take(tail.len())
                        .eq(tail.iter().copied())
            })
            .collect();
        found.sort();
        let file = found.first()?;
        Some(relative_path(dir, file))
    }

    /// The file of the body's folder nearest to the file `written` names.
    fn near_file(&self, written: &str) -> Option<String> {
        let files = self.context.load.files?;
        let dir = self.text.path.parent().unwrap_or(Path::new(""));
        let wanted = normalize(&dir.join(written))?;
        let folder = wanted.parent()?;
        let name = written.rsplit_once('/').map_or(written, |(_, name)| name);
        let names = files
            .iter()
            .filter(|f| f.parent() == Some(folder))
            .filter_map(|f| f.file_name().and_then(|n| n.to_str()));
        let near = nearest(name, names)?;
        let prefix = &written[..written.len() - name.len()];
        Some(format!("{prefix}{near}"))
    }

    /// What a relative or root-relative link leads to.
    fn resolve_link(&mut self, dest: &str, offset: usize) -> Result<BodyLink, LinkError> {
        let (before, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let path = before.split('?').next().unwrap_or(before);
        let decoded = crate::text::percent_decode(path)
            .map_or_else(|| path.to_string(), |d| crate::text::nfc(&d));
        let is_markdown = path.to_ascii_lowercase().ends_with(".md");
        if is_markdown && !decoded.starts_with('/') {
            let what = Message::new("what_linked_article");
            let file = resolve_file(self.text.path, &decoded, self.context.load, what).map_err(
                |message| LinkError {
                    message,
                    hint: self.nowhere_hint(&decoded),
                },
            )?;
            return self.markdown_target(&file, fragment, (dest, offset));
        }
        if !decoded.starts_with('/') {
            if let Some(file) = self.content_file(&decoded) {
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
                return Ok(match is_photo_name(name) {
                    true => self.photo(file, offset),
                    false => self.attachment(file),
                });
            }
        }
        match self.site_path(&decoded) {
            Some(path) => Ok(BodyLink::Site {
                path,
                fragment: fragment.to_string(),
            }),
            None => Err(nowhere(dest, self.nowhere_hint(&decoded))),
        }
    }
}

/// The path from the folder `dir` to `file` (both relative to the site's
/// root), with `/` between its parts: `../../2025/slug/index.vi.md`.
fn relative_path(dir: &Path, file: &Path) -> String {
    let from: Vec<_> = dir.components().collect();
    let to: Vec<_> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_string(), from.len() - common);
    let rest = to[common..]
        .iter()
        .map(|part| part.as_os_str().to_string_lossy().into_owned());
    ups.chain(rest).collect::<Vec<_>>().join("/")
}

/// A link that leads nowhere, with what may help.
fn nowhere(dest: &str, hint: Option<Message>) -> LinkError {
    LinkError {
        message: Message::new("link_nowhere").arg("link", dest),
        hint,
    }
}

/// The hint for an anchor that names no heading: the nearest, else all.
fn heading_hint(fragment: &str, ids: &[String]) -> Option<Message> {
    if ids.is_empty() {
        return Some(Message::new("link_no_headings"));
    }
    Some(match nearest(fragment, ids.iter().map(String::as_str)) {
        Some(near) => Message::new("did_you_mean").arg("choice", format!("#{near}")),
        None => Message::new("link_headings").arg("ids", ids.join(", ")),
    })
}

/// Adds an attachment to `attachments`, published in `folder`, unless its
/// source is there already; returns its site path. Its name is its file
/// name made a slug (`Báo cáo.PDF` -> `bao-cao.pdf`), `-2`... when taken.
pub(crate) fn add_attachment(
    attachments: &mut Vec<Attachment>,
    folder: &str,
    source: PathBuf,
    load: &LoadContext<'_>,
) -> String {
    if let Some(existing) = attachments.iter().find(|a| a.source == source) {
        return existing.output_path.clone();
    }
    let name = source.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let stem = Some(crate::slug::slugify(stem)).filter(|s| !s.is_empty());
    let stem = stem.unwrap_or_else(|| "tep".to_string());
    let extension = extension.to_ascii_lowercase();
    let taken = |path: &str| attachments.iter().any(|a| a.output_path == path);
    let mut nth = 1;
    let output_path = loop {
        let suffix = if nth == 1 {
            String::new()
        } else {
            format!("-{nth}")
        };
        let path = match extension.is_empty() {
            true => format!("{folder}/{stem}{suffix}"),
            false => format!("{folder}/{stem}{suffix}.{extension}"),
        };
        if !taken(&path) && !path.ends_with("/index.html") {
            break path;
        }
        nth += 1;
    };
    let size = std::fs::metadata(load.root.join(&source)).map_or(0, |m| m.len());
    attachments.push(Attachment {
        source,
        output_path: output_path.clone(),
        size,
        titles: BTreeMap::new(),
    });
    output_path
}

impl markdown::Resolve for BodyResolver<'_, '_> {
    fn image(&mut self, dest: &str, offset: usize) -> Result<BodyLink, LinkError> {
        let load = self.context.load;
        let decoded = crate::text::percent_decode(dest)
            .map_or_else(|| dest.to_string(), |d| crate::text::nfc(&d));
        if decoded.starts_with('/') || self.content_file(&decoded).is_none() {
            if let Some(path) = self.site_path(&decoded) {
                let fragment = String::new();
                return Ok(BodyLink::Site { path, fragment });
            }
        }
        match resolve_file(self.text.path, dest, load, Message::new("what_photo")) {
            Ok(source) => Ok(self.photo(source, offset)),
            Err(message) => Err(message.into()),
        }
    }

    fn link(&mut self, dest: &str, offset: usize) -> Result<BodyLink, LinkError> {
        self.resolve_link(dest, offset)
    }

    fn url(&self, link: &BodyLink, root: &str) -> String {
        self.context.load.urls.body_link(link, self.text.lang, root)
    }
}

/// A 1-based (line, column) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Adds the file an `attachments:` entry of the file `from` (in `lang`)
/// names to `attachments`, with its title in `lang`; the message says why
/// it cannot be.
pub(crate) fn list_attachment(
    attachments: &mut Vec<Attachment>,
    folder: &str,
    (from, lang): (&Path, &Lang),
    raw: &crate::source::front_matter::RawAttachment,
    load: &LoadContext<'_>,
) -> Result<(), Message> {
    if crate::lang::split_markdown_name(&raw.file).is_some() {
        return Err(Message::new("attachment_is_markdown").arg("file", &raw.file));
    }
    let source = resolve_file(from, &raw.file, load, Message::new("what_attachment"))?;
    let path = add_attachment(attachments, folder, source, load);
    let title = raw
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let added = attachments.iter_mut().find(|a| a.output_path == path);
    if let Some((attachment, title)) = added.zip(title) {
        attachment
            .titles
            .insert(lang.clone(), crate::text::nfc(title));
    }
    Ok(())
}
