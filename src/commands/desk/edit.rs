//! The front matter of an article or page edited field by field, as text.
//! The YAML parser does not keep comments, so the text is never written from a
//! parsed value: it is cut into the lines of each top-level field, and only
//! the lines of the fields whose value changed are written again. Field
//! order, comments between fields, fields the desk does not know and the
//! body stay as they are; a field set to the value it has keeps its bytes.
//! The cut is checked before (each field's lines alone must read as that
//! field's value) and the result after (every field must read as intended),
//! so a front matter written in a way the cut cannot follow is refused, not
//! damaged.
//!
//! Uses: yaml (its `Plain`), markers, new (quoting).

use crate::source::markers;
use crate::source::yaml::{self, Plain};
use std::collections::BTreeSet;

/// What a save changes in a front matter.
#[derive(Debug, Default, Clone)]
pub struct Edit {
    /// The fields the form shows, each with its new value (`None`: removed).
    pub fields: Vec<(String, Option<Plain>)>,
    /// The marked paths (`title`, `speakers[2].role`) that stay marked;
    /// every other translation marker of an edited field is removed.
    pub keep_marked: BTreeSet<String>,
    /// The word of a marker written again (`TRANSLATE`, `DỊCH`).
    pub mark: String,
}

/// The front matter after an edit.
#[derive(Debug, PartialEq)]
pub struct Edited {
    pub yaml: String,
    /// Fields written again whose comments (other than markers) are not kept.
    pub comments_dropped: Vec<String>,
}

/// Why a front matter cannot be edited; nothing is written.
#[derive(Debug, PartialEq)]
pub enum EditError {
    /// It does not read as a mapping of plain values (a tag, a syntax error).
    NotPlain,
    /// The lines of this field cannot be told from its neighbours' (a
    /// quoted text running across lines at the margin, an anchor).
    Tangled(String),
    /// The result did not read back as intended.
    Mismatch(String),
}

/// The lines of one top-level field: `start..end` (its last line holding
/// something other than a comment).
#[derive(Debug)]
struct Block {
    key: String,
    start: usize,
    end: usize,
}

/// The front matter `yaml` with `edit` applied; fields missing from it are
/// added after the field that precedes them in `order`.
pub fn apply(yaml: &str, edit: &Edit, order: &[&str]) -> Result<Edited, EditError> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let old = yaml::fields(yaml).ok_or(EditError::NotPlain)?;
    let blocks = segment(&lines);
    check_segments(&lines, &blocks, &old)?;
    let plan = Plan::new(&lines, &blocks, &old, edit, order);
    let written = plan.write(&lines);
    verify(&written, &old, edit)?;
    Ok(Edited {
        yaml: written,
        comments_dropped: plan.comments_dropped,
    })
}

/// The top-level field whose lines hold line `line` (counted from 1) of `yaml`.
pub fn field_at(yaml: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    segment(&lines)
        .into_iter()
        .find(|b| b.start < line && line <= b.end)
        .map(|b| b.key)
}

/// The key of a line that starts a top-level field (`title: ...`).
fn top_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-', '"', '\'', '[', '{', '?', '\n']) {
        return None;
    }
    let (content, _) = markers::split_comment(line.trim_end_matches('\n'));
    let colon = content
        .char_indices()
        .find(|&(i, c)| c == ':' && content[i + 1..].chars().next().is_none_or(|n| n == ' '))
        .map(|(i, _)| i)?;
    let key = content[..colon].trim_end();
    (!key.is_empty()).then_some(key)
}

/// Whether a key line's value opens a block scalar (`|`, `>`).
fn opens_block_scalar(line: &str) -> bool {
    let (content, _) = markers::split_comment(line.trim_end_matches('\n'));
    content
        .split_once(':')
        .is_some_and(|(_, v)| v.trim_start().starts_with(['|', '>']))
}

/// The text's lines cut into top-level fields.
fn segment(lines: &[&str]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut scalar = false;
    for (i, line) in lines.iter().enumerate() {
        if let Some(key) = top_key(line) {
            scalar = opens_block_scalar(line);
            blocks.push(Block {
                key: key.to_string(),
                start: i,
                end: i + 1,
            });
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            continue;
        };
        let bare = line.trim_end_matches('\n');
        let comment = bare.trim_start().starts_with('#') && !(scalar && bare.starts_with(' '));
        if !bare.trim().is_empty() && !comment {
            block.end = i + 1;
        }
    }
    blocks
}

/// Each field's lines alone read as that field's value, and the fields are
/// those of the whole text, in its order.
fn check_segments(
    lines: &[&str],
    blocks: &[Block],
    old: &[(String, Plain)],
) -> Result<(), EditError> {
    for (i, (key, value)) in old.iter().enumerate() {
        let Some(block) = blocks.get(i).filter(|b| &b.key == key) else {
            return Err(EditError::Tangled(key.clone()));
        };
        let text = lines[block.start..block.end].concat();
        let alone = yaml::fields(&text);
        if alone.as_deref() != Some(&[(key.clone(), value.clone())][..]) {
            return Err(EditError::Tangled(key.clone()));
        }
    }
    match blocks.get(old.len()) {
        Some(extra) => Err(EditError::Tangled(extra.key.clone())),
        None => Ok(()),
    }
}

/// What happens to a line of the old text.
#[derive(Debug, Clone, PartialEq)]
enum Action {
    Keep,
    Drop,
    /// Its translation marker removed.
    Unmark,
    /// Replaced by the text of a field written again.
    Replace(String),
}

/// What the edit does to each line, and the fields inserted before a line.
struct Plan {
    actions: Vec<Action>,
    /// Fields added, each before a line (`lines.len()`: at the end).
    inserted: Vec<(usize, String)>,
    comments_dropped: Vec<String>,
}

impl Plan {
    fn new(
        lines: &[&str],
        blocks: &[Block],
        old: &[(String, Plain)],
        edit: &Edit,
        order: &[&str],
    ) -> Plan {
        let mut plan = Plan {
            actions: vec![Action::Keep; lines.len()],
            inserted: Vec::new(),
            comments_dropped: Vec::new(),
        };
        let yaml = lines.concat();
        let marks = markers::find(&yaml, 1, "", 1);
        for (key, new) in &edit.fields {
            let at = blocks.iter().position(|b| &b.key == key);
            let old_value = old.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            let own_marks = marks.iter().filter(|m| top_of(&m.field) == key);
            match (at, new) {
                (None, None) => {}
                (None, Some(value)) => {
                    let before = insertion_point(blocks, key, order, lines.len());
                    plan.inserted
                        .push((before, write_field(key, value, edit, None)));
                }
                (Some(_), Some(value)) if old_value.is_some_and(|old| same(old, value)) => {
                    for mark in own_marks.filter(|m| !edit.keep_marked.contains(&m.field)) {
                        plan.set(mark.line - 1, Action::Unmark);
                    }
                }
                (Some(i), new) => {
                    let block = &blocks[i];
                    for mark in own_marks {
                        plan.set(mark.line - 1, Action::Drop);
                    }
                    plan.rewrite(lines, block, new.as_ref(), edit);
                }
            }
        }
        plan
    }

    fn set(&mut self, line: usize, action: Action) {
        if let Some(slot) = self.actions.get_mut(line) {
            *slot = action;
        }
    }

    /// The lines of `block` replaced by the field's new value (or removed).
    fn rewrite(&mut self, lines: &[&str], block: &Block, new: Option<&Plain>, edit: &Edit) {
        let scalar = opens_block_scalar(lines[block.start]);
        let inner = &lines[block.start + 1..block.end];
        let has_comment = |line: &&str| {
            let (_, comment) = markers::split_comment(line.trim_end_matches('\n'));
            comment.is_some_and(|c| !markers::is_marker(c))
        };
        if !scalar && inner.iter().any(has_comment) {
            self.comments_dropped.push(block.key.clone());
        }
        for line in block.start..block.end {
            self.set(line, Action::Drop);
        }
        if let Some(value) = new {
            let (_, comment) = markers::split_comment(lines[block.start].trim_end_matches('\n'));
            let comment = comment.filter(|c| !markers::is_marker(c));
            let text = write_field(&block.key, value, edit, comment);
            self.set(block.start, Action::Replace(text));
        }
    }

    /// The new text: every line kept, changed or dropped, fields inserted.
    fn write(&self, lines: &[&str]) -> String {
        let mut out = String::new();
        for i in 0..=lines.len() {
            for (_, text) in self.inserted.iter().filter(|(at, _)| *at == i) {
                new_line(&mut out);
                out.push_str(text);
            }
            let Some(line) = lines.get(i) else { break };
            match &self.actions[i] {
                Action::Keep => out.push_str(line),
                Action::Drop => {}
                Action::Unmark => out.push_str(&unmarked(line)),
                Action::Replace(text) => {
                    new_line(&mut out);
                    out.push_str(text);
                }
            }
        }
        out
    }
}

/// Ends the text's last line, if it has one.
fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The top-level field of a marked path (`speakers` of `speakers[2].role`).
fn top_of(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or(path)
}

/// A line without its translation marker (nothing if the marker was alone).
fn unmarked(line: &str) -> String {
    let (content, comment) = markers::split_comment(line.trim_end_matches('\n'));
    match comment {
        Some(c) if markers::is_marker(c) && content.trim().is_empty() => String::new(),
        Some(c) if markers::is_marker(c) => format!("{}\n", content.trim_end()),
        _ => line.to_string(),
    }
}

/// The line before which a new field `key` goes: after the last field
/// written before it in `order`, else before the first field that comes
/// after it, else at the end.
fn insertion_point(blocks: &[Block], key: &str, order: &[&str], end: usize) -> usize {
    let rank = |k: &str| order.iter().position(|o| *o == k);
    let Some(mine) = rank(key) else { return end };
    let earlier = blocks
        .iter()
        .filter(|b| rank(&b.key).is_some_and(|r| r < mine))
        .map(|b| b.end)
        .max();
    let later = blocks
        .iter()
        .filter(|b| rank(&b.key).is_some_and(|r| r > mine))
        .map(|b| b.start)
        .min();
    earlier.or(later).unwrap_or(end)
}

/// The text of one top-level field; `comment` is kept on its first line
/// (unless a kept marker takes its place).
fn write_field(key: &str, value: &Plain, edit: &Edit, comment: Option<&str>) -> String {
    let mut writer = Writer {
        out: String::new(),
        edit,
    };
    writer.key(("", 0), (key, value), key, comment);
    writer.out
}

/// Writes values in block style, two spaces a level, marking the paths
/// that stay marked.
struct Writer<'a> {
    out: String,
    edit: &'a Edit,
}

impl Writer<'_> {
    fn line(&mut self, text: &str, path: &str, comment: Option<&str>) {
        self.out.push_str(text);
        if self.edit.keep_marked.contains(path) {
            self.out.push_str("   # ");
            self.out.push_str(&self.edit.mark);
        } else if let Some(comment) = comment {
            self.out.push_str("   #");
            self.out.push_str(comment);
        }
        self.out.push('\n');
    }

    /// `lead` is what precedes the key on its line (spaces, or `- `), `col`
    /// the key's column.
    fn key(
        &mut self,
        (lead, col): (&str, usize),
        (key, value): (&str, &Plain),
        path: &str,
        comment: Option<&str>,
    ) {
        match value {
            Plain::List(items) if !items.is_empty() => {
                self.line(&format!("{lead}{key}:"), path, comment);
                for (i, item) in items.iter().enumerate() {
                    self.item(col + 2, item, &format!("{path}[{}]", i + 1));
                }
            }
            Plain::Map(entries) if !entries.is_empty() => {
                self.line(&format!("{lead}{key}:"), path, comment);
                self.entries(&" ".repeat(col + 2), col + 2, entries, path);
            }
            other => self.line(&format!("{lead}{key}: {}", scalar(other)), path, comment),
        }
    }

    fn entries(&mut self, first_lead: &str, col: usize, entries: &[(String, Plain)], path: &str) {
        for (i, (key, value)) in entries.iter().enumerate() {
            let lead = if i == 0 {
                first_lead.to_string()
            } else {
                " ".repeat(col)
            };
            self.key((&lead, col), (key, value), &format!("{path}.{key}"), None);
        }
    }

    fn item(&mut self, col: usize, value: &Plain, path: &str) {
        let pad = " ".repeat(col);
        match value {
            Plain::Map(entries) if !entries.is_empty() => {
                self.entries(&format!("{pad}- "), col + 2, entries, path);
            }
            Plain::List(items) if !items.is_empty() => {
                self.line(&format!("{pad}-"), path, None);
                for (i, item) in items.iter().enumerate() {
                    self.item(col + 2, item, &format!("{path}[{}]", i + 1));
                }
            }
            other => self.line(&format!("{pad}- {}", scalar(other)), path, None),
        }
    }
}

/// A scalar (or an empty list or mapping) as YAML.
fn scalar(value: &Plain) -> String {
    match value {
        Plain::Null => "null".to_string(),
        Plain::Bool(b) => b.to_string(),
        Plain::Int(i) => i.to_string(),
        Plain::Number(n) => n.clone(),
        Plain::Text(text) => text_scalar(text),
        Plain::List(_) => "[]".to_string(),
        Plain::Map(_) => "{}".to_string(),
    }
}

/// A text as written by people (plain) when YAML reads it back as that
/// same text, else double-quoted.
fn text_scalar(text: &str) -> String {
    // Words other YAML readers take for booleans or null stay quoted.
    let lower = text.to_lowercase();
    let looks_typed = [
        "yes", "no", "on", "off", "y", "n", "true", "false", "null", "~",
    ];
    let plain = !text.is_empty()
        && !looks_typed.contains(&lower.as_str())
        && !text.contains(['\n', '\r', '\t'])
        && text.trim() == text
        && yaml::fields(&format!("k: {text}\n"))
            .is_some_and(|f| f == [("k".to_string(), Plain::Text(text.to_string()))]);
    if plain {
        text.to_string()
    } else {
        crate::commands::new::quoted(text)
    }
}

/// Whether two values are the same, whatever the order of a mapping's keys.
fn same(a: &Plain, b: &Plain) -> bool {
    match (a, b) {
        (Plain::List(x), Plain::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Plain::Map(x), Plain::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(l, w)| k == l && same(v, w)))
        }
        _ => a == b,
    }
}

/// The new text reads as the old fields with the edit applied.
fn verify(written: &str, old: &[(String, Plain)], edit: &Edit) -> Result<(), EditError> {
    let new = yaml::fields(written).ok_or_else(|| EditError::Mismatch(String::new()))?;
    let mut expected: Vec<(String, Plain)> = old.to_vec();
    for (key, value) in &edit.fields {
        expected.retain(|(k, _)| k != key);
        if let Some(value) = value {
            expected.push((key.clone(), value.clone()));
        }
    }
    if new.len() != expected.len() {
        return Err(EditError::Mismatch(String::new()));
    }
    for (key, value) in &expected {
        if !new.iter().any(|(k, v)| k == key && same(v, value)) {
            return Err(EditError::Mismatch(key.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
