//! `kyyeu new`: scaffolds that build as they are, whatever the title holds,
//! and never overwrite anything.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

#[test]
fn new_article_has_a_transliterated_folder_and_builds() {
    let site = Site::minimal();
    let run = site
        .run(&[
            "new",
            "Đoàn kết – Kỷ cương",
            "--year",
            "2022",
            "--unit",
            "quy-ho-tro-phat-trien-htx",
        ])
        .success();
    assert_eq!(
        run.stdout,
        "created content/2022/doan-ket-ky-cuong/index.vi.md\n"
    );
    assert!(site
        .root()
        .join("content/2022/doan-ket-ky-cuong/photos")
        .is_dir());
    let text = std::fs::read_to_string(
        site.root()
            .join("content/2022/doan-ket-ky-cuong/index.vi.md"),
    )
    .unwrap();
    for field in [
        "title:",
        "date:",
        "venue:",
        "summary:",
        "units:",
        "speakers:",
        "photos:",
        "tasks:",
        "roles:",
        "author:",
        "source:",
        "draft:",
    ] {
        assert_contains(&text, field);
    }
    assert_contains(&text, "units: [quy-ho-tro-phat-trien-htx]");
    assert_contains(&text, "draft: true");
    site.run(&["build", "--drafts"]).success();
    let html = site.read("2022/doan-ket-ky-cuong/index.html");
    assert_contains(&html, "<h1>Đoàn kết – Kỷ cương</h1>");
}

#[test]
fn any_title_gives_valid_front_matter() {
    let title = "Hội nghị: \"Tinh hoa\" # 1 – 'VCA' & <b>";
    let site = Site::minimal();
    site.run(&["new", title, "--year", "2021"]).success();
    site.run(&["build", "--drafts"]).success();
    let html = site.read("2021/hoi-nghi-tinh-hoa-1-vca/index.html");
    assert_contains(&decode_entities(&html), &format!("<h1>{title}</h1>"));
}

#[test]
fn new_refuses_to_overwrite() {
    let site = Site::minimal();
    site.run(&["new", "Hội nghị", "--year", "2021"]).success();
    let path = site.root().join("content/2021/hoi-nghi/index.vi.md");
    std::fs::write(&path, "---\ntitle: Đã sửa\ndate: 2021-01-01\n---\n").unwrap();
    let run = site.run(&["new", "Hội nghị", "--year", "2021"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: content/2021/hoi-nghi already exists: nothing was written (choose another title, or edit that article)\n");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\ntitle: Đã sửa\ndate: 2021-01-01\n---\n"
    );
}

#[test]
fn new_checks_units_and_languages() {
    let site = Site::minimal();
    let run = site.run(&["new", "A", "--unit", "quy-ho-tro"]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "error: --unit quy-ho-tro: there is no such unit in content/units.yaml",
    );
    let run = site.run(&["new", "A", "--lang", "fr"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --lang fr: the site's languages are vi, en\n"
    );
    assert!(!site.root().join("content/2026").exists() && site.output_files().is_empty());
}

#[test]
fn new_in_english_writes_an_english_file() {
    let site = Site::minimal();
    let run = site
        .run(&["new", "Study visit", "--year", "2021", "--lang", "en"])
        .success();
    assert_eq!(run.stdout, "created content/2021/study-visit/index.en.md\n");
    let text =
        std::fs::read_to_string(site.root().join("content/2021/study-visit/index.en.md")).unwrap();
    assert_contains(&text, "# required");
}

#[test]
fn translate_copies_the_text_fields_marked_and_the_original_still_builds() {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: \"Hội nghị: tổng kết\"\ndate: 2021-12-10\nvenue: Hà Nội\nunits: [quy-ho-tro-phat-trien-htx]\ntasks:\n  - Nhiệm vụ một\n---\nNội dung.\n",
    );
    let run = site
        .run(&[
            "new",
            "--translate",
            "content/2021/hoi-nghi",
            "--lang",
            "en",
        ])
        .success();
    assert_eq!(run.stdout, "created content/2021/hoi-nghi/index.en.md\n");
    let text =
        std::fs::read_to_string(site.root().join("content/2021/hoi-nghi/index.en.md")).unwrap();
    assert_contains(&text, "title: \"Hội nghị: tổng kết\"   # TRANSLATE");
    assert_contains(&text, "venue: \"Hà Nội\"   # TRANSLATE");
    assert_contains(&text, "tasks:   # TRANSLATE\n  - \"Nhiệm vụ một\"");
    assert_not_contains(&text, "units:");
    assert_not_contains(&text, "draft:");
    assert_contains(&text, "---\n<!-- TRANSLATE -->\nNội dung.");
    let built = site.build().success();
    assert_contains(
        &built.stdout,
        "1 translation still has fields marked to translate",
    );
    assert_contains(
        &site.read("en/2021/hoi-nghi/index.html"),
        "available only in Vietnamese",
    );
    let again = site.run(&[
        "new",
        "--translate",
        "content/2021/hoi-nghi/index.vi.md",
        "--lang",
        "en",
    ]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        "error: content/2021/hoi-nghi/index.en.md already exists: nothing was written\n"
    );
}

#[test]
fn translate_needs_a_language_and_an_article() {
    let site = Site::minimal();
    let run = site.run(&["new", "--translate", "content/2021/khong-co"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "--translate needs --lang");
    let run = site.run(&[
        "new",
        "--translate",
        "content/2021/khong-co",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: content/2021/khong-co: no article there (give its folder or one of its .md files)\n");
}

#[test]
fn a_long_title_gives_a_folder_of_six_words() {
    let site = Site::minimal();
    let run = site
        .run(&[
            "new",
            "Hội nghị tổng kết công tác thi đua năm 2025 của Khối các đơn vị sự nghiệp",
            "--year",
            "2025",
        ])
        .success();
    assert_eq!(
        run.stdout,
        "created content/2025/hoi-nghi-tong-ket-cong-tac/index.vi.md\n"
    );
    let text = std::fs::read_to_string(
        site.root()
            .join("content/2025/hoi-nghi-tong-ket-cong-tac/index.vi.md"),
    )
    .unwrap();
    assert!(
        text.contains("năm 2025 của Khối các đơn vị sự nghiệp"),
        "{text}"
    );
}
