//! Every link and file a reporter writes reaches the reader: attachments
//! published beside their article, every relative link and image resolved
//! or refused at build time (with its file, line and column), heading ids
//! and their anchors, year folders, and no stray folder for a missing root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use std::path::Path;

const REVIEW: &str = "content/2021/tong-ket/index.vi.md";
const REVIEW_EN: &str = "content/2021/tong-ket/index.en.md";

/// Bytes that are not text, so that a copy that is not byte for byte shows.
fn pdf_bytes() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..1300u32).map(|i| (i * 7 % 256) as u8));
    bytes
}

fn docx_bytes() -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend((0..2500u32).map(|i| (i * 13 % 251) as u8));
    bytes
}

/// A 2021 review with a PDF linked in its body, a DOCX listed under
/// `attachments:` and a note nothing references; another 2021 article with
/// headings; a 2022 article; a file of `static/`. `body` is the review's
/// Vietnamese body.
fn site_with(body: &str) -> Site {
    let review = format!(
        "---\ntitle: Tổng kết năm 2021\ndate: 2021-12-10\nattachments:\n  - file: giao-uoc.docx\n    title: Giao ước thi đua năm 2022\n---\n{body}"
    );
    let review_en = "---\ntitle: Review of 2021\nattachments:\n  - file: giao-uoc.docx\n    title: Emulation pact for 2022\n---\nThe [final report](bao-cao.pdf) is attached.\n";
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        ("content/units.yaml", UNITS_YAML),
        (REVIEW, &review),
        (REVIEW_EN, review_en),
        ("content/2021/tong-ket/ghi-chu-rieng.txt", "ghi chú riêng\n"),
        (
            "content/2021/ky-giao-uoc/index.vi.md",
            "---\ntitle: Ký giao ước\ndate: 2021-03-01\n---\nMở đầu.\n\n## Nội dung giao ước\n\nBa điều.\n\n## Nội dung giao ước\n\nLần nữa.\n",
        ),
        (
            "content/2021/ky-giao-uoc/index.en.md",
            "---\ntitle: Signing the pact\n---\nOpening.\n\n## The pact\n\nThree points.\n",
        ),
        (
            "content/2022/hoi-nghi/index.vi.md",
            "---\ntitle: Hội nghị 2022\ndate: 2022-03-01\n---\nHội nghị.\n",
        ),
        ("static/tai-lieu/dieu-le.txt", "Điều lệ\n"),
    ]);
    site.write_bytes("content/2021/tong-ket/bao-cao.pdf", &pdf_bytes());
    site.write_bytes("content/2021/tong-ket/giao-uoc.docx", &docx_bytes());
    site
}

const GOOD_BODY: &str = "Báo cáo: [Báo cáo tổng kết (PDF)](bao-cao.pdf).\n";

/// Every `href` of the page's main content resolves to a file of the
/// output; returns them.
#[track_caller]
fn assert_links_work(site: &Site, page: &str) -> Vec<String> {
    let html = site.read(page);
    let hrefs = attr_values(main_of(&html), "href");
    for href in &hrefs {
        let href = decode_entities(href);
        assert!(!href.starts_with('/'), "{page}: root-relative {href}");
        if let Some(target) = resolve_link(page, &href, "/kyyeu/").unwrap() {
            assert!(
                site.has(&target),
                "{page}: {href} leads to missing {target}"
            );
        }
    }
    hrefs
}

#[test]
fn attachments_are_published_byte_for_byte_and_listed_in_both_languages() {
    let site = site_with(GOOD_BODY);
    site.build().success();
    let public = site.public();
    let read = |rel: &str| std::fs::read(public.join(rel)).unwrap();
    assert_eq!(read("2021/tong-ket/bao-cao.pdf"), pdf_bytes());
    assert_eq!(read("2021/tong-ket/giao-uoc.docx"), docx_bytes());
    let notes: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.contains("ghi-chu"))
        .collect();
    assert!(notes.is_empty(), "unreferenced file published: {notes:?}");
    for page in ["2021/tong-ket/index.html", "en/2021/tong-ket/index.html"] {
        let hrefs = assert_links_work(&site, page);
        for file in ["bao-cao.pdf", "giao-uoc.docx"] {
            assert!(
                hrefs.iter().any(|h| h.ends_with(file)),
                "{page} does not link {file}: {hrefs:?}"
            );
        }
    }
    let vi = decode_entities(&site.read("2021/tong-ket/index.html"));
    assert_contains(&vi, "Tệp đính kèm");
    assert_contains(&vi, "Giao ước thi đua năm 2022");
    assert_contains(&vi, "(PDF, 1,3 KB)");
    assert_contains(&vi, "(DOCX, 2,4 KB)");
    let en = decode_entities(&site.read("en/2021/tong-ket/index.html"));
    assert_contains(&en, "Emulation pact for 2022");
    assert_contains(&en, "(PDF, 1.3 KB)");
    // A file without a title is listed by its name, without the extension
    // (the kind of file is said beside it).
    assert_contains(&vi, ">bao-cao</a> <span class=\"file-facts\">(PDF, ");
    let check = site.run(&["check"]).success();
    let said = format!("{}{}", check.stdout, check.stderr);
    assert_contains(&said, "content/2021/tong-ket/ghi-chu-rieng.txt");
}

/// The file line and column (1-based) where `needle` starts in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn each_link_that_leads_nowhere_fails_build_and_check_and_keeps_the_output() {
    let cases = [
        ("[Báo cáo](khong-co.pdf)\n", "[Báo cáo]", "khong-co.pdf"),
        (
            "Xem [bài cũ](../../2019/khong-ton-tai/).\n",
            "[bài cũ]",
            "../../2019/khong-ton-tai/",
        ),
        (
            "Xem [giao ước](../ky-giao-uoc/index.vi.md#muc-khong-co).\n",
            "[giao ước]",
            "../ky-giao-uoc/index.vi.md#muc-khong-co",
        ),
        ("Đoạn văn.\n\n[x]: khong-co/\n", "[x]:", "khong-co/"),
        (
            "Ảnh: <img src=\"anh-khong-co.jpg\" alt=\"\">\n",
            "anh-khong-co.jpg",
            "anh-khong-co.jpg",
        ),
    ];
    for (body, at, link) in cases {
        let site = site_with(&format!("{GOOD_BODY}\n{body}"));
        let before = site.seed_public();
        let (line, col) = line_col(
            &std::fs::read_to_string(site.root().join(REVIEW)).unwrap(),
            at,
        );
        let place = format!("{REVIEW}:{line}:{col}:");
        for command in ["build", "check"] {
            let run = site.run(&[command]);
            assert_eq!(run.code, 1, "{command} with {body:?}: {}", run.stderr);
            let error = run
                .stderr
                .lines()
                .find(|l| l.contains(&place))
                .unwrap_or_else(|| panic!("{command}: no error at {place}: {}", run.stderr));
            assert_contains(error, link);
            site.assert_public_is(&before);
        }
    }
}

#[test]
fn a_near_name_is_hinted() {
    let site = site_with("[Báo cáo](bao-coa.pdf)\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "link to 'bao-coa.pdf' leads nowhere");
    assert_contains(&run.stderr, "bao-cao.pdf");
}

#[test]
fn links_to_pages_static_files_and_anchors_work_under_a_path_prefix() {
    let body = "Năm sau: [2022](../../2022/), [đơn vị](/don-vi/lien-minh-htx-viet-nam/), \
                [điều lệ](/tai-lieu/dieu-le.txt), [trang chủ](/index.html), \
                [giao ước](../ky-giao-uoc/index.vi.md#noi-dung-giao-uoc), \
                [lần nữa](../ky-giao-uoc/index.vi.md#noi-dung-giao-uoc-2), \
                [báo cáo](bao-cao.pdf).\n\n<a href=\"../../2022/index.html\">raw</a>\n";
    let site = site_with(body);
    site.build().success();
    let page = "2021/tong-ket/index.html";
    let hrefs = assert_links_work(&site, page);
    for expected in [
        "../../2022/index.html",
        "../../don-vi/lien-minh-htx-viet-nam/index.html",
        "../../tai-lieu/dieu-le.txt",
        "../../index.html",
        "../../2021/ky-giao-uoc/index.html#noi-dung-giao-uoc",
        "../../2021/ky-giao-uoc/index.html#noi-dung-giao-uoc-2",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "{expected} not in {hrefs:?}"
        );
    }
    let target = site.read("2021/ky-giao-uoc/index.html");
    assert_contains(&target, "<h2 id=\"noi-dung-giao-uoc\">");
    assert_contains(&target, "<h2 id=\"noi-dung-giao-uoc-2\">");
    assert_contains(&target, "href=\"#noi-dung-giao-uoc\"");
    // The English page's links work too, the static file through its original's page.
    site.write(
        REVIEW_EN,
        "---\ntitle: Review\n---\n[2022](../../2022/), [charter](../../tai-lieu/dieu-le.txt), \
         [pact](../ky-giao-uoc/index.vi.md#the-pact).\n",
    );
    site.build().success();
    let hrefs = assert_links_work(&site, "en/2021/tong-ket/index.html");
    for expected in [
        "../../../en/2022/index.html",
        "../../../tai-lieu/dieu-le.txt",
        "../../../en/2021/ky-giao-uoc/index.html#the-pact",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "{expected} not in {hrefs:?}"
        );
    }
}

#[test]
fn pages_publish_their_attachments_too() {
    let site = site_with(GOOD_BODY);
    site.write(
        "content/pages/gioi-thieu/index.vi.md",
        "---\ntitle: Giới thiệu\nattachments:\n  - file: quy-che.pdf\n    title: Quy chế\n---\nXem [quy chế](quy-che.pdf).\n",
    );
    site.write(
        "content/pages/gioi-thieu/index.en.md",
        "---\ntitle: About\nslug: about\nattachments:\n  - file: quy-che.pdf\n    title: Rules\n---\nSee [the rules](quy-che.pdf).\n",
    );
    site.write_bytes("content/pages/gioi-thieu/quy-che.pdf", &pdf_bytes());
    site.build().success();
    let bytes = std::fs::read(site.public().join("gioi-thieu/quy-che.pdf")).unwrap();
    assert_eq!(bytes, pdf_bytes());
    for (page, title) in [
        ("gioi-thieu/index.html", "Quy chế"),
        ("en/about/index.html", "Rules"),
    ] {
        let hrefs = assert_links_work(&site, page);
        assert!(
            hrefs.iter().any(|h| h.ends_with("gioi-thieu/quy-che.pdf")),
            "{hrefs:?}"
        );
        assert_contains(&decode_entities(&site.read(page)), title);
    }
}

#[test]
fn heading_ids_stay_unique_in_the_print_edition() {
    let site = site_with("## Nội dung giao ước\n\nXem [mục này](#noi-dung-giao-uoc).\n");
    site.build().success();
    for page in ["2021/in/index.html", "en/2021/print/index.html"] {
        let html = site.read(page);
        let mut ids = attr_values(&html, "id");
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{page}: an id twice: {ids:?}");
    }
    let print = site.read("2021/in/index.html");
    assert_contains(&print, "id=\"2021-tong-ket-noi-dung-giao-uoc\"");
    assert_contains(&print, "href=\"#2021-tong-ket-noi-dung-giao-uoc\"");
    assert_contains(&print, "id=\"2021-ky-giao-uoc-noi-dung-giao-uoc-2\"");
    let own = site.read("2021/tong-ket/index.html");
    assert_contains(&own, "<a href=\"#noi-dung-giao-uoc\">mục này</a>");
}

#[test]
fn an_article_in_another_years_folder_is_an_error_naming_both_years() {
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        (
            "content/2026/hoi-nghi/index.vi.md",
            "---\ntitle: Hội nghị\ndate: 2023-05-01\n---\nNội dung.\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let error = run
        .stderr
        .lines()
        .find(|l| l.contains("content/2026/hoi-nghi/index.vi.md"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert_contains(error, "2026");
    assert_contains(error, "2023");
    // `year:` settles it.
    site.write(
        "content/2026/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2023-05-01\nyear: 2026\n---\nNội dung.\n",
    );
    site.build().success();
}

#[test]
fn build_with_a_missing_root_exits_2_and_creates_nothing() {
    let dir = Site::empty();
    let run = run_in(dir.root(), &["build", "--root", "does-not-exist"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.root().join("does-not-exist").exists());
    let entries = std::fs::read_dir(dir.root()).unwrap().count();
    assert_eq!(entries, 0, "something was created");
    assert!(!Path::new(dir.root())
        .join(".does-not-exist.kyyeu-lock")
        .exists());
}
