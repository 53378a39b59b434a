//! Messages in the user's language: Vietnamese with a Vietnamese locale
//! (`LANG`, `LC_ALL`, `LC_MESSAGES`) or `--ui-lang vi`, English with an
//! English one or `--ui-lang en`; with a locale that names neither (`C`,
//! `C.UTF-8`, none), the site's default language (for `init`, its
//! `--lang`), English when there is no site. The Vietnamese texts of a few
//! messages are pinned exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{self, assert_contains, assert_not_contains, snapshot, Run, Site};

const VI: &[(&str, &str)] = &[("LANG", "vi_VN.UTF-8")];
const NO_LOCALE: &[(&str, &str)] = &[];
const EN: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];

/// A site whose build fails with three errors in two files.
fn broken_site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nspeaker: []\nunits: [quy-htx]\n---\nBody\n",
    );
    site.write(
        "content/2021/khac.vi.md",
        "---\ntitle: Khác\ndate: 2021-12-11\ndraft: yes\n---\n",
    );
    site
}

const BROKEN_EN: &str = "\
error: content/2021/hoi-nghi/index.vi.md:4:1: unknown field `speaker`
  hint: did you mean `speakers`?
error: content/2021/hoi-nghi/index.vi.md:5:9: unknown unit `quy-htx`: it is not in content/units.yaml
  hint: expected one of: lien-minh-htx-viet-nam, quy-ho-tro-phat-trien-htx
error: content/2021/khac.vi.md:4:8: draft: expected `true` or `false`, found the text \"yes\"
3 errors found; nothing was written
";

const BROKEN_VI: &str = "\
lỗi: content/2021/hoi-nghi/index.vi.md:4:1: không có trường `speaker`
  gợi ý: có phải ý bạn là `speakers`?
lỗi: content/2021/hoi-nghi/index.vi.md:5:9: không có đơn vị `quy-htx`: mã này không có trong content/units.yaml
  gợi ý: hãy dùng một trong: lien-minh-htx-viet-nam, quy-ho-tro-phat-trien-htx
lỗi: content/2021/khac.vi.md:4:8: draft: cần `true` hoặc `false`, nhưng đang là đoạn chữ \"yes\"
tìm thấy 3 lỗi; chưa ghi tệp nào
";

/// Exit status 1, exactly `stderr`, nothing on stdout, nothing written.
#[track_caller]
fn fails_with(site: &Site, args: &[&str], env: &[(&str, &str)], stderr: &str) {
    let before = snapshot(site.root());
    let run = site.run_env(args, env);
    assert_eq!(run.code, 1, "exit status; stderr:\n{}", run.stderr);
    assert_eq!(run.stderr, stderr);
    assert_eq!(run.stdout, "");
    assert!(snapshot(site.root()) == before, "files changed");
}

#[test]
fn content_errors_are_in_english_with_an_english_locale() {
    let site = broken_site();
    fails_with(&site, &["build"], EN, BROKEN_EN);
    fails_with(&site, &["check"], &[("LANG", "en_GB.UTF-8")], BROKEN_EN);
}

#[test]
fn without_a_locale_naming_a_language_messages_follow_the_site() {
    let site = broken_site();
    fails_with(&site, &["build"], NO_LOCALE, BROKEN_VI);
    fails_with(&site, &["build"], &[("LANG", "C.UTF-8")], BROKEN_VI);
    fails_with(&site, &["check"], &[("LC_ALL", "C")], BROKEN_VI);
    fails_with(&site, &["build"], &[("LANG", "fr_FR.UTF-8")], BROKEN_VI);
    let root = site.root().to_str().unwrap();
    let elsewhere = Site::empty();
    let run = elsewhere.run_env(&["build", "--root", root], &[("LANG", "C.UTF-8")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "tìm thấy 3 lỗi; chưa ghi tệp nào\n");
    let english_first = common::SITE_YAML.replace("[vi, en]", "[en, vi]");
    site.write("site.yaml", &english_first);
    fails_with(&site, &["build"], &[("LANG", "C.UTF-8")], BROKEN_EN);
    fails_with(&site, &["build"], VI, BROKEN_VI);
}

#[test]
fn content_errors_are_in_vietnamese_with_a_vietnamese_locale() {
    let site = broken_site();
    fails_with(&site, &["build"], VI, BROKEN_VI);
    fails_with(&site, &["check"], VI, BROKEN_VI);
    fails_with(&site, &["build"], &[("LC_ALL", "vi_VN.UTF-8")], BROKEN_VI);
    fails_with(&site, &["build"], &[("LC_MESSAGES", "vi_VN")], BROKEN_VI);
}

#[test]
fn lc_all_wins_over_lc_messages_and_lang() {
    let site = broken_site();
    let env = [("LANG", "vi_VN.UTF-8"), ("LC_ALL", "en_US.UTF-8")];
    fails_with(&site, &["build"], &env, BROKEN_EN);
    let env = [("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "vi_VN.UTF-8")];
    fails_with(&site, &["build"], &env, BROKEN_VI);
    let env = [("LC_ALL", ""), ("LANG", "vi_VN.UTF-8")];
    fails_with(&site, &["build"], &env, BROKEN_VI);
    let env = [("LC_ALL", "C"), ("LANG", "en_US.UTF-8")];
    fails_with(&site, &["build"], &env, BROKEN_VI);
}

#[test]
fn ui_lang_flag_chooses_the_language_wherever_it_is_written() {
    let site = broken_site();
    fails_with(&site, &["--ui-lang", "vi", "build"], NO_LOCALE, BROKEN_VI);
    fails_with(&site, &["build", "--ui-lang", "vi"], NO_LOCALE, BROKEN_VI);
    fails_with(&site, &["check", "--ui-lang=vi"], NO_LOCALE, BROKEN_VI);
}

#[test]
fn ui_lang_en_wins_over_a_vietnamese_locale() {
    let site = broken_site();
    fails_with(&site, &["build", "--ui-lang", "en"], VI, BROKEN_EN);
    let env = [("LANG", "vi_VN.UTF-8"), ("LC_ALL", "vi_VN.UTF-8")];
    fails_with(&site, &["--ui-lang", "en", "check"], &env, BROKEN_EN);
}

/// A valid site with one article and one photo.
fn good_site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: photos/a.jpg\n    caption: Ảnh.\n---\nBody\n",
    );
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 64, 48);
    site
}

/// The summary line of a successful run, with its time cut off.
#[track_caller]
fn summary(run: &Run) -> String {
    let line = run.stdout.lines().last().unwrap_or("");
    let (before, after) = line.rsplit_once(' ').unwrap();
    assert_eq!(after, "ms", "{line}");
    let (kept, ms) = before.rsplit_once(' ').unwrap();
    assert!(ms.parse::<u64>().is_ok(), "{line}");
    kept.to_string()
}

#[test]
fn build_summary_in_both_languages() {
    let site = good_site();
    let run = site.run_env(&["build"], VI).success();
    let pages = summary(&run);
    assert!(
        pages.starts_with("đã tạo 1 bài viết, ")
            && pages.ends_with(
                " trang, 1 ảnh (1 ảnh mới xử lý, 0 ảnh lấy từ bộ nhớ đệm; 0,0 MB ảnh gốc được đăng thành 0,0 MB) trong"
            ),
        "{pages}"
    );
    let run = site.run_env(&["build"], EN).success();
    let pages = summary(&run);
    assert!(
        pages.starts_with("built 1 article, ")
            && pages.ends_with(
                " pages, 1 photo (0 processed, 1 from cache; 0.0 MB of originals published as 0.0 MB) in"
            ),
        "{pages}"
    );
    let run = site
        .run_env(&["check", "--ui-lang", "vi"], NO_LOCALE)
        .success();
    let pages = summary(&run);
    assert!(
        pages.starts_with("đã kiểm tra 1 bài viết, ") && pages.ends_with(" trang trong"),
        "{pages}"
    );
}

#[test]
fn warnings_and_cache_pruning_in_vietnamese() {
    let site = Site::minimal();
    let run = site.run_env(&["build"], VI).success();
    assert_contains(
        &run.stderr,
        "cảnh báo: content: chưa có bài viết nào: trang web mới chỉ có trang chủ và các trang mục lục\n",
    );
    assert_not_contains(&run.stderr, "warning");
    let site = good_site();
    site.run_env(&["build"], NO_LOCALE).success();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\n---\nBody\n",
    );
    let run = site.run_env(&["build", "--prune-cache"], VI).success();
    assert_contains(
        &run.stdout,
        "đã xoá 1 mục không còn dùng trong bộ nhớ đệm ảnh\n",
    );
}

#[test]
fn new_reports_in_both_languages() {
    let site = Site::minimal();
    let run = site
        .run_env(&["new", "Đoàn kết – Kỷ cương", "--year", "2022"], VI)
        .success();
    assert_eq!(
        run.stdout,
        "đã tạo content/2022/doan-ket-ky-cuong/index.vi.md\n"
    );
    let run = site
        .run_env(
            &["new", "Study visit", "--year", "2022", "--lang", "en"],
            EN,
        )
        .success();
    assert_eq!(run.stdout, "created content/2022/study-visit/index.en.md\n");
    let run = site.run_env(
        &[
            "new",
            "Đoàn kết – Kỷ cương",
            "--year",
            "2022",
            "--ui-lang",
            "vi",
        ],
        NO_LOCALE,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "lỗi: content/2022/doan-ket-ky-cuong đã tồn tại: chưa ghi gì cả (hãy chọn tiêu đề khác, hoặc sửa bài đó)\n"
    );
    let run = site.run_env(&["new", "A", "--lang", "fr"], VI);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "lỗi: --lang fr: các ngôn ngữ của trang là vi, en\n"
    );
}

#[test]
fn usage_errors_in_both_languages() {
    let site = Site::inline(&[(
        "content/2021/a.vi.md",
        "---\ntitle: A\ndate: 2021-01-01\n---\n",
    )]);
    let real = site.root().canonicalize().unwrap();
    let run = site.run_env(&["build"], VI);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "lỗi: {} không phải là thư mục của một trang kyyeu: không thấy tệp site.yaml (dùng --root <thư mục>)\n",
            real.display()
        )
    );
    let run = site.run_env(&["build"], NO_LOCALE);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {} is not a kyyeu site: site.yaml not found (use --root DIR)\n",
            real.display()
        )
    );
}

#[test]
fn command_line_errors_in_both_languages() {
    let site = Site::minimal();
    let run = site.run_env(&["build", "--draft"], VI);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "lỗi: không nhận ra `--draft`\n  gợi ý: có phải ý bạn là `--drafts`?\n\ncách dùng: kyyeu build --drafts\nxem thêm: `kyyeu build --help`\n"
    );
    let run = site.run_env(&["build", "--draft"], EN);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "error: unexpected argument '--draft' found");
    let run = site.run_env(&["publish"], VI);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "lỗi: không có lệnh `publish`\n");
    let run = site.run_env(&["new", "A", "--year", "năm"], VI);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "lỗi: giá trị `năm` không dùng được cho `--year <YEAR>`: ",
    );
    let run = site.run_env(&["build", "--ui-lang", "fr"], VI);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "lỗi: giá trị `fr` không dùng được cho `--ui-lang <LANG>`\n  gợi ý: các giá trị dùng được: vi, en\n");
    let run = site.run_env(&["build", "--ui-lang", "fr"], EN);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "error: invalid value 'fr' for '--ui-lang <LANG>'",
    );
}

#[test]
fn help_in_both_languages() {
    let site = Site::minimal();
    let run = site.run_env(&["build", "--help"], VI).success();
    assert_contains(&run.stdout, "Tạo trang web vào thư mục xuất (mặc định: public/)\n\nCách dùng: kyyeu build [OPTIONS]\n\nTuỳ chọn:\n");
    assert_contains(&run.stdout, "In hướng dẫn");
    assert_not_contains(&run.stdout, "Print help");
    let run = site.run_env(&["help", "new"], VI).success();
    assert_contains(&run.stdout, "Cách dùng: kyyeu new [OPTIONS] [TITLE]");
    assert_contains(&run.stdout, "Tham số:\n  [TITLE]  Tiêu đề của bài");
    let run = site.run_env(&["--help"], VI).success();
    assert_contains(&run.stdout, "Lệnh:\n  build  ");
    let run = site
        .run_env(&["build", "--help", "--ui-lang", "en"], VI)
        .success();
    assert_contains(&run.stdout, "Build the site into the output folder (public/ by default)\n\nUsage: kyyeu build [OPTIONS]\n\nOptions:\n");
    assert_contains(&run.stdout, "--ui-lang <LANG>");
}
