//! The URLs of raw HTML written in a body (`<a href>`, `<img src>`), found
//! and replaced in the source text of the raw HTML before it is rendered,
//! so that they are resolved and checked like Markdown links.
//!
//! Uses: nothing.

/// What a URL of raw HTML is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawUrl {
    /// `<a href>`.
    Link,
    /// `<img src>`.
    Image,
}

/// A URL found in raw HTML: its kind, its value as written (character
/// references not decoded), its byte offset in the HTML, and for an image
/// its `alt` as written.
pub struct Found<'h> {
    pub kind: RawUrl,
    pub written: &'h str,
    pub at: usize,
    pub alt: Option<&'h str>,
}

/// What becomes of a URL found in raw HTML.
pub enum Replace {
    /// The value, escaped here.
    Value(String),
    /// The whole tag, by this HTML as it is.
    Tag(String),
}

/// `html` with the value of each `href` of `<a>` and `src` of `<img>`
/// replaced by what `replace` says (`None`: kept), or their whole tag.
pub fn rewrite_urls(html: &str, mut replace: impl FnMut(Found<'_>) -> Option<Replace>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    let mut at = 0;
    while let Some(lt) = html[at..].find('<').map(|i| i + at) {
        let tag = tag_at(html, lt);
        at = lt + 1;
        let Some(tag) = tag else { continue };
        if let Some((start, end)) = tag.value {
            let found = Found {
                kind: tag.kind,
                written: &html[start..end],
                at: start,
                alt: tag.alt.map(|(s, e)| &html[s..e]),
            };
            match replace(found) {
                Some(Replace::Value(new)) => {
                    out.push_str(&html[done..start]);
                    out.push_str(&escape_attribute(&new));
                    done = end;
                }
                Some(Replace::Tag(new)) => {
                    out.push_str(&html[done..lt]);
                    out.push_str(&new);
                    done = tag.end;
                }
                None => {}
            }
        }
        at = tag.end.max(at);
    }
    out.push_str(&html[done..]);
    out
}

/// A start tag of interest and the range of its URL's value.
struct Tag {
    kind: RawUrl,
    value: Option<(usize, usize)>,
    /// An image's `alt`.
    alt: Option<(usize, usize)>,
    end: usize,
}

/// The `<a>` or `<img>` start tag at `lt`, if that is one.
fn tag_at(html: &str, lt: usize) -> Option<Tag> {
    let rest = &html[lt + 1..];
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest[..name_len].to_ascii_lowercase();
    let (kind, wanted) = match name.as_str() {
        "a" => (RawUrl::Link, "href"),
        "img" => (RawUrl::Image, "src"),
        _ => return None,
    };
    let mut at = lt + 1 + name_len;
    let mut value = None;
    let mut alt = None;
    let bytes = html.as_bytes();
    loop {
        while at < bytes.len() && (bytes[at] as char).is_ascii_whitespace() {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' || bytes[at] == b'/' {
            let end = (at + 1).min(html.len());
            return Some(Tag {
                kind,
                value,
                alt,
                end,
            });
        }
        let name_end = html[at..]
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .map_or(html.len(), |i| i + at);
        let attribute = html[at..name_end].to_ascii_lowercase();
        at = name_end.max(at + 1);
        while at < bytes.len() && (bytes[at] as char).is_ascii_whitespace() {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] != b'=' {
            continue;
        }
        at += 1;
        while at < bytes.len() && (bytes[at] as char).is_ascii_whitespace() {
            at += 1;
        }
        let (start, end, next) = attribute_value(html, at);
        if attribute == wanted && value.is_none() {
            value = Some((start, end));
        }
        if attribute == "alt" && kind == RawUrl::Image && alt.is_none() {
            alt = Some((start, end));
        }
        at = next;
    }
}

/// The range of the value at `at` (quoted or not) and where after it to go on.
fn attribute_value(html: &str, at: usize) -> (usize, usize, usize) {
    match html.as_bytes().get(at) {
        Some(&quote) if quote == b'"' || quote == b'\'' => {
            let start = at + 1;
            let end = html[start..]
                .find(quote as char)
                .map_or(html.len(), |i| i + start);
            (start, end, (end + 1).min(html.len()))
        }
        _ => {
            let end = html[at..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .map_or(html.len(), |i| i + at);
            (at, end, end)
        }
    }
}

/// A value for an attribute quoted either way: no quote or `&` left bare.
fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_replaces_href_and_src() {
        let html = "<p><A class=x HREF='a.pdf'>a</A> <img alt=\"i\" src=b.jpg> <span src=c></p>";
        let mut seen = Vec::new();
        let out = rewrite_urls(html, |found| {
            seen.push((
                found.kind,
                found.written.to_string(),
                found.at,
                found.alt.map(str::to_string),
            ));
            Some(Replace::Value(format!("../{}", found.written)))
        });
        assert_eq!(
            out,
            "<p><A class=x HREF='../a.pdf'>a</A> <img alt=\"i\" src=../b.jpg> <span src=c></p>"
        );
        assert_eq!(seen[0], (RawUrl::Link, "a.pdf".to_string(), 20, None));
        assert_eq!(seen[1].0, RawUrl::Image);
        assert_eq!(seen[1].3.as_deref(), Some("i"));
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn replaces_a_whole_image_tag() {
        let html = "a <img src=\"x.jpg\" alt='b'> c";
        let out = rewrite_urls(html, |found| {
            Some(Replace::Tag(format!("[{}]", found.alt.unwrap_or(""))))
        });
        assert_eq!(out, "a [b] c");
    }
}
