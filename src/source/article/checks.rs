//! The checks of an article's front matter: the fields all versions share
//! (title, date, year, slug), unit ids that exist, translations that agree
//! with their original, and the year folder it is written in; the errors
//! of `kyyeu init`'s example article named as such.
//!
//! Uses: error, model, slug, context, front_matter, parsed, yaml, article.

use super::Shared;
use crate::error::{Error, Errors, Message};
use crate::model::Date;
use crate::slug::slugify;
use crate::source::context::{LoadContext, SourceFile};
use crate::source::front_matter::{FrontMatter, RawPhoto};
use crate::source::parsed::Parsed;
use crate::source::yaml;

/// A file of an article, its front matter parsed.
type File<'a> = Parsed<'a, FrontMatter>;

/// An article in a folder named after a year (`content/2026/...`) must be
/// of that year.
pub(super) fn check_year_folder(original: &File<'_>, year: i32, errors: &mut Errors) {
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

/// The shared fields; after an error, placeholders let the other checks run.
pub(super) fn shared_fields(parsed: &File<'_>, errors: &mut Errors) -> Shared {
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
    let slug =
        (parsed.slug(parsed.fm.slug.as_deref(), errors)).unwrap_or_else(|| "article".to_string());
    Shared {
        slug,
        year,
        tasks_year: parsed.fm.tasks_year.unwrap_or(year + 1),
        units: parsed.fm.units.clone().unwrap_or_default(),
        date,
    }
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
pub(super) fn check_refs(parsed: &File<'_>, load: &LoadContext<'_>, errors: &mut Errors) {
    for speaker in parsed.fm.speakers.iter().flatten() {
        if slugify(&speaker.name).is_empty() {
            let message = Message::new("empty_speaker_name");
            errors.push(parsed.error("name", Some(&speaker.name), message));
        }
    }
    let Some(unit_ids) = load.unit_ids else {
        return;
    };
    let mut known: Vec<&str> = unit_ids.iter().map(String::as_str).collect();
    known.sort_unstable();
    let unknown = |id: &str| {
        let hint = if known.is_empty() {
            Message::new("add_unit")
        } else {
            yaml::did_you_mean(id, &known)
        };
        (Message::new("unknown_unit").arg("id", id), hint)
    };
    for id in parsed.fm.units.iter().flatten() {
        if !unit_ids.contains(id) {
            let (message, hint) = unknown(id);
            errors.push(parsed.error("units", Some(id), message).with_hint(hint));
        }
    }
    // Each speaker's and role's unit at its own line, even when two name
    // the same unit (the errors would otherwise be one, found a run later).
    let speakers = parsed.fm.speakers.iter().flatten();
    let roles = parsed.fm.roles.iter().flatten();
    let units = [
        (
            "speakers",
            speakers.filter_map(|s| s.unit.as_deref()).collect(),
        ),
        ("roles", roles.map(|r| r.unit.as_str()).collect::<Vec<_>>()),
    ];
    for (section, ids) in units {
        for (index, id) in ids.iter().enumerate() {
            if unit_ids.contains(*id) {
                continue;
            }
            let nth = ids[..index].iter().filter(|earlier| *earlier == id).count();
            let (message, hint) = unknown(id);
            let error = parsed.error_in(section, ("unit", id, nth), message);
            errors.push(error.with_hint(hint));
        }
    }
}

/// Whether `file` is the example article `kyyeu init` wrote: its front
/// matter opens with the mark `init` writes.
fn is_init_example(file: &SourceFile) -> bool {
    let mut lines = file.text.lines();
    lines.next() == Some("---")
        && lines
            .next()
            .is_some_and(|line| line.starts_with(super::EXAMPLE_MARK))
}

/// The errors of `errors` in a file of `files` that `kyyeu init` wrote as
/// its example, saying so: a reporter who never wrote it learns that it
/// may be changed or deleted (its folder named).
pub(super) fn name_the_example<'f>(
    mut errors: Errors,
    files: impl IntoIterator<Item = &'f SourceFile>,
) -> Errors {
    for file in files.into_iter().filter(|file| is_init_example(file)) {
        let folder = match file.path.parent() {
            Some(dir) => format!("{}/", crate::error::display_path(dir)),
            None => crate::error::display_path(&file.path),
        };
        for error in errors.0.iter_mut().filter(|e| e.path == file.path) {
            let id = error.message.arg_text("id").map(str::to_string);
            match id.filter(|_| error.message.key() == "unknown_unit") {
                Some(id) => {
                    error.message = Message::new("example_unknown_unit")
                        .arg("id", id)
                        .arg("folder", folder.clone());
                }
                None if error.hint.is_none() => {
                    error.hint =
                        Some(Message::new("example_article").arg("folder", folder.clone()));
                }
                None => {}
            }
        }
    }
    errors
}

/// A translation may not contradict the original's structured fields.
pub(super) fn check_agreement(translation: &File<'_>, original: &File<'_>, errors: &mut Errors) {
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
