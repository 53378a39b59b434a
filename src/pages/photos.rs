//! Photos as pages show them: in the sizes made of them (`<img>`
//! attributes for the theme's `image` component), in galleries, in Open
//! Graph, and in bodies, whose typed pieces each page puts together.
//!
//! Uses: pages (the planner), model, urls, views, images, text.

use super::Planner;
use crate::images::Processed;
use crate::model::{Body, Photo, Piece};
use crate::text::escape;
use crate::urls::{link, root_of, Urls};
use crate::views::*;

/// Where a body is shown.
#[derive(Debug, Clone, Copy)]
pub struct Place<'p> {
    /// The page's path (`2021/tong-ket/`).
    pub path: &'p str,
    /// Written before every heading id (a print edition's article anchor).
    pub prefix: &'p str,
    /// A print edition: each photo in the one size print shows.
    pub print: bool,
}

impl<'p> Place<'p> {
    /// A body's own page (or a feed entry read as that page).
    pub fn page(path: &'p str) -> Place<'p> {
        Place {
            path,
            prefix: "",
            print: false,
        }
    }
}

impl Planner<'_> {
    /// A photo as `<img>` attributes, from the page at `from`.
    pub fn photo(&self, stem: &str, alt: &str, from: &str, lazy: bool) -> Option<PhotoView> {
        let processed = self.inputs.photos.get(stem)?;
        let largest = processed.largest()?;
        let root = root_of(from);
        let small = processed
            .variants
            .iter()
            .find(|variant| variant.width >= 960)
            .unwrap_or(largest);
        Some(PhotoView {
            src: link(&root, &small.path),
            srcset: srcset(processed, &root),
            webp_srcset: webp_srcset(processed, &root),
            sizes: "(min-width: 60rem) 56rem, 100vw",
            width: small.width,
            height: small.height,
            alt: alt.to_string(),
            title: String::new(),
            large: link(&root, &largest.path),
            lazy,
        })
    }

    /// A body put together for `place`: its HTML with the path to the root
    /// and the heading ids of that page, and its photos for the theme's
    /// `image` component, in the sizes made of them, with the gallery's
    /// `sizes` (one photo in both is fetched once); the first photo loads
    /// at once, the others lazily. A photo not processed (`check`) is shown
    /// as published.
    pub fn body(&self, body: &Body, place: Place<'_>) -> Vec<BodyPart> {
        let root = root_of(place.path);
        let mut parts = vec![];
        let mut html = String::new();
        let mut photos = 0;
        for piece in &body.pieces {
            match piece {
                Piece::Html(text) => html.push_str(text),
                Piece::Root => html.push_str(&root),
                Piece::HeadingId(k) => {
                    html.push_str(place.prefix);
                    html.push_str(body.heading_ids.get(*k).map_or("", String::as_str));
                }
                Piece::Photo(image) => {
                    let lazy = photos > 0 || place.print;
                    photos += 1;
                    let view = self.photo(&image.stem, &image.alt, place.path, lazy);
                    let Some(mut view) = view else {
                        let src = link(&root, &Urls::photo(&image.stem, None));
                        html.push_str(&unprocessed(&src, image));
                        continue;
                    };
                    view.title.clone_from(&image.title);
                    if place.print {
                        view = print_size(view);
                    }
                    parts.push(BodyPart::html(std::mem::take(&mut html)));
                    parts.push(BodyPart::photo(view));
                }
            }
        }
        parts.push(BodyPart::html(html));
        parts.retain(|part| part.photo.is_some() || !part.html.is_empty());
        parts
    }

    /// A gallery (an article's or a page's) with its captions in this
    /// version; the first photo loads at once, the others lazily.
    pub fn gallery<'p>(
        &self,
        photos: impl Iterator<Item = &'p Photo>,
        captions: &[String],
        path: &str,
    ) -> Vec<(PhotoView, String)> {
        let pairs = photos.zip(captions).enumerate();
        pairs
            .filter_map(|(index, (photo, caption))| {
                let view = self.photo(&photo.output_stem, caption, path, index > 0)?;
                Some((view, caption.clone()))
            })
            .collect()
    }

    /// The first photo of a gallery, for Open Graph, at its largest size.
    pub fn og_image<'p>(
        &self,
        mut photos: impl Iterator<Item = &'p Photo>,
        captions: &[String],
    ) -> Option<OgImage> {
        let photo = photos.next()?;
        let caption = captions.first()?;
        let large = self.inputs.photos.get(&photo.output_stem)?.largest()?;
        Some(OgImage {
            url: self.urls().absolute(&large.path),
            width: large.width,
            height: large.height,
            alt: caption.clone(),
        })
    }
}

/// A photo of a body in a print edition: the one size print shows.
fn print_size(view: PhotoView) -> PhotoView {
    PhotoView {
        srcset: format!("{} {}w", view.src, view.width),
        webp_srcset: String::new(),
        lazy: true,
        ..view
    }
}

/// A photo that was not processed (`check`), as published.
fn unprocessed(src: &str, image: &crate::model::BodyImage) -> String {
    let (src, alt) = (escape(src), escape(&image.alt));
    let title = match image.title.is_empty() {
        true => String::new(),
        false => format!(" title=\"{}\"", escape(&image.title)),
    };
    format!("<img src=\"{src}\" alt=\"{alt}\"{title}>")
}

fn srcset(processed: &Processed, root: &str) -> String {
    processed
        .variants
        .iter()
        .map(|v| format!("{root}{} {}w", v.path, v.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every size of a photo as WebP; empty unless every size has one.
fn webp_srcset(processed: &Processed, root: &str) -> String {
    let webp: Vec<String> = processed
        .variants
        .iter()
        .filter_map(|v| Some(format!("{root}{} {}w", v.webp.as_ref()?.0, v.width)))
        .collect();
    if webp.len() == processed.variants.len() {
        webp.join(", ")
    } else {
        String::new()
    }
}
