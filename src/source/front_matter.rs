//! Splits an article into its `---` front matter and Markdown body, and
//! deserializes the front matter strictly into [`FrontMatter`].
//!
//! Uses: error, yaml.

use crate::error::{Error, Message};
use crate::source::yaml::{self, Origin};
use serde::Deserialize;
use std::path::Path;

/// The raw front matter, exactly as written; every field optional so that
/// translations can inherit. Validation happens in `article`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub venue: Option<String>,
    pub summary: Option<String>,
    pub units: Option<Vec<String>>,
    pub speakers: Option<Vec<RawSpeaker>>,
    pub photos: Option<Vec<RawPhoto>>,
    pub tasks: Option<Vec<String>>,
    pub tasks_year: Option<i32>,
    pub roles: Option<Vec<RawRole>>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub slug: Option<String>,
    pub draft: Option<bool>,
    pub attachments: Option<Vec<RawAttachment>>,
}

/// A file of the bundle published as it is, with its title in the file's language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttachment {
    pub file: String,
    pub title: Option<String>,
}

/// The front matter of a page that is not an article (`content/pages/`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub menu: Option<i64>,
    pub summary: Option<String>,
    pub draft: Option<bool>,
    pub photos: Option<Vec<RawPhoto>>,
    pub attachments: Option<Vec<RawAttachment>>,
}

/// The fields of [`PageFrontMatter`], for "did you mean" hints.
pub const PAGE_FIELDS: &[&str] = &[
    "title",
    "slug",
    "menu",
    "summary",
    "draft",
    "photos",
    "attachments",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpeaker {
    pub name: String,
    pub role: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhoto {
    pub file: String,
    pub caption: String,
    /// `cover: true`: the cover of the year's book.
    pub cover: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub unit: String,
    pub role: String,
    pub year: i32,
}

/// A source file cut in two, with the file line each part starts on.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Cuts `text` (already cleaned: no BOM, LF line ends) at its `---` lines.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Error> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Error::file(path, Message::new("no_front_matter"))
            .with_hint(Message::new("front_matter_example")));
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start;
    for (i, line) in text[yaml_start.min(text.len())..]
        .split_inclusive('\n')
        .enumerate()
    {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Error::file(path, Message::new("front_matter_not_closed")))
}

/// The fields of [`FrontMatter`], for "did you mean" hints.
pub const FIELDS: &[&str] = &[
    "title",
    "date",
    "year",
    "venue",
    "summary",
    "units",
    "speakers",
    "photos",
    "tasks",
    "tasks_year",
    "roles",
    "author",
    "source",
    "slug",
    "draft",
    "attachments",
];

/// What the front matter of an article and of a page share.
pub trait Front: serde::de::DeserializeOwned {
    /// Every field it may hold.
    const FIELDS: &'static [&'static str];
    fn slug(&self) -> Option<&str>;
    fn draft(&self) -> Option<bool>;
    fn photos(&self) -> Option<&[RawPhoto]>;
    fn attachments(&self) -> Option<&[RawAttachment]>;
}

macro_rules! front {
    ($type:ty, $fields:expr) => {
        impl Front for $type {
            const FIELDS: &'static [&'static str] = $fields;
            fn slug(&self) -> Option<&str> {
                self.slug.as_deref()
            }
            fn draft(&self) -> Option<bool> {
                self.draft
            }
            fn photos(&self) -> Option<&[RawPhoto]> {
                self.photos.as_deref()
            }
            fn attachments(&self) -> Option<&[RawAttachment]> {
                self.attachments.as_deref()
            }
        }
    };
}

front!(FrontMatter, FIELDS);
front!(PageFrontMatter, PAGE_FIELDS);

/// Deserializes the front matter of `split`, reporting every unknown field.
/// Unknown fields are returned beside the parsed value; other errors are fatal.
pub fn parse(split: &Split<'_>, path: &Path) -> Result<(FrontMatter, Vec<Error>), Vec<Error>> {
    parse_as(split, path, FIELDS)
}

/// Like [`parse`], for any front matter whose fields are `fields` (a type
/// that denies unknown fields, as every front matter does).
pub fn parse_as<T: serde::de::DeserializeOwned>(
    split: &Split<'_>,
    path: &Path,
    fields: &[&str],
) -> Result<(T, Vec<Error>), Vec<Error>> {
    let origin = Origin {
        path,
        first_line: split.yaml_line,
    };
    yaml::parse_strict_mapping(split.yaml, origin, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(text, Path::new("a.md")).map_err(|e| e.to_string());
        let s = s.as_ref().map(|s| (s.yaml, s.body, s.body_line));
        assert_eq!(s, Ok(("title: A\n", "Body\n", 4)));
    }

    #[test]
    fn unknown_field_is_located_and_hinted() {
        let text = "---\ntitle: A\nspeaker: []\n---\n";
        let path = Path::new("a.md");
        let s = split(text, path).map_err(|e| e.to_string());
        let err = s.map(|s| {
            parse(&s, path)
                .map(|r| r.1[0].to_string())
                .unwrap_or_default()
        });
        assert_eq!(
            err.as_deref(),
            Ok("a.md:3:1: unknown field `speaker`\n  hint: did you mean `speakers`?")
        );
    }
}
