//! The words a search finds in an article's version, made once when the
//! version is loaded (so that its text need not be kept): the start of its
//! searchable text and its distinct folded words with their weights. `fold`
//! folds text and cuts it into words, as `static/search.js` folds queries.
//! Pure.
//!
//! Uses: model, text.

mod fold;

use fold::{fold_terms, short_key, short_word, Term};

use crate::model::{SearchTerms, Version};
use crate::text::collapse_white_space;
use rustc_hash::FxHashMap;

/// Excerpt text kept per document, in bytes (every word is indexed).
pub const MAX_TEXT_BYTES: usize = 2 * 1024;

/// A weight keeps at most this many occurrences.
const MAX_COUNT: u32 = 4095;

/// What the search index holds of an article's version whose body reads
/// `body_text` ([`crate::markdown::plain_text`], its white space not yet
/// collapsed): the start of its searchable text and its distinct folded
/// words with their weights.
pub fn terms_of(version: &Version, body_text: &str) -> SearchTerms {
    let summary = version.summary.trim();
    // Only the start of the body is shown, and compared with the summary.
    let body_start = collapse_white_space(body_text, MAX_TEXT_BYTES.max(summary.len()));
    let speakers: Vec<String> = (version.speakers.iter())
        .map(|speaker| match &speaker.role {
            Some(role) => format!("{}, {role}", speaker.name),
            None => speaker.name.clone(),
        })
        .collect();
    let summary = (!body_start.starts_with(summary)).then_some(version.summary.as_str());
    let rest: Vec<&str> = (version.venue.iter().chain(&speakers).chain(&version.tasks))
        .map(String::as_str)
        .collect();
    let mut terms = doc_terms(&version.title, parts(summary, body_text, &rest));
    terms.excerpt = excerpt(parts(summary, &body_start, &rest));
    terms
}

/// Everything searched besides the title, in order: the summary (unless the
/// body starts with it), the body, venue, speakers and tasks; parts left
/// blank are left out.
fn parts<'a>(
    summary: Option<&'a str>,
    body: &'a str,
    rest: &'a [&'a str],
) -> impl Iterator<Item = &'a str> + Clone + 'a {
    (summary
        .into_iter()
        .chain([body])
        .chain(rest.iter().copied()))
    .filter(|part| !part.trim().is_empty())
}

/// The searchable text's start that a result shows: its parts joined by
/// ` · `, cut to [`MAX_TEXT_BYTES`] (the body's part need only be the start
/// of its collapsed text, longer than that when it is cut).
fn excerpt<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::with_capacity(MAX_TEXT_BYTES + 64);
    for part in parts {
        if !text.is_empty() {
            text.push_str(" · ");
        }
        text.push_str(part);
        if text.len() >= MAX_TEXT_BYTES {
            break;
        }
    }
    truncate(&text, MAX_TEXT_BYTES)
}

/// The distinct words of the folded title and text (its parts, in order:
/// the index cuts words at the same places in them and in their join), each
/// with its weight: 2 x its count, plus 1 when it is in the title (no
/// excerpt).
pub fn doc_terms<'a>(title: &str, text: impl IntoIterator<Item = &'a str>) -> SearchTerms {
    let mut counts = Counts::with_capacity(title.len() / 4);
    fold_terms(title, |term| counts.add(term, true));
    for part in text {
        counts.reserve(part.len() / 16);
        fold_terms(part, |term| counts.add(term, false));
    }
    // The order of a document's words does not matter: postings list
    // documents by number.
    let (words, weights) = counts.into_words();
    SearchTerms {
        excerpt: String::new(),
        words,
        weights,
    }
}

/// A map from words: most words (a Vietnamese syllable, folded) are at most
/// 8 bytes, and those are kept by their bytes as one number, which hashes
/// and compares at once; longer words by their text.
pub struct WordMap<'a, V> {
    short: FxHashMap<u64, (&'a str, V)>,
    long: FxHashMap<&'a str, V>,
}

impl<'a, V: Default> WordMap<'a, V> {
    /// A map with room for `capacity` words.
    pub fn with_capacity(capacity: usize) -> Self {
        WordMap {
            short: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            long: FxHashMap::default(),
        }
    }

    /// The value of `word`, made when it is not there yet.
    pub fn entry(&mut self, word: &'a str) -> &mut V {
        match short_key(word) {
            Some(key) => {
                &mut self
                    .short
                    .entry(key)
                    .or_insert_with(|| (word, V::default()))
                    .1
            }
            None => self.long.entry(word).or_default(),
        }
    }

    /// How many words the map holds.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Whether the map holds no word.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every word, in no particular order.
    pub fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        (self.short.values().map(|(word, _)| *word)).chain(self.long.keys().copied())
    }

    /// Every word with its value, in no particular order.
    pub fn into_words(self) -> impl Iterator<Item = (&'a str, V)> {
        self.short.into_values().chain(self.long)
    }
}

/// The count of each distinct word of a document, and whether it is in the
/// title: words of at most 8 bytes by their bytes as one number (see
/// [`WordMap`]), longer ones by their text.
#[derive(Default)]
struct Counts {
    short: FxHashMap<u64, (u32, bool)>,
    long: FxHashMap<Box<[u8]>, (u32, bool)>,
}

impl Counts {
    fn with_capacity(capacity: usize) -> Self {
        Counts {
            short: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            long: FxHashMap::default(),
        }
    }

    fn reserve(&mut self, additional: usize) {
        self.short.reserve(additional);
    }

    fn add(&mut self, term: Term<'_>, in_title: bool) {
        let (count, title) = match term {
            Term::Short(key) => self.short.entry(key).or_default(),
            Term::Long(bytes) => match self.long.get_mut(bytes) {
                Some(entry) => entry,
                None => self.long.entry(bytes.into()).or_default(),
            },
        };
        *count += 1;
        *title |= in_title;
    }

    /// The words, each followed by a line break, and their weights: 2 x the
    /// count (at most [`MAX_COUNT`]), plus 1 in the title.
    fn into_words(self) -> (String, Vec<u16>) {
        // Kept for the whole build: no room to spare.
        let len = (self.short.keys().map(|&key| short_word(key).1 + 1)).sum::<usize>()
            + self.long.keys().map(|word| word.len() + 1).sum::<usize>();
        let mut words = Vec::with_capacity(len);
        let mut weights = Vec::with_capacity(self.short.len() + self.long.len());
        let mut push = |term: &[u8], (count, in_title): (u32, bool)| {
            words.extend_from_slice(term);
            words.push(b'\n');
            // At most 2 x 4,095 + 1: a u16.
            let weight = count.min(MAX_COUNT) * 2 + u32::from(in_title);
            weights.push(u16::try_from(weight).unwrap_or(u16::MAX));
        };
        for (key, value) in self.short {
            let (bytes, len) = short_word(key);
            push(bytes.get(..len).unwrap_or_default(), value);
        }
        for (term, value) in self.long {
            push(&term, value);
        }
        (fold::into_string(words), weights)
    }
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
        let doc = doc_terms("Đoàn kết", ["đoàn viên, Đoàn"]);
        let mut weights: Vec<(&str, u32)> = doc.iter().collect();
        weights.sort();
        assert_eq!(weights, [("doan", 7), ("ket", 3), ("vien", 2)]);
    }
}
