//! One line of Markdown (site.yaml's `footer:`) as inline HTML: emphasis,
//! code, and links to full addresses (`https://`, `http://`, `mailto:`).
//! A block (a heading, a list), an image or a relative link is refused;
//! raw HTML is sanitized down to inline tags.
//!
//! Uses: error, text.

use crate::error::Message;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// `text` (one line) as inline HTML, safe to show as it is; what is wrong
/// with it otherwise.
pub fn inline(text: &str) -> Result<String, Message> {
    if text.trim().contains('\n') {
        return Err(Message::new("inline_one_line"));
    }
    let mut events = Vec::new();
    for event in Parser::new_ext(text.trim(), Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Image { .. }) => return Err(Message::new("inline_no_image")),
            Event::Start(Tag::Link { ref dest_url, .. }) if !is_full_address(dest_url) => {
                return Err(Message::new("inline_full_address").arg("link", dest_url.to_string()));
            }
            Event::Start(Tag::Link { .. } | Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(
                TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough,
            )
            | Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::SoftBreak => events.push(event),
            _ => return Err(Message::new("inline_one_line")),
        }
    }
    let mut out = String::with_capacity(text.len() * 2);
    html::push_html(&mut out, events.into_iter());
    Ok(sanitize_inline(&out))
}

/// An address a footer may link to: the web or e-mail, with nothing unsafe.
fn is_full_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        && crate::text::is_safe_url(url)
}

/// Only inline tags, links to the web or e-mail.
fn sanitize_inline(html: &str) -> String {
    ammonia::Builder::empty()
        .add_tags([
            "a", "em", "strong", "code", "del", "s", "small", "abbr", "span",
        ])
        .add_tag_attributes("a", ["href", "title", "hreflang"])
        .add_tag_attributes("abbr", ["title"])
        .add_generic_attributes(["lang"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(None)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_of_markdown_is_inline_html() {
        assert_eq!(
            inline("© **Liên minh HTX** · [Liên hệ](mailto:vp@example.org)").as_deref(),
            Ok("© <strong>Liên minh HTX</strong> · <a href=\"mailto:vp@example.org\">Liên hệ</a>")
        );
        assert_eq!(
            inline("a <script>alert(1)</script><b onclick=x>b</b>").as_deref(),
            Ok("a b")
        );
        assert_eq!(
            inline("[x](../lien-he/)").map_err(|m| m.key()),
            Err("inline_full_address")
        );
        assert_eq!(
            inline("[x](javascript:alert(1))").map_err(|m| m.key()),
            Err("inline_full_address")
        );
        assert_eq!(
            inline("![logo](a.png)").map_err(|m| m.key()),
            Err("inline_no_image")
        );
        assert_eq!(
            inline("# Heading").map_err(|m| m.key()),
            Err("inline_one_line")
        );
        assert_eq!(inline("a\nb").map_err(|m| m.key()), Err("inline_one_line"));
    }
}
