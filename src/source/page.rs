//! Turns the files of one page that is not an article (`content/pages/`,
//! one file per language) into a validated [`InfoPage`]: front matter
//! checked, a slug per language, gallery photos, bodies rendered. Then
//! checks that no page takes the URL of another page of the site.
//!
//! Uses: error, lang, model, body, context, front_matter, parsed, targets,
//! text.

use crate::error::{display_path, Error, Errors, Message};
use crate::lang::Lang;
use crate::model::{InfoPage, MarkedFile, PageVersion};
use crate::source::body::{self, BodyContext, BodyText, OwnerFiles};
use crate::source::context::{LoadContext, SourceFile};
use crate::source::front_matter::PageFrontMatter;
use crate::source::parsed::{
    gallery, given, listed_attachments, marked_files, original_index, parse_files, summary, Parsed,
};
use crate::source::targets::{Headings, LinkTargets, Place, Target};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A file of a page, its front matter parsed.
type File<'a> = Parsed<'a, PageFrontMatter>;

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
    load: &LoadContext<'_>,
) -> Option<(String, Target<'a>)> {
    let (parsed, _) = parse_files::<PageFrontMatter>(files).ok()?;
    let original = original_index(&parsed, load.config);
    let mut ignored = Errors::default();
    let mut slugs = std::collections::BTreeMap::new();
    let mut bodies = std::collections::BTreeMap::new();
    for page_file in &parsed {
        if page_file.is_draft(&parsed[original]) && !load.drafts {
            continue;
        }
        let slug = slug_of(page_file, &parsed[original], &mut ignored)?;
        slugs.insert(page_file.file.lang.clone(), slug);
        bodies.insert(
            page_file.file.lang.clone(),
            Headings::Source(page_file.body),
        );
    }
    let place = Place::Page { slugs };
    (!bodies.is_empty()).then(|| (key.to_string(), Target { place, bodies }))
}

/// Builds the page whose files (one per language) are `files`; `key` is
/// their path without language.
pub fn build(
    key: &str,
    files: &[SourceFile],
    load: &LoadContext<'_>,
    targets: &LinkTargets<'_>,
) -> Result<BuiltPage, Errors> {
    let (parsed, mut errors) = parse_files::<PageFrontMatter>(files)?;
    let original = original_index(&parsed, load.config);
    let Some(folder) = slug_of(&parsed[original], &parsed[original], &mut errors) else {
        return Err(errors);
    };
    let mut owned = OwnerFiles {
        photos: gallery(&parsed[original], &folder, load, &mut errors),
        attachments: Vec::new(),
    };
    listed_attachments(&parsed, &folder, load, (&mut owned, &mut errors));
    let mut versions = BTreeMap::new();
    let mut draft_left_out = false;
    let mut warnings = Vec::new();
    for page_file in &parsed {
        if page_file.is_draft(&parsed[original]) && !load.drafts {
            draft_left_out |= page_file.marked.is_empty();
            continue;
        }
        let Some(slug) = slug_of(page_file, &parsed[original], &mut errors) else {
            continue;
        };
        let made = VersionOf {
            page_file,
            original: &parsed[original],
            slug,
            photo_folder: &folder,
            load,
            targets,
        };
        let version = made.version(&mut owned, &mut errors, &mut warnings);
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
        marked: marked_files(&parsed, key, None),
    })
}

/// The slug of a version: its own `slug:`, else the original's, else the
/// name of the page's folder (or file).
fn slug_of(page_file: &File<'_>, original: &File<'_>, errors: &mut Errors) -> Option<String> {
    let written = page_file.fm.slug.as_deref().or(original.fm.slug.as_deref());
    page_file.slug(written, errors)
}

/// What one version of a page is made of.
struct VersionOf<'a> {
    page_file: &'a File<'a>,
    original: &'a File<'a>,
    slug: String,
    /// Where the page's photos are published: its default-language folder.
    photo_folder: &'a str,
    load: &'a LoadContext<'a>,
    targets: &'a LinkTargets<'a>,
}

impl VersionOf<'_> {
    fn version(
        self,
        owned: &mut OwnerFiles,
        errors: &mut Errors,
        warnings: &mut Vec<Error>,
    ) -> PageVersion {
        let load = self.load;
        let (fm, original) = (&self.page_file.fm, &self.original.fm);
        let lang = &self.page_file.file.lang;
        let title = given(&fm.title).or_else(|| given(&original.title));
        if title.is_none() {
            let message = Message::new("missing_field").arg("field", "title");
            let path = &self.page_file.file.path;
            let error = Error::at(path, self.page_file.yaml_line.saturating_sub(1), 1, message);
            errors.push(error.with_hint(Message::new("page_title_example")));
        }
        let page = load.urls.page(lang, &self.slug);
        let text = BodyText {
            path: &self.page_file.file.path,
            lang,
            body: self.page_file.body,
            body_line: self.page_file.body_line,
        };
        let context = BodyContext {
            load,
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
            summary: summary(&fm.summary, &rendered.first_paragraph),
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

/// Errors for page slugs that take the URL of a year, a section of the
/// site or another page, in any language.
pub fn check_slugs(pages: &[InfoPage], load: &LoadContext<'_>, errors: &mut Errors) {
    let languages = &load.config.languages;
    let mut seen: HashMap<(&Lang, &str), &Path> = HashMap::new();
    for version in pages.iter().flat_map(|page| page.versions.values()) {
        let clash = |message: Message| {
            Error::file(&version.path, message.arg("slug", &version.slug))
                .with_hint(Message::new("page_slug_hint"))
        };
        if load
            .urls
            .is_reserved(&version.lang, &version.slug, languages)
        {
            let url = load.urls.page(&version.lang, &version.slug);
            errors.push(clash(
                Message::new("page_slug_reserved").arg("url", format!("/{url}")),
            ));
        } else if let Some(first) = seen.insert((&version.lang, &version.slug), &version.path) {
            let first = display_path(first);
            errors.push(clash(Message::new("page_slug_twice").arg("first", first)));
        }
    }
}
