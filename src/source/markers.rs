//! Translation markers: the `# TRANSLATE` (`# DỊCH`) comments that
//! `kyyeu new --translate` writes after each field still to translate, and
//! the `<!-- TRANSLATE -->` line at the top of the body. A file with a
//! marker left is not yet translated: `check` lists its fields and `build`
//! leaves it out like a draft.
//!
//! Uses: model.

use crate::model::MarkedField;

/// The words a marker may hold, compared without case.
const WORDS: [&str; 3] = ["translate", "dịch", "dich"];

/// The fields of one file still marked: `yaml` is its front matter, which
/// starts on line `yaml_line` of the file, `body` its body from line
/// `body_line`.
pub fn find(yaml: &str, yaml_line: usize, body: &str, body_line: usize) -> Vec<MarkedField> {
    // Most files have no comment at all: two fast scans settle them.
    let mut found = match memchr::memchr(b'#', yaml.as_bytes()) {
        Some(_) => front_matter_markers(yaml, yaml_line),
        None => Vec::new(),
    };
    if !body.contains("<!--") {
        return found;
    }
    if let Some(offset) = body.lines().position(is_body_marker) {
        found.push(MarkedField {
            field: "body".to_string(),
            line: body_line + offset,
        });
    }
    found
}

/// Whether a comment's text is a marker (`TRANSLATE`, `DỊCH`, alone).
pub(crate) fn is_marker(comment: &str) -> bool {
    let text = comment.trim().to_lowercase();
    WORDS.contains(&text.as_str())
}

/// A body line that is only `<!-- TRANSLATE -->` (or `DỊCH`).
pub(crate) fn is_body_marker(line: &str) -> bool {
    line.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(is_marker)
}

/// One step of a field's path: a key, or an item of a list (counted from 1).
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item(usize),
}

/// Where the walk stands in the front matter: the steps to the current
/// line with their indentation, and a block scalar (`|`, `>`) being skipped.
#[derive(Default)]
struct Walk {
    stack: Vec<(usize, Step)>,
    /// The indentation of the key whose block scalar's lines are skipped.
    block_of: Option<usize>,
    /// A marker on a line of its own, for the next field.
    pending: Option<usize>,
}

impl Walk {
    fn path(&self) -> String {
        let mut out = String::new();
        for (_, step) in &self.stack {
            match step {
                Step::Key(key) if out.is_empty() => out.push_str(key),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Item(n) => out.push_str(&format!("[{n}]")),
            }
        }
        out
    }

    /// A list item at `indent`: the next of its list.
    fn item(&mut self, indent: usize) {
        let mut next = 1;
        while let Some((top, step)) = self.stack.last() {
            match step {
                Step::Item(n) if *top == indent => {
                    next = n + 1;
                    self.stack.pop();
                    break;
                }
                _ if *top > indent => {
                    self.stack.pop();
                }
                _ => break,
            }
        }
        self.stack.push((indent, Step::Item(next)));
    }

    /// A key at `indent`: a sibling or a child of what came before.
    fn key(&mut self, indent: usize, key: &str) {
        while self.stack.last().is_some_and(|(top, _)| *top >= indent) {
            self.stack.pop();
        }
        self.stack.push((indent, Step::Key(key.to_string())));
    }
}

/// The marked fields of a front matter, by a walk over its lines (block
/// style, as `new --translate` writes it and as people write YAML).
fn front_matter_markers(yaml: &str, yaml_line: usize) -> Vec<MarkedField> {
    let mut walk = Walk::default();
    let mut found = Vec::new();
    for (offset, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let (content, comment) = split_comment(line);
        let content = content.trim_end();
        if let Some(block) = walk.block_of {
            if content.trim().is_empty() || indent > block {
                continue;
            }
            walk.block_of = None;
        }
        if content.trim().is_empty() {
            if comment.is_some_and(is_marker) {
                walk.pending = Some(yaml_line + offset);
            }
            continue;
        }
        let value = enter(&mut walk, indent, content.trim_start());
        if value.starts_with('|') || value.starts_with('>') {
            walk.block_of = walk.stack.last().map(|(i, _)| *i);
        }
        let here = comment.is_some_and(is_marker).then_some(yaml_line + offset);
        if let Some(line) = here.or(walk.pending.take()) {
            found.push(MarkedField {
                field: walk.path(),
                line,
            });
        }
    }
    found
}

/// Steps into the keys and list items that start `content` (written at
/// `indent`), returning the value after them.
fn enter<'a>(walk: &mut Walk, indent: usize, content: &'a str) -> &'a str {
    let mut rest = content;
    let mut at = indent;
    loop {
        if let Some(after) = rest.strip_prefix("- ").or((rest == "-").then_some("")) {
            walk.item(at);
            let trimmed = after.trim_start();
            at += 2 + (after.len() - trimmed.len());
            rest = trimmed;
            continue;
        }
        if let Some((key, value)) = split_key(rest) {
            walk.key(at, key);
            return value;
        }
        return rest;
    }
}

/// `key: value` (or `key:` alone) into the key and the value; `None` for a
/// plain or quoted value.
fn split_key(content: &str) -> Option<(&str, &str)> {
    if content.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let colon = content
        .char_indices()
        .find(|&(i, c)| c == ':' && content[i + 1..].chars().next().is_none_or(|n| n == ' '))
        .map(|(i, _)| i)?;
    Some((content[..colon].trim(), content[colon + 1..].trim()))
}

/// A line into its content and its comment (the text after a `#` that is
/// outside quotes and starts the line or follows a space).
pub(crate) fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), _) if c == q => quote = None,
            (None, '"' | '\'') if previous == ' ' || previous == ':' || previous == '-' => {
                quote = Some(c);
            }
            (None, '#') if previous == ' ' || previous == '\t' => {
                return (&line[..i], Some(&line[i + 1..]));
            }
            _ => {}
        }
        previous = c;
    }
    (line, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> Vec<(String, usize)> {
        find(yaml, 2, "", 20)
            .into_iter()
            .map(|m| (m.field, m.line))
            .collect()
    }

    #[test]
    fn paths_follow_keys_and_list_items() {
        let yaml = "title: \"Hội nghị # 5\"   # TRANSLATE\nspeakers:\n  - name: \"A\"\n    role: \"Chủ trì\"\n  - name: \"B\"\n    role: \"Phát biểu\"   # DỊCH\ntasks:   # translate\n  - \"x\"\n";
        assert_eq!(
            fields(yaml),
            vec![
                ("title".to_string(), 2),
                ("speakers[2].role".to_string(), 7),
                ("tasks".to_string(), 8),
            ]
        );
    }

    #[test]
    fn compact_lists_comments_alone_and_block_scalars() {
        let yaml = "summary: |\n  # TRANSLATE is text here\n  more\nroles:\n- unit: a\n  # TRANSLATE\n  role: x\n- unit: b\n  role: y  #TRANSLATE\n";
        assert_eq!(
            fields(yaml),
            vec![
                ("roles[1].role".to_string(), 7),
                ("roles[2].role".to_string(), 10),
            ]
        );
    }

    #[test]
    fn other_comments_and_hashes_are_not_markers() {
        let yaml = "# TRANSLATE: content/2021/a/index.vi.md\ntitle: 'a #TRANSLATE'\nvenue: x # translate later\nsummary: a#TRANSLATE\n";
        assert!(fields(yaml).is_empty());
        let body = "Text\n\n<!-- DỊCH -->\nmore";
        let found = find("", 2, body, 10);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].field.as_str(), found[0].line), ("body", 12));
    }
}
