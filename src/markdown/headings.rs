//! The headings of a body: moved one level down (the page title is the only
//! `<h1>`), each given a stable id, transliterated from its text and unique
//! in its page, and a link to itself.
//!
//! Uses: slug.

use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// The id a heading gets when its text gives no slug (`## ???`).
const UNNAMED: &str = "muc";

/// Ids the theme gives elements of its pages: a heading never takes one.
fn is_theme_id(id: &str) -> bool {
    id == "main" || id == "search" || id.starts_with("search-")
}

/// Shifts headings so the body's highest level becomes `<h2>` (the page
/// title is the only `<h1>`) without skipping levels: `##` and `###` written
/// under a title become `<h2>` and `<h3>`, and so does `#` with `##`.
pub fn shift(events: &mut [Event<'_>]) {
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

/// The id of every heading of `events`, in order: the slug of its text,
/// `-2`, `-3`... when an earlier heading took it ([`write_ids`] writes
/// them into the tags).
pub fn assign_ids(events: &[Event<'_>]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut at = 0;
    while at < events.len() {
        if !matches!(events[at], Event::Start(Tag::Heading { .. })) {
            at += 1;
            continue;
        }
        let mut text = String::new();
        let mut end = at + 1;
        while end < events.len() && !matches!(events[end], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[end] {
                text.push_str(t);
            }
            end += 1;
        }
        ids.push(unique(&text, &ids));
        at = end;
    }
    ids
}

/// Gives the `k`th heading of `events` the id `written[k]`.
pub fn write_ids(events: &mut [Event<'_>], written: &[String]) {
    let headings = events.iter_mut().filter_map(|event| match event {
        Event::Start(Tag::Heading { id, .. }) => Some(id),
        _ => None,
    });
    for (id, written) in headings.zip(written) {
        *id = Some(CowStr::from(written.clone()));
    }
}

/// The slug of `text`, unique among `taken` and the theme's ids.
fn unique(text: &str, taken: &[String]) -> String {
    let slug = slugify(text);
    let base = if slug.is_empty() {
        UNNAMED.to_string()
    } else {
        slug
    };
    let free = |id: &str| !is_theme_id(id) && !taken.iter().any(|t| t == id);
    if free(&base) {
        return base;
    }
    (2..)
        .map(|nth| format!("{base}-{nth}"))
        .find(|id| free(id))
        .unwrap_or(base)
}

/// The link a heading ends with, to itself: hidden from screen readers,
/// which announce the heading already, and out of the tab order.
pub fn anchor(id: &str) -> String {
    format!(" <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn ids(body: &str) -> Vec<String> {
        let events: Vec<Event<'_>> = Parser::new(body).collect();
        assign_ids(&events)
    }

    #[test]
    fn ids_are_transliterated_and_unique() {
        assert_eq!(
            ids("# Chương trình\n\n## Chương trình\n\n## `Main`\n\n## ???\n"),
            ["chuong-trinh", "chuong-trinh-2", "main-2", "muc"]
        );
    }
}
