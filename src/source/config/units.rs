//! Reads and validates `content/units.yaml`: each unit's id (a slug, once),
//! its name in every language and optional short name and link; errors at
//! the entry's line.
//!
//! Uses: config (texts per language), error, lang, slug, yaml, model (the
//! `Unit` it builds).

use super::{is_base_url, localized_map};
use crate::error::{Errors, Message};
use crate::lang::Lang;
use crate::model::Unit;
use crate::slug::is_slug;
use crate::source::yaml::{self, Origin};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: String,
    name: BTreeMap<String, String>,
    #[serde(default)]
    short: BTreeMap<String, String>,
    #[serde(default)]
    url: Option<String>,
}

/// Parses `content/units.yaml` against the site's languages.
pub fn parse_units(text: &str, path: &Path, languages: &[Lang]) -> Result<Vec<Unit>, Errors> {
    let origin = Origin {
        path,
        first_line: 1,
    };
    let raw: Vec<RawUnit> = yaml::parse(text, origin)?;
    let mut errors = Errors::default();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut uses: HashMap<String, usize> = HashMap::new();
    let mut units = Vec::with_capacity(raw.len());
    for unit in raw {
        let nth = uses.entry(unit.id.clone()).or_insert(0);
        let pos = locate_id(text, &unit.id, *nth);
        *nth += 1;
        let at = |_: &str, _: Option<&str>, message: Message| origin.error(pos.0, pos.1, message);
        if !is_slug(&unit.id) {
            errors.push(
                at(
                    "",
                    None,
                    Message::new("unit_id_not_slug").arg("id", &unit.id),
                )
                .with_hint(
                    Message::new("for_example").arg("example", crate::slug::slugify(&unit.id)),
                ),
            );
        }
        if let Some(first) = seen.get(&unit.id) {
            errors.push(at(
                "",
                None,
                Message::new("unit_id_twice")
                    .arg("id", &unit.id)
                    .arg("line", first.0),
            ));
        } else {
            seen.insert(unit.id.clone(), pos);
        }
        let name = localized_map(&unit.name, "name", languages, &mut errors, &at);
        if !unit.name.contains_key(languages[0].as_str()) {
            errors.push(at(
                "",
                None,
                Message::new("unit_needs_default_name")
                    .arg("id", &unit.id)
                    .arg("lang", languages[0].as_str()),
            ));
        }
        let short = localized_map(&unit.short, "short", languages, &mut errors, &at);
        if let Some(url) = unit.url.as_deref().filter(|u| !is_base_url(u)) {
            let (line, col) = locate_in_entry(text, pos, "url", url).unwrap_or(pos);
            errors.push(
                origin.error(
                    line,
                    col,
                    Message::new("unit_url_not_http")
                        .arg("id", &unit.id)
                        .arg("url", url),
                ),
            );
        }
        units.push(Unit {
            id: unit.id,
            name,
            short,
            url: unit.url,
        });
    }
    errors.into_result(units)
}

/// Where `key: value` is written in the list entry whose `id:` is at `entry`
/// (block style, one key a line); `None` when it cannot be found.
fn locate_in_entry(
    text: &str,
    entry: (usize, usize),
    key: &str,
    value: &str,
) -> Option<(usize, usize)> {
    let key_colon = format!("{key}:");
    for (i, line) in text.lines().enumerate().skip(entry.0) {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        if content.starts_with('-') && indent + 3 <= entry.1 {
            return None;
        }
        let Some(rest) = content.strip_prefix(&key_colon) else {
            continue;
        };
        let value_at = rest.find(value).map_or(0, |v| key_colon.len() + v);
        return Some((i + 1, line[..indent + value_at].chars().count() + 1));
    }
    None
}

/// The position of the `skip`-th (0-based) `id: <id>` in units.yaml.
fn locate_id(text: &str, id: &str, skip: usize) -> (usize, usize) {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let entry = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = entry.strip_prefix("id:") {
            if rest.trim().trim_matches(['"', '\'']) == id {
                found.push((index + 1, line.len() - entry.len() + 1));
            }
        }
    }
    found.get(skip).or(found.first()).copied().unwrap_or((1, 1))
}
