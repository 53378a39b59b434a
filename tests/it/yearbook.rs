//! The printed kỷ yếu read as a reader reads it: every photo of a body
//! printed once with its alt text, a cover made from the settings and the
//! year's main conference, tasks printed once with the closing list giving
//! their page, an index whose page numbers are where each name is,
//! typographic quotes, a measure of a book, a colophon, a foreword, a cover
//! a theme replaces alone, and the year page's link with the page count.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use std::path::Path;
use std::process::Command;

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

/// The text of each page, the first at index 0.
fn pages(pdf: &Path) -> Vec<String> {
    pdf_text(pdf)
        .split('\u{c}')
        .map(str::to_string)
        .filter(|page| !page.trim().is_empty())
        .collect()
}

/// Text with its lines joined (a name may wrap).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The width over height of each image drawn on the pages `first..=last`
/// (0: every page), two decimals.
fn image_ratios(pdf: &Path, first: usize, last: usize) -> Vec<String> {
    let path = pdf.to_str().unwrap();
    let (f, l) = (first.to_string(), last.to_string());
    let list = match first {
        0 => poppler("pdfimages", &["-list", path]),
        _ => poppler("pdfimages", &["-list", "-f", &f, "-l", &l, path]),
    };
    list.lines()
        .skip(2)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (width, height) = (fields.get(3)?, fields.get(4)?);
            let ratio = width.parse::<f64>().ok()? / height.parse::<f64>().ok()?;
            Some(format!("{ratio:.2}"))
        })
        .collect()
}

const REVIEW: &str = "content/2021/tong-ket/index.vi.md";

/// A training day in April (a conference with a gallery, no tasks) and the
/// review in December (the main conference: it adopts tasks), whose body
/// shows a gallery photo, a photo of its own and a raw `<img>`; photos of
/// distinct shapes, to be told apart in the PDF.
fn site() -> Site {
    let config = format!(
        "{SITE_YAML}organisation:\n  vi: Liên minh Hợp tác xã Việt Nam\n  en: Vietnam Cooperative Alliance\nplace:\n  vi: Hà Nội\n  en: Hanoi\nstyle:\n  accent: \"#8b1a1a\"\n"
    );
    let training = "---
title: Tập huấn nghiệp vụ
date: 2021-04-15
venue: Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ
units: [quy-ho-tro-phat-trien-htx]
speakers:
  - name: Hoàng Thị Thu
    role: Giảng viên
photos:
  - file: photos/lop.jpg
    caption: Lớp tập huấn.
source: Báo Kinh tế Hợp tác
---
Buổi tập huấn về hồ sơ khen thưởng cho cán bộ các đơn vị.
";
    let review = r#"---
title: 'Tổng kết năm 2021: phát huy "Tinh hoa của VCA"'
date: 2021-12-10
venue: Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ
units: [quy-ho-tro-phat-trien-htx, lien-minh-htx-viet-nam]
speakers:
  - name: Nguyễn Văn Thịnh
    role: Phó Chủ tịch
    unit: lien-minh-htx-viet-nam
photos:
  - file: photos/dai-bieu.jpg
    caption: Chú thích trong thư viện ảnh của đại biểu.
  - file: photos/chan-dung.jpg
    caption: Chân dung diễn giả.
  - file: photos/bia.jpg
    caption: Toàn cảnh hội nghị.
    cover: true
tasks:
  - Nhiệm vụ thứ nhất về thi đua.
  - Nhiệm vụ thứ hai về khen thưởng.
---
Hội nghị nhấn mạnh "đoàn kết" và 'kỷ cương' của khối.

Năm 2021, dịch bệnh kéo dài làm gián đoạn nhiều hoạt động, nhưng các đơn vị
trong khối vẫn hoàn thành phần lớn nhiệm vụ chính trị được giao. Quỹ hỗ trợ phát
triển hợp tác xã được bổ sung vốn điều lệ, hỗ trợ cho vay với lãi suất ưu đãi cho
nhiều hợp tác xã và thành viên; các chương trình xúc tiến thương mại giúp giới
thiệu hàng nghìn sản phẩm của hợp tác xã tới người tiêu dùng; các trường đào tạo
hàng nghìn lượt học viên theo hình thức trực tuyến và trực tiếp; các doanh nghiệp
trong khối giữ vững sản xuất, bảo đảm việc làm và thu nhập cho người lao động,
đóng góp thêm nguồn lực cho Liên minh và cho các hợp tác xã trong cả nước.

![Các đại biểu trong thân bài.](photos/dai-bieu.jpg)

Phần giữa bài viết.

![Ảnh chỉ có trong thân bài.](photos/rieng.jpg)

<p><img src="photos/html.jpg" alt="Ảnh viết bằng thẻ HTML."></p>
"#;
    let site = Site::inline(&[
        ("site.yaml", &config),
        ("content/units.yaml", UNITS_YAML),
        ("content/2021/tap-huan/index.vi.md", training),
        (REVIEW, review),
    ]);
    for (name, width, height) in [
        ("tap-huan/photos/lop", 700, 500),
        ("tong-ket/photos/dai-bieu", 1200, 800),
        ("tong-ket/photos/chan-dung", 600, 800),
        ("tong-ket/photos/bia", 1100, 700),
        ("tong-ket/photos/rieng", 1000, 700),
        ("tong-ket/photos/html", 800, 800),
    ] {
        site.photo(&format!("content/2021/{name}.jpg"), width, height);
    }
    site
}

#[test]
fn every_photo_is_printed_once_and_body_photos_with_their_alt_text() {
    let site = site();
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let text = flat(&pdf_text(&pdf));
    for alt in [
        "Các đại biểu trong thân bài.",
        "Ảnh chỉ có trong thân bài.",
        "Ảnh viết bằng thẻ HTML.",
        "Chân dung diễn giả.",
        "Lớp tập huấn.",
    ] {
        assert_eq!(text.matches(alt).count(), 1, "{alt} in {text}");
    }
    // The gallery photo the body shows is printed in the body only.
    assert_not_contains(&text, "Chú thích trong thư viện ảnh của đại biểu.");
    // Every photo of the year, the cover's first: 1.57 (marked `cover`).
    let ratios = image_ratios(&pdf, 0, 0);
    assert_eq!(
        ratios.first().map(String::as_str),
        Some("1.57"),
        "{ratios:?}"
    );
    let mut distinct = ratios.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct,
        ["0.75", "1.00", "1.40", "1.43", "1.50", "1.57"],
        "{ratios:?}"
    );
    // Body photos stand in the order written, the gallery's after them.
    let body = text.find("Các đại biểu trong thân bài.").unwrap();
    let own = text.find("Ảnh chỉ có trong thân bài.").unwrap();
    let html = text.find("Ảnh viết bằng thẻ HTML.").unwrap();
    assert!(body < own && own < html, "{text}");
}

#[test]
fn the_cover_names_the_organisation_the_year_and_its_main_conference() {
    let site = site();
    site.build().success();
    let cover = flat(&pages(&site.public().join("2021/ky-yeu-2021.pdf"))[0]);
    assert_contains(&cover, "LIÊN MINH HỢP TÁC XÃ VIỆT NAM");
    assert_contains(&cover, "KỶ YẾU 2021");
    assert_contains(&cover, "Tổng kết năm 2021: phát huy “Tinh hoa của VCA”");
    assert_contains(&cover, "Hà Nội, tháng 12 năm 2021");
    assert_not_contains(&cover, "Tập huấn");
    let english = flat(&pages(&site.public().join("en/2021/proceedings-2021.pdf"))[0]);
    assert_contains(&english, "VIETNAM COOPERATIVE ALLIANCE");
    assert_contains(&english, "PROCEEDINGS 2021");
    assert_contains(&english, "Hanoi, December 2021");
}

#[test]
fn tasks_are_printed_once_and_the_closing_list_gives_their_page() {
    let site = site();
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let pages = pages(&pdf);
    let text = flat(&pages.join("\n"));
    for task in [
        "Nhiệm vụ thứ nhất về thi đua.",
        "Nhiệm vụ thứ hai về khen thưởng.",
    ] {
        assert_eq!(text.matches(task).count(), 1, "{task}");
    }
    let reference = text
        .split("2 nhiệm vụ, trang ")
        .nth(1)
        .unwrap_or_else(|| panic!("no reference to the tasks' page in {text}"));
    let page: usize = reference
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();
    assert_contains(&flat(&pages[page - 1]), "Nhiệm vụ thứ nhất về thi đua.");
}

#[test]
fn the_index_gives_the_pages_where_each_unit_and_speaker_is_named() {
    let site = site();
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let pages = pages(&pdf);
    let last = pages.len();
    let index = pages
        .iter()
        .rposition(|page| page.contains("Chỉ mục"))
        .expect("an index");
    let mut checked = 0;
    for name in [
        "Quỹ hỗ trợ phát triển hợp tác xã",
        "Liên minh Hợp tác xã Việt Nam",
        "Hoàng Thị Thu",
        "Nguyễn Văn Thịnh",
    ] {
        let line = (pages[index..].iter())
            .flat_map(|page| page.lines())
            .find(|line| line.starts_with(name) && line.contains(". ."))
            .unwrap_or_else(|| panic!("{name} is not in the index"));
        let after_leader = line.rsplit('.').next().unwrap();
        let numbers: Vec<usize> = (after_leader.split(','))
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        assert!(!numbers.is_empty(), "{line}");
        for number in numbers {
            assert!(number >= 1 && number <= last, "{line}");
            assert_contains(&flat(&pages[number - 1]), name);
            checked += 1;
        }
    }
    assert!(checked >= 4);
}

#[test]
fn quotes_are_typographic_lines_are_a_book_measure_and_the_colophon_says_where_from() {
    let site = site();
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let text = pdf_text(&pdf);
    assert_contains(&flat(&text), "nhấn mạnh “đoàn kết” và ‘kỷ cương’ của khối.");
    assert_not_contains(&text, "\"");
    // Lines of text (not the contents' leaders): most 60 to 78 characters.
    let mut lines: Vec<usize> = (text.lines())
        .filter(|line| !line.contains(". . ."))
        .map(|line| line.chars().count())
        .filter(|&n| n > 45)
        .collect();
    lines.sort_unstable();
    let median = lines[lines.len() / 2];
    assert!((60..=78).contains(&median), "{median}: {lines:?}");
    let colophon = flat(&pages(&pdf).last().unwrap().clone());
    assert_contains(&colophon, "Bản điện tử: https://example.org/kyyeu/");
    // The day given by SOURCE_DATE_EPOCH (the tests give 10 December 2021).
    assert_contains(&colophon, "Dàn trang bằng kyyeu ngày 10/12/2021.");
    assert_contains(&colophon, "Tập huấn nghiệp vụ: Báo Kinh tế Hợp tác");
}

#[test]
fn the_year_page_gives_the_book_its_size_and_pages() {
    let site = site();
    site.build().success();
    let pdf = site.public().join("2021/ky-yeu-2021.pdf");
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let count = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .to_string();
    let year = site.read("2021/index.html");
    assert_contains(&year, ">Kỷ yếu 2021</a>");
    assert_contains(&year, &format!(" KB, {count} trang)"));
    assert_not_contains(&year, "(PDF) (PDF");
    let english = site.read("en/2021/index.html");
    assert_contains(&english, ">Proceedings of 2021</a>");
    assert_contains(&english, &format!(" KB, {count} pages)"));
}

#[test]
fn an_untranslated_article_is_printed_whole_in_its_own_language() {
    let site = site();
    site.build().success();
    let text = flat(&pdf_text(
        &site.public().join("en/2021/proceedings-2021.pdf"),
    ));
    let start = text
        .find("Tập huấn nghiệp vụ (in Vietnamese)")
        .expect("marked");
    let article = &text[start..];
    let article = &article[..article.find("Tổng kết").unwrap_or(article.len())];
    assert_contains(article, "15/4/2021");
    assert_contains(article, "Quỹ hỗ trợ phát triển hợp tác xã");
    assert_not_contains(article, "Cooperative Development Support Fund");
    // The index names each unit once, in the book's language.
    let index = &text[text.rfind("Index").unwrap()..];
    assert_eq!(
        index
            .matches("Cooperative Development Support Fund")
            .count(),
        1,
        "{index}"
    );
    assert_not_contains(index, "Quỹ hỗ trợ");
}

#[test]
fn a_foreword_page_is_printed_after_the_contents() {
    let site = site();
    site.write(
        "content/pages/loi-noi-dau/index.vi.md",
        "---\ntitle: Lời nói đầu\n---\nCuốn sách ghi lại một năm của khối.\n",
    );
    site.write(
        "content/pages/loi-noi-dau-2022/index.vi.md",
        "---\ntitle: Lời nói đầu năm 2022\n---\nChỉ năm 2022.\n",
    );
    site.build().success();
    let pages = pages(&site.public().join("2021/ky-yeu-2021.pdf"));
    assert_contains(&pages[1], "Lời nói đầu");
    assert_contains(&pages[2], "Cuốn sách ghi lại một năm của khối.");
    assert_not_contains(&pages.join(""), "Chỉ năm 2022.");
}

#[test]
fn a_theme_replaces_the_cover_alone_and_its_errors_are_at_its_line() {
    let site = site();
    site.write(
        "themes/rieng/book/cover.typ",
        "#let cover(book, settings) = page[Bìa riêng: #book.cover.organisation]\n",
    );
    site.write(
        "site.yaml",
        &(read_in(site.root(), "site.yaml") + "theme: rieng\n"),
    );
    site.build().success();
    let pages = pages(&site.public().join("2021/ky-yeu-2021.pdf"));
    assert_contains(&pages[0], "Bìa riêng: Liên minh Hợp tác xã Việt Nam");
    assert_contains(&pages[1], "Mục lục");
    site.write(
        "themes/rieng/book/cover.typ",
        "// Bìa\n#let cover(book, settings) = page[#book.cover.nothing]\n",
    );
    let run = site.run(&["build", "--ui-lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_contains(&run.stderr, "themes/rieng/book/cover.typ:2");
    assert_contains(&run.stderr, "nothing");
}
