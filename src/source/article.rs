//! Turns the files of one article (its language versions) into a validated
//! [`Article`]: front matter checked field by field, translations merged with
//! their original, photos resolved inside `content/`, bodies rendered.
//!
//! Uses: error, lang, config, yaml, front_matter, markdown, slug, text, model, urls.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::model::Config;
use crate::model::{Article, Date, MarkedField, MarkedFile, Photo, Role, Speaker, Version};
use crate::slug::slugify;
use crate::source::body::{
    self, add_photo, list_attachment, resolve_file, BodyContext, BodyText, NewPhoto, OwnerFiles,
    RenderedBody,
};
use crate::source::front_matter::{self, FrontMatter, RawPhoto, RawRole, RawSpeaker};
use crate::source::markers;
use crate::source::targets::{LinkTargets, Place, Target};
use crate::source::yaml;

pub use crate::source::body::normalize;
use crate::urls::Urls;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// One Markdown file of an article, read and cleaned.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root (`content/2021/a/index.vi.md`).
    pub path: PathBuf,
    pub lang: Lang,
    pub text: String,
}

/// What every article is checked against.
pub struct Checks<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    /// The ids of units.yaml; `None` when it could not be read (ids are then not checked).
    pub unit_ids: Option<&'a HashSet<String>>,
    pub urls: &'a Urls,
    pub drafts: bool,
    /// Regular files of `content/` that the whole load's walk reached
    /// without following a link (relative to the root): a path written in
    /// an article that names one of them needs no check on disk.
    pub files: Option<&'a HashSet<PathBuf>>,
}

/// A file whose front matter parsed.
struct Parsed<'a> {
    file: &'a SourceFile,
    fm: FrontMatter,
    yaml: &'a str,
    yaml_line: usize,
    body: &'a str,
    body_line: usize,
    /// The fields still marked to translate.
    marked: Vec<MarkedField>,
}

impl Parsed<'_> {
    /// An error at the place where `key` (and `value`) is written.
    fn error(&self, key: &str, value: Option<&str>, message: impl Into<Message>) -> Error {
        let (line, col) = yaml::locate(self.yaml, key, value);
        Error::at(&self.file.path, line + self.yaml_line - 1, col, message)
    }
}

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
pub struct Draft<'a> {
    key: String,
    parsed: Vec<Parsed<'a>>,
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

/// Parses every file of one article or page with `parse`: the parsed
/// files and the errors found (unknown fields among them), or every error
/// when a file does not parse.
pub(crate) fn parse_files<'a, T>(
    files: &'a [SourceFile],
    parse: impl Fn(&'a SourceFile) -> Result<(T, Vec<Error>), Vec<Error>>,
) -> Result<(Vec<T>, Errors), Errors> {
    let mut errors = Errors::default();
    let mut parsed = Vec::with_capacity(files.len());
    for file in files {
        match parse(file) {
            Ok((file_parsed, unknown)) => {
                unknown.into_iter().for_each(|e| errors.push(e));
                parsed.push(file_parsed);
            }
            Err(e) => e.into_iter().for_each(|e| errors.push(e)),
        }
    }
    if parsed.len() < files.len() {
        return Err(errors);
    }
    Ok((parsed, errors))
}

/// Parses the files of one article and checks its front matter (pass one).
pub fn read<'a>(
    key: &str,
    files: &'a [SourceFile],
    checks: &Checks<'_>,
) -> Result<Draft<'a>, Errors> {
    let (parsed, mut errors) = parse_files(files, parse)?;
    let original = original_index(&parsed, checks.config);
    let shared = shared_fields(&parsed[original], &mut errors);
    for (index, file_parsed) in parsed.iter().enumerate() {
        check_refs(file_parsed, checks, &mut errors);
        if index != original {
            check_agreement(file_parsed, &parsed[original], &mut errors);
        }
    }
    check_year_folder(&parsed[original], shared.year, &mut errors);
    let photos = gallery_photos(&parsed[original], &shared, checks, &mut errors);
    let mut files = OwnerFiles {
        photos,
        attachments: Vec::new(),
    };
    listed_attachments(&parsed, &shared, checks, (&mut files, &mut errors));
    Ok(Draft {
        key: key.to_string(),
        parsed,
        original,
        shared,
        files,
        errors,
    })
}

/// An article in a folder named after a year (`content/2026/...`) must be
/// of that year.
fn check_year_folder(original: &Parsed<'_>, year: i32, errors: &mut Errors) {
    let mut parts = original.file.path.components().map(|c| c.as_os_str());
    let folder = parts.nth(1).and_then(|f| f.to_str()).unwrap_or("");
    let is_year = folder.len() == 4 && folder.bytes().all(|b| b.is_ascii_digit());
    if !is_year || parts.next().is_none() || folder.parse() == Ok(year) || year == 1 {
        return;
    }
    let key = if original.fm.year.is_some() {
        "year"
    } else {
        "date"
    };
    let message = Message::new("year_folder_mismatch")
        .arg("folder", folder)
        .arg("year", year);
    let hint = Message::new("year_folder_hint")
        .arg("folder", folder)
        .arg("year", year);
    errors.push(original.error(key, None, message).with_hint(hint));
}

/// The files that `attachments:` lists in each version, with their titles.
fn listed_attachments(
    parsed: &[Parsed<'_>],
    shared: &Shared,
    checks: &Checks<'_>,
    (files, errors): (&mut OwnerFiles, &mut Errors),
) {
    let folder = shared.photo_folder();
    for file_parsed in parsed {
        let from = (file_parsed.file.path.as_path(), &file_parsed.file.lang);
        for raw in file_parsed.fm.attachments.iter().flatten() {
            let listed = list_attachment(&mut files.attachments, &folder, from, raw, checks);
            if let Err(message) = listed {
                errors.push(file_parsed.error("file", Some(&raw.file), message));
            }
        }
    }
}

impl<'a> Draft<'a> {
    /// Whether the version at `index` is marked `draft: true` (or inherits
    /// it), or still has fields marked to translate.
    fn is_draft(&self, index: usize) -> bool {
        let original = &self.parsed[self.original].fm;
        let parsed = &self.parsed[index];
        !parsed.marked.is_empty() || parsed.fm.draft.or(original.draft).unwrap_or(false)
    }

    /// The files of this article with fields still marked to translate.
    fn marked(&self) -> Vec<MarkedFile> {
        let marked = self.parsed.iter().filter(|p| !p.marked.is_empty());
        marked
            .map(|p| marked_file(p.file, &self.key, Some(self.shared.year), &p.marked))
            .collect()
    }

    /// What a body may link to: this article's place and bodies.
    pub fn target(&self) -> (String, Target<'a>) {
        let place = Place::Article {
            year: self.shared.year,
            slug: self.shared.slug.clone(),
        };
        let bodies = self.parsed.iter();
        let bodies = bodies.map(|p| (p.file.lang.clone(), p.body)).collect();
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

/// Renders the bodies of a draft with every link final (pass two) and
/// builds the article.
pub fn finish(
    draft: Draft<'_>,
    checks: &Checks<'_>,
    targets: &LinkTargets<'_>,
) -> Result<Built, Errors> {
    let mut bodies = Bodies {
        draft: &draft,
        checks,
        targets,
        files: draft.files.clone(),
        errors: Errors::default(),
        warnings: Vec::new(),
    };
    let mut versions = BTreeMap::new();
    let mut draft_left_out = false;
    for index in 0..draft.parsed.len() {
        let version = bodies.version(index);
        if !draft.is_draft(index) || checks.drafts {
            versions.insert(draft.parsed[index].file.lang.clone(), version);
        } else {
            draft_left_out |= draft.parsed[index].marked.is_empty();
        }
    }
    let marked = draft.marked();
    let Bodies {
        files,
        errors: body_errors,
        warnings,
        ..
    } = bodies;
    let mut errors = draft.errors;
    errors.extend(body_errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let shared = draft.shared;
    let article = (!versions.is_empty()).then_some(Article {
        key: draft.key,
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

fn parse(file: &SourceFile) -> Result<(Parsed<'_>, Vec<Error>), Vec<Error>> {
    let split = front_matter::split(&file.text, &file.path).map_err(|e| vec![e])?;
    let (fm, unknown) = front_matter::parse(&split, &file.path)?;
    let parsed = Parsed {
        file,
        fm,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        body: split.body,
        body_line: split.body_line,
        marked: markers::find(split.yaml, split.yaml_line, split.body, split.body_line),
    };
    Ok((parsed, unknown))
}

/// A file of the article or page `key` (of `year`, for an article) with
/// the fields still marked to translate.
pub(crate) fn marked_file(
    file: &SourceFile,
    key: &str,
    year: Option<i32>,
    fields: &[MarkedField],
) -> MarkedFile {
    MarkedFile {
        path: file.path.clone(),
        key: key.to_string(),
        lang: file.lang.clone(),
        year,
        fields: fields.to_vec(),
    }
}

/// The default-language file, else the first in the site's language order.
fn original_index(parsed: &[Parsed<'_>], config: &Config) -> usize {
    config
        .languages
        .iter()
        .find_map(|lang| parsed.iter().position(|p| &p.file.lang == lang))
        .unwrap_or(0)
}

/// The shared fields; after an error, placeholders let the other checks run.
fn shared_fields(parsed: &Parsed<'_>, errors: &mut Errors) -> Shared {
    if parsed
        .fm
        .title
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        errors.push(
            Error::at(
                &parsed.file.path,
                parsed.yaml_line,
                1,
                Message::new("missing_title"),
            )
            .with_hint(Message::new("title_example")),
        );
    }
    let date = match &parsed.fm.date {
        None => {
            errors.push(
                Error::at(
                    &parsed.file.path,
                    parsed.yaml_line,
                    1,
                    Message::new("missing_date"),
                )
                .with_hint(Message::new("date_example")),
            );
            None
        }
        Some(text) => parse_date(text)
            .map_err(|m| {
                let error = parsed.error("date", Some(text.trim()), m);
                errors.push(error.with_hint(Message::new("date_format")));
            })
            .ok(),
    }
    .unwrap_or(Date {
        year: 1,
        month: 1,
        day: 1,
        rfc3339: String::new(),
    });
    let year = parsed.fm.year.unwrap_or(date.year);
    let slug = slug_of(parsed, errors).unwrap_or_else(|| "article".to_string());
    Shared {
        slug,
        year,
        tasks_year: parsed.fm.tasks_year.unwrap_or(year + 1),
        units: parsed.fm.units.clone().unwrap_or_default(),
        date,
    }
}

fn slug_of(parsed: &Parsed<'_>, errors: &mut Errors) -> Option<String> {
    let name = parsed
        .file
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let default = if name.starts_with("index.") || name == "index.md" {
        parsed
            .file
            .path
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("")
    } else {
        crate::lang::split_markdown_name(name).map_or("", |(stem, _)| stem)
    };
    let slug = slugify(parsed.fm.slug.as_deref().unwrap_or(default));
    if slug.is_empty() {
        errors.push(
            parsed
                .error("slug", None, Message::new("empty_slug"))
                .with_hint(Message::new("slug_example")),
        );
        return None;
    }
    Some(slug)
}

/// Parses `YYYY-MM-DD`, RFC 3339 (`2021-12-10T14:00:00+07:00`), or a date
/// and time without offset (`2021-12-10 14:00`, taken as UTC).
pub fn parse_date(text: &str) -> Result<Date, Message> {
    use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
    let text = text.trim();
    let date = |d: NaiveDate, rfc3339: String| Date {
        year: d.year(),
        month: d.month(),
        day: d.day(),
        rfc3339,
    };
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date(d, format!("{}T00:00:00Z", d.format("%Y-%m-%d"))));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(date(dt.date_naive(), dt.to_rfc3339()));
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok());
    match naive {
        Some(dt) => Ok(date(
            dt.date(),
            format!("{}Z", dt.format("%Y-%m-%dT%H:%M:%S")),
        )),
        None => Err(Message::new("invalid_date").arg("date", text)),
    }
}

/// Unit ids in `units`, `speakers` and `roles` must exist in units.yaml.
fn check_refs(parsed: &Parsed<'_>, checks: &Checks<'_>, errors: &mut Errors) {
    for speaker in parsed.fm.speakers.iter().flatten() {
        if slugify(&speaker.name).is_empty() {
            let message = Message::new("empty_speaker_name");
            errors.push(parsed.error("name", Some(&speaker.name), message));
        }
    }
    let Some(unit_ids) = checks.unit_ids else {
        return;
    };
    let mut known: Vec<&str> = unit_ids.iter().map(String::as_str).collect();
    known.sort_unstable();
    let mut check = |key: &str, id: &str| {
        if !unit_ids.contains(id) {
            let hint = if known.is_empty() {
                Message::new("add_unit")
            } else {
                yaml::did_you_mean(id, &known)
            };
            errors.push(
                parsed
                    .error(key, Some(id), Message::new("unknown_unit").arg("id", id))
                    .with_hint(hint),
            );
        }
    };
    parsed
        .fm
        .units
        .iter()
        .flatten()
        .for_each(|id| check("units", id));
    parsed
        .fm
        .speakers
        .iter()
        .flatten()
        .filter_map(|s| s.unit.as_deref())
        .for_each(|id| check("unit", id));
    parsed
        .fm
        .roles
        .iter()
        .flatten()
        .for_each(|r| check("unit", &r.unit));
}

/// A translation may not contradict the original's structured fields.
fn check_agreement(translation: &Parsed<'_>, original: &Parsed<'_>, errors: &mut Errors) {
    let orig = crate::error::display_path(&original.file.path);
    let mut differ = |key: &str, same: bool| {
        if !same {
            errors.push(
                translation
                    .error(
                        key,
                        None,
                        Message::new("differs_from_original")
                            .arg("key", key)
                            .arg("original", &orig),
                    )
                    .with_hint(Message::new("remove_from_translation").arg("key", key)),
            );
        }
    };
    let dates_equal = match (&translation.fm.date, &original.fm.date) {
        (Some(a), Some(b)) => parse_date(a)
            .ok()
            .zip(parse_date(b).ok())
            .is_none_or(|(a, b)| a == b),
        (Some(_), None) => true,
        _ => true,
    };
    differ("date", dates_equal);
    differ(
        "year",
        translation.fm.year.is_none()
            || translation.fm.year
                == original.fm.year.or_else(|| {
                    original
                        .fm
                        .date
                        .as_deref()
                        .and_then(|d| parse_date(d).ok())
                        .map(|d| d.year)
                }),
    );
    differ(
        "units",
        translation.fm.units.is_none() || translation.fm.units == original.fm.units,
    );
    differ(
        "tasks_year",
        translation.fm.tasks_year.is_none() || translation.fm.tasks_year == original.fm.tasks_year,
    );
    differ(
        "slug",
        translation.fm.slug.is_none()
            || translation.fm.slug.as_deref().map(slugify)
                == original.fm.slug.as_deref().map(slugify)
            || original.fm.slug.is_none(),
    );
    let files = |ps: &Option<Vec<RawPhoto>>| {
        ps.as_ref()
            .map(|v| v.iter().map(|p| p.file.clone()).collect::<Vec<_>>())
    };
    differ(
        "photos",
        translation.fm.photos.is_none()
            || files(&translation.fm.photos) == files(&original.fm.photos).or(Some(vec![])),
    );
    let role_keys = |rs: &Option<Vec<crate::source::front_matter::RawRole>>| {
        rs.as_ref().map(|v| {
            v.iter()
                .map(|r| (r.unit.clone(), r.year))
                .collect::<Vec<_>>()
        })
    };
    differ(
        "roles",
        translation.fm.roles.is_none()
            || role_keys(&translation.fm.roles) == role_keys(&original.fm.roles).or(Some(vec![])),
    );
}

fn gallery_photos(
    parsed: &Parsed<'_>,
    shared: &Shared,
    checks: &Checks<'_>,
    errors: &mut Errors,
) -> Vec<Photo> {
    let mut photos: Vec<Photo> = Vec::new();
    for raw in parsed.fm.photos.iter().flatten() {
        if raw.caption.trim().is_empty() {
            errors.push(parsed.error(
                "caption",
                None,
                Message::new("empty_caption").arg("file", &raw.file),
            ));
        }
        let path = &parsed.file.path;
        match resolve_file(path, &raw.file, checks, Message::new("what_photo")) {
            Ok(source) => {
                let (line, col) = yaml::locate(parsed.yaml, "file", Some(&raw.file));
                let photo = NewPhoto {
                    source,
                    in_gallery: true,
                    named_at: (path.clone(), line + parsed.yaml_line - 1, col),
                };
                add_photo(&mut photos, &shared.photo_folder(), photo);
            }
            Err(message) => errors.push(parsed.error("file", Some(&raw.file), message)),
        }
    }
    photos
}

/// The second pass over one draft: its versions, each with its body
/// rendered, the photos its bodies show added to the gallery's.
struct Bodies<'a> {
    draft: &'a Draft<'a>,
    checks: &'a Checks<'a>,
    targets: &'a LinkTargets<'a>,
    files: OwnerFiles,
    errors: Errors,
    warnings: Vec<Error>,
}

impl Bodies<'_> {
    /// The version of the file at `index`, its body rendered.
    fn version(&mut self, index: usize) -> Version {
        let draft = self.draft;
        let file_parsed = &draft.parsed[index];
        let body = self.render_body(file_parsed);
        let mut version = fields(file_parsed, &draft.parsed[draft.original]);
        version.summary =
            given(&file_parsed.fm.summary).unwrap_or_else(|| shorten(&body.first_paragraph, 300));
        version.body_markdown = file_parsed.body.to_string();
        version.body = body.body;
        version
    }

    /// Renders the body of `file_parsed` for its own page.
    fn render_body(&mut self, file_parsed: &Parsed<'_>) -> RenderedBody {
        let shared = &self.draft.shared;
        let lang = &file_parsed.file.lang;
        let page = (self.checks.urls).article(lang, shared.year, &shared.slug);
        let text = BodyText {
            path: &file_parsed.file.path,
            lang,
            body: file_parsed.body,
            body_line: file_parsed.body_line,
        };
        let context = BodyContext {
            checks: self.checks,
            targets: self.targets,
            photo_folder: &shared.photo_folder(),
            page: &page,
        };
        let (errors, warnings) = (&mut self.errors, &mut self.warnings);
        body::render(text, &context, &mut self.files, errors, warnings)
    }
}

/// An empty text (`venue: ""`, as `kyyeu new` writes it) counts as absent.
fn given(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::text::nfc(t))
}

/// The version's fields from the front matter of its file, else of the
/// original; the body and summary are left empty.
fn fields(file_parsed: &Parsed<'_>, original: &Parsed<'_>) -> Version {
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

/// At most `max` characters, cut at a word boundary, with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        let rfc = |t: &str| parse_date(t).map(|d| d.rfc3339);
        assert_eq!(rfc("2021-12-10"), Ok("2021-12-10T00:00:00Z".to_string()));
        assert_eq!(
            rfc("2021-12-10T14:00:00+07:00"),
            Ok("2021-12-10T14:00:00+07:00".to_string())
        );
        assert_eq!(
            rfc("2021-12-10 14:30"),
            Ok("2021-12-10T14:30:00Z".to_string())
        );
        assert!(parse_date("2021-13-45").is_err());
        assert!(parse_date("10/12/2021").is_err());
    }
}
