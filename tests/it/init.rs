//! From an empty folder to a published site: `kyyeu init` writes a site that
//! builds at once (comments in the language of messages) and never
//! overwrites; `kyyeu theme export` writes the built-in theme, which builds
//! the example site byte for byte as the built-in one does; `kyyeu new`
//! writes a draft dated today; counts read "1 article", never "1 articles".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use std::path::Path;

const VI: &[(&str, &str)] = &[("LANG", "vi_VN.UTF-8")];
const C_LOCALE: &[(&str, &str)] = &[("LANG", "C")];
const EN: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];

/// This year, as `kyyeu init` and `kyyeu new` see it (the local date).
fn this_year() -> i32 {
    use chrono::Datelike;
    chrono::Local::now().year()
}

/// The example article's folder in the output, e.g. `2026/vi-du-hoi-nghi`.
fn example_article() -> String {
    format!("{}/vi-du-hoi-nghi/index.html", this_year())
}

/// A folder with a new site made by `kyyeu init` (in English).
fn initialized() -> Site {
    let site = Site::empty();
    site.run(&["init"]).success();
    site
}

// Needs the pages of `content/pages/` (another change of this release):
// before they are merged, the page is read as an article without a date and
// the build fails; after the merge, this passes as it is.
#[test]
fn init_in_an_empty_folder_builds_at_once_with_its_page() {
    let site = Site::empty();
    let run = site.run(&["init"]).success();
    assert_contains(&run.stdout, "kyyeu new \"Tiêu đề bài viết\"\n");
    assert_contains(&run.stdout, "  kyyeu serve\n");
    assert_contains(&run.stdout, "  kyyeu build\n");
    assert_not_contains(&run.stdout, "--root");
    site.build().success();
    for page in [
        "index.html",
        "en/index.html",
        "gioi-thieu/index.html",
        "en/about/index.html",
    ] {
        assert!(
            site.has(page),
            "{page} not built: {:?}",
            site.output_files()
        );
    }
    assert_contains(&site.read("gioi-thieu/index.html"), "Giới thiệu");
}

#[test]
fn init_writes_every_file_and_names_the_root_in_the_next_commands() {
    let site = Site::empty();
    site.write("README.md", "A folder that holds other things.\n");
    std::fs::create_dir_all(site.root().join(".git")).unwrap();
    let run = site.run(&["init", "ky-yeu"]).success();
    let year = this_year();
    for file in [
        "site.yaml".to_string(),
        "content/units.yaml".to_string(),
        "content/pages/gioi-thieu/index.vi.md".to_string(),
        "content/pages/gioi-thieu/index.en.md".to_string(),
        format!("content/{year}/vi-du-hoi-nghi/index.vi.md"),
        ".gitignore".to_string(),
    ] {
        assert!(site.root().join("ky-yeu").join(&file).is_file(), "{file}");
        assert_contains(&run.stdout, &format!("  ky-yeu/{file}\n"));
    }
    assert_contains(
        &run.stdout,
        "kyyeu new \"Tiêu đề bài viết\" --root ky-yeu\n",
    );
    assert_contains(&run.stdout, "kyyeu serve --root ky-yeu\n");
    assert_contains(&run.stdout, "kyyeu build --root ky-yeu\n");
    let ignore = read_in(&site.root().join("ky-yeu"), ".gitignore");
    assert_eq!(ignore, "public/\n.kyyeu-cache/\n");
    let yaml = read_in(&site.root().join("ky-yeu"), "site.yaml");
    for field in [
        "title:",
        "description:",
        "base_url: https://example.org\n",
        "languages: [vi, en]",
        "theme: default",
        "widths: [480, 960, 1600]",
        "quality: 82",
        "webp: true",
        "trusted_html: false",
        "max_file_mb: 16",
        "sitemap_urls: 10000",
        "organisation:\n",
        "place:\n",
        "style:\n  accent: \"#0b5d1e\"\n  logo:\n",
        "pdf:\n  paper: a4\n  max_articles: 200\n",
    ] {
        assert_contains(&yaml, field);
    }
}

#[test]
fn site_yaml_of_init_writes_out_every_field_of_the_docs() {
    let site = initialized();
    let yaml = read_in(site.root(), "site.yaml");
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/site-yaml.en.md"))
            .unwrap();
    let fields: Vec<&str> = docs
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .filter_map(|heading| heading.split_whitespace().next())
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    assert!(fields.len() >= 12, "{fields:?}");
    for field in fields {
        assert_contains(&yaml, &format!("\n{field}:"));
    }
}

#[test]
fn init_lang_sets_the_default_language_and_the_language_of_a_c_locale() {
    let c_utf8 = &[("LANG", "C.UTF-8")];
    let parent = Site::empty();
    let run = parent
        .run_env(&["init", "--lang", "vi", "site"], c_utf8)
        .success();
    assert_contains(&run.stdout, "đã tạo trang mới trong ");
    let dir = parent.root().join("site");
    let yaml = read_in(&dir, "site.yaml");
    assert_contains(&yaml, "languages: [vi, en]\n");
    assert_contains(&yaml, "# Tên trang");
    let run = run_in_env(parent.root(), &["build", "--root", "site"], c_utf8).success();
    assert!(run.stdout.starts_with("đã tạo "), "{}", run.stdout);
    let home = read_in(&dir.join("public"), "index.html");
    assert_contains(&home, "<html lang=\"vi\"");
    let run = run_in_env(
        parent.root(),
        &["build", "--root", "site", "--draft"],
        c_utf8,
    );
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "lỗi: không nhận ra `--draft`");
    let run = run_in_env(parent.root(), &["init", "--lang", "vi", "--help"], c_utf8).success();
    assert_contains(&run.stdout, "Ngôn ngữ mặc định của trang mới");

    let english = Site::empty();
    let run = english.run_env(&["init", "--lang", "en"], c_utf8).success();
    assert_contains(&run.stdout, "created a new site in ");
    let yaml = read_in(english.root(), "site.yaml");
    assert_contains(&yaml, "languages: [en, vi]\n");
    assert_contains(&yaml, "# The site's name");
    let run = english.run_env(&["build"], c_utf8).success();
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
    assert_contains(&english.read("index.html"), "<html lang=\"en\"");
    // A locale that names a language wins over the site's.
    let run = english.run_env(&["build"], VI).success();
    assert!(run.stdout.starts_with("đã tạo "), "{}", run.stdout);
}

/// The lines of `text` that are YAML comments.
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.trim_start().starts_with('#'))
        .filter(|line| !line.contains("accent:") && !line.contains("logo:"))
        .collect()
}

#[test]
fn site_yaml_comments_are_in_the_language_of_messages() {
    let vi = Site::empty();
    vi.run_env(&["init"], VI).success();
    let vi_comments = comments(&read_in(vi.root(), "site.yaml")).join("\n");
    assert!(!vi_comments.is_empty());
    for word in ["Tên trang", "ngôn ngữ", "Giao diện", "Ảnh"] {
        assert_contains(&vi_comments, word);
    }
    let units = comments(&read_in(vi.root(), "content/units.yaml")).join("\n");
    assert_contains(&units, "đơn vị");
    let en = Site::empty();
    let run = en.run_env(&["init"], EN).success();
    assert_contains(&run.stdout, "created a new site in ");
    let en_comments = comments(&read_in(en.root(), "site.yaml")).join("\n");
    assert_contains(&en_comments, "The site's name");
    assert!(en_comments.is_ascii(), "not English:\n{en_comments}");
    let vi_run = Site::empty();
    let run = vi_run.run_env(&["init"], VI).success();
    assert_contains(&run.stdout, "đã tạo trang mới trong ");
    assert_contains(&run.stdout, "tiếp theo:");
    // Without a locale that names a language: the new site's, Vietnamese.
    let c = Site::empty();
    let run = c.run_env(&["init"], C_LOCALE).success();
    assert_contains(&run.stdout, "đã tạo trang mới trong ");
    assert_contains(&read_in(c.root(), "site.yaml"), "# Tên trang");
}

#[test]
fn init_never_overwrites() {
    let site = initialized();
    site.write("site.yaml", "title: {vi: Đã sửa, en: Edited}\n");
    let before = snapshot(site.root());
    let run = site.run(&["init"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "site.yaml already exists: nothing was written");
    assert_eq!(run.stdout, "");
    assert!(snapshot(site.root()) == before, "init changed files");
    // A folder with only content/, or only a file init would write.
    for (rel, text) in [
        ("content/2021/a.vi.md", "---\ntitle: A\n---\n"),
        (".gitignore", "target/\n"),
    ] {
        let other = Site::inline(&[(rel, text)]);
        let before = snapshot(other.root());
        let run = other.run_env(&["init"], VI);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let named = rel.split('/').next().unwrap();
        assert_contains(&run.stderr, &format!("{named} đã tồn tại: chưa ghi gì cả"));
        assert!(snapshot(other.root()) == before, "init changed files");
    }
}

#[test]
fn the_example_article_is_a_draft_published_with_drafts() {
    let site = initialized();
    // The page is the subject of another test: this one is about the
    // article, and builds without pages before they are merged.
    std::fs::remove_dir_all(site.root().join("content/pages")).unwrap();
    let article = format!("content/{}/vi-du-hoi-nghi/index.vi.md", this_year());
    let text = read_in(site.root(), &article);
    for field in [
        "title:",
        "date:",
        "year:",
        "venue:",
        "summary:",
        "units:",
        "speakers:",
        "photos:",
        "tasks:",
        "tasks_year:",
        "roles:",
        "author:",
        "source:",
        "slug:",
    ] {
        assert_contains(&text, &format!("\n{field}"));
    }
    assert_contains(&text, "draft: true\n");
    site.build().success();
    assert!(site.has("index.html"));
    assert!(!site.has(&example_article()), "a draft was published");
    site.run(&["build", "--drafts"]).success();
    let html = site.read(&example_article());
    assert_contains(&html, "Đơn vị mẫu");
    assert_contains(&html, "https://commonmark.org/help/");
    site.run(&["check", "--drafts"]).success();
}

#[test]
fn new_writes_a_draft_dated_today() {
    let site = Site::minimal();
    site.run(&["new", "Hội nghị mới"]).success();
    let year = this_year();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let text = read_in(
        site.root(),
        &format!("content/{year}/hoi-nghi-moi/index.vi.md"),
    );
    assert_contains(&text, &format!("\ndate: {today}   #"));
    assert_contains(&text, "\ndraft: true   #");
    assert_not_contains(&text, "\nyear:");
    site.build().success();
    assert!(!site.has(&format!("{year}/hoi-nghi-moi/index.html")));
    site.run(&["build", "--drafts"]).success();
    assert!(site.has(&format!("{year}/hoi-nghi-moi/index.html")));
}

#[test]
fn new_takes_a_date_and_the_year_follows_it_unless_given() {
    let site = Site::minimal();
    site.run(&["new", "Hội nghị A", "--date", "2019-11-20"])
        .success();
    let text = read_in(site.root(), "content/2019/hoi-nghi-a/index.vi.md");
    assert_contains(&text, "\ndate: 2019-11-20   #");
    site.run(&[
        "new",
        "Hội nghị B",
        "--date",
        "2020-01-15",
        "--year",
        "2019",
    ])
    .success();
    let text = read_in(site.root(), "content/2019/hoi-nghi-b/index.vi.md");
    assert_contains(&text, "\ndate: 2020-01-15   #");
    assert_contains(&text, "\nyear: 2019   #");
    site.run(&["build", "--drafts"]).success();
    assert!(site.has("2019/hoi-nghi-a/index.html") && site.has("2019/hoi-nghi-b/index.html"));
    let run = site.run(&["new", "C", "--date", "20/11/2019"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --date 20/11/2019: write the date as YYYY-MM-DD, for example --date 2021-12-10\n"
    );
}

// Needs `Report::drafts_left_out` as the loader on main counts it (0 on a
// branch without it): passes after the merge.
#[test]
fn build_and_check_say_how_many_drafts_were_left_out() {
    let site = Site::minimal();
    site.run(&["new", "Hội nghị mới"]).success();
    let run = site.build().success();
    assert_contains(
        &run.stdout,
        "1 draft was left out (build with --drafts to see it)\n",
    );
    let run = site.run_env(&["check"], VI).success();
    assert_contains(&run.stdout, "đã bỏ qua 1 bản nháp (dùng --drafts để xem)\n");
    site.run(&["new", "Hội nghị khác"]).success();
    let run = site.build().success();
    assert_contains(&run.stdout, "2 drafts were left out");
    let run = site.run(&["build", "--drafts"]).success();
    assert_not_contains(&run.stdout, "left out");
}

#[test]
fn counts_of_one_are_singular() {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: photos/a.jpg\n    caption: Ảnh.\n---\nBody\n",
    );
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 64, 48);
    let run = site.build().success();
    assert_contains(&run.stdout, "built 1 article, ");
    assert_contains(&run.stdout, " pages, 1 photo (1 processed");
    assert_not_contains(&run.stdout, "1 articles");
    let run = site.run(&["check"]).success();
    assert_contains(&run.stdout, "checked 1 article, ");
    site.write(
        "content/2021/khac/index.vi.md",
        "---\ntitle: Khác\ndate: 2021-12-11\n---\nBody\n",
    );
    let run = site.build().success();
    assert_contains(&run.stdout, "built 2 articles, ");
    let run = site.run_env(&["build"], VI).success();
    assert_contains(&run.stdout, "đã tạo 2 bài viết, ");
    let broken = Site::minimal();
    broken.write("content/2021/a.vi.md", "---\ntitle: A\n---\n");
    let run = broken.build();
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "\n1 error found; nothing was written\n");
}

/// The example site of the repository (site.yaml, content/, static/).
fn example_site() -> Site {
    let site = Site::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), site.root().join("site.yaml")).unwrap();
    for dir in ["content", "static"] {
        if repo.join(dir).is_dir() {
            copy_tree(&repo.join(dir), &site.root().join(dir), &|_| true);
        }
    }
    site
}

#[test]
fn an_exported_theme_builds_the_example_site_byte_for_byte() {
    let site = example_site();
    let default_out = site.root().join("out-default");
    let custom_out = site.root().join("out-custom");
    let out = |dir: &Path| dir.to_string_lossy().to_string();
    site.run(&["build", "--output", &out(&default_out)])
        .success();
    let run = site.run(&["theme", "export"]).success();
    assert_eq!(
        run.stdout,
        "wrote the built-in theme to themes/custom\nto use it, set `theme: custom` in site.yaml, then edit its files\n"
    );
    for file in ["templates/base.html", "i18n/vi.yaml", "static/style.css"] {
        assert!(
            site.root().join("themes/custom").join(file).is_file(),
            "{file}"
        );
    }
    let yaml = read_in(site.root(), "site.yaml").replace("theme: default", "theme: custom");
    assert_contains(&yaml, "theme: custom");
    site.write("site.yaml", &yaml);
    site.run(&["build", "--output", &out(&custom_out)])
        .success();
    let (default, custom) = (snapshot(&default_out), snapshot(&custom_out));
    assert!(default.len() > 50, "{:?}", default.keys());
    assert_eq!(
        default.keys().collect::<Vec<_>>(),
        custom.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &default {
        assert!(custom.get(path) == Some(bytes), "{path} differs");
    }
}

#[test]
fn theme_export_never_overwrites_and_checks_its_name_and_site() {
    let site = Site::minimal();
    site.run(&["theme", "export", "xanh"]).success();
    site.write("themes/xanh/static/style.css", "body{color:green}\n");
    let before = snapshot(site.root());
    let run = site.run(&["theme", "export", "xanh"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: themes/xanh already exists: nothing was written (choose another name: kyyeu theme export NAME)\n"
    );
    assert!(
        snapshot(site.root()) == before,
        "theme export changed files"
    );
    let run = site.run_env(&["theme", "export", "Xanh Lá"], VI);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "không dùng được làm tên thư mục giao diện");
    let empty = Site::empty();
    let run = empty.run(&["theme", "export"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "site.yaml not found");
    assert!(!empty.root().join("themes").exists());
}

#[test]
fn new_commands_have_vietnamese_help() {
    let site = Site::minimal();
    let run = site.run_env(&["--help"], VI).success();
    assert_contains(&run.stdout, "  init ");
    assert_contains(&run.stdout, "Tạo một trang web mới");
    let run = site.run_env(&["theme", "export", "--help"], VI).success();
    assert_contains(&run.stdout, "Chép giao diện có sẵn vào themes/NAME/");
    assert_contains(&run.stdout, "Tên thư mục của giao diện");
    assert_not_contains(&run.stdout, "Print help");
    let run = site.run_env(&["new", "--help"], VI).success();
    assert_contains(&run.stdout, "Ngày của bài, dạng NĂM-THÁNG-NGÀY");
    let run = site.run_env(&["serve", "--help"], VI).success();
    assert_contains(&run.stdout, "--drafts");
    assert_contains(&run.stdout, "bản nháp");
}
