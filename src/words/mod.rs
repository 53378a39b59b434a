//! The words a search finds in an article's version, made once when the
//! version is loaded (so that its text need not be kept): the start of its
//! searchable text and its distinct folded words with their weights. `fold`
//! folds text and cuts it into words, as `static/search.js` folds queries.
//! Pure.
//!
//! Uses: model.

mod fold;

pub use fold::{fold, terms};

use crate::model::{SearchTerms, Version};
use rustc_hash::FxHashMap;

/// Excerpt text kept per document, in bytes (every word is indexed).
pub const MAX_TEXT_BYTES: usize = 2 * 1024;

/// A weight keeps at most this many occurrences.
const MAX_COUNT: u32 = 4095;

/// What the search index holds of an article's version whose body reads
/// `body_text` ([`crate::markdown::plain_text`]): the start of its
/// searchable text and its distinct folded words with their weights.
pub fn terms_of(version: &Version, body_text: String) -> SearchTerms {
    let text = searchable_text(version, body_text);
    let mut terms = doc_terms(&version.title, &text);
    terms.excerpt = truncate(&text, MAX_TEXT_BYTES);
    terms
}

/// The distinct words of the folded title and text, each with its weight:
/// 2 x its count, plus 1 when it is in the title (no excerpt).
pub fn doc_terms(title: &str, text: &str) -> SearchTerms {
    let mut folded = fold(title);
    let title_end = folded.len();
    folded.push('\n');
    folded.push_str(&fold(text));
    let base = folded.as_ptr() as usize;
    // About one distinct word in every 16 bytes of folded text.
    let mut counts: FxHashMap<&str, (u32, u32, bool)> =
        FxHashMap::with_capacity_and_hasher(folded.len() / 16, Default::default());
    for term in terms(&folded) {
        let start = (term.as_ptr() as usize - base) as u32;
        let entry = counts.entry(term).or_insert((start, 0, false));
        entry.1 += 1;
        if (start as usize) < title_end {
            entry.2 = true;
        }
    }
    // The order of a document's words does not matter: postings list
    // documents by number.
    let mut words = String::with_capacity(counts.keys().map(|term| term.len() + 1).sum());
    let mut weights = Vec::with_capacity(counts.len());
    for (term, (_, count, in_title)) in counts {
        words.push_str(term);
        words.push('\n');
        // At most 2 x 4,095 + 1: a u16.
        let weight = count.min(MAX_COUNT) * 2 + u32::from(in_title);
        weights.push(u16::try_from(weight).unwrap_or(u16::MAX));
    }
    SearchTerms {
        excerpt: String::new(),
        words,
        weights,
    }
}

/// Everything searched besides the title: summary (unless the body starts
/// with it), body, venue, speakers and tasks.
fn searchable_text(version: &Version, body: String) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !body.starts_with(version.summary.trim()) {
        parts.push(version.summary.clone());
    }
    parts.push(body);
    parts.extend(version.venue.clone());
    for speaker in &version.speakers {
        parts.push(match &speaker.role {
            Some(role) => format!("{}, {role}", speaker.name),
            None => speaker.name.clone(),
        });
    }
    parts.extend(version.tasks.iter().cloned());
    parts.retain(|part| !part.trim().is_empty());
    parts.join(" · ")
}

/// `text` cut to at most `max` bytes at a character boundary.
pub fn truncate(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cut_at_character_boundaries() {
        assert_eq!(truncate("Đào", 2), "Đ");
    }

    #[test]
    fn terms_weigh_twice_their_count_and_one_more_in_the_title() {
        let doc = doc_terms("Đoàn kết", "đoàn viên, Đoàn");
        let mut weights: Vec<(&str, u32)> = doc.iter().collect();
        weights.sort();
        assert_eq!(weights, [("doan", 7), ("ket", 3), ("vien", 2)]);
    }
}
