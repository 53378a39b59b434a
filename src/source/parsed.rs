//! A Markdown file of an article or a page, its front matter parsed: what
//! both kinds share (which file is the original, the slug, the gallery, the
//! listed attachments, the translation markers left, errors at the place a
//! field is written).
//!
//! Uses: error, model, slug, context, front_matter, markers, body, yaml,
//! lang, text.

use crate::error::{Error, Errors, Message};
use crate::model::{Config, MarkedField, MarkedFile, Photo};
use crate::slug::slugify;
use crate::source::body::{add_photo, list_attachment, resolve_file, NewPhoto, OwnerFiles};
use crate::source::context::{LoadContext, SourceFile};
use crate::source::front_matter::{self, Front};
use crate::source::{markers, yaml};

/// A file whose front matter parsed (as `F`: an article's or a page's).
pub struct Parsed<'a, F> {
    pub file: &'a SourceFile,
    pub fm: F,
    pub yaml: &'a str,
    /// The file line the YAML starts on.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The fields still marked to translate.
    pub marked: Vec<MarkedField>,
}

impl<'a, F: Front> Parsed<'a, F> {
    /// Splits and parses `file`: the parsed file and its unknown fields,
    /// or every error when it does not parse.
    fn parse(file: &'a SourceFile) -> Result<(Self, Vec<Error>), Vec<Error>> {
        let split = front_matter::split(&file.text, &file.path).map_err(|e| vec![e])?;
        let (fm, unknown) = front_matter::parse_as(&split, &file.path, F::FIELDS)?;
        let marked = markers::find(split.yaml, split.yaml_line, split.body, split.body_line);
        let parsed = Parsed {
            file,
            fm,
            yaml: split.yaml,
            yaml_line: split.yaml_line,
            body: split.body,
            body_line: split.body_line,
            marked,
        };
        Ok((parsed, unknown))
    }

    /// An error at the place where `key` (and `value`) is written.
    pub fn error(&self, key: &str, value: Option<&str>, message: impl Into<Message>) -> Error {
        let (line, col) = yaml::locate(self.yaml, key, value);
        Error::at(&self.file.path, line + self.yaml_line - 1, col, message)
    }

    /// An error at the `nth` (from 0) `key: value` inside the top-level
    /// field `section` (the second speaker's `unit:`).
    pub fn error_in(
        &self,
        section: &str,
        (key, value, nth): (&str, &str, usize),
        message: impl Into<Message>,
    ) -> Error {
        let (line, col) = yaml::locate_in(self.yaml, section, (key, value, nth));
        Error::at(&self.file.path, line + self.yaml_line - 1, col, message)
    }

    /// Whether this version is left out: marked `draft: true` (or its
    /// original is), or still marked to translate.
    pub fn is_draft(&self, original: &Parsed<'_, F>) -> bool {
        !self.marked.is_empty() || self.fm.draft().or(original.fm.draft()) == Some(true)
    }

    /// The slug written (`written`, else the name of the bundle's folder or
    /// of the file), or an error when it makes no slug.
    pub fn slug(&self, written: Option<&str>, errors: &mut Errors) -> Option<String> {
        let path = &self.file.path;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let from_name = if name.starts_with("index.") || name == "index.md" {
            let folder = path.parent().and_then(|d| d.file_name());
            folder.and_then(|n| n.to_str()).unwrap_or("")
        } else {
            crate::lang::split_markdown_name(name).map_or("", |(stem, _)| stem)
        };
        let slug = slugify(written.unwrap_or(from_name));
        if slug.is_empty() {
            let error = self.error("slug", None, Message::new("empty_slug"));
            errors.push(error.with_hint(Message::new("slug_example")));
            return None;
        }
        Some(slug)
    }

    /// This file, as one of the article or page `key` (of `year`, for an
    /// article) with the fields still marked to translate.
    pub fn marked_file(&self, key: &str, year: Option<i32>) -> MarkedFile {
        MarkedFile {
            path: self.file.path.clone(),
            key: key.to_string(),
            lang: self.file.lang.clone(),
            year,
            fields: self.marked.clone(),
        }
    }
}

/// Parses every file of one article or page: the parsed files and the
/// errors found (unknown fields among them), or every error when a file
/// does not parse.
pub fn parse_files<F: Front>(files: &[SourceFile]) -> Result<(Vec<Parsed<'_, F>>, Errors), Errors> {
    let mut errors = Errors::default();
    let mut parsed = Vec::with_capacity(files.len());
    for file in files {
        match Parsed::parse(file) {
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

/// The default-language file, else the first in the site's language order.
pub fn original_index<F>(parsed: &[Parsed<'_, F>], config: &Config) -> usize {
    config
        .languages
        .iter()
        .find_map(|lang| parsed.iter().position(|p| &p.file.lang == lang))
        .unwrap_or(0)
}

/// The files of an article or page with fields still marked to translate.
pub fn marked_files<F: Front>(
    parsed: &[Parsed<'_, F>],
    key: &str,
    year: Option<i32>,
) -> Vec<MarkedFile> {
    let marked = parsed.iter().filter(|p| !p.marked.is_empty());
    marked.map(|p| p.marked_file(key, year)).collect()
}

/// The gallery: the photos that the original's front matter lists,
/// published in `folder`.
pub fn gallery<F: Front>(
    original: &Parsed<'_, F>,
    folder: &str,
    load: &LoadContext<'_>,
    errors: &mut Errors,
) -> Vec<Photo> {
    let mut photos = Vec::new();
    for raw in original.fm.photos().iter().flat_map(|p| p.iter()) {
        if raw.caption.trim().is_empty() {
            let message = Message::new("empty_caption").arg("file", &raw.file);
            errors.push(original.error("caption", None, message));
        }
        let path = &original.file.path;
        match resolve_file(path, &raw.file, load, Message::new("what_photo")) {
            Ok(source) => {
                let (line, col) = yaml::locate(original.yaml, "file", Some(&raw.file));
                let photo = NewPhoto {
                    source,
                    in_gallery: true,
                    cover: raw.cover.unwrap_or(false),
                    named_at: (path.clone(), line + original.yaml_line - 1, col),
                };
                add_photo(&mut photos, folder, photo);
            }
            Err(message) => errors.push(original.error("file", Some(&raw.file), message)),
        }
    }
    photos
}

/// The files that `attachments:` lists in each version, with their
/// titles, published in `folder`.
pub fn listed_attachments<F: Front>(
    parsed: &[Parsed<'_, F>],
    folder: &str,
    load: &LoadContext<'_>,
    (files, errors): (&mut OwnerFiles, &mut Errors),
) {
    for file_parsed in parsed {
        let from = (file_parsed.file.path.as_path(), &file_parsed.file.lang);
        for raw in file_parsed.fm.attachments().iter().flat_map(|a| a.iter()) {
            let listed = list_attachment(&mut files.attachments, folder, from, raw, load);
            if let Err(message) = listed {
                errors.push(file_parsed.error("file", Some(&raw.file), message));
            }
        }
    }
}

/// A text written in front matter, NFC; an empty one (`venue: ""`, as
/// `kyyeu new` writes it) counts as absent.
pub fn given(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::text::nfc(t))
}

/// A summary: the one written, else the first paragraph cut to 300
/// characters at a word.
pub fn summary(written: &Option<String>, first_paragraph: &str) -> String {
    given(written).unwrap_or_else(|| shorten(first_paragraph, 300))
}

/// `text` cut to at most `max` characters at a word, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}
