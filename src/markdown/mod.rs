//! Markdown to safe HTML with pulldown-cmark, by rewriting the event stream:
//! relative links and images go through a resolver, link schemes are
//! checked, headings move one level down (the page title is the only
//! `<h1>`), and raw HTML, when there is any, is sanitized with ammonia
//! unless the site trusts it (`markdown: {trusted_html: true}` in
//! site.yaml). A body is rendered once, into typed pieces
//! ([`crate::model::Body`]) that each place showing it puts together.
//!
//! Uses: error, model.

use crate::error::Message;
use crate::model::{Body, BodyLink};
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

pub mod blocks;
mod headings;
mod html_text;
mod inline;
mod links;
mod nesting;
mod photos;
mod pieces;
mod plain_text;
mod raw_html;
mod sanitize;

pub use html_text::HtmlText;
pub use inline::inline;
pub use plain_text::plain_text;

use links::{definitions, Rewriter};
use photos::BodyPhotos;
use pieces::Markers;
use plain_text::ParagraphGrabber;

/// Why a link or image of a body leads nowhere, and what may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub message: Message,
    pub hint: Option<Message>,
}

impl From<Message> for LinkError {
    fn from(message: Message) -> Self {
        LinkError {
            message,
            hint: None,
        }
    }
}

/// Answers the questions rendering asks about paths written in the body.
pub trait Resolve {
    /// A relative image path, written at byte `offset` of the body: a
    /// photo of the site, or another file or path of the site.
    fn image(&mut self, path: &str, offset: usize) -> Result<BodyLink, LinkError>;
    /// A relative or root-relative link (`../tap-huan/index.vi.md#muc`,
    /// `bao-cao.pdf`, `/don-vi/`): where it leads, or why it leads nowhere.
    fn link(&mut self, dest: &str, offset: usize) -> Result<BodyLink, LinkError>;
    /// The URL of `link` written after `root`, the path from the page to
    /// the site's root.
    fn url(&self, link: &BodyLink, root: &str) -> String;
}

/// A problem found in the body, at a byte offset of the body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    pub offset: usize,
    pub message: Message,
    pub hint: Option<Message>,
}

/// The rendered body.
#[derive(Debug, Default)]
pub struct Rendered {
    pub body: Body,
    /// The first paragraph as plain text (the default summary).
    pub first_paragraph: String,
    /// The whole text a reader sees, as [`plain_text`] gives it but with its
    /// white space not collapsed (for search).
    pub text: String,
    pub problems: Vec<BodyProblem>,
}

/// How a body is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Raw HTML kept as written (`markdown: {trusted_html: true}`).
    pub trusted_html: bool,
}

/// Renders `body`; `resolve` is asked about every relative link and image
/// (of Markdown, of raw HTML, and of reference definitions nothing uses).
/// Raw HTML is sanitized unless `trusted_html`; Markdown links and images
/// with an unsafe scheme are problems either way.
pub fn render(body: &str, resolve: &mut dyn Resolve, options: RenderOptions) -> Rendered {
    let markers = Markers::new(body);
    let parser = Parser::new_ext(body, parser_options());
    let definitions = definitions(&parser);
    let (mut events, offsets): (Vec<Event<'_>>, Vec<usize>) = parser
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .unzip();
    let text = plain_text::text_of(events.iter().cloned());
    headings::shift(&mut events);
    let ids = headings::assign_ids(&events);
    let written: Vec<String> = (0..ids.len()).map(|k| markers.heading(k)).collect();
    headings::write_ids(&mut events, &written);
    let rewriter = Rewriter {
        resolve,
        ids: &ids,
        written: &written,
        root: markers.root(),
        definitions: &definitions,
        used: vec![false; definitions.len()],
        problems: Vec::new(),
    };
    let mut writer = EventWriter {
        rewriter,
        photos: BodyPhotos::new(&markers),
        paragraph: ParagraphGrabber::default(),
        has_raw_html: false,
        heading: 0,
        out: Vec::with_capacity(events.len() + ids.len()),
    };
    for (event, offset) in events.into_iter().zip(offsets) {
        writer.see(event, offset);
    }
    writer.rewriter.unused_definitions();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html, nesting::flatten(writer.out).into_iter());
    if writer.has_raw_html && !options.trusted_html {
        html = sanitize::sanitize(&html);
    }
    let pieces = markers.cut(&html, &writer.photos.images);
    let first_paragraph = writer.paragraph.text.trim().to_string();
    let problems = writer.rewriter.problems;
    Rendered {
        body: Body {
            pieces,
            heading_ids: ids,
        },
        first_paragraph,
        text,
        problems,
    }
}

/// The events of a body rewritten one by one, for the HTML writer.
struct EventWriter<'r, 'd, 'a> {
    rewriter: Rewriter<'r, 'd>,
    photos: BodyPhotos<'d>,
    paragraph: ParagraphGrabber,
    has_raw_html: bool,
    /// Headings ended so far.
    heading: usize,
    out: Vec<Event<'a>>,
}

impl<'a> EventWriter<'_, '_, 'a> {
    fn see(&mut self, event: Event<'a>, offset: usize) {
        self.paragraph.see(&event);
        let Some(event) = self.photos.take(event, &mut self.out) else {
            return;
        };
        let rewriter = &mut self.rewriter;
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let found = rewriter.image(link_type, dest_url, offset);
                let tag = self.photos.start(found, (link_type, title, id));
                self.out.extend(tag.map(Event::Start));
            }
            Event::Html(html) => {
                self.has_raw_html = true;
                let html = rewriter.raw_html(html, offset, &mut self.photos);
                self.out.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                self.has_raw_html = true;
                let html = rewriter.raw_html(html, offset, &mut self.photos);
                self.out.push(Event::InlineHtml(html));
            }
            Event::Start(tag) => self.out.push(Event::Start(rewriter.tag(tag, offset))),
            Event::End(TagEnd::Heading(level)) => {
                let id = rewriter
                    .written
                    .get(self.heading)
                    .map_or("", String::as_str);
                self.heading += 1;
                self.out
                    .push(Event::InlineHtml(headings::anchor(id).into()));
                self.out.push(Event::End(TagEnd::Heading(level)));
            }
            other => self.out.push(other),
        }
    }
}

/// The ids the headings of `body` get, in order (what a link's `#anchor`
/// to that body must name).
pub fn heading_ids(body: &str) -> Vec<String> {
    let events: Vec<Event<'_>> = Parser::new_ext(body, parser_options())
        .filter(|event| {
            matches!(
                event,
                Event::Start(Tag::Heading { .. })
                    | Event::End(TagEnd::Heading(_))
                    | Event::Text(_)
                    | Event::Code(_)
            )
        })
        .collect();
    headings::assign_ids(&events)
}

/// The Markdown extensions every body is read with.
fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Piece;

    struct Fake;
    impl Resolve for Fake {
        fn image(&mut self, p: &str, _: usize) -> Result<BodyLink, LinkError> {
            Ok(match p.starts_with("photos/") {
                true => BodyLink::Photo(format!("2021/x/{}", &p[7..])),
                false => site(p),
            })
        }
        fn link(&mut self, p: &str, _: usize) -> Result<BodyLink, LinkError> {
            match p.ends_with(".md") {
                true => Err(Message::text(format!("no {p}")).into()),
                false => Ok(site(p)),
            }
        }
        fn url(&self, link: &BodyLink, root: &str) -> String {
            match link {
                BodyLink::Site { path, .. } => format!("{root}{path}"),
                _ => "#".to_string(),
            }
        }
    }

    fn site(p: &str) -> BodyLink {
        BodyLink::Site {
            path: format!("x/{p}"),
            fragment: String::new(),
        }
    }

    /// A body's pieces put together for a page one folder down, its
    /// heading ids after `prefix`, each photo as `[photo stem]`.
    fn assemble(body: &Body, prefix: &str) -> String {
        let mut html = String::new();
        for piece in &body.pieces {
            match piece {
                Piece::Html(text) => html.push_str(text),
                Piece::Root => html.push_str("../"),
                Piece::HeadingId(k) => {
                    html.push_str(prefix);
                    html.push_str(body.heading_ids.get(*k).map_or("", String::as_str));
                }
                Piece::Photo(image) => html.push_str(&format!("[photo {}]", image.stem)),
            }
        }
        html
    }

    struct Page {
        html: String,
        problems: Vec<BodyProblem>,
        first_paragraph: String,
    }

    /// A body rendered and put together for its own page.
    fn md(body: &str) -> Page {
        let r = render(body, &mut Fake, RenderOptions::default());
        Page {
            html: assemble(&r.body, ""),
            problems: r.problems,
            first_paragraph: r.first_paragraph,
        }
    }

    /// Heading ids are pieces: each place writes them after its prefix.
    #[test]
    fn heading_ids_are_written_by_each_place() {
        let body = "# Chương trình\n\nXem [mục 2](#muc-2), [đầu](#chuong-trinh) và [[^1]] <span>x</span>.\n\n## Mục 2\n\n## Mục 2\n\n[^1]: chú thích\n";
        let r = render(body, &mut Fake, RenderOptions::default());
        for prefix in ["", "2021-x-"] {
            let page = assemble(&r.body, prefix);
            assert!(
                page.contains(&format!("<h2 id=\"{prefix}chuong-trinh\">")),
                "{page}"
            );
            assert!(page.contains(&format!("href=\"#{prefix}muc-2\"")));
            assert!(page.contains(&format!("<h3 id=\"{prefix}muc-2-2\">")));
            assert!(page.contains("<span>x</span>"));
        }
    }

    /// Private-use characters (which the body's pieces once used as holes),
    /// written raw, as references or percent-encoded, are text like any
    /// other (a build once panicked on `&#xE001;` before accented text).
    #[test]
    fn private_use_characters_are_text() {
        for (body, shown) in [
            ("## Mục\n\n&#xE001;éé\n", "\u{E001}éé"),
            ("## Mục\n\n&#xE000;0&#xE000;é\n", "\u{E000}0\u{E000}é"),
            (
                "## Mục\n\n\u{E000}1\u{E000} \u{E001}0\u{E001}é ![a](photos/a.jpg)\n",
                "\u{E000}1\u{E000} \u{E001}0\u{E001}é [photo 2021/x/a.jpg]",
            ),
            (
                "## Mục\n\n<span>&#xE001;é</span> ![a](photos/a.jpg)\n",
                "<span>\u{E001}é</span> [photo 2021/x/a.jpg]",
            ),
        ] {
            let page = md(body);
            assert!(page.html.contains(shown), "{body:?}: {}", page.html);
            assert!(page.html.contains("<h2 id=\"muc\">Mục"), "{}", page.html);
        }
        let link = md("## A\n\n[x](%EE%80%80) [y](#%EE%80%80) <a href=\"%EE%80%80\">z</a>\n");
        assert!(
            link.html.contains("href=\"../x/%EE%80%80\""),
            "{}",
            link.html
        );
        assert!(
            link.html
                .contains("<a href=\"../x/%EE%80%80\" rel=\"noopener noreferrer\">z</a>"),
            "{}",
            link.html
        );
        assert_eq!(link.problems.len(), 1, "{:?}", link.problems);
    }

    /// What a body writes cannot be taken for a piece: another body's
    /// markers, written out, stay text.
    #[test]
    fn a_body_cannot_forge_pieces() {
        let markers = Markers::new("## A\n");
        let forged = format!(
            "{}{}{}",
            markers.heading(0),
            markers.root(),
            markers.photo(0)
        );
        for body in [
            forged.clone(),
            format!("## A\n\n<b id=\"{forged}\">{forged}</b>\n"),
        ] {
            let r = render(&body, &mut Fake, RenderOptions::default());
            let html = assemble(&r.body, "");
            assert_eq!(
                html.matches(&forged).count(),
                1 + body.matches("<b").count(),
                "{html}"
            );
            let only_ids = r
                .body
                .pieces
                .iter()
                .all(|p| matches!(p, Piece::Html(_) | Piece::HeadingId(_)));
            assert!(only_ids, "{:?}", r.body.pieces);
        }
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
        let trusted = RenderOptions { trusted_html: true };
        let r = render(body, &mut Fake, trusted);
        let html = assemble(&r.body, "");
        assert!(
            html.contains("<iframe src=\"https://example.org/m\">"),
            "{html}"
        );
        assert!(html.contains("href=\"#\""), "{html}");
        assert_eq!(r.problems.len(), 1);
        assert!(!md(body).html.contains("<iframe"));
    }

    #[test]
    fn plain_text_is_what_a_reader_sees() {
        let body = "# Đoàn *kết*\n\nA **b** ~~c~~ `d` [e](x.md) f![alt](a.jpg)g  \nh[^n]\n\n\
                    | i | j |\n|---|---|\n| k | l |\n\n> m\n\n```\nn  o\n```\n\n[^n]: p\n";
        assert_eq!(
            plain_text(body),
            "Đoàn kết A b c d e f g h 1 i j k l m n o 1 p"
        );
        let raw = "x <span>y</span>z a<br>b <script>no</script>&amp;\n\n\
                   <div>\n<p>&eacute;t&eacute;</p><!-- no -->\n<style>no</style></div>\n";
        assert_eq!(plain_text(raw), "x yz a b & été");
    }

    #[test]
    fn markdown_links_and_images() {
        let r = md("# T\n\n## U\n\n[a](javascript:alert(1)) ![c](photos/a.jpg)\n");
        assert!(r
            .html
            .contains("<h2 id=\"t\">T <a class=\"anchor\" href=\"#t\""));
        assert!(r.html.contains("<h3 id=\"u\">U "));
        let nested = md("## A\n\n### B\n").html;
        assert!(nested.contains("<h2 id=\"a\">A") && nested.contains("<h3 id=\"b\">B"));
        assert!(r.html.contains("href=\"#\""));
        assert!(r.html.contains("[photo 2021/x/a.jpg]"), "{}", r.html);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.first_paragraph, "a c");
    }

    #[test]
    fn anchors_references_and_raw_html_are_checked() {
        let body = "## Chương trình\n\n[a](#chuong-trinh) [b](#khong) [c][r]\n\n\
                    <a href=\"y.md\">y</a> <img src=\"i.jpg\">\n\n[r]: x.md\n[u]: z.md\n";
        let r = md(body);
        let at: Vec<usize> = r.problems.iter().map(|p| p.offset).collect();
        let of = |text: &str| body.find(text).unwrap_or(usize::MAX);
        assert_eq!(
            at,
            [of("[b]"), of("[r]:"), of("y.md"), of("[u]:")],
            "{:?}",
            r.problems
        );
        assert!(r.html.contains("src=\"../x/i.jpg\""), "{}", r.html);
        assert!(r.html.contains("class=\"anchor\""), "{}", r.html);
        assert_eq!(heading_ids(body), ["chuong-trinh"]);
    }
}
