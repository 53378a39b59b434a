//! Vietnamese-aware slugs: `Đặng Thị Hồng Đào` -> `dang-thi-hong-dao`.
//!
//! Text is normalized to NFC first, so NFC and NFD spellings give the same
//! slug; `đ`/`Đ` become `d`; the result is lowercase ASCII letters, digits and
//! single hyphens.
//!
//! Uses: nothing.

use deunicode::deunicode_char;
use unicode_normalization::UnicodeNormalization;

/// Turns any text into a URL-safe ASCII slug (possibly empty).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    let mut push = |a: char| {
        if a.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(a.to_ascii_lowercase());
        } else {
            dash = true;
        }
    };
    for c in text.nfc() {
        if c.is_ascii() {
            push(c);
            continue;
        }
        let ascii = match c {
            'đ' | 'Đ' => "d",
            c => deunicode_char(c).unwrap_or(""),
        };
        ascii.chars().for_each(&mut push);
    }
    slug
}

/// `slug` cut after its first `words` words (at a `-`), so that a long
/// title gives a short address.
pub fn first_words(slug: &str, words: usize) -> &str {
    match slug.match_indices('-').nth(words.saturating_sub(1)) {
        Some((at, _)) if words > 0 => &slug[..at],
        _ => slug,
    }
}

/// Whether `text` is already a slug as [`slugify`] would write it.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_cut_at_a_dash() {
        assert_eq!(first_words("a-bb-c-d-e-f-g-h", 6), "a-bb-c-d-e-f");
        assert_eq!(first_words("a-bb-c", 6), "a-bb-c");
        assert_eq!(first_words("abc", 6), "abc");
    }
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn vietnamese_names() {
        assert_eq!(slugify("Đặng Thị Hồng Đào"), "dang-thi-hong-dao");
        assert_eq!(slugify("Nguyễn Văn Thịnh"), "nguyen-van-thinh");
        assert_eq!(slugify("Đoàn kết – Kỷ cương"), "doan-ket-ky-cuong");
    }

    #[test]
    fn nfd_equals_nfc() {
        let nfd: String = "Đặng Thị Hồng Đào".nfd().collect();
        assert_eq!(slugify(&nfd), "dang-thi-hong-dao");
    }

    #[test]
    fn punctuation_and_edges() {
        assert_eq!(slugify("  --Hello, World!-- "), "hello-world");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("“Tinh hoa” của VCA"), "tinh-hoa-cua-vca");
        assert_eq!(slugify("!!!"), "");
        assert!(is_slug("tong-ket-2021"));
        assert!(!is_slug("Tong ket"));
    }
}
