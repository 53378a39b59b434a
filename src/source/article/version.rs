//! The second pass over an article: each version's fields, from its own
//! front matter or inherited from the original, and its body rendered with
//! every link final.
//!
//! Uses: error, model, slug, words, context, front_matter, parsed, body, targets,
//! article, text.

use super::Outline;
use crate::error::{Error, Errors};
use crate::model::{Role, Speaker, Version};
use crate::slug::slugify;
use crate::source::body::{self, BodyContext, BodyText, OwnerFiles, RenderedBody};
use crate::source::context::LoadContext;
use crate::source::front_matter::{FrontMatter, RawRole, RawSpeaker};
use crate::source::parsed::{given, summary, Parsed};
use crate::source::targets::LinkTargets;

/// A file of an article, its front matter parsed.
type File<'a> = Parsed<'a, FrontMatter>;

/// The second pass over one outline: its versions, each with its body
/// rendered, the photos its bodies show added to the gallery's.
pub(super) struct Bodies<'a> {
    pub outline: &'a Outline<'a>,
    pub load: &'a LoadContext<'a>,
    pub targets: &'a LinkTargets<'a>,
    pub files: OwnerFiles,
    pub errors: Errors,
    pub warnings: Vec<Error>,
}

impl Bodies<'_> {
    /// The version of the file at `index`, its body rendered.
    pub fn version(&mut self, index: usize) -> Version {
        let outline = self.outline;
        let file_parsed = &outline.parsed[index];
        let body = self.render_body(file_parsed);
        let mut version = fields(file_parsed, &outline.parsed[outline.original]);
        version.summary = summary(&file_parsed.fm.summary, &body.first_paragraph);
        version.search = crate::words::terms_of(&version, &body.text);
        // Only the PDF yearbooks read the source again: without them, a
        // large site does not keep every body twice.
        if self.load.config.pdf.is_some() {
            version.body_markdown = file_parsed.body.to_string();
        }
        version.body = body.body;
        version
    }

    /// Renders the body of `file_parsed` for its own page.
    fn render_body(&mut self, file_parsed: &File<'_>) -> RenderedBody {
        let shared = &self.outline.shared;
        let lang = &file_parsed.file.lang;
        let page = (self.load.urls).article(lang, shared.year, &shared.slug);
        let text = BodyText {
            path: &file_parsed.file.path,
            lang,
            body: file_parsed.body,
            body_line: file_parsed.body_line,
        };
        let context = BodyContext {
            load: self.load,
            targets: self.targets,
            photo_folder: &shared.photo_folder(),
            page: &page,
        };
        let (errors, warnings) = (&mut self.errors, &mut self.warnings);
        body::render(text, &context, &mut self.files, errors, warnings)
    }
}

/// The version's fields from the front matter of its file, else of the
/// original; the body and summary are left empty.
fn fields(file_parsed: &File<'_>, original: &File<'_>) -> Version {
    let (fm, original_fm) = (&file_parsed.fm, &original.fm);
    let pick = |a: &Option<String>, b: &Option<String>| given(a).or_else(|| given(b));
    Version {
        lang: file_parsed.file.lang.clone(),
        path: file_parsed.file.path.clone(),
        title: pick(&fm.title, &original_fm.title).unwrap_or_default(),
        summary: String::new(),
        venue: pick(&fm.venue, &original_fm.venue),
        speakers: speakers(fm.speakers.as_ref().or(original_fm.speakers.as_ref())),
        captions: fm
            .photos
            .as_ref()
            .or(original_fm.photos.as_ref())
            .into_iter()
            .flatten()
            .map(|photo| crate::text::nfc(&photo.caption))
            .collect(),
        tasks: fm
            .tasks
            .as_ref()
            .or(original_fm.tasks.as_ref())
            .into_iter()
            .flatten()
            .map(|task| crate::text::nfc(task))
            .collect(),
        roles: roles(fm.roles.as_ref().or(original_fm.roles.as_ref())),
        author: pick(&fm.author, &original_fm.author),
        source: pick(&fm.source, &original_fm.source),
        body_markdown: String::new(),
        body: crate::model::Body::default(),
        search: crate::model::SearchTerms::default(),
    }
}

fn speakers(raw: Option<&Vec<RawSpeaker>>) -> Vec<Speaker> {
    raw.into_iter()
        .flatten()
        .map(|speaker| Speaker {
            name: crate::text::nfc(&speaker.name),
            slug: slugify(&speaker.name),
            role: speaker.role.as_ref().map(|role| crate::text::nfc(role)),
            unit: speaker.unit.clone(),
        })
        .collect()
}

fn roles(raw: Option<&Vec<RawRole>>) -> Vec<Role> {
    raw.into_iter()
        .flatten()
        .map(|office| Role {
            unit: office.unit.clone(),
            role: crate::text::nfc(&office.role),
            year: office.year,
        })
        .collect()
}
