//! A language's index as data: one document for each article version a
//! reader of the language is shown (numbered by year, date and slug, so that
//! a year is a range), the folded terms of every document with their weights
//! (postings), and the documents of each unit.
//!
//! Pure. Uses: words (the terms of a version, made when it was loaded),
//! model, markdown (the text of a page's body), lang, urls, theme (the date
//! format).
//!
//! Uses: lang, model, plain_text, slug, theme, urls, words.

use crate::lang::Lang;
use crate::markdown::plain_text;
use crate::model::{Article, InfoPage, SearchTerms, Site};
use crate::source::theme::Theme;
use crate::urls::Urls;
use crate::words::{doc_terms, truncate, WordMap, MAX_TEXT_BYTES};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What indexing one language reads.
#[derive(Clone, Copy)]
pub(super) struct IndexInputs<'a> {
    pub(super) site: &'a Site,
    pub(super) urls: &'a Urls,
    pub(super) theme: &'a Theme,
    pub(super) lang: &'a Lang,
}

/// One document of a language's index, as `d/<n>.js` holds it.
#[derive(Debug, Serialize)]
pub(super) struct Doc<'a> {
    title: &'a str,
    /// Site path; the page makes it relative.
    url: String,
    pub(super) year: i32,
    date: String,
    iso: String,
    units: Vec<String>,
    /// The version's language, when it is not the index's.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<Lang>,
    text: Cow<'a, str>,
}

/// A unit of the filter: its id and its name in the index's language.
#[derive(Debug, Clone, Serialize)]
pub(super) struct UnitEntry {
    id: String,
    name: String,
}

/// A language's index, before it is cut into files (its documents borrow
/// the site's texts).
pub(super) struct Index<'a> {
    /// The folder of the index, a site path.
    pub(super) dir: String,
    pub(super) docs: Vec<Doc<'a>>,
    /// Term -> flat (document gap, weight) pairs, in UTF-16 order of terms;
    /// weight = 2 x count + in title.
    pub(super) postings: Vec<(String, Vec<u32>)>,
    /// In the order of the filter, each with its documents as gaps.
    pub(super) units: Vec<(UnitEntry, Vec<u32>)>,
    /// The marker of results written in another language: "(in Vietnamese)".
    pub(super) markers: BTreeMap<Lang, String>,
}

/// One article or page as indexed: its document, its terms and the units it
/// involves.
struct Analysed<'a> {
    doc: Doc<'a>,
    terms: Terms<'a>,
    units: Vec<String>,
}

/// The terms of a document: an article's, made when it was loaded, or a
/// page's, made here.
enum Terms<'a> {
    Loaded(&'a SearchTerms),
    Made(SearchTerms),
}

impl Terms<'_> {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        match self {
            Terms::Loaded(terms) => terms.iter(),
            Terms::Made(terms) => terms.iter(),
        }
    }
}

impl<'a> Index<'a> {
    /// Documents are numbered by year, date and slug, so a year is a range.
    pub(super) fn build(inputs: IndexInputs<'a>) -> Index<'a> {
        let mut articles: Vec<&Article> = inputs.site.articles.iter().collect();
        articles.sort_by(|a, b| (a.year, &a.date, &a.slug).cmp(&(b.year, &b.date, &b.slug)));
        // Pages first: they have no year (0), and a year is a range.
        let pages = inputs
            .site
            .pages
            .iter()
            .map(|page| inputs.analyse_page(page));
        let mut analysed: Vec<Analysed> = pages.collect();
        analysed.par_extend(articles.par_iter().map(|article| inputs.analyse(article)));
        let mut docs = Vec::with_capacity(analysed.len());
        let mut doc_terms = Vec::with_capacity(analysed.len());
        let mut by_unit: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (number, one) in analysed.into_iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            for id in one.units {
                by_unit.entry(id).or_default().push(number);
            }
            docs.push(one.doc);
            doc_terms.push(one.terms);
        }
        Index {
            dir: inputs.urls.search_index(inputs.lang),
            docs,
            postings: postings(&doc_terms),
            units: inputs.units(by_unit),
            markers: inputs.markers(),
        }
    }
}

/// Every term of the documents with its flat (document gap, weight) pairs,
/// in the order JavaScript compares strings.
fn postings(doc_terms: &[Terms<'_>]) -> Vec<(String, Vec<u32>)> {
    let mut by_term: WordMap<Vec<u32>> = WordMap::with_capacity(1024);
    for (number, terms) in doc_terms.iter().enumerate() {
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        for (term, weight) in terms.iter() {
            by_term.entry(term).extend([number, weight]);
        }
    }
    let mut postings: Vec<(String, Vec<u32>)> = by_term
        .into_words()
        .map(|(term, list)| (term.to_string(), delta_pairs(list)))
        .collect();
    postings.par_sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    postings
}

impl<'a> IndexInputs<'a> {
    /// One article as a reader of this language is shown it (its terms
    /// made when it was loaded: [`crate::words::terms_of`]).
    fn analyse(&self, article: &'a Article) -> Analysed<'a> {
        let version = self.site.shown_version(self.lang, article);
        let units: Vec<String> = (article.involved_units(version).into_iter())
            .map(str::to_string)
            .collect();
        let date = &article.date;
        let doc = Doc {
            title: &version.title,
            url: crate::urls::file_of(&self.urls.article(
                &version.lang,
                article.year,
                &article.slug,
            )),
            year: article.year,
            date: self.theme.format_date(self.lang, date),
            iso: format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
            units: self.unit_names(&units),
            lang: (version.lang != *self.lang).then(|| version.lang.clone()),
            text: Cow::Borrowed(&version.search.excerpt),
        };
        Analysed {
            terms: Terms::Loaded(&version.search),
            doc,
            units,
        }
    }

    /// A page of `content/pages/`, as a reader of this language is shown
    /// it: a document of year 0, without date or units.
    fn analyse_page(&self, page: &'a InfoPage) -> Analysed<'a> {
        let version = page.shown_version(self.lang, &self.site.config.languages);
        let body = plain_text(&version.body_markdown);
        let text = if body.starts_with(version.summary.trim()) {
            body
        } else {
            format!("{} · {body}", version.summary)
        };
        let doc = Doc {
            title: &version.title,
            url: crate::urls::file_of(&self.urls.page(&version.lang, &version.slug)),
            year: 0,
            date: String::new(),
            iso: String::new(),
            units: Vec::new(),
            lang: (version.lang != *self.lang).then(|| version.lang.clone()),
            text: Cow::Owned(truncate(&text, MAX_TEXT_BYTES)),
        };
        Analysed {
            terms: Terms::Made(doc_terms(&version.title, [text.as_str()])),
            doc,
            units: Vec::new(),
        }
    }

    /// The names of units, in this language, leaving out unknown ids.
    fn unit_names(&self, ids: &[String]) -> Vec<String> {
        let default = self.site.config.default_lang();
        ids.iter()
            .filter_map(|id| self.site.units.iter().find(|unit| &unit.id == id))
            .map(|unit| unit.name.get(self.lang, default).to_string())
            .collect()
    }

    /// The units that documents involve, named in this language, in the
    /// order of the filter, with their documents.
    fn units(&self, mut by_unit: BTreeMap<String, Vec<u32>>) -> Vec<(UnitEntry, Vec<u32>)> {
        let default = self.site.config.default_lang();
        let mut units: Vec<(UnitEntry, Vec<u32>)> = self
            .site
            .units
            .iter()
            .filter_map(|unit| {
                let list = by_unit.remove(&unit.id)?;
                let name = unit.name.get(self.lang, default).to_string();
                let id = unit.id.clone();
                Some((UnitEntry { id, name }, deltas(list)))
            })
            .collect();
        units.sort_by_cached_key(|(unit, _)| crate::slug::slugify(&unit.name));
        units
    }

    /// "(in Vietnamese)" and the like, for each other language.
    fn markers(&self) -> BTreeMap<Lang, String> {
        self.site
            .config
            .languages
            .iter()
            .filter(|other| *other != self.lang)
            .map(|other| {
                let marker = self.theme.string(self.lang, &format!("in_lang_{other}"));
                (other.clone(), marker.to_string())
            })
            .collect()
    }
}

/// Flat (document, weight) pairs with documents as gaps from the previous.
fn delta_pairs(mut list: Vec<u32>) -> Vec<u32> {
    let mut previous = 0;
    for pair in list.chunks_exact_mut(2) {
        let doc = pair[0];
        pair[0] = doc.saturating_sub(previous);
        previous = doc;
    }
    list
}

/// Ascending document numbers as gaps from the previous.
fn deltas(list: Vec<u32>) -> Vec<u32> {
    let mut previous = 0;
    list.into_iter()
        .map(|doc| {
            let gap = doc.saturating_sub(previous);
            previous = doc;
            gap
        })
        .collect()
}

/// Orders strings as JavaScript's `<` does (by UTF-16 code units).
fn utf16_cmp(left: &str, right: &str) -> std::cmp::Ordering {
    left.encode_utf16().cmp(right.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps() {
        assert_eq!(delta_pairs(vec![3, 2, 5, 7, 9, 3]), vec![3, 2, 2, 7, 4, 3]);
        assert_eq!(deltas(vec![1, 4, 10]), vec![1, 3, 6]);
    }
}
