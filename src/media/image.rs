//! Raster images: decoded with limits, resized, encoded, cached.

use super::cache::{Cache, Entry};
use super::{Blob, Kind, MAX_PIXELS, MAX_SIDE, MediaError, Published, Variant, WIDTHS};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType as Resize;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Quality of the JPEG variants (0–100).
const JPEG_QUALITY: u8 = 80;
/// Quality of the lossy WebP variants of photos (libwebp's scale, 0–100;
/// 75 is its own default): about half the bytes of the JPEG at 80.
const WEBP_QUALITY: f32 = 75.0;
/// Changes whenever processing changes, so older cache entries are not used.
const PARAMS: &str = "v3 orientation widths=400,800,1200,1600 jpeg=80 png=best webp=lossless,lossy75-for-jpeg filter=catmullrom";

/// Largest allocation a decoder may make.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

pub(super) fn process(
    bytes: &[u8],
    kind: Kind,
    folder: &str,
    stem: &str,
    digest: &str,
    cache: &Cache,
) -> Result<Published, MediaError> {
    let (format, name) = checked_format(bytes, kind)?;
    check_budget(bytes, format, name)?;
    let img = decode_oriented(bytes, format, name)?;
    let (width, height) = (img.width(), img.height());
    let (fallback, webp) = variants(&img, kind, folder, stem, name)?;
    let entry = Entry {
        width,
        height,
        fallback,
        webp,
    };
    Ok(from_entry(cache.put(&key(digest, folder, stem), entry)))
}

/// The decoder's format of an image of `kind` and its name for messages,
/// once its bytes are found to hold that format (and a JPEG to be whole).
fn checked_format(bytes: &[u8], kind: Kind) -> Result<(ImageFormat, &'static str), MediaError> {
    let (format, name) = match kind {
        Kind::Jpeg => (ImageFormat::Jpeg, "JPEG"),
        Kind::Png => (ImageFormat::Png, "PNG"),
        _ => (ImageFormat::WebP, "WebP"),
    };
    match image::guess_format(bytes) {
        Ok(f) if f == format => {}
        Ok(other) => {
            let other = match other {
                ImageFormat::Jpeg => "JPEG".to_string(),
                ImageFormat::Png => "PNG".to_string(),
                ImageFormat::WebP => "WebP".to_string(),
                f => format!("{f:?}"),
            };
            return Err(MediaError::new(
                format!("the file is named as a {name} image but holds a {other} image"),
                "give the file the extension of its real format, or export it again",
            ));
        }
        Err(_) => {
            return Err(MediaError::new(
                format!("the file is named as a {name} image but is not an image"),
                "export the image again from its editor, as JPEG, PNG or WebP",
            ));
        }
    }
    if kind == Kind::Jpeg && !jpeg_is_complete(bytes) {
        return Err(MediaError::new(
            "the JPEG file is truncated (it does not end where a JPEG ends)",
            "copy or export the image again: the file was cut short",
        ));
    }
    Ok((format, name))
}

/// Refuses an image over the size budget, from its header alone (no pixel
/// allocated): the budget's own message.
fn check_budget(bytes: &[u8], format: ImageFormat, name: &str) -> Result<(), MediaError> {
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| unreadable(name, &e))?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::new(
            format!(
                "the image is over the budget: {width} × {height} pixels, for at most {MAX_SIDE} pixels a side and {} megapixels",
                MAX_PIXELS / 1_000_000
            ),
            "export the image at most 3 000 pixels wide (a photo for the screen needs no more)",
        ));
    }
    Ok(())
}

/// The decoded image, turned as its EXIF orientation says (photos from
/// phones say how they were held).
fn decode_oriented(
    bytes: &[u8],
    format: ImageFormat,
    name: &str,
) -> Result<DynamicImage, MediaError> {
    let mut decoder = reader(bytes, format)
        .into_decoder()
        .map_err(|e| unreadable(name, &e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(name, &e))?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// The published variants of `img` at each width: the fallbacks (JPEG or
/// PNG) and the WebPs.
fn variants(
    img: &DynamicImage,
    kind: Kind,
    folder: &str,
    stem: &str,
    name: &str,
) -> Result<(Vec<Variant>, Vec<Variant>), MediaError> {
    let (width, height) = (img.width(), img.height());
    let mut fallback = Vec::new();
    let mut webp = Vec::new();
    for w in widths(width) {
        let scaled = if w == width {
            img.clone()
        } else {
            let h = scaled_height(width, height, w);
            img.resize_exact(w, h, Resize::CatmullRom)
        };
        let (w, h) = (scaled.width(), scaled.height());
        let (ext, data) = if kind == Kind::Jpeg {
            ("jpg", encode_jpeg(&scaled))
        } else {
            ("png", encode_png(&scaled))
        };
        fallback.push(Variant {
            path: format!("{folder}{stem}-{w}.{ext}"),
            width: w,
            height: h,
            bytes: Blob::from(data.map_err(|e| unreadable(name, &e))?),
        });
        // Photos (JPEG) get a lossy WebP, about half the JPEG's bytes;
        // PNG and WebP sources (logos, drawings) a lossless one.
        let webp_bytes = if kind == Kind::Jpeg {
            encode_webp_lossy(&scaled).map_err(|e| unreadable(name, &e))?
        } else {
            encode_webp(&scaled).map_err(|e| unreadable(name, &e))?
        };
        webp.push(Variant {
            path: format!("{folder}{stem}-{w}.webp"),
            width: w,
            height: h,
            bytes: Blob::from(webp_bytes),
        });
    }
    Ok((fallback, webp))
}

fn key(digest: &str, folder: &str, stem: &str) -> String {
    super::hash(&[
        digest.as_bytes(),
        PARAMS.as_bytes(),
        folder.as_bytes(),
        stem.as_bytes(),
    ])
}

/// The processed image of a source whose hash is `digest`, when the cache
/// has it: what a warm build uses without reading the source (an entry is
/// only made once the source passed every check of [`process`]).
pub(super) fn cached(folder: &str, stem: &str, digest: &str, cache: &Cache) -> Option<Published> {
    cache
        .get(&key(digest, folder, stem), folder)
        .map(from_entry)
}

fn from_entry(e: Entry) -> Published {
    Published::Raster {
        fallback: e.fallback,
        webp: e.webp,
    }
}

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut r = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    r.limits(limits);
    r
}

fn unreadable(name: &str, e: &dyn std::fmt::Display) -> MediaError {
    MediaError::new(
        format!("the {name} image cannot be read: {e}"),
        "export the image again from its editor; if it is very large, make it smaller",
    )
}

/// A JPEG ends with the EOI marker (some writers pad after it).
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let end = bytes.len() - bytes.iter().rev().take_while(|&&b| b == 0).count();
    end >= 4 && bytes[..end].ends_with(&[0xFF, 0xD9])
}

/// The widths of the variants of an image `width` pixels wide: never wider
/// than it.
pub(super) fn widths(width: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    let largest = WIDTHS[WIDTHS.len() - 1];
    if width <= largest {
        out.push(width);
    } else {
        out.retain(|&w| w < largest);
        out.push(largest);
    }
    out
}

fn scaled_height(width: u32, height: u32, w: u32) -> u32 {
    let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(h.max(1)).unwrap_or(1)
}

fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, image::ImageError> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
        rgb.as_raw(),
        rgb.width(),
        rgb.height(),
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, image::ImageError> {
    let rgba = img.to_rgba8();
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(
            rgba.as_raw(),
            rgba.width(),
            rgba.height(),
            image::ExtendedColorType::Rgba8,
        )?;
    Ok(out)
}

fn encode_webp(img: &DynamicImage) -> Result<Vec<u8>, image::ImageError> {
    let rgba = img.to_rgba8();
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out).write_image(
        rgba.as_raw(),
        rgba.width(),
        rgba.height(),
        image::ExtendedColorType::Rgba8,
    )?;
    Ok(out)
}

/// libwebp, single-threaded (its default): the same pixels give the same
/// bytes on every run.
fn encode_webp_lossy(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let rgb = img.to_rgb8();
    webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
        .encode_simple(false, WEBP_QUALITY)
        .map(|m| m.to_vec())
        .map_err(|e| format!("WebP encoding failed ({e:?})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_wider_than_the_original() {
        assert_eq!(widths(300), vec![300]);
        assert_eq!(widths(1000), vec![400, 800, 1000]);
        assert_eq!(widths(1600), vec![400, 800, 1200, 1600]);
        assert_eq!(widths(4000), vec![400, 800, 1200, 1600]);
    }

    #[test]
    fn truncated_jpeg() {
        assert!(jpeg_is_complete(&[0xFF, 0xD8, 0, 0xFF, 0xD9, 0, 0]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0, 1, 2]));
        assert!(!jpeg_is_complete(&[]));
    }
}
