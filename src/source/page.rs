//! Turns the files of one page that is not an article (`content/pages/`,
//! one file per language) into a validated [`InfoPage`]: front matter
//! checked, a slug per language, gallery photos, bodies rendered. Then
//! checks that no page takes the URL of another page of the site.
//!
//! Uses: error, lang, front_matter, yaml, body, slug, model, urls.

use crate::error::{display_path, Error, Errors, Message};
use crate::lang::Lang;
use crate::model::{InfoPage, MarkedField, MarkedFile, PageVersion, Photo};
use crate::slug::slugify;
use crate::source::article::{marked_file, parse_files, shorten, Checks, SourceFile};
use crate::source::body::{
    self, add_photo, list_attachment, resolve_file, BodyContext, BodyText, NewPhoto, OwnerFiles,
};
use crate::source::front_matter::{self, PageFrontMatter, PAGE_FIELDS};
use crate::source::markers;
use crate::source::targets::{LinkTargets, Place, Target};
use crate::source::yaml;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A page file whose front matter parsed.
struct PageFile<'a> {
    file: &'a SourceFile,
    fm: PageFrontMatter,
    yaml: &'a str,
    yaml_line: usize,
    body: &'a str,
    body_line: usize,
    /// The fields still marked to translate.
    marked: Vec<MarkedField>,
}

impl PageFile<'_> {
    /// Whether this version is left out: marked `draft: true` (or its
    /// original is) or still marked to translate.
    fn is_draft(&self, original: &PageFile<'_>) -> bool {
        !self.marked.is_empty() || self.fm.draft.or(original.fm.draft) == Some(true)
    }

    /// An error at the place where `key` (and `value`) is written.
    fn error(&self, key: &str, value: Option<&str>, message: Message) -> Error {
        let (line, col) = yaml::locate(self.yaml, key, value);
        Error::at(&self.file.path, line + self.yaml_line - 1, col, message)
    }
}

/// What a page became: `None` when every version is a draft not shown.
pub struct BuiltPage {
    pub page: Option<InfoPage>,
    pub draft_left_out: bool,
    /// Links in the bodies to articles that are not published.
    pub warnings: Vec<Error>,
    /// The files with translation markers left.
    pub marked: Vec<MarkedFile>,
}

/// What a body may link to of the page whose files are `files`: its slug
/// in each language and its bodies; `None` when it will not be published
/// or its front matter has errors (reported by [`build`]).
pub fn target<'a>(
    key: &str,
    files: &'a [SourceFile],
    checks: &Checks<'_>,
) -> Option<(String, Target<'a>)> {
    let (parsed, _) = parse_files(files, parse).ok()?;
    let original = original_index(&parsed, checks);
    let mut ignored = Errors::default();
    let mut slugs = std::collections::BTreeMap::new();
    let mut bodies = std::collections::BTreeMap::new();
    for page_file in &parsed {
        if page_file.is_draft(&parsed[original]) && !checks.drafts {
            continue;
        }
        let slug = slug_of(page_file, &parsed[original], &mut ignored)?;
        slugs.insert(page_file.file.lang.clone(), slug);
        bodies.insert(page_file.file.lang.clone(), page_file.body);
    }
    let place = Place::Page { slugs };
    (!bodies.is_empty()).then(|| (key.to_string(), Target { place, bodies }))
}

/// Builds the page whose files (one per language) are `files`; `key` is
/// their path without language.
pub fn build(
    key: &str,
    files: &[SourceFile],
    checks: &Checks<'_>,
    targets: &LinkTargets<'_>,
) -> Result<BuiltPage, Errors> {
    let (parsed, mut errors) = parse_files(files, parse)?;
    let original = original_index(&parsed, checks);
    let Some(folder) = slug_of(&parsed[original], &parsed[original], &mut errors) else {
        return Err(errors);
    };
    let mut owned = OwnerFiles {
        photos: gallery(&parsed[original], &folder, checks, &mut errors),
        attachments: Vec::new(),
    };
    for page_file in &parsed {
        let from = (page_file.file.path.as_path(), &page_file.file.lang);
        for raw in page_file.fm.attachments.iter().flatten() {
            let listed = list_attachment(&mut owned.attachments, &folder, from, raw, checks);
            if let Err(message) = listed {
                errors.push(page_file.error("file", Some(&raw.file), message));
            }
        }
    }
    let mut versions = BTreeMap::new();
    let mut draft_left_out = false;
    let mut warnings = Vec::new();
    for page_file in &parsed {
        if page_file.is_draft(&parsed[original]) && !checks.drafts {
            draft_left_out |= page_file.marked.is_empty();
            continue;
        }
        let Some(slug) = slug_of(page_file, &parsed[original], &mut errors) else {
            continue;
        };
        let pieces = Pieces {
            page_file,
            original: &parsed[original],
            slug,
            photo_folder: &folder,
            checks,
            targets,
        };
        let version = pieces.version(&mut owned, &mut errors, &mut warnings);
        versions.insert(page_file.file.lang.clone(), version);
    }
    let menu = parsed[original].fm.menu;
    errors.into_result(BuiltPage {
        page: (!versions.is_empty()).then(|| InfoPage {
            key: key.to_string(),
            menu,
            photos: owned.photos,
            attachments: owned.attachments,
            versions,
        }),
        draft_left_out,
        warnings,
        marked: marked_files(key, &parsed),
    })
}

/// The files of a page with fields still marked to translate.
fn marked_files(key: &str, parsed: &[PageFile<'_>]) -> Vec<MarkedFile> {
    let marked = parsed.iter().filter(|p| !p.marked.is_empty());
    marked
        .map(|p| marked_file(p.file, key, None, &p.marked))
        .collect()
}

fn parse(file: &SourceFile) -> Result<(PageFile<'_>, Vec<Error>), Vec<Error>> {
    let split = front_matter::split(&file.text, &file.path).map_err(|e| vec![e])?;
    let (fm, unknown) = front_matter::parse_as(&split, &file.path, PAGE_FIELDS)?;
    let page_file = PageFile {
        file,
        fm,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        body: split.body,
        body_line: split.body_line,
        marked: markers::find(split.yaml, split.yaml_line, split.body, split.body_line),
    };
    Ok((page_file, unknown))
}

/// The default-language file, else the first in the site's language order.
fn original_index(parsed: &[PageFile<'_>], checks: &Checks<'_>) -> usize {
    let languages = &checks.config.languages;
    languages
        .iter()
        .find_map(|lang| parsed.iter().position(|p| &p.file.lang == lang))
        .unwrap_or(0)
}

/// The slug of a version: its own `slug:`, else the original's, else the
/// name of the page's folder (or file).
fn slug_of(
    page_file: &PageFile<'_>,
    original: &PageFile<'_>,
    errors: &mut Errors,
) -> Option<String> {
    let path = &page_file.file.path;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let from_name = if name.starts_with("index.") || name == "index.md" {
        let folder = path.parent().and_then(|d| d.file_name());
        folder.and_then(|n| n.to_str()).unwrap_or("")
    } else {
        crate::lang::split_markdown_name(name).map_or("", |(stem, _)| stem)
    };
    let written = page_file.fm.slug.as_deref().or(original.fm.slug.as_deref());
    let slug = slugify(written.unwrap_or(from_name));
    if slug.is_empty() {
        let message = Message::new("empty_slug");
        errors.push(
            page_file
                .error("slug", None, message)
                .with_hint(Message::new("slug_example")),
        );
        return None;
    }
    Some(slug)
}

/// The photos that the original's front matter lists.
fn gallery(
    original: &PageFile<'_>,
    folder: &str,
    checks: &Checks<'_>,
    errors: &mut Errors,
) -> Vec<Photo> {
    let mut photos = Vec::new();
    for raw in original.fm.photos.iter().flatten() {
        if raw.caption.trim().is_empty() {
            let message = Message::new("empty_caption").arg("file", &raw.file);
            errors.push(original.error("caption", None, message));
        }
        let path = &original.file.path;
        match resolve_file(path, &raw.file, checks, Message::new("what_photo")) {
            Ok(source) => {
                let (line, col) = yaml::locate(original.yaml, "file", Some(&raw.file));
                let photo = NewPhoto {
                    source,
                    in_gallery: true,
                    named_at: (path.clone(), line + original.yaml_line - 1, col),
                };
                add_photo(&mut photos, folder, photo);
            }
            Err(message) => errors.push(original.error("file", Some(&raw.file), message)),
        }
    }
    photos
}

/// What one version is made of.
struct Pieces<'a> {
    page_file: &'a PageFile<'a>,
    original: &'a PageFile<'a>,
    slug: String,
    /// Where the page's photos are published: its default-language folder.
    photo_folder: &'a str,
    checks: &'a Checks<'a>,
    targets: &'a LinkTargets<'a>,
}

impl Pieces<'_> {
    fn version(
        self,
        owned: &mut OwnerFiles,
        errors: &mut Errors,
        warnings: &mut Vec<Error>,
    ) -> PageVersion {
        let checks = self.checks;
        let (fm, original) = (&self.page_file.fm, &self.original.fm);
        let lang = &self.page_file.file.lang;
        let title = given(&fm.title).or_else(|| given(&original.title));
        if title.is_none() {
            let message = Message::new("missing_field").arg("field", "title");
            let path = &self.page_file.file.path;
            let error = Error::at(path, self.page_file.yaml_line.saturating_sub(1), 1, message);
            errors.push(error.with_hint(Message::new("page_title_example")));
        }
        let page = checks.urls.page(lang, &self.slug);
        let text = BodyText {
            path: &self.page_file.file.path,
            lang,
            body: self.page_file.body,
            body_line: self.page_file.body_line,
        };
        let context = BodyContext {
            checks,
            targets: self.targets,
            photo_folder: self.photo_folder,
            page: &page,
        };
        let rendered = body::render(text, &context, owned, errors, warnings);
        let captions = fm.photos.as_ref().or(original.photos.as_ref());
        PageVersion {
            lang: lang.clone(),
            path: self.page_file.file.path.clone(),
            slug: self.slug,
            title: title.unwrap_or_default(),
            summary: given(&fm.summary).unwrap_or_else(|| shorten(&rendered.first_paragraph, 300)),
            captions: captions
                .into_iter()
                .flatten()
                .map(|photo| crate::text::nfc(&photo.caption))
                .collect(),
            body_markdown: self.page_file.body.to_string(),
            body: rendered.body,
        }
    }
}

/// An empty text counts as absent.
fn given(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::text::nfc(t))
}

/// Errors for page slugs that take the URL of a year, a section of the
/// site or another page, in any language.
pub fn check_slugs(pages: &[InfoPage], checks: &Checks<'_>, errors: &mut Errors) {
    let languages = &checks.config.languages;
    let mut seen: HashMap<(&Lang, &str), &Path> = HashMap::new();
    for version in pages.iter().flat_map(|page| page.versions.values()) {
        let clash = |message: Message| {
            Error::file(&version.path, message.arg("slug", &version.slug))
                .with_hint(Message::new("page_slug_hint"))
        };
        if checks
            .urls
            .is_reserved(&version.lang, &version.slug, languages)
        {
            let url = checks.urls.page(&version.lang, &version.slug);
            errors.push(clash(
                Message::new("page_slug_reserved").arg("url", format!("/{url}")),
            ));
        } else if let Some(first) = seen.insert((&version.lang, &version.slug), &version.path) {
            let first = display_path(first);
            errors.push(clash(Message::new("page_slug_twice").arg("first", first)));
        }
    }
}
