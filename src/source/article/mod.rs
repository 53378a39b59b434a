//! Turns the files of one article (its language versions) into a validated
//! [`Article`]: front matter checked field by field, translations merged with
//! their original, photos resolved inside `content/`, bodies rendered.
//!
//! Uses: error, model, slug, body, context, front_matter, parsed, targets.

mod checks;
mod version;

pub use checks::parse_date;

use crate::error::{Error, Errors};
use crate::model::{Article, Date, MarkedFile};
use crate::slug::slugify;
use crate::source::body::OwnerFiles;
use crate::source::context::{LoadContext, SourceFile};
use crate::source::front_matter::FrontMatter;
use crate::source::parsed::{
    gallery, listed_attachments, marked_files, original_index, parse_files, Parsed,
};
use crate::source::targets::{Headings, LinkTargets, Place, Target};
use checks::{check_agreement, check_refs, check_year_folder, name_the_example, shared_fields};
use std::collections::BTreeMap;
use version::Bodies;

/// The line that opens the front matter of the example article `kyyeu
/// init` writes: its errors then name it as that example.
pub const EXAMPLE_MARK: &str = "# kyyeu init:";

/// The fields every version shares, taken from the original.
struct Shared {
    slug: String,
    year: i32,
    date: Date,
    units: Vec<String>,
    tasks_year: i32,
}

impl Shared {
    /// The folder the article's photos are published in (`2021/slug`).
    fn photo_folder(&self) -> String {
        format!("{}/{}", self.year, self.slug)
    }
}

/// An article whose files are parsed and whose front matter is checked,
/// its bodies not yet rendered: what the first pass of loading makes of
/// every article, so that the second knows every link target before it
/// renders a body.
pub struct Outline<'a> {
    key: String,
    parsed: Vec<Parsed<'a, FrontMatter>>,
    original: usize,
    shared: Shared,
    /// The gallery's photos and the listed attachments.
    files: OwnerFiles,
    /// What the checks of the front matter found.
    errors: Errors,
}

/// An article built from its draft, with the warnings of its bodies (links
/// to articles that are not published). `article` is `None` when every
/// version is a draft that is not shown.
pub struct Built {
    pub article: Option<Article>,
    pub warnings: Vec<Error>,
    /// Whether a version was left out because it is a draft.
    pub draft_left_out: bool,
    /// The files with translation markers left.
    pub marked: Vec<MarkedFile>,
}

/// Parses the files of one article and checks its front matter (pass one).
pub fn read<'a>(
    key: &str,
    files: &'a [SourceFile],
    load: &LoadContext<'_>,
) -> Result<Outline<'a>, Errors> {
    let (parsed, mut errors) =
        parse_files::<FrontMatter>(files).map_err(|errors| name_the_example(errors, files))?;
    let original = original_index(&parsed, load.config);
    let shared = shared_fields(&parsed[original], &mut errors);
    for (index, file_parsed) in parsed.iter().enumerate() {
        check_refs(file_parsed, load, &mut errors);
        if index != original {
            check_agreement(file_parsed, &parsed[original], &mut errors);
        }
    }
    check_year_folder(&parsed[original], shared.year, &mut errors);
    let folder = shared.photo_folder();
    let photos = gallery(&parsed[original], &folder, load, &mut errors);
    let mut files = OwnerFiles {
        photos,
        attachments: Vec::new(),
    };
    listed_attachments(&parsed, &folder, load, (&mut files, &mut errors));
    Ok(Outline {
        key: key.to_string(),
        parsed,
        original,
        shared,
        files,
        errors,
    })
}

impl<'a> Outline<'a> {
    /// Whether the version at `index` is marked `draft: true` (or inherits
    /// it), or still has fields marked to translate.
    fn is_draft(&self, index: usize) -> bool {
        self.parsed[index].is_draft(&self.parsed[self.original])
    }

    /// The files of this article with fields still marked to translate.
    fn marked(&self) -> Vec<MarkedFile> {
        marked_files(&self.parsed, &self.key, Some(self.shared.year))
    }

    /// What a body may link to: this article's place and bodies.
    pub fn target(&self) -> (String, Target<'a>) {
        let place = Place::Article {
            year: self.shared.year,
            slug: self.shared.slug.clone(),
        };
        let bodies = self.parsed.iter();
        let bodies = bodies.map(|p| (p.file.lang.clone(), Headings::Source(p.body)));
        let bodies = bodies.collect();
        (self.key.clone(), Target { place, bodies })
    }

    /// The slugs of the speakers of every version.
    pub fn speaker_slugs(&self) -> impl Iterator<Item = String> + '_ {
        let speakers = self
            .parsed
            .iter()
            .flat_map(|p| p.fm.speakers.iter().flatten());
        speakers.map(|speaker| slugify(&speaker.name))
    }

    /// Whether the article will be published: a version is not a draft, or
    /// drafts are shown.
    pub fn is_shown(&self, show_drafts: bool) -> bool {
        show_drafts || (0..self.parsed.len()).any(|index| !self.is_draft(index))
    }
}

/// Renders the bodies of an outline with every link final (pass two) and
/// builds the article.
pub fn finish(
    outline: Outline<'_>,
    load: &LoadContext<'_>,
    targets: &LinkTargets<'_>,
) -> Result<Built, Errors> {
    let mut bodies = Bodies {
        outline: &outline,
        load,
        targets,
        files: outline.files.clone(),
        errors: Errors::default(),
        warnings: Vec::new(),
    };
    let mut versions = BTreeMap::new();
    let mut draft_left_out = false;
    for index in 0..outline.parsed.len() {
        let version = bodies.version(index);
        if !outline.is_draft(index) || load.drafts {
            versions.insert(outline.parsed[index].file.lang.clone(), version);
        } else {
            draft_left_out |= outline.parsed[index].marked.is_empty();
        }
    }
    let marked = outline.marked();
    let Bodies {
        files,
        errors: body_errors,
        warnings,
        ..
    } = bodies;
    let mut errors = outline.errors;
    errors.extend(body_errors);
    if !errors.is_empty() {
        let files = outline.parsed.iter().map(|parsed| parsed.file);
        return Err(name_the_example(errors, files));
    }
    let shared = outline.shared;
    let article = (!versions.is_empty()).then_some(Article {
        key: outline.key,
        slug: shared.slug,
        year: shared.year,
        date: shared.date,
        units: shared.units,
        tasks_year: shared.tasks_year,
        photos: files.photos,
        attachments: files.attachments,
        versions,
    });
    Ok(Built {
        article,
        warnings,
        draft_left_out,
        marked,
    })
}
