//! A Markdown body as a tree of blocks and inline spans, for the PDF
//! yearbook: the same parse as the HTML (tables, footnotes,
//! strikethrough), turned into plain data that a book template renders
//! with functions of its own. Nothing in the tree is markup: every string
//! is text as the reader sees it. Raw HTML keeps its text and its images
//! (`<img>` naming a photo of the site), not its tags. An image is a
//! block of its own, where it stands: a paragraph around it is cut in two.
//!
//! Uses: markdown (its parser options), html_text (the raw HTML reader),
//! raw_html (its URLs), text.

use super::raw_html::{self, RawUrl, Replace};
use super::HtmlText;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;

/// A piece of a body: a block (paragraph, heading, list...) or an inline
/// span (text, emphasis, link...), tagged by `t` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Node {
    /// A paragraph.
    P {
        c: Vec<Node>,
    },
    /// A heading of the body: levels from 2 (the article's title is level
    /// 1), consecutive, at most 6.
    H {
        level: u8,
        c: Vec<Node>,
    },
    /// A list; `start` is the first number of an ordered list.
    List {
        start: Option<u64>,
        items: Vec<Vec<Node>>,
    },
    Quote {
        c: Vec<Node>,
    },
    /// A code block, as written.
    Pre {
        v: String,
    },
    /// A table: its header row, then its rows; each cell a list of spans.
    Table {
        head: Vec<Vec<Node>>,
        rows: Vec<Vec<Vec<Node>>>,
    },
    /// A thematic break.
    Rule,
    Text {
        v: String,
    },
    Strong {
        c: Vec<Node>,
    },
    Emph {
        c: Vec<Node>,
    },
    Strike {
        c: Vec<Node>,
    },
    Code {
        v: String,
    },
    /// An external link (`http`, `https`, `mailto`); other links are text.
    Link {
        url: String,
        c: Vec<Node>,
    },
    /// A footnote, its definition in place.
    Note {
        c: Vec<Node>,
    },
    /// An image (a block), by the path `image` answered for it, with its
    /// alt text and its width over its height.
    Img {
        src: String,
        alt: String,
        ratio: f32,
    },
    Br,
}

/// An image of a body as the book serves it.
#[derive(Debug, Clone, PartialEq)]
pub struct Served {
    /// Its path in the book.
    pub src: String,
    /// Its width over its height.
    pub ratio: f32,
}

/// What serves the images of a body: the image a body names (its path as
/// written, percent-encoding and character references decoded) or `None`
/// (it is left out, its alt text kept).
pub type ImageOf<'a> = &'a dyn Fn(&str) -> Option<Served>;

/// `body` as blocks, its images served by `image`.
pub fn blocks(body: &str, image: ImageOf<'_>) -> Vec<Node> {
    let events: Vec<Event<'_>> = Parser::new_ext(body, super::parser_options()).collect();
    // Where raw HTML held a photo, among its text: ASCII no reader of raw
    // HTML changes, holding a hash of the body, which no body can hold.
    let marker = format!("k{}_i", &blake3::hash(body.as_bytes()).to_hex()[..32]);
    let context = Context {
        image,
        marker: &marker,
    };
    let notes = footnote_definitions(&events, &context);
    let mut builder = Builder::new(&context, &notes);
    for event in events {
        builder.see(event);
    }
    let mut nodes = lift_images(builder.finish());
    let mut levels = Vec::new();
    heading_levels(&nodes, &mut levels);
    levels.sort_unstable();
    levels.dedup();
    renumber_headings(&mut nodes, &levels);
    nodes
}

/// The level of every heading in `nodes`, at any depth.
fn heading_levels(nodes: &[Node], levels: &mut Vec<u8>) {
    for node in nodes {
        match node {
            Node::H { level, .. } => levels.push(*level),
            Node::Quote { c } | Node::Note { c } => heading_levels(c, levels),
            Node::List { items, .. } => items.iter().for_each(|c| heading_levels(c, levels)),
            _ => {}
        }
    }
}

/// Gives the headings consecutive levels from 2 (the article's title is
/// level 1), in the order of the levels used (`levels`, sorted): `##` and
/// `####` become 2 and 3, as a tagged PDF's outline wants them.
fn renumber_headings(nodes: &mut [Node], levels: &[u8]) {
    for node in nodes {
        match node {
            Node::H { level, .. } => {
                let rank = levels.iter().position(|l| l == level).unwrap_or(0);
                *level = (rank as u8).saturating_add(2).min(6);
            }
            Node::Quote { c } | Node::Note { c } => renumber_headings(c, levels),
            Node::List { items, .. } => items.iter_mut().for_each(|c| renumber_headings(c, levels)),
            _ => {}
        }
    }
}

/// What every builder of a body shares.
struct Context<'a> {
    image: ImageOf<'a>,
    /// The start of the marker of an image of raw HTML.
    marker: &'a str,
}

/// The definition of every footnote, by label (its own notes as text).
fn footnote_definitions(events: &[Event<'_>], context: &Context<'_>) -> HashMap<String, Vec<Node>> {
    let none = HashMap::new();
    let mut notes = HashMap::new();
    let mut current: Option<(String, Builder<'_>)> = None;
    for event in events {
        match (event, &mut current) {
            (Event::Start(Tag::FootnoteDefinition(label)), None) => {
                let builder = Builder::new(context, &none);
                current = Some((label.to_string(), builder));
            }
            (Event::End(TagEnd::FootnoteDefinition), Some(_)) => {
                if let Some((label, builder)) = current.take() {
                    notes.insert(label, lift_images(builder.finish()));
                }
            }
            (event, Some((_, builder))) => builder.see(event.clone()),
            _ => {}
        }
    }
    notes
}

/// A node being built and what it will become.
struct Frame {
    kind: Open,
    children: Vec<Node>,
    /// The items of a list, the cells of a row.
    groups: Vec<Vec<Node>>,
    /// The rows of a table, its header first.
    rows: Vec<Vec<Vec<Node>>>,
}

enum Open {
    Root,
    P,
    H(u8),
    List(Option<u64>),
    /// A list item or a table cell: a group of its parent.
    Group,
    Quote,
    /// A block of raw HTML, a definition list: its text as a paragraph.
    Html,
    Pre,
    Table,
    /// The header or a row of a table.
    Row,
    Strong,
    Emph,
    Strike,
    Link(Option<String>),
    Img(String, Option<Served>),
    /// A container nested deeper than [`MAX_DEPTH`]: its children go to
    /// its parent.
    Flat,
}

/// The deepest nesting of blocks and spans kept; deeper ones are flattened,
/// so that a template that renders nodes recursively never runs out of depth.
const MAX_DEPTH: usize = 10;

/// The widest table kept as a table; a wider one is printed row by row, its
/// cells separated by ` | ` (no page holds it).
const MAX_COLUMNS: usize = 16;

impl Frame {
    fn root() -> Frame {
        Frame::of(Open::Root)
    }

    fn of(kind: Open) -> Frame {
        Frame {
            kind,
            children: Vec::new(),
            groups: Vec::new(),
            rows: Vec::new(),
        }
    }
}

struct Builder<'a> {
    context: &'a Context<'a>,
    notes: &'a HashMap<String, Vec<Node>>,
    stack: Vec<Frame>,
    /// Inside a footnote definition, which is skipped.
    in_definition: bool,
    /// Raw HTML read so far (a script or style hides what follows).
    html: HtmlText,
}

impl<'a> Builder<'a> {
    fn new(context: &'a Context<'a>, notes: &'a HashMap<String, Vec<Node>>) -> Builder<'a> {
        Builder {
            context,
            notes,
            stack: vec![Frame::root()],
            in_definition: false,
            html: HtmlText::default(),
        }
    }

    fn see(&mut self, event: Event<'_>) {
        // Footnote definitions are built apart (see `footnote_definitions`).
        match (&event, self.in_definition) {
            (Event::Start(Tag::FootnoteDefinition(_)), _) => return self.in_definition = true,
            (Event::End(TagEnd::FootnoteDefinition), _) => return self.in_definition = false,
            (_, true) => return,
            _ => {}
        }
        match event {
            Event::Start(tag) => self.open(tag),
            Event::End(_) => self.close(),
            Event::Text(_) | Event::Code(_) if self.html.hides() => {}
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.push(Node::Code {
                v: code.to_string(),
            }),
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(&html),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(Node::Br),
            Event::Rule => self.push(Node::Rule),
            Event::FootnoteReference(label) => {
                let note = self.notes.get(label.as_ref()).cloned();
                match note {
                    Some(c) => self.push(Node::Note { c }),
                    None => self.text(&format!("[{label}]")),
                }
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
        }
    }

    fn open(&mut self, tag: Tag<'_>) {
        let kind = match tag {
            Tag::Paragraph => Open::P,
            Tag::Heading { level, .. } => Open::H((level as u8).saturating_add(1).min(6)),
            Tag::BlockQuote(_) => Open::Quote,
            Tag::CodeBlock(_) => Open::Pre,
            Tag::List(start) => Open::List(start),
            Tag::Item | Tag::TableCell => Open::Group,
            Tag::Table(_) => Open::Table,
            Tag::TableHead | Tag::TableRow => Open::Row,
            Tag::Emphasis => Open::Emph,
            Tag::Strong => Open::Strong,
            Tag::Strikethrough => Open::Strike,
            Tag::Link { dest_url, .. } => Open::Link(external(&dest_url)),
            Tag::Image { dest_url, .. } => {
                let served = (self.context.image)(&decoded(&dest_url, false));
                Open::Img(dest_url.to_string(), served)
            }
            // HTML blocks, definition lists, metadata: their text.
            _ => Open::Html,
        };
        let kind = match (kind, self.stack.len() > MAX_DEPTH) {
            (Open::Img(dest, src), true) => Open::Img(dest, src),
            (_, true) => Open::Flat,
            (kind, false) => kind,
        };
        self.stack.push(Frame::of(kind));
    }

    fn close(&mut self) {
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let parent = self.top();
        let c = frame.children;
        let node = match frame.kind {
            Open::Group => return parent.groups.push(c),
            Open::Row => return parent.rows.push(frame.groups),
            Open::Link(None) | Open::Flat => {
                return c
                    .into_iter()
                    .for_each(|node| append(&mut parent.children, node))
            }
            Open::Root | Open::Quote => Node::Quote { c },
            Open::Html if c.iter().all(is_blank) => return,
            Open::Html => Node::P { c },
            Open::P => Node::P { c },
            Open::H(level) => Node::H { level, c },
            Open::List(start) => Node::List {
                start,
                items: match frame.groups.is_empty() {
                    true => vec![c],
                    false => frame.groups,
                },
            },
            Open::Pre => Node::Pre { v: plain(&c) },
            Open::Table if frame.rows.is_empty() => Node::Quote { c },
            Open::Table => table(frame.rows),
            Open::Strong => Node::Strong { c },
            Open::Emph => Node::Emph { c },
            Open::Strike => Node::Strike { c },
            Open::Link(Some(url)) => Node::Link { url, c },
            Open::Img(_, Some(served)) => Node::Img {
                src: served.src,
                alt: plain(&c),
                ratio: served.ratio,
            },
            Open::Img(dest, None) => Node::Text {
                v: alt_or(&c, &dest),
            },
        };
        append(&mut parent.children, node);
    }

    /// Raw HTML: its text, and the photos of its `<img>` tags where they
    /// stand.
    fn raw_html(&mut self, html: &str) {
        let mut images: Vec<Node> = Vec::new();
        let marker = self.context.marker;
        let html = raw_html::rewrite_urls(html, |found| {
            if found.kind != RawUrl::Image {
                return None;
            }
            let served = (self.context.image)(&decoded(found.written, true))?;
            let mut alt = String::new();
            super::html_text::push_html_text(&mut alt, found.alt.unwrap_or(""));
            images.push(Node::Img {
                src: served.src,
                alt,
                ratio: served.ratio,
            });
            Some(Replace::Tag(format!(" {marker}{}_ ", images.len() - 1)))
        });
        let mut text = String::new();
        self.html.push(&mut text, &html);
        if images.is_empty() {
            return self.text(&text);
        }
        let mut rest = text.as_str();
        while let Some(at) = rest.find(marker) {
            self.text(&rest[..at]);
            let after = &rest[at + marker.len()..];
            let digits = after.find('_').unwrap_or(after.len());
            let image = after[..digits].parse::<usize>().ok();
            match image.and_then(|i| images.get(i)) {
                Some(image) => self.push(image.clone()),
                None => self.text(marker),
            }
            rest = after.get(digits + 1..).unwrap_or("");
        }
        self.text(rest);
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let node = Node::Text {
            v: text.to_string(),
        };
        append(&mut self.top().children, node);
    }

    fn push(&mut self, node: Node) {
        self.top().children.push(node);
    }

    fn top(&mut self) -> &mut Frame {
        if self.stack.is_empty() {
            self.stack.push(Frame::root());
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn finish(mut self) -> Vec<Node> {
        while self.stack.len() > 1 {
            self.close();
        }
        self.stack.pop().map(|f| f.children).unwrap_or_default()
    }
}

/// A row of a table too wide to print: its cells in one paragraph.
fn row_as_paragraph(row: Vec<Vec<Node>>) -> Node {
    let mut c = Vec::new();
    for (index, cell) in row.into_iter().enumerate() {
        if index > 0 {
            append(&mut c, Node::Text { v: " | ".into() });
        }
        cell.into_iter().for_each(|node| append(&mut c, node));
    }
    Node::P { c }
}

/// Adds `node` to `children`, joined to the text before it when both are text.
fn append(children: &mut Vec<Node>, node: Node) {
    match (children.last_mut(), node) {
        (Some(Node::Text { v }), Node::Text { v: more }) => v.push_str(&more),
        (_, node) => children.push(node),
    }
}

/// A table from its rows, the header first.
fn table(mut rows: Vec<Vec<Vec<Node>>>) -> Node {
    if rows.iter().any(|row| row.len() > MAX_COLUMNS) {
        return Node::Quote {
            c: rows.into_iter().map(row_as_paragraph).collect(),
        };
    }
    let head = match rows.is_empty() {
        true => Vec::new(),
        false => rows.remove(0),
    };
    Node::Table { head, rows }
}

/// The text of spans, for a code block or an image's alt text.
fn plain(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text { v } | Node::Code { v } | Node::Pre { v } => out.push_str(v),
            Node::Strong { c }
            | Node::Emph { c }
            | Node::Strike { c }
            | Node::Link { c, .. }
            | Node::Quote { c }
            | Node::P { c } => out.push_str(&plain(c)),
            _ => {}
        }
    }
    out
}

fn alt_or(c: &[Node], dest: &str) -> String {
    let alt = plain(c);
    match alt.is_empty() {
        true => dest.to_string(),
        false => alt,
    }
}

/// Whether a span shows nothing (spaces only).
fn is_blank(node: &Node) -> bool {
    matches!(node, Node::Text { v } if v.trim().is_empty())
}

/// `nodes` with every image of a paragraph made a block where it stands:
/// the paragraph is cut around it (an image inside a span, such as a link,
/// comes after the span's text).
fn lift_images(nodes: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            Node::P { c } => {
                let mut run: Vec<Node> = Vec::new();
                for span in c {
                    let mut images = Vec::new();
                    if let Some(span) = without_images(span, &mut images) {
                        append(&mut run, span);
                    }
                    if !images.is_empty() {
                        let before = std::mem::take(&mut run);
                        if !before.iter().all(is_blank) {
                            out.push(Node::P { c: before });
                        }
                        out.extend(images);
                    }
                }
                if !run.iter().all(is_blank) {
                    out.push(Node::P { c: run });
                }
            }
            Node::Quote { c } => out.push(Node::Quote { c: lift_images(c) }),
            Node::List { start, items } => out.push(Node::List {
                start,
                items: items.into_iter().map(lift_images).collect(),
            }),
            other => out.push(other),
        }
    }
    out
}

/// A span without the images it holds (put in `images`), or `None` when
/// nothing else is left of it.
fn without_images(span: Node, images: &mut Vec<Node>) -> Option<Node> {
    let inner = |c: Vec<Node>, images: &mut Vec<Node>| -> Vec<Node> {
        let mut kept = Vec::new();
        for node in c {
            if let Some(node) = without_images(node, images) {
                append(&mut kept, node);
            }
        }
        kept
    };
    let kept = match span {
        Node::Img { .. } => {
            images.push(span);
            return None;
        }
        Node::Strong { c } => Node::Strong {
            c: inner(c, images),
        },
        Node::Emph { c } => Node::Emph {
            c: inner(c, images),
        },
        Node::Strike { c } => Node::Strike {
            c: inner(c, images),
        },
        Node::Link { url, c } => Node::Link {
            url,
            c: inner(c, images),
        },
        other => return Some(other),
    };
    match &kept {
        Node::Strong { c } | Node::Emph { c } | Node::Strike { c } | Node::Link { c, .. }
            if c.is_empty() =>
        {
            None
        }
        _ => Some(kept),
    }
}

/// A path as written (in raw HTML: `html`, its character references too),
/// its percent-encoding decoded.
fn decoded(written: &str, html: bool) -> String {
    let mut text = String::with_capacity(written.len());
    match html {
        true => super::html_text::push_html_text(&mut text, written),
        false => text.push_str(written),
    }
    crate::text::percent_decode(&text).unwrap_or(text)
}

/// The URL of a link a PDF can follow: an external one.
fn external(dest: &str) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    let followed = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    followed.then(|| dest.to_string())
}

#[cfg(test)]
mod tests;
