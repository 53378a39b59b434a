//! Folding text for matching (lowercase, no tone marks, `đ` -> `d`, so that
//! `doan ket` finds `Đoàn kết`) and cutting folded text into terms.
//! `static/search.js` folds queries the same way.
//!
//! Pure string work. Uses: unicode-normalization.
//!
//! Uses: nothing.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Longest word indexed, in characters (longer runs are not words).
const MAX_TERM_CHARS: usize = 40;

/// Characters below this are folded from a table made once: Latin with its
/// marks, Vietnamese's letters (U+1EA0-U+1EF9) among them.
const FOLD_TABLE_END: u32 = 0x2000;

/// Folds text for matching: lowercase, decomposed, combining marks dropped,
/// `đ` -> `d`.
pub fn fold(text: &str) -> String {
    if text.contains('Σ') {
        // Only the whole text's lowercasing knows a final sigma.
        let mut out = String::with_capacity(text.len());
        for character in text.to_lowercase().chars() {
            fold_lower(character, &mut out);
        }
        return out;
    }
    fold_without_sigma(text)
}

/// [`fold`] in one pass, without a lowercased copy: runs of ASCII (most of a
/// Vietnamese text) are copied and lowercased whole, any other character by
/// itself.
fn fold_without_sigma(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii_run = rest
            .bytes()
            .position(|byte| !byte.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii_run]);
        out[start..].make_ascii_lowercase();
        let mut chars = rest[ascii_run..].chars();
        if let Some(character) = chars.next() {
            match folded_table().get(character as usize - 0x80) {
                Some(folded) => out.push_str(folded),
                None => fold_char(character, &mut out),
            }
        }
        rest = chars.as_str();
    }
    out
}

/// The folding of each character from U+0080 to `FOLD_TABLE_END`, made by
/// [`fold_char`] itself (a test checks every one).
fn folded_table() -> &'static [Box<str>] {
    static TABLE: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..FOLD_TABLE_END)
            .map(|code| {
                let mut out = String::new();
                if let Some(character) = char::from_u32(code) {
                    fold_char(character, &mut out);
                }
                out.into_boxed_str()
            })
            .collect()
    })
}

/// Appends one character lowercased and folded.
fn fold_char(character: char, out: &mut String) {
    for lower in character.to_lowercase() {
        fold_lower(lower, out);
    }
}

/// Appends a lowercase character, decomposed, without its marks.
fn fold_lower(character: char, out: &mut String) {
    if character.is_ascii() {
        out.push(character);
        return;
    }
    // Marks are dropped, so NFD's reordering of marks cannot matter:
    // decomposing one character at a time gives the same text.
    decompose_canonical(character, |part| match part {
        'đ' => out.push('d'),
        mark if is_combining_mark(mark) => {}
        base => out.push(base),
    });
}

/// The words of folded text: runs of letters and digits (of at most
/// `MAX_TERM_CHARS` characters).
pub fn terms(folded: &str) -> impl Iterator<Item = &str> {
    Terms {
        text: folded,
        at: 0,
    }
}

/// The runs of letters and digits of a text, ASCII bytes tested without
/// decoding them (folded text is mostly ASCII).
struct Terms<'a> {
    text: &'a str,
    /// A character boundary: where the next search starts.
    at: usize,
}

impl<'a> Terms<'a> {
    /// The length of the character at `at` (a boundary) and whether it is
    /// a letter or digit; `None` at the end.
    fn at(&self, at: usize) -> Option<(usize, bool)> {
        let byte = *self.text.as_bytes().get(at)?;
        if byte.is_ascii() {
            return Some((1, byte.is_ascii_alphanumeric()));
        }
        let character = self.text.get(at..)?.chars().next()?;
        Some((character.len_utf8(), character.is_alphanumeric()))
    }
}

impl<'a> Iterator for Terms<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let mut start = self.at;
            loop {
                let (width, word) = self.at(start)?;
                if word {
                    break;
                }
                start += width;
            }
            let (mut end, mut chars) = (start, 0);
            while let Some((width, true)) = self.at(end) {
                end += width;
                chars += 1;
            }
            self.at = end;
            if chars <= MAX_TERM_CHARS {
                return self.text.get(start..end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_the_runs_of_letters_and_digits_up_to_forty_characters() {
        let long = "a".repeat(MAX_TERM_CHARS + 1);
        let exact = "b".repeat(MAX_TERM_CHARS);
        for text in [
            String::new(),
            "  ,. ".to_string(),
            "doan ket, 2021: hoi-nghi".to_string(),
            format!("x {long} y {exact} z"),
            "ǅemal ﬁ Ⅻ 한국어 ß—é·d… end".to_string(),
            "άλφα2βήτα".to_string(),
        ] {
            let split: Vec<&str> = text
                .split(|character: char| !character.is_alphanumeric())
                .filter(|term| !term.is_empty() && term.chars().count() <= MAX_TERM_CHARS)
                .collect();
            assert_eq!(terms(&text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn folding_in_one_pass_is_lowercasing_then_folding() {
        let two_passes = |text: &str| {
            let mut out = String::new();
            for character in text.to_lowercase().chars() {
                fold_lower(character, &mut out);
            }
            out
        };
        for text in [
            "Hội nghị TỔNG KẾT công tác Đoàn năm 2021",
            "ĐẶNG THỊ HỒNG ĐÀO, Ủy viên",
            "İstanbul ΟΔΟΣ ΣΑΣ Straße ǅemal Ⅻ ﬁ",
            "e\u{301} A\u{323}\u{302} plain ascii",
        ] {
            assert_eq!(fold(text), two_passes(text), "{text}");
        }
        assert_eq!(fold("ΟΔΟΣ"), "οδος");
        // The table gives every character what folding it alone gives.
        for code in 0x80..FOLD_TABLE_END + 0x100 {
            if let Some(character) = char::from_u32(code).filter(|&c| c != 'Σ') {
                let text = format!("a{character}b");
                assert_eq!(fold(&text), two_passes(&text), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn folding_drops_marks_and_the_bar_of_d() {
        assert_eq!(fold("Đặng Thị Hồng Đào"), "dang thi hong dao");
        assert_eq!(fold("Đoàn kết"), "doan ket");
        assert_eq!(fold("NGUYỄN VĂN THỊNH"), "nguyen van thinh");
        // NFD input folds the same as NFC.
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Thịnh".nfd().collect();
        assert_eq!(fold(&nfd), "thinh");
        assert_eq!(fold("ΟΔΟΣ Ǆ ﬁ Å"), "οδος ǆ ﬁ a");
        let words: Vec<&str> = terms("hop-tac xa, 2021!").collect();
        assert_eq!(words, ["hop", "tac", "xa", "2021"]);
    }
}
