//! The desk's forms as data: the fields of an article, a page and a
//! translation (from the front matter's schema), and a submitted form
//! turned into the value of each field. Inputs are named after the field
//! (`title`, `units` once per unit, `speakers.3.role` for a row's cell);
//! rows keep the order in which the form lists them, so moving a row moves
//! it in the file. An empty input removes its field, unless the file gives
//! it an empty value already (kept, so that an unchanged form changes
//! nothing).
//!
//! Uses: yaml (its `Plain`), text.

use crate::source::yaml::Plain;

/// What an input holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    /// Several lines (a textarea).
    LongText,
    /// `YYYY-MM-DD`.
    Date,
    Int,
    Bool,
    /// Ids of units.yaml, chosen by name.
    Units,
    /// One text per row.
    Texts,
    /// Rows of cells (speakers, photos, roles, attachments).
    Rows(&'static [(&'static str, Cell)]),
}

/// A cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Text,
    /// A unit id.
    Unit,
    Int,
    Bool,
    /// A file of the bundle (set by an upload, shown, not typed).
    File,
}

/// A field of a form.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

pub const SPEAKER: &[(&str, Cell)] = &[
    ("name", Cell::Text),
    ("role", Cell::Text),
    ("unit", Cell::Unit),
];
pub const PHOTO: &[(&str, Cell)] = &[
    ("file", Cell::File),
    ("caption", Cell::Text),
    ("cover", Cell::Bool),
];
pub const ROLE: &[(&str, Cell)] = &[
    ("unit", Cell::Unit),
    ("role", Cell::Text),
    ("year", Cell::Int),
];
pub const ATTACHMENT: &[(&str, Cell)] = &[("file", Cell::File), ("title", Cell::Text)];

/// The fields of an article's original file.
pub const ARTICLE: &[Field] = &[
    field("title", Kind::Text),
    field("date", Kind::Date),
    field("year", Kind::Int),
    field("venue", Kind::Text),
    field("summary", Kind::LongText),
    field("units", Kind::Units),
    field("speakers", Kind::Rows(SPEAKER)),
    field("photos", Kind::Rows(PHOTO)),
    field("tasks", Kind::Texts),
    field("tasks_year", Kind::Int),
    field("roles", Kind::Rows(ROLE)),
    field("author", Kind::Text),
    field("source", Kind::Text),
    field("attachments", Kind::Rows(ATTACHMENT)),
    field("draft", Kind::Bool),
];

/// The fields a translation gives (the others come from the original).
pub const TRANSLATION: &[Field] = &[
    field("title", Kind::Text),
    field("venue", Kind::Text),
    field("summary", Kind::LongText),
    field("speakers", Kind::Rows(SPEAKER)),
    field("photos", Kind::Rows(PHOTO)),
    field("tasks", Kind::Texts),
    field("roles", Kind::Rows(ROLE)),
    field("attachments", Kind::Rows(ATTACHMENT)),
];

/// The fields of a page of `content/pages/`.
pub const PAGE: &[Field] = &[
    field("title", Kind::Text),
    field("menu", Kind::Int),
    field("summary", Kind::LongText),
    field("photos", Kind::Rows(PHOTO)),
    field("attachments", Kind::Rows(ATTACHMENT)),
    field("draft", Kind::Bool),
];

/// A submitted form: its pairs in order, line ends made LF and text NFC.
#[derive(Debug, Default)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// An `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Form {
        let pairs = form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), crate::text::nfc(&v.replace("\r\n", "\n"))));
        Form(pairs.collect())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The value of `field` in `form`; `old` is the file's (so that an empty
/// input over an empty value keeps it).
pub fn value_of(field: &Field, form: &Form, old: Option<&Plain>) -> Option<Plain> {
    let value = match field.kind {
        Kind::Text | Kind::LongText | Kind::Date => form
            .get(field.name)
            .filter(|v| !v.is_empty())
            .map(|v| Plain::Text(v.to_string())),
        Kind::Int => form.get(field.name).and_then(number),
        Kind::Bool => form.get(field.name).is_some().then_some(Plain::Bool(true)),
        Kind::Units | Kind::Texts => {
            let items: Vec<Plain> = (form.all(field.name))
                .filter(|v| !v.trim().is_empty())
                .map(|v| Plain::Text(v.to_string()))
                .collect();
            (!items.is_empty()).then_some(Plain::List(items))
        }
        Kind::Rows(cells) => rows(field.name, cells, form),
    };
    value.or_else(|| old.filter(|o| is_empty(o)).cloned())
}

/// A number as written, or the text itself (which validation then refuses
/// with its usual message).
fn number(text: &str) -> Option<Plain> {
    let text = text.trim();
    match text.parse::<i64>() {
        _ if text.is_empty() => None,
        Ok(n) => Some(Plain::Int(n)),
        Err(_) => Some(Plain::Text(text.to_string())),
    }
}

/// Whether a value says "nothing" (`""`, `[]`, `false`, `null`).
fn is_empty(value: &Plain) -> bool {
    match value {
        Plain::Null | Plain::Bool(false) => true,
        Plain::Text(t) => t.is_empty(),
        Plain::List(l) => l.is_empty(),
        Plain::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// The rows of `name` (`name.<n>.<cell>`), in the order the form lists them.
fn rows(name: &str, cells: &[(&str, Cell)], form: &Form) -> Option<Plain> {
    let prefix = format!("{name}.");
    let mut order: Vec<&str> = Vec::new();
    for (key, _) in &form.0 {
        let Some((index, _)) = key.strip_prefix(&prefix).and_then(|r| r.split_once('.')) else {
            continue;
        };
        if !order.contains(&index) {
            order.push(index);
        }
    }
    let rows: Vec<Plain> = order
        .into_iter()
        .filter_map(|index| row(&format!("{prefix}{index}."), cells, form))
        .collect();
    (!rows.is_empty()).then_some(Plain::List(rows))
}

fn row(prefix: &str, cells: &[(&str, Cell)], form: &Form) -> Option<Plain> {
    let mut entries = Vec::new();
    for (cell, kind) in cells {
        let value = form.get(&format!("{prefix}{cell}"));
        let value = match kind {
            Cell::Bool => value.is_some().then_some(Plain::Bool(true)),
            Cell::Int => value.and_then(number),
            _ => value
                .filter(|v| !v.is_empty())
                .map(|v| Plain::Text(v.to_string())),
        };
        if let Some(value) = value {
            entries.push((cell.to_string(), value));
        }
    }
    (!entries.is_empty()).then_some(Plain::Map(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_in_the_order_listed_and_empty_inputs_over_empty_values() {
        let form = Form::parse(
            b"speakers.2.name=B&speakers.2.role=&speakers.0.name=A&speakers.0.unit=u&venue=&tasks=x&tasks=&draft=on",
        );
        let speakers = value_of(&ARTICLE[6], &form, None);
        let expected = Plain::List(vec![
            Plain::Map(vec![("name".into(), Plain::Text("B".into()))]),
            Plain::Map(vec![
                ("name".into(), Plain::Text("A".into())),
                ("unit".into(), Plain::Text("u".into())),
            ]),
        ]);
        assert_eq!(speakers, Some(expected));
        let empty = Plain::Text(String::new());
        assert_eq!(value_of(&ARTICLE[3], &form, Some(&empty)), Some(empty));
        assert_eq!(value_of(&ARTICLE[3], &form, None), None);
        let tasks = value_of(&ARTICLE[8], &form, None);
        assert_eq!(tasks, Some(Plain::List(vec![Plain::Text("x".into())])));
        assert_eq!(value_of(&ARTICLE[14], &form, None), Some(Plain::Bool(true)));
    }
}
