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

/// The words of folded text: runs of letters and digits.
pub fn terms(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|character: char| !character.is_alphanumeric())
        .filter(|term| !term.is_empty() && term.chars().count() <= MAX_TERM_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

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
