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
    let bytes = text.as_bytes();
    let mut word_start = None;
    let mut at = 0;
    loop {
        let (white, len) = white_space_at(bytes, at);
        match (white, word_start) {
            (true, Some(start)) => {
                word_start = None;
                if out.len() > at_least {
                    return out;
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(text.get(start..at).unwrap_or_default());
            }
            (false, None) => word_start = Some(at),
            _ => {}
        }
        if len == 0 {
            return out;
        }
        at += len;
    }
}

/// Whether the character at `at` is white space, with the standard
/// library's idea of it, and its length in bytes (the end of the text is
/// white space of no length). A character is told apart by its first bytes,
/// and decoded only when it may be punctuation's white space
/// (U+2000-U+205F, U+3000).
#[inline]
fn white_space_at(bytes: &[u8], at: usize) -> (bool, usize) {
    let Some(&byte) = bytes.get(at) else {
        return (true, 0);
    };
    match byte {
        // `char::is_whitespace` for ASCII, which unlike
        // `u8::is_ascii_whitespace` counts the vertical tab.
        0..=0x7f => (matches!(byte, b' ' | b'\t'..=b'\r'), 1),
        // U+0085 and U+00A0.
        0xc2 => (matches!(bytes.get(at + 1), Some(0x85 | 0xa0)), 2),
        // U+1000-U+1FFF (Vietnamese's letters among them): only U+1680.
        0xe1 => (bytes.get(at + 1..at + 3) == Some(&[0x9a, 0x80]), 3),
        0xe2 | 0xe3 => {
            let (code, len) = decode_at(bytes, at);
            (char::from_u32(code).is_some_and(char::is_whitespace), len)
        }
        0xc0..=0xdf => (false, 2),
        0xe0..=0xef => (false, 3),
        _ => (false, 4),
    }
}

/// The code point of the character of valid UTF-8 that starts at `at`, and
/// its length in bytes.
#[inline]
pub fn decode_at(bytes: &[u8], at: usize) -> (u32, usize) {
    let next = |n: usize| bytes.get(at + n).map_or(0, |&b| u32::from(b & 0x3f));
    let lead = bytes.get(at).map_or(0, |&b| u32::from(b));
    match lead {
        0..=0x7f => (lead, 1),
        0x80..=0xdf => ((lead & 0x1f) << 6 | next(1), 2),
        0xe0..=0xef => ((lead & 0x0f) << 12 | next(1) << 6 | next(2), 3),
        _ => (
            (lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
            4,
        ),
    }
}

/// Where `find` first finds its byte in `bytes` from `from` on.
pub fn find_from(
    bytes: &[u8],
    from: usize,
    find: impl Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    find(bytes.get(from..)?).map(|at| from + at)
}

/// Appends `number` in decimal with at least `width` digits (zeros in
/// front), as `format!("{number:0width$}")` writes it, without the
/// formatting machinery: dates are written on every list of a site.
pub fn push_padded(out: &mut String, number: i64, width: usize) {
    if number < 0 {
        out.push('-');
    }
    let mut digits = [b'0'; 20];
    let mut rest = number.unsigned_abs();
    let mut start = digits.len();
    while rest > 0 || start == digits.len() {
        start -= 1;
        if let Some(digit) = digits.get_mut(start) {
            *digit = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
    }
    // The sign counts in the width, as it does for `format!`.
    let len = digits.len() - start + usize::from(number < 0);
    for _ in len..width {
        out.push('0');
    }
    for &digit in digits.get(start..).unwrap_or_default() {
        out.push(char::from(digit));
    }
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
    match nfc_quick_check(&text) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Unicode's quick check for NFC, faster on the text kyyeu reads: ASCII
/// and the characters below [`STARTERS_END`] that the check passes alone
/// (Vietnamese's letters, Latin, common punctuation) are skipped from a
/// table; from the first other character on, the full check runs. Starting
/// it there gives its own answer, as the character before is a starter.
fn nfc_quick_check(text: &str) -> IsNormalized {
    let starters = nfc_starters();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            at += 1;
            continue;
        }
        let (code, len) = decode_at(bytes, at);
        let code = code as usize;
        let bit = starters
            .get(code / 64)
            .map_or(0, |word| word >> (code % 64) & 1);
        if bit == 0 {
            return is_nfc_quick(text.get(at..).unwrap_or_default().chars());
        }
        at += len;
    }
    IsNormalized::Yes
}

/// Characters below this are looked up in [`nfc_starters`].
const STARTERS_END: u32 = 0x2100;

/// One bit per character below [`STARTERS_END`]: set for a starter
/// (combining class 0) that NFC's quick check passes by itself, made from
/// the Unicode tables themselves.
fn nfc_starters() -> &'static [u64] {
    use unicode_normalization::char::canonical_combining_class;
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; STARTERS_END as usize / 64];
        for code in 0..STARTERS_END {
            let passes = char::from_u32(code).is_some_and(|character| {
                canonical_combining_class(character) == 0
                    && is_nfc_quick(std::iter::once(character)) == IsNormalized::Yes
            });
            if let Some(word) = bits.get_mut(code as usize / 64) {
                *word |= u64::from(passes) << (code % 64);
            }
        }
        bits
    })
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
/// for `&`, `<`, `>`, `"` and `'`. The next character of each kind is
/// found by a `memchr` search, not by a test of every byte.
pub fn escape_parts(
    text: &str,
    mut push: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let tags = |from| find_from(bytes, from, |rest| memchr::memchr3(b'&', b'<', b'>', rest));
    let quotes = |from| find_from(bytes, from, |rest| memchr::memchr2(b'"', b'\'', rest));
    let (mut next_tag, mut next_quote) = (tags(0), quotes(0));
    let mut done = 0;
    loop {
        let at = match (next_tag, next_quote) {
            (Some(tag), Some(quote)) => tag.min(quote),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        let entity = match bytes.get(at) {
            Some(b'&') => "&amp;",
            Some(b'<') => "&lt;",
            Some(b'>') => "&gt;",
            Some(b'"') => "&quot;",
            _ => "&#39;",
        };
        // The escaped characters are ASCII: `at` is on a character boundary.
        push(text.get(done..at).unwrap_or_default())?;
        push(entity)?;
        done = at + 1;
        if next_tag == Some(at) {
            next_tag = tags(done);
        } else {
            next_quote = quotes(done);
        }
    }
    push(text.get(done..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_padded_as_format_pads_them() {
        for number in [
            0,
            5,
            9,
            10,
            99,
            2021,
            12345,
            -5,
            -2021,
            i64::from(i32::MIN),
            i64::MAX,
        ] {
            for width in [0, 1, 2, 4] {
                let mut out = String::from("x");
                push_padded(&mut out, number, width);
                assert_eq!(out, format!("x{number:0width$}"), "{number} {width}");
            }
        }
    }

    #[test]
    fn escaping_replaces_each_special_character() {
        let escape = |text: &str| {
            let mut out = String::new();
            let _ = escape_parts(text, |part| {
                out.push_str(part);
                Ok(())
            });
            out
        };
        assert_eq!(escape(""), "");
        assert_eq!(escape("Đoàn kết"), "Đoàn kết");
        assert_eq!(
            escape(r#"<a href="x">'Tom' & "Đào"</a>&&"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; &quot;Đào&quot;&lt;/a&gt;&amp;&amp;"
        );
        assert_eq!(escape("\"'<>&"), "&quot;&#39;&lt;&gt;&amp;");
    }

    #[test]
    fn white_space_is_collapsed_as_the_standard_split_cuts() {
        let texts = [
            "  Hội nghị\t\ttổng kết \n\n năm 2021  ",
            "a\u{0B}b\u{0C}c\rd\u{85}e\u{A0}f\u{1680}g\u{2003}h\u{2028}i\u{3000}j\u{1EA1}",
            "",
            "   ",
            "một",
        ];
        for text in texts {
            let split = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_white_space(text, usize::MAX), split, "{text:?}");
        }
        // Every character, between two letters.
        for code in (0..0x3100).chain([0xfeff, 0x1f600]) {
            let Some(character) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{character}b c");
            let split = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(
                collapse_white_space(&text, usize::MAX),
                split,
                "U+{code:04X}"
            );
        }
        // Whole words until the text is longer than asked.
        assert_eq!(collapse_white_space(" ab  cd ef ", 3), "ab cd");
    }

    #[test]
    fn the_fast_nfc_check_answers_as_the_full_one() {
        // Every character below the table's end and a little past it, alone,
        // after a letter, and before each kind of combining mark.
        for code in 0..STARTERS_END + 0x100 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for text in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}\u{301}"),
                format!("{c}\u{323}\u{302}"),
                format!("{c}\u{302}\u{323}x"),
                format!("Đoàn{c}kết"),
            ] {
                assert_eq!(
                    nfc_quick_check(&text),
                    is_nfc_quick(text.chars()),
                    "U+{code:04X} in {text:?}"
                );
            }
        }
    }

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
