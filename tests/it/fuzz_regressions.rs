//! The fuzz targets' inputs, replayed by `cargo test`: every seed of
//! `fuzz/seeds/<target>/` and every input a fuzzing run found a problem with
//! (`fuzz/regressions/<target>/`), through the same entry points and
//! checks as the targets in `fuzz/fuzz_targets/`, with the outcome each one
//! should have.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::common::{copy_tree, Site};
use kyyeu::error::Failure;
use kyyeu::fuzzing::{check_failure, check_output, InMemory};
use std::path::{Path, PathBuf};

/// Where the article target writes its input.
const ARTICLE: &str = "content/2021/x/index.vi.md";

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// `(file name, bytes)` of every file of `fuzz/<dir>/<target>/`, sorted.
fn inputs(dir: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = common::walk(&fuzz_dir().join(dir).join(target))
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// What the front_matter target checks: no panic, and every error on a
/// line of the file. Returns the errors in English.
fn front_matter(bytes: &[u8]) -> Result<Vec<String>, Vec<String>> {
    let text = String::from_utf8_lossy(bytes);
    let path = Path::new(ARTICLE);
    let _ = kyyeu::source::front_matter::split(&text, path);
    let lines = kyyeu::text::clean_source(text.to_string()).lines().count() + 1;
    let (ok, errors) = match kyyeu::fuzzing::front_matter(&text, path) {
        Ok((_, unknown)) => (true, unknown),
        Err(errors) => (false, errors),
    };
    for error in &errors {
        assert!(
            (1..=lines).contains(&error.line) && error.col >= 1,
            "{error}"
        );
    }
    let shown = errors.iter().map(ToString::to_string).collect();
    if ok {
        Ok(shown)
    } else {
        Err(shown)
    }
}

/// The article target's site (`fuzz/site/`) in a folder of its own.
fn article_site() -> Site {
    let site = Site::empty();
    copy_tree(&fuzz_dir().join("site"), site.root(), &|_| true);
    site
}

/// What the article target checks, for `bytes` as the article of `site`:
/// a safe output, or content errors that each name a file. Returns the
/// number of files rendered, or the failure in English.
fn article(site: &Site, renderer: &mut InMemory, bytes: &[u8]) -> Result<usize, String> {
    site.write_bytes(ARTICLE, bytes);
    match renderer.render() {
        Ok(files) => {
            check_output(&files).unwrap();
            Ok(files.len())
        }
        Err(failure) => {
            check_failure(&failure).unwrap();
            assert!(matches!(failure, Failure::Content(_)));
            Err(failure.to_string())
        }
    }
}

/// The seeds of the front_matter target whose front matter does not parse.
const FRONT_MATTER_FAILS: &[&str] = &[
    "dashes-cr.md",
    "dashes-only.md",
    "deep.md",
    "duplicate.md",
    "empty.md",
    "indented.md",
    "not-closed.md",
    "sequence.md",
    "unknown-fields.md",
    "yaml-anchors.md",
    "yaml-syntax.md",
];

#[test]
fn front_matter_seeds_parse_or_fail_on_a_line_of_the_file() {
    let seeds = inputs("seeds", "front_matter");
    assert!(seeds.len() >= 20, "{} seeds", seeds.len());
    for (name, bytes) in &seeds {
        let outcome = front_matter(bytes);
        let fails = FRONT_MATTER_FAILS.contains(&name.as_str());
        assert_eq!(outcome.is_err(), fails, "{name}: {outcome:?}");
    }
}

/// The first error each failing seed of the article target must give
/// (English, without the path); every other seed must render.
const ARTICLE_ERRORS: &[(&str, &str)] = &[
    (
        "bad-links.md",
        "5:1: link to `javascript:alert(1)` is not allowed",
    ),
    (
        "content_2021_tong-ket-thi-dua-2021_index.en.md",
        "2:1: missing `date`",
    ),
    (
        "content_2022_ban-nhap-hoi-thao_index.vi.md",
        "3:1: the article is in the folder of year 2021 but its year is 2022",
    ),
    (
        "content_2022_ky-giao-uoc-thi-dua.vi.md",
        "4:1: the article is in the folder of year 2021 but its year is 2022",
    ),
    ("dates.md", "3:7: `date` is not a valid date"),
    (
        "draft.md",
        "4:1: the article is in the folder of year 2021 but its year is 2022",
    ),
    ("empty-front-matter.md", "2:1: missing `date`"),
    ("empty.md", "1:1: expected front matter"),
    ("not-closed.md", "1:1: the front matter is not closed"),
    ("not-utf8.md", "2:9: the file is not valid UTF-8"),
    (
        "tests_sites_basic_content_2020_tong-ket-2020_index.vi.md",
        "4:1: the article is in the folder of year 2021 but its year is 2020",
    ),
    (
        "tests_sites_basic_content_2021_ky-giao-uoc.vi.md",
        "7:11: photo `anh/ky-ket.jpg` does not exist",
    ),
    (
        "tests_sites_basic_content_2021_tong-ket-thi-dua-2021_index.vi.md",
        "49:58: linked article `../ky-giao-uoc.vi.md` does not exist",
    ),
    ("raw-html.md", "10:43: photo `x.png` does not exist"),
    ("unknown-fields.md", "4:1: unknown field `speaker`"),
    (
        "yaml-anchors.md",
        "5:18: tasks[2]: expected a text, found a list",
    ),
    (
        "yaml-syntax.md",
        "2:16: mapping values are not allowed in this context",
    ),
];

#[test]
fn article_seeds_render_safely_or_fail_with_located_errors() {
    let site = article_site();
    let mut renderer = InMemory::new(kyyeu::Options::new(site.root()));
    let seeds = inputs("seeds", "article");
    assert!(seeds.len() >= 20, "{} seeds", seeds.len());
    for (name, bytes) in &seeds {
        let outcome = article(&site, &mut renderer, bytes);
        let expected = ARTICLE_ERRORS.iter().find(|(n, _)| n == name);
        match (&outcome, expected) {
            (Ok(files), None) => assert!(*files > 30, "{name}: {files} files"),
            (Err(errors), Some((_, first))) => {
                let first = format!("error: {ARTICLE}:{first}");
                assert!(errors.starts_with(&first), "{name}: {errors}");
            }
            _ => panic!("{name}: {outcome:?}"),
        }
    }
}

/// An input of `fuzz/regressions/<target>/`.
fn regression(target: &str, name: &str) -> Vec<u8> {
    std::fs::read(fuzz_dir().join("regressions").join(target).join(name)).unwrap()
}

/// Found by the article target's output check: raw HTML could write the
/// internal scheme of article links (`kyyeu-article:`) where it is not
/// resolved (an `<img src>`, other case, a leading space), and it went out
/// as it was; and ammonia does not look into `srcset`, so a `javascript:`
/// or `data:` URL there was published.
#[test]
fn raw_html_cannot_publish_the_article_link_scheme_or_an_unsafe_srcset() {
    let site = article_site();
    site.write_bytes(
        ARTICLE,
        &regression("article", "raw-html-article-scheme.md"),
    );
    site.build().success();
    let html = site.read("2021/x/index.html");
    let body = common::main_of(&html);
    let lower = body.to_ascii_lowercase();
    common::assert_not_contains(&lower, "kyyeu-article");
    common::assert_not_contains(&lower, "javascript:");
    common::assert_not_contains(&lower, "data:");
    common::assert_contains(
        body,
        "<a href=\"../../2021/khac/index.html\" rel=\"noopener noreferrer\">liên kết Markdown</a>",
    );
    common::assert_contains(
        body,
        "srcset=\"https://example.org/a.png 1x, https://example.org/b.png 2x\"",
    );
}

/// Runs `kyyeu build` on the article target's site with `bytes` as its
/// article, expecting exit status 1 and exactly `stderr`.
#[track_caller]
fn build_fails_with(bytes: &[u8], stderr: &str) {
    let site = article_site();
    site.write_bytes(ARTICLE, bytes);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, stderr);
    assert!(!site.public().exists());
}

/// Found by the front_matter target: the YAML parser counts U+2028, U+2029
/// and U+0085 as line breaks, so an error after one (a line separator
/// pasted from a word processor, say) was put on a line past the end of the
/// file; and its message repeated the parser's own position, which counts
/// the front matter's lines, not the file's.
#[test]
fn yaml_errors_after_a_line_separator_are_on_the_file_line() {
    build_fails_with(
        &regression("front_matter", "line-separator-in-quoted-scalar.md"),
        "error: content/2021/x/index.vi.md:19:1: found unexpected end of stream, \
         while scanning a quoted scalar\n1 error found; nothing was written\n",
    );
    build_fails_with(
        &regression("front_matter", "unclosed-quote-after-line-separator.md"),
        "error: content/2021/x/index.vi.md:4:1: found unexpected end of stream, \
         while scanning a quoted scalar\n1 error found; nothing was written\n",
    );
    build_fails_with(
        &regression("front_matter", "colon-after-next-line.md"),
        "error: content/2021/x/index.vi.md:3:1: could not find expected ':', \
         while scanning a simple key\n  hint: a line is not `field: value`, or is not \
         indented like the lines around it; a value that holds quotes or colons goes \
         in double quotes\n1 error found; nothing was written\n",
    );
}

/// Every input a run found something with goes through both targets' checks.
#[test]
fn every_regression_input_replays_through_both_targets() {
    let site = article_site();
    let mut renderer = InMemory::new(kyyeu::Options::new(site.root()));
    let mut all = inputs("regressions", "front_matter");
    all.extend(inputs("regressions", "article"));
    assert!(all.len() >= 5);
    for (name, bytes) in &all {
        let _ = front_matter(bytes);
        let outcome = article(&site, &mut renderer, bytes);
        println!("{name}: {outcome:?}");
    }
}

/// The article target's output check reads tags, not text, and URLs as a
/// browser does. Its first versions reported two safe pages the runs found
/// (`fuzz/regressions/article/escaped-tag-in-heading.md`: an escaped tag,
/// `&lt;a href="javascript:...`, which html5ever writes with a bare `"`, is
/// text; `control-character-in-scheme.md`: `j\x1davascript:` is a relative
/// URL to a browser, as to ammonia).
#[test]
fn output_check_tells_attributes_from_text() {
    use kyyeu::output::Content;
    let page = |html: &str| {
        let files = [("a/index.html".to_string(), Content::Bytes(html.into()))];
        check_output(&files.into_iter().collect())
    };
    assert!(page("<h2>&lt;a href=\"javascript:x</h2>").is_ok());
    assert!(page("<p title=\"<script>\">x</p>").is_ok());
    assert!(page("<script src=\"../static/search.js\"></script>").is_ok());
    assert!(page("<a href=\"&#106;avascript:x\">x</a>").is_err());
    assert!(page("<img srcset=\"a.png 1x, data:x 2x\">").is_err());
    assert!(page("<SCRIPT>alert(1)</SCRIPT>").is_err());
    // A browser drops tabs and line breaks from a URL and skips leading
    // controls, but any other control ends the scheme: a relative URL.
    assert!(page("<a href=\"&#1;java&#9;script:x\">x</a>").is_err());
    assert!(page("<a href=\"j&#29;avascript:x\">x</a>").is_ok());
    assert!(page("<img srcset=\"a.png 1x,  data:x 2x\">").is_err());
}
