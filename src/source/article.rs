//! Turns the files of one article (its language versions) into a validated
//! [`Article`]: front matter checked field by field, translations merged with
//! their original, photos resolved inside `content/`, bodies rendered.
//!
//! Uses: error, lang, config, yaml, front_matter, markdown, slug, text, model, urls.

use crate::error::{Error, Errors, Message};
use crate::lang::Lang;
use crate::markdown::{self, ImageLink};
use crate::model::{Article, Date, Photo, Role, Speaker, Version};
use crate::slug::slugify;
use crate::source::config::Config;
use crate::source::front_matter::{self, FrontMatter, RawPhoto};
use crate::source::yaml;
use crate::urls::{root_of, Urls};
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

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

/// Builds the article from its files; `Ok(None)` when every version is a draft.
pub fn build(
    key: &str,
    files: &[SourceFile],
    checks: &Checks<'_>,
) -> Result<Option<Article>, Errors> {
    let mut errors = Errors::default();
    let parsed: Vec<Parsed<'_>> = files
        .iter()
        .filter_map(|f| match parse(f) {
            Ok((parsed, unknown)) => {
                unknown.into_iter().for_each(|e| errors.push(e));
                Some(parsed)
            }
            Err(e) => {
                e.into_iter().for_each(|e| errors.push(e));
                None
            }
        })
        .collect();
    if parsed.len() < files.len() {
        return Err(errors);
    }
    let original = original_index(&parsed, checks.config);
    let shared = shared_fields(&parsed[original], &mut errors);
    for (i, p) in parsed.iter().enumerate() {
        check_refs(p, checks, &mut errors);
        if i != original {
            check_agreement(p, &parsed[original], &mut errors);
        }
    }
    let mut photos = gallery_photos(&parsed[original], &shared, checks, &mut errors);
    let mut versions = BTreeMap::new();
    for p in &parsed {
        let draft = p.fm.draft.or(parsed[original].fm.draft).unwrap_or(false);
        let version = version(
            p,
            &parsed[original],
            &shared,
            &mut photos,
            checks,
            &mut errors,
        );
        if !draft || checks.drafts {
            versions.insert(p.file.lang.clone(), version);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((!versions.is_empty()).then(|| Article {
        key: key.to_string(),
        slug: shared.slug,
        year: shared.year,
        date: shared.date,
        units: shared.units,
        tasks_year: shared.tasks_year,
        photos,
        versions,
    }))
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
    };
    Ok((parsed, unknown))
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
fn shared_fields(p: &Parsed<'_>, errors: &mut Errors) -> Shared {
    if p.fm.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        errors.push(
            Error::at(&p.file.path, p.yaml_line, 1, Message::new("missing_title"))
                .with_hint(Message::new("title_example")),
        );
    }
    let date = match &p.fm.date {
        None => {
            errors.push(
                Error::at(&p.file.path, p.yaml_line, 1, Message::new("missing_date"))
                    .with_hint(Message::new("date_example")),
            );
            None
        }
        Some(text) => parse_date(text)
            .map_err(|m| {
                let error = p.error("date", Some(text.trim()), m);
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
    let year = p.fm.year.unwrap_or(date.year);
    let slug = slug_of(p, errors).unwrap_or_else(|| "article".to_string());
    Shared {
        slug,
        year,
        tasks_year: p.fm.tasks_year.unwrap_or(year + 1),
        units: p.fm.units.clone().unwrap_or_default(),
        date,
    }
}

fn slug_of(p: &Parsed<'_>, errors: &mut Errors) -> Option<String> {
    let name = p
        .file
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let default = if name.starts_with("index.") || name == "index.md" {
        p.file
            .path
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("")
    } else {
        crate::lang::split_markdown_name(name).map_or("", |(stem, _)| stem)
    };
    let slug = slugify(p.fm.slug.as_deref().unwrap_or(default));
    if slug.is_empty() {
        errors.push(
            p.error("slug", None, Message::new("empty_slug"))
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
fn check_refs(p: &Parsed<'_>, checks: &Checks<'_>, errors: &mut Errors) {
    for s in p.fm.speakers.iter().flatten() {
        if slugify(&s.name).is_empty() {
            errors.push(p.error("name", Some(&s.name), Message::new("empty_speaker_name")));
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
                p.error(key, Some(id), Message::new("unknown_unit").arg("id", id))
                    .with_hint(hint),
            );
        }
    };
    p.fm.units
        .iter()
        .flatten()
        .for_each(|id| check("units", id));
    p.fm.speakers
        .iter()
        .flatten()
        .filter_map(|s| s.unit.as_deref())
        .for_each(|id| check("unit", id));
    p.fm.roles
        .iter()
        .flatten()
        .for_each(|r| check("unit", &r.unit));
}

/// A translation may not contradict the original's structured fields.
fn check_agreement(t: &Parsed<'_>, o: &Parsed<'_>, errors: &mut Errors) {
    let orig = crate::error::display_path(&o.file.path);
    let mut differ = |key: &str, same: bool| {
        if !same {
            errors.push(
                t.error(
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
    let dates_equal = match (&t.fm.date, &o.fm.date) {
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
        t.fm.year.is_none()
            || t.fm.year
                == o.fm.year.or_else(|| {
                    o.fm.date
                        .as_deref()
                        .and_then(|d| parse_date(d).ok())
                        .map(|d| d.year)
                }),
    );
    differ("units", t.fm.units.is_none() || t.fm.units == o.fm.units);
    differ(
        "tasks_year",
        t.fm.tasks_year.is_none() || t.fm.tasks_year == o.fm.tasks_year,
    );
    differ(
        "slug",
        t.fm.slug.is_none()
            || t.fm.slug.as_deref().map(slugify) == o.fm.slug.as_deref().map(slugify)
            || o.fm.slug.is_none(),
    );
    let files = |ps: &Option<Vec<RawPhoto>>| {
        ps.as_ref()
            .map(|v| v.iter().map(|p| p.file.clone()).collect::<Vec<_>>())
    };
    differ(
        "photos",
        t.fm.photos.is_none() || files(&t.fm.photos) == files(&o.fm.photos).or(Some(vec![])),
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
        t.fm.roles.is_none() || role_keys(&t.fm.roles) == role_keys(&o.fm.roles).or(Some(vec![])),
    );
}

/// Resolves a file path written in `p` (relative to the file) to a path
/// relative to the site root, inside `content/`, naming an existing file.
/// `what` names the file in messages (a photo, a linked article).
fn resolve_file(
    p: &Parsed<'_>,
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
    let dir = p.file.path.parent().unwrap_or(Path::new(""));
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
    for c in path.components() {
        match c {
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

fn gallery_photos(
    p: &Parsed<'_>,
    shared: &Shared,
    checks: &Checks<'_>,
    errors: &mut Errors,
) -> Vec<Photo> {
    let mut photos: Vec<Photo> = Vec::new();
    for raw in p.fm.photos.iter().flatten() {
        if raw.caption.trim().is_empty() {
            errors.push(p.error(
                "caption",
                None,
                Message::new("empty_caption").arg("file", &raw.file),
            ));
        }
        match resolve_file(p, &raw.file, checks, Message::new("what_photo")) {
            Ok(source) => {
                let (line, col) = yaml::locate(p.yaml, "file", Some(&raw.file));
                add_photo(
                    &mut photos,
                    source,
                    shared,
                    true,
                    (p.file.path.clone(), line + p.yaml_line - 1, col),
                );
            }
            Err(message) => errors.push(p.error("file", Some(&raw.file), message)),
        }
    }
    photos
}

/// Adds a photo unless its source is there already; returns its output stem.
fn add_photo(
    photos: &mut Vec<Photo>,
    source: PathBuf,
    shared: &Shared,
    in_gallery: bool,
    named_at: (PathBuf, usize, usize),
) -> String {
    if let Some(existing) = photos.iter().find(|ph| ph.source == source) {
        return existing.output_stem.clone();
    }
    let base = slugify(
        source
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("photo"),
    );
    let base = if base.is_empty() {
        "photo".to_string()
    } else {
        base
    };
    let mut stem = format!("{}/{}/{base}", shared.year, shared.slug);
    let mut n = 2;
    while photos.iter().any(|ph| ph.output_stem == stem) {
        stem = format!("{}/{}/{base}-{n}", shared.year, shared.slug);
        n += 1;
    }
    photos.push(Photo {
        source,
        output_stem: stem.clone(),
        in_gallery,
        named_at,
    });
    stem
}

fn version(
    p: &Parsed<'_>,
    o: &Parsed<'_>,
    shared: &Shared,
    photos: &mut Vec<Photo>,
    checks: &Checks<'_>,
    errors: &mut Errors,
) -> Version {
    let nfc = |s: &String| crate::text::nfc(s);
    // An empty text (`venue: ""`, as `kyyeu new` writes it) counts as absent.
    let given = |v: &Option<String>| v.as_ref().filter(|t| !t.trim().is_empty()).map(nfc);
    let pick = |a: &Option<String>, b: &Option<String>| given(a).or_else(|| given(b));
    let page = checks.urls.article(&p.file.lang, shared.year, &shared.slug);
    let root = root_of(&page);
    let rendered = {
        let mut resolver = BodyResolver {
            p,
            shared,
            photos,
            checks,
            root,
        };
        markdown::render(p.body, &mut resolver, checks.config.trusted_html)
    };
    for problem in &rendered.problems {
        let (line, col) = line_col(p.body, problem.offset);
        errors.push(Error::at(
            &p.file.path,
            line + p.body_line - 1,
            col,
            problem.message.clone(),
        ));
    }
    let photos_fm = p.fm.photos.as_ref().or(o.fm.photos.as_ref());
    Version {
        lang: p.file.lang.clone(),
        path: p.file.path.clone(),
        title: pick(&p.fm.title, &o.fm.title).unwrap_or_default(),
        summary: given(&p.fm.summary).unwrap_or_else(|| shorten(&rendered.first_paragraph, 300)),
        venue: pick(&p.fm.venue, &o.fm.venue),
        speakers: p
            .fm
            .speakers
            .as_ref()
            .or(o.fm.speakers.as_ref())
            .into_iter()
            .flatten()
            .map(|s| Speaker {
                name: nfc(&s.name),
                slug: slugify(&s.name),
                role: s.role.as_ref().map(nfc),
                unit: s.unit.clone(),
            })
            .collect(),
        captions: photos_fm
            .into_iter()
            .flatten()
            .map(|ph| nfc(&ph.caption))
            .collect(),
        tasks: p
            .fm
            .tasks
            .as_ref()
            .or(o.fm.tasks.as_ref())
            .into_iter()
            .flatten()
            .map(nfc)
            .collect(),
        roles: p
            .fm
            .roles
            .as_ref()
            .or(o.fm.roles.as_ref())
            .into_iter()
            .flatten()
            .map(|r| Role {
                unit: r.unit.clone(),
                role: nfc(&r.role),
                year: r.year,
            })
            .collect(),
        author: pick(&p.fm.author, &o.fm.author),
        source: pick(&p.fm.source, &o.fm.source),
        body_html: rendered.html,
        body_markdown: p.body.to_string(),
    }
}

/// Resolves the body's relative paths: images become published photos,
/// links to Markdown files become [`LINK_MARKER`]s that `load` turns into
/// URLs once every article is known.
struct BodyResolver<'a, 'b> {
    p: &'a Parsed<'b>,
    shared: &'a Shared,
    photos: &'a mut Vec<Photo>,
    checks: &'a Checks<'a>,
    root: String,
}

/// The scheme of a link to another article before its key is resolved:
/// `kyyeu-article:<line>:<key>`, found only inside `href="..."`.
pub const LINK_SCHEME: &str = "kyyeu-article";
const LINK_MARKER: &str = "href=\"kyyeu-article:";

impl markdown::Resolve for BodyResolver<'_, '_> {
    fn image(&mut self, dest: &str, offset: usize) -> ImageLink {
        match resolve_file(self.p, dest, self.checks, Message::new("what_photo")) {
            Ok(source) => {
                let (line, col) = line_col(self.p.body, offset);
                let named_at = (self.p.file.path.clone(), line + self.p.body_line - 1, col);
                let stem = add_photo(self.photos, source, self.shared, false, named_at);
                ImageLink::Url(format!("{}{}", self.root, Urls::photo(&stem, None)))
            }
            Err(message) => ImageLink::Invalid(message),
        }
    }

    fn markdown_link(&mut self, dest: &str, offset: usize) -> Result<String, Message> {
        let (path, fragment) = dest.split_once('#').map_or((dest, ""), |(p, f)| (p, f));
        let what = Message::new("what_linked_article");
        let file = resolve_file(self.p, path, self.checks, what)?;
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stem = crate::lang::split_markdown_name(name).map_or(name, |(stem, _)| stem);
        let key = crate::error::display_path(&file.with_file_name(stem));
        let fragment = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        };
        let line = line_col(self.p.body, offset).0 + self.p.body_line - 1;
        Ok(format!("{LINK_SCHEME}:{line}:{key}{fragment}"))
    }
}

/// A 1-based (line, column) of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// At most `max` characters, cut at a word boundary, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// Turns the article links (see [`LINK_SCHEME`]) of every body into relative URLs, now that
/// every article's year and slug are known. A link to an article that is not
/// published (a draft) gives a warning and points nowhere.
pub fn link_articles(articles: &mut [Article], urls: &Urls) -> Vec<Error> {
    let targets = link_targets(articles);
    let mut warnings = Vec::new();
    for article in articles.iter_mut() {
        warnings.extend(link_article(article, &targets, urls));
    }
    warnings
}

/// Article key -> (year, slug), what article links resolve against.
pub type LinkTargets = std::collections::HashMap<String, (i32, String)>;

pub fn link_targets(articles: &[Article]) -> LinkTargets {
    articles
        .iter()
        .map(|a| (a.key.clone(), (a.year, a.slug.clone())))
        .collect()
}

/// Resolves the article links of one article's bodies (see [`link_articles`]).
pub fn link_article(article: &mut Article, targets: &LinkTargets, urls: &Urls) -> Vec<Error> {
    let mut warnings = Vec::new();
    let (year, slug) = (article.year, article.slug.clone());
    for version in article
        .versions
        .values_mut()
        .filter(|v| v.body_html.contains(LINK_MARKER))
    {
        let root = root_of(&urls.article(&version.lang, year, &slug));
        let mut out = String::with_capacity(version.body_html.len());
        let mut rest = version.body_html.as_str();
        while let Some(at) = rest.find(LINK_MARKER) {
            out.push_str(&rest[..at]);
            out.push_str("href=\"");
            let after = &rest[at + LINK_MARKER.len()..];
            let end = after.find(['"', '#']).unwrap_or(after.len());
            let (line, key) = after[..end].split_once(':').unwrap_or(("1", &after[..end]));
            match targets.get(key) {
                Some((y, s)) => out.push_str(&crate::urls::link(
                    &root,
                    &urls.article(&version.lang, *y, s),
                )),
                None => {
                    let line = line.parse().unwrap_or(1);
                    let message = Message::new("link_unpublished").arg("key", key);
                    warnings.push(Error::at(&version.path, line, 1, message));
                    out.push('#');
                }
            }
            rest = &after[end..];
        }
        out.push_str(rest);
        version.body_html = out;
    }
    warnings
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
