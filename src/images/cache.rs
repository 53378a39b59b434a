//! The photo cache on disk: `photos/<content>-<settings>/` entries holding
//! each variant (`480.jpg`, `480.webp`) and the list of sizes, written last,
//! that marks an entry complete; `photos/stamps.tsv`, what the last build saw
//! of each source file; and pruning the entries no photo uses.
//!
//! Files are written atomically, so that threads sharing an entry (photos
//! with the same bytes) and interrupted builds never leave a torn file.
//!
//! Uses: error, model, images, process.

use super::process::Encoding;
use super::Processed;
use crate::error::Message;
use crate::model::Photo;
use crate::model::PhotoSettings;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Bumped when processing changes, so old cache entries are not reused.
const PIPELINE_VERSION: u32 = 4;
/// The folder of the photo cache, in the cache folder.
const FOLDER: &str = "photos";
/// The stamps of the last build, in the cache folder.
const STAMPS_FILE: &str = "photos/stamps.tsv";
/// The list of sizes of an entry, in the entry.
const SIZES_FILE: &str = "sizes";

/// How a source file was seen: its size, its [`fingerprint`] and the key of
/// its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    pub size: u64,
    pub fingerprint: u128,
    pub content: String,
}

/// The photo cache of one build: where it is, the key of this build's
/// settings, and the stamps of the last build, so that an unchanged file
/// (same size and fingerprint) is not even read again.
pub(super) struct PhotoCache {
    dir: PathBuf,
    settings_key: String,
    stamps: HashMap<String, Stamp>,
}

impl PhotoCache {
    pub fn open(cache_dir: &Path, settings: &PhotoSettings) -> PhotoCache {
        let text = std::fs::read_to_string(cache_dir.join(STAMPS_FILE)).unwrap_or_default();
        PhotoCache {
            dir: cache_dir.to_path_buf(),
            settings_key: settings_key(settings),
            stamps: text.lines().filter_map(parse_stamp).collect(),
        }
    }

    /// The entry of a content (see [`content_key`]) with this build's settings.
    pub fn entry(&self, content: &str) -> PathBuf {
        self.dir
            .join(FOLDER)
            .join(format!("{content}-{}", self.settings_key))
    }

    /// The content key the last build saw for `source`, if the file is
    /// unchanged since then.
    pub fn known_content(&self, source: &Path, size: u64, fingerprint: u128) -> Option<&str> {
        let stamp = self.stamps.get(&crate::error::display_path(source))?;
        let unchanged = stamp.size == size && stamp.fingerprint == fingerprint && fingerprint != 0;
        unchanged.then_some(stamp.content.as_str())
    }

    /// Writes the stamps of this build's photos (failures only cost speed).
    pub fn save_stamps(&self, photos: &[&Photo], processed: &BTreeMap<String, Processed>) {
        let mut lines: Vec<String> = photos
            .iter()
            .filter_map(|photo| {
                let stamp = &processed.get(&photo.output_stem)?.stamp;
                let path = crate::error::display_path(&photo.source);
                let Stamp {
                    size,
                    fingerprint,
                    content,
                } = stamp;
                (!path.contains(['\t', '\n']))
                    .then(|| format!("{path}\t{size}\t{fingerprint}\t{content}\n"))
            })
            .collect();
        lines.sort();
        lines.dedup();
        let _ = write_atomic(&self.dir.join(STAMPS_FILE), lines.concat().as_bytes());
    }
}

/// One line of the stamps file: `path\tsize\tfingerprint\tcontent`.
fn parse_stamp(line: &str) -> Option<(String, Stamp)> {
    let mut fields = line.split('\t');
    let path = fields.next()?;
    let stamp = Stamp {
        size: fields.next()?.parse().ok()?,
        fingerprint: fields.next()?.parse().ok()?,
        content: fields.next()?.to_string(),
    };
    Some((path.to_string(), stamp))
}

/// A short hash of the settings that shape the output files.
fn settings_key(settings: &PhotoSettings) -> String {
    let text = format!(
        "{PIPELINE_VERSION}:{:?}:{}:{}",
        settings.widths, settings.quality, settings.webp
    );
    blake3::hash(text.as_bytes()).to_hex()[..12].to_string()
}

/// The key of a photo's content: a short hash of its bytes.
pub(super) fn content_key(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// What identifies a file's version without reading it: its modification
/// time and, on Unix, its change time and inode (which no copy or `touch` can
/// restore), folded into one number; 0 when unknown (then the file is read).
pub(super) fn fingerprint(meta: &std::fs::Metadata) -> u128 {
    let modified = meta
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let changed = (meta.ctime() as u128)
            .wrapping_mul(1_000_000_000)
            .wrapping_add(meta.ctime_nsec() as u128);
        let hash =
            blake3::hash(format!("{modified}:{changed}:{}:{}", meta.ino(), meta.dev()).as_bytes());
        let bytes: [u8; 16] = hash.as_bytes()[..16].try_into().unwrap_or([0; 16]);
        if modified == 0 {
            0
        } else {
            u128::from_le_bytes(bytes).max(1)
        }
    }
    #[cfg(not(unix))]
    {
        modified
    }
}

/// The file of one variant in an entry: `480.jpg`, `480.webp`.
pub(super) fn variant_file(entry: &Path, width: u32, encoding: Encoding) -> PathBuf {
    entry.join(format!("{width}.{}", encoding.extension()))
}

/// The sizes of a complete entry: its list of sizes is there and so is the
/// JPEG of every size.
pub(super) fn read_sizes(entry: &Path) -> Option<Vec<(u32, u32)>> {
    let text = std::fs::read_to_string(entry.join(SIZES_FILE)).ok()?;
    let sizes: Vec<(u32, u32)> = text
        .lines()
        .map(|line| {
            let (width, height) = line.split_once(' ')?;
            Some((width.parse().ok()?, height.parse().ok()?))
        })
        .collect::<Option<_>>()?;
    let complete = !sizes.is_empty()
        && sizes
            .iter()
            .all(|&(width, _)| variant_file(entry, width, Encoding::Jpeg).is_file());
    complete.then_some(sizes)
}

/// Writes the list of sizes, which marks the entry complete.
pub(super) fn write_sizes(entry: &Path, sizes: &[(u32, u32)]) -> Result<(), Message> {
    let text: String = sizes
        .iter()
        .map(|(width, height)| format!("{width} {height}\n"))
        .collect();
    write_file(&entry.join(SIZES_FILE), text.as_bytes())
}

pub(super) fn create_entry(entry: &Path) -> Result<(), Message> {
    std::fs::create_dir_all(entry)
        .map_err(|error| Message::new("cache_folder_not_created").arg("error", error.to_string()))
}

/// Writes a file of an entry atomically.
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Message> {
    write_atomic(path, bytes)
        .map_err(|error| Message::new("cache_not_written").arg("error", error.to_string()))
}

/// Writes `path` whole or not at all. Photos with the same bytes share a
/// cache entry and may be written by several threads at once: each writer
/// has a temporary file of its own, and every rename puts the same bytes.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let part = path.with_extension(format!("{}-{number}.part", std::process::id()));
    std::fs::write(&part, bytes)?;
    std::fs::rename(&part, path)
}

/// Removes the entries that are not in `used`; returns how many.
pub(super) fn prune(cache_dir: &Path, used: &HashSet<&Path>) -> usize {
    let Ok(entries) = std::fs::read_dir(cache_dir.join(FOLDER)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !used.contains(path.as_path()) && std::fs::remove_dir_all(&path).is_ok()
        {
            removed += 1;
        }
    }
    removed
}
