//! What the desk's forms do: a file composed from a submitted form (its
//! front matter through `edit`, its body as typed), checked with the
//! build's own checks, previewed, saved; uploads landed in the bundle; new
//! articles and translations made as `kyyeu new` makes them.
//!
//! Uses: desk, source, document, edit, form, guard, new, error, lang, text, discover,
//! front_matter, markers, yaml, model, urls, pipeline, lib.

use super::document::{self, Document, Saved};
use super::edit::{self, Edit, EditError};
use super::form::{self, Field, Form};
use super::{guard, Desk, Reply};
use crate::error::{display_path, Error, Message};
use crate::source::yaml;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A file of the site opened by the desk.
pub(super) struct Opened {
    /// Relative to the root (`content/2021/a/index.vi.md`).
    pub rel: PathBuf,
    pub document: Document,
    pub fields: &'static [Field],
    /// Its language's code.
    pub lang: String,
    /// The original's file, for a translation.
    pub original: Option<PathBuf>,
}

/// The Markdown file a request names, read; `Err` the reply that refuses it.
pub(super) fn open(desk: &Desk, file: &str) -> Result<Opened, Reply> {
    let not_found = || {
        let message = Message::new("desk_no_such_file").arg("path", file);
        Reply::text(404, desk.say(&message))
    };
    let rel = guard::markdown_file(&desk.root, file).ok_or_else(not_found)?;
    let raw = std::fs::read(desk.root.join(&rel)).map_err(|_| not_found())?;
    let document =
        Document::parse(&raw, &rel).map_err(|e| Reply::text(422, e.render(desk.catalogue)))?;
    let config = crate::commands::new::read_config(&desk.root)
        .map_err(|f| Reply::text(500, f.render(desk.catalogue)))?;
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let code = crate::lang::split_markdown_name(name).and_then(|(_, c)| c);
    let lang = code.unwrap_or(config.default_lang().as_str()).to_string();
    let default = lang == config.default_lang().as_str();
    let original = (!default).then(|| {
        let stem = crate::lang::split_markdown_name(name).map_or("index", |(s, _)| s);
        rel.with_file_name(format!("{stem}.{}.md", config.default_lang()))
    });
    let original = original.filter(|o| desk.root.join(o).is_file());
    let fields = match () {
        _ if rel.starts_with("content/pages") => form::PAGE,
        _ if original.is_some() => form::TRANSLATION,
        _ => form::ARTICLE,
    };
    Ok(Opened {
        rel,
        document,
        fields,
        lang,
        original,
    })
}

/// The file's text with the form applied, and the fields whose comments
/// the new text does not keep.
pub(super) fn compose(opened: &Opened, form: &Form) -> Result<(String, Vec<String>), EditError> {
    let doc = &opened.document;
    let old = yaml::fields(doc.yaml()).ok_or(EditError::NotPlain)?;
    let old_of = |name: &str| old.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let edit = Edit {
        fields: (opened.fields.iter())
            .map(|f| (f.name.to_string(), form::value_of(f, form, old_of(f.name))))
            .collect(),
        keep_marked: form.all("marked").map(str::to_string).collect(),
        mark: mark_word(doc.yaml(), &opened.lang),
    };
    let order = match std::ptr::eq(opened.fields, form::PAGE) {
        true => crate::source::front_matter::PAGE_FIELDS,
        false => crate::source::front_matter::FIELDS,
    };
    let edited = edit::apply(doc.yaml(), &edit, order)?;
    let body = form.get("body").unwrap_or(doc.body());
    let body = unmark_body(body, &edit.keep_marked);
    Ok((doc.with(&edited.yaml, &body), edited.comments_dropped))
}

/// The marker word the file uses, else its language's.
fn mark_word(yaml: &str, lang: &str) -> String {
    let upper = yaml.to_uppercase();
    match () {
        _ if upper.contains("# DỊCH") => "DỊCH".to_string(),
        _ if upper.contains("# TRANSLATE") => "TRANSLATE".to_string(),
        _ if lang == "vi" => "DỊCH".to_string(),
        _ => "TRANSLATE".to_string(),
    }
}

/// The body without its marker line, unless it stays marked.
fn unmark_body(body: &str, keep: &BTreeSet<String>) -> String {
    if keep.contains("body") || !body.lines().any(crate::source::markers::is_body_marker) {
        return body.to_string();
    }
    let lines = body.split_inclusive('\n');
    lines
        .filter(|l| !crate::source::markers::is_body_marker(l))
        .collect()
}

/// The words for an edit that cannot be made.
fn edit_error(desk: &Desk, error: &EditError) -> String {
    let message = match error {
        EditError::NotPlain => Message::new("desk_not_plain"),
        EditError::Tangled(field) => Message::new("desk_tangled").arg("field", field.clone()),
        EditError::Mismatch(field) => Message::new("desk_mismatch").arg("field", field.clone()),
    };
    desk.say(&message)
}

#[derive(Serialize)]
struct Outcome {
    ok: bool,
    message: String,
    /// The file's new token, after a save.
    version: Option<String>,
    errors: Vec<FieldError>,
    /// Fields whose comments would not be kept.
    dropped: Vec<String>,
}

#[derive(Serialize)]
struct FieldError {
    /// The field (`title`, `body`), or empty for the file.
    field: String,
    text: String,
}

impl Outcome {
    fn failed(message: String) -> Outcome {
        Outcome {
            ok: false,
            message,
            version: None,
            errors: Vec::new(),
            dropped: Vec::new(),
        }
    }
}

/// Saves the form: refused when the file changed since the form was loaded
/// (`version`), or when comments would be lost and the reporter did not
/// agree (`drop_comments`).
pub(super) fn save(desk: &Desk, form: &Form) -> Reply {
    let opened = match open(desk, form.get("file").unwrap_or("")) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    let reply = |status, outcome: Outcome| Reply::json(status, &outcome);
    if form.get("version") != Some(opened.document.token.as_str()) {
        let message = Message::new("desk_changed_on_disk");
        let hint = desk.say(&Message::new("desk_changed_on_disk_hint"));
        return reply(
            409,
            Outcome::failed(format!("{} {hint}", desk.say(&message))),
        );
    }
    let (text, dropped) = match compose(&opened, form) {
        Ok(composed) => composed,
        Err(e) => return reply(422, Outcome::failed(edit_error(desk, &e))),
    };
    if !dropped.is_empty() && form.get("drop_comments").is_none() {
        let message = Message::new("desk_comments_dropped").arg("fields", dropped.join(", "));
        let mut outcome = Outcome::failed(desk.say(&message));
        outcome.dropped = dropped;
        return reply(409, outcome);
    }
    let path = desk.root.join(&opened.rel);
    match document::save(&path, &opened.rel, &opened.document, &text) {
        Ok(saved) => {
            let said = match saved {
                Saved::Written => Message::new("desk_saved"),
                Saved::Unchanged => Message::new("desk_unchanged"),
            };
            let raw = std::fs::read(&path).unwrap_or_default();
            let mut outcome = Outcome::failed(desk.say(&said));
            outcome.ok = true;
            outcome.version = Some(document::token(&raw));
            outcome.errors = check(desk, &opened, &text);
            reply(200, outcome)
        }
        Err(e) => reply(409, Outcome::failed(e.render(desk.catalogue))),
    }
}

/// The build's errors of the form as it would be saved, each at its field.
pub(super) fn validate(desk: &Desk, form: &Form) -> Reply {
    let opened = match open(desk, form.get("file").unwrap_or("")) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    match compose(&opened, form) {
        Ok((text, dropped)) => {
            let mut outcome = Outcome::failed(String::new());
            outcome.errors = check(desk, &opened, &text);
            outcome.ok = outcome.errors.is_empty();
            outcome.dropped = dropped;
            Reply::json(200, &outcome)
        }
        Err(e) => Reply::json(422, &Outcome::failed(edit_error(desk, &e))),
    }
}

/// The errors a build would report on `text` as the file, at their fields.
fn check(desk: &Desk, opened: &Opened, text: &str) -> Vec<FieldError> {
    let errors = build_errors(desk, &opened.rel, text);
    let yaml = opened.document.yaml();
    let yaml_lines = yaml.lines().count();
    errors
        .iter()
        .filter(|e| e.path == opened.rel || e.path.as_os_str().is_empty())
        .map(|e| {
            let field = match e.line {
                0 | 1 => String::new(),
                n if n - 2 < yaml_lines => edit::field_at(yaml, n - 1).unwrap_or_default(),
                _ => "body".to_string(),
            };
            FieldError {
                field,
                text: e.render(desk.catalogue),
            }
        })
        .collect()
}

/// The build's checks of the article of `rel` with `text` as that file;
/// without a site that loads, the front matter's own checks.
fn build_errors(desk: &Desk, rel: &Path, text: &str) -> Vec<Error> {
    let options = crate::Options {
        root: desk.root.clone(),
        drafts: true,
        ..crate::Options::default()
    };
    let key = crate::source::discover::key_of(&desk.root, rel);
    let loaded = crate::pipeline::load(&options);
    match (loaded, key) {
        (Ok(loaded), Some(key)) if !rel.starts_with("content/pages") => {
            match crate::source::read_article_as(
                &desk.root,
                &loaded,
                (&key, true),
                Some((rel, text)),
            ) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.0,
            }
        }
        _ => front_matter_errors(rel, text),
    }
}

fn front_matter_errors(rel: &Path, text: &str) -> Vec<Error> {
    let split = match crate::source::front_matter::split(text, rel) {
        Ok(split) => split,
        Err(e) => return vec![e],
    };
    use crate::source::front_matter::{
        parse_as, FrontMatter, PageFrontMatter, FIELDS, PAGE_FIELDS,
    };
    let found = match rel.starts_with("content/pages") {
        true => parse_as::<PageFrontMatter>(&split, rel, PAGE_FIELDS).map(|(_, e)| e),
        false => parse_as::<FrontMatter>(&split, rel, FIELDS).map(|(_, e)| e),
    };
    match found {
        Ok(errors) | Err(errors) => errors,
    }
}

/// The body as kyyeu renders it on the article's page, from the form as it
/// would be saved.
pub(super) fn preview(desk: &Desk, form: &Form) -> Reply {
    let opened = match open(desk, form.get("file").unwrap_or("")) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    let text = match compose(&opened, form) {
        Ok((text, _)) => text,
        Err(e) => {
            return Reply::html(
                200,
                format!("<p>{}</p>", crate::text::escape(&edit_error(desk, &e))),
            )
        }
    };
    let options = crate::Options {
        root: desk.root.clone(),
        drafts: true,
        ..crate::Options::default()
    };
    let key = crate::source::discover::key_of(&desk.root, &opened.rel).unwrap_or_default();
    let built = crate::pipeline::load(&options)
        .map_err(|f| f.render(desk.catalogue))
        .and_then(|loaded| {
            crate::source::read_article_as(
                &desk.root,
                &loaded,
                (&key, true),
                Some((&opened.rel, &text)),
            )
            .map_err(|e| e.render(desk.catalogue))
        });
    let version = built
        .as_ref()
        .ok()
        .and_then(|b| b.article.as_ref())
        .and_then(|a| a.versions.values().find(|v| v.path == opened.rel));
    match (version, &built) {
        (Some(version), _) => Reply::html(200, body_html(&version.body)),
        (None, Err(errors)) => {
            Reply::html(200, format!("<pre>{}</pre>", crate::text::escape(errors)))
        }
        (None, Ok(_)) => Reply::html(
            200,
            format!(
                "<p>{}</p>",
                crate::text::escape(&desk.say(&Message::new("desk_no_preview")))
            ),
        ),
    }
}

/// A rendered body's pieces as one HTML text, its links from the site's root.
fn body_html(body: &crate::model::Body) -> String {
    use crate::model::Piece;
    let mut html = String::new();
    for piece in &body.pieces {
        match piece {
            Piece::Html(text) => html.push_str(text),
            Piece::Root => html.push('/'),
            Piece::HeadingId(k) => {
                html.push_str(body.heading_ids.get(*k).map_or("", String::as_str))
            }
            Piece::Photo(image) => {
                let src = crate::urls::Urls::photo(&image.stem, None);
                html.push_str(&format!(
                    "<img src=\"/{}\" alt=\"{}\">",
                    crate::text::escape(&src),
                    crate::text::escape(&image.alt)
                ));
            }
        }
    }
    html
}

#[derive(Serialize)]
struct Uploaded {
    /// Relative to the bundle (`photos/hoi-truong.jpg`).
    file: String,
}

/// An upload of `?file=<article>&kind=photo|attachment&name=<its name>`:
/// checked by content, named by kyyeu, written in the bundle.
pub(super) fn upload(desk: &Desk, request: &super::Request) -> Reply {
    let refuse = |message: Message| Reply::text(422, desk.say(&message));
    let opened = match open(desk, request.arg("file").unwrap_or("")) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    let is_bundle = opened
        .rel
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("index."));
    let Some(bundle) = opened.rel.parent().filter(|_| is_bundle) else {
        return refuse(Message::new("desk_no_bundle"));
    };
    let photo = request.arg("kind") == Some("photo");
    let kind = guard::sniff(&request.body);
    let kind = match kind {
        Some(k) if k.is_photo() == photo => k,
        _ if photo => return refuse(Message::new("desk_not_a_photo")),
        _ => return refuse(Message::new("desk_not_a_document")),
    };
    let folder = if photo {
        bundle.join("photos")
    } else {
        bundle.to_path_buf()
    };
    if photo && std::fs::symlink_metadata(desk.root.join(&folder)).is_err() {
        if let Err(e) = std::fs::create_dir(desk.root.join(&folder)) {
            return Reply::text(500, e.to_string());
        }
    }
    if !guard::inside_content(&desk.root, &folder) {
        return Reply::text(403, desk.say(&Message::new("desk_outside")));
    }
    let name = guard::upload_name(&desk.root, &folder, request.arg("name").unwrap_or(""), kind);
    if let Err(e) = document::create(&desk.root.join(&name), &name, &request.body) {
        return Reply::text(500, e.render(desk.catalogue));
    }
    let file = name.strip_prefix(bundle).unwrap_or(&name);
    Reply::json(
        200,
        &Uploaded {
            file: display_path(file),
        },
    )
}

/// A file of an article's bundle (a photo's thumbnail, a document), by
/// content: photos and documents only.
pub(super) fn bundle_file(desk: &Desk, file: &str, name: &str) -> Reply {
    let not_found = || Reply::text(404, desk.say(&Message::new("desk_not_found")));
    let Ok(opened) = open(desk, file) else {
        return not_found();
    };
    let bundle = opened.rel.parent().unwrap_or(Path::new("content"));
    let Some(rel) = guard::bundle_file(&desk.root, bundle, name) else {
        return not_found();
    };
    let Ok(bytes) = std::fs::read(desk.root.join(rel)) else {
        return not_found();
    };
    let kind = match guard::sniff(&bytes) {
        Some(guard::Upload::Jpeg) => "image/jpeg",
        Some(guard::Upload::Png) => "image/png",
        Some(guard::Upload::Webp) => "image/webp",
        Some(guard::Upload::Pdf) => "application/pdf",
        _ => return not_found(),
    };
    Reply {
        status: 200,
        kind,
        body: bytes,
        location: None,
    }
}

/// A new article from the form (`title`, `date`, `units`), as `kyyeu new`.
pub(super) fn create(desk: &Desk, form: &Form) -> Reply {
    let request = crate::commands::new::NewArticle {
        title: form.get("title").unwrap_or("").to_string(),
        year: None,
        date: form
            .get("date")
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        lang: None,
        units: form.all("units").map(str::to_string).collect(),
    };
    match crate::commands::new::new_article(&desk.root, &request) {
        Ok(path) => Reply::redirect(format!(
            "/_desk/edit?file={}",
            query_value(&display_path(&path))
        )),
        Err(f) => Reply::text(422, f.render(desk.catalogue)),
    }
}

/// The translation of `file` into `lang`, as `kyyeu new --translate`.
pub(super) fn translate(desk: &Desk, form: &Form) -> Reply {
    let Some(rel) = guard::markdown_file(&desk.root, form.get("file").unwrap_or("")) else {
        return Reply::text(404, desk.say(&Message::new("desk_not_found")));
    };
    let lang = form.get("lang").unwrap_or("en");
    match crate::commands::new::new_translation(&desk.root, &rel, lang) {
        Ok(path) => Reply::redirect(format!(
            "/_desk/edit?file={}",
            query_value(&display_path(&path))
        )),
        Err(f) => Reply::text(422, f.render(desk.catalogue)),
    }
}

/// A text as a query's value.
pub(super) fn query_value(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
