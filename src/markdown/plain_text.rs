//! The text a reader sees of a body, for the search index and the default
//! summary: read from the Markdown events as the rendered page shows them.
//!
//! Uses: html_text, markdown, text.

use super::html_text::HtmlText;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// The text a reader sees of `body`, for the search index, read from the
/// Markdown events as the rendered page shows it: text and code kept; blocks,
/// line breaks, rules and images leave a space (an image's alt text is not
/// shown); a footnote shows its number; raw HTML shows its text, as
/// sanitizing leaves it (see [`HtmlText`]). White space collapsed.
pub fn plain_text(body: &str) -> String {
    let text = text_of(Parser::new_ext(body, super::parser_options()));
    crate::text::collapse_white_space(&text, usize::MAX)
}

/// [`plain_text`] of the events of a body as parsed (before any rewrite),
/// its white space not yet collapsed: the search cuts words from it whole
/// and collapses only the start that a result shows.
pub(super) fn text_of<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut text = PlainText::default();
    for event in events {
        text.see(event);
    }
    text.out
}

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
    html: HtmlText,
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
                self.html.push(&mut self.out, &block);
                self.out.push(' ');
            }
            Event::InlineHtml(html) if self.images == 0 => self.html.push(&mut self.out, &html),
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
        self.images == 0 && !self.html.hides()
    }

    /// The number the HTML gives a footnote: the next one at its first mention.
    fn footnote_number(&mut self, label: CowStr<'a>) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label).or_insert(next)
    }
}

/// Tags whose HTML sits inside a run of text.
fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
}

/// Collects the plain text of the first top-level paragraph.
#[derive(Default)]
pub(super) struct ParagraphGrabber {
    depth: usize,
    state: u8, // 0 before, 1 inside, 2 done
    pub text: String,
}

impl ParagraphGrabber {
    pub fn see(&mut self, event: &Event<'_>) {
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
