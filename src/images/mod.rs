//! Resizes and encodes photos, in parallel, cached between builds: the one
//! door to the photo pipeline (`process_all`, `verify_all`, `prune_cache`).
//!
//! A photo's cache entry is keyed by the hash of its bytes and the photo
//! settings, so a rebuild with unchanged photos decodes no pixels. EXIF
//! orientation is applied; no metadata is written to the published files.
//! `process` turns bytes into encoded files and touches no disk; `cache`
//! is the only part that reads or writes the cache; published names come
//! from [`Urls`].
//!
//! Uses: error, model, urls.

mod cache;
mod process;

use crate::error::{Error, Errors, Message};
use crate::model::Photo;
use crate::model::PhotoSettings;
use crate::urls::Urls;
use cache::{PhotoCache, Stamp};
use process::Encoding;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// One resized file of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// Where it is published (site-relative).
    pub path: String,
    /// Where it is kept in the cache.
    pub cached: PathBuf,
    /// The WebP file of the same size, when the site asks for WebP: (published path, cached file).
    pub webp: Option<(String, PathBuf)>,
}

/// A processed photo: its variants, narrowest first; the last is the largest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub variants: Vec<Variant>,
    pub from_cache: bool,
    /// Size of the source file.
    pub source_bytes: u64,
    /// The cache entry (a folder) holding the variants.
    pub entry: PathBuf,
    /// How the source file was seen.
    stamp: Stamp,
}

impl Processed {
    /// A photo as found in the cache `entry`, which holds `sizes`.
    fn cached(photo: &Photo, entry: PathBuf, sizes: &[(u32, u32)], stamp: Stamp) -> Processed {
        Processed {
            variants: variants(photo, &entry, sizes),
            from_cache: true,
            source_bytes: stamp.size,
            entry,
            stamp,
        }
    }

    pub fn largest(&self) -> Option<&Variant> {
        self.variants.last()
    }

    /// Bytes of every published variant.
    pub fn published_bytes(&self) -> u64 {
        self.variants
            .iter()
            .map(|variant| std::fs::metadata(&variant.cached).map_or(0, |meta| meta.len()))
            .sum()
    }
}

/// Processes every photo (keyed by output stem) into `cache_dir`, calling
/// `done` after each one.
pub fn process_all(
    photos: &[&Photo],
    root: &Path,
    cache_dir: &Path,
    settings: &PhotoSettings,
    done: &(dyn Fn() + Sync),
) -> Result<BTreeMap<String, Processed>, Errors> {
    let cache = PhotoCache::open(cache_dir, settings);
    let results: Vec<Result<(String, Processed), Error>> = photos
        .par_iter()
        .map(|photo| {
            let result = process_one(photo, root, &cache, settings)
                .map(|processed| (photo.output_stem.clone(), processed));
            done();
            result
        })
        .collect();
    let mut errors = Errors::default();
    let mut processed = BTreeMap::new();
    for result in results {
        match result {
            Ok((stem, one)) => {
                processed.insert(stem, one);
            }
            Err(error) => errors.push(error),
        }
    }
    let processed = errors.into_result(processed)?;
    cache.save_stamps(photos, &processed);
    Ok(processed)
}

/// Decodes every photo to check it, writing nothing (`kyyeu check`).
pub fn verify_all(photos: &[&Photo], root: &Path) -> Result<(), Errors> {
    let errors: Vec<Error> = photos
        .par_iter()
        .filter_map(|photo| verify(photo, root).err())
        .collect();
    Errors(errors).into_result(())
}

/// Removes the cache entries that no photo of this build uses; returns how many.
pub fn prune_cache(cache_dir: &Path, processed: &BTreeMap<String, Processed>) -> usize {
    let used: HashSet<&Path> = processed.values().map(|one| one.entry.as_path()).collect();
    cache::prune(cache_dir, &used)
}

fn verify(photo: &Photo, root: &Path) -> Result<(), Error> {
    let fail = problem_of(photo);
    let bytes = std::fs::read(root.join(&photo.source))
        .map_err(|error| fail(crate::error::cannot_read(&error)))?;
    process::decode(&bytes).map(drop).map_err(fail)
}

/// Turns a problem with `photo` into an error at the place that names it.
fn problem_of(photo: &Photo) -> impl Fn(Message) -> Error + '_ {
    move |problem: Message| {
        let (file, line, col) = &photo.named_at;
        Error::at(
            file,
            *line,
            *col,
            Message::new("photo_problem")
                .arg("photo", crate::error::display_path(&photo.source))
                .arg("problem", problem),
        )
    }
}

/// Takes one photo from the cache, trusting the last build's stamp when the
/// file is unchanged, or else reads it and, unless an entry has its content
/// already, renders it into the cache.
fn process_one(
    photo: &Photo,
    root: &Path,
    cache: &PhotoCache,
    settings: &PhotoSettings,
) -> Result<Processed, Error> {
    let fail = problem_of(photo);
    let unreadable = |error: std::io::Error| fail(crate::error::cannot_read(&error));
    let path = root.join(&photo.source);
    let meta = std::fs::metadata(&path).map_err(unreadable)?;
    let (size, fingerprint) = (meta.len(), cache::fingerprint(&meta));
    let stamp_of = |content: String| Stamp {
        size,
        fingerprint,
        content,
    };
    if let Some(content) = cache.known_content(&photo.source, size, fingerprint) {
        let entry = cache.entry(content);
        if let Some(sizes) = cache::read_sizes(&entry) {
            let stamp = stamp_of(content.to_string());
            return Ok(Processed::cached(photo, entry, &sizes, stamp));
        }
    }
    let bytes = std::fs::read(&path).map_err(unreadable)?;
    let stamp = stamp_of(cache::content_key(&bytes));
    let entry = cache.entry(&stamp.content);
    let (sizes, from_cache) = match cache::read_sizes(&entry) {
        Some(sizes) => (sizes, true),
        None => (render_into(&bytes, &entry, settings).map_err(&fail)?, false),
    };
    Ok(Processed {
        from_cache,
        source_bytes: bytes.len() as u64,
        ..Processed::cached(photo, entry, &sizes, stamp)
    })
}

/// Decodes a photo once and writes every size into the cache entry `entry`,
/// the list of sizes last.
fn render_into(
    bytes: &[u8],
    entry: &Path,
    settings: &PhotoSettings,
) -> Result<Vec<(u32, u32)>, Message> {
    let image = process::decode(bytes)?;
    let sizes = process::target_sizes(image.width, image.height, &settings.widths);
    cache::create_entry(entry)?;
    let source = process::Source { bytes };
    process::encode_sizes(image, &sizes, settings, source, &mut |file| {
        let path = cache::variant_file(entry, file.width, file.encoding);
        cache::write_file(&path, file.bytes)
    })?;
    cache::write_sizes(entry, &sizes)?;
    Ok(sizes)
}

/// The variants of a photo whose cache entry `entry` holds `sizes`: where
/// each is kept and where it is published.
fn variants(photo: &Photo, entry: &Path, sizes: &[(u32, u32)]) -> Vec<Variant> {
    let last = sizes.len().saturating_sub(1);
    let stem = &photo.output_stem;
    sizes
        .iter()
        .enumerate()
        .map(|(index, &(width, height))| {
            let largest = index == last;
            let webp = cache::variant_file(entry, width, Encoding::Webp);
            Variant {
                width,
                height,
                path: Urls::photo_variant(stem, width, largest),
                cached: cache::variant_file(entry, width, Encoding::Jpeg),
                webp: webp
                    .is_file()
                    .then(|| (Urls::photo_variant_webp(stem, width, largest), webp)),
            }
        })
        .collect()
}
