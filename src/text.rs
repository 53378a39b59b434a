//! Plain-text rules shared by every reader of user input: UTF-8 BOM and CRLF
//! removal, NFC normalization, white space collapsed, which link schemes
//! are safe to publish, and escaping for HTML and XML.
//!
//! Uses: nothing.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `text` with each run of white space made one space, none at its ends:
/// all of it, or its first whole words once they are longer than
/// `at_least` bytes.
pub fn collapse_white_space(text: &str, at_least: usize) -> String {
    let mut out = String::with_capacity(text.len().min(at_least.saturating_add(64)));
    for word in text.split_whitespace() {
        if out.len() > at_least {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Removes a UTF-8 BOM, turns CRLF (and lone CR) into LF, and normalizes to
/// NFC; a text that needs none of it is returned as it is, not copied.
pub fn clean_source(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    into_nfc(text)
}

/// `text` in Unicode normalization form C (cheap when it already is).
pub fn nfc(text: &str) -> String {
    into_nfc(text.to_string())
}

/// `text` in Unicode normalization form C, not copied when it already is.
fn into_nfc(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Whether a URL may be published as a link: http(s), mailto, or a relative
/// reference. `javascript:`, `data:`, `vbscript:` and other schemes are not,
/// nor is a URL whose percent-decoded form has one (`javascript%3A...`).
pub fn is_safe_url(url: &str) -> bool {
    has_safe_scheme(url) && percent_decode(url).is_none_or(|decoded| has_safe_scheme(&decoded))
}

fn has_safe_scheme(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &compact[..colon];
            let before_path = !scheme.contains(['/', '?', '#']);
            !before_path || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

/// `%XX` sequences decoded; `None` for a malformed one or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes text for HTML and XML text and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let _ = escape_parts(text, |part| {
        out.push_str(part);
        Ok(())
    });
    out
}

/// Hands `text` to `push` in parts: runs of plain text and the entities
/// for `&`, `<`, `>`, `"` and `'`.
pub fn escape_parts(
    text: &str,
    mut push: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut done = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The escaped characters are ASCII: `i` is on a character boundary.
        push(&text[done..i])?;
        push(entity)?;
        done = i + 1;
    }
    push(&text[done..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_bom_crlf_and_nfd() {
        let nfd: String = "Thịnh".nfd().collect();
        assert_eq!(clean_source(format!("\u{feff}a\r\n{nfd}\r")), "a\nThịnh\n");
    }

    #[test]
    fn url_schemes() {
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("../2021/"));
        assert!(is_safe_url("a/b:c"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JaVa\tScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("javascript%3Aalert(1)"));
        assert!(!is_safe_url("%6Aavascript:alert(1)"));
    }
}
