//! A body is rendered once into typed pieces that each page puts together:
//! characters of Unicode's private use area (which a word processor's
//! symbol font pastes) are text like any other, and body photos are drawn
//! by the theme's `image` component.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{assert_contains, assert_not_contains, decode_entities, main_of, Site};

/// A site with one article whose body (and title, caption and venue) is
/// `body`, and a photo the body shows.
fn site_with(body: &str, title: &str) -> Site {
    let site = Site::minimal();
    let article = format!(
        "---\ntitle: \"{title}\"\ndate: 2021-12-10\nvenue: \"Hội trường \u{E000}1\u{E000}\"\n\
         photos:\n  - file: photos/a.jpg\n    caption: \"Ảnh \u{E001}0\u{E001}é\"\n---\n{body}"
    );
    site.write("content/2021/bai/index.vi.md", &article);
    site.photo("content/2021/bai/photos/a.jpg", 640, 480);
    site.photo("content/2021/bai/photos/b.jpg", 640, 480);
    site
}

/// The case that once panicked: a numeric reference to U+E001 before
/// accented text, after a heading.
#[test]
fn a_private_use_reference_before_accented_text_builds() {
    let site = site_with("## Mục\n\n&#xE001;éé\n", "Bài");
    site.build().success();
    let html = site.read("2021/bai/index.html");
    let main = main_of(&html);
    assert_contains(main, "<p>\u{E001}éé</p>");
    assert_contains(main, "<h2 id=\"muc\">Mục <a class=\"anchor\" href=\"#muc\"");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
}

/// Raw U+E000 and U+E001 (alone, with digits, as in the old holes) in the
/// body, the title, a caption and the venue: written as they are, and the
/// body's heading ids and photos are still right.
#[test]
fn raw_private_use_characters_are_text_everywhere() {
    let body = "## Mục \u{E000}0\u{E000}\n\n\u{E001}0\u{E001} và \u{E000}7 [về mục](#muc-0)\n\n\
                ![Ảnh b \u{E001}1\u{E001}](photos/b.jpg)\n";
    let site = site_with(body, "Bài \u{E000}0\u{E000} \u{E001}");
    site.build().success();
    let html = site.read("2021/bai/index.html");
    let main = decode_entities(main_of(&html));
    assert_contains(&main, "<h1>Bài \u{E000}0\u{E000} \u{E001}</h1>");
    assert_contains(&main, "<h2 id=\"muc-0\">Mục \u{E000}0\u{E000} <a");
    assert_contains(
        &main,
        "<p>\u{E001}0\u{E001} và \u{E000}7 <a href=\"#muc-0\">về mục</a></p>",
    );
    assert_contains(&main, "Hội trường \u{E000}1\u{E000}");
    assert_contains(&main, "Ảnh \u{E001}0\u{E001}é");
    // The body's photo, in the sizes made of it, with its alt text.
    assert_contains(&main, "alt=\"Ảnh b \u{E001}1\u{E001}\"");
    assert_contains(&main, "bai/b.jpg");
    let feed = site.read("atom.xml");
    assert_contains(&feed, "\u{E001}0\u{E001} và \u{E000}7");
}

/// `%EE%80%80` (the encoding of U+E000, once a hole in links) in a link
/// is a path like any other: one that names no file is an error at its
/// line and column; an external one is kept.
#[test]
fn an_encoded_private_use_character_in_a_link_is_a_path() {
    let body = "## A\n\n[x](https://example.org/%EE%80%80) [y](%EE%80%80)\n";
    let site = site_with(body, "Bài");
    let run = site.build();
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_contains(
        &run.stderr,
        "content/2021/bai/index.vi.md:11:36: link to '%EE%80%80' leads nowhere",
    );
    assert_not_contains(&run.stderr, "panicked");
    let site = site_with(
        "## A\n\n[x](https://example.org/%EE%80%80#%EE%80%80)\n",
        "Bài",
    );
    site.build().success();
    let html = site.read("2021/bai/index.html");
    assert_contains(&html, "href=\"https://example.org/%EE%80%80#%EE%80%80\"");
}

/// A theme that overrides the `image` component draws the photos of bodies
/// with it, as it draws the home page's.
#[test]
fn body_photos_are_drawn_by_the_themes_image_component() {
    let site = site_with("Trước ![Ảnh b](photos/b.jpg \"Tiêu đề\") sau.\n", "Bài");
    let macros = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/macros.html"),
    )
    .unwrap();
    let start = macros.find("{% component image(p) -%}").unwrap();
    let end = macros.find("{%- endcomponent image %}").unwrap();
    let mine = format!(
        "{}{{% component image(p) -%}}<img class=\"mine\" src=\"{{{{ p.src }}}}\" alt=\"{{{{ p.alt }}}}\" title=\"{{{{ p.title }}}}\">{}",
        &macros[..start],
        &macros[end..]
    );
    site.write("themes/mine/templates/macros.html", &mine);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}theme: mine\n"));
    site.build().success();
    let html = site.read("2021/bai/index.html");
    let main = main_of(&html);
    assert_contains(main, "<p>Trước <img class=\"mine\" src=\"../../2021/bai/b.jpg\" alt=\"Ảnh b\" title=\"Tiêu đề\"> sau.</p>");
    let home = site.read("index.html");
    assert_contains(&home, "<img class=\"mine\"");
}

/// An article shown in another language's print edition (not translated)
/// has its links written for the print page, one folder deeper.
#[test]
fn an_untranslated_article_in_another_print_edition_links_from_there() {
    let site = site_with(
        "## A\n\n[Về A](#a) ![Ảnh b](photos/b.jpg) [Năm](../../2021/)\n",
        "Bài",
    );
    site.build().success();
    let print = site.read("en/2021/print/index.html");
    let main = main_of(&print);
    assert_contains(
        main,
        "<h2 id=\"2021-bai-a\">A <a class=\"anchor\" href=\"#2021-bai-a\"",
    );
    assert_contains(main, "<a href=\"#2021-bai-a\">Về A</a>");
    assert_contains(main, "src=\"../../../2021/bai/b.jpg\"");
    assert_contains(main, "<a href=\"../../../2021/index.html\">Năm</a>");
    let own = site.read("2021/bai/index.html");
    assert_contains(main_of(&own), "<a href=\"../../2021/index.html\">Năm</a>");
}
