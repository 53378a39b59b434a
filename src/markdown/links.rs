//! The links and images of one body, rewritten as it is rendered:
//! unsafe schemes refused, same-page anchors checked against the body's
//! headings, relative paths (of Markdown, of raw HTML and of reference
//! definitions) resolved through a [`Resolve`], photos of the site cut out
//! for their page to draw.
//!
//! Uses: error, model, text, html_text, markdown, photos, raw_html.

use super::photos::BodyPhotos;
use super::raw_html::{self, RawUrl, Replace};
use super::{BodyProblem, LinkError, Resolve};
use crate::error::Message;
use crate::model::BodyLink;
use crate::text::is_safe_url;
use pulldown_cmark::{CowStr, LinkType, Parser, Tag};

/// Where an image of the body leads.
pub(super) enum ImageLink {
    /// Publish the image at this URL.
    Url(String),
    /// A photo of the site (by its output stem): its page shows it in the
    /// sizes made of it.
    Photo { stem: String },
}

/// A reference definition (`[x]: bao-cao.pdf`): where it is written.
pub(super) struct Definition {
    dest: String,
    offset: usize,
}

/// The reference definitions of a body, in the order they are written.
pub(super) fn definitions(parser: &Parser<'_>) -> Vec<Definition> {
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
pub(super) struct Rewriter<'r, 'd> {
    pub resolve: &'r mut dyn Resolve,
    pub ids: &'d [String],
    /// The ids as the HTML is written: their markers.
    pub written: &'d [String],
    /// What the HTML is written with for the path to the site's root.
    pub root: &'d str,
    pub definitions: &'d [Definition],
    /// Which definitions a link used.
    pub used: Vec<bool>,
    pub problems: Vec<BodyProblem>,
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

    pub fn tag<'a>(&mut self, tag: Tag<'a>, offset: usize) -> Tag<'a> {
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
            Ok(link) => CowStr::from(self.resolve.url(&link, self.root)),
            Err(error) => {
                self.problem(offset, error);
                dest
            }
        }
    }

    /// Where an image leads: external ones kept, relative ones resolved
    /// (a photo of the site, another file); a problem (an image that
    /// leads nowhere) is noted and the image is written with no source.
    pub fn image(&mut self, link_type: LinkType, dest: CowStr<'_>, offset: usize) -> ImageLink {
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
            Ok(BodyLink::Photo(stem)) => ImageLink::Photo { stem },
            Ok(link) => ImageLink::Url(self.resolve.url(&link, self.root)),
            Err(error) => {
                self.problem(offset, error);
                ImageLink::Url(String::new())
            }
        }
    }

    /// Raw HTML with the URLs of its `<a href>` and `<img src>` resolved.
    pub fn raw_html<'a>(
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
            super::html_text::push_html_text(&mut value, found.written);
            if !is_safe_url(&value) {
                return None; // sanitizing removes it
            }
            let value = CowStr::from(value);
            let at = offset + found.at;
            let url = match found.kind {
                RawUrl::Link => self.link(value.clone(), at),
                RawUrl::Image => match self.image(LinkType::Inline, value.clone(), at) {
                    ImageLink::Photo { stem } => {
                        let mut alt = String::new();
                        super::html_text::push_html_text(&mut alt, found.alt.unwrap_or(""));
                        changed = true;
                        return Some(Replace::Tag(photos.cut(stem, alt, String::new())));
                    }
                    ImageLink::Url(url) => CowStr::from(url),
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
    pub fn unused_definitions(&mut self) {
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
