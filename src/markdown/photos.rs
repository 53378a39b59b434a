//! The photos of the site shown in a body, cut out of its events as it is
//! rendered: each is marked where it stands, and becomes a
//! [`crate::model::Piece::Photo`] that its page draws.
//!
//! Uses: model, links, pieces.

use super::links::ImageLink;
use super::pieces::Markers;
use crate::model::BodyImage;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The photos of one body, in order.
pub(super) struct BodyPhotos<'m> {
    pub markers: &'m Markers,
    pub images: Vec<BodyImage>,
    /// Whether a photo's events (its alt text) are being cut out.
    open: bool,
}

impl<'m> BodyPhotos<'m> {
    pub fn new(markers: &'m Markers) -> Self {
        BodyPhotos {
            markers,
            images: Vec::new(),
            open: false,
        }
    }

    /// `event`, or `None` when it belongs to a photo being cut out (its
    /// text is the photo's alt; at its end, its marker goes into `out`).
    pub fn take<'a>(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) -> Option<Event<'a>> {
        if !self.open {
            return Some(event);
        }
        let alt = self.images.last_mut().map(|image| &mut image.alt);
        match (event, alt) {
            (Event::End(TagEnd::Image), _) => {
                self.open = false;
                let marker = self.markers.photo(self.images.len() - 1);
                out.push(Event::InlineHtml(marker.into()));
            }
            (Event::Text(text) | Event::Code(text), Some(alt)) => alt.push_str(&text),
            (Event::SoftBreak | Event::HardBreak, Some(alt)) => alt.push(' '),
            _ => {}
        }
        None
    }

    /// A photo cut out of raw HTML: its marker.
    pub fn cut(&mut self, stem: String, alt: String, title: String) -> String {
        self.images.push(BodyImage { stem, alt, title });
        self.markers.photo(self.images.len() - 1)
    }

    /// An image of the body found at `found`: a photo is cut out (`None`),
    /// anything else is the image tag to write.
    pub fn start<'a>(
        &mut self,
        found: ImageLink,
        (link_type, title, id): (LinkType, CowStr<'a>, CowStr<'a>),
    ) -> Option<Tag<'a>> {
        let url = match found {
            ImageLink::Photo { stem } => {
                let (alt, title) = (String::new(), title.to_string());
                self.images.push(BodyImage { stem, alt, title });
                self.open = true;
                return None;
            }
            ImageLink::Url(url) => url,
        };
        Some(Tag::Image {
            link_type,
            dest_url: CowStr::from(url),
            title,
            id,
        })
    }
}
