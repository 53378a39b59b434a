//! The traps a new reporter falls into: a value that YAML reads as a
//! comment, the example article of `kyyeu init` failing after its unit was
//! replaced, a link to an article of another year. Each is an error at its
//! file, line and column, with a hint that says what to write instead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{self, assert_contains, Site};

/// Builds `site`, expecting exit status 1; its stderr.
#[track_caller]
fn build_fails(site: &Site) -> String {
    let run = site.build();
    assert_eq!(run.code, 1, "exit status; stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "");
    run.stderr
}

#[test]
fn an_unquoted_colour_is_an_error_at_its_line_with_the_hint_to_quote_it() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &format!(
            "{}style:\n  accent: #8b1a1a\n  logo: #x\n",
            common::SITE_YAML
        ),
    );
    let stderr = build_fails(&site);
    assert_contains(
        &stderr,
        "error: site.yaml:7:11: `accent` is empty: the `#` began a comment, and everything after it was left out\n  hint: a value that starts with `#` goes in double quotes: `accent: \"#8b1a1a\"`\n",
    );
    assert_contains(&stderr, "error: site.yaml:8:9: `logo` is empty");
    assert_contains(&stderr, "2 errors found; nothing was written\n");
}

#[test]
fn a_comment_trap_in_front_matter_and_in_units_yaml_is_an_error() {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nvenue: #1 Tràng Tiền\n---\nNội dung.\n",
    );
    site.write(
        "content/units.yaml",
        "- id: don-vi\n  name: {vi: Đơn vị, en: Unit}\n  short: #DV\n",
    );
    let stderr = build_fails(&site);
    assert_contains(
        &stderr,
        "content/2021/hoi-nghi/index.vi.md:4:8: `venue` is empty",
    );
    assert_contains(&stderr, "`venue: \"#1 Tràng Tiền\"`");
    assert_contains(&stderr, "content/units.yaml:3:10: `short` is empty");
}

#[test]
fn a_comment_trap_is_reported_in_vietnamese() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &format!("{}style:\n  accent: #8b1a1a\n", common::SITE_YAML),
    );
    let run = site.run_env(&["build"], &[("LANG", "vi_VN.UTF-8")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "site.yaml:7:11: `accent` đang trống: dấu `#` mở đầu một lời chú thích",
    );
    assert_contains(
        &run.stderr,
        "cần đặt trong ngoặc kép: `accent: \"#8b1a1a\"`",
    );
}

#[test]
fn a_comment_before_a_block_value_is_no_trap() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &format!(
            "{}photos: # sizes\n  widths: [480]\nstyle:\n  accent: \"#8b1a1a\" # quoted\n",
            common::SITE_YAML
        ),
    );
    site.build().success();
    assert_contains(&site.read("style.css"), "#8b1a1a");
}

/// This year, as `kyyeu init` sees it (the local date).
fn this_year() -> i32 {
    use chrono::Datelike;
    chrono::Local::now().year()
}

#[test]
fn the_example_article_of_init_names_itself_in_every_error_at_once() {
    let site = Site::empty();
    site.run(&["init"]).success();
    site.write("content/units.yaml", common::UNITS_YAML);
    let stderr = build_fails(&site);
    let folder = format!("content/{}/vi-du-hoi-nghi/", this_year());
    let file = format!("{folder}index.vi.md");
    let says = format!("the example article from kyyeu init refers to unit `don-vi-mau`, which is not in content/units.yaml: change it or delete {folder}\n");
    // `units`, the speaker's `unit` and the role's `unit`: three lines, in
    // one run (the two `unit: don-vi-mau` were once one error).
    for line in ["8:9", "12:11", "23:11"] {
        assert_contains(&stderr, &format!("error: {file}:{line}: {says}"));
    }
    assert_contains(&stderr, "3 errors found; nothing was written\n");
    let run = site.run_env(&["build"], &[("LANG", "C.UTF-8")]);
    assert_contains(
        &run.stderr,
        &format!("lỗi: {file}:8:9: bài viết mẫu do kyyeu init tạo ra nhắc tới đơn vị `don-vi-mau`"),
    );
    // Another error of the example: the hint says what the file is.
    let text = std::fs::read_to_string(site.root().join(&file)).unwrap();
    site.write(
        &file,
        &text
            .replace("don-vi-mau", "lien-minh-htx-viet-nam")
            .replace("draft: true", "draft: yes"),
    );
    let stderr = build_fails(&site);
    assert_contains(
        &stderr,
        &format!(
            "  hint: this is the example article from kyyeu init: change it or delete {folder}\n"
        ),
    );
}

#[test]
fn two_speakers_of_one_unknown_unit_are_two_errors() {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nspeakers:\n  - name: An\n    unit: khong-co\n  - name: Bình\n    unit: khong-co\nroles:\n  - unit: khong-co\n    role: Khối trưởng\n    year: 2022\n---\n",
    );
    let stderr = build_fails(&site);
    for line in ["6:11", "8:11", "10:11"] {
        assert_contains(
            &stderr,
            &format!("error: content/2021/hoi-nghi/index.vi.md:{line}: unknown unit `khong-co`"),
        );
    }
    assert_contains(&stderr, "3 errors found");
}

#[test]
fn a_link_to_an_article_of_another_year_gets_the_right_path_as_hint() {
    let site = Site::minimal();
    let linking = "content/2024/tong-ket/index.vi.md";
    site.write(
        linking,
        "---\ntitle: Tổng kết 2024\ndate: 2024-12-10\n---\nXem [năm sau](../tong-ket-2025/index.vi.md#ket-luan).\n",
    );
    site.write(
        "content/2025/tong-ket-2025/index.vi.md",
        "---\ntitle: Tổng kết 2025\ndate: 2025-12-10\n---\n## Kết luận\n\nHết.\n",
    );
    let stderr = build_fails(&site);
    assert_contains(
        &stderr,
        "error: content/2024/tong-ket/index.vi.md:5:5: linked article `../tong-ket-2025/index.vi.md` does not exist (looked for content/2024/tong-ket-2025/index.vi.md)\n  hint: the file is in another folder (another year?): link it as `../../2025/tong-ket-2025/index.vi.md`\n",
    );
    let text = std::fs::read_to_string(site.root().join(linking)).unwrap();
    site.write(
        linking,
        &text.replace("../tong-ket-2025/", "../../2025/tong-ket-2025/"),
    );
    site.build().success();
    assert_contains(
        &site.read("2024/tong-ket/index.html"),
        "href=\"../../2025/tong-ket-2025/index.html#ket-luan\"",
    );
}
