//! The reporter's desk in `kyyeu serve`: every article of the example site
//! saved unchanged is byte-identical; comments and unknown fields survive
//! an edit; a file changed on disk is not overwritten; and nothing gets in
//! that should not: a forged origin, a missing token, `../` names, a
//! symlinked bundle, an oversized upload, an HTML file named `.jpg`;
//! `--no-desk` has no `/_desk/`, and a build has no desk link.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use crate::serve::{exchange, start_with, Server};
use std::path::Path;

/// A raw request: (status, headers, body).
fn request(port: u16, head: &str, body: &[u8]) -> (u16, String, String) {
    let response = exchange(port, head, body);
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, headers.to_string(), body.to_string())
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let head = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port);
    let (status, _, body) = request(server.port, &head, b"");
    (status, body)
}

/// A POST from the desk's own page, with `token` (None: without one).
fn post(
    server: &Server,
    path: &str,
    origin: &str,
    token: Option<&str>,
    body: &[u8],
) -> (u16, String) {
    let token = token.map_or(String::new(), |t| format!("X-Desk-Token: {t}\r\n"));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n{token}Content-Type: application/x-www-form-urlencoded\r\n",
        port = server.port
    );
    let (status, _, body) = request(server.port, &head, body);
    (status, body)
}

fn own_origin(server: &Server) -> String {
    format!("http://127.0.0.1:{}", server.port)
}

/// The desk's secret, read from its page as the browser does.
fn token(server: &Server) -> String {
    let (status, page) = get(server, "/_desk/");
    assert_eq!(status, 200, "{page}");
    page.split("name=\"desk-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the desk's page holds its token")
        .to_string()
}

/// The inputs of a form as the browser submits them (text inputs, checked
/// checkboxes, selected options, textareas), in the page's order.
fn form_pairs(page: &str) -> Vec<(String, String)> {
    let form = page
        .split("<form method=\"post\" action=\"/_desk/save\"")
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .expect("a save form");
    let form = form
        .split("<template>")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                part.split_once("</template>")
                    .map_or(String::new(), |(_, rest)| rest.to_string())
            }
        })
        .collect::<String>();
    let mut pairs = Vec::new();
    let mut rest = form.as_str();
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name = attr(tag, "name");
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or_default();
            if let Some(name) = name {
                if kind == "checkbox" {
                    if tag.contains(" checked") {
                        pairs.push((name, attr(tag, "value").unwrap_or_else(|| "on".to_string())));
                    }
                } else if kind != "file" && kind != "search" {
                    pairs.push((
                        name,
                        decode_entities(&attr(tag, "value").unwrap_or_default()),
                    ));
                }
            }
        } else if tag.starts_with("<textarea") {
            let inner = &rest[end + 1..];
            let text = inner.split("</textarea>").next().unwrap_or("");
            let text = text.strip_prefix('\n').unwrap_or(text);
            pairs.push((name.unwrap_or_default(), decode_entities(text)));
        } else if tag.starts_with("<select") {
            let inner = &rest[end + 1..];
            let options = inner.split("</select>").next().unwrap_or("");
            let chosen = tags(options, "option")
                .into_iter()
                .find(|o| o.contains(" selected"))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            if let Some(name) = name {
                pairs.push((name, decode_entities(&chosen)));
            }
        }
        rest = &rest[end.min(rest.len())..];
        if rest.len() <= 1 {
            break;
        }
        rest = &rest[1..];
    }
    pairs
}

fn encode(pairs: &[(String, String)]) -> Vec<u8> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish().into_bytes()
}

fn edit_page(server: &Server, file: &str) -> String {
    let (status, page) = get(server, &format!("/_desk/edit?file={file}"));
    assert_eq!(status, 200, "{page}");
    page
}

/// The example site (the repository's own), served.
fn example_site() -> Site {
    let site = Site::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), site.root().join("site.yaml")).unwrap();
    copy_tree(&repo.join("content"), &site.root().join("content"), &|_| {
        true
    });
    site
}

#[test]
fn every_article_of_the_example_site_saved_unchanged_keeps_its_bytes() {
    let site = example_site();
    let before = snapshot(&site.root().join("content"));
    let server = start_with(&site, &[], "en_US.UTF-8");
    let token = token(&server);
    let mut saved = 0;
    for rel in before.keys().filter(|k| k.ends_with(".md")) {
        let file = format!("content/{rel}");
        let page = edit_page(&server, &file);
        let pairs = form_pairs(&page);
        let (status, answer) = post(
            &server,
            "/_desk/save",
            &own_origin(&server),
            Some(&token),
            &encode(&pairs),
        );
        assert_eq!(status, 200, "{file}: {answer}");
        assert_contains(&answer, "\"ok\":true");
        saved += 1;
    }
    assert!(saved >= 10, "{saved} files");
    assert_eq!(snapshot(&site.root().join("content")), before);
}

const COMMENTED: &str = "---\n# kept for the editor\ntitle: Hội nghị cũ   # required\ndate: 2021-12-10\nunits: [quy-ho-tro-phat-trien-htx]\nreviewer: Bình\ndraft: true\n---\nThân bài  \n\n* giữ nguyên *\n";

#[test]
fn comments_and_unknown_fields_survive_a_new_title_and_a_changed_file_is_refused() {
    let site = Site::minimal();
    site.write("content/2021/hoi-nghi/index.vi.md", COMMENTED);
    let server = start_with(&site, &[], "en_US.UTF-8");
    let token = token(&server);
    let file = "content/2021/hoi-nghi/index.vi.md";
    let page = edit_page(&server, file);
    let mut pairs = form_pairs(&page);
    for (k, v) in pairs.iter_mut() {
        if k == "title" {
            *v = "Hội nghị: mới".to_string();
        }
    }
    let (status, answer) = post(
        &server,
        "/_desk/save",
        &own_origin(&server),
        Some(&token),
        &encode(&pairs),
    );
    assert_eq!(status, 200, "{answer}");
    let expected = COMMENTED.replace(
        "title: Hội nghị cũ   # required",
        "title: \"Hội nghị: mới\"   # required",
    );
    assert_eq!(read_in(site.root(), file), expected);

    // The same form again: its version is the old file's, so it is refused.
    site.write(file, &expected.replace("Thân bài", "Sửa bằng tay"));
    let (status, answer) = post(
        &server,
        "/_desk/save",
        &own_origin(&server),
        Some(&token),
        &encode(&pairs),
    );
    assert_eq!(status, 409, "{answer}");
    assert_contains(&answer, "changed on disk");
    assert_contains(&read_in(site.root(), file), "Sửa bằng tay");
}

#[test]
fn writes_need_the_desk_origin_and_its_token() {
    let site = Site::minimal();
    site.write("content/2021/hoi-nghi/index.vi.md", COMMENTED);
    let server = start_with(&site, &[], "en_US.UTF-8");
    let token = token(&server);
    let body = b"file=content/2021/hoi-nghi/index.vi.md&title=x";
    let forged = post(
        &server,
        "/_desk/save",
        "http://evil.example",
        Some(&token),
        body,
    );
    assert_eq!(forged.0, 403, "{}", forged.1);
    let rebinding = request(
        server.port,
        &format!("POST /_desk/save HTTP/1.1\r\nHost: evil.example:{0}\r\nOrigin: http://evil.example:{0}\r\nX-Desk-Token: {token}\r\n", server.port),
        body,
    );
    assert_eq!(rebinding.0, 403);
    let missing = post(&server, "/_desk/save", &own_origin(&server), None, body);
    assert_eq!(missing.0, 403, "{}", missing.1);
    let wrong = post(
        &server,
        "/_desk/save",
        &own_origin(&server),
        Some("00"),
        body,
    );
    assert_eq!(wrong.0, 403);
    assert_eq!(
        read_in(site.root(), "content/2021/hoi-nghi/index.vi.md"),
        COMMENTED
    );
}

#[test]
fn no_path_leads_outside_content() {
    let site = Site::minimal();
    site.write("content/2021/hoi-nghi/index.vi.md", COMMENTED);
    site.write("secret.md", "---\ntitle: secret\n---\n");
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("b")).unwrap();
    std::fs::write(outside.path().join("b/index.vi.md"), COMMENTED).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("b"),
        site.root().join("content/2021/linked"),
    )
    .unwrap();
    let server = start_with(&site, &[], "en_US.UTF-8");
    let token = token(&server);
    for file in [
        "../secret.md",
        "content/../secret.md",
        "content/2021/../../secret.md",
        "/etc/passwd",
        "secret.md",
        "content/2021/linked/index.vi.md",
    ] {
        let (status, body) = get(
            &server,
            &format!("/_desk/edit?file={}", file.replace('/', "%2F")),
        );
        assert_eq!(status, 404, "{file}: {body}");
        let form = format!("file={}&title=x&version=", file.replace('/', "%2F"));
        let (status, _) = post(
            &server,
            "/_desk/save",
            &own_origin(&server),
            Some(&token),
            form.as_bytes(),
        );
        assert_eq!(status, 404, "{file}");
    }
    let (status, _) = get(
        &server,
        "/_desk/file?file=content%2F2021%2Fhoi-nghi%2Findex.vi.md&name=..%2F..%2F..%2Fsite.yaml",
    );
    assert_eq!(status, 404);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("b/index.vi.md")).unwrap(),
        COMMENTED
    );
}

#[test]
fn uploads_are_checked_by_content_and_size_and_named_by_kyyeu() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &(SITE_YAML.to_string() + "limits:\n  max_file_mb: 1\n"),
    );
    site.write("content/2021/hoi-nghi/index.vi.md", COMMENTED);
    let server = start_with(&site, &[], "en_US.UTF-8");
    let token = token(&server);
    let origin = own_origin(&server);
    let upload = |kind: &str, name: &str, bytes: &[u8]| {
        let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
        let path = format!(
            "/_desk/upload?file=content%2F2021%2Fhoi-nghi%2Findex.vi.md&kind={kind}&name={name}"
        );
        post(&server, &path, &origin, Some(&token), bytes)
    };
    let html = b"<html><script>alert(1)</script></html>";
    let (status, body) = upload("photo", "anh.jpg", html);
    assert_eq!(status, 422, "{body}");
    let mut big = vec![0xFF, 0xD8, 0xFF, 0xE0];
    big.resize((1 << 20) + 10, 0);
    let (status, body) = upload("photo", "big.jpg", &big);
    assert_eq!(status, 413, "{body}");
    let photo = {
        let path = site.root().join("x.jpg");
        draw_photo(&path, 40, 30);
        std::fs::read(&path).unwrap()
    };
    let (status, body) = upload("photo", "../../Ảnh Hội Trường.JPG", &photo);
    assert_eq!(status, 200, "{body}");
    assert_contains(&body, "\"file\":\"photos/anh-hoi-truong.jpg\"");
    assert!(site
        .root()
        .join("content/2021/hoi-nghi/photos/anh-hoi-truong.jpg")
        .is_file());
    let (status, body) = upload("photo", "anh-hoi-truong.jpg", &photo);
    assert_eq!(status, 200);
    assert_contains(&body, "photos/anh-hoi-truong-2.jpg");
    let (status, _) = upload("attachment", "bao-cao.pdf", &photo);
    assert_eq!(status, 422);
    let (status, body) = upload("attachment", "Báo cáo.pdf", b"%PDF-1.4\n%%EOF\n");
    assert_eq!(status, 200, "{body}");
    assert_contains(&body, "\"file\":\"bao-cao.pdf\"");
    let names: Vec<String> = walk(site.root())
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("big") || n.contains("anh.jpg")),
        "{names:?}"
    );
}

#[test]
fn without_the_desk_there_is_no_desk_and_a_build_has_no_edit_link() {
    let site = Site::minimal();
    let clean = COMMENTED
        .replace("draft: true\n", "")
        .replace("reviewer: Bình\n", "");
    site.write("content/2021/hoi-nghi/index.vi.md", &clean);
    let server = start_with(&site, &["--no-desk"], "en_US.UTF-8");
    for path in [
        "/_desk/",
        "/_desk",
        "/_desk/edit?file=content%2F2021%2Fhoi-nghi%2Findex.vi.md",
        "/_desk/desk.js",
    ] {
        assert_eq!(get(&server, path).0, 404, "{path}");
    }
    let (_, page) = get(&server, "/2021/hoi-nghi/");
    assert_not_contains(&page, "_desk");
    drop(server);
    let with_desk = start_with(&site, &[], "en_US.UTF-8");
    let (_, page) = get(&with_desk, "/2021/hoi-nghi/");
    assert_contains(&page, "/_desk/open?page=");
    drop(with_desk);
    site.build().success();
    for file in walk(&site.public()) {
        let text = std::fs::read(&file).unwrap();
        assert!(memchr_find(&text, b"_desk").is_none(), "{}", file.display());
    }
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn the_list_reloads_when_any_file_changes() {
    let site = Site::minimal();
    let clean = COMMENTED.replace("reviewer: Bình\n", "");
    site.write("content/2021/hoi-nghi/index.vi.md", &clean);
    let server = start_with(&site, &[], "en_US.UTF-8");
    let (_, list) = get(&server, "/_desk/");
    let version: u64 = list
        .split("var v=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|v| v.parse().ok())
        .expect("the list polls for changes");
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        &clean.replace("Thân bài", "Thân bài đã sửa"),
    );
    let (status, now) = get(
        &server,
        &format!("/__kyyeu/reload?v={version}&p=%2F_desk%2F"),
    );
    assert_eq!(status, 200);
    assert_ne!(now.trim(), version.to_string(), "a change reloads the list");
    let (_, list) = get(&server, "/_desk/");
    assert_contains(&list, "Hội nghị cũ");
}
