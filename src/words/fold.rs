//! Folding text for matching (lowercase, no tone marks, `đ` -> `d`, so that
//! `doan ket` finds `Đoàn kết`) and cutting folded text into terms.
//! `static/search.js` folds queries the same way.
//!
//! Pure string work, with unicode-normalization.
//!
//! Uses: text.

use crate::text::decode_at;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Longest word indexed, in characters (longer runs are not words).
const MAX_TERM_CHARS: usize = 40;

/// Characters below this are folded from a table made once: Latin with its
/// marks, Vietnamese's letters (U+1EA0-U+1EF9) among them.
const FOLD_TABLE_END: u32 = 0x2000;

/// Folds text for matching: lowercase, decomposed, combining marks dropped,
/// `đ` -> `d`.
pub fn fold(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    fold_into(text, &mut out);
    into_string(out)
}

/// Bytes that [`fold_into`] wrote, as text (they always are).
pub fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// [`fold`], appending its UTF-8 to `out`: in one pass, without a lowercased
/// copy. ASCII (most of a Vietnamese text) is lowercased byte by byte, other
/// characters folded from a table; a text with a capital sigma is
/// lowercased whole first, as only the whole text's lowercasing knows a
/// final sigma.
pub fn fold_into(text: &str, out: &mut Vec<u8>) {
    let start = out.len();
    out.reserve(text.len());
    let table = folded_table();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            out.push(byte.to_ascii_lowercase());
            at += 1;
            continue;
        }
        let Some(character) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += character.len_utf8();
        match table.get(character as usize - 0x80).and_then(Folded::bytes) {
            Some(&[one]) => out.push(one),
            Some(folded) => out.extend_from_slice(folded),
            None if character == 'Σ' => {
                out.truncate(start);
                let mut folded = String::with_capacity(text.len());
                for character in text.to_lowercase().chars() {
                    fold_lower(character, &mut folded);
                }
                out.extend_from_slice(folded.as_bytes());
                return;
            }
            None => {
                let mut folded = String::new();
                fold_char(character, &mut folded);
                out.extend_from_slice(folded.as_bytes());
            }
        }
    }
}

/// A word of folded text, as [`fold_terms`] hands it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term<'a> {
    /// A word of at most 8 bytes as one number: its bytes, the first one
    /// lowest (a word has no zero byte, so no two words share one).
    Short(u64),
    /// A longer word's UTF-8.
    Long(&'a [u8]),
}

/// A word of at most 8 bytes as one number (a [`Term::Short`]).
pub fn short_key(term: &str) -> Option<u64> {
    let bytes = term.as_bytes();
    let mut key = [0; 8];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u64::from_le_bytes(key))
}

/// The bytes of a [`Term::Short`]'s word, and how many of them it has.
pub fn short_word(key: u64) -> ([u8; 8], usize) {
    (key.to_le_bytes(), 8 - key.leading_zeros() as usize / 8)
}

/// Folds `text` and hands each of its words to `each`, in order: what
/// [`terms`] of [`fold`] gives, in one pass without the folded copy. A word
/// of at most 8 bytes (nearly every folded Vietnamese syllable) is made as
/// one number, without a copy of its text. A text with a capital sigma
/// (lowercased whole, see [`fold_into`]) is folded first, then cut.
pub fn fold_terms(text: &str, mut each: impl FnMut(Term<'_>)) {
    let mut word = Word::default();
    if memchr::memmem::find(text.as_bytes(), "Σ".as_bytes()).is_some() {
        for term in terms(&fold(text)) {
            word.push_folded(term, &mut each);
            word.end(&mut each);
        }
        return;
    }
    let table = folded_table();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            if byte.is_ascii_alphanumeric() {
                word.push_byte(byte.to_ascii_lowercase());
                word.chars += 1;
            } else {
                word.end(&mut each);
            }
            at += 1;
            continue;
        }
        let (code, len) = decode_at(bytes, at);
        at += len;
        let folded = usize::try_from(code)
            .ok()
            .and_then(|code| table.get(code.checked_sub(0x80)?))
            .and_then(Folded::bytes);
        match folded {
            // Most letters fold to one ASCII letter; a mark, to nothing.
            Some(&[one]) if one.is_ascii_alphanumeric() => {
                word.push_byte(one);
                word.chars += 1;
            }
            Some(&[]) => {}
            Some(folded) => word.push_folded(&String::from_utf8_lossy(folded), &mut each),
            None => {
                let mut folded = String::new();
                fold_char(
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                    &mut folded,
                );
                word.push_folded(&folded, &mut each);
            }
        }
    }
    word.end(&mut each);
}

/// The word [`fold_terms`] is cutting: its first 8 bytes as a number, the
/// whole of a longer one as bytes.
#[derive(Default)]
struct Word {
    key: u64,
    len: usize,
    long: Vec<u8>,
    chars: usize,
}

impl Word {
    #[inline]
    fn push_byte(&mut self, byte: u8) {
        if self.len < 8 {
            self.key |= u64::from(byte) << (8 * self.len);
        } else {
            if self.len == 8 {
                self.long.clear();
                self.long.extend_from_slice(&self.key.to_le_bytes());
            }
            self.long.push(byte);
        }
        self.len += 1;
    }

    /// Folded text: its letters and digits go on with the word, anything
    /// else ends it.
    fn push_folded(&mut self, folded: &str, each: &mut impl FnMut(Term<'_>)) {
        for character in folded.chars() {
            if character.is_alphanumeric() {
                let mut utf8 = [0; 4];
                for &byte in character.encode_utf8(&mut utf8).as_bytes() {
                    self.push_byte(byte);
                }
                self.chars += 1;
            } else {
                self.end(each);
            }
        }
    }

    /// Hands the word on (unless it is empty or too long to be a word).
    #[inline]
    fn end(&mut self, each: &mut impl FnMut(Term<'_>)) {
        if self.len == 0 {
            return;
        }
        if self.chars <= MAX_TERM_CHARS {
            each(if self.len <= 8 {
                Term::Short(self.key)
            } else {
                Term::Long(&self.long)
            });
        }
        self.key = 0;
        self.len = 0;
        self.chars = 0;
    }
}

/// One character's folding, from the table: at most 7 bytes (`len` over
/// 7: not in the table).
#[derive(Clone, Copy)]
struct Folded {
    bytes: [u8; 7],
    len: u8,
}

impl Folded {
    fn bytes(&self) -> Option<&[u8]> {
        self.bytes.get(..usize::from(self.len))
    }
}

/// The folding of each character from U+0080 to `FOLD_TABLE_END`, made by
/// [`fold_char`] itself (a test checks every one); capital sigma, and any
/// folding longer than 7 bytes, are left empty for [`fold_into`] to fold
/// by itself.
fn folded_table() -> &'static [Folded] {
    static TABLE: std::sync::OnceLock<Vec<Folded>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..FOLD_TABLE_END)
            .map(|code| {
                let mut out = String::new();
                if let Some(character) = char::from_u32(code) {
                    fold_char(character, &mut out);
                }
                let mut folded = Folded {
                    bytes: [0; 7],
                    len: u8::MAX,
                };
                if code != u32::from('Σ') && out.len() <= folded.bytes.len() {
                    folded.bytes[..out.len()].copy_from_slice(out.as_bytes());
                    folded.len = u8::try_from(out.len()).unwrap_or(u8::MAX);
                }
                folded
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
    Terms {
        text: folded,
        at: 0,
    }
}

/// The iterator of [`terms`]: bytes of ASCII (nearly all of folded text)
/// are told apart by themselves, other characters decoded.
struct Terms<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Terms<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        loop {
            let start = run_end(self.text, self.at, false);
            let end = run_end(self.text, start, true);
            self.at = end;
            if start == end {
                return None;
            }
            let term = self.text.get(start..end)?;
            if end - start <= MAX_TERM_CHARS || term.chars().count() <= MAX_TERM_CHARS {
                return Some(term);
            }
        }
    }
}

/// Where the run that starts at `at` of characters that are letters or
/// digits (`word`), or that are not (`!word`), ends.
#[inline]
fn run_end(text: &str, mut at: usize, word: bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            if byte.is_ascii_alphanumeric() != word {
                return at;
            }
            at += 1;
        } else {
            match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(character) if character.is_alphanumeric() == word => {
                    at += character.len_utf8();
                }
                _ => return at,
            }
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term_text(term: Term<'_>) -> String {
        match term {
            Term::Short(key) => {
                let (bytes, len) = short_word(key);
                String::from_utf8_lossy(&bytes[..len]).into_owned()
            }
            Term::Long(bytes) => String::from_utf8_lossy(bytes).into_owned(),
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
                let mut fused = Vec::new();
                fold_terms(&text, |term| fused.push(term_text(term)));
                let folded = fold(&text);
                assert_eq!(fused, terms(&folded).collect::<Vec<_>>(), "U+{code:04X}");
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
        // Cut as the standard library's split cuts, words over 40
        // characters left out.
        let long = "a".repeat(41);
        let text = format!(
            "  ｘ２ οδος·{long} é\u{301}t 40{}-9{}",
            "ж".repeat(38),
            "ж".repeat(40)
        );
        let words: Vec<&str> = terms(&text).collect();
        let split: Vec<&str> = (text.split(|c: char| !c.is_alphanumeric()))
            .filter(|term| !term.is_empty() && term.chars().count() <= MAX_TERM_CHARS)
            .collect();
        assert_eq!(words, split);
        assert_eq!(words[..4], ["ｘ２", "οδος", "é", "t"]);
        // Folding and cutting in one pass cuts the same words.
        for text in [
            text.as_str(),
            "Hội nghị TỔNG KẾT công tác Đoàn năm 2021, “thi đua”—đoàn-kết ½ ﬁ ǅemal",
            "e\u{301}t A\u{323}\u{302}b ΟΔΟΣ ΣΑΣ",
            "𝐀𝐁𝟏 😀x ａｂｃｄｅｆｇｈｉ abcdefgh abcdefghi ĐẶNGĐẶNGĐẶNG",
            "",
        ] {
            let mut fused = Vec::new();
            fold_terms(text, |term| fused.push(term_text(term)));
            let folded = fold(text);
            let two_passes: Vec<&str> = terms(&folded).collect();
            assert_eq!(fused, two_passes, "{text:?}");
        }
    }
}
