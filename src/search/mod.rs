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
//! Its parts: `index` (a language's documents, postings and units; the
//! folded words of each version are made when it is loaded, by `words`),
//! `shards` (cutting them into files, handed to the caller one by one).
//!
//! Pure: hands the files to write to its caller.
//!
//! Uses: error, model (the version shown), theme (strings, the date
//! format), urls.

mod index;
mod shards;

use crate::error::Error;
use crate::model::Site;
use crate::source::theme::Theme;
use crate::urls::Urls;
use index::{Index, IndexInputs};
use rayon::prelude::*;

/// One file to write: its site path and bytes.
pub type SearchFile = (String, Vec<u8>);

/// Every file of the search index of every language, handed to `write` as
/// it is made (the languages indexed in parallel), so that a large site's
/// index is never whole in memory.
pub fn write_index<E: From<Error> + Send>(
    site: &Site,
    urls: &Urls,
    theme: &Theme,
    write: &(dyn Fn(String, Vec<u8>) -> Result<(), E> + Sync),
) -> Result<(), E> {
    site.config.languages.par_iter().try_for_each(|lang| {
        let inputs = IndexInputs {
            site,
            urls,
            theme,
            lang,
        };
        shards::write(&Index::build(inputs), write)
    })
}

/// Every file of the search index of every language, kept (for `serve`,
/// which serves them from memory).
pub fn index_files(site: &Site, urls: &Urls, theme: &Theme) -> Result<Vec<SearchFile>, Error> {
    let files = std::sync::Mutex::new(Vec::new());
    write_index(site, urls, theme, &|path, bytes| {
        let mut files = files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.push((path, bytes));
        Ok::<(), Error>(())
    })?;
    Ok(files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner))
}
