//! Golden pages: a few pages of `tests/sites/basic` compared byte for byte
//! with `tests/sites/basic/expected/`, so that any change to what a page
//! shows appears in a diff. `KYYEU_BLESS=1 cargo test --test it golden`
//! writes them anew from the current build (review the diff).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{fixture_dir, Site};

/// The pages kept: the home page, an article in both languages (body
/// photos, headings, a table), both print editions, an English-only
/// article, the feed and the sitemap.
const PAGES: &[&str] = &[
    "index.html",
    "2021/tong-ket-thi-dua-2021/index.html",
    "en/2021/tong-ket-thi-dua-2021/index.html",
    "2021/in/index.html",
    "en/2021/print/index.html",
    "en/2021/study-visit/index.html",
    "atom.xml",
    "sitemap.xml",
];

#[test]
fn golden_pages_of_the_basic_site_are_unchanged() {
    let site = Site::shared_build("basic");
    let expected = fixture_dir("basic").join("expected");
    let bless = std::env::var_os("KYYEU_BLESS").is_some();
    let mut changed = Vec::new();
    for page in PAGES {
        let built = site.read(page);
        let path = expected.join(page);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &built).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        if golden != built {
            let line = golden
                .lines()
                .zip(built.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(golden.lines().count().min(built.lines().count()));
            changed.push(format!("{page} (from line {})", line + 1));
        }
    }
    assert!(
        changed.is_empty(),
        "pages differ from tests/sites/basic/expected/ (KYYEU_BLESS=1 writes them anew): {changed:?}"
    );
}
