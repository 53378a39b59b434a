//! `kyyeu serve` and the PDF yearbooks: typeset in the background once the
//! pages are served, served as `application/pdf` at their site paths and
//! linked from the year pages; a page that says a book is being typeset
//! (503, in the language of messages) until it is; typeset again after an
//! edit; a broken template shown at the book's address.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use crate::serve::{exchange, start_with, Server};
use std::process::Command;
use std::time::{Duration, Instant};

const ARTICLE: &str = "content/2021/hoi-nghi/index.vi.md";
const BOOK: &str = "/2021/ky-yeu-2021.pdf";

/// The longest a book may take to be served.
const PATIENCE: Duration = Duration::from_secs(60);

/// An answer: status, headers (as written), body.
struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of header `name` (case-insensitive).
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// A raw GET, its whole answer.
fn fetch(port: u16, path: &str) -> Answer {
    let head = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    let response = exchange(port, &head, b"");
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let headers = String::from_utf8_lossy(&response[..end]).into_owned();
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        headers,
        body: response[end + 4..].to_vec(),
    }
}

/// Asks for `path` until `done` holds, for at most [`PATIENCE`]; the last
/// answer.
fn wait_until(port: u16, path: &str, done: impl Fn(&Answer) -> bool) -> Answer {
    let started = Instant::now();
    loop {
        let answer = fetch(port, path);
        if done(&answer) || started.elapsed() > PATIENCE {
            return answer;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether an answer is a PDF.
fn is_pdf(answer: &Answer) -> bool {
    answer.status == 200 && answer.body.starts_with(b"%PDF")
}

/// The text of a PDF, read with poppler's `pdftotext`.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.pdf");
    std::fs::write(&file, bytes).unwrap();
    let output = Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed for these tests (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn site() -> Site {
    let site = Site::minimal();
    site.write(
        ARTICLE,
        "---\ntitle: Bản đầu\ndate: 2021-12-10\n---\nNội dung.\n",
    );
    site
}

fn start(site: &Site, lang: &str) -> Server {
    start_with(site, &[], lang)
}

/// A theme whose book template takes a while (a long sum) before it
/// prints the book's title; `tail` follows it.
fn slow_theme(site: &Site, tail: &str) {
    site.write("site.yaml", &format!("{SITE_YAML}theme: cham\n"));
    site.write(
        "themes/cham/book/book.typ",
        &format!(
            "#let book = json(\"/book.json\")\n#set text(font: \"Noto Serif\")\n#let total = range(300000).fold(0, (a, b) => a + b)\n{tail}\n"
        ),
    );
}

#[test]
fn serve_serves_the_books_as_pdf_and_the_year_pages_link_them() {
    let site = site();
    let server = start(&site, "en_US.UTF-8");
    let answer = wait_until(server.port, BOOK, is_pdf);
    assert!(
        is_pdf(&answer),
        "no book: {} {}",
        answer.status,
        answer.text()
    );
    assert_eq!(
        answer.header("Content-Type").as_deref(),
        Some("application/pdf")
    );
    // Sent whole with its length, never in chunks.
    let length = answer.header("Content-Length").and_then(|l| l.parse().ok());
    assert_eq!(length, Some(answer.body.len()));
    assert_contains(&pdf_text(&answer.body), "Bản đầu");
    let english = wait_until(server.port, "/en/2021/proceedings-2021.pdf", is_pdf);
    assert!(
        is_pdf(&english),
        "no English book: {} {}",
        english.status,
        english.text()
    );
    let year = wait_until(server.port, "/2021/", |a| a.text().contains(".pdf"));
    assert_contains(&year.text(), r#"href="../2021/ky-yeu-2021.pdf""#);
    assert_contains(&year.text(), ">Kỷ yếu 2021</a>");
    let print = fetch(server.port, "/2021/in/");
    assert_contains(&print.text(), "ky-yeu-2021.pdf");
    // An address that is no book's is not found.
    assert_eq!(fetch(server.port, "/2021/ky-yeu-2020.pdf").status, 404);
    assert!(!site.public().exists(), "serve wrote public/");
}

#[test]
fn an_edit_typesets_the_book_again() {
    let site = site();
    let server = start(&site, "en_US.UTF-8");
    let first = wait_until(server.port, BOOK, is_pdf);
    assert!(is_pdf(&first), "no book: {}", first.status);
    site.write(
        ARTICLE,
        "---\ntitle: Bản sửa\ndate: 2021-12-10\n---\nNội dung.\n",
    );
    let edited = wait_until(server.port, BOOK, |a| is_pdf(a) && a.body != first.body);
    assert!(is_pdf(&edited), "no book: {}", edited.status);
    let text = pdf_text(&edited.body);
    assert_contains(&text, "Bản sửa");
    assert_not_contains(&text, "Bản đầu");
}

#[test]
fn a_book_being_typeset_says_so_in_the_language_of_messages() {
    let site = site();
    slow_theme(&site, "#book.title");
    let server = start(&site, "vi_VN.UTF-8");
    let waiting = fetch(server.port, BOOK);
    assert_eq!(waiting.status, 503, "{}", waiting.text());
    assert_eq!(waiting.header("Retry-After").as_deref(), Some("2"));
    let page = waiting.text();
    assert_contains(&page, "<html lang=\"vi\">");
    assert_contains(&page, "<h1>Kỷ yếu PDF đang được dàn trang</h1>");
    // It reloads by itself once the book is there.
    assert_contains(&page, "/__kyyeu/reload?v=");
    let book = wait_until(server.port, BOOK, is_pdf);
    assert!(is_pdf(&book), "no book: {}", book.status);
    assert_contains(&pdf_text(&book.body), "Kỷ yếu năm 2021");
}

#[test]
fn a_broken_template_is_shown_at_the_books_address() {
    let site = site();
    slow_theme(&site, "#book.title\n#khong-co(book.year)");
    let server = start(&site, "en_US.UTF-8");
    let answer = wait_until(server.port, BOOK, |a| a.status != 503);
    assert_eq!(answer.status, 500, "{}", answer.text());
    let page = answer.text();
    assert_contains(&page, "themes/cham/book/book.typ:5");
    assert_contains(&page, "khong-co");
    assert_contains(&page, "/__kyyeu/reload?v=");
    let year = fetch(server.port, "/2021/");
    assert_eq!(year.status, 200);
    assert_not_contains(&year.text(), ".pdf");
    // Fixed, the book is served.
    slow_theme(&site, "#book.title");
    let fixed = wait_until(server.port, BOOK, is_pdf);
    assert!(is_pdf(&fixed), "no book: {} {}", fixed.status, fixed.text());
}
