//! Content and usage errors: the exit status, the exact message with its
//! `path:line:col`, and the promise that a failed build leaves the previous
//! output exactly as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::common::{assert_contains, snapshot, Site};

/// Where the single article of the small error sites is written.
const ARTICLE: &str = "content/2021/hoi-nghi/index.vi.md";

/// A small site with one article.
fn with_article(text: &str) -> Site {
    let site = Site::minimal();
    site.write(ARTICLE, text);
    site
}

/// Runs `kyyeu build`, expecting exit status 1, exactly `stderr`, nothing
/// on stdout, and the previous output left as it was.
#[track_caller]
fn build_fails(site: &Site, stderr: &str) {
    let before = site.seed_public();
    let run = site.build();
    assert_eq!(run.code, 1, "exit status; stderr:\n{}", run.stderr);
    assert_eq!(run.stderr, stderr);
    assert_eq!(run.stdout, "");
    site.assert_public_is(&before);
}

/// Builds `site`, expecting a failure whose message starts with `start` and
/// says `also` somewhere, and the previous output untouched.
#[track_caller]
fn build_fails_starting(site: &Site, start: &str, also: &str) {
    let before = site.seed_public();
    let run = site.build();
    assert_eq!(run.code, 1, "exit status; stderr:\n{}", run.stderr);
    assert!(run.stderr.starts_with(start), "{}", run.stderr);
    assert_contains(&run.stderr, also);
    site.assert_public_is(&before);
}

/// Runs `kyyeu <args>`, expecting a usage error (exit status 2) with exactly
/// `stderr`, and not a single file of the site's folder written or removed.
#[track_caller]
fn refused(site: &Site, args: &[&str], stderr: &str) {
    site.seed_public();
    let before = snapshot(site.root());
    let run = site.run(args);
    assert_eq!(run.code, 2, "exit status; stderr:\n{}", run.stderr);
    assert_eq!(run.stderr, stderr);
    assert!(
        snapshot(site.root()) == before,
        "files changed: {:?}",
        snapshot(site.root()).keys().collect::<Vec<_>>()
    );
}

const ONE_ERROR: &str = "1 error found; nothing was written\n";

#[test]
fn unknown_field_is_reported_with_the_closest_known_field() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nspeaker:\n  - name: Nguyễn Văn Thịnh\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:4:1: unknown field `speaker`\n  hint: did you mean `speakers`?\n{ONE_ERROR}"),
    );
}

#[test]
fn unknown_fields_and_a_wrong_type_are_reported_together() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\ntags: [a]\nspeaker:\n  - name: X\ndraft: yes\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!(
            "error: {ARTICLE}:4:1: unknown field `tags`\n  hint: did you mean `tasks`?\n\
             error: {ARTICLE}:5:1: unknown field `speaker`\n  hint: did you mean `speakers`?\n\
             error: {ARTICLE}:7:8: draft: expected `true` or `false`, found the text \"yes\"\n\
             3 errors found; nothing was written\n"
        ),
    );
}

#[test]
fn unknown_field_of_a_speaker_is_located_in_the_list() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nspeakers:\n  - name: Nguyễn Văn Thịnh\n    rol: Phó Chủ tịch\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:6:5: speakers[0]: unknown field `rol`\n  hint: did you mean `role`?\n{ONE_ERROR}"),
    );
}

#[test]
fn wrong_type_names_the_field_and_what_was_expected() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nunits: quy-ho-tro-phat-trien-htx\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:4:8: units: expected a list, found the text \"quy-ho-tro-phat-trien-htx\"\n{ONE_ERROR}"),
    );
}

#[test]
fn missing_title_is_an_error() {
    let site = with_article("---\ndate: 2021-12-10\nvenue: Hà Nội\n---\nBody\n");
    build_fails(
        &site,
        &format!("error: {ARTICLE}:2:1: missing `title`\n  hint: add a line such as `title: Hội nghị tổng kết năm 2021`\n{ONE_ERROR}"),
    );
}

#[test]
fn missing_date_is_an_error() {
    let site = with_article("---\ntitle: Hội nghị\nvenue: Hà Nội\n---\nBody\n");
    build_fails(
        &site,
        &format!("error: {ARTICLE}:2:1: missing `date`\n  hint: add a line such as `date: 2021-12-10`\n{ONE_ERROR}"),
    );
}

#[test]
fn unparseable_dates_are_errors_at_the_value() {
    let site = with_article("---\ntitle: Hội nghị\nvenue: Hà Nội\ndate: 10/12/2021\n---\nBody\n");
    site.write(
        "content/2021/ngay-sai.vi.md",
        "---\ntitle: Ngày không có\ndate:   2021-02-30\n---\n",
    );
    let hint = "  hint: write the date as YYYY-MM-DD, e.g. `2021-12-10`, or with a time, e.g. `2021-12-10T14:00:00+07:00`\n";
    build_fails(
        &site,
        &format!(
            "error: {ARTICLE}:4:7: `date` is not a valid date: `10/12/2021`\n{hint}\
             error: content/2021/ngay-sai.vi.md:3:9: `date` is not a valid date: `2021-02-30`\n{hint}\
             2 errors found; nothing was written\n"
        ),
    );
}

#[test]
fn unknown_unit_in_units_is_located_and_hinted() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nunits: [lien-minh-htx-viet-nam, quy-ho-tro-phat-trien]\n---\nBody\n",
    );
    site.write(
        "content/2021/khac.vi.md",
        "---\ntitle: Khác\ndate: 2021-12-11\nunits:\n  - xyz\n---\n",
    );
    build_fails(
        &site,
        "error: content/2021/hoi-nghi/index.vi.md:4:33: unknown unit `quy-ho-tro-phat-trien`: it is not in content/units.yaml\n  hint: did you mean `quy-ho-tro-phat-trien-htx`?\n\
         error: content/2021/khac.vi.md:5:5: unknown unit `xyz`: it is not in content/units.yaml\n  hint: expected one of: lien-minh-htx-viet-nam, quy-ho-tro-phat-trien-htx\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn unknown_unit_of_a_speaker_is_an_error() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nspeakers:\n  - name: Nguyễn Văn Thịnh\n    role: Phó Chủ tịch\n    unit: lien-minh-htx\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:7:11: unknown unit `lien-minh-htx`: it is not in content/units.yaml\n  hint: did you mean `lien-minh-htx-viet-nam`?\n{ONE_ERROR}"),
    );
}

#[test]
fn unknown_unit_of_a_role_is_an_error() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nroles:\n  - unit: quy-ho-tro\n    role: Khối trưởng\n    year: 2022\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:5:11: unknown unit `quy-ho-tro`: it is not in content/units.yaml\n  hint: did you mean `quy-ho-tro-phat-trien-htx`?\n{ONE_ERROR}"),
    );
}

#[test]
fn photo_that_does_not_exist_is_an_error() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: photos/dai-bieu.jpg\n    caption: Đại biểu.\n---\nBody\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:5:11: photo `photos/dai-bieu.jpg` does not exist (looked for content/2021/hoi-nghi/photos/dai-bieu.jpg)\n{ONE_ERROR}"),
    );
}

#[test]
fn image_in_the_body_that_does_not_exist_is_an_error_at_its_column() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\n---\nĐoạn một.\n\nẢnh: ![Đại biểu](photos/khong-co.jpg)\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:7:6: photo `photos/khong-co.jpg` does not exist (looked for content/2021/hoi-nghi/photos/khong-co.jpg)\n{ONE_ERROR}"),
    );
}

#[test]
fn photo_outside_content_is_refused() {
    let site = Site::minimal();
    site.photo("content/2021/anh-that.jpg", 64, 48);
    // A single-file article: `../../site.yaml` is the site's own site.yaml.
    site.write(
        "content/2021/hoi-nghi.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: anh-that.jpg\n    caption: Ảnh thật.\n  - file: ../../site.yaml\n    caption: Cấu hình.\n  - file: /etc/passwd\n    caption: Tuyệt đối.\n---\nBody\n",
    );
    build_fails(
        &site,
        "error: content/2021/hoi-nghi.vi.md:7:11: photo `../../site.yaml` lies outside content/\n\
         error: content/2021/hoi-nghi.vi.md:9:11: photo `/etc/passwd` must be a path relative to the article, not an absolute path\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn translation_may_not_contradict_the_original() {
    let site = Site::minimal();
    for folder in ["a", "b", "c"] {
        site.photo(&format!("content/2021/{folder}/photos/a.jpg"), 64, 48);
    }
    site.photo("content/2021/c/photos/b.jpg", 64, 48);
    let original = "---\ntitle: Gốc\ndate: 2021-12-10\nunits: [quy-ho-tro-phat-trien-htx]\nphotos:\n  - file: photos/a.jpg\n    caption: Ảnh A.\n---\n";
    for folder in ["a", "b", "c"] {
        site.write(&format!("content/2021/{folder}/index.vi.md"), original);
    }
    site.write(
        "content/2021/a/index.en.md",
        "---\ntitle: Translation\ndate: 2021-12-11\n---\n",
    );
    site.write(
        "content/2021/b/index.en.md",
        "---\ntitle: Translation\nsummary: Same date, other units.\nunits: [lien-minh-htx-viet-nam]\n---\n",
    );
    site.write(
        "content/2021/c/index.en.md",
        "---\ntitle: Translation\nphotos:\n  - file: photos/b.jpg\n    caption: Photo B.\n---\n",
    );
    let orig = |f: &str| format!("(content/2021/{f}/index.vi.md)");
    build_fails(
        &site,
        &format!(
            "error: content/2021/a/index.en.md:3:1: `date` differs from the original {}\n  hint: remove `date` from the translation: it is taken from the original\n\
             error: content/2021/b/index.en.md:4:1: `units` differs from the original {}\n  hint: remove `units` from the translation: it is taken from the original\n\
             error: content/2021/c/index.en.md:3:1: `photos` differs from the original {}\n  hint: remove `photos` from the translation: it is taken from the original\n\
             3 errors found; nothing was written\n",
            orig("a"),
            orig("b"),
            orig("c")
        ),
    );
}

#[test]
fn same_slug_twice_in_one_year_names_both_files() {
    let site = with_article("---\ntitle: Một\ndate: 2021-12-10\n---\n");
    site.write(
        "content/khac/ban-sao.vi.md",
        "---\ntitle: Hai\ndate: 2021-05-01\nslug: hoi-nghi\n---\n",
    );
    // The same slug in another year is fine.
    site.write(
        "content/2022/hoi-nghi.vi.md",
        "---\ntitle: Ba\ndate: 2022-05-01\n---\n",
    );
    build_fails(
        &site,
        "error: content/2021/hoi-nghi/index.vi.md:1:1: two articles of 2021 have the slug `hoi-nghi`: content/khac/ban-sao.vi.md and content/2021/hoi-nghi/index.vi.md\n  hint: give one of them another `slug:` or folder name\n1 error found; nothing was written\n",
    );
}

#[test]
fn duplicate_unit_id_is_reported_at_the_second() {
    let site = Site::inline(&[("site.yaml", common::SITE_YAML)]);
    site.write(
        "content/units.yaml",
        "- id: quy-ho-tro-phat-trien-htx\n  name: {vi: Quỹ}\n- id: lien-minh-htx-viet-nam\n  name: {vi: Liên minh}\n\n- id: quy-ho-tro-phat-trien-htx\n  name: {vi: Quỹ lặp}\n",
    );
    site.write(ARTICLE, "---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    build_fails(
        &site,
        &format!("error: content/units.yaml:6:3: unit id `quy-ho-tro-phat-trien-htx` is used twice (first at line 1)\n{ONE_ERROR}"),
    );
}

#[test]
fn an_error_in_units_yaml_does_not_make_every_unit_unknown() {
    let site = Site::inline(&[("site.yaml", common::SITE_YAML)]);
    site.write(
        "content/units.yaml",
        "- id: quy-ho-tro-phat-trien-htx\n  name: {vi: Quỹ}\n- id: quy-ho-tro-phat-trien-htx\n  name: {vi: Quỹ lặp}\n",
    );
    site.write(
        ARTICLE,
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nunits: [quy-ho-tro-phat-trien-htx]\n---\n",
    );
    build_fails(
        &site,
        &format!("error: content/units.yaml:3:3: unit id `quy-ho-tro-phat-trien-htx` is used twice (first at line 1)\n{ONE_ERROR}"),
    );
}

#[test]
fn every_repeated_unit_id_is_reported_at_its_own_line() {
    let site = Site::inline(&[("site.yaml", common::SITE_YAML)]);
    site.write(
        "content/units.yaml",
        "- id: quy\n  name: {vi: Một}\n- id: quy\n  name: {vi: Hai}\n- id: quy\n  name: {vi: Ba}\n",
    );
    build_fails(
        &site,
        "error: content/units.yaml:3:3: unit id `quy` is used twice (first at line 1)\n\
         error: content/units.yaml:5:3: unit id `quy` is used twice (first at line 1)\n\
         2 errors found; nothing was written\n",
    );
}

#[test]
fn unit_url_that_is_not_http_is_an_error() {
    let site = Site::inline(&[("site.yaml", common::SITE_YAML)]);
    site.write(
        "content/units.yaml",
        "- id: quy\n  name: {vi: Quỹ}\n  url: \"javascript:alert(1)\"\n",
    );
    build_fails(
        &site,
        &format!("error: content/units.yaml:3:9: unit `quy` has a `url` that is not an http(s) address: `javascript:alert(1)`\n{ONE_ERROR}"),
    );
}

#[cfg(unix)]
#[test]
fn photo_reached_through_a_symbolic_link_out_of_content_is_refused() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: photos/lien-ket.jpg\n    caption: Liên kết.\n---\n",
    );
    let outside = tempfile::tempdir().unwrap();
    common::draw_photo(&outside.path().join("ngoai.jpg"), 64, 48);
    std::fs::create_dir_all(site.root().join("content/2021/hoi-nghi/photos")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("ngoai.jpg"),
        site.root()
            .join("content/2021/hoi-nghi/photos/lien-ket.jpg"),
    )
    .unwrap();
    build_fails(
        &site,
        &format!("error: {ARTICLE}:5:11: photo `photos/lien-ket.jpg` lies outside content/ (through a symbolic link)\n{ONE_ERROR}"),
    );
}

#[test]
fn unknown_field_in_units_yaml_is_an_error() {
    let site = Site::inline(&[("site.yaml", common::SITE_YAML)]);
    site.write(
        "content/units.yaml",
        "- id: quy-ho-tro-phat-trien-htx\n  name: {vi: Quỹ}\n  shrt: {vi: Q}\n",
    );
    build_fails(
        &site,
        &format!("error: content/units.yaml:3:3: entry 1: unknown field `shrt`\n  hint: did you mean `short`?\n{ONE_ERROR}"),
    );
}

#[test]
fn unknown_key_in_site_yaml_is_an_error() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &format!("{}thme: default\n", common::SITE_YAML),
    );
    build_fails(
        &site,
        &format!("error: site.yaml:6:1: unknown field `thme`\n  hint: did you mean `theme`?\n{ONE_ERROR}"),
    );
}

#[test]
fn base_url_that_is_not_absolute_is_an_error() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &common::SITE_YAML.replace("https://example.org/kyyeu", "example.org/kyyeu"),
    );
    build_fails(
        &site,
        &format!("error: site.yaml:4:1: `base_url` must be an absolute http(s) URL, found `example.org/kyyeu`\n  hint: for example `base_url: https://example.org/kyyeu`\n{ONE_ERROR}"),
    );
}

#[test]
fn bad_base_url_flag_is_a_usage_error() {
    let site = Site::minimal();
    let run = site.run(&["build", "--base-url", "ftp://example.org"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "--base-url");
    assert!(!run.stderr.contains("site.yaml:"), "{}", run.stderr);
}

#[test]
fn error_lines_are_right_in_a_file_with_a_bom_and_crlf_line_ends() {
    let site = Site::minimal();
    site.write_bytes(
        ARTICLE,
        "\u{feff}---\r\ntitle: Hội nghị\r\ndate: 2021-12-10\r\n\r\nunits: [lien-minh-htx-viet-nam, khong-co]\r\n---\r\nĐoạn.\r\n\r\n![Ảnh](photos/khong-co.jpg)\r\n"
            .as_bytes(),
    );
    build_fails(
        &site,
        &format!(
            "error: {ARTICLE}:5:33: unknown unit `khong-co`: it is not in content/units.yaml\n  hint: expected one of: lien-minh-htx-viet-nam, quy-ho-tro-phat-trien-htx\n\
             error: {ARTICLE}:9:1: photo `photos/khong-co.jpg` does not exist (looked for content/2021/hoi-nghi/photos/khong-co.jpg)\n\
             2 errors found; nothing was written\n"
        ),
    );
}

#[test]
fn several_errors_in_several_files_are_reported_in_one_run() {
    let site = Site::minimal();
    site.write(
        "content/2020/a/index.vi.md",
        "---\ntitle: A\ndate: 2020-12-10\nvenu: Hà Nội\n---\n",
    );
    site.write(
        "content/2020/a/index.en.md",
        "---\ntitle: A\ndate: 2020-12-11\n---\n",
    );
    site.write(
        "content/2021/b.vi.md",
        "---\ntitle: B\ndate: 2021-12-10\nspeakers:\n  - name: Đặng Thị Hồng Đào\n    unit: quy-ho-tro\n---\n",
    );
    site.write(
        "content/2022/c/index.vi.md",
        "---\ntitle: C\ndate: hôm qua\nphotos:\n  - file: photos/khong-co.jpg\n    caption: Không có.\n---\n",
    );
    site.write("content/2022/d.vi.md", "title: D\n");
    build_fails(
        &site,
        "error: content/2020/a/index.en.md:3:1: `date` differs from the original (content/2020/a/index.vi.md)\n  hint: remove `date` from the translation: it is taken from the original\n\
         error: content/2020/a/index.vi.md:4:1: unknown field `venu`\n  hint: did you mean `venue`?\n\
         error: content/2021/b.vi.md:6:11: unknown unit `quy-ho-tro`: it is not in content/units.yaml\n  hint: did you mean `quy-ho-tro-phat-trien-htx`?\n\
         error: content/2022/c/index.vi.md:3:7: `date` is not a valid date: `hôm qua`\n  hint: write the date as YYYY-MM-DD, e.g. `2021-12-10`, or with a time, e.g. `2021-12-10T14:00:00+07:00`\n\
         error: content/2022/c/index.vi.md:5:11: photo `photos/khong-co.jpg` does not exist (looked for content/2022/c/photos/khong-co.jpg)\n\
         error: content/2022/d.vi.md:1:1: expected front matter: the file must start with a line `---`\n  hint: begin the file with `---`, the fields (`title:`, `date:` ...), and another `---`\n\
         6 errors found; nothing was written\n",
    );
}

#[test]
fn file_that_is_not_utf8_is_an_error_at_the_first_bad_byte() {
    let site = Site::minimal();
    site.write_bytes(
        ARTICLE,
        b"---\ntitle: Hoi nghi\ndate: 2021-12-10\n---\nBody \xff\xfe here\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:5:6: the file is not valid UTF-8\n  hint: save the file as UTF-8 (Unicode); legacy Vietnamese encodings such as TCVN3 or VNI are not supported\n{ONE_ERROR}"),
    );
}

#[test]
fn column_of_a_bad_utf8_byte_counts_characters() {
    let site = Site::minimal();
    site.write_bytes(
        ARTICLE,
        b"---\ntitle: Hoi nghi\ndate: 2021-12-10\n---\nVi\xe1\xbb\x87t \xff\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:5:6: the file is not valid UTF-8\n  hint: save the file as UTF-8 (Unicode); legacy Vietnamese encodings such as TCVN3 or VNI are not supported\n{ONE_ERROR}"),
    );
}

#[test]
fn photo_that_is_not_an_image_is_an_error() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: photos/ghi-chu.jpg\n    caption: Không phải ảnh.\n---\nBody\n",
    );
    site.write(
        "content/2021/hoi-nghi/photos/ghi-chu.jpg",
        "chỉ là chữ, không phải ảnh\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:5:11: photo `content/2021/hoi-nghi/photos/ghi-chu.jpg`: is not an image (JPEG, PNG or WebP expected)\n{ONE_ERROR}"),
    );
}

#[test]
fn link_to_an_article_file_that_does_not_exist_is_an_error() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\n---\nĐoạn một.\n\nXem [bài khác](../khong-co.vi.md).\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:7:5: linked article `../khong-co.vi.md` does not exist (looked for content/2021/khong-co.vi.md)\n{ONE_ERROR}"),
    );
}

#[test]
fn file_in_a_language_the_site_does_not_have_is_an_error() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    site.write(
        "content/2021/hoi-nghi/index.fr.md",
        "---\ntitle: Conférence\n---\n",
    );
    build_fails(
        &site,
        &format!("error: content/2021/hoi-nghi/index.fr.md:1:1: language `fr` is not one of the site's languages (vi, en)\n  hint: add it to `languages` in site.yaml, or rename the file\n{ONE_ERROR}"),
    );
}

#[test]
fn two_files_of_one_language_for_one_article_are_an_error() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    site.write(
        "content/2021/hoi-nghi/index.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:1:1: a second `vi` file for the same article as content/2021/hoi-nghi/index.md\n  hint: keep one of `index.md` and `index.<default language>.md`\n{ONE_ERROR}"),
    );
}

#[test]
fn template_error_in_the_site_theme_names_the_template_and_position() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    site.write(
        "themes/default/templates/units.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ meta.title }</h1>\n{% endblock content %}\n",
    );
    build_fails(
        &site,
        &format!("error: themes/default/templates/units.html:3:19: template error: Found `}}` but expected }}}}.\n{ONE_ERROR}"),
    );
}

#[test]
fn undefined_variable_in_the_site_theme_names_the_template_line_and_page() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    site.write(
        "themes/default/templates/units.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ meta.title }}</h1>\n<p>{{ view.no_such_field }}</p>\n{% endblock content %}\n",
    );
    build_fails_starting(
        &site,
        "error: themes/default/templates/units.html:4:12: cannot render /don-vi/: Field `no_such_field` is not defined",
        "no_such_field",
    );
}

#[test]
fn section_word_that_is_not_a_slug_is_reported_in_its_file() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    site.write(
        "themes/default/i18n/vi.yaml",
        "units: Cơ quan\n\npath_units: Cơ Quan\n",
    );
    build_fails_starting(
        &site,
        "error: themes/default/i18n/vi.yaml:3:",
        "`path_units` must be a slug",
    );
}

#[test]
fn javascript_link_in_markdown_is_an_error() {
    let site = with_article(
        "---\ntitle: Hội nghị\ndate: 2021-12-10\n---\nĐoạn một.\n\nXem [ở đây](javascript:alert(1)).\n",
    );
    build_fails(
        &site,
        &format!("error: {ARTICLE}:7:5: link to `javascript:alert(1)` is not allowed: only http(s), mailto and relative links are\n{ONE_ERROR}"),
    );
}

#[test]
fn failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = Site::fixture("escaping");
    site.build().success();
    let good = snapshot(&site.public());
    assert!(good.len() > 10);
    site.write(
        "content/2021/moi.vi.md",
        "---\ntitle: Mới\ndate: 2021-12-10\nunits: [khong-co]\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    site.assert_public_is(&good);
    assert!(!site.root().join("public/2021/moi").exists());
}

#[test]
fn output_folder_that_is_the_site_root_is_refused() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    refused(
        &site,
        &["build", "--output", "."],
        "error: refusing to write the site into .: it is the site's root folder; choose another --output\n",
    );
}

#[test]
fn output_folder_inside_content_is_refused() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    refused(
        &site,
        &["build", "--output", "content/public"],
        "error: refusing to write the site into content/public: it is or lies inside the site's content; choose another --output\n",
    );
}

#[test]
fn output_folder_reached_through_dotdot_is_refused() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    refused(
        &site,
        &["build", "--output", "public/.."],
        "error: refusing to write the site into public/..: it is the site's root folder; choose another --output\n",
    );
    refused(
        &site,
        &["build", "--output", "public/../content/2021"],
        "error: refusing to write the site into public/../content/2021: it is or lies inside the site's content; choose another --output\n",
    );
    let name = site
        .root()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    refused(
        &site,
        &["build", "--output", &format!("../{name}/public/../..")],
        &format!("error: refusing to write the site into ../{name}/public/../..: it contains the site's sources; choose another --output\n"),
    );
}

#[test]
fn missing_site_yaml_is_a_usage_error() {
    let site = Site::inline(&[(
        "content/2021/a.vi.md",
        "---\ntitle: A\ndate: 2021-01-01\n---\n",
    )]);
    let real = site.root().canonicalize().unwrap();
    refused(
        &site,
        &["build"],
        &format!(
            "error: {} is not a kyyeu site: site.yaml not found (use --root DIR)\n",
            real.display()
        ),
    );
    refused(
        &site,
        &["build", "--root", "content"],
        &format!(
            "error: {} is not a kyyeu site: site.yaml not found (use --root DIR)\n",
            real.join("content").display()
        ),
    );
}

#[test]
fn unknown_command_line_flag_is_a_usage_error() {
    let site = Site::minimal();
    let before = snapshot(site.root());
    let run = site.run(&["build", "--draft"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "error: unexpected argument '--draft' found");
    assert_contains(&run.stderr, "tip: a similar argument exists: '--drafts'");
    assert_contains(&run.stderr, "Usage: kyyeu build");
    assert!(snapshot(site.root()) == before);
    let run = site.run(&["publish"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "error: unrecognized subcommand 'publish'");
}

#[test]
fn a_second_build_of_the_same_output_is_refused_while_the_first_runs() {
    let site = with_article("---\ntitle: Hội nghị\ndate: 2021-12-10\n---\n");
    let before = site.seed_public();
    let lock = site.root().join(".public.kyyeu-lock");
    // A running build: its id in the file, and the system's lock on it.
    let held = std::fs::File::create(&lock).unwrap();
    held.try_lock().unwrap();
    std::fs::write(&lock, std::process::id().to_string()).unwrap();
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("error: another kyyeu build is writing public (process {}): wait until it ends, then build again\n", std::process::id())
    );
    site.assert_public_is(&before);
    drop(held);
    // A lock left by a build that was killed (the system released its lock)
    // is taken over, whatever process now has its id: this one runs.
    std::fs::write(&lock, std::process::id().to_string()).unwrap();
    site.build().success();
    assert!(!lock.exists());
    std::fs::write(&lock, "4194304999").unwrap();
    site.build().success();
    assert!(!lock.exists());
}
