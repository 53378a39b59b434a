//! The one module that knows serde_yaml: typed parsing with errors at file
//! positions, "did you mean" hints, and a locator that finds where a value was
//! written so later checks (unknown unit ids, missing photos) can point at it.
//! serde's wording is turned into messages where a reporter would not
//! understand it; the rest of it is shown as it comes.
//!
//! Uses: error.

use crate::error::{Error, Message};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where a YAML text sits in its file: its first line's number in the file.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub path: &'a Path,
    pub first_line: usize,
}

impl Origin<'_> {
    /// An error at a YAML-relative (1-based) line and column.
    pub fn error(&self, line: usize, col: usize, message: impl Into<Message>) -> Error {
        Error::at(self.path, line + self.first_line - 1, col, message)
    }
}

/// Deserializes `text` into `T`; an empty document is an empty mapping.
/// A value left empty by an unquoted `#` (`accent: #8b1a1a`) is an error.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Error> {
    match comment_traps(text, origin).into_iter().next() {
        Some(trap) => Err(trap),
        None => parse_as_written(text, origin),
    }
}

/// Deserializes `text` into `T`, without looking for comment traps.
fn parse_as_written<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Error> {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let source = if blank { "{}" } else { text };
    serde_yaml::from_str(source).map_err(|err| convert(&err, source, origin))
}

/// Deserializes a text that ships with kyyeu (the default theme's
/// strings), known to be valid: a broken one gives the default value.
pub fn parse_builtin<T: DeserializeOwned + Default>(text: &str) -> T {
    serde_yaml::from_str(text).unwrap_or_default()
}

/// The first item of the top-level list `key` of a mapping, when `text`
/// parses and it is a text (`languages: [vi, en]` gives `vi`); nothing
/// otherwise. Reads what it can of a file that may have other errors.
pub fn first_of_list(text: &str, key: &str) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let first = value.get(key)?.as_sequence()?.first()?;
    first.as_str().map(str::to_string)
}

/// Like [`parse_mapping`], for a `T` that denies unknown fields (serde's
/// `deny_unknown_fields`): a text without a comment trap that deserializes
/// straight into `T` is taken in one pass, without the intermediate value
/// (what [`parse_mapping`] would have returned for it); anything else goes
/// through [`parse_mapping`] and its errors.
pub fn parse_strict_mapping<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    known: &[&str],
) -> Result<(T, Vec<Error>), Vec<Error>> {
    if comment_traps(text, origin).is_empty() {
        if let Ok(parsed) = serde_yaml::from_str::<T>(text) {
            return Ok((parsed, Vec::new()));
        }
    }
    parse_mapping(text, origin, known)
}

/// Like [`parse`], for a mapping whose top-level keys must be in `known`:
/// every unknown key is reported (with a "did you mean"), then the rest is
/// parsed as if those keys were not there, so one run reports them all
/// together with the type errors of the other fields.
/// Returns the value with the unknown-key errors, or every error.
pub fn parse_mapping<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    known: &[&str],
) -> Result<(T, Vec<Error>), Vec<Error>> {
    let value: serde_yaml::Value = parse_as_written(text, origin).map_err(|e| vec![e])?;
    let mut errors = comment_traps(text, origin);
    let mut blanked = text.to_string();
    if let serde_yaml::Value::Mapping(map) = &value {
        for key in map.keys().filter_map(|k| k.as_str()) {
            if !known.contains(&key) {
                let (line, col) = locate(text, key, None);
                errors.push(
                    origin
                        .error(line, col, Message::new("unknown_field").arg("field", key))
                        .with_hint(did_you_mean(key, known)),
                );
                blanked = blank_key(&blanked, key);
            }
        }
    }
    if errors.is_empty() {
        // The common case, a file without unknown fields: typed from the
        // value already parsed. Only the text gives positioned errors, so
        // anything this refuses is parsed again below.
        if let Ok(parsed) = serde_yaml::from_value::<T>(value) {
            return Ok((parsed, errors));
        }
    }
    match parse_as_written(&blanked, origin) {
        Ok(parsed) => Ok((parsed, errors)),
        Err(e) => {
            errors.push(e);
            Err(errors)
        }
    }
}

/// Every `key: #...` of `text` whose value came out empty because the `#`
/// began a comment, as an error at the `#` with the hint to quote the value.
/// A candidate line is confirmed by parsing the text again with the comment
/// replaced by a probe string: the value was empty only when the probe then
/// is a value of its own (not part of a longer text, nor refused because a
/// block of lines below the key is its value).
fn comment_traps(text: &str, origin: Origin<'_>) -> Vec<Error> {
    const PROBE: &str = "kyyeu-comment-probe-7f3a";
    // Each candidate parses the whole text again: a hostile file of many
    // `key: #` lines must not make that quadratic.
    const MOST_PROBES: usize = 32;
    let mut errors = Vec::new();
    let mut offset = 0;
    let mut probes = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let Some((key, hash)) = comment_after_key(line) else {
            continue;
        };
        probes += 1;
        if probes > MOST_PROBES {
            break;
        }
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let probed = format!("{}\"{PROBE}\"{}", &text[..start + hash], &text[end..]);
        let holds_probe = serde_yaml::from_str::<serde_yaml::Value>(&probed)
            .is_ok_and(|value| has_string(&value, PROBE));
        if holds_probe {
            let col = line[..hash].chars().count() + 1;
            let written = line[hash..].trim_end();
            errors.push(
                origin
                    .error(
                        index + 1,
                        col,
                        Message::new("yaml_comment_value").arg("key", key),
                    )
                    .with_hint(
                        Message::new("yaml_quote_hash")
                            .arg("key", key)
                            .arg("value", written),
                    ),
            );
        }
    }
    errors
}

/// In a line `key: #...` (or `- key: #...`), the key and the byte offset of
/// the `#`.
fn comment_after_key(line: &str) -> Option<(&str, usize)> {
    let mut rest = line.trim_start();
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start();
    }
    let colon = rest.find(": ").or_else(|| rest.find(":\t"))?;
    let key = &rest[..colon];
    let plain_key = !key.is_empty()
        && !key.starts_with(['#', '-', '?', '&', '*', '!', '|', '>', '%', '@', '`'])
        && !key.contains(['#', '"', '\'', '{', '}', '[', ']', ',']);
    let value = rest[colon + 1..].trim_start_matches([' ', '\t']);
    if !plain_key || !value.starts_with('#') {
        return None;
    }
    Some((key, line.len() - value.len()))
}

/// Whether `value` holds the string `wanted` as a whole value (or key).
fn has_string(value: &serde_yaml::Value, wanted: &str) -> bool {
    use serde_yaml::Value;
    match value {
        Value::String(s) => s == wanted,
        Value::Sequence(items) => items.iter().any(|v| has_string(v, wanted)),
        Value::Mapping(map) => map.values().any(|v| has_string(v, wanted)),
        Value::Tagged(tagged) => has_string(&tagged.value, wanted),
        _ => false,
    }
}

/// `text` with the top-level `key:` line and its indented lines emptied
/// (line numbers are kept).
fn blank_key(text: &str, key: &str) -> String {
    let prefix = format!("{key}:");
    let mut inside = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty();
        if top_level {
            inside = line.starts_with(&prefix);
        } else if line.starts_with('-') {
            // a block sequence at column 0 belongs to the key above it
        }
        if inside {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    out
}

fn convert(err: &serde_yaml::Error, text: &str, origin: Origin<'_>) -> Error {
    let (line, col) = err
        .location()
        .map_or((1, 1), |l| file_position(text, (l.line(), l.column())));
    let message = without_positions(&err.to_string());
    if let Some(error) = syntax_error(&message, origin, (line, col)) {
        return error;
    }
    let hint = unknown_field_hint(&message);
    let error = origin.error(line, col, friendlier(&message));
    match hint {
        Some(hint) => error.with_hint(hint),
        None => error,
    }
}

/// serde_yaml's message without its ` at line N column M` parts: they count
/// the lines of the YAML, not of the file, and the error says where it is.
fn without_positions(message: &str) -> String {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let line_digits = digits(after);
        match after[line_digits..].strip_prefix(" column ") {
            Some(col) if line_digits > 0 && digits(col) > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The YAML parser counts U+0085, U+2028 and U+2029 as line breaks too;
/// editors, and every other position we give, count only `\n`. Turns its
/// 1-based (line, column) in `text` into ours.
fn file_position(text: &str, yaml: (usize, usize)) -> (usize, usize) {
    let (mut at, mut ours) = ((1, 1), (1, 1));
    for character in text.chars() {
        if at >= yaml {
            break;
        }
        match character {
            '\n' => (at, ours) = ((at.0 + 1, 1), (ours.0 + 1, 1)),
            '\u{85}' | '\u{2028}' | '\u{2029}' => {
                (at, ours) = ((at.0 + 1, 1), (ours.0, ours.1 + 1))
            }
            _ => (at, ours) = ((at.0, at.1 + 1), (ours.0, ours.1 + 1)),
        }
    }
    ours
}

/// The YAML syntax mistakes reporters make most, in their words.
fn syntax_error(message: &str, origin: Origin<'_>, (line, col): (usize, usize)) -> Option<Error> {
    let hint = if message.contains("mapping values are not allowed") {
        Message::new("yaml_colon_in_value")
    } else if message.contains("did not find expected key")
        || message.contains("could not find expected ':'")
    {
        Message::new("yaml_bad_line")
    } else if message.contains("found character that cannot start any token") {
        Message::new("yaml_tab_or_symbol")
    } else {
        return None;
    };
    Some(
        origin
            .error(line, col, Message::text(message))
            .with_hint(hint),
    )
}

/// Rewrites serde's wording where a reporter would not understand it.
fn friendlier(message: &str) -> Message {
    let (path, rest) = split_path(message);
    let text = if let Some(i) = rest.find(", expected one of") {
        serde_phrase(&rest[..i])
    } else if let Some(found) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
    {
        match found.split_once(", expected ") {
            Some((found, expected)) => Message::new("expected_found")
                .arg("expected", plain_type(expected))
                .arg("found", plain_found(found)),
            None => Message::text(rest),
        }
    } else {
        serde_phrase(rest)
    };
    match path {
        Some(path) => Message::new("field_path")
            .arg("path", path)
            .arg("message", text),
        None => text,
    }
}

/// serde's "unknown field `x`", "missing field `x`" and "duplicate field
/// `x`" as messages; any other text as it comes.
fn serde_phrase(text: &str) -> Message {
    let phrases = [
        ("unknown field `", Message::new("unknown_field")),
        ("missing field `", Message::new("missing_field")),
        ("duplicate field `", Message::new("duplicate_field")),
    ];
    for (prefix, message) in phrases {
        let field = text.strip_prefix(prefix).and_then(|r| r.strip_suffix('`'));
        if let Some(field) = field.filter(|f| !f.contains('`')) {
            return message.arg("field", field);
        }
    }
    Message::text(text)
}

/// Splits serde's `speakers[0].name: message` (or `.[2]: message` for a list
/// at the top) into a readable location and the message.
fn split_path(message: &str) -> (Option<Message>, &str) {
    let Some((path, rest)) = message.split_once(": ") else {
        return (None, message);
    };
    let is_path = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c));
    if !is_path {
        return (None, message);
    }
    let path = path.trim_start_matches('.');
    let readable = match path.strip_prefix('[').and_then(|p| p.split_once(']')) {
        Some((index, tail)) => {
            let number = index.parse::<usize>().unwrap_or(0) + 1;
            match tail.trim_start_matches('.') {
                "" => Message::new("entry").arg("n", number),
                field => Message::new("entry_field")
                    .arg("n", number)
                    .arg("field", field),
            }
        }
        None => Message::text(path),
    };
    (Some(readable), rest)
}

fn plain_type(expected: &str) -> Message {
    match expected {
        "a boolean" => Message::new("type_boolean"),
        "i32" | "u32" | "i64" | "u64" | "u8" | "u16" => Message::new("type_whole_number"),
        "a sequence" => Message::new("type_list"),
        "a string" => Message::new("type_text"),
        "a map" => Message::new("type_mapping"),
        other if other.starts_with("struct ") => Message::new("type_mapping"),
        other => Message::text(other),
    }
}

/// serde's `string "yes"`, `integer `5``, `boolean `true``, `sequence` or
/// `map` in plain words; the value itself is kept as written.
fn plain_found(found: &str) -> Message {
    let kinds = [
        ("string ", Message::new("found_text")),
        ("integer ", Message::new("found_number")),
        ("boolean ", Message::new("found_value")),
    ];
    for (prefix, message) in kinds {
        if let Some(value) = found.strip_prefix(prefix) {
            return message.arg("value", value);
        }
    }
    match found {
        "sequence" => Message::new("found_list"),
        "map" => Message::new("found_mapping"),
        other => Message::text(other),
    }
}

/// "unknown field `speaker`, expected one of `a`, `speakers`" -> "did you mean `speakers`?"
fn unknown_field_hint(message: &str) -> Option<Message> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let field = &rest[..rest.find('`')?];
    let expected: Vec<&str> = rest
        .split("expected one of ")
        .nth(1)
        .or_else(|| rest.split("expected ").nth(1))?
        .split(", ")
        .map(|s| s.trim_matches('`'))
        .collect();
    Some(did_you_mean(field, &expected))
}

/// A hint naming the closest of `choices`, or listing them all.
pub fn did_you_mean(word: &str, choices: &[&str]) -> Message {
    let best = choices
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, choice)) if score >= 0.8 => Message::new("did_you_mean").arg("choice", choice),
        _ => Message::new("expected_one_of").arg("choices", choices.join(", ")),
    }
}

/// Finds where `value` is written after the first `key:` in `text`, as a
/// 1-based (line, column) in the YAML. Falls back to the key, then to (1, 1).
pub fn locate(text: &str, key: &str, value: Option<&str>) -> (usize, usize) {
    let key_colon = format!("{key}:");
    let mut key_pos = None;
    for (i, line) in text.lines().enumerate() {
        if key_pos.is_none() {
            if let Some(col) = find_key(line, &key_colon) {
                key_pos = Some((i + 1, col + 1));
            } else {
                continue;
            }
        }
        let Some(value) = value else { break };
        let from = if key_pos.is_some_and(|(l, _)| l == i + 1) {
            find_key(line, &key_colon).map_or(0, |c| c + key_colon.len())
        } else {
            0
        };
        if let Some(col) = line[from..].find(value) {
            return (i + 1, line[..from + col].chars().count() + 1);
        }
    }
    key_pos.unwrap_or((1, 1))
}

/// Like [`locate`], for the `nth` (from 0) `key:` written with `value`
/// inside the top-level field `section` (`roles:` ... `- unit: x`), so that
/// two entries with the same value are told apart. Falls back to
/// [`locate`] when there is no such entry.
pub fn locate_in(
    text: &str,
    section: &str,
    (key, value, nth): (&str, &str, usize),
) -> (usize, usize) {
    let section_colon = format!("{section}:");
    let key_colon = format!("{key}:");
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with(&section_colon)) else {
        return locate(text, key, Some(value));
    };
    let inside = lines[start + 1..]
        .iter()
        .take_while(|l| l.is_empty() || l.starts_with([' ', '\t', '-', '#']));
    let mut found = inside.enumerate().filter_map(|(i, line)| {
        let from = find_key(line, &key_colon)? + key_colon.len();
        let at = line[from..].find(value)?;
        let written = line[from..].trim().trim_matches(['"', '\'']);
        (written == value).then(|| (start + 2 + i, line[..from + at].chars().count() + 1))
    });
    found
        .nth(nth)
        .unwrap_or_else(|| locate(text, key, Some(value)))
}

/// Column (byte) of `key:` in `line` when it is a mapping key: at the start of
/// the line's content or after `- `.
fn find_key(line: &str, key_colon: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let item = trimmed.strip_prefix("- ").map(str::trim_start);
    match item {
        Some(rest) if rest.starts_with(key_colon) => Some(line.len() - rest.len()),
        _ if trimmed.starts_with(key_colon) => Some(indent),
        _ => None,
    }
}

/// A YAML value as plain data, so that other modules compare and write
/// fields without knowing serde_yaml.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    /// Any other number, as serde_yaml writes it.
    Number(String),
    Text(String),
    List(Vec<Plain>),
    /// A mapping with text keys, in their order.
    Map(Vec<(String, Plain)>),
}

/// The top-level fields of a YAML mapping, in the order written; `None`
/// when it does not parse, is not a mapping (an empty text is an empty
/// one), or holds what [`Plain`] cannot (a tag, a key that is not text).
pub fn fields(text: &str) -> Option<Vec<(String, Plain)>> {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Some(Vec::new());
    }
    match plain(serde_yaml::from_str::<serde_yaml::Value>(text).ok()?)? {
        Plain::Map(fields) => Some(fields),
        _ => None,
    }
}

fn plain(value: serde_yaml::Value) -> Option<Plain> {
    use serde_yaml::Value;
    Some(match value {
        Value::Null => Plain::Null,
        Value::Bool(b) => Plain::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Plain::Int(i),
            None => Plain::Number(n.to_string()),
        },
        Value::String(s) => Plain::Text(s),
        Value::Sequence(items) => Plain::List(items.into_iter().map(plain).collect::<Option<_>>()?),
        Value::Mapping(map) => Plain::Map(
            map.into_iter()
                .map(|(k, v)| Some((k.as_str()?.to_string(), plain(v)?)))
                .collect::<Option<_>>()?,
        ),
        Value::Tagged(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_values_after_their_key() {
        let text = "title: units\nunits: [a, b]\nphotos:\n  - file: x.jpg\n    caption: c\n";
        assert_eq!(locate(text, "units", Some("b")), (2, 12));
        assert_eq!(locate(text, "file", Some("x.jpg")), (4, 11));
        assert_eq!(locate(text, "caption", None), (5, 5));
        assert_eq!(locate(text, "missing", Some("z")), (1, 1));
        let text =
            "speakers:\n  - name: A\n    unit: u\n  - name: B\n    unit: u\nroles:\n  - unit: u\n";
        assert_eq!(locate_in(text, "speakers", ("unit", "u", 0)), (3, 11));
        assert_eq!(locate_in(text, "speakers", ("unit", "u", 1)), (5, 11));
        assert_eq!(locate_in(text, "roles", ("unit", "u", 0)), (7, 11));
        assert_eq!(locate_in(text, "units", ("unit", "u", 0)), (3, 11));
    }

    #[test]
    fn an_unquoted_hash_is_a_comment_trap() {
        let origin = Origin {
            path: Path::new("site.yaml"),
            first_line: 1,
        };
        let traps = |text: &str| -> Vec<String> {
            comment_traps(text, origin)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let found = traps("title: A\nstyle:\n  accent: #8b1a1a\n  logo: x.svg\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("site.yaml:3:11: "), "{found:?}");
        assert!(found[0].contains("accent: \"#8b1a1a\""), "{found:?}");
        assert_eq!(traps("speakers:\n- name: #1\n  role: x\n").len(), 1);
        // A comment before a block value, a block scalar, a quoted value,
        // a comment line and `#` inside a value are no traps.
        assert!(traps("photos: # the photos\n  - file: a.jpg\n").is_empty());
        assert!(traps("units: # ids\n- a\n- b\n").is_empty());
        assert!(traps("summary: |\n  note: #1 of the year\n").is_empty());
        assert!(traps("accent: \"#8b1a1a\"\n# logo: #x\ntitle: a #b\n").is_empty());
        assert!(traps("title: \"a\n  b: #c\"\n").is_empty());
    }

    #[test]
    fn hints_near_misses() {
        assert_eq!(
            did_you_mean("speaker", &["title", "speakers"]).to_string(),
            "did you mean `speakers`?"
        );
        assert_eq!(
            did_you_mean("zzz", &["a", "b"]).to_string(),
            "expected one of: a, b"
        );
    }

    #[test]
    fn serde_wording_in_plain_words() {
        let plain = |m: &str| friendlier(m).to_string();
        assert_eq!(
            plain("draft: invalid type: string \"yes\", expected a boolean"),
            "draft: expected `true` or `false`, found the text \"yes\""
        );
        assert_eq!(
            plain("units: invalid type: string \"a map of strings\", expected a sequence"),
            "units: expected a list, found the text \"a map of strings\""
        );
        assert_eq!(
            plain(".[1]: missing field `name`"),
            "entry 2: missing field `name`"
        );
        assert_eq!(
            plain(".[0].short: invalid type: sequence, expected a map"),
            "entry 1, short: expected a mapping (`key: value` lines), found a list"
        );
        assert_eq!(
            plain("speakers[0]: unknown field `rol`, expected one of `name`, `role`, `unit`"),
            "speakers[0]: unknown field `rol`"
        );
        let vi = crate::error::Catalogue::of(crate::error::Language::Vietnamese);
        assert_eq!(
            vi.render(&friendlier(
                "draft: invalid type: string \"yes\", expected a boolean"
            )),
            "draft: cần `true` hoặc `false`, nhưng đang là đoạn chữ \"yes\""
        );
    }
}
