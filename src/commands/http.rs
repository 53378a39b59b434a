//! The HTTP side of `kyyeu serve`: each request answered from the site in
//! memory (a page with the reload script injected, a file, the error page
//! while the site has errors, a PDF yearbook or, while it is typeset, a
//! page that says so, a 404), and the long poll that tells open tabs to
//! reload. A request path never leads outside the site.
//!
//! Uses: serve (its shared state), desk (its requests and replies), error,
//! output, text.

use super::desk::{self, Desk, Reply};
use super::serve::{Shared, State};
use crate::error::{Catalogue, Failure, Language, Message};
use crate::output::Content;
use std::time::Duration;

const RELOAD_PATH: &str = "/__kyyeu/reload";

pub(super) fn respond(mut request: tiny_http::Request, shared: &Shared, desk: Option<&Desk>) {
    let url = request.url().to_string();
    let response = if let Some(query) = url.strip_prefix(RELOAD_PATH) {
        wait_for_change(query, shared)
    } else if is_desk(&url) {
        match desk {
            Some(desk) => reply(desk_answer(desk, &mut request, shared)),
            None => text_response(404, "text/plain; charset=utf-8", b"not found".to_vec()),
        }
    } else {
        let edit = desk.map(|d| d.say(&Message::new("desk_edit_link")));
        page(&url, shared, edit.as_deref())
    };
    let _ = request.respond(response);
}

/// Whether a request is the desk's (`/_desk/...`).
fn is_desk(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::text::percent_decode(path).unwrap_or_default();
    decoded == "/_desk" || decoded.starts_with(desk::PREFIX)
}

/// The desk's answer; its list of files reloads by itself when a source
/// of the site changes (not when the books are typeset).
fn desk_answer(desk: &Desk, request: &mut tiny_http::Request, shared: &Shared) -> Reply {
    let asked = read_request(request, desk.limit);
    let mut answer = desk.answer(&asked);
    let is_list = !asked.post && matches!(asked.path.as_str(), "/_desk/" | "/_desk");
    if is_list && answer.status == 200 {
        let version = shared.0.lock().map_or(0, |state| state.sources);
        answer.body = inject(&String::from_utf8_lossy(&answer.body), version);
    }
    answer
}

/// A request to the desk, its body read up to `limit` bytes.
fn read_request(request: &mut tiny_http::Request, limit: u64) -> desk::Request {
    use std::io::Read;
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let header = |name: &'static str| {
        (request.headers().iter())
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let mut out = desk::Request {
        post: *request.method() == tiny_http::Method::Post,
        path: crate::text::percent_decode(path).unwrap_or_default(),
        query: form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
        host: header("Host"),
        origin: header("Origin"),
        referer: header("Referer"),
        token: header("X-Desk-Token"),
        ..desk::Request::default()
    };
    if !out.post {
        return out;
    }
    if request.body_length().is_some_and(|n| n as u64 > limit) {
        out.too_large = true;
        return out;
    }
    let mut body = Vec::new();
    let read = request.as_reader().take(limit + 1).read_to_end(&mut body);
    out.too_large = read.is_err() || body.len() as u64 > limit;
    out.body = body;
    out
}

/// The desk's answer as a response.
fn reply(reply: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = text_response(reply.status, reply.kind, reply.body);
    let headers = [
        reply.location.map(|l| ("Location", l)),
        Some(("X-Frame-Options", "DENY".to_string())),
        Some(("X-Content-Type-Options", "nosniff".to_string())),
    ];
    for (name, value) in headers.into_iter().flatten() {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

/// Long poll: answers with the site's version once it differs from `?v=`.
fn wait_for_change(query: &str, shared: &Shared) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut seen = 0;
    let mut page = None;
    let mut list = false;
    for pair in query.trim_start_matches('?').split('&') {
        match pair.split_once('=') {
            Some(("v", v)) => seen = v.parse().unwrap_or(0),
            Some(("p", p)) if is_desk(&crate::text::percent_decode(p).unwrap_or_default()) => {
                list = true;
            }
            Some(("p", p)) => page = site_path(p),
            _ => {}
        }
    }
    if list {
        return wait_for_sources(seen, shared);
    }
    let (lock, changed) = &**shared;
    let version = match lock.lock() {
        Ok(state) => changed
            .wait_timeout_while(state, Duration::from_secs(25), |s| {
                !s.changed_since(page.as_deref(), seen)
            })
            .map_or(seen, |(s, _)| {
                if s.changed_since(page.as_deref(), seen) {
                    s.version
                } else {
                    seen
                }
            }),
        Err(_) => seen,
    };
    text_response(
        200,
        "text/plain; charset=utf-8",
        version.to_string().into_bytes(),
    )
}

/// Long poll of the desk's list: answers with the version of the sources
/// once it is past `seen`.
fn wait_for_sources(seen: u64, shared: &Shared) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let (lock, changed) = &**shared;
    let now = match lock.lock() {
        Ok(state) => changed
            .wait_timeout_while(state, Duration::from_secs(25), |s| s.sources <= seen)
            .map_or(seen, |(s, _)| s.sources.max(seen)),
        Err(_) => seen,
    };
    text_response(
        200,
        "text/plain; charset=utf-8",
        now.to_string().into_bytes(),
    )
}

/// A page of the site; `edit`, the words of the link to the desk (serve
/// with the desk only), is added to every HTML page.
fn page(
    url: &str,
    shared: &Shared,
    edit: Option<&str>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let Some(path) = site_path(url) else {
        return text_response(404, "text/plain; charset=utf-8", b"not found".to_vec());
    };
    let (lock, _) = &**shared;
    let Ok(state) = lock.lock() else {
        return text_response(500, "text/plain; charset=utf-8", b"server error".to_vec());
    };
    let html = path.ends_with(".html");
    if let (Some(errors), true) = (&state.errors, html) {
        return text_response(
            500,
            "text/html; charset=utf-8",
            inject(errors, state.version),
        );
    }
    let found = state
        .files
        .get(&path)
        .or_else(|| state.files.get(&format!("{path}/index.html")));
    match found {
        Some(content) => {
            let bytes = match content {
                Content::Bytes(b) => b.to_vec(),
                Content::File(p) => std::fs::read(p).unwrap_or_default(),
            };
            let is_html = path.ends_with(".html") || !path.contains('.');
            let body = if is_html {
                let html = String::from_utf8_lossy(&bytes);
                match edit {
                    Some(words) => inject(&with_edit_link(&html, &path, words), state.version),
                    None => inject(&html, state.version),
                }
            } else {
                bytes
            };
            let kind = if is_html {
                "text/html; charset=utf-8"
            } else {
                content_type(&path)
            };
            text_response(200, kind, body)
        }
        None if state.books.paths.contains(&path) => book_pending(&state),
        None => {
            let body = not_found_page(&state.files, &path).map(|c| match c {
                Content::Bytes(b) => inject(&String::from_utf8_lossy(b), state.version),
                Content::File(_) => b"not found".to_vec(),
            });
            text_response(
                404,
                "text/html; charset=utf-8",
                body.unwrap_or_else(|| b"not found".to_vec()),
            )
        }
    }
}

/// The 404 page for the missing `path`: the one of its first folder when
/// there is one (`en/404.html` for `en/...`, a language's own), else the
/// root's, as the deploy guide has a web server do.
fn not_found_page<'a>(
    files: &'a std::collections::HashMap<String, Content>,
    path: &str,
) -> Option<&'a Content> {
    let own = path
        .split_once('/')
        .and_then(|(first, _)| files.get(&format!("{first}/404.html")));
    own.or_else(|| files.get("404.html"))
}

/// The output file a request path names, or `None` for any path that tries
/// to leave the site (`..`, encoded or not, backslashes, NUL).
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::text::percent_decode(path)?;
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    let folder = decoded.ends_with('/') || joined.is_empty();
    Some(if folder {
        format!(
            "{joined}{}index.html",
            if joined.is_empty() { "" } else { "/" }
        )
    } else {
        joined
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page with a link to its file on the desk, before `</body>` (serve
/// only, never in a build).
fn with_edit_link(html: &str, path: &str, words: &str) -> String {
    let page = format!("/{}", path.strip_suffix("index.html").unwrap_or(path));
    let page: String = form_urlencoded::byte_serialize(page.as_bytes()).collect();
    let link = format!(
        "<a class=\"kyyeu-desk-edit\" href=\"/_desk/open?page={page}\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:9999;background:#0b5d1e;color:#fff;padding:.5rem 1rem;border-radius:4px;font:600 1rem system-ui,sans-serif\">{}</a>",
        crate::text::escape(words)
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{link}{}", &html[..at], &html[at..]),
        None => format!("{html}{link}"),
    }
}

/// The page with the live-reload script before `</body>` (serve only).
fn inject(html: &str, version: u64) -> Vec<u8> {
    let script = format!(
        "<script>(function(){{var v={version};function poll(){{fetch('{RELOAD_PATH}?v='+v+'&p='+encodeURIComponent(location.pathname)).then(function(r){{return r.text()}}).then(function(t){{if(t!==String(v)){{location.reload()}}else{{poll()}}}}).catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{script}").into_bytes(),
    }
}

/// The page shown in place of every page while the content has errors,
/// in the catalogue's language: a title, what happened, what to do, and
/// every error as the command prints it (without the build's words about
/// writing: a preview writes nothing anyway).
pub fn error_page(failure: &Failure, catalogue: &Catalogue) -> String {
    let text = match failure {
        Failure::Content(errors) => {
            let count = Message::new("errors_in_preview").count("n", errors.len());
            errors.render(catalogue) + &catalogue.render(&count)
        }
        other => other.render(catalogue),
    };
    let words = |message| crate::text::escape(catalogue.plain(&message));
    let lang = html_lang(catalogue);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{ERROR_STYLE}</style></head><body><h1>{heading}</h1><p>{explain}</p><pre>{errors}</pre></body></html>\n",
        title = words(Message::new("serve_error_title")),
        heading = words(Message::new("serve_error_heading")),
        explain = words(Message::new("serve_error_explain")),
        errors = crate::text::escape(&text),
    )
}

/// The answer at the address of a PDF yearbook not typeset yet: the
/// site's errors or the books', else 503 and a page that says the book is
/// being typeset, in the language of messages; each reloads by itself once
/// the book is there.
fn book_pending(state: &State) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let html = "text/html; charset=utf-8";
    if let Some(errors) = state.errors.as_ref().or(state.books.failed.as_ref()) {
        return text_response(500, html, inject(errors, state.version));
    }
    let catalogue = state.catalogue;
    let words = |message| crate::text::escape(catalogue.plain(&message));
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{BOOK_STYLE}</style></head><body><h1>{heading}</h1><p>{explain}</p></body></html>\n",
        lang = html_lang(catalogue),
        title = words(Message::new("serve_book_title")),
        heading = words(Message::new("serve_book_heading")),
        explain = words(Message::new("serve_book_explain")),
    );
    let mut response = text_response(503, html, inject(&page, state.version));
    if let Ok(retry) = tiny_http::Header::from_bytes(&b"Retry-After"[..], &b"2"[..]) {
        response.add_header(retry);
    }
    response
}

/// The `lang` attribute of a page in the catalogue's language.
fn html_lang(catalogue: &Catalogue) -> &'static str {
    match catalogue.language() {
        Language::English => "en",
        Language::Vietnamese => "vi",
    }
}

const BOOK_STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;}";

const ERROR_STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;}pre{white-space:pre-wrap;background:#fff4f4;border:1px solid #d33;padding:1rem;font-size:1rem;line-height:1.5}";

fn text_response(
    status: u16,
    kind: &str,
    body: Vec<u8>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], kind.as_bytes()).ok();
    let no_cache = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]).ok();
    // Its length is known: sent with Content-Length, never chunked (a
    // browser shows a download's progress, any client reads it whole).
    let mut response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX);
    for h in [header, no_cache].into_iter().flatten() {
        response.add_header(h);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn request_paths_never_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/en/2021/").as_deref(),
            Some("en/2021/index.html")
        );
        assert_eq!(site_path("/style.css?x=1").as_deref(), Some("style.css"));
        assert_eq!(site_path("/en/2021").as_deref(), Some("en/2021"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/a\\..\\b",
            "/%00",
            "/..%2f..%2fx",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
