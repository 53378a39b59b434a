//! Markdown to safe HTML with pulldown-cmark, by rewriting the event stream:
//! relative image paths go through a resolver, link schemes are checked,
//! headings move one level down (the page title is the only `<h1>`), and raw
//! HTML, when there is any, is sanitized with ammonia unless the site trusts
//! it (`markdown: {trusted_html: true}` in site.yaml).
//!
//! Uses: text, error (for messages).

use crate::error::Message;
use crate::lang::Lang;
use crate::model::BodyImage;
use crate::model::{BodyLink, Version};
use crate::text::is_safe_url;
use crate::urls::Urls;
use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;

pub mod blocks;
mod headings;
mod raw_html;

use raw_html::{RawUrl, Replace};

/// What the resolver says of an image path found in the body.
pub enum ImageLink {
    /// Publish the image at this URL.
    Url(String),
    /// A photo of the site (by its output stem), at this URL when it is
    /// shown as the original: the page shows it in the sizes made of it.
    Photo { stem: String, url: String },
    /// The path names no usable file: the message says why.
    Invalid(LinkError),
}

/// Why a link or image of a body leads nowhere, and what may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub message: Message,
    pub hint: Option<Message>,
}

impl ImageLink {
    /// An image resolved to `url`: a photo when `stem` names one.
    pub fn found(stem: Option<&str>, url: String) -> ImageLink {
        match stem {
            Some(stem) => ImageLink::Photo {
                stem: stem.to_string(),
                url,
            },
            None => ImageLink::Url(url),
        }
    }
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
    /// A relative image path, written at byte `offset` of the body.
    fn image(&mut self, path: &str, offset: usize) -> ImageLink;
    /// A relative or root-relative link (`../tap-huan/index.vi.md#muc`,
    /// `bao-cao.pdf`, `/don-vi/`): the URL to publish, or why it leads nowhere.
    fn link(&mut self, dest: &str, offset: usize) -> Result<String, LinkError>;
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
    pub html: String,
    /// The first paragraph as plain text (the default summary).
    pub first_paragraph: String,
    /// The id of every heading, in order (without the id prefix).
    pub heading_ids: Vec<String>,
    /// The body as a print edition shows it, its heading ids after
    /// [`RenderOptions::print_prefix`], for a body rendered without holes;
    /// empty when not asked for, when the body has no heading, or when its
    /// `html` holds heading holes (the print edition then fills `html`).
    pub print_html: String,
    pub problems: Vec<BodyProblem>,
    /// The photos of the body, in order: the `k`th stands in the HTML as
    /// the hole [`image_hole`]`(k)`, which the page fills ([`fill_body`]).
    pub images: Vec<BodyImage>,
}

/// How a body is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// Raw HTML kept as written (`markdown: {trusted_html: true}`).
    pub trusted_html: bool,
    /// Written before every heading id and same-page anchor: a print
    /// edition's, where several bodies share a page.
    pub id_prefix: &'a str,
    /// Also render the body for its print edition, where its heading ids
    /// get this prefix: one parse for both pages.
    pub print_prefix: Option<&'a str>,
}

/// Renders `body`; `resolve` is asked about every relative link and image
/// (of Markdown, of raw HTML, and of reference definitions nothing uses).
/// Raw HTML is sanitized unless `trusted_html`; Markdown links and images
/// with an unsafe scheme are problems either way.
pub fn render(body: &str, resolve: &mut dyn Resolve, options: RenderOptions<'_>) -> Rendered {
    let parser = Parser::new_ext(body, parser_options());
    let definitions = definitions(&parser);
    let (mut events, offsets): (Vec<Event<'_>>, Vec<usize>) = parser
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .unzip();
    headings::shift(&mut events);
    let ids = headings::assign_ids(&events);
    // With holes, the events are rendered once and the ids filled in for
    // the body's own page and for the print edition.
    let holes = !ids.is_empty() && !body.contains(HOLE) && !body.contains(HOLE_IN_HREF);
    let written = written_ids(&ids, holes, options.id_prefix);
    headings::write_ids(&mut events, &written);
    let mut rewriter = Rewriter {
        resolve,
        ids: &ids,
        written: &written,
        definitions: &definitions,
        used: vec![false; definitions.len()],
        problems: Vec::new(),
    };
    let mut para = ParagraphGrabber::default();
    let mut has_raw_html = false;
    let mut heading = 0;
    let mut out_events = Vec::with_capacity(events.len() + ids.len());
    let mut photos = BodyPhotos {
        holes: !body.contains(IMAGE_HOLE),
        images: Vec::new(),
        open: false,
    };
    for (event, offset) in events.into_iter().zip(offsets) {
        para.see(&event);
        let Some(event) = photos.take(event, &mut out_events) else {
            continue;
        };
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let found = rewriter.image(link_type, dest_url, offset);
                let tag = photos.start(found, (link_type, title, id));
                out_events.extend(tag.map(Event::Start));
            }
            Event::Html(html) => {
                has_raw_html = true;
                out_events.push(Event::Html(rewriter.raw_html(html, offset, &mut photos)));
            }
            Event::InlineHtml(html) => {
                has_raw_html = true;
                out_events.push(Event::InlineHtml(rewriter.raw_html(
                    html,
                    offset,
                    &mut photos,
                )));
            }
            Event::Start(tag) => out_events.push(Event::Start(rewriter.tag(tag, offset))),
            Event::End(TagEnd::Heading(level)) => {
                let id = written.get(heading).map_or("", String::as_str);
                heading += 1;
                out_events.push(Event::InlineHtml(headings::anchor(id).into()));
                out_events.push(Event::End(TagEnd::Heading(level)));
            }
            other => out_events.push(other),
        }
    }
    rewriter.unused_definitions();
    let mut out = Rendered {
        problems: rewriter.problems,
        images: photos.images,
        ..Rendered::default()
    };
    let sanitized = has_raw_html && !options.trusted_html;
    (out.html, out.print_html) = write_html(out_events, &ids, (holes, sanitized), options);
    out.first_paragraph = para.text.trim().to_string();
    out.heading_ids = ids;
    out
}

/// The heading ids as the HTML is first written: holes, or each id after
/// `prefix`.
fn written_ids(ids: &[String], holes: bool, prefix: &str) -> Vec<String> {
    match holes {
        true => (0..ids.len()).map(hole).collect(),
        false => ids.iter().map(|id| format!("{prefix}{id}")).collect(),
    }
}

/// The HTML of a body's events and, when `options` asks for it, the print
/// edition's, sanitized when it holds raw HTML that is not trusted: written once with holes for the heading ids and filled
/// twice, or (without holes) written twice.
fn write_html(
    events: Vec<Event<'_>>,
    ids: &[String],
    (holes, sanitized): (bool, bool),
    options: RenderOptions<'_>,
) -> (String, String) {
    let (html, print_html) = write_unsanitized(events, ids, holes, options);
    match sanitized {
        false => (html, print_html),
        true if print_html.is_empty() => (sanitize(&html), print_html),
        true => (sanitize(&html), sanitize(&print_html)),
    }
}

fn write_unsanitized(
    events: Vec<Event<'_>>,
    ids: &[String],
    holes: bool,
    options: RenderOptions<'_>,
) -> (String, String) {
    let print_prefix = options.print_prefix.filter(|_| !ids.is_empty());
    let (mut html, mut print_html) = (String::new(), String::new());
    if holes {
        // The page fills the holes, for itself or for a print edition.
        html::push_html(&mut html, events.into_iter());
        return (html, print_html);
    }
    if let Some(prefix) = print_prefix {
        let prefixed = prefixed(&events, ids, prefix);
        html::push_html(&mut print_html, prefixed.into_iter());
    }
    html::push_html(&mut html, events.into_iter());
    (html, print_html)
}

/// The photos of a body, cut out of its events as it is rendered: each
/// becomes a hole that its page fills (see [`fill_body`]).
struct BodyPhotos {
    /// Whether the body can hold holes (it does not hold their character).
    holes: bool,
    images: Vec<BodyImage>,
    /// Whether a photo's events (its alt text) are being cut out.
    open: bool,
}

impl BodyPhotos {
    /// `event`, or `None` when it belongs to a photo being cut out (its
    /// text is the photo's alt; at its end, its hole goes into `out`).
    fn take<'a>(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) -> Option<Event<'a>> {
        if !self.open {
            return Some(event);
        }
        let alt = self.images.last_mut().map(|image| &mut image.alt);
        match (event, alt) {
            (Event::End(TagEnd::Image), _) => {
                self.open = false;
                let hole = image_hole(self.images.len() - 1);
                out.push(Event::InlineHtml(hole.into()));
            }
            (Event::Text(text) | Event::Code(text), Some(alt)) => alt.push_str(&text),
            (Event::SoftBreak | Event::HardBreak, Some(alt)) => alt.push(' '),
            _ => {}
        }
        None
    }

    /// A photo cut out of raw HTML: its hole.
    fn cut(&mut self, stem: String, alt: String, title: String) -> String {
        self.images.push(BodyImage { stem, alt, title });
        image_hole(self.images.len() - 1)
    }

    /// An image of the body found at `found`: a photo is cut out (`None`),
    /// anything else is the image tag to write.
    fn start<'a>(
        &mut self,
        found: ImageLink,
        (link_type, title, id): (LinkType, CowStr<'a>, CowStr<'a>),
    ) -> Option<Tag<'a>> {
        let url = match found {
            ImageLink::Photo { stem, .. } if self.holes => {
                let (alt, title) = (String::new(), title.to_string());
                self.images.push(BodyImage { stem, alt, title });
                self.open = true;
                return None;
            }
            ImageLink::Photo { url, .. } | ImageLink::Url(url) => url,
            ImageLink::Invalid(_) => String::new(),
        };
        Some(Tag::Image {
            link_type,
            dest_url: CowStr::from(url),
            title,
            id,
        })
    }
}

/// What stands for the heading id number `k` while a body is rendered
/// ([`fill_body`] writes the id): a character of Unicode's private use area,
/// written as is in `id` attributes and percent-encoded in `href`s. Bodies
/// holding that character or its encoding are rendered without holes.
const HOLE: char = '\u{E000}';
const HOLE_IN_HREF: &str = "%EE%80%80";

/// What stands for the body's `k`th photo until its page writes it in the
/// sizes made of it ([`fill_body`]); bodies holding that character show
/// their photos as plain images.
const IMAGE_HOLE: char = '\u{E001}';

/// The hole of the body's `k`th photo.
pub fn image_hole(k: usize) -> String {
    format!("{IMAGE_HOLE}{k}{IMAGE_HOLE}")
}

fn hole(k: usize) -> String {
    format!("{HOLE}{k}{HOLE}")
}

/// A body's HTML as [`render`] left it, with its holes filled: each heading
/// id's by `prefix` and the id (`ids`, see [`Rendered::heading_ids`]), each
/// photo's by `photo(k)`. Holes are the only thing written into it.
pub fn fill_body(
    html: &str,
    ids: &[String],
    prefix: &str,
    mut photo: impl FnMut(usize) -> String,
) -> String {
    let mut out = String::with_capacity(html.len() + ids.len() * (prefix.len() + 8));
    let mut done = 0;
    // The first byte of a hole (U+E000 is EE 80 80 in UTF-8, U+E001 is
    // EE 80 81) or of a heading hole's encoding in a URL.
    for at in memchr::memchr2_iter(0xEE, b'%', html.as_bytes()) {
        if at < done {
            continue;
        }
        let rest = &html[at..];
        let (mark, image) = match rest {
            _ if rest.starts_with(HOLE) => (HOLE.len_utf8(), false),
            _ if rest.starts_with(HOLE_IN_HREF) => (HOLE_IN_HREF.len(), false),
            _ if rest.starts_with(IMAGE_HOLE) => (IMAGE_HOLE.len_utf8(), true),
            _ => continue,
        };
        out.push_str(&html[done..at]);
        let after = &html[at + mark..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let k = after[..digits].parse::<usize>().ok();
        match (image, k) {
            (true, Some(k)) => out.push_str(&photo(k)),
            (false, k) => {
                out.push_str(prefix);
                let id = k.and_then(|k| ids.get(k));
                out.push_str(id.map_or("", String::as_str));
            }
            (true, None) => {}
        }
        done = (at + mark + digits + mark).min(html.len());
    }
    out.push_str(&html[done..]);
    out
}

/// `events` (rendered with no id prefix) with `prefix` before every heading
/// id, in the headings, their anchors and the links to them.
fn prefixed<'a>(events: &[Event<'a>], ids: &[String], prefix: &str) -> Vec<Event<'a>> {
    let mut heading = 0;
    let mut out = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        let next_ends_heading =
            matches!(events.get(index + 1), Some(Event::End(TagEnd::Heading(_))));
        out.push(match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let id = id.as_ref().map(|id| CowStr::from(format!("{prefix}{id}")));
                Event::Start(Tag::Heading {
                    level: *level,
                    id,
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                })
            }
            Event::InlineHtml(_) if next_ends_heading => {
                let id = ids.get(heading).map_or("", String::as_str);
                heading += 1;
                Event::InlineHtml(headings::anchor(&format!("{prefix}{id}")).into())
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url
                .strip_prefix('#')
                .is_some_and(|f| ids.iter().any(|i| i == f)) =>
            {
                Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(format!("#{prefix}{}", &dest_url[1..])),
                    title: title.clone(),
                    id: id.clone(),
                })
            }
            other => other.clone(),
        });
    }
    out
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

/// A reference definition (`[x]: bao-cao.pdf`): where it is written.
struct Definition {
    dest: String,
    offset: usize,
}

/// The reference definitions of a body, in the order they are written.
fn definitions(parser: &Parser<'_>) -> Vec<Definition> {
    let mut list: Vec<Definition> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| Definition {
            dest: def.dest.to_string(),
            offset: def.span.start,
        })
        .collect();
    list.sort_by_key(|def| def.offset);
    list
}

/// Rewrites the links and images of one body as it is rendered.
struct Rewriter<'r, 'd> {
    resolve: &'r mut dyn Resolve,
    ids: &'d [String],
    /// The ids as the HTML is written: holes, or ids after their prefix.
    written: &'d [String],
    definitions: &'d [Definition],
    /// Which definitions a link used.
    used: Vec<bool>,
    problems: Vec<BodyProblem>,
}

impl Rewriter<'_, '_> {
    fn problem(&mut self, offset: usize, error: LinkError) {
        self.problems.push(BodyProblem {
            offset,
            message: error.message,
            hint: error.hint,
        });
    }

    /// Where a link is written: a reference link's at its definition.
    fn link_offset(&mut self, link_type: LinkType, dest: &str, offset: usize) -> usize {
        let by_reference = matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        );
        if !by_reference {
            return offset;
        }
        let found = self.definitions.iter().position(|def| def.dest == dest);
        match found {
            Some(index) => {
                self.used[index] = true;
                self.definitions[index].offset
            }
            None => offset,
        }
    }

    fn tag<'a>(&mut self, tag: Tag<'a>, offset: usize) -> Tag<'a> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let offset = self.link_offset(link_type, &dest_url, offset);
                let dest_url = self.link(dest_url, offset);
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            other => other,
        }
    }

    /// A link's URL: external ones kept, same-page anchors checked, others
    /// resolved.
    fn link<'a>(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if !is_safe_url(&dest) {
            let message = Message::new("link_not_allowed").arg("url", dest.as_ref());
            self.problem(offset, message.into());
            return CowStr::Borrowed("#");
        }
        if dest.is_empty() || has_scheme(&dest) || dest.starts_with("//") {
            return dest;
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            if !self.ids.iter().any(|id| id == fragment) && !is_theme_anchor(fragment) {
                self.problem(offset, nowhere(&dest, self.ids));
                return dest;
            }
            return match self.ids.iter().position(|id| id == fragment) {
                Some(k) => CowStr::from(format!("#{}", self.written[k])),
                None => dest,
            };
        }
        match self.resolve.link(&dest, offset) {
            Ok(url) => CowStr::from(url),
            Err(error) => {
                self.problem(offset, error);
                dest
            }
        }
    }

    /// Where an image leads: external ones kept, relative ones resolved
    /// (a photo of the site, another file); a problem (an image that
    /// leads nowhere) is noted and the image is written with no source.
    fn image(&mut self, link_type: LinkType, dest: CowStr<'_>, offset: usize) -> ImageLink {
        let offset = self.link_offset(link_type, &dest, offset);
        if !is_safe_url(&dest) {
            let message = Message::new("image_not_allowed").arg("url", dest.as_ref());
            self.problem(offset, message.into());
            return ImageLink::Url(String::new());
        }
        if is_external(&dest) || has_scheme(&dest) {
            return ImageLink::Url(dest.to_string());
        }
        match self.resolve.image(&dest, offset) {
            ImageLink::Invalid(error) => {
                self.problem(offset, error);
                ImageLink::Url(String::new())
            }
            found => found,
        }
    }

    /// Raw HTML with the URLs of its `<a href>` and `<img src>` resolved.
    fn raw_html<'a>(
        &mut self,
        html: CowStr<'a>,
        offset: usize,
        photos: &mut BodyPhotos,
    ) -> CowStr<'a> {
        if !html.contains('<') {
            return html;
        }
        let mut changed = false;
        let rewritten = raw_html::rewrite_urls(&html, |found| {
            let mut value = String::with_capacity(found.written.len());
            push_html_text(&mut value, found.written);
            if !is_safe_url(&value) {
                return None; // sanitizing removes it
            }
            let value = CowStr::from(value);
            let at = offset + found.at;
            let url = match found.kind {
                RawUrl::Link => self.link(value.clone(), at),
                RawUrl::Image => match self.image(LinkType::Inline, value.clone(), at) {
                    ImageLink::Photo { stem, .. } if photos.holes => {
                        let mut alt = String::new();
                        push_html_text(&mut alt, found.alt.unwrap_or(""));
                        changed = true;
                        return Some(Replace::Tag(photos.cut(stem, alt, String::new())));
                    }
                    ImageLink::Url(url) | ImageLink::Photo { url, .. } => CowStr::from(url),
                    ImageLink::Invalid(_) => CowStr::Borrowed(""),
                },
            };
            (url != value).then(|| {
                changed = true;
                Replace::Value(url.to_string())
            })
        });
        match changed {
            true => CowStr::from(rewritten),
            false => html,
        }
    }

    /// The reference definitions no link used are checked too.
    fn unused_definitions(&mut self) {
        let definitions = self.definitions;
        for (index, def) in definitions.iter().enumerate() {
            if !self.used[index] {
                self.link(CowStr::Borrowed(&def.dest), def.offset);
            }
        }
    }
}

/// Anchors of the theme a body may link to.
fn is_theme_anchor(fragment: &str) -> bool {
    fragment == "main" || fragment.is_empty()
}

/// A same-page anchor that names no heading.
fn nowhere(dest: &str, ids: &[String]) -> LinkError {
    let message = Message::new("link_nowhere").arg("link", dest);
    let hint = match ids.is_empty() {
        true => Message::new("link_no_headings"),
        false => Message::new("link_headings").arg("ids", ids.join(", ")),
    };
    LinkError {
        message,
        hint: Some(hint),
    }
}

/// The URL a body link has on a page whose root prefix is `root`.
pub fn body_url(link: &BodyLink, lang: &Lang, root: &str, urls: &Urls) -> String {
    match link {
        BodyLink::Photo(stem) => format!("{root}{}", Urls::photo(stem, None)),
        BodyLink::Article {
            year,
            slug,
            fragment,
        } => with_fragment(
            crate::urls::link(root, &urls.article(lang, *year, slug)),
            fragment,
        ),
        BodyLink::Site { path, fragment } => with_fragment(crate::urls::link(root, path), fragment),
        BodyLink::Unpublished => "#".to_string(),
    }
}

fn with_fragment(url: String, fragment: &str) -> String {
    match fragment.is_empty() {
        true => url,
        false => format!("{url}#{fragment}"),
    }
}

/// A version's body rendered for a page whose root prefix is `root` (a
/// print edition elsewhere in the site), its links and images taken, in
/// order, from what loading found ([`Version::body_links`]), its heading
/// ids after `id_prefix`.
pub fn render_at(version: &Version, root: &str, urls: &Urls, options: RenderOptions<'_>) -> String {
    let mut replay = Replay {
        links: version.body_links.iter(),
        lang: &version.lang,
        root,
        urls,
    };
    render(&version.body_markdown, &mut replay, options).html
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
        let next = self.links.as_slice().first();
        let stem = next.and_then(BodyLink::photo_stem).map(str::to_string);
        ImageLink::found(stem.as_deref(), self.next_url())
    }

    fn link(&mut self, _: &str, _: usize) -> Result<String, LinkError> {
        Ok(self.next_url())
    }
}

/// The Markdown extensions every body is read with.
fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// A URL with a scheme (`https:`, `mailto:`): not a path of the site.
fn has_scheme(url: &str) -> bool {
    url.find(':')
        .is_some_and(|colon| !url[..colon].contains(['/', '?', '#']))
}

/// An absolute http(s) URL (kept as is), or an unsafe one (emptied).
fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
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
        .add_tag_attributes("a", ["aria-hidden", "tabindex"])
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

/// The text a reader sees of `body`, for the search index, read from the
/// Markdown events as the rendered page shows it: text and code kept; blocks,
/// line breaks, rules and images leave a space (an image's alt text is not
/// shown); a footnote shows its number; raw HTML shows its text, as
/// sanitizing leaves it (without scripts, styles, SVG and MathML). White
/// space collapsed.
pub fn plain_text(body: &str) -> String {
    let mut text = PlainText::default();
    for event in Parser::new_ext(body, parser_options()) {
        text.see(event);
    }
    let mut out = String::with_capacity(text.out.len());
    for word in text.out.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

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

/// The text of a body as [`plain_text`] reads it, event by event.
#[derive(Default)]
struct PlainText<'a> {
    out: String,
    /// Images open: what they hold is alt text, which a page does not show.
    images: usize,
    /// Footnote numbers by label, in the order of first mention, as in the HTML.
    footnotes: HashMap<CowStr<'a>, usize>,
    /// The raw HTML block being read, whole, as its tags may span lines.
    html_block: String,
    /// Inside one of the raw [`HIDDEN_TAGS`]: its name.
    hidden_in: Option<&'static str>,
}

impl<'a> PlainText<'a> {
    fn see(&mut self, event: Event<'a>) {
        match event {
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                let number = self.footnote_number(label);
                if self.shows() {
                    self.out.push_str(&format!(" {number} "));
                }
            }
            Event::Html(html) => self.html_block.push_str(&html),
            Event::End(TagEnd::HtmlBlock) => {
                let block = std::mem::take(&mut self.html_block);
                self.push_raw_html(&block);
                self.out.push(' ');
            }
            Event::InlineHtml(html) if self.images == 0 => self.push_raw_html(&html),
            Event::Start(Tag::Image { .. }) => {
                if self.shows() {
                    self.out.push(' ');
                }
                self.images += 1;
            }
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            _ if !self.shows() => {}
            Event::Text(text) | Event::Code(text) => self.out.push_str(&text),
            Event::Start(tag) if !is_inline(&tag.to_end()) => self.out.push(' '),
            Event::End(tag) if !is_inline(&tag) => self.out.push(' '),
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.out.push(' '),
            _ => {}
        }
    }

    fn shows(&self) -> bool {
        self.images == 0 && self.hidden_in.is_none()
    }

    /// The number the HTML gives a footnote: the next one at its first mention.
    fn footnote_number(&mut self, label: CowStr<'a>) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label).or_insert(next)
    }

    /// Appends the text of raw HTML as the sanitized page shows it: a tag
    /// leaves a space unless it is one of [`INLINE_TAGS`], a comment leaves
    /// nothing, [`HIDDEN_TAGS`] hide all up to their end tag, and character
    /// references are decoded.
    fn push_raw_html(&mut self, html: &str) {
        let mut rest = html;
        loop {
            if let Some(name) = self.hidden_in {
                let end_tag = format!("</{name}");
                let Some(at) = rest.to_ascii_lowercase().find(&end_tag) else {
                    return;
                };
                self.hidden_in = None;
                rest = &rest[at..];
            }
            let Some(lt) = rest.find('<') else { break };
            push_html_text(&mut self.out, &rest[..lt]);
            rest = &rest[lt..];
            let length = markup_length(rest);
            if length == 0 {
                self.out.push('<');
                rest = &rest[1..];
                continue;
            }
            self.see_markup(&rest[..length]);
            rest = &rest[length..];
        }
        push_html_text(&mut self.out, rest);
    }

    /// A tag, comment or declaration of raw HTML.
    fn see_markup(&mut self, markup: &str) {
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
            self.out.push(' ');
        }
    }
}

/// Tags whose HTML sits inside a run of text.
fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
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
fn push_html_text(out: &mut String, text: &str) {
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

    struct Fake;
    impl Resolve for Fake {
        fn image(&mut self, p: &str, _: usize) -> ImageLink {
            ImageLink::Url(format!("../x/{p}"))
        }
        fn link(&mut self, p: &str, _: usize) -> Result<String, LinkError> {
            match p.ends_with(".md") {
                true => Err(Message::text(format!("no {p}")).into()),
                false => Ok(format!("../x/{p}")),
            }
        }
    }

    /// A body rendered, its heading holes filled as its own page fills them.
    fn md(body: &str) -> Rendered {
        let mut r = render(body, &mut Fake, RenderOptions::default());
        r.html = fill_body(&r.html, &r.heading_ids, "", |_| String::new());
        r
    }

    /// Ids written through holes and filled, or written directly (a body
    /// holding a hole's character or encoding), give the same HTML.
    #[test]
    fn heading_ids_are_the_same_with_or_without_holes() {
        let body = "# Chương trình\n\nXem [mục 2](#muc-2), [đầu](#chuong-trinh) và [[^1]] <span>x</span>.\n\n## Mục 2\n\n## Mục 2\n\n[^1]: chú thích\n";
        let no_photo = |_| String::new();
        for extra in ["\u{E000}", "%EE%80%80"] {
            for (id_prefix, print_prefix) in [("", Some("2021-x-")), ("2021-x-", None)] {
                let options = RenderOptions {
                    id_prefix,
                    print_prefix,
                    ..RenderOptions::default()
                };
                let holes = render(&format!("{body}\nz\n"), &mut Fake, options);
                let without = render(&format!("{body}\nz{extra}\n"), &mut Fake, options);
                assert!(holes.html.contains('\u{E000}'), "{}", holes.html);
                assert!(holes.print_html.is_empty());
                let ids = &holes.heading_ids;
                let same = |a: &str, b: &str| a.replace(extra, "") == b.replace(extra, "");
                let page = fill_body(&holes.html, ids, id_prefix, no_photo);
                assert!(same(&without.html, &page), "{}\n{page}", without.html);
                assert!(page.contains(&format!("<h2 id=\"{id_prefix}chuong-trinh\">")));
                assert!(page.contains(&format!("href=\"#{id_prefix}muc-2\"")));
                assert!(page.contains(&format!("<h3 id=\"{id_prefix}muc-2-2\">")));
                assert!(page.contains("<span>x</span>"));
                if let Some(prefix) = print_prefix {
                    let print = fill_body(&holes.html, ids, prefix, no_photo);
                    assert!(
                        same(&without.print_html, &print),
                        "{}\n{print}",
                        without.print_html
                    );
                    assert!(print.contains("<h3 id=\"2021-x-muc-2-2\">"));
                    assert!(print.contains("href=\"#2021-x-chuong-trinh\""));
                }
            }
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
        let trusted = RenderOptions {
            trusted_html: true,
            ..RenderOptions::default()
        };
        let r = render(body, &mut Fake, trusted);
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
        assert!(r.html.contains("src=\"../x/photos/a.jpg\""));
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
