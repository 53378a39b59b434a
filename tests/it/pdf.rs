//! The PDF yearbooks, read back with poppler's tools (`pdftotext`,
//! `pdfinfo`, `pdfimages`): every year and language gets a book whose text
//! is the articles' as written (NFC Vietnamese, hostile titles printed
//! literally), whose contents give the pages the titles are on, linked
//! from the year page with its size; `pdf: false` makes none; a second
//! build takes them from the cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use std::path::Path;
use std::process::Command;

const REVIEW: &str = "content/2021/tong-ket/index.vi.md";

/// `tool args...`, its standard output; fails the test when poppler is
/// missing (CI installs poppler-utils).
fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed for these tests (apt-get install poppler-utils): {e}")
    });
    assert!(output.status.success(), "{tool} {args:?} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let path = pdf.to_str().unwrap();
    poppler("pdftotext", &["-f", &page, "-l", &page, path, "-"])
}

/// A 2021 review in both languages (speakers, tasks, offices, a gallery,
/// a table, a footnote, a heading, an image in the body), an untranslated
/// 2021 training, and a 2022 article.
fn yearbook_site(site_yaml: &str) -> Site {
    let review = "---
title: Tổng kết thi đua năm 2021
date: 2021-12-10
venue: Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ
units: [quy-ho-tro-phat-trien-htx]
speakers:
  - name: Nguyễn Văn Thịnh
    role: Phó Chủ tịch Liên minh HTX Việt Nam
    unit: lien-minh-htx-viet-nam
photos:
  - file: photos/dai-bieu.jpg
    caption: Các đại biểu dự hội nghị tổng kết.
  - file: photos/trao-co.jpg
    caption: Trao cờ thi đua cho đơn vị dẫn đầu.
tasks:
  - Tiếp tục phong trào thi đua phát triển hợp tác xã.
  - Xây dựng điển hình tiên tiến ở mỗi đơn vị.
roles:
  - unit: quy-ho-tro-phat-trien-htx
    role: Khối trưởng
    year: 2022
---
Hội nghị đánh giá cao **sự đoàn kết** của các đơn vị.[^1]

## Kết quả nổi bật

| Chỉ tiêu | Kết quả |
|---|---|
| Vốn điều lệ của Quỹ | 1.000 tỷ đồng |

![Toàn cảnh hội trường](photos/hoi-truong.jpg)

[^1]: Theo báo cáo tổng kết của khối.
";
    let review_en = "---
title: Review of the 2021 emulation year
photos:
  - file: photos/dai-bieu.jpg
    caption: Delegates at the review conference.
  - file: photos/trao-co.jpg
    caption: The emulation flag goes to the leading unit.
tasks:
  - Carry on the emulation movement for cooperatives.
  - Build a model of excellence in every unit.
---
The conference praised the **unity** of the units.
";
    let training = "---\ntitle: Tập huấn nghiệp vụ\ndate: 2021-04-15\n---\nBuổi tập huấn về hồ sơ khen thưởng.\n";
    let next = "---\ntitle: Hội nghị năm 2022\ndate: 2022-12-01\n---\nHội nghị.\n";
    let site = Site::inline(&[
        ("site.yaml", site_yaml),
        ("content/units.yaml", UNITS_YAML),
        (REVIEW, review),
        ("content/2021/tong-ket/index.en.md", review_en),
        ("content/2021/tap-huan/index.vi.md", training),
        ("content/2022/hoi-nghi/index.vi.md", next),
    ]);
    for name in ["dai-bieu", "trao-co", "hoi-truong"] {
        site.photo(
            &format!("content/2021/tong-ket/photos/{name}.jpg"),
            1200,
            800,
        );
    }
    site
}

#[test]
fn every_year_and_language_gets_a_book_with_its_articles_photos_and_tasks() {
    let site = yearbook_site(SITE_YAML);
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert_contains(&info, "Kỷ yếu năm 2021");
    assert_contains(&info, "(A4)");
    assert_contains(&info, "Tagged:          yes");
    let bytes = std::fs::read(&pdf).unwrap();
    let accessible = bytes.windows(20).any(|w| w == b"pdfuaid:part>1</pdfu");
    assert!(accessible, "not declared PDF/UA-1");
    let text = pdf_text(&pdf);
    for expected in [
        "Tổng kết thi đua năm 2021",
        "Nguyễn Văn Thịnh",
        "Phó Chủ tịch Liên minh HTX Việt Nam",
        "Tiếp tục phong trào thi đua phát triển hợp tác xã.",
        "Xây dựng điển hình tiên tiến ở mỗi đơn vị.",
        "Các đại biểu dự hội nghị tổng kết.",
        "Trao cờ thi đua cho đơn vị dẫn đầu.",
        "Kết quả nổi bật",
        "1.000 tỷ đồng",
        "Theo báo cáo tổng kết của khối.",
        "Khối trưởng",
        "Quỹ hỗ trợ phát triển hợp tác xã",
    ] {
        assert_contains(&text, expected);
    }
    let images = poppler("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(images.matches(" jpeg ").count() >= 3, "{images}");
    for pdf in ["2022/ky-yeu-2022.pdf", "en/2022/proceedings-2022.pdf"] {
        assert!(site.has(pdf), "{pdf}");
    }
}

#[test]
fn the_english_book_has_english_titles_and_marks_untranslated_articles() {
    let site = yearbook_site(SITE_YAML);
    site.build().success();
    let pdf = site.public().join("en/2021/proceedings-2021.pdf");
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert_contains(&info, "Proceedings of 2021");
    let text = pdf_text(&pdf);
    assert_contains(&text, "PROCEEDINGS\n2021");
    assert_contains(&text, "Review of the 2021 emulation year");
    assert_contains(&text, "Delegates at the review conference.");
    assert_contains(&text, "Build a model of excellence in every unit.");
    assert_contains(&text, "Tập huấn nghiệp vụ");
    assert_contains(&text, "(in Vietnamese)");
    assert_not_contains(&text, "Tổng kết thi đua năm 2021");
}

#[test]
fn the_contents_give_the_page_each_title_is_on() {
    let site = yearbook_site(SITE_YAML);
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let contents = page_text(&pdf, 2);
    for title in ["Tập huấn nghiệp vụ", "Tổng kết thi đua năm 2021"] {
        let line = contents
            .lines()
            .find(|line| line.starts_with(title))
            .unwrap_or_else(|| panic!("{title} is not in the contents:\n{contents}"));
        let digits: String = line
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        let page: usize = digits.chars().rev().collect::<String>().parse().unwrap();
        assert!(page > 2, "{line}");
        assert_contains(&page_text(&pdf, page), title);
        assert_not_contains(&page_text(&pdf, page - 1), &format!("{title}\n"));
    }
}

#[test]
fn the_year_page_and_print_edition_link_the_book_with_its_size() {
    let site = yearbook_site(SITE_YAML);
    site.build().success();
    let year = site.read("2021/index.html");
    assert_contains(&year, r#"href="../2021/ky-yeu-2021.pdf""#);
    assert_contains(&year, ">Kỷ yếu 2021</a>");
    let size = std::fs::metadata(site.public().join("2021/ky-yeu-2021.pdf"))
        .unwrap()
        .len();
    let kb = format!("(PDF, {} KB, ", (size as f64 / 1024.0).round());
    assert!(
        year.contains(&kb) || year.contains(" MB, "),
        "no size {kb} in the year page"
    );
    let english = site.read("en/2021/index.html");
    assert_contains(&english, r#"href="../../en/2021/proceedings-2021.pdf""#);
    assert_contains(&english, ">Proceedings of 2021</a>");
    assert_contains(&site.read("2021/in/index.html"), "ky-yeu-2021.pdf");
}

#[test]
fn content_is_never_typst_code() {
    let title = r##"#read("/etc/passwd") *đậm* $x$ <lab>"##;
    let body = "Dấu `#include \"x.typ\"` và #read(\"/etc/passwd\"), $y$, @nhan, <b>đậm</b> \\ gạch \\\\ chéo.\n\n```\n#import \"@preview/x:0.1.0\": *\n```\n\n#set page(width: 1cm)\n";
    let article = format!(
        "---\ntitle: '{title}'\ndate: 2021-05-01\nvenue: '#include \"x.typ\"'\n---\n{body}"
    );
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        ("content/units.yaml", UNITS_YAML),
        ("content/2021/hiem/index.vi.md", &article),
    ]);
    site.build().success();
    let text = pdf_text(&site.public().join("2021/ky-yeu-2021.pdf"));
    // Printed as text, its straight quotes made typographic (code keeps them).
    assert_contains(&text, &title.replace("(\"", "(“").replace("\")", "”)"));
    assert_contains(&text, "#include “x.typ”");
    assert_contains(&text, "Dấu #include \"x.typ\"");
    assert_contains(
        &text,
        "#read(“/etc/passwd”), $y$, @nhan, đậm \\ gạch \\ chéo.",
    );
    assert_contains(&text, "#import \"@preview/x:0.1.0\": *");
    assert_contains(&text, "#set page(width: 1cm)");
    assert_not_contains(&text, "root:");
    assert_not_contains(&text, "/bin/");
}

#[test]
fn a_second_build_takes_every_book_from_the_cache() {
    let site = yearbook_site(SITE_YAML);
    // Builds, and checks what the build says of its books.
    let build_says = |books: &str| {
        let built = site.run(&["build", "--ui-lang", "en"]).success();
        assert_contains(&built.stdout, books);
    };
    let edit = |file: &str, from: &str, to: &str| {
        site.write(file, &read_in(site.root(), file).replace(from, to));
    };
    let book_text = |path: &str| pdf_text(&site.public().join(path));
    build_says("4 PDF yearbooks typeset, 0 reused");
    let before = std::fs::read(site.public().join("2021/ky-yeu-2021.pdf")).unwrap();
    build_says("0 PDF yearbooks typeset, 4 reused");
    let after = std::fs::read(site.public().join("2021/ky-yeu-2021.pdf")).unwrap();
    assert_eq!(before, after);
    edit(REVIEW, "sự đoàn kết", "sự gắn bó");
    build_says("1 PDF yearbook typeset, 3 reused");
    assert_contains(&book_text("2021/ky-yeu-2021.pdf"), "sự gắn bó");
    // A translation's caption: only the English book of its year.
    edit(
        "content/2021/tong-ket/index.en.md",
        "Delegates at",
        "Delegates gathered at",
    );
    build_says("1 PDF yearbook typeset, 3 reused");
    assert_contains(
        &book_text("en/2021/proceedings-2021.pdf"),
        "Delegates gathered at",
    );
    // A photo replaced by another: both books of its year.
    site.photo("content/2021/tong-ket/photos/trao-co.jpg", 900, 700);
    build_says("2 PDF yearbooks typeset, 2 reused");
    // The site's title is on every cover.
    edit("site.yaml", "Test proceedings", "Our proceedings");
    build_says("4 PDF yearbooks typeset, 0 reused");
    assert_contains(
        &book_text("en/2022/proceedings-2022.pdf"),
        "OUR PROCEEDINGS",
    );
}

#[test]
fn pdf_false_makes_no_book_and_no_link() {
    let site = yearbook_site(&format!("{SITE_YAML}pdf: false\n"));
    let run = site.run(&["build", "--ui-lang", "en"]).success();
    assert_not_contains(&run.stdout, "PDF");
    assert!(site
        .output_files()
        .iter()
        .all(|file| !file.ends_with(".pdf")));
    assert_not_contains(&site.read("2021/index.html"), ".pdf");
    assert_not_contains(&site.read("en/2021/print/index.html"), ".pdf");
}

#[test]
fn letter_paper_and_a_wrong_paper() {
    let site = yearbook_site(&format!("{SITE_YAML}pdf:\n  paper: letter\n"));
    site.build().success();
    let info = poppler(
        "pdfinfo",
        &[site.public().join("2022/ky-yeu-2022.pdf").to_str().unwrap()],
    );
    assert_contains(&info, "(letter)");
    site.write("site.yaml", &format!("{SITE_YAML}pdf:\n  paper: a5\n"));
    let run = site.run(&["build", "--ui-lang", "en"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "site.yaml:7:");
    assert_contains(&run.stderr, "`pdf: paper` is `a4` or `letter`, not `a5`");
}

#[test]
fn a_broken_book_template_is_an_error_at_its_line() {
    let site = yearbook_site(SITE_YAML);
    site.write(
        "themes/rieng/book/book.typ",
        "#let book = json(\"/book.json\")\n\n#text(font: \"Noto Serif\", book.nothing)\n",
    );
    let config = SITE_YAML.to_string() + "theme: rieng\n";
    site.write("site.yaml", &config);
    let run = site.run(&["build", "--ui-lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_contains(&run.stderr, "themes/rieng/book/book.typ:3");
    assert_contains(&run.stderr, "nothing");
}

#[test]
fn a_year_with_more_articles_than_a_book_holds_keeps_its_conferences_and_says_so() {
    let site = yearbook_site(&format!("{SITE_YAML}pdf:\n  max_articles: 1\n"));
    site.build().success();
    let text = pdf_text(&site.public().join("2021/ky-yeu-2021.pdf"));
    assert_contains(&text, "Tổng kết thi đua năm 2021");
    assert_not_contains(&text, "Buổi tập huấn về hồ sơ khen thưởng.");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_contains(&flat, "in 1 trong số 2 bài viết của năm");
    assert_contains(&flat, "https://example.org/kyyeu/2021/");
    let run = site.run(&["build", "--ui-lang", "en"]);
    assert_eq!(run.code, 0);
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}pdf:\n  max_articles: 0\n"),
    );
    let run = site.run(&["build", "--ui-lang", "en"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "site.yaml:7:");
    assert_contains(&run.stderr, "`pdf: max_articles`");
}
