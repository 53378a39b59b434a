//! Property tests: slugs, escaping and path resolution hold for any input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kyyeu::slug::slugify;
use kyyeu::source::normalize;
use kyyeu::text::escape;
use proptest::prelude::*;
use std::path::{Component, Path};
use unicode_normalization::UnicodeNormalization;

/// Vietnamese letters and marks, punctuation, path characters and anything else.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ–—“”'\"<>&/\\\\.:_-]{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn slugs_are_ascii_and_idempotent(s in text()) {
        let slug = slugify(&s);
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug}");
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug}");
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn nfc_and_nfd_give_the_same_slug(s in text()) {
        let nfd: String = s.nfd().collect();
        let nfc: String = s.nfc().collect();
        prop_assert_eq!(slugify(&nfd), slugify(&nfc));
    }

    #[test]
    fn escaped_text_holds_no_markup(s in text()) {
        let escaped = escape(&s);
        for c in ['<', '>', '"', '\''] {
            prop_assert!(!escaped.contains(c), "{escaped}");
        }
        prop_assert!(escaped.match_indices('&').all(|(i, _)| ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| escaped[i..].starts_with(e))));
        let back = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        prop_assert_eq!(back, s);
    }

    #[test]
    fn resolved_paths_never_climb_out(parts in proptest::collection::vec(prop_oneof!["\\.\\.", "\\.", "[a-z]{1,5}", "[a-z]{1,3}\\.jpg"], 0..8)) {
        let written = parts.join("/");
        let start = Path::new("content/2021/bai");
        match normalize(&start.join(&written)) {
            Some(path) => {
                prop_assert!(path.components().all(|c| matches!(c, Component::Normal(_))), "{path:?}");
                // Every `..` was matched by a folder it left, so the path is
                // what a file system without links would resolve.
                let depth = parts.iter().fold(3i32, |d, p| match p.as_str() { ".." => d - 1, "." => d, _ => d + 1 });
                prop_assert_eq!(path.components().count() as i32, depth);
            }
            None => {
                // Only a `..` above the start of `content/2021/bai` is refused.
                let mut depth = 3i32;
                let mut climbed = false;
                for p in &parts {
                    match p.as_str() { ".." => { depth -= 1; climbed |= depth < 0 } "." => {} _ => depth += 1 }
                }
                prop_assert!(climbed, "{written}");
            }
        }
    }
}
