//! Markdown to safe HTML with pulldown-cmark, by rewriting the event stream:
//! relative image paths go through a resolver, link schemes are checked,
//! headings move one level down (the page title is the only `<h1>`), and raw
//! HTML, when there is any, is sanitized with ammonia unless the site trusts
//! it (`markdown: {trusted_html: true}` in site.yaml).
//!
//! Uses: text, error (for messages).

use crate::error::Message;
use crate::lang::Lang;
use crate::model::{BodyLink, Version};
use crate::text::is_safe_url;
use crate::urls::Urls;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// What the resolver says of an image path found in the body.
pub enum ImageLink {
    /// Publish the image at this URL.
    Url(String),
    /// The path names no usable file: the message says why.
    Invalid(Message),
}

/// Answers the questions rendering asks about paths written in the body.
pub trait Resolve {
    /// A relative image path, written at byte `offset` of the body.
    fn image(&mut self, path: &str, offset: usize) -> ImageLink;
    /// A relative link to a Markdown file (`../tap-huan/index.vi.md#muc`):
    /// the URL to publish, or why it cannot be.
    fn markdown_link(&mut self, path: &str, offset: usize) -> Result<String, Message>;
}

/// A problem found in the body, at a byte offset of the body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    pub offset: usize,
    pub message: Message,
}

/// The rendered body.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph as plain text (the default summary).
    pub first_paragraph: String,
    pub problems: Vec<BodyProblem>,
}

/// Renders `body`; `resolve` is asked about every relative image path.
/// Raw HTML is sanitized unless `trusted_html`; Markdown links and images
/// with an unsafe scheme are problems either way.
pub fn render(body: &str, resolve: &mut dyn Resolve, trusted_html: bool) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Rendered::default();
    let mut has_raw_html = false;
    let mut para = ParagraphGrabber::default();
    let mut events: Vec<Event<'_>> = Parser::new_ext(body, options)
        .into_offset_iter()
        .map(|(event, range)| {
            para.see(&event);
            match event {
                Event::Html(_) | Event::InlineHtml(_) => {
                    has_raw_html = true;
                    event
                }
                Event::Start(tag) => {
                    Event::Start(rewrite_tag(tag, range.start, resolve, &mut out.problems))
                }
                other => other,
            }
        })
        .collect();
    shift_headings(&mut events);
    html::push_html(&mut out.html, events.into_iter());
    if has_raw_html && !trusted_html {
        out.html = sanitize(&out.html);
    }
    out.first_paragraph = para.text.trim().to_string();
    out
}

/// The URL a body link has on a page whose root prefix is `root`.
pub fn body_url(link: &BodyLink, lang: &Lang, root: &str, urls: &Urls) -> String {
    match link {
        BodyLink::Photo(stem) => format!("{root}{}", Urls::photo(stem, None)),
        BodyLink::Article {
            year,
            slug,
            fragment,
        } => {
            let url = crate::urls::link(root, &urls.article(lang, *year, slug));
            match fragment.is_empty() {
                true => url,
                false => format!("{url}#{fragment}"),
            }
        }
        BodyLink::Unpublished => "#".to_string(),
    }
}

/// A version's body rendered for a page whose root prefix is `root` (a
/// print edition elsewhere in the site), its links and images taken, in
/// order, from what loading found ([`Version::body_links`]).
pub fn render_at(version: &Version, root: &str, urls: &Urls, trusted_html: bool) -> String {
    let mut replay = Replay {
        links: version.body_links.iter(),
        lang: &version.lang,
        root,
        urls,
    };
    render(&version.body_markdown, &mut replay, trusted_html).html
}

/// Answers rendering's questions with the links loading found.
struct Replay<'a> {
    links: std::slice::Iter<'a, BodyLink>,
    lang: &'a Lang,
    root: &'a str,
    urls: &'a Urls,
}

impl Replay<'_> {
    fn next_url(&mut self) -> String {
        self.links.next().map_or_else(String::new, |link| {
            body_url(link, self.lang, self.root, self.urls)
        })
    }
}

impl Resolve for Replay<'_> {
    fn image(&mut self, _: &str, _: usize) -> ImageLink {
        ImageLink::Url(self.next_url())
    }

    fn markdown_link(&mut self, _: &str, _: usize) -> Result<String, Message> {
        Ok(self.next_url())
    }
}

fn rewrite_tag<'a>(
    tag: Tag<'a>,
    offset: usize,
    resolve: &mut dyn Resolve,
    problems: &mut Vec<BodyProblem>,
) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } if !is_safe_url(&dest_url) => {
            let message = Message::new("link_not_allowed").arg("url", dest_url.as_ref());
            problems.push(BodyProblem { offset, message });
            Tag::Link {
                link_type,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            }
        }
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } if is_markdown_link(&dest_url) => {
            let dest = match resolve.markdown_link(&dest_url, offset) {
                Ok(url) => CowStr::from(url),
                Err(message) => {
                    problems.push(BodyProblem { offset, message });
                    dest_url
                }
            };
            Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            }
        }
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => {
            let dest = if !is_safe_url(&dest_url) {
                let message = Message::new("image_not_allowed").arg("url", dest_url.as_ref());
                problems.push(BodyProblem { offset, message });
                CowStr::Borrowed("")
            } else if is_external(&dest_url) {
                dest_url
            } else {
                match resolve.image(&dest_url, offset) {
                    ImageLink::Url(url) => CowStr::from(url),
                    ImageLink::Invalid(message) => {
                        problems.push(BodyProblem { offset, message });
                        CowStr::Borrowed("")
                    }
                }
            };
            Tag::Image {
                link_type,
                dest_url: dest,
                title,
                id,
            }
        }
        other => other,
    }
}

/// A relative link to a Markdown file, with or without a `#fragment`.
fn is_markdown_link(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or("");
    !path.contains(':') && !path.starts_with('/') && path.to_ascii_lowercase().ends_with(".md")
}

/// An absolute http(s) URL (kept as is), or an unsafe one (emptied).
fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// Shifts headings so the body's highest level becomes `<h2>` (the page
/// title is the only `<h1>`) without skipping levels: `##` and `###` written
/// under a title become `<h2>` and `<h3>`, and so does `#` with `##`.
fn shift_headings(events: &mut [Event<'_>]) {
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min();
    let Some(top) = top else { return };
    let shift = |level: HeadingLevel| level_of((level as usize + 2).saturating_sub(top));
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = shift(*level),
            Event::End(TagEnd::Heading(level)) => *level = shift(*level),
            _ => {}
        }
    }
}

fn level_of(n: usize) -> HeadingLevel {
    match n {
        0..=2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Collects the plain text of the first top-level paragraph.
#[derive(Default)]
struct ParagraphGrabber {
    depth: usize,
    state: u8, // 0 before, 1 inside, 2 done
    text: String,
}

impl ParagraphGrabber {
    fn see(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Paragraph) if self.depth == 0 && self.state == 0 => self.state = 1,
            Event::End(TagEnd::Paragraph) if self.depth == 0 && self.state == 1 => self.state = 2,
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_),
            ) => self.depth += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::Table,
            ) => self.depth = self.depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if self.state == 1 => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak if self.state == 1 => self.text.push(' '),
            _ => {}
        }
    }
}

/// Removes scripts, event handlers, `javascript:`/`data:` URLs, frames,
/// objects and styles; keeps what Markdown itself produces (tables,
/// footnotes with their ids, images with their sizes).
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "title", "lang"])
        .add_tag_attributes("img", ["width", "height", "loading", "srcset", "sizes"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        .add_tags(["figure", "figcaption", "mark", "section"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .attribute_filter(raw_attribute)
        .clean(html)
        .to_string()
}

/// Drops a `srcset` with an unsafe URL, which ammonia's scheme check does
/// not look into.
fn raw_attribute<'u>(_element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let keep = attribute != "srcset"
        || value
            .split(|c: char| c == ',' || c.is_whitespace())
            .all(is_safe_url);
    keep.then_some(Cow::Borrowed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl Resolve for Fake {
        fn image(&mut self, p: &str, _: usize) -> ImageLink {
            ImageLink::Url(format!("../x/{p}"))
        }
        fn markdown_link(&mut self, p: &str, _: usize) -> Result<String, Message> {
            Err(Message::text(format!("no {p}")))
        }
    }

    fn md(body: &str) -> Rendered {
        render(body, &mut Fake, false)
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = md("| a |\n|---|\n| b |\n\n~~no~~ yes[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>no</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn raw_html_is_sanitized() {
        let r = md("Hi <script>alert(1)</script><a href=\"javascript:x\" onclick=\"y\">z</a>\n");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript"));
    }

    #[test]
    fn trusted_raw_html_is_kept_but_markdown_links_are_still_checked() {
        let body = "<div class=\"map\"><iframe src=\"https://example.org/m\"></iframe></div>\n\n[a](javascript:alert(1))\n";
        let r = render(body, &mut Fake, true);
        assert!(
            r.html.contains("<iframe src=\"https://example.org/m\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#\""), "{}", r.html);
        assert_eq!(r.problems.len(), 1);
        assert!(!md(body).html.contains("<iframe"));
    }

    #[test]
    fn markdown_links_and_images() {
        let r = md("# T\n\n## U\n\n[a](javascript:alert(1)) ![c](photos/a.jpg)\n");
        assert!(r.html.contains("<h2>T</h2>"));
        assert!(r.html.contains("<h3>U</h3>"));
        assert!(md("## A\n\n### B\n")
            .html
            .contains("<h2>A</h2>\n<h3>B</h3>"));
        assert!(r.html.contains("href=\"#\""));
        assert!(r.html.contains("src=\"../x/photos/a.jpg\""));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.first_paragraph, "a c");
    }
}
