//! Pages that are not articles (`content/pages/`), the look without copying
//! the theme (`style:`, `static/custom.css`) and a forgiving `site.yaml`,
//! checked on built sites.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::common::{
    assert_contains, assert_in_order, assert_not_contains, head_of, Site, UNITS_YAML,
};

const SITE_YAML: &str = "\
title:
  vi: Kỷ yếu thử nghiệm
  en: Test proceedings
base_url: https://example.org/kyyeu
languages: [vi, en]
";

const ARTICLE: &str = "---
title: Hội nghị tổng kết năm 2021
date: 2021-12-10
venue: Hà Nội
units: [lien-minh-htx-viet-nam]
---

Nội dung hội nghị.
";

const ABOUT_VI: &str = "---
title: Giới thiệu khối
menu: 1
summary: Khối thi đua và trang kỷ yếu.
---

Khối thi đua gồm các đơn vị sự nghiệp. Từ khóa riêng: đặcbiệtkhốithiđua.
";

const ABOUT_EN: &str = "---
title: About the bloc
slug: about
---

The bloc gathers public-service units. Own word: blocuniqueword.
";

const RULES_VI: &str = "---
title: Quy chế
menu: 2
---

Quy chế hoạt động của khối.
";

/// A site with one article, an "About" page in two languages (menu 1) and a
/// Vietnamese-only single-file page (menu 2).
fn site_with_pages() -> Site {
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        ("content/units.yaml", UNITS_YAML),
        ("content/2021/tong-ket/index.vi.md", ARTICLE),
        ("content/pages/gioi-thieu/index.vi.md", ABOUT_VI),
        ("content/pages/gioi-thieu/index.en.md", ABOUT_EN),
        ("content/pages/quy-che.vi.md", RULES_VI),
    ]);
    site.build().success();
    site
}

#[test]
fn a_page_has_its_url_per_language_linked_both_ways() {
    let site = site_with_pages();
    let vi = site.read("gioi-thieu/index.html");
    let en = site.read("en/about/index.html");
    assert_contains(&vi, "<h1>Giới thiệu khối</h1>");
    assert_contains(&en, "<h1>About the bloc</h1>");
    for html in [&vi, &en] {
        let head = head_of(html);
        assert_contains(
            head,
            r#"<link rel="alternate" hreflang="vi" href="https://example.org/kyyeu/gioi-thieu/">"#,
        );
        assert_contains(
            head,
            r#"<link rel="alternate" hreflang="en" href="https://example.org/kyyeu/en/about/">"#,
        );
        assert_contains(head, r#"<meta property="og:title""#);
    }
    assert_contains(&vi, r#"<a href="../en/about/index.html" hreflang="en""#);
    assert_contains(
        &en,
        r#"<a href="../../gioi-thieu/index.html" hreflang="vi""#,
    );
    assert_contains(&en, r#"<html lang="en">"#);
}

#[test]
fn pages_with_menu_are_in_the_nav_of_every_page_of_their_language() {
    let site = site_with_pages();
    for (file, about, rules) in [
        (
            "index.html",
            r#"<a href="./gioi-thieu/index.html">Giới thiệu khối</a>"#,
            r#"<a href="./quy-che/index.html">Quy chế</a>"#,
        ),
        (
            "2021/index.html",
            r#"<a href="../gioi-thieu/index.html">Giới thiệu khối</a>"#,
            r#"<a href="../quy-che/index.html">Quy chế</a>"#,
        ),
        (
            "2021/tong-ket/index.html",
            r#"<a href="../../gioi-thieu/index.html">Giới thiệu khối</a>"#,
            r#"<a href="../../quy-che/index.html">Quy chế</a>"#,
        ),
        (
            "don-vi/index.html",
            r#"<a href="../gioi-thieu/index.html">Giới thiệu khối</a>"#,
            r#"<a href="../quy-che/index.html">Quy chế</a>"#,
        ),
        (
            "en/index.html",
            r#"<a href="../en/about/index.html">About the bloc</a>"#,
            r#"<a href="../en/quy-che/index.html">Quy chế</a>"#,
        ),
        (
            "en/units/index.html",
            r#"<a href="../../en/about/index.html">About the bloc</a>"#,
            r#"<a href="../../en/quy-che/index.html">Quy chế</a>"#,
        ),
    ] {
        let html = site.read(file);
        let nav =
            &html[html.find("<nav class=\"site-nav\"").unwrap()..html.find("</nav>").unwrap()];
        assert_contains(nav, about);
        assert_contains(nav, rules);
        assert_in_order(nav, about, rules);
    }
    let about = site.read("gioi-thieu/index.html");
    assert_contains(
        &about,
        r#"<a href="../gioi-thieu/index.html" aria-current="page">"#,
    );
}

#[test]
fn an_untranslated_page_is_a_notice_in_the_other_language() {
    let site = site_with_pages();
    let notice = site.read("en/quy-che/index.html");
    assert_contains(&notice, r#"<meta name="robots" content="noindex">"#);
    assert_contains(
        &notice,
        r#"<a href="../../quy-che/index.html" hreflang="vi""#,
    );
    let sitemap = site.read("sitemap.xml");
    assert_contains(&sitemap, "<loc>https://example.org/kyyeu/quy-che/</loc>");
    assert_not_contains(&sitemap, "<loc>https://example.org/kyyeu/en/quy-che/</loc>");
}

#[test]
fn pages_are_in_the_sitemap_and_search_but_not_in_years_or_feeds() {
    let site = site_with_pages();
    let sitemap = site.read("sitemap.xml");
    assert_contains(&sitemap, "<loc>https://example.org/kyyeu/gioi-thieu/</loc>");
    assert_contains(&sitemap, "<loc>https://example.org/kyyeu/en/about/</loc>");
    let docs = |dir: &str| -> String {
        let files = site.output_files();
        let docs = files
            .iter()
            .filter(|f| f.starts_with(&format!("{dir}idx/d/")));
        docs.map(|f| site.read(f)).collect()
    };
    let vi_docs = docs("tim-kiem/");
    assert_contains(&vi_docs, "Giới thiệu khối");
    assert_contains(&vi_docs, "gioi-thieu/index.html");
    let en_docs = docs("en/search/");
    assert_contains(&en_docs, "About the bloc");
    assert_contains(&en_docs, "en/about/index.html");
    let manifest = site.read("tim-kiem/idx/manifest.js");
    assert_not_contains(&manifest, r#""year":0"#);
    for file in [
        "2021/index.html",
        "en/2021/index.html",
        "atom.xml",
        "en/atom.xml",
        "2021/in/index.html",
        "index.html",
    ] {
        let text = site.read(file);
        let main = text.split("<main").nth(1).unwrap_or(&text);
        assert_not_contains(main, "Giới thiệu khối");
        assert_not_contains(main, "đặcbiệtkhốithiđua");
        assert_not_contains(main, "blocuniqueword");
    }
}

#[test]
fn a_page_slug_that_takes_a_year_or_a_section_is_an_error_naming_the_file() {
    for (file, slug) in [
        ("content/pages/nam/index.vi.md", "2021"),
        ("content/pages/tim/index.vi.md", "tim-kiem"),
        ("content/pages/units/index.en.md", "units"),
    ] {
        let text = format!("---\ntitle: Trang\nslug: {slug}\n---\n\nNội dung.\n");
        let site = Site::inline(&[
            ("site.yaml", SITE_YAML),
            ("content/units.yaml", UNITS_YAML),
            ("content/2021/tong-ket/index.vi.md", ARTICLE),
            (file, &text),
        ]);
        let run = site.build();
        assert_eq!(run.code, 1, "{slug}: {}", run.stderr);
        assert_contains(&run.stderr, file);
        assert_contains(&run.stderr, slug);
        assert!(!site.public().exists());
    }
}

#[test]
fn two_pages_with_one_slug_is_an_error_naming_both() {
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        (
            "content/pages/a/index.vi.md",
            "---\ntitle: A\nslug: lien-he\n---\n",
        ),
        ("content/pages/lien-he.vi.md", "---\ntitle: B\n---\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "content/pages/a/index.vi.md");
    assert_contains(&run.stderr, "content/pages/lien-he.vi.md");
}

#[test]
fn a_page_with_an_article_field_is_an_error_at_its_line() {
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        (
            "content/pages/a/index.vi.md",
            "---\ntitle: A\ndate: 2021-01-01\n---\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "content/pages/a/index.vi.md:3:1");
    assert_contains(&run.stderr, "date");
}

#[test]
fn a_draft_page_is_left_out_unless_drafts_are_shown() {
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        (
            "content/pages/nhap/index.vi.md",
            "---\ntitle: Nháp\nmenu: 1\ndraft: true\n---\n",
        ),
    ]);
    site.build().success();
    assert!(!site.has("nhap/index.html"));
    assert_not_contains(&site.read("index.html"), "Nháp");
    site.run(&["build", "--drafts"]).success();
    assert!(site.has("nhap/index.html"));
}

#[test]
fn accent_and_logo_show_on_every_page() {
    let yaml = format!("{SITE_YAML}style:\n  accent: \"#0b5d1e\"\n  logo: logo.svg\n");
    let site = Site::inline(&[
        ("site.yaml", &yaml),
        ("content/units.yaml", UNITS_YAML),
        ("content/2021/tong-ket/index.vi.md", ARTICLE),
        (
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    site.build().success();
    let css = site.read("style.css");
    assert_contains(&css, "--accent: #0b5d1e;");
    assert_contains(&css, ".site-header {");
    for (file, logo) in [
        (
            "index.html",
            r#"<img class="logo" src="./logo.svg" alt="Kỷ yếu thử nghiệm">"#,
        ),
        (
            "2021/tong-ket/index.html",
            r#"<img class="logo" src="../../logo.svg" alt="Kỷ yếu thử nghiệm">"#,
        ),
        (
            "en/index.html",
            r#"<img class="logo" src="../logo.svg" alt="Test proceedings">"#,
        ),
    ] {
        assert_contains(&site.read(file), logo);
    }
    assert!(site.has("logo.svg"));
}

#[test]
fn an_accent_that_is_not_a_colour_is_an_error_at_its_line() {
    let yaml = format!("{SITE_YAML}style:\n  accent: \"red; }} body {{ display: none\"\n");
    let site = Site::inline(&[("site.yaml", &yaml)]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "site.yaml:7:");
    assert_contains(&run.stderr, "accent: \"#0b5d1e\"");
}

#[test]
fn a_logo_missing_from_static_is_an_error_at_its_line() {
    let yaml = format!("{SITE_YAML}style:\n  logo: logo.png\n");
    let site = Site::inline(&[("site.yaml", &yaml)]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "site.yaml:7:");
    assert_contains(&run.stderr, "static/logo.png");
}

#[test]
fn custom_css_is_linked_after_the_theme_stylesheet_on_every_page() {
    let site = Site::inline(&[
        ("site.yaml", SITE_YAML),
        ("content/units.yaml", UNITS_YAML),
        ("content/2021/tong-ket/index.vi.md", ARTICLE),
        ("static/custom.css", ":root { --accent: #0b5d1e; }\n"),
    ]);
    site.build().success();
    let pages: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10);
    for file in &pages {
        let html = site.read(file);
        let head = head_of(&html);
        assert_in_order(head, "style.css\">", "custom.css\">");
    }
    assert_contains(&site.read("style.css"), ".site-header");
    assert_eq!(site.read("custom.css"), ":root { --accent: #0b5d1e; }\n");
    let without = Site::inline(&[("site.yaml", SITE_YAML)]);
    without.build().success();
    assert_not_contains(&without.read("index.html"), "custom.css");
}

#[test]
fn a_plain_string_title_is_every_language_title() {
    let site = Site::inline(&[(
        "site.yaml",
        "title: Kỷ yếu Khối thi đua\nbase_url: https://example.org\nlanguages: [vi, en]\n",
    )]);
    site.build().success();
    assert_contains(
        &site.read("index.html"),
        "<title>Kỷ yếu Khối thi đua</title>",
    );
    assert_contains(
        &site.read("en/index.html"),
        "<title>Kỷ yếu Khối thi đua</title>",
    );
}

#[test]
fn site_yaml_errors_show_how_the_field_is_written() {
    let missing = Site::inline(&[("site.yaml", "languages: [vi, en]\n")]);
    let run = missing.build();
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "title");
    assert_contains(&run.stderr, "title: {vi: ");
    assert_contains(&run.stderr, "base_url: https://example.org/kyyeu");
    let wrong = Site::inline(&[(
        "site.yaml",
        "title: [Kỷ yếu]\nbase_url: https://example.org\nlanguages: [vi, en]\n",
    )]);
    let run = wrong.build();
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "site.yaml:1:");
    assert_contains(&run.stderr, "title: {vi: ");
    let typo = Site::inline(&[(
        "site.yaml",
        "title: A\nbase_url: https://example.org\nlanguages: [vi, en]\nstyle:\n  colour: red\n",
    )]);
    let run = typo.build();
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "site.yaml:5:");
    assert_contains(&run.stderr, "accent");
}

#[test]
fn a_site_without_content_builds_with_a_warning() {
    let site = Site::inline(&[(
        "site.yaml",
        "title: A\nbase_url: https://example.org\nlanguages: [vi, en]\n",
    )]);
    let run = site.build().success();
    assert!(site.has("index.html"));
    assert_contains(&run.stderr, "content");
}

#[test]
fn every_page_links_a_favicon_that_exists_and_robots_names_the_sitemap() {
    let site = site_with_pages();
    let robots = site.read("robots.txt");
    assert_contains(&robots, "Sitemap: https://example.org/kyyeu/sitemap.xml\n");
    let pages: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .collect();
    for file in &pages {
        let html = site.read(file);
        let icons = common::tags(head_of(&html), "link")
            .into_iter()
            .filter(|tag| common::attr(tag, "rel").as_deref() == Some("icon"))
            .filter_map(|tag| common::attr(tag, "href"))
            .collect::<Vec<_>>();
        assert_eq!(icons.len(), 2, "{file}: {icons:?}");
        for href in icons {
            let target = common::resolve_link(file, &href, "/kyyeu/")
                .unwrap_or_else(|e| panic!("{file}: {href}: {e}"))
                .unwrap_or_else(|| panic!("{file}: {href} is not local"));
            assert!(site.has(&target), "{file}: {href} -> {target} is missing");
        }
    }
    let not_found = site.read("404.html");
    assert_contains(
        head_of(&not_found),
        r#"<link rel="icon" href="/kyyeu/favicon.svg""#,
    );
}

#[test]
fn a_site_favicon_replaces_the_theme_one() {
    let site = Site::inline(&[("site.yaml", SITE_YAML), ("static/favicon.png", "png")]);
    site.build().success();
    let head = site.read("index.html");
    assert_contains(
        head_of(&head),
        r#"<link rel="icon" href="./favicon.png" type="image/png">"#,
    );
    assert_not_contains(head_of(&head), "favicon.svg");
}

#[test]
fn print_editions_are_noindex_and_out_of_the_sitemap() {
    let site = site_with_pages();
    for file in ["2021/in/index.html", "en/2021/print/index.html"] {
        let html = site.read(file);
        let head = head_of(&html);
        assert_contains(head, r#"<meta name="robots" content="noindex">"#);
        assert_not_contains(head, "hreflang");
    }
    let sitemap = site.read("sitemap.xml");
    assert_not_contains(&sitemap, "/in/");
    assert_not_contains(&sitemap, "/print/");
}

#[test]
fn the_nav_marks_the_current_section() {
    let site = site_with_pages();
    for (file, current) in [
        ("index.html", ">Các năm</a>"),
        ("2021/tong-ket/index.html", ">Các năm</a>"),
        ("don-vi/index.html", ">Đơn vị</a>"),
        ("tim-kiem/index.html", ">Tìm kiếm</a>"),
        ("en/units/index.html", ">Units</a>"),
    ] {
        let html = site.read(file);
        let marked: Vec<&str> = html
            .match_indices(r#"aria-current="page">"#)
            .map(|(i, _)| &html[i..])
            .collect();
        assert_eq!(marked.len(), 1, "{file}");
        assert!(
            marked[0].contains(current) && marked[0].find(current) < marked[0].find("</li>"),
            "{file}"
        );
    }
    let page = site.read("gioi-thieu/index.html");
    assert_eq!(page.matches(r#"aria-current="page""#).count(), 1);
}

#[test]
fn short_title_and_footer_show_in_every_page_of_their_language() {
    let yaml = format!(
        "{SITE_YAML}short_title: {{vi: Kỷ yếu, en: Proceedings}}\nfooter:\n  vi: \"© **Liên minh HTX** · [Liên hệ](mailto:vp@example.org) <script>alert(1)</script>\"\n  en: \"© VCA · [Contact](https://example.org/contact)\"\n"
    );
    let site = Site::inline(&[
        ("site.yaml", &yaml),
        ("content/units.yaml", UNITS_YAML),
        ("content/2021/tong-ket/index.vi.md", ARTICLE),
    ]);
    site.build().success();
    for (file, full, short) in [
        ("index.html", "Kỷ yếu thử nghiệm", "Kỷ yếu"),
        ("2021/tong-ket/index.html", "Kỷ yếu thử nghiệm", "Kỷ yếu"),
        ("en/index.html", "Test proceedings", "Proceedings"),
    ] {
        let html = site.read(file);
        assert_contains(
            &html,
            &format!("<span class=\"title-full\">{full}</span><span class=\"title-short\">{short}</span></a>"),
        );
    }
    let vi = site.read("2021/tong-ket/index.html");
    assert_contains(
        &vi,
        "<p class=\"site-owner\">© <strong>Liên minh HTX</strong> · <a href=\"mailto:vp@example.org\">Liên hệ</a> </p>",
    );
    assert_not_contains(&vi, "alert(1)");
    assert_contains(
        &site.read("en/index.html"),
        "<p class=\"site-owner\">© VCA · <a href=\"https://example.org/contact\">Contact</a></p>",
    );
    let css = site.read("style.css");
    assert_contains(&css, ".site-title .title-full { display: none; }");
}

#[test]
fn a_footer_that_is_not_one_inline_line_is_an_error_at_its_line() {
    let yaml =
        format!("{SITE_YAML}footer:\n  vi: \"[Liên hệ](../lien-he/)\"\n  en: \"# Contact\"\n");
    let site = Site::inline(&[("site.yaml", &yaml), ("content/units.yaml", UNITS_YAML)]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "error: site.yaml:6:1: `footer` links to `../lien-he/`: only full addresses (https://..., mailto:...) work there\n",
    );
    assert_contains(&run.stderr, "`footer` is one line of text");
    assert_contains(&run.stderr, "2 errors found");
}
