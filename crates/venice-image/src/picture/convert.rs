//! Inputs turned into what Venice takes before they are uploaded, when
//! their bytes as stored would be misread: a JPEG, PNG or WebP whose EXIF
//! orientation says "rotate" (how phones store portrait photos) is turned
//! upright, a CMYK JPEG becomes RGB, a 16-bit PNG becomes 8-bit. The image
//! is decoded and re-encoded (JPEG at quality [`QUALITY`], or PNG for a
//! PNG or a picture with transparency: lossless stays lossless), carries
//! no rotation tag, keeps its ICC profile when the
//! profile still describes the pixels, and the change is reported (as a
//! [`FitReport`] that was not resized), never silent.
//!
//! Built with the `fit` feature (the `image` crate); without it,
//! `convert_off` stands in and inputs go as they are stored.

use std::io::Cursor;

use bytes::Bytes;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};

use crate::error::{InvalidInput, Rule};
use crate::picture::bounds::check_bounds;
use crate::picture::fit::FitReport;
use crate::picture::probe::{self, ImageFormat, ImageInfo};

/// The JPEG quality a converted photo is encoded at: high enough that the
/// model sees no new artefacts.
pub const QUALITY: u8 = 95;

/// Why an input is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// Its EXIF orientation (2 to 8) says its pixels are not upright.
    Orientation(u8),
    /// A four-component (CMYK or YCCK) JPEG.
    Cmyk,
    /// More than 8 bits a channel.
    Deep(u8),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Orientation(o) => write!(f, "turned upright from its EXIF orientation {o}"),
            Self::Cmyk => f.write_str("converted from CMYK to RGB"),
            Self::Deep(bits) => write!(f, "converted from {bits} to 8 bits a channel"),
        }
    }
}

/// What must be done to `info`'s image before Venice is sent it (nothing
/// for what it takes as it is).
pub(crate) fn reasons(info: &ImageInfo) -> Vec<Reason> {
    let mut out = Vec::new();
    let still =
        matches!(info.format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Webp) && !info.animated;
    if let Some(o) = info.orientation.filter(|o| still && (2..=8).contains(o)) {
        out.push(Reason::Orientation(o));
    }
    if info.format == ImageFormat::Jpeg && info.cmyk {
        out.push(Reason::Cmyk);
    }
    if info.format == ImageFormat::Png && info.bit_depth > 8 {
        out.push(Reason::Deep(info.bit_depth));
    }
    out
}

/// Whether `info`'s image is converted before upload.
pub(crate) fn needed(info: &ImageInfo) -> bool {
    !reasons(info).is_empty()
}

/// Converts `data` (see the module docs). Blocking and CPU-heavy: call it
/// off the async threads.
pub(crate) fn convert(
    field: &str,
    origin: &str,
    data: &[u8],
    info: &ImageInfo,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    let why = reasons(info);
    if let ([Reason::Orientation(o)], ImageFormat::Jpeg) = (why.as_slice(), info.format)
        && let Some(turned) = lossless(field, origin, data, info, *o)?
    {
        return Ok(turned);
    }
    let fail =
        |e: String| InvalidInput::new(field, Rule::CorruptImage, format!("cannot convert {origin}: {e}"));
    let format = match info.format {
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Webp => image::ImageFormat::WebP,
        other => return Err(fail(format!("{other} images cannot be decoded here"))),
    };
    let _turn = crate::picture::fit::DecodeTurn::take();
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    reader.limits(crate::picture::fit::limits());
    let mut decoder = reader.into_decoder().map_err(|e| fail(e.to_string()))?;
    let icc = decoder.icc_profile().ok().flatten().filter(|p| describes_rgb(p) && !info.cmyk);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| fail(e.to_string()))?;
    if let Some(Reason::Orientation(o)) = why.iter().find(|r| matches!(r, Reason::Orientation(_))) {
        img.apply_orientation(Orientation::from_exif(*o).unwrap_or(Orientation::NoTransforms));
    }
    let (bytes, out_format) =
        encode(&img, icc, info.format == ImageFormat::Png).map_err(|e| fail(e.to_string()))?;
    let new_info = probe::probe_bytes(&bytes).map_err(|e| fail(e.to_string()))?;
    check_bounds(field, origin, &new_info, bytes.len() as u64)?;
    let report = FitReport {
        field: field.to_owned(),
        from: (info.width, info.height, data.len() as u64),
        to: (new_info.width, new_info.height, bytes.len() as u64),
        format: out_format.to_string(),
        rotated: why.iter().any(|r| matches!(r, Reason::Orientation(_))),
        converted: why.iter().map(ToString::to_string).collect(),
        lossless: false,
    };
    Ok((Bytes::from(bytes), new_info, report))
}

/// A JPEG whose only fault is its orientation, turned upright on its
/// blocks (`turn`) and stripped of its metadata like any upload (its ICC
/// profile kept); `None` when that cannot be done perfectly.
fn lossless(
    field: &str,
    origin: &str,
    data: &[u8],
    info: &ImageInfo,
    orientation: u8,
) -> Result<Option<(Bytes, ImageInfo, FitReport)>, InvalidInput> {
    let _turn = crate::picture::fit::DecodeTurn::take();
    let Some(turned) = crate::picture::turn::losslessly(data, orientation) else { return Ok(None) };
    let Ok(stripped) = crate::picture::strip::remove_metadata(&turned) else { return Ok(None) };
    let bytes = stripped.unwrap_or(turned);
    let Ok(new_info) = probe::probe_bytes(&bytes) else { return Ok(None) };
    check_bounds(field, origin, &new_info, bytes.len() as u64)?;
    let report = FitReport {
        field: field.to_owned(),
        from: (info.width, info.height, data.len() as u64),
        to: (new_info.width, new_info.height, bytes.len() as u64),
        format: ImageFormat::Jpeg.to_string(),
        rotated: true,
        converted: vec![Reason::Orientation(orientation).to_string()],
        lossless: true,
    };
    Ok(Some((bytes, new_info, report)))
}

/// Whether an ICC profile describes RGB pixels (its colour space field).
pub(crate) fn describes_rgb(icc: &[u8]) -> bool {
    icc.get(16..20) == Some(b"RGB ")
}

/// 8-bit PNG when the image has transparency, more than 8 bits a channel,
/// or was `lossless` (a PNG stays lossless), else JPEG at [`QUALITY`];
/// with `icc` embedded.
pub(crate) fn encode(
    img: &DynamicImage,
    icc: Option<Vec<u8>>,
    lossless: bool,
) -> image::ImageResult<(Vec<u8>, ImageFormat)> {
    let mut out = Vec::new();
    let deep = matches!(
        img,
        DynamicImage::ImageLuma16(_)
            | DynamicImage::ImageLumaA16(_)
            | DynamicImage::ImageRgb16(_)
            | DynamicImage::ImageRgba16(_)
    );
    if img.color().has_alpha() || deep || lossless {
        let eight = if img.color().has_alpha() {
            DynamicImage::ImageRgba8(img.to_rgba8())
        } else {
            DynamicImage::ImageRgb8(img.to_rgb8())
        };
        let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
        if let Some(p) = icc {
            let _ = encoder.set_icc_profile(p);
        }
        eight.write_with_encoder(encoder)?;
        return Ok((out, ImageFormat::Png));
    }
    let bytes = match img {
        // Already RGB (a decoded HEIC, a JPEG): no copy of its pixels.
        DynamicImage::ImageRgb8(rgb) => jpeg(rgb, QUALITY, icc.as_deref())?,
        other => jpeg(&other.to_rgb8(), QUALITY, icc.as_deref())?,
    };
    Ok((bytes, ImageFormat::Jpeg))
}

/// A JPEG of `rgb` at `quality`, with `icc` embedded, by jpeg-encoder
/// rather than `image`'s own encoder: its SIMD path encodes a 12 MP picture
/// at quality 95 in 96 ms where `image`'s takes 236 ms (measured side by
/// side on this project's machine; BENCHMARKS.md, the HEIC section).
pub(crate) fn jpeg(rgb: &image::RgbImage, quality: u8, icc: Option<&[u8]>) -> image::ImageResult<Vec<u8>> {
    use image::error::{EncodingError, ImageError, ImageFormatHint, LimitError, LimitErrorKind};
    let fail = |e: jpeg_encoder::EncodingError| {
        ImageError::Encoding(EncodingError::new(ImageFormatHint::Exact(image::ImageFormat::Jpeg), e))
    };
    let (Ok(w), Ok(h)) = (u16::try_from(rgb.width()), u16::try_from(rgb.height())) else {
        return Err(ImageError::Limits(LimitError::from_kind(LimitErrorKind::DimensionError)));
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    if let Some(p) = icc {
        // A profile too large for JPEG's APP2 chain is left out.
        let _ = encoder.add_icc_profile(p);
    }
    encoder.encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb).map_err(fail)?;
    Ok(out)
}
