//! `kyyeu check` and the PDF yearbook's template: typeset in memory
//! against the site's data, an error in the theme's `book/book.typ` (or in
//! another `.typ` file of its `book/` folder) is reported at its line, exit
//! code 1, and nothing is written (no `public/`, nothing in the cache).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

fn site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/2021/a/index.vi.md",
        "---\ntitle: Một\ndate: 2021-03-01\n---\nĐoạn đầu.\n",
    );
    site.write(
        "content/2022/b/index.vi.md",
        "---\ntitle: Hai\ndate: 2022-05-01\n---\nĐoạn đầu.\n",
    );
    site.write(
        "content/2022/c/index.vi.md",
        "---\ntitle: Ba\ndate: 2022-06-01\n---\nĐoạn đầu.\n",
    );
    site
}

/// The site with the theme `rieng`, whose book template is `template`.
fn with_template(site: &Site, template: &str) {
    site.write("site.yaml", &format!("{SITE_YAML}theme: rieng\n"));
    site.write("themes/rieng/book/book.typ", template);
}

const HEAD: &str = "#let book = json(\"/book.json\")\n#set text(font: \"Noto Serif\")\n";

#[test]
fn check_passes_on_a_site_whose_books_typeset() {
    let site = site();
    let before = snapshot(site.root());
    let run = site.run(&["check", "--ui-lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_not_contains(&run.stderr, "book.typ");
    assert!(snapshot(site.root()) == before, "check wrote files");
}

#[test]
fn check_reports_an_error_of_the_book_template_at_its_line() {
    let site = site();
    with_template(
        &site,
        &format!("{HEAD}#book.title\n\n#khong-co(book.year)\n"),
    );
    let before = snapshot(site.root());
    let run = site.run(&["check", "--ui-lang", "en"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_contains(&run.stderr, "error: themes/rieng/book/book.typ:5:");
    assert_contains(
        &run.stderr,
        "the book template themes/rieng/book/book.typ failed at line 5",
    );
    assert_contains(&run.stderr, "khong-co");
    // Said once, though every book of the site would fail.
    assert_eq!(
        run.stderr.matches("failed at line 5").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(!site.public().exists(), "check wrote public/");
    assert!(snapshot(site.root()) == before, "check wrote files");
}

#[test]
fn check_reports_a_syntax_error_of_the_book_template() {
    let site = site();
    with_template(&site, &format!("{HEAD}#book.title\n#let x = (\n"));
    let run = site.run(&["check", "--ui-lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "themes/rieng/book/book.typ:4:");
    assert!(!site.public().exists(), "check wrote public/");
}

#[test]
fn check_names_the_article_a_template_fails_on() {
    // The template fails only on an article (the book of 2021 has one).
    let site = site();
    with_template(
        &site,
        &format!("{HEAD}#for a in book.articles {{ a.title + a.nothing }}\n"),
    );
    let run = site.run(&["check", "--ui-lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "error: content/2021/a/index.vi.md");
    assert_contains(&run.stderr, "the PDF yearbook vi/2021 could not be typeset");
    assert_contains(&run.stderr, "nothing");
}

#[test]
fn check_parses_the_other_typst_files_of_the_book_folder() {
    let site = site();
    with_template(&site, &format!("{HEAD}#book.title\n"));
    site.write(
        "themes/rieng/book/phan.typ",
        "// Một phần.\n#let y = (1, 2\n",
    );
    let run = site.run(&["check", "--ui-lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "error: themes/rieng/book/phan.typ:2:");
    assert_not_contains(&run.stderr, "book.typ:");
}

#[test]
fn check_leaves_the_template_alone_without_books() {
    let site = site();
    with_template(&site, &format!("{HEAD}#khong-co()\n"));
    let config = format!("{SITE_YAML}theme: rieng\npdf: false\n");
    site.write("site.yaml", &config);
    let run = site.run(&["check", "--ui-lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
