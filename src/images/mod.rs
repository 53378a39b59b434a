//! Resizes and encodes photos, in parallel, cached between builds.
//!
//! A photo's cache entry is keyed by the hash of its bytes and the photo
//! settings, so a rebuild with unchanged photos decodes no pixels. EXIF
//! orientation is applied; no metadata is written to the published files.
//!
//! Uses: error, config, model, urls.

use crate::error::{Error, Errors, Message};
use crate::model::Photo;
use crate::model::PhotoSettings;
use crate::urls::Urls;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Bumped when processing changes, so old cache entries are not reused.
const PIPELINE_VERSION: u32 = 2;
/// Largest side accepted before decoding (decompression bombs).
const MAX_SIDE: u32 = 20_000;
const MAX_ALLOC: u64 = 1 << 30;
/// Largest number of pixels decoded (a 20000x20000 header is refused before any pixel is read).
const MAX_PIXELS: u64 = 100_000_000;

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
    /// How the source file was seen: (size, modification time in ns, content key).
    stamp: Option<(u64, u128, String)>,
}

impl Processed {
    pub fn largest(&self) -> Option<&Variant> {
        self.variants.last()
    }

    /// Bytes of every published variant.
    pub fn published_bytes(&self) -> u64 {
        self.variants
            .iter()
            .map(|v| std::fs::metadata(&v.cached).map_or(0, |m| m.len()))
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
    let stamps = Stamps::load(cache_dir);
    let results: Vec<Result<(String, Processed), Error>> = photos
        .par_iter()
        .map(|photo| {
            let result = process(photo, root, cache_dir, settings, &stamps)
                .map(|p| (photo.output_stem.clone(), p));
            done();
            result
        })
        .collect();
    let mut errors = Errors::default();
    let mut processed = BTreeMap::new();
    for result in results {
        match result {
            Ok((stem, p)) => {
                processed.insert(stem, p);
            }
            Err(error) => errors.push(error),
        }
    }
    let processed = errors.into_result(processed)?;
    stamps.save(cache_dir, photos, &processed);
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

fn verify(photo: &Photo, root: &Path) -> Result<(), Error> {
    let fail = problem_of(photo);
    let bytes =
        std::fs::read(root.join(&photo.source)).map_err(|e| fail(crate::error::cannot_read(&e)))?;
    decode(&bytes).map(drop).map_err(fail)
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

fn process(
    photo: &Photo,
    root: &Path,
    cache_dir: &Path,
    settings: &PhotoSettings,
    stamps: &Stamps,
) -> Result<Processed, Error> {
    let (file, line, col) = &photo.named_at;
    let fail = |problem: Message| {
        Error::at(
            file,
            *line,
            *col,
            Message::new("photo_problem")
                .arg("photo", crate::error::display_path(&photo.source))
                .arg("problem", problem),
        )
    };
    let unreadable = |e: std::io::Error| fail(crate::error::cannot_read(&e));
    let path = root.join(&photo.source);
    let meta = std::fs::metadata(&path).map_err(unreadable)?;
    let mtime = fingerprint(&meta);
    let settings_key = settings_key(settings);
    if let Some(content) = stamps.get(&photo.source, meta.len(), mtime) {
        let entry = cache_dir
            .join("photos")
            .join(format!("{content}-{settings_key}"));
        if let Some(sizes) = read_meta(&entry) {
            let stamp = Some((meta.len(), mtime, content.to_string()));
            return Ok(Processed {
                variants: variants(photo, &entry, &sizes),
                from_cache: true,
                source_bytes: meta.len(),
                entry,
                stamp,
            });
        }
    }
    let bytes = std::fs::read(&path).map_err(unreadable)?;
    let content = blake3::hash(&bytes).to_hex()[..32].to_string();
    let entry = cache_dir
        .join("photos")
        .join(format!("{content}-{settings_key}"));
    let stamp = Some((meta.len(), mtime, content));
    let source_bytes = bytes.len() as u64;
    if let Some(sizes) = read_meta(&entry) {
        return Ok(Processed {
            variants: variants(photo, &entry, &sizes),
            from_cache: true,
            source_bytes,
            entry,
            stamp,
        });
    }
    let sizes = render_variants(&bytes, &entry, settings).map_err(&fail)?;
    Ok(Processed {
        variants: variants(photo, &entry, &sizes),
        from_cache: false,
        source_bytes,
        entry,
        stamp,
    })
}

/// Decodes a photo once and writes every size into the cache entry `entry`.
fn render_variants(
    bytes: &[u8],
    entry: &Path,
    settings: &PhotoSettings,
) -> Result<Vec<(u32, u32)>, Message> {
    let image = decode(bytes)?;
    let sizes = target_sizes(image.width, image.height, &settings.widths);
    std::fs::create_dir_all(entry)
        .map_err(|e| Message::new("cache_folder_not_created").arg("error", e.to_string()))?;
    let cache_failed =
        |e: std::io::Error| Message::new("cache_not_written").arg("error", e.to_string());
    let mut current = image.pixels;
    let mut current_size = (image.width, image.height);
    for &(w, h) in sizes.iter().rev() {
        if (w, h) != current_size {
            current = resize(&current, current_size, (w, h))?;
            current_size = (w, h);
        }
        if settings.webp {
            let webp = webp::Encoder::from_rgb(&current, w, h).encode(f32::from(settings.quality));
            write_atomic(&entry.join(format!("{w}.webp")), &webp).map_err(cache_failed)?;
        }
        let jpeg = encode_jpeg(&current, (w, h), settings.quality, image.icc.as_deref())?;
        write_atomic(&entry.join(format!("{w}.jpg")), &jpeg).map_err(cache_failed)?;
    }
    let meta: String = sizes.iter().map(|(w, h)| format!("{w} {h}\n")).collect();
    write_atomic(&entry.join("sizes"), meta.as_bytes()).map_err(cache_failed)?;
    Ok(sizes)
}

/// What identifies a file's version without reading it: its modification
/// time and, on Unix, its change time and inode (which no copy or `touch` can
/// restore), folded into one number; 0 when unknown (then the file is read).
fn fingerprint(meta: &std::fs::Metadata) -> u128 {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
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

/// What the last build saw of each source photo, so that an unchanged file
/// (same size and modification time) is not even read again.
struct Stamps(std::collections::HashMap<String, (u64, u128, String)>);

impl Stamps {
    const FILE: &'static str = "photos/stamps.tsv";

    fn load(cache_dir: &Path) -> Stamps {
        let text = std::fs::read_to_string(cache_dir.join(Self::FILE)).unwrap_or_default();
        let map = text
            .lines()
            .filter_map(|line| {
                let mut f = line.split('\t');
                let (path, size, mtime, key) = (
                    f.next()?,
                    f.next()?.parse().ok()?,
                    f.next()?.parse().ok()?,
                    f.next()?,
                );
                Some((path.to_string(), (size, mtime, key.to_string())))
            })
            .collect();
        Stamps(map)
    }

    fn get(&self, source: &Path, size: u64, mtime: u128) -> Option<&str> {
        let (s, m, key) = self.0.get(&crate::error::display_path(source))?;
        (*s == size && *m == mtime && mtime != 0).then_some(key.as_str())
    }

    /// Writes the stamps of this build's photos (failures only cost speed).
    fn save(&self, cache_dir: &Path, photos: &[&Photo], processed: &BTreeMap<String, Processed>) {
        let mut lines: Vec<String> = photos
            .iter()
            .filter_map(|photo| {
                let (size, mtime, key) = processed.get(&photo.output_stem)?.stamp.as_ref()?;
                let path = crate::error::display_path(&photo.source);
                (!path.contains(['\t', '\n'])).then(|| format!("{path}\t{size}\t{mtime}\t{key}\n"))
            })
            .collect();
        lines.sort();
        lines.dedup();
        let _ = write_atomic(&cache_dir.join(Self::FILE), lines.concat().as_bytes());
    }
}

/// Removes the cache entries that no photo of this build uses; returns how many.
pub fn prune_cache(cache_dir: &Path, processed: &BTreeMap<String, Processed>) -> usize {
    let used: std::collections::HashSet<&Path> =
        processed.values().map(|p| p.entry.as_path()).collect();
    let Ok(entries) = std::fs::read_dir(cache_dir.join("photos")) else {
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

/// A short hash of the settings that shape the output files.
fn settings_key(settings: &PhotoSettings) -> String {
    let text = format!(
        "{PIPELINE_VERSION}:{:?}:{}:{}",
        settings.widths, settings.quality, settings.webp
    );
    blake3::hash(text.as_bytes()).to_hex()[..12].to_string()
}

fn read_meta(entry: &Path) -> Option<Vec<(u32, u32)>> {
    let text = std::fs::read_to_string(entry.join("sizes")).ok()?;
    let sizes: Option<Vec<(u32, u32)>> = text
        .lines()
        .map(|l| {
            let (w, h) = l.split_once(' ')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .collect();
    let sizes = sizes?;
    let complete = !sizes.is_empty()
        && sizes
            .iter()
            .all(|(w, _)| entry.join(format!("{w}.jpg")).is_file());
    complete.then_some(sizes)
}

fn variants(photo: &Photo, entry: &Path, sizes: &[(u32, u32)]) -> Vec<Variant> {
    let last = sizes.len().saturating_sub(1);
    sizes
        .iter()
        .enumerate()
        .map(|(i, &(width, height))| Variant {
            width,
            height,
            path: Urls::photo(&photo.output_stem, (i != last).then_some(width)),
            cached: entry.join(format!("{width}.jpg")),
            webp: Some(entry.join(format!("{width}.webp")))
                .filter(|p| p.is_file())
                .map(|p| {
                    (
                        Urls::photo(&photo.output_stem, (i != last).then_some(width))
                            .replace(".jpg", ".webp"),
                        p,
                    )
                }),
        })
        .collect()
}

/// The sizes to write: each configured width below the photo's own, then the
/// largest configured width (or the photo's own width when it is smaller).
pub fn target_sizes(width: u32, height: u32, widths: &[u32]) -> Vec<(u32, u32)> {
    let max = widths
        .iter()
        .copied()
        .max()
        .unwrap_or(width)
        .min(width)
        .max(1);
    let scale = |w: u32| {
        (
            w,
            ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width.max(1)))
                .max(1) as u32,
        )
    };
    let mut sizes: Vec<(u32, u32)> = widths
        .iter()
        .copied()
        .filter(|&w| w < max)
        .map(scale)
        .collect();
    sizes.push(scale(max));
    sizes
}

/// A decoded photo, upright, as 8-bit RGB.
struct Decoded {
    pixels: Vec<u8>,
    width: u32,
    height: u32,
    /// The colour profile to carry over, unless it is plain sRGB.
    icc: Option<Vec<u8>>,
}

fn decode(bytes: &[u8]) -> Result<Decoded, Message> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| crate::error::cannot_read(&e))?;
    match reader.format() {
        None => return Err(Message::new("not_an_image")),
        Some(image::ImageFormat::Jpeg) if is_truncated_jpeg(bytes) => {
            return Err(Message::new("truncated_jpeg"))
        }
        _ => {}
    }
    let undecodable =
        |e: image::ImageError| Message::new("cannot_decode").arg("error", e.to_string());
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Message::new("too_large_to_decode")
            .arg("width", w)
            .arg("height", h)
            .arg("limit", MAX_PIXELS / 1_000_000));
    }
    let icc = decoder.icc_profile().ok().flatten().filter(|p| !is_srgb(p));
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    Ok(Decoded {
        pixels: flatten(image),
        width,
        height,
        icc,
    })
}

/// Whether a JPEG stops before its end: no end-of-image marker (FF D9) after
/// the start of its last scan (FF DA). Entropy-coded data never holds either
/// marker, so an embedded thumbnail cannot fool this.
fn is_truncated_jpeg(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(at) => !bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => true,
    }
}

/// 8-bit RGB; transparent parts are laid on white.
fn flatten(image: DynamicImage) -> Vec<u8> {
    if !image.color().has_alpha() {
        return image.into_rgb8().into_raw();
    }
    let rgba = image.into_rgba8();
    let mut out = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.pixels() {
        let a = u16::from(px[3]);
        for c in &px.0[..3] {
            out.push(((u16::from(*c) * a + 255 * (255 - a)) / 255) as u8);
        }
    }
    out
}

/// Whether an ICC profile is an sRGB one (then it need not be carried over).
fn is_srgb(profile: &[u8]) -> bool {
    profile.windows(4).any(|w| w == b"sRGB")
}

/// Resizes RGB pixels with a SIMD Lanczos filter.
fn resize(pixels: &[u8], (sw, sh): (u32, u32), (dw, dh): (u32, u32)) -> Result<Vec<u8>, Message> {
    use fast_image_resize::{
        images::Image, images::ImageRef, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
    };
    let fail =
        |e: &dyn std::fmt::Display| Message::new("cannot_resize").arg("error", e.to_string());
    let src = ImageRef::new(sw, sh, pixels, PixelType::U8x3).map_err(|e| fail(&e))?;
    let mut dst = Image::new(dw, dh, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| fail(&e))?;
    Ok(dst.into_vec())
}

/// Encodes RGB pixels as a progressive JPEG with no metadata but the colour profile.
fn encode_jpeg(
    pixels: &[u8],
    (w, h): (u32, u32),
    quality: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, Message> {
    let fail =
        |e: jpeg_encoder::EncodingError| Message::new("cannot_encode").arg("error", e.to_string());
    let (w, h) = (
        u16::try_from(w).map_err(|_| Message::new("too_wide"))?,
        u16::try_from(h).map_err(|_| Message::new("too_tall"))?,
    );
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_progressive(true);
    if let Some(profile) = icc {
        encoder.add_icc_profile(profile).map_err(fail)?;
    }
    encoder
        .encode(pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(fail)?;
    Ok(out)
}

/// Writes `path` whole or not at all. Photos with the same bytes share a
/// cache entry and may be written by several threads at once: each writer
/// has a temporary file of its own, and every rename puts the same bytes.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("{}-{n}.part", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_upscales() {
        assert_eq!(
            target_sizes(2400, 1600, &[480, 960, 1600]),
            vec![(480, 320), (960, 640), (1600, 1067)]
        );
        assert_eq!(
            target_sizes(800, 600, &[480, 960, 1600]),
            vec![(480, 360), (800, 600)]
        );
        assert_eq!(target_sizes(300, 300, &[480, 960]), vec![(300, 300)]);
    }
}
