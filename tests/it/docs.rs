//! The reporter's guides show errors exactly as kyyeu prints them: this test
//! runs each example and compares. `KYYEU_BLESS=1 cargo test --test it docs::`
//! rewrites the examples in docs/guide.*.md after a deliberate change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

const ARTICLE: &str = "content/2023/hoi-nghi/index.vi.md";

/// (what the reporter did, in English and Vietnamese; the article written).
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "A misspelt field name",
        "Gõ sai tên trường",
        "---\ntitle: Hội nghị tổng kết\ndate: 2023-12-15\nspeaker:\n  - name: Nguyễn Văn Thịnh\n---\nNội dung.\n",
    ),
    (
        "A date written the Vietnamese way",
        "Ngày viết theo kiểu thông thường",
        "---\ntitle: Hội nghị tổng kết\ndate: 15/12/2023\n---\nNội dung.\n",
    ),
    (
        "A unit id that is not in units.yaml",
        "Mã đơn vị không có trong units.yaml",
        "---\ntitle: Hội nghị tổng kết\ndate: 2023-12-15\nunits: [quy-ho-tro]\n---\nNội dung.\n",
    ),
    (
        "A photo that is not in the photos folder",
        "Ảnh không có trong thư mục photos",
        "---\ntitle: Hội nghị tổng kết\ndate: 2023-12-15\nphotos:\n  - file: photos/dai-bieu.jpg\n    caption: Các đại biểu.\n---\nNội dung.\n",
    ),
    (
        "A title with a colon, not in quotes",
        "Tiêu đề có dấu hai chấm mà không đặt trong ngoặc kép",
        "---\ntitle: Tổng kết: một năm nhìn lại\ndate: 2023-12-15\nvenue: Hà Nội: hội trường A\n---\nNội dung.\n",
    ),
    (
        "A value that starts with `#`, not in quotes",
        "Giá trị bắt đầu bằng `#` mà không đặt trong ngoặc kép",
        "---\ntitle: Hội nghị tổng kết\ndate: 2023-12-15\nvenue: #3 Tràng Tiền, Hà Nội\n---\nNội dung.\n",
    ),
    (
        "A translation that changes the date",
        "Bản dịch ghi ngày khác bản gốc",
        "",
    ),
];

fn example_output(n: usize, lang: &str) -> String {
    let site = Site::minimal();
    let (_, _, text) = EXAMPLES[n];
    if text.is_empty() {
        site.write(
            ARTICLE,
            "---\ntitle: Hội nghị tổng kết\ndate: 2023-12-15\n---\nNội dung.\n",
        );
        site.write(
            "content/2023/hoi-nghi/index.en.md",
            "---\ntitle: Review conference\ndate: 2023-12-16\n---\nText.\n",
        );
    } else {
        site.write(ARTICLE, text);
    }
    let run = site.run(&["--ui-lang", lang, "build"]);
    assert_eq!(run.code, 1, "example {n} must fail: {}", run.stderr);
    run.stderr
}

fn section(lang: &str) -> String {
    let mut out = String::new();
    for (n, (en, vi, text)) in EXAMPLES.iter().enumerate() {
        let title = if lang == "en" { en } else { vi };
        out.push_str(&format!("### {title}\n\n"));
        if !text.is_empty() {
            out.push_str(&format!("```yaml\n{text}```\n\n"));
        }
        out.push_str(&format!("```\n{}```\n\n", example_output(n, lang)));
    }
    out
}

#[test]
fn guides_show_errors_as_kyyeu_prints_them() {
    for lang in ["en", "vi"] {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/guide.{lang}.md"));
        let guide = std::fs::read_to_string(&path).unwrap();
        let (start, end) = (
            format!("<!-- errors:{lang} -->\n"),
            format!("<!-- /errors:{lang} -->\n"),
        );
        let from = guide.find(&start).expect("start marker") + start.len();
        let to = guide.find(&end).unwrap_or(from);
        let expected = section(lang);
        if std::env::var_os("KYYEU_BLESS").is_some() {
            let tail = if guide[from..].starts_with(&end) || to > from {
                &guide[to..]
            } else {
                &guide[from..]
            };
            let tail = if tail.starts_with(&end) {
                tail.to_string()
            } else {
                format!("{end}{tail}")
            };
            std::fs::write(&path, format!("{}{expected}{tail}", &guide[..from])).unwrap();
            continue;
        }
        assert_eq!(
            guide[from..to],
            expected,
            "docs/guide.{lang}.md is out of date: run KYYEU_BLESS=1 cargo test --test it docs::"
        );
    }
}
