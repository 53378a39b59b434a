//! Cuts a language's index into the small script files the search page
//! loads: postings shards of about [`SHARD_BYTES`], documents by
//! [`DOCS_PER_FILE`], one file per unit, and the manifest last. Every file
//! calls `kyyeuSearch.add(kind, number, data)`, its data JSON escaped so that
//! no string can end a script.
//!
//! Pure: returns the files to write. Uses: the search index, error.
//!
//! Uses: error, index, lang, search, text.

use super::index::{Index, UnitEntry};
use super::SearchFile;
use crate::error::Error;
use crate::lang::Lang;
use crate::text::find_from;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// A postings shard holds a range of words of about this many bytes (a
/// single very common word may make a larger one on its own).
const SHARD_BYTES: usize = 16 * 1024;

/// Documents per `d/<n>.js` file: few files on a large site, little to load
/// for a page of results.
const DOCS_PER_FILE: usize = 4;

#[derive(Debug, Serialize)]
struct Manifest {
    /// Changes whenever any file of the index does; shards are loaded with
    /// `?v=<version>` so a browser never mixes two builds.
    version: String,
    docs: usize,
    /// Documents per `d/<n>.js` file.
    docs_per_file: usize,
    /// Newest first; documents are numbered by year, so a year is a range.
    years: Vec<YearRange>,
    /// In the order of the filter; unit `n` lists its documents in `u/<n>.js`.
    units: Vec<UnitEntry>,
    /// The first word of each postings shard (the first is empty), in
    /// UTF-16 order as JavaScript compares strings, and each shard's bytes.
    shards: Vec<String>,
    sizes: Vec<usize>,
    /// The marker of results written in another language: "(in Vietnamese)".
    langs: BTreeMap<Lang, String>,
}

#[derive(Debug, Serialize)]
struct YearRange {
    year: i32,
    first: usize,
    end: usize,
}

/// Document files made at a time (in parallel) before they are written.
const DOC_FILES_AT_A_TIME: usize = 256;

/// Writes the files of a language's index through `write` as they are made
/// (shards, documents and units first, the manifest last), so that the
/// index is never whole in memory as files.
pub(super) fn write<E: From<Error>>(
    index: &Index<'_>,
    write: &(dyn Fn(String, Vec<u8>) -> Result<(), E> + Sync),
) -> Result<(), E> {
    // The manifest's version: a hash of every file before it, in order.
    let mut hasher = blake3::Hasher::new();
    let mut put = |path: String, bytes: Vec<u8>| -> Result<(), E> {
        hasher.update(path.as_bytes());
        hasher.update(&bytes);
        write(path, bytes)
    };
    let (bounds, firsts) = shard_bounds(&index.postings);
    let mut sizes = Vec::with_capacity(bounds.len());
    for (number, range) in bounds.into_iter().enumerate() {
        let shard: BTreeMap<&str, &Vec<u32>> = index.postings[range]
            .iter()
            .map(|(term, list)| (term.as_str(), list))
            .collect();
        let bytes = script("t", number, &shard)?;
        sizes.push(bytes.len());
        put(format!("{}t/{number}.js", index.dir), bytes)?;
    }
    let batches = index.docs.chunks(DOCS_PER_FILE * DOC_FILES_AT_A_TIME);
    for (batch, docs) in batches.enumerate() {
        let made: Result<Vec<SearchFile>, Error> = docs
            .par_chunks(DOCS_PER_FILE)
            .enumerate()
            .map(|(k, group)| {
                let number = batch * DOC_FILES_AT_A_TIME + k;
                Ok((
                    format!("{}d/{number}.js", index.dir),
                    script("d", number, group)?,
                ))
            })
            .collect();
        for (path, bytes) in made? {
            put(path, bytes)?;
        }
    }
    for (number, (_, list)) in index.units.iter().enumerate() {
        put(
            format!("{}u/{number}.js", index.dir),
            script("u", number, list)?,
        )?;
    }
    let version = hasher.finalize().to_hex()[..12].to_string();
    let manifest = manifest(index, version, firsts, sizes);
    write(
        format!("{}manifest.js", index.dir),
        script("m", 0, &manifest)?,
    )
}

/// Cuts the sorted terms into ranges of about [`SHARD_BYTES`], with the
/// word that starts each range (empty for the first).
fn shard_bounds(postings: &[(String, Vec<u32>)]) -> (Vec<Range<usize>>, Vec<String>) {
    let mut bounds = Vec::new();
    let mut firsts = vec![String::new()];
    let mut start = 0;
    let mut bytes = 0;
    for (at, (term, list)) in postings.iter().enumerate() {
        let size = term.len() + 4 + json_len(list);
        if bytes > 0 && bytes + size > SHARD_BYTES {
            bounds.push(start..at);
            firsts.push(term.clone());
            start = at;
            bytes = 0;
        }
        bytes += size;
    }
    if start < postings.len() || bounds.is_empty() {
        bounds.push(start..postings.len());
    }
    (bounds, firsts)
}

fn manifest(
    index: &Index<'_>,
    version: String,
    shards: Vec<String>,
    sizes: Vec<usize>,
) -> Manifest {
    Manifest {
        version,
        docs: index.docs.len(),
        docs_per_file: DOCS_PER_FILE,
        years: year_ranges(index),
        units: index.units.iter().map(|(unit, _)| unit.clone()).collect(),
        shards,
        sizes,
        langs: index.markers.clone(),
    }
}

/// The documents of each year, newest first.
fn year_ranges(index: &Index<'_>) -> Vec<YearRange> {
    let mut years: Vec<YearRange> = Vec::new();
    for (number, doc) in index.docs.iter().enumerate() {
        match years.last_mut() {
            Some(range) if range.year == doc.year => range.end = number + 1,
            _ => years.push(YearRange {
                year: doc.year,
                first: number,
                end: number + 1,
            }),
        }
    }
    // Pages have no year: they are found by words, never by a year's filter.
    years.retain(|range| range.year != 0);
    years.reverse();
    years
}

/// `kyyeuSearch.add("<kind>",<number>,<data>);` with the data escaped.
fn script<T: Serialize + ?Sized>(kind: &str, number: usize, data: &T) -> Result<Vec<u8>, Error> {
    let json = serde_json::to_vec(data)
        .map_err(|error| Error::file(Path::new("search index"), error.to_string()))?;
    let head = format!("kyyeuSearch.add(\"{kind}\",{number},");
    let mut out = Vec::with_capacity(head.len() + json.len() + 3);
    out.extend_from_slice(head.as_bytes());
    escape_script_into(&json, &mut out);
    out.extend_from_slice(b");\n");
    Ok(out)
}

/// JSON that is safe inside a `<script>` and in any JavaScript source.
#[cfg(test)]
fn json<T: Serialize + ?Sized>(data: &T) -> Result<String, Error> {
    let text = serde_json::to_vec(data)
        .map_err(|error| Error::file(Path::new("search index"), error.to_string()))?;
    let mut out = Vec::with_capacity(text.len());
    escape_script_into(&text, &mut out);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The length of a list of numbers written as JSON (`[1,23]`).
fn json_len(list: &[u32]) -> usize {
    let digits: usize = list
        .iter()
        .map(|number| number.checked_ilog10().unwrap_or(0) as usize + 1)
        .sum();
    2 + digits + list.len().saturating_sub(1)
}

/// Appends `json` to `out` with what could end a script or a JavaScript
/// string escaped (`<`, `>`, `&`, U+2028, U+2029). These characters occur in
/// JSON only inside strings, where `\uXXXX` means the same; each is replaced
/// whole, so the output stays UTF-8.
fn escape_script_into(json: &[u8], out: &mut Vec<u8>) {
    let mut copied = 0;
    // The next `<`, `>` or `&`, and the next 0xE2 (the first byte of
    // U+2028 and U+2029), each found by a fast search when passed.
    let mut next_tag = memchr::memchr3(b'<', b'>', b'&', json);
    let mut next_e2 = memchr::memchr(0xE2, json);
    loop {
        let (at, replaced): (usize, Option<(&[u8], usize)>) = match (next_tag, next_e2) {
            (Some(tag), e2) if e2.is_none_or(|e2| tag < e2) => {
                let escape: &[u8] = match json.get(tag) {
                    Some(b'<') => b"\\u003c",
                    Some(b'>') => b"\\u003e",
                    _ => b"\\u0026",
                };
                next_tag = find_from(json, tag + 1, |rest| {
                    memchr::memchr3(b'<', b'>', b'&', rest)
                });
                (tag, Some((escape, 1)))
            }
            (_, Some(e2)) => {
                next_e2 = find_from(json, e2 + 1, |rest| memchr::memchr(0xE2, rest));
                let escape: Option<&[u8]> = match (json.get(e2 + 1), json.get(e2 + 2)) {
                    (Some(0x80), Some(0xA8)) => Some(b"\\u2028"),
                    (Some(0x80), Some(0xA9)) => Some(b"\\u2029"),
                    _ => None,
                };
                (e2, escape.map(|escape| (escape, 3)))
            }
            _ => break,
        };
        if let Some((escape, width)) = replaced {
            out.extend_from_slice(json.get(copied..at).unwrap_or_default());
            out.extend_from_slice(escape);
            copied = at + width;
        }
    }
    out.extend_from_slice(json.get(copied..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_end_a_script() {
        let text = json(&"</script><script>alert(1)</script>&\u{2028}").unwrap_or_default();
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}'));
        // Other characters that start with the same byte stay as they are.
        let other = json(&"–<\u{2029}–&>…").unwrap_or_default();
        assert_eq!(other, "\"–\\u003c\\u2029–\\u0026\\u003e…\"");
        assert_eq!(
            text,
            "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026\\u2028\""
        );
    }

    #[test]
    fn json_lengths_are_counted_without_writing() {
        for list in [vec![], vec![0], vec![9, 10, 123, 4000, 0]] {
            assert_eq!(json_len(&list), json(&list).unwrap_or_default().len());
        }
    }
}
