//! Raw HTML of a body made safe with ammonia: scripts, event handlers,
//! `javascript:`/`data:` URLs, frames, objects and styles removed.
//!
//! Uses: text.

use crate::text::is_safe_url;
use std::borrow::Cow;

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
