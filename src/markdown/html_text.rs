//! The text a reader sees of raw HTML written in a body, as sanitizing
//! leaves it: tags dropped (block tags leave a space), comments dropped,
//! scripts, styles, SVG and MathML dropped with all they hold, character
//! references decoded. The one routine that search and the PDF yearbook
//! read raw HTML with.
//!
//! Uses: nothing.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Raw HTML tags that sit inside a run of text: dropping them must not split
/// a word. Any other tag leaves a space.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
    "span", "strong", "u", "var",
];

/// Raw HTML tags that sanitizing drops with all they hold: scripts, styles,
/// and SVG and MathML (whose elements lose their namespace once the `<svg>`
/// or `<math>` around them is dropped, and are dropped for that).
const HIDDEN_TAGS: &[&str] = &["script", "style", "svg", "math"];

/// Reads raw HTML into text, piece after piece of one body (a hidden
/// element may span several pieces).
#[derive(Debug, Default)]
pub struct HtmlText {
    /// Inside one of the [`HIDDEN_TAGS`]: its name.
    hidden_in: Option<&'static str>,
}

impl HtmlText {
    /// Whether the text read now is hidden (inside a script or style).
    pub fn hides(&self) -> bool {
        self.hidden_in.is_some()
    }

    /// Appends to `out` the text of `html`: a tag leaves a space unless it is
    /// one of the inline tags, a comment leaves nothing, scripts and styles hide
    /// all up to their end tag, and character references are decoded.
    pub fn push(&mut self, out: &mut String, html: &str) {
        let mut rest = html;
        loop {
            if let Some(name) = self.hidden_in {
                let Some(at) = find_end_tag(rest, name) else {
                    return;
                };
                self.hidden_in = None;
                rest = &rest[at..];
            }
            let Some(lt) = rest.find('<') else { break };
            push_html_text(out, &rest[..lt]);
            rest = &rest[lt..];
            let length = markup_length(rest);
            if length == 0 {
                out.push('<');
                rest = &rest[1..];
                continue;
            }
            self.see_markup(out, &rest[..length]);
            rest = &rest[length..];
        }
        push_html_text(out, rest);
    }

    /// A tag, comment or declaration of raw HTML.
    fn see_markup(&mut self, out: &mut String, markup: &str) {
        let closing = markup.starts_with("</");
        let name: String = markup
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if let Some(hidden) = HIDDEN_TAGS.iter().find(|hidden| **hidden == name) {
            if !closing {
                self.hidden_in = Some(hidden);
            }
        } else if !name.is_empty() && !INLINE_TAGS.contains(&name.as_str()) {
            out.push(' ');
        }
    }
}

/// The byte offset of the end tag `</name` in `html`, in any case.
fn find_end_tag(html: &str, name: &str) -> Option<usize> {
    let end_tag = format!("</{name}");
    // Lowercasing ASCII keeps every byte offset.
    html.to_ascii_lowercase().find(&end_tag)
}

/// The length of the tag, comment or declaration at the start of `html`,
/// or 0 when its `<` is text.
fn markup_length(html: &str) -> usize {
    if let Some(comment) = html.strip_prefix("<!--") {
        return comment.find("-->").map_or(html.len(), |end| end + 7);
    }
    let after = html[1..].trim_start_matches('/');
    if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!' || c == '?') {
        return 0;
    }
    let mut quote = None;
    for (at, character) in html.char_indices() {
        match (quote, character) {
            (None, '"' | '\'') => quote = Some(character),
            (Some(open), close) if close == open => quote = None,
            (None, '>') => return at + 1,
            _ => {}
        }
    }
    html.len()
}

/// Appends text of raw HTML with its character references decoded.
pub fn push_html_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest
            .find(';')
            .filter(|&semi| semi <= 32)
            .map(|semi| &rest[..=semi]);
        match reference.zip(reference.and_then(decode_reference)) {
            Some((reference, decoded)) => {
                out.push_str(&decoded);
                rest = &rest[reference.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The text of a character reference (`&amp;`, `&#233;`, `&eacute;`), as
/// the Markdown parser decodes it, since it knows every entity of HTML.
fn decode_reference(reference: &str) -> Option<String> {
    let name = &reference[1..reference.len() - 1];
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#') {
        return None;
    }
    let mut text = String::new();
    for event in Parser::new(reference) {
        match event {
            Event::Text(part) => text.push_str(&part),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            _ => return None,
        }
    }
    (text != reference).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        let mut out = String::new();
        HtmlText::default().push(&mut out, html);
        out
    }

    #[test]
    fn references_are_decoded_and_hidden_elements_dropped() {
        assert_eq!(
            text("a&eacute;&#xE001;&#233;&amp;&lt;b&gt;"),
            "aé\u{E001}é&<b>"
        );
        assert_eq!(text("x<script>var a = 1 < 2;</script>y"), "xy");
        assert_eq!(text("x<STYLE>p{}</Style>y<!-- no -->z"), "xyz");
        assert_eq!(text("<p>a</p><span>b</span>"), " a b");
    }

    #[test]
    fn a_hidden_element_spans_pieces() {
        let (mut reader, mut out) = (HtmlText::default(), String::new());
        reader.push(&mut out, "a<script>");
        assert!(reader.hides());
        reader.push(&mut out, "alert(1)");
        reader.push(&mut out, "</script>b");
        assert!(!reader.hides());
        assert_eq!(out, "ab");
    }
}
