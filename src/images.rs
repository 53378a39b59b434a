//! Resizes and encodes photos, in parallel, cached between builds.
//!
//! A photo's cache entry is keyed by the hash of its bytes and the photo
//! settings, so a rebuild with unchanged photos decodes no pixels. EXIF
//! orientation is applied; no metadata is written to the published files.
//!
//! Uses: error, config, model, urls.

use crate::config::PhotoSettings;
use crate::error::{Error, Errors};
use crate::model::Photo;
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
}

/// A processed photo: its variants, narrowest first; the last is the largest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub variants: Vec<Variant>,
    pub from_cache: bool,
}

impl Processed {
    pub fn largest(&self) -> Option<&Variant> {
        self.variants.last()
    }
}

/// Processes every photo (keyed by output stem) into `cache_dir`.
pub fn process_all(
    photos: &[&Photo],
    root: &Path,
    cache_dir: &Path,
    settings: &PhotoSettings,
) -> Result<BTreeMap<String, Processed>, Errors> {
    let results: Vec<Result<(String, Processed), Error>> = photos
        .par_iter()
        .map(|photo| {
            process(photo, root, cache_dir, settings).map(|p| (photo.output_stem.clone(), p))
        })
        .collect();
    let mut errors = Errors::default();
    let mut done = BTreeMap::new();
    for result in results {
        match result {
            Ok((stem, processed)) => {
                done.insert(stem, processed);
            }
            Err(error) => errors.push(error),
        }
    }
    errors.into_result(done)
}

fn process(
    photo: &Photo,
    root: &Path,
    cache_dir: &Path,
    settings: &PhotoSettings,
) -> Result<Processed, Error> {
    let (file, line, col) = &photo.named_at;
    let fail = |message: String| {
        Error::at(
            file,
            *line,
            *col,
            format!(
                "photo `{}`: {message}",
                crate::error::display_path(&photo.source)
            ),
        )
    };
    let bytes = std::fs::read(root.join(&photo.source))
        .map_err(|e| fail(format!("cannot be read: {e}")))?;
    let entry = cache_dir.join("photos").join(cache_key(&bytes, settings));
    if let Some(sizes) = read_meta(&entry) {
        return Ok(Processed {
            variants: variants(photo, &entry, &sizes),
            from_cache: true,
        });
    }
    let image = decode(&bytes).map_err(&fail)?;
    let sizes = target_sizes(image.width, image.height, &settings.widths);
    std::fs::create_dir_all(&entry)
        .map_err(|e| fail(format!("cannot create the cache folder: {e}")))?;
    let mut current = image.pixels.clone();
    let mut current_size = (image.width, image.height);
    for &(w, h) in sizes.iter().rev() {
        if (w, h) != current_size {
            current = resize(&current, current_size, (w, h)).map_err(&fail)?;
            current_size = (w, h);
        }
        let jpeg =
            encode_jpeg(&current, (w, h), settings.quality, image.icc.as_deref()).map_err(&fail)?;
        write_atomic(&entry.join(format!("{w}.jpg")), &jpeg)
            .map_err(|e| fail(format!("cannot write the cache: {e}")))?;
    }
    let meta: String = sizes.iter().map(|(w, h)| format!("{w} {h}\n")).collect();
    write_atomic(&entry.join("sizes"), meta.as_bytes())
        .map_err(|e| fail(format!("cannot write the cache: {e}")))?;
    Ok(Processed {
        variants: variants(photo, &entry, &sizes),
        from_cache: false,
    })
}

fn cache_key(bytes: &[u8], settings: &PhotoSettings) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(bytes);
    hasher.update(
        format!(
            "{PIPELINE_VERSION}:{:?}:{}",
            settings.widths, settings.quality
        )
        .as_bytes(),
    );
    hasher.finalize().to_hex()[..32].to_string()
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

fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if reader.format().is_none() {
        return Err("is not an image (JPEG, PNG or WebP expected)".to_string());
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("cannot be decoded: {e}"))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "is too large to decode safely ({w}x{h} pixels; the limit is {} megapixels)",
            MAX_PIXELS / 1_000_000
        ));
    }
    let icc = decoder.icc_profile().ok().flatten().filter(|p| !is_srgb(p));
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| format!("cannot be decoded: {e}"))?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    Ok(Decoded {
        pixels: flatten(image),
        width,
        height,
        icc,
    })
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
fn resize(pixels: &[u8], (sw, sh): (u32, u32), (dw, dh): (u32, u32)) -> Result<Vec<u8>, String> {
    use fast_image_resize::{
        images::Image, images::ImageRef, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
    };
    let src = ImageRef::new(sw, sh, pixels, PixelType::U8x3)
        .map_err(|e| format!("cannot be resized: {e}"))?;
    let mut dst = Image::new(dw, dh, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| format!("cannot be resized: {e}"))?;
    Ok(dst.into_vec())
}

/// Encodes RGB pixels as a progressive JPEG with no metadata but the colour profile.
fn encode_jpeg(
    pixels: &[u8],
    (w, h): (u32, u32),
    quality: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let fail = |e: jpeg_encoder::EncodingError| format!("cannot be encoded: {e}");
    let (w, h) = (
        u16::try_from(w).map_err(|_| "is too wide".to_string())?,
        u16::try_from(h).map_err(|_| "is too tall".to_string())?,
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

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("part");
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
