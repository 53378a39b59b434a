//! `kyyeu serve`: pages served from memory on 127.0.0.1, rebuilt on change,
//! errors shown in the browser, requests that try to leave the site refused,
//! and nothing written into the output folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    start_with(site, &[], "en_US.UTF-8")
}

/// `kyyeu serve --port 0` and `extra` arguments, in the locale `lang`.
pub(crate) fn start_with(site: &Site, extra: &[&str], lang: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kyyeu"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(site.root())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, port }
}

/// One raw HTTP/1.1 exchange with the preview on `port`: `head` (the
/// request line and headers, each ending in CRLF) and `body` sent as they
/// are; the whole answer.
pub(crate) fn exchange(port: u16, head: &str, body: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "{head}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    response
}

/// A raw GET (the path is sent as it is, `..` included): (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let head = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    let response = exchange(port, &head, b"");
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn version_of(page: &str) -> u64 {
    page.split("var v=")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .and_then(|n| n.parse().ok())
        .expect("reload script")
}

/// Waits until `check` holds for the page at `path`, for at most 10 s.
fn wait_for(port: u16, path: &str, check: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let started = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if check(status, &body) || started.elapsed() > Duration::from_secs(10) {
            return (status, body);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

const ARTICLE: &str = "content/2021/hoi-nghi/index.vi.md";

fn site() -> Site {
    let site = Site::minimal();
    site.write(
        ARTICLE,
        "---\ntitle: Bản đầu\ndate: 2021-12-10\n---\nNội dung.\n",
    );
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 900, 600);
    site
}

#[test]
fn serves_pages_with_the_reload_script_and_writes_no_output() {
    let site = site();
    let server = start(&site);
    let (status, home) = get(server.port, "/");
    assert_eq!(status, 200);
    assert_contains(&home, "/__kyyeu/reload?v=");
    let (status, page) = get(server.port, "/2021/hoi-nghi/");
    assert_eq!(status, 200);
    assert_contains(&page, "<h1>Bản đầu</h1>");
    assert_eq!(get(server.port, "/en/2021/hoi-nghi/index.html").0, 200);
    let (status, missing) = get(server.port, "/khong-co/");
    assert_eq!(status, 404);
    assert_contains(&missing, "<h1>Không tìm thấy trang</h1>");
    // Below /en/, the English reader's own 404 page.
    let (status, missing) = get(server.port, "/en/2021/khong-co/");
    assert_eq!(status, 404);
    assert_contains(&missing, "<h1>Page not found</h1>");
    assert!(!site.root().join("public").exists(), "serve wrote public/");
}

#[test]
fn requests_that_leave_the_site_get_404() {
    let site = site();
    let server = start(&site);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/2021/%2E%2E/%2E%2E/site.yaml",
        "/..%2fsite.yaml",
        "/..\\site.yaml",
        "/content/2021/hoi-nghi/index.vi.md",
        "/%00",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert_not_contains(&body, "base_url");
    }
}

#[test]
fn an_edit_is_rebuilt_and_open_tabs_are_told() {
    let site = site();
    let server = start(&site);
    let version = version_of(&get(server.port, "/2021/hoi-nghi/").1);
    let port = server.port;
    let poll = std::thread::spawn(move || get(port, &format!("/__kyyeu/reload?v={version}")));
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        ARTICLE,
        "---\ntitle: Bản sửa\ndate: 2021-12-10\n---\nNội dung.\n",
    );
    let (status, answer) = poll.join().unwrap();
    assert_eq!(status, 200);
    assert!(answer.trim().parse::<u64>().unwrap() > version, "{answer}");
    let (_, page) = wait_for(port, "/2021/hoi-nghi/", |_, b| b.contains("Bản sửa"));
    assert_contains(&page, "<h1>Bản sửa</h1>");
}

#[test]
fn an_edit_reaches_the_search_index() {
    let site = site();
    let server = start(&site);
    let (_, before) = get(server.port, "/tim-kiem/idx/t/0.js");
    assert_not_contains(&before, "xylophon");
    site.write(
        ARTICLE,
        "---\ntitle: Bản sửa\ndate: 2021-12-10\n---\nĐàn xylophon của đoàn.\n",
    );
    // The index is made again after the pages.
    let (status, words) = wait_for(server.port, "/tim-kiem/idx/t/0.js", |_, b| {
        b.contains("xylophon")
    });
    assert_eq!(status, 200);
    assert_contains(&words, "\"xylophon\"");
    let (_, documents) = get(server.port, "/tim-kiem/idx/d/0.js");
    assert_contains(&documents, "Đàn xylophon của đoàn.");
    assert_not_contains(&documents, "Bản đầu");
}

#[test]
fn only_tabs_whose_page_changed_are_told_to_reload() {
    let site = site();
    let server = start(&site);
    let version = version_of(&get(server.port, "/2021/hoi-nghi/").1);
    let port = server.port;
    let poll = move |page: &'static str| {
        std::thread::spawn(move || get(port, &format!("/__kyyeu/reload?v={version}&p={page}")))
    };
    let on_article = poll("/2021/hoi-nghi/");
    let on_404 = poll("/404.html");
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        ARTICLE,
        "---\ntitle: Bản sửa\ndate: 2021-12-10\n---\nNội dung.\n",
    );
    let (status, answer) = on_article.join().unwrap();
    assert_eq!(status, 200);
    assert!(answer.trim().parse::<u64>().unwrap() > version, "{answer}");
    std::thread::sleep(Duration::from_millis(1000));
    assert!(
        !on_404.is_finished(),
        "a tab on a page that did not change was told to reload"
    );
}

#[test]
fn an_idle_server_does_not_rebuild() {
    // Every rebuild opens the sources; opening is not a change.
    let site = site();
    let server = start(&site);
    // The books, typeset in the background, are a change of the site.
    let (status, _) = wait_for(server.port, "/2021/ky-yeu-2021.pdf", |s, _| s == 200);
    assert_eq!(status, 200, "the book was not served");
    let first = version_of(&get(server.port, "/2021/hoi-nghi/").1);
    std::thread::sleep(Duration::from_millis(1500));
    let later = version_of(&get(server.port, "/2021/hoi-nghi/").1);
    assert_eq!(first, later, "the site was rebuilt with no change");
}

#[test]
fn a_content_error_is_shown_in_the_browser_until_it_is_fixed() {
    let site = site();
    let server = start(&site);
    site.write(
        ARTICLE,
        "---\ntitle: Bản lỗi\ndate: 2021-12-10\nspeaker: []\n---\n",
    );
    // A save can be seen half written (an empty file) before it is whole.
    let (status, page) = wait_for(server.port, "/2021/hoi-nghi/", |s, b| {
        s == 500 && b.contains("unknown field")
    });
    assert_eq!(status, 500);
    assert_contains(
        &page,
        "content/2021/hoi-nghi/index.vi.md:4:1: unknown field `speaker`",
    );
    assert_contains(&page, "/__kyyeu/reload?v=");
    site.write(ARTICLE, "---\ntitle: Bản đã sửa\ndate: 2021-12-10\n---\n");
    let (status, page) = wait_for(server.port, "/2021/hoi-nghi/", |s, _| s == 200);
    assert_eq!(status, 200);
    assert_contains(&page, "<h1>Bản đã sửa</h1>");
}

#[test]
fn the_error_page_is_in_the_language_of_messages() {
    let site = site();
    site.write(
        ARTICLE,
        "---\ntitle: Bản lỗi\ndate: 2021-12-10\nspeaker: []\n---\n",
    );
    let server = start_with(&site, &[], "vi_VN.UTF-8");
    let (status, page) = wait_for(server.port, "/", |s, _| s == 500);
    assert_eq!(status, 500);
    assert_contains(&page, "<html lang=\"vi\">");
    assert_contains(&page, "<title>kyyeu: trang web có lỗi</title>");
    assert_contains(&page, "<h1>Trang web có lỗi</h1>");
    assert_contains(&page, "Hãy sửa rồi lưu tệp");
    assert_contains(
        &page,
        "lỗi: content/2021/hoi-nghi/index.vi.md:4:1: không có trường `speaker`",
    );
    assert_contains(&page, "tìm thấy 1 lỗi");
    assert_not_contains(&page, "chưa ghi tệp nào");
    assert_not_contains(&page, "The site has errors");
    let english = start(&site);
    let (_, page) = wait_for(english.port, "/", |s, _| s == 500);
    assert_contains(&page, "<h1>The site has errors</h1>");
    assert_contains(&page, "1 error found");
    assert_not_contains(&page, "nothing was written");
}

#[test]
fn a_failed_preview_does_not_say_nothing_was_written() {
    let site = site();
    site.write(ARTICLE, "---\ntitle: Bản lỗi\n---\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kyyeu"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .env("LANG", "en_US.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    let mut seen = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(20)) {
        let done = line.contains("the browser shows them");
        seen.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = seen.join("\n");
    assert_contains(&text, "missing `date`");
    assert_contains(&text, "1 error found");
    assert_not_contains(&text, "nothing was written");
}

#[test]
fn a_taken_port_says_to_try_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site();
    let run = site.run_env(&["serve", "--port", &port], &[("LANG", "vi_VN.UTF-8")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, &format!("cổng {port} đang được dùng"));
    assert_contains(&run.stderr, "--port N");
    let run = site.run_env(&["serve", "--port", &port], &[("LANG", "en_US.UTF-8")]);
    assert_contains(&run.stderr, &format!("port {port} is already in use"));
    assert_contains(&run.stderr, "try another port with --port N");
}

#[test]
fn serve_shows_drafts_with_drafts_only() {
    let site = site();
    site.write(
        "content/2021/ban-nhap/index.vi.md",
        "---\ntitle: Bản nháp\ndate: 2021-12-11\ndraft: true\n---\nNháp.\n",
    );
    let server = start(&site);
    assert_eq!(get(server.port, "/2021/ban-nhap/").0, 404);
    let with_drafts = start_with(&site, &["--drafts"], "en_US.UTF-8");
    let (status, page) = get(with_drafts.port, "/2021/ban-nhap/");
    assert_eq!(status, 200);
    assert_contains(&page, "<h1>Bản nháp</h1>");
}
