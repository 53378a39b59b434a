//! `kyyeu check`: every validation of `build`, writing nothing, plus what
//! an editor wants to know before publishing: every photo decodes, which
//! articles still lack a translation (per year and language), which UI
//! strings a theme's language file lacks, and units no article names.
//!
//! Uses: lib (the pipeline), error, images, model, theme.

use crate::error::{Error, Failure, Message};
use crate::model::Site;
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
    /// The files of the articles that have no version in `lang`.
    pub missing: Vec<String>,
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
    pub missing_strings: Vec<MissingString>,
}

/// Loads and validates the site, renders every page into nothing (every
/// template runs) and decodes every photo without resizing it.
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
    errors.into_result(()).map_err(Failure::Content)?;
    let loaded = &prepared.loaded;
    let mut warnings = loaded.warnings.clone();
    warnings.extend(unused_units(&loaded.site, &options.root));
    warnings.extend(empty_summaries(&loaded.site));
    Ok(Checked {
        report: Report {
            articles: loaded.site.articles.len(),
            drafts_left_out: loaded.site.drafts_left_out,
            pages,
            warnings,
            elapsed: started.elapsed(),
            ..Report::default()
        },
        coverage: coverage(&loaded.site),
        missing_strings: missing_strings(&loaded.theme, &loaded.site),
    })
}

/// Per year and language, the articles with no version in that language.
fn coverage(site: &Site) -> Vec<Coverage> {
    let mut out = Vec::new();
    for lang in &site.config.languages {
        let years = pages::by_year(&site.articles);
        for (year, articles) in years {
            let missing: Vec<String> = articles
                .iter()
                .filter(|a| !a.versions.contains_key(lang))
                .filter_map(|a| {
                    a.versions
                        .values()
                        .next()
                        .map(|v| crate::error::display_path(&v.path))
                })
                .collect();
            out.push(Coverage {
                lang: lang.to_string(),
                year,
                articles: articles.len(),
                missing,
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
