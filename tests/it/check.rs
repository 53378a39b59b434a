//! `kyyeu check`: validates everything, writes nothing, and tells an editor
//! what is left to translate and what looks unfinished.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

fn site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/2021/a/index.vi.md",
        "---\ntitle: Một\ndate: 2021-03-01\nunits: [quy-ho-tro-phat-trien-htx]\n---\nĐoạn đầu.\n",
    );
    site.write(
        "content/2021/a/index.en.md",
        "---\ntitle: One\n---\nFirst paragraph.\n",
    );
    site.write(
        "content/2021/b/index.vi.md",
        "---\ntitle: Hai\ndate: 2021-05-01\n---\nĐoạn đầu.\n",
    );
    site.write(
        "content/2022/c.vi.md",
        "---\ntitle: Ba\ndate: 2022-01-01\n---\nĐoạn đầu.\n",
    );
    site
}

#[test]
fn check_reports_untranslated_articles_per_year_and_writes_nothing() {
    let site = site();
    let before = snapshot(site.root());
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "vi: every article is written in this language\n",
    );
    assert_contains(
        &run.stderr,
        "en: 2021: 1 of 2 articles not translated\n  content/2021/b/index.vi.md\n",
    );
    assert_contains(
        &run.stderr,
        "en: 2022: 1 of 1 article not translated\n  content/2022/c.vi.md\n",
    );
    assert!(snapshot(site.root()) == before, "check wrote files");
}

#[test]
fn check_warns_about_units_no_article_names() {
    let site = site();
    let run = site.run(&["check"]);
    assert_contains(&run.stderr, "warning: content/units.yaml:");
    assert_contains(
        &run.stderr,
        "unit `lien-minh-htx-viet-nam` is named by no article",
    );
    assert_not_contains(&run.stderr, "unit `quy-ho-tro-phat-trien-htx` is named");
}

#[test]
fn check_decodes_every_photo() {
    let site = site();
    site.write("content/2021/a/photos/x.jpg", "not a photo");
    site.write("content/2021/a/index.vi.md", "---\ntitle: Một\ndate: 2021-03-01\nphotos:\n  - file: photos/x.jpg\n    caption: Ảnh\n---\nĐoạn đầu.\n");
    let before = snapshot(site.root());
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "error: content/2021/a/index.vi.md:5:11: photo `content/2021/a/photos/x.jpg`: is not an image");
    assert!(snapshot(site.root()) == before, "check wrote files");
}

#[test]
fn check_fails_on_a_link_to_a_missing_article() {
    let site = site();
    site.write(
        "content/2021/b/index.vi.md",
        "---\ntitle: Hai\ndate: 2021-05-01\n---\nXem [bài khác](../khong-co/index.vi.md).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains(
        &run.stderr,
        "content/2021/b/index.vi.md:5:5: linked article `../khong-co/index.vi.md` does not exist",
    );
}

#[test]
fn check_json_is_for_tools() {
    let site = site();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value["ok"], true);
    assert_eq!(value["articles"], 3);
    let en_2021 = value["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["lang"] == "en" && c["year"] == 2021)
        .unwrap();
    assert_eq!(
        en_2021["missing"],
        serde_json::json!(["content/2021/b/index.vi.md"])
    );
    site.write(
        "content/2022/c.vi.md",
        "---\ntitle: Ba\ndate: 2022-13-01\n---\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value["ok"], false);
    assert_eq!(value["errors"][0]["path"], "content/2022/c.vi.md");
    assert_eq!(value["errors"][0]["line"], 3);
    assert_eq!(value["errors"][0]["column"], 7);
}

#[test]
fn check_lists_ui_strings_a_theme_language_lacks() {
    let site = Site::minimal();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml"))
        .unwrap()
        .replace("languages: [vi, en]", "languages: [vi, en, fr]");
    site.write("site.yaml", &yaml);
    site.write(
        "themes/default/i18n/fr.yaml",
        "lang_name: Français\nhome: Accueil\n",
    );
    site.write(
        "content/2021/a.vi.md",
        "---\ntitle: Một\ndate: 2021-03-01\n---\nĐoạn.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "fr: the theme lacks ");
    assert_contains(&run.stderr, "UI strings (English is shown): ");
    assert_not_contains(&run.stderr, "vi: the theme lacks");
}

/// A translation made by `new --translate`, its marks removed one by one:
/// listed as untranslated with its fields until the last mark goes.
#[test]
fn a_translation_counts_as_translated_once_its_marks_are_gone() {
    let site = site();
    site.write(
        "content/2021/b/index.vi.md",
        "---\ntitle: Hai\ndate: 2021-05-01\nspeakers:\n  - name: Nguyễn Văn An\n    role: Chủ trì\n  - name: Trần Thị Bình\n    role: Phát biểu\n---\nĐoạn đầu.\n",
    );
    site.run(&["new", "--translate", "content/2021/b", "--lang", "en"])
        .success();
    let path = "content/2021/b/index.en.md";
    let scaffold = std::fs::read_to_string(site.root().join(path)).unwrap();
    // Everything translated but the second speaker's role.
    let mut lines: Vec<String> = Vec::new();
    for line in scaffold.lines() {
        let keep = line.contains("Phát biểu");
        let line = match line {
            _ if keep => line.to_string(),
            _ => line
                .replace("   # TRANSLATE", "")
                .replace("<!-- TRANSLATE -->", ""),
        };
        lines.push(line.replace("\"Hai\"", "Two").replace("Chủ trì", "Chair"));
    }
    site.write(path, &(lines.join("\n") + "\n"));
    let role_line = lines
        .iter()
        .position(|l| l.contains("# TRANSLATE"))
        .unwrap()
        + 1;

    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("en: 2021: 1 of 2 articles not translated\n  {path}: still marked to translate: speakers[2].role (line {role_line})\n"),
    );
    let json = site.run(&["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let en_2021 = value["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["lang"] == "en" && c["year"] == 2021)
        .unwrap();
    assert_eq!(en_2021["missing"], serde_json::json!([]));
    assert_eq!(
        en_2021["marked"],
        serde_json::json!([{"path": path, "lang": "en", "year": 2021,
            "fields": [{"field": "speakers[2].role", "line": role_line}]}])
    );
    let built = site.build().success();
    assert_contains(
        &built.stdout,
        "1 translation still has fields marked to translate",
    );
    assert_contains(
        &site.read("en/2021/b/index.html"),
        "available only in Vietnamese",
    );

    let done = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, &done.replace("   # TRANSLATE", ""));
    let run = site.run(&["check"]);
    assert_not_contains(&run.stderr, "en: 2021:");
    assert_not_contains(&run.stderr, "marked to translate");
    let built = site.build().success();
    assert_not_contains(&built.stdout, "marked to translate");
    assert_contains(&site.read("en/2021/b/index.html"), "<h1>Two</h1>");
}

/// Marks written by hand on a page of `content/pages/`, in Vietnamese.
#[test]
fn a_page_with_marks_left_is_listed_and_left_out() {
    let site = site();
    site.write(
        "content/2021/b/index.en.md",
        "---\ntitle: Two\n---\nText.\n",
    );
    site.write("content/2022/c.en.md", "---\ntitle: Three\n---\nText.\n");
    site.write(
        "content/pages/gioi-thieu.vi.md",
        "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n",
    );
    site.write(
        "content/pages/gioi-thieu.en.md",
        "---\ntitle: About\nsummary: \"Về # chúng tôi\"  # DỊCH\n---\nAbout us.\n",
    );
    let run = site.run(&["check"]);
    assert_contains(
        &run.stderr,
        "en: pages not yet translated\n  content/pages/gioi-thieu.en.md: still marked to translate: summary (line 3)\n",
    );
    let json = site.run(&["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["marked_pages"][0]["fields"][0]["field"], "summary");
    site.build().success();
    assert!(!site.root().join("public/en/about/index.html").exists());
}
