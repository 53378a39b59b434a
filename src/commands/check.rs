//! `kyyeu check`: every validation of `build`, writing nothing (the PDF
//! yearbook's template typeset in memory), plus what an editor wants to
//! know before publishing: every photo decodes, which
//! articles still lack a translation (per year and language), which UI
//! strings a theme's language file lacks, and units no article names.
//!
//! Uses: lib (the pipeline), error, images, model, theme, output, pages,
//! pipeline, source.

use crate::error::{Error, Failure, Message};
use crate::model::{Article, MarkedFile, Site};
use crate::output::Discard;
use crate::{images, pages, pipeline, source, Options, Report};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Articles of one year not yet written in one language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Coverage {
    pub lang: String,
    pub year: i32,
    pub articles: usize,
    /// The files of the articles that have no file in `lang`.
    pub missing: Vec<String>,
    /// The files in `lang` with fields still marked to translate.
    pub marked: Vec<Marked>,
}

impl Coverage {
    /// How many articles are not yet translated: missing or marked.
    pub fn untranslated(&self) -> usize {
        self.missing.len() + self.marked.len()
    }
}

/// A file whose translation is not finished, and its fields still marked
/// (`title`, `speakers[2].role`, `body`, lists counted from 1).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Marked {
    pub path: String,
    pub lang: String,
    /// `None` for a page of `content/pages/`.
    pub year: Option<i32>,
    pub fields: Vec<MarkedField>,
}

/// One field still marked to translate, and the line of its marker.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MarkedField {
    pub field: String,
    pub line: usize,
}

impl From<&MarkedFile> for Marked {
    fn from(file: &MarkedFile) -> Self {
        let fields = file.fields.iter().map(|f| MarkedField {
            field: f.field.clone(),
            line: f.line,
        });
        Marked {
            path: crate::error::display_path(&file.path),
            lang: file.lang.to_string(),
            year: file.year,
            fields: fields.collect(),
        }
    }
}

/// A UI string that a language file of the site's theme lacks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MissingString {
    pub lang: String,
    pub key: String,
}

/// What `kyyeu check` found on a site without errors.
#[derive(Debug, Default)]
pub struct Checked {
    pub report: Report,
    pub coverage: Vec<Coverage>,
    /// The pages of `content/pages/` with fields still marked to translate.
    pub marked_pages: Vec<Marked>,
    pub missing_strings: Vec<MissingString>,
}

/// Loads and validates the site, renders every page into nothing (every
/// template runs), typesets the book template in memory (`pdf` on) and
/// decodes every photo without resizing it.
pub fn check(options: &Options) -> Result<Checked, Failure> {
    let started = Instant::now();
    let loaded = pipeline::load(options)?;
    let photos = loaded.site.photos();
    let mut errors = images::verify_all(&photos, &options.root)
        .err()
        .unwrap_or_default();
    let prepared = pipeline::compile(loaded, pipeline::Photos::new())?;
    let pages = match pipeline::emit(&options.root, &prepared, &Discard) {
        Ok(emitted) => emitted.pages.len() + 1,
        Err(Failure::Content(found)) => {
            errors.extend(found);
            0
        }
        Err(other) => return Err(other),
    };
    if prepared.loaded.site.config.pdf.is_some() {
        match pipeline::check_books(options, &prepared) {
            Ok(()) => {}
            Err(Failure::Content(found)) => errors.extend(found),
            Err(other) => return Err(other),
        }
    }
    errors.into_result(()).map_err(Failure::Content)?;
    let loaded = &prepared.loaded;
    let mut warnings = loaded.warnings.clone();
    warnings.extend(unused_units(&loaded.site, &options.root));
    warnings.extend(empty_summaries(&loaded.site));
    Ok(Checked {
        report: Report {
            articles: loaded.site.articles.len(),
            drafts_left_out: loaded.site.drafts_left_out,
            marked: loaded.site.marked.len(),
            pages,
            warnings,
            elapsed: started.elapsed(),
            ..Report::default()
        },
        coverage: coverage(&loaded.site),
        marked_pages: loaded
            .site
            .marked
            .iter()
            .filter(|m| m.year.is_none())
            .map(Marked::from)
            .collect(),
        missing_strings: missing_strings(&loaded.theme, &loaded.site),
    })
}

/// Per year and language, the articles with no file in that language, and
/// those whose file there is still marked to translate.
fn coverage(site: &Site) -> Vec<Coverage> {
    let mut out = Vec::new();
    let years = pages::by_year(&site.articles);
    for lang in &site.config.languages {
        for (year, articles) in &years {
            let marked_of = |article: &Article| {
                let mut marked = site.marked.iter();
                marked.find(|m| &m.lang == lang && m.key == article.key)
            };
            let marked = articles.iter().filter_map(|a| marked_of(a));
            let missing = articles
                .iter()
                .filter(|a| !a.versions.contains_key(lang) && marked_of(a).is_none())
                .filter_map(|a| a.versions.values().next())
                .map(|v| crate::error::display_path(&v.path));
            out.push(Coverage {
                lang: lang.to_string(),
                year: *year,
                articles: articles.len(),
                missing: missing.collect(),
                marked: marked.map(Marked::from).collect(),
            });
        }
    }
    out
}

/// Keys of the default theme's strings that a language of the site lacks in
/// the site's own theme files (those fall back to English).
fn missing_strings(theme: &crate::source::theme::Theme, site: &Site) -> Vec<MissingString> {
    let reference = theme.builtin_keys();
    site.config
        .languages
        .iter()
        .flat_map(|lang| {
            let own = theme.own_keys(lang);
            reference
                .iter()
                .filter(move |k| !own.contains(*k))
                .map(move |k| MissingString {
                    lang: lang.to_string(),
                    key: k.clone(),
                })
        })
        .collect()
}

/// Units of units.yaml that no article names.
fn unused_units(site: &Site, root: &Path) -> Vec<Error> {
    let text = source::read_text(root, Path::new("content/units.yaml")).unwrap_or_default();
    site.units
        .iter()
        .filter(|u| {
            !site.articles.iter().any(|a| {
                a.units.contains(&u.id)
                    || a.versions.values().any(|v| {
                        v.speakers.iter().any(|s| s.unit.as_deref() == Some(&u.id))
                            || v.roles.iter().any(|r| r.unit == u.id)
                    })
            })
        })
        .map(|u| {
            let line = text
                .lines()
                .position(|l| {
                    l.trim_start().trim_start_matches("- ").trim() == format!("id: {}", u.id)
                })
                .map_or(1, |i| i + 1);
            Error::at(
                Path::new("content/units.yaml"),
                line,
                1,
                Message::new("check_unused_unit").arg("id", u.id.clone()),
            )
        })
        .collect()
}

/// Versions with neither a summary nor a first paragraph to make one from.
fn empty_summaries(site: &Site) -> Vec<Error> {
    site.articles
        .iter()
        .flat_map(|a| a.versions.values())
        .filter(|v| v.summary.trim().is_empty())
        .map(|v| Error::file(&v.path, Message::new("check_no_summary")))
        .collect()
}
