//! `serve`'s partial rebuilds: after each kind of edit, the site updated in
//! part must be byte for byte the site built whole from the edited sources,
//! and the edits that only touch articles must not rebuild the whole site.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use kyyeu::commands::live::Live;
use kyyeu::output::Content;
use kyyeu::Options;
use std::collections::HashMap;
use std::path::PathBuf;

const ARTICLE: &str = "content/2021/tong-ket-thi-dua-2021/index.vi.md";
const ENGLISH: &str = "content/2021/tong-ket-thi-dua-2021/index.en.md";

/// A served site: the fixture, its live state and its files.
struct Served {
    site: Site,
    options: Options,
    live: Live,
    files: HashMap<String, Content>,
}

impl Served {
    fn new() -> Served {
        Served::on(Site::fixture("basic"))
    }

    fn on(site: Site) -> Served {
        let mut options = Options::new(site.root());
        options.base_url = Some("http://127.0.0.1:1111".into());
        let (live, files) = Live::build(&options).expect("first build");
        Served {
            site,
            options,
            live,
            files,
        }
    }

    /// Rewrites `rel` with `edit`.
    fn edit(&self, rel: &str, edit: impl Fn(String) -> String) {
        let text = read_in(self.site.root(), rel);
        let edited = edit(text.clone());
        assert_ne!(text, edited, "the edit of {rel} changes nothing");
        self.site.write(rel, &edited);
    }

    /// Tells the live site that `changed` changed; returns whether the
    /// update was partial, and the pages it rendered.
    fn update(&mut self, changed: &[&str]) -> Option<usize> {
        let paths: Vec<PathBuf> = changed.iter().map(|r| self.site.root().join(r)).collect();
        match self.live.update(&paths).expect("update") {
            Some(update) => {
                let rest = self.live.finish().expect("the other pages");
                let pages = update.pages + rest.pages;
                for update in [update, rest] {
                    for path in &update.removed {
                        self.files.remove(path);
                    }
                    self.files.extend(update.files);
                }
                for (path, bytes) in self.live.search_files().expect("search index") {
                    self.files.insert(path, Content::Bytes(bytes));
                }
                Some(pages)
            }
            None => {
                let (live, files) = Live::build(&self.options).expect("whole rebuild");
                self.live = live;
                self.files = files;
                None
            }
        }
    }

    /// The served files are those of a whole build of the sources.
    fn assert_whole(&self, after: &str) {
        let (_, whole) = Live::build(&self.options).expect("whole build");
        let mut missing: Vec<&String> = whole
            .keys()
            .filter(|k| !self.files.contains_key(*k))
            .collect();
        let mut extra: Vec<&String> = self
            .files
            .keys()
            .filter(|k| !whole.contains_key(*k))
            .collect();
        missing.sort();
        extra.sort();
        assert!(missing.is_empty(), "after {after}: missing {missing:?}");
        assert!(extra.is_empty(), "after {after}: left over {extra:?}");
        let mut paths: Vec<&String> = whole.keys().collect();
        paths.sort();
        for path in paths {
            match (&whole[path], &self.files[path]) {
                (Content::Bytes(a), Content::Bytes(b)) => assert!(
                    a == b,
                    "after {after}: {path} differs from a whole build:\n--- whole\n{}\n--- partial\n{}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                ),
                (Content::File(a), Content::File(b)) => {
                    assert_eq!(a, b, "after {after}: {path} is another file")
                }
                _ => panic!("after {after}: {path} is of another kind"),
            }
        }
    }

    fn page(&self, path: &str) -> String {
        match self.files.get(path) {
            Some(Content::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
            other => panic!("{path}: {other:?}"),
        }
    }
}

fn partial(pages: Option<usize>, what: &str) -> usize {
    let pages = pages.unwrap_or_else(|| panic!("{what}: the whole site was rebuilt"));
    assert!(pages > 0, "{what}: nothing rendered");
    pages
}

#[test]
fn a_title_edit_renders_only_the_pages_that_show_the_article() {
    let mut s = Served::new();
    let total = s.live.pages();
    s.edit(ARTICLE, |t| {
        t.replacen("Tổng kết thi đua 2021", "Tổng kết năm 2021", 1)
    });
    let pages = partial(s.update(&[ARTICLE]), "title");
    assert!(pages < total, "{pages} of {total} pages rendered");
    assert_contains(
        &s.page("2021/tong-ket-thi-dua-2021/index.html"),
        "Tổng kết năm 2021",
    );
    assert_contains(&s.page("index.html"), "Tổng kết năm 2021");
    s.assert_whole("a title edit");
}

#[test]
fn every_kind_of_article_edit_gives_the_site_a_whole_build_gives() {
    let mut s = Served::new();
    type Edit = Box<dyn Fn(String) -> String>;
    let edits: Vec<(&str, &str, Edit)> = vec![
        (
            "a new speaker",
            ARTICLE,
            Box::new(|t| {
                t.replacen(
                    "speakers:\n",
                    "speakers:\n  - name: Lê Thị Mới\n    role: Khách mời\n    unit: lien-minh-htx-viet-nam\n",
                    1,
                )
            }),
        ),
        (
            "speakers removed",
            ARTICLE,
            Box::new(|t| {
                let start = t.find("speakers:\n").unwrap();
                let end = t.find("photos:\n").unwrap();
                format!("{}{}", &t[..start], &t[end..])
            }),
        ),
        (
            "a unit removed",
            ARTICLE,
            Box::new(|t| t.replacen("  - truong-cao-dang-ktkt-bac-bo\n", "", 1)),
        ),
        (
            "the date moved within the year",
            ARTICLE,
            Box::new(|t| t.replacen("date: 2021-12-10", "date: 2021-01-05", 1)),
        ),
        (
            "tasks for another year",
            ARTICLE,
            Box::new(|t| t.replacen("tasks:\n", "tasks_year: 2020\ntasks:\n", 1)),
        ),
        (
            "a caption",
            ARTICLE,
            Box::new(|t| t.replacen("Toàn cảnh các đại biểu", "Các đại biểu", 1)),
        ),
        (
            "the translation's title",
            ENGLISH,
            Box::new(|t| t.replacen("Emulation review", "Revised review", 1)),
        ),
    ];
    for (what, file, edit) in edits {
        s.edit(file, edit);
        partial(s.update(&[file]), what);
        s.assert_whole(what);
    }
}

#[test]
fn a_translation_added_and_removed_updates_in_part() {
    let mut s = Served::new();
    let vi = "content/2021/study-visit.vi.md";
    s.site.write(
        vi,
        "---\ntitle: Tham quan hợp tác xã ở Đà Lạt\ndate: 2021-06-20\nvenue: Đà Lạt, Lâm Đồng\nunits: [lien-minh-htx-viet-nam]\n---\nĐoàn đã thăm ba hợp tác xã.\n",
    );
    partial(s.update(&[vi]), "a translation added");
    assert_contains(
        &s.page("2021/study-visit/index.html"),
        "Tham quan hợp tác xã",
    );
    s.assert_whole("a translation added");
    std::fs::remove_file(s.site.root().join(vi)).unwrap();
    partial(s.update(&[vi]), "a translation removed");
    s.assert_whole("a translation removed");
}

#[test]
fn a_sitemap_in_parts_gains_and_loses_parts_in_part() {
    let site = Site::fixture("basic");
    let yaml = read_in(site.root(), "site.yaml");
    site.write("site.yaml", &format!("{yaml}limits: {{sitemap_urls: 1}}\n"));
    let mut s = Served::on(site);
    let parts = |s: &Served| s.files.keys().filter(|f| f.starts_with("sitemap-")).count();
    let before = parts(&s);
    assert!(before > 1);
    let vi = "content/2021/study-visit.vi.md";
    s.site.write(
        vi,
        "---\ntitle: Tham quan hợp tác xã ở Đà Lạt\ndate: 2021-06-20\nunits: [lien-minh-htx-viet-nam]\n---\nĐoàn đã thăm ba hợp tác xã.\n",
    );
    partial(s.update(&[vi]), "a translation added");
    assert_eq!(parts(&s), before + 1);
    s.assert_whole("a translation added");
    std::fs::remove_file(s.site.root().join(vi)).unwrap();
    partial(s.update(&[vi]), "a translation removed");
    assert_eq!(parts(&s), before);
    s.assert_whole("a translation removed");
}

#[test]
fn an_error_keeps_the_site_and_its_fix_updates_in_part() {
    let mut s = Served::new();
    let before = s.page("2021/tong-ket-thi-dua-2021/index.html");
    let good = read_in(s.site.root(), ARTICLE);
    s.site
        .write(ARTICLE, &good.replacen("speakers:", "speeker:", 1));
    let paths = [s.site.root().join(ARTICLE)];
    let failure = s.live.update(&paths).expect_err("an error");
    assert_contains(&failure.to_string(), "index.vi.md:");
    assert_contains(&failure.to_string(), "speeker");
    assert_eq!(s.page("2021/tong-ket-thi-dua-2021/index.html"), before);
    // The fix comes with a change to another file: the failed article is read again too.
    s.site.write(
        ARTICLE,
        &good.replacen("Chiều 10/12/2021", "Chiều ngày 10/12/2021", 1),
    );
    partial(s.update(&["content/2021/ky-giao-uoc.vi.md"]), "the fix");
    assert_contains(
        &s.page("2021/tong-ket-thi-dua-2021/index.html"),
        "Chiều ngày 10/12/2021",
    );
    s.assert_whole("an error and its fix");
}

#[test]
fn a_new_photo_file_is_resized_and_shown() {
    let mut s = Served::new();
    let photo = "content/2021/tong-ket-thi-dua-2021/photos/dai-bieu.jpg";
    draw_photo(&s.site.root().join(photo), 1000, 1000);
    partial(s.update(&[photo]), "a photo redrawn");
    s.assert_whole("a photo redrawn");
}

#[test]
fn changes_beyond_articles_rebuild_the_whole_site() {
    let mut s = Served::new();
    // An article outside the year folders (in one, its year must be the folder's).
    let loose = "content/khac/gap-mat.vi.md";
    s.site.write(
        loose,
        "---\ntitle: Gặp mặt\ndate: 2021-05-01\n---\nGặp mặt đầu xuân.\n",
    );
    s.update(&[loose]);
    s.assert_whole("an article added");
    s.edit(loose, |t| {
        t.replacen("date: 2021-05-01", "date: 2020-05-01", 1)
    });
    assert_eq!(s.update(&[loose]), None, "an article moved to another year");
    s.assert_whole("an article moved to another year");
    s.edit("site.yaml", |t| format!("{t}\n# edited\n"));
    assert_eq!(s.update(&["site.yaml"]), None, "site.yaml");
    s.edit("content/units.yaml", |t| format!("{t}\n# edited\n"));
    assert_eq!(s.update(&["content/units.yaml"]), None, "units.yaml");
    let new = "content/2021/moi/index.vi.md";
    s.site.write(
        new,
        "---\ntitle: Bài mới\ndate: 2021-03-01\n---\nNội dung.\n",
    );
    assert_eq!(s.update(&[new]), None, "a new article");
    s.assert_whole("a new article");
}

#[test]
fn a_theme_string_changed_between_builds_is_used() {
    // Rendering keeps each language's strings per thread: a later build
    // with other strings must not see the earlier ones.
    let mut s = Served::new();
    let page = "2021/tong-ket-thi-dua-2021/index.html";
    assert_contains(&s.page(page), "Bỏ qua, đến nội dung chính");
    let strings = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/vi.yaml"),
    )
    .unwrap();
    s.site.write(
        "themes/default/i18n/vi.yaml",
        &strings.replace("Bỏ qua, đến nội dung chính", "Đến thẳng nội dung"),
    );
    assert_eq!(s.update(&["themes/default/i18n/vi.yaml"]), None);
    assert_contains(&s.page(page), "Đến thẳng nội dung");
    assert_not_contains(&s.page(page), "Bỏ qua, đến nội dung chính");
}

#[test]
fn a_page_and_its_photo_edited_rebuild_the_whole_site() {
    let mut s = Served::new();
    let page = "content/pages/gioi-thieu/index.vi.md";
    let photo = "content/pages/gioi-thieu/toan-canh.jpg";
    s.site.write(
        page,
        "---\ntitle: Giới thiệu\nmenu: 1\nphotos:\n  - file: toan-canh.jpg\n    caption: Toàn cảnh\n---\nNội dung.\n",
    );
    draw_photo(&s.site.root().join(photo), 800, 600);
    assert_eq!(s.update(&[page]), None, "a new page");
    assert!(s.page("index.html").contains("Giới thiệu"));
    s.edit(page, |t| t.replace("title: Giới thiệu", "title: Về khối"));
    assert_eq!(s.update(&[page]), None, "a page's title");
    assert!(
        s.page("2021/index.html").contains("Về khối"),
        "the menu shows the new title"
    );
    draw_photo(&s.site.root().join(photo), 640, 640);
    assert_eq!(s.update(&[photo]), None, "a page's photo");
    s.assert_whole("a page's photo redrawn");
}

/// Files added to a bundle while serving that the walk of `content/`
/// leaves out (a symbolic link, a `_notes/` folder with Markdown and a
/// photo in it) are left out of the preview too: it stays the site a
/// build makes, and a body that names one of them fails as the build does.
#[cfg(unix)]
#[test]
fn files_the_build_leaves_out_are_left_out_of_the_preview() {
    let mut s = Served::new();
    let bundle = s.site.root().join("content/2021/tong-ket-thi-dua-2021");
    std::os::unix::fs::symlink(
        bundle.join("photos/dai-bieu.jpg"),
        bundle.join("photos/lien-ket.jpg"),
    )
    .unwrap();
    std::fs::create_dir_all(bundle.join("_notes")).unwrap();
    s.site.write(
        "content/2021/tong-ket-thi-dua-2021/_notes/index.vi.md",
        "---\ntitle: Ghi chép riêng\ndate: 2021-12-11\n---\nKhông đăng.\n",
    );
    s.site.write(
        "content/2021/tong-ket-thi-dua-2021/_notes/nhap.md",
        "---\ntitle: Nháp\ndate: 2021-12-11\n---\nKhông đăng.\n",
    );
    draw_photo(&bundle.join("_notes/anh.jpg"), 64, 48);
    let added = [
        "content/2021/tong-ket-thi-dua-2021/photos/lien-ket.jpg",
        "content/2021/tong-ket-thi-dua-2021/_notes/index.vi.md",
        "content/2021/tong-ket-thi-dua-2021/_notes/nhap.md",
        "content/2021/tong-ket-thi-dua-2021/_notes/anh.jpg",
    ];
    assert_eq!(s.update(&added), Some(0), "nothing of the site changed");
    s.assert_whole("a link and a hidden folder added");
    assert!(!s
        .files
        .keys()
        .any(|path| path.contains("_notes") || path.contains("lien-ket")));
    // The article names them: the reload fails as a build fails.
    for (named, message) in [
        ("photos/lien-ket.jpg", "symbolic link"),
        ("_notes/anh.jpg", "`_`"),
    ] {
        s.edit(ARTICLE, |t| format!("{t}\n![x]({named})\n"));
        let paths = [s.site.root().join(ARTICLE)];
        let failure = s.live.update(&paths).expect_err("the reload fails");
        let shown = format!("{failure:?}");
        let build = s.site.build();
        assert_eq!(build.code, 1, "{}", build.stderr);
        assert_contains(&build.stderr, message);
        assert_contains(&shown, named);
        s.edit(ARTICLE, |t| t.replace(&format!("\n![x]({named})\n"), ""));
        partial(s.update(&[ARTICLE]), "the name removed");
        s.assert_whole("the name removed");
    }
}
