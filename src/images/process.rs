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

/// A decoded photo, upright, as 8-bit RGB.
pub(super) struct Decoded {
    pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The colour profile to carry over, unless it is plain sRGB.
    icc: Option<Vec<u8>>,
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

/// The sizes to write: each configured width below the photo's own, then the
/// largest configured width (or the photo's own width when it is smaller).
pub(super) fn target_sizes(width: u32, height: u32, widths: &[u32]) -> Vec<(u32, u32)> {
    let largest = widths
        .iter()
        .copied()
        .max()
        .unwrap_or(width)
        .min(width)
        .max(1);
    let scale = |to: u32| {
        (
            to,
            ((u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1)))
                .max(1) as u32,
        )
    };
    let mut sizes: Vec<(u32, u32)> = widths
        .iter()
        .copied()
        .filter(|&to| to < largest)
        .map(scale)
        .collect();
    sizes.push(scale(largest));
    sizes
}

/// Resizes `image` to each of `sizes`, largest first (each from the one
/// before), and hands every encoded file to `keep`: the WebP (when the site
/// asks for it) before the JPEG.
pub(super) fn encode_sizes(
    image: Decoded,
    sizes: &[(u32, u32)],
    settings: &PhotoSettings,
    keep: &mut dyn FnMut(Encoded<'_>) -> Result<(), Message>,
) -> Result<(), Message> {
    let mut pixels = image.pixels;
    let mut current = (image.width, image.height);
    for &size in sizes.iter().rev() {
        if size != current {
            pixels = resize(&pixels, current, size)?;
            current = size;
        }
        let (width, height) = size;
        if settings.webp {
            let webp =
                webp::Encoder::from_rgb(&pixels, width, height).encode(f32::from(settings.quality));
            keep(Encoded {
                width,
                encoding: Encoding::Webp,
                bytes: &webp,
            })?;
        }
        let jpeg = encode_jpeg(&pixels, size, settings.quality, image.icc.as_deref())?;
        keep(Encoded {
            width,
            encoding: Encoding::Jpeg,
            bytes: &jpeg,
        })?;
    }
    Ok(())
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
