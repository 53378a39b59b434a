//! Search: the page in both languages, the sharded index beside it, words
//! folded without tone marks, strings escaped so that nothing can end a
//! script, and (when Node is installed) `search.js` itself run on the built
//! index by `tests/search_js.test.mjs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{assert_contains, assert_not_contains, attr, main_of, tags, walk, Site};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A title that would end a `<script>` if it were written as it is.
const HOSTILE: &str = "</script><script>alert(1)</script>";

/// The small site the tests search (`search_js.test.mjs` expects these
/// articles): Thịnh speaks at "Đoàn kết", Đào at a training day in 2020,
/// a hostile title, and an English-only article.
fn search_site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/2021/doan-ket/index.vi.md",
        "---\ntitle: Đoàn kết – Kỷ cương – Bứt phá\ndate: 2021-12-10\n\
         units: [lien-minh-htx-viet-nam]\nspeakers:\n  - name: Nguyễn Văn Thịnh\n    role: Phó Chủ tịch\n---\n\
         Hội nghị tổng kết năm 2021 của khối.\n",
    );
    site.write(
        "content/2021/doan-ket/index.en.md",
        "---\ntitle: Solidarity, discipline, breakthrough\n---\nThe bloc reviewed its year.\n",
    );
    site.write(
        "content/2020/boi-duong/index.vi.md",
        "---\ntitle: Lớp bồi dưỡng nghiệp vụ\ndate: 2020-05-01\n\
         units: [quy-ho-tro-phat-trien-htx]\nspeakers:\n  - name: Đặng Thị Hồng Đào\n---\n\
         Buổi học về *kế toán* cho cán bộ.\n",
    );
    site.write(
        "content/2021/hostile.vi.md",
        &format!(
            "---\ntitle: \"{HOSTILE}\"\ndate: 2021-06-01\nvenue: \"A & B <i>\"\n---\n\
             Nội dung <b>in đậm</b> và \u{2028} hết.\n"
        ),
    );
    site.write(
        "content/2021/visit.en.md",
        "---\ntitle: Study visit\ndate: 2021-03-01\n---\nDelegates visited cooperatives in Đà Lạt.\n",
    );
    site.build().success();
    site
}

/// The data of an index file: `kyyeuSearch.add("<kind>",<n>,<data>);`.
fn data_of(script: &str) -> serde_json::Value {
    let start = script
        .find(',')
        .and_then(|a| Some(a + 1 + script[a + 1..].find(',')? + 1));
    let body = &script[start.expect("kyyeuSearch.add(kind, n, ...)")..];
    let body = body.trim_end().strip_suffix(");").expect("ends with `);`");
    serde_json::from_str(body).expect("the data is JSON")
}

/// The documents of a language's index whose terms include `term`: their titles.
/// Document `n` of the index in `dir` (documents are stored 4 to a file).
fn document(site: &Site, dir: &str, n: u64) -> serde_json::Value {
    let group = data_of(&site.read(&format!("{dir}d/{}.js", n / 4)));
    group[(n % 4) as usize].clone()
}

fn titles_for(site: &Site, dir: &str, term: &str) -> Vec<String> {
    let manifest = data_of(&site.read(&format!("{dir}manifest.js")));
    let shards = manifest["shards"].as_array().unwrap();
    let n = shards
        .iter()
        .rposition(|first| first.as_str().unwrap() <= term)
        .unwrap();
    let shard = data_of(&site.read(&format!("{dir}t/{n}.js")));
    let Some(postings) = shard.get(term) else {
        return Vec::new();
    };
    let flat: Vec<u64> = postings
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let mut doc = 0;
    flat.chunks(2)
        .map(|pair| {
            doc += pair[0];
            document(site, dir, doc)["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn search_pages_exist_in_both_languages_with_a_message_without_javascript() {
    let site = search_site();
    for (page, lang, root, years) in [
        (
            "tim-kiem/index.html",
            "vi",
            "../",
            ["../2021/index.html", "../2020/index.html"],
        ),
        (
            "en/search/index.html",
            "en",
            "../../",
            ["../../en/2021/index.html", "../../en/2020/index.html"],
        ),
    ] {
        let html = site.read(page);
        assert_contains(&html, &format!("<html lang=\"{lang}\">"));
        let main = main_of(&html);
        assert_contains(main, &format!("<script src=\"{root}search.js\"></script>"));
        // Without JavaScript: the form stays hidden, a message links to the years.
        let notice = &main[main.find("id=\"search-nojs\"").expect("the no-JS notice")..];
        let links: Vec<String> = tags(notice, "a")
            .iter()
            .filter_map(|a| attr(a, "href"))
            .collect();
        assert_eq!(links[..2], years.map(String::from));
        assert_contains(
            main,
            "<form id=\"search-form\" role=\"search\" method=\"get\" hidden>",
        );
        assert_contains(main, "<label for=\"search-q\">");
        assert_contains(main, "aria-live=\"polite\"");
    }
    assert_contains(
        &site.read("tim-kiem/index.html"),
        "Chức năng tìm kiếm cần JavaScript",
    );
    assert_contains(
        &site.read("en/search/index.html"),
        "Search needs JavaScript",
    );
    // Every page links to the search page of its language.
    assert_contains(
        &site.read("index.html"),
        "<a href=\"./tim-kiem/index.html\">Tìm kiếm</a>",
    );
    assert_contains(
        &site.read("en/2021/index.html"),
        "<a href=\"../../en/search/index.html\">Search</a>",
    );
    assert!(site.has("search.js"));
}

#[test]
fn index_shards_exist_and_are_referenced() {
    let site = search_site();
    for (page, dir) in [
        ("tim-kiem/index.html", "tim-kiem/idx/"),
        ("en/search/index.html", "en/search/idx/"),
    ] {
        let html = site.read(page);
        let index = attr(
            tags(&html, "div")
                .iter()
                .find(|d| d.contains("id=\"search\""))
                .unwrap(),
            "data-index",
        )
        .unwrap();
        assert!(
            index.ends_with(dir),
            "{page} points to the index at {index}"
        );
        let manifest = data_of(&site.read(&format!("{dir}manifest.js")));
        assert_eq!(manifest["docs"], 4);
        let shards = manifest["shards"].as_array().unwrap().len();
        assert!(shards >= 1);
        assert_eq!(manifest["sizes"].as_array().unwrap().len(), shards);
        for n in 0..shards {
            assert!(site.has(&format!("{dir}t/{n}.js")), "shard {n} of {dir}");
        }
        assert_eq!(manifest["docs_per_file"], 4);
        let documents = data_of(&site.read(&format!("{dir}d/0.js")));
        assert_eq!(
            documents.as_array().map(Vec::len),
            Some(4),
            "documents of {dir}"
        );
        assert!(!site.has(&format!("{dir}d/1.js")));
        let years: Vec<i64> = manifest["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["year"].as_i64().unwrap())
            .collect();
        assert_eq!(years, [2021, 2020]);
        let units = manifest["units"].as_array().unwrap();
        assert_eq!(units.len(), 2);
        for n in 0..units.len() {
            assert!(site.has(&format!("{dir}u/{n}.js")));
        }
    }
    // The English index shows the Vietnamese-only article, marked as such.
    let manifest = data_of(&site.read("en/search/idx/manifest.js"));
    assert_eq!(manifest["langs"]["vi"], "(in Vietnamese)");
}

#[test]
fn words_are_indexed_folded_without_marks() {
    let site = search_site();
    let vi = "tim-kiem/idx/";
    assert_eq!(
        titles_for(&site, vi, "thinh"),
        ["Đoàn kết – Kỷ cương – Bứt phá"]
    );
    assert_eq!(titles_for(&site, vi, "dao"), ["Lớp bồi dưỡng nghiệp vụ"]);
    assert_eq!(
        titles_for(&site, vi, "doan"),
        ["Đoàn kết – Kỷ cương – Bứt phá"]
    );
    assert_eq!(
        titles_for(&site, vi, "ket"),
        ["Đoàn kết – Kỷ cương – Bứt phá"]
    );
    assert_eq!(titles_for(&site, vi, "dam"), [HOSTILE]);
    assert!(titles_for(&site, vi, "Đào").is_empty(), "terms are folded");
    // English readers find the English version, or the original where there is none.
    let en = "en/search/idx/";
    assert_eq!(
        titles_for(&site, en, "thinh"),
        ["Solidarity, discipline, breakthrough"]
    );
    assert_eq!(titles_for(&site, en, "dao"), ["Lớp bồi dưỡng nghiệp vụ"]);
    assert_eq!(titles_for(&site, en, "lat"), ["Study visit"]);
    let doc: BTreeMap<String, serde_json::Value> =
        serde_json::from_value(document(&site, "en/search/idx/", 0)).unwrap();
    assert_eq!(doc["lang"], "vi");
    assert_eq!(doc["url"], "2020/boi-duong/index.html");
    assert_eq!(doc["year"], 2020);
    assert_eq!(doc["date"], "1 May 2020");
    assert_eq!(doc["units"][0], "Cooperative Development Support Fund");
    assert_contains(
        doc["text"].as_str().unwrap(),
        "Buổi học về kế toán cho cán bộ.",
    );
}

#[test]
fn no_string_in_any_script_can_end_a_script() {
    let site = search_site();
    let mut scripts = 0;
    for file in walk(&site.public()) {
        if file.extension().is_none_or(|e| e != "js") {
            continue;
        }
        scripts += 1;
        let text = std::fs::read_to_string(&file).unwrap();
        assert_not_contains(&text, HOSTILE);
        assert_not_contains(&text.to_lowercase(), "</script");
        assert_not_contains(&text, "<!--");
        if file.components().any(|c| c.as_os_str() == "idx") {
            for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
                assert!(!text.contains(c), "{} holds {c:?}", file.display());
            }
        }
    }
    assert!(scripts > 10, "only {scripts} scripts");
    // The title is kept, escaped: parsed back, it is the same text.
    let shown: Vec<String> = (0..4)
        .map(|n| {
            let doc = document(&site, "tim-kiem/idx/", n);
            doc["title"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(shown.iter().any(|t| t == HOSTILE), "{shown:?}");
    assert_contains(
        &site.read("tim-kiem/idx/d/0.js"),
        "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)",
    );
}

#[test]
fn search_js_finds_words_typed_without_marks() {
    let Ok(version) = Command::new("node").arg("--version").output() else {
        println!("note: `node` is not on PATH: tests/search_js.test.mjs was not run");
        return;
    };
    assert!(version.status.success());
    let site = search_site();
    let test = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_js.test.mjs");
    let output = Command::new("node")
        .arg("--test")
        .arg(&test)
        .env("KYYEU_PUBLIC", site.public())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "node --test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_contains(&stdout, "# fail 0");
    assert_not_contains(&stdout, "# skipped 1");
}
