//! The search index: for each language, every article version a reader of
//! that language is shown, split into folded words (lowercase, no tone marks,
//! `đ` -> `d`, so `doan ket` finds `Đoàn kết`), written as small JavaScript
//! files that the search page (`static/search.js`) loads as `<script>`s, so
//! that search works from a static host and from `file://` alike.
//!
//! Layout, under each language's search page (`tim-kiem/idx/`):
//! `manifest.js` (years as ranges of document numbers, units, and the first
//! word of each postings shard), `t/<n>.js` (postings: the terms of one sorted
//! range of words, each with its documents and weights, about 16 KiB per
//! shard), `d/<n>.js` (documents: title, URL, year, date, units, excerpt
//! text) and `u/<n>.js` (the documents of one unit, for the unit filter). A
//! query loads the manifest, one shard per word and the documents it shows.
//! Every file calls `kyyeuSearch.add(kind, number, data)`; data is JSON with
//! `<`, `>`, `&`, U+2028 and U+2029 escaped, so no string can end a script.
//!
//! Its parts: `fold` (folding and terms), `index` (a language's documents,
//! postings and units), `shards` (cutting them into files).
//!
//! Pure: returns the files to write.
//!
//! Uses: error, model (the version shown), theme (strings, the date
//! format), urls.

mod fold;
mod index;
mod shards;

use crate::error::Error;
use crate::model::Site;
use crate::source::theme::Theme;
use crate::urls::Urls;
pub use index::terms_of;
use index::{Index, IndexInputs};
use rayon::prelude::*;

/// One file to write: its site path and bytes.
pub type SearchFile = (String, Vec<u8>);

/// Every file of the search index of every language.
pub fn index_files(site: &Site, urls: &Urls, theme: &Theme) -> Result<Vec<SearchFile>, Error> {
    let per_lang: Result<Vec<Vec<SearchFile>>, Error> = site
        .config
        .languages
        .par_iter()
        .map(|lang| {
            let inputs = IndexInputs {
                site,
                urls,
                theme,
                lang,
            };
            shards::files(&Index::build(inputs))
        })
        .collect();
    Ok(per_lang?.into_iter().flatten().collect())
}
