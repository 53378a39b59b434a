//! Turns a photo's bytes into published files: decode (within size limits),
//! apply the EXIF orientation, lay transparency on white, resize, and encode
//! JPEG and WebP. Pure: it reads and writes no file; what it encodes is handed
//! to the caller.
//!
//! Uses: error, model (photo settings).

use crate::error::Message;
use crate::model::PhotoSettings;
use image::{DynamicImage, ImageDecoder, ImageReader};
use std::io::Cursor;

/// Largest side accepted before decoding (decompression bombs).
const MAX_SIDE: u32 = 20_000;
const MAX_ALLOC: u64 = 1 << 30;
/// Largest number of pixels decoded (a 20000x20000 header is refused before any pixel is read).
const MAX_PIXELS: u64 = 100_000_000;
/// libwebp's method (0 fastest to 6 smallest): see [`encode_webp`].
const WEBP_METHOD: i32 = 2;

/// A decoded photo, upright, as 8-bit RGB.
pub(super) struct Decoded {
    pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The colour profile to carry over, unless it is plain sRGB.
    icc: Option<Vec<u8>>,
    /// Whether the file's pixels are upright as stored (no EXIF rotation).
    upright: bool,
}

/// The two file formats a variant is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Jpeg,
    Webp,
}

impl Encoding {
    /// The file name extension, without its dot.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg => "jpg",
            Encoding::Webp => "webp",
        }
    }
}

/// One encoded file of a photo, at one width.
pub(super) struct Encoded<'a> {
    pub width: u32,
    pub encoding: Encoding,
    pub bytes: &'a [u8],
}

pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, Message> {
    let mut decoder = limited_decoder(bytes)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Message::new("too_large_to_decode")
            .arg("width", width)
            .arg("height", height)
            .arg("limit", MAX_PIXELS / 1_000_000));
    }
    let icc = decoder
        .icc_profile()
        .ok()
        .flatten()
        .filter(|profile| !is_srgb(profile));
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
        upright: orientation == image::metadata::Orientation::NoTransforms,
    })
}

/// A decoder for `bytes` that refuses what is not an image, a truncated
/// JPEG, and sides or allocations over the limits.
fn limited_decoder(bytes: &[u8]) -> Result<impl ImageDecoder + '_, Message> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| crate::error::cannot_read(&error))?;
    match reader.format() {
        None => return Err(Message::new("not_an_image")),
        Some(image::ImageFormat::Jpeg) if is_truncated_jpeg(bytes) => {
            return Err(Message::new("truncated_jpeg"))
        }
        _ => {}
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader.into_decoder().map_err(undecodable)
}

fn undecodable(error: image::ImageError) -> Message {
    Message::new("cannot_decode").arg("error", error.to_string())
}

/// Whether a JPEG stops before its end: no end-of-image marker (FF D9) after
/// the start of its last scan (FF DA). Entropy-coded data never holds either
/// marker, so an embedded thumbnail cannot fool this.
fn is_truncated_jpeg(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|pair| pair == [0xFF, 0xDA]);
    match last_scan {
        Some(at) => !bytes[at..].windows(2).any(|pair| pair == [0xFF, 0xD9]),
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
    for pixel in rgba.pixels() {
        let alpha = u16::from(pixel[3]);
        for channel in &pixel.0[..3] {
            out.push(((u16::from(*channel) * alpha + 255 * (255 - alpha)) / 255) as u8);
        }
    }
    out
}

/// Whether an ICC profile is an sRGB one (then it need not be carried over).
fn is_srgb(profile: &[u8]) -> bool {
    profile.windows(4).any(|word| word == b"sRGB")
}

/// The sizes to write, scaled on the photo's long side (a portrait photo
/// of 1200x1600 gets 360x480, 720x960 and 1200x1600 for `[480, 960,
/// 1600]`): each configured size below the photo's own, then the largest
/// configured size (or the photo's own when it is smaller).
pub(super) fn target_sizes(width: u32, height: u32, widths: &[u32]) -> Vec<(u32, u32)> {
    let long = width.max(height).max(1);
    let largest = widths
        .iter()
        .copied()
        .max()
        .unwrap_or(long)
        .min(long)
        .max(1);
    let scale = |to: u32| {
        let side = |of: u32| {
            ((u64::from(of) * u64::from(to) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
        };
        (side(width), side(height))
    };
    let mut sizes: Vec<(u32, u32)> = widths
        .iter()
        .copied()
        .filter(|&to| to < largest)
        .map(scale)
        .collect();
    sizes.push(scale(largest));
    sizes.dedup();
    sizes
}

/// The source file of a photo, which no published file may outweigh.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub bytes: &'a [u8],
}

/// Resizes `image` to each of `sizes`, largest first (each from the one
/// before), and hands every encoded file to `keep`: the WebP (when the site
/// asks for it) before the JPEG. No file is larger than `source`: one that
/// would be is encoded again at lower qualities, or, at the photo's own
/// size, is the source itself with its metadata stripped when that is
/// smaller and upright.
pub(super) fn encode_sizes(
    image: Decoded,
    sizes: &[(u32, u32)],
    settings: &PhotoSettings,
    source: Source<'_>,
    keep: &mut dyn FnMut(Encoded<'_>) -> Result<(), Message>,
) -> Result<(), Message> {
    let own_size = (image.width, image.height);
    let mut pixels = image.pixels;
    let mut current = own_size;
    let limit = source.bytes.len();
    for &size in sizes.iter().rev() {
        if size != current {
            pixels = resize(&pixels, current, size)?;
            current = size;
        }
        let (width, _) = size;
        if settings.webp {
            let encode = |quality: u8| encode_webp(&pixels, size, quality);
            let webp = within(limit, settings.quality, encode)?;
            keep(Encoded {
                width,
                encoding: Encoding::Webp,
                bytes: &webp,
            })?;
        }
        let encode = |quality: u8| encode_jpeg(&pixels, size, quality, image.icc.as_deref());
        let mut jpeg = within(limit, settings.quality, encode)?;
        if size == own_size && image.upright {
            if let Some(stripped) = strip_jpeg_metadata(source.bytes) {
                if stripped.len() < jpeg.len() {
                    jpeg = stripped;
                }
            }
        }
        keep(Encoded {
            width,
            encoding: Encoding::Jpeg,
            bytes: &jpeg,
        })?;
    }
    Ok(())
}

/// WebP at `quality` with libwebp's method 2: without the rate-distortion
/// search of methods 3 to 6, it encodes a photo about 2.5 times faster than
/// the default method 4, for files about 2 % larger.
fn encode_webp(
    pixels: &[u8],
    (width, height): (u32, u32),
    quality: u8,
) -> Result<Vec<u8>, Message> {
    let fail = |error: String| Message::new("cannot_encode").arg("error", error);
    let mut config = webp::WebPConfig::new().map_err(|()| fail("WebPConfig".to_string()))?;
    config.quality = f32::from(quality);
    config.method = WEBP_METHOD;
    webp::Encoder::from_rgb(pixels, width, height)
        .encode_advanced(&config)
        .map(|memory| memory.to_vec())
        .map_err(|error| fail(format!("{error:?}")))
}

/// The file `encode` makes at `quality`, or, when it is over `limit`
/// bytes, at lower qualities until it is not (the smallest tried).
fn within(
    limit: usize,
    quality: u8,
    encode: impl Fn(u8) -> Result<Vec<u8>, Message>,
) -> Result<Vec<u8>, Message> {
    let mut best = encode(quality)?;
    for lower in [70, 60, 50, 40, 30] {
        if best.len() <= limit || lower >= quality {
            continue;
        }
        let again = encode(lower)?;
        if again.len() < best.len() {
            best = again;
        }
    }
    Ok(best)
}

/// A JPEG file without its metadata (EXIF with any GPS position, XMP,
/// IPTC, comments), keeping what decoding needs (JFIF, the colour profile,
/// Adobe's colour transform); `None` when `bytes` is not a JPEG this can read.
pub(super) fn strip_jpeg_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = vec![0xFF, 0xD8];
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            0xFF => at += 1,
            0xDA => {
                out.extend_from_slice(&bytes[at..]);
                return Some(out);
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                at += 2;
            }
            _ => {
                let length = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]);
                let end = at + 2 + usize::from(length);
                let segment = bytes.get(at..end)?;
                let metadata = matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE);
                if !metadata {
                    out.extend_from_slice(segment);
                }
                at = end;
            }
        }
    }
}

/// Resizes RGB pixels with a SIMD Lanczos filter.
fn resize(pixels: &[u8], from: (u32, u32), to: (u32, u32)) -> Result<Vec<u8>, Message> {
    use fast_image_resize::{
        images::Image, images::ImageRef, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
    };
    let fail = |error: &dyn std::fmt::Display| {
        Message::new("cannot_resize").arg("error", error.to_string())
    };
    let source =
        ImageRef::new(from.0, from.1, pixels, PixelType::U8x3).map_err(|error| fail(&error))?;
    let mut resized = Image::new(to.0, to.1, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&source, &mut resized, &options)
        .map_err(|error| fail(&error))?;
    Ok(resized.into_vec())
}

/// Encodes RGB pixels as a progressive JPEG with no metadata but the colour profile.
fn encode_jpeg(
    pixels: &[u8],
    (width, height): (u32, u32),
    quality: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, Message> {
    let fail = |error: jpeg_encoder::EncodingError| {
        Message::new("cannot_encode").arg("error", error.to_string())
    };
    let width = u16::try_from(width).map_err(|_| Message::new("too_wide"))?;
    let height = u16::try_from(height).map_err(|_| Message::new("too_tall"))?;
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_progressive(true);
    if let Some(profile) = icc {
        encoder.add_icc_profile(profile).map_err(fail)?;
    }
    encoder
        .encode(pixels, width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(fail)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_upscales_and_scales_the_long_side() {
        assert_eq!(
            target_sizes(2400, 1600, &[480, 960, 1600]),
            vec![(480, 320), (960, 640), (1600, 1067)]
        );
        assert_eq!(
            target_sizes(1200, 1600, &[480, 960, 1600]),
            vec![(360, 480), (720, 960), (1200, 1600)]
        );
        assert_eq!(
            target_sizes(800, 600, &[480, 960, 1600]),
            vec![(480, 360), (800, 600)]
        );
        assert_eq!(target_sizes(300, 300, &[480, 960]), vec![(300, 300)]);
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A noisy photo encoded as a JPEG at `quality`, with an EXIF block.
    fn jpeg(width: u32, height: u32, quality: u8) -> Vec<u8> {
        let mut pixels = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let noise = (x * 7919 + y * 104_729) % 97;
                pixels.extend([(x % 256) as u8, (y % 256) as u8, (noise * 2) as u8]);
            }
        }
        let plain = encode_jpeg(&pixels, (width, height), quality, None).unwrap_or_default();
        // An EXIF APP1 segment after SOI, as cameras write it.
        let exif = b"Exif\0\0GPS position 21.0285 N 105.8542 E";
        let mut out = plain[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(u16::try_from(exif.len() + 2).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(exif);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn no_published_file_outweighs_its_source_and_none_keeps_exif() -> Result<(), Message> {
        let source = jpeg(1000, 700, 30);
        let image = decode(&source)?;
        let settings = PhotoSettings {
            webp: true,
            ..PhotoSettings::default()
        };
        let sizes = target_sizes(image.width, image.height, &settings.widths);
        let mut files = Vec::new();
        encode_sizes(
            image,
            &sizes,
            &settings,
            Source { bytes: &source },
            &mut |file| {
                files.push((file.width, file.encoding, file.bytes.to_vec()));
                Ok(())
            },
        )?;
        assert_eq!(files.len(), 6, "480, 960 and 1000 wide, JPEG and WebP");
        for (width, encoding, bytes) in &files {
            assert!(
                bytes.len() <= source.len(),
                "{width} {encoding:?}: {} > {}",
                bytes.len(),
                source.len()
            );
            assert!(
                !bytes.windows(3).any(|w| w == b"GPS"),
                "{width} {encoding:?} keeps the EXIF"
            );
        }
        Ok(())
    }

    #[test]
    fn stripping_keeps_a_decodable_jpeg() {
        let source = jpeg(64, 48, 80);
        let stripped = strip_jpeg_metadata(&source).unwrap_or_default();
        assert!(stripped.len() < source.len());
        assert!(decode(&stripped).is_ok());
        assert_eq!(strip_jpeg_metadata(b"not a jpeg"), None);
    }
}
