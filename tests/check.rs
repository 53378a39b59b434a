//! `kyyeu check`: validates everything, writes nothing, and tells an editor
//! what is left to translate and what looks unfinished.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

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
