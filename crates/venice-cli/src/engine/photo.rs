//! `edit`'s photo finishing, done locally around the call (no extra
//! request). Before it is sent ([`prepare`]): the input's upright size and,
//! with `--mask`, its decoded pixels and the mask, read in its convention,
//! scaled to the input's size when it differs (said), refused when it
//! marks nothing or everything, turned into the layer sent as multi-edit's
//! second image (white = edit, the prompt says so: the edit endpoints take
//! no mask field) and into edit weights feathered outward by `--feather`
//! pixels (HEIC and AVIF inputs decoded by the library). After the answer ([`finish`]): the answer resized back to the
//! input's size (Lanczos3) and, with a mask, composited onto the original
//! through the weights, so that every pixel outside the mask and its
//! feather is the original's, bit for bit (written as PNG, lossless).

use std::io::Cursor;

use bytes::Bytes;
use image::imageops::FilterType;
use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, Luma};

use crate::settings::photo::{MaskConvention, PhotoEdit};

/// What the prompt is given when a mask goes with it.
pub const MASK_INSTRUCTION: &str = " Change only the area that is white in the second image (a mask); \
leave everything that is black in it exactly as it is in the first image.";

/// Why the photo finishing cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("--keep-size and --mask need a local image (a file or standard input), not a URL")]
    NotLocal,
    #[error("{what} cannot be read: {why}")]
    Unreadable { what: String, why: String },
    #[error("the mask {0} marks nothing to edit (with --mask-convention {1}); nothing was sent")]
    EmptyMask(String, &'static str),
    #[error("the mask {0} marks the whole image (with --mask-convention {1}): edit without --mask")]
    FullMask(String, &'static str),
    #[error("the answer is not an image this can read: {0}")]
    Answer(image::ImageError),
    #[error("the result cannot be encoded: {0}")]
    Encode(image::ImageError),
}

impl PhotoError {
    /// Whether the fault is the mask's (else the input's).
    pub fn is_mask(&self) -> bool {
        matches!(self, Self::EmptyMask(..) | Self::FullMask(..))
            || matches!(self, Self::Unreadable { what, .. } if what.starts_with("the mask"))
    }
}

/// What is kept from before the call for its finishing.
#[derive(Debug)]
pub struct Local {
    /// The input's upright size.
    size: (u32, u32),
    /// With a mask: the original, upright, and the edit weights (0: the
    /// original's pixel, 255: the edit's) at its size.
    masked: Option<(DynamicImage, GrayImage)>,
    /// The mask layer to send (PNG, white = edit).
    pub layer: Option<Bytes>,
    /// What was done that the user should know (a scaled mask).
    pub notes: Vec<String>,
}

fn unreadable(what: &str, e: impl std::fmt::Display) -> PhotoError {
    PhotoError::Unreadable { what: what.to_owned(), why: e.to_string() }
}

/// Reads the input (`bytes`) and the mask as `photo` asks. Blocking.
pub fn prepare(photo: &PhotoEdit, bytes: &[u8]) -> Result<Local, PhotoError> {
    if is_heif(bytes) {
        return match &photo.mask {
            Some(mask_path) => masked(photo, mask_path, heif(bytes)?),
            None => Ok(Local { size: heif_size(bytes)?, masked: None, layer: None, notes: Vec::new() }),
        };
    }
    let reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| unreadable("the image", e))?;
    let mut decoder = reader.into_decoder().map_err(|e| unreadable("the image", e))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let Some(mask_path) = &photo.mask else {
        let (w, h) = decoder.dimensions();
        let turned = matches!(
            orientation,
            image::metadata::Orientation::Rotate90
                | image::metadata::Orientation::Rotate270
                | image::metadata::Orientation::Rotate90FlipH
                | image::metadata::Orientation::Rotate270FlipH
        );
        let size = if turned { (h, w) } else { (w, h) };
        return Ok(Local { size, masked: None, layer: None, notes: Vec::new() });
    };
    let mut original = DynamicImage::from_decoder(decoder).map_err(|e| unreadable("the image", e))?;
    original.apply_orientation(orientation);
    masked(photo, mask_path, original)
}

/// Whether `bytes` are a HEIC or AVIF file.
fn is_heif(bytes: &[u8]) -> bool {
    let format = venice_image::probe::sniff(bytes.get(..16).unwrap_or(bytes));
    matches!(format, Some(venice_image::ImageFormat::Heic | venice_image::ImageFormat::Avif))
}

/// A HEIC or AVIF input's upright size, from its container (no decode).
#[cfg_attr(not(feature = "heic"), allow(unused_variables))]
fn heif_size(bytes: &[u8]) -> Result<(u32, u32), PhotoError> {
    #[cfg(feature = "heic")]
    return venice_image::heif_dimensions(bytes).map_err(|e| unreadable("the image", e));
    #[cfg(not(feature = "heic"))]
    Err(unreadable("the image", NO_HEIC))
}

#[cfg(not(feature = "heic"))]
const NO_HEIC: &str = "this build has no HEIC or AVIF support (the `heic` feature)";

/// A HEIC or AVIF input decoded upright (by the library's libheif, which
/// takes its turn among the process's decodes).
#[cfg_attr(not(feature = "heic"), allow(unused_variables))]
fn heif(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    #[cfg(feature = "heic")]
    {
        let picture = venice_image::decode_heif(bytes).map_err(|e| unreadable("the image", e))?;
        let (w, h) = (picture.width, picture.height);
        let image = match picture.has_alpha {
            true => image::RgbaImage::from_raw(w, h, picture.pixels).map(DynamicImage::ImageRgba8),
            false => image::RgbImage::from_raw(w, h, picture.pixels).map(DynamicImage::ImageRgb8),
        };
        image.ok_or_else(|| unreadable("the image", "its decoded size does not match"))
    }
    #[cfg(not(feature = "heic"))]
    Err(unreadable("the image", NO_HEIC))
}

/// The mask read against the upright `original`, and the layer to send.
fn masked(
    photo: &PhotoEdit,
    mask_path: &std::path::Path,
    original: DynamicImage,
) -> Result<Local, PhotoError> {
    let original = eight_bits(original);
    let size = (original.width(), original.height());
    let shown = mask_path.display().to_string();
    let mask_image = image::open(mask_path).map_err(|e| unreadable(&format!("the mask {shown}"), e))?;
    let mut notes = Vec::new();
    let mut mask = read_mask(&mask_image, photo.mask_convention);
    if mask.dimensions() != size {
        notes.push(format!(
            "the mask {shown} is {}x{}: scaled to the image's {}x{}",
            mask.width(),
            mask.height(),
            size.0,
            size.1
        ));
        mask = image::imageops::resize(&mask, size.0, size.1, FilterType::Triangle);
    }
    let name = convention_name(photo.mask_convention);
    let marked = mask.pixels().filter(|p| p.0[0] >= 128).count();
    if marked == 0 {
        return Err(PhotoError::EmptyMask(shown, name));
    }
    if marked == mask.pixels().len() {
        return Err(PhotoError::FullMask(shown, name));
    }
    let mut layer = Cursor::new(Vec::new());
    DynamicImage::ImageLuma8(mask.clone())
        .write_to(&mut layer, ImageFormat::Png)
        .map_err(PhotoError::Encode)?;
    let weights = feather(&mask, photo.feather);
    Ok(Local { size, masked: Some((original, weights)), layer: Some(Bytes::from(layer.into_inner())), notes })
}

fn convention_name(c: MaskConvention) -> &'static str {
    match c {
        MaskConvention::White => "white",
        MaskConvention::Black => "black",
        MaskConvention::Alpha => "alpha",
    }
}

/// 8 bits a channel, RGB or RGBA as the image has transparency.
fn eight_bits(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => img,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.into_rgba8()),
        other => DynamicImage::ImageRgb8(other.into_rgb8()),
    }
}

/// The mask's edit weights: 255 where it says "edit".
fn read_mask(mask: &DynamicImage, convention: MaskConvention) -> GrayImage {
    match convention {
        MaskConvention::White => mask.to_luma8(),
        MaskConvention::Black => {
            let mut m = mask.to_luma8();
            m.pixels_mut().for_each(|p| p.0[0] = 255 - p.0[0]);
            m
        }
        MaskConvention::Alpha => {
            let rgba = mask.to_rgba8();
            GrayImage::from_fn(rgba.width(), rgba.height(), |x, y| Luma([255 - rgba.get_pixel(x, y).0[3]]))
        }
    }
}

/// The weights feathered outward: the larger of the mask and its box blur
/// of `radius` (separable running sums), so the inside stays edited and
/// nothing farther than `radius` pixels from the mask changes.
pub fn feather(mask: &GrayImage, radius: u32) -> GrayImage {
    if radius == 0 {
        return mask.clone();
    }
    let (w, h) = (mask.width() as usize, mask.height() as usize);
    let r = radius as usize;
    let span = (2 * r + 1) as u32;
    let blur_line = |line: &[u8], out: &mut [u8]| {
        let n = line.len();
        let mut sum: u32 = line[..r.min(n - 1) + 1].iter().map(|&v| u32::from(v)).sum();
        for i in 0..n {
            // Rounded up: non-zero wherever any mask pixel is within reach.
            out[i] = sum.div_ceil(span) as u8;
            if i + r + 1 < n {
                sum += u32::from(line[i + r + 1]);
            }
            if i >= r {
                sum -= u32::from(line[i - r]);
            }
        }
    };
    let src = mask.as_raw();
    let mut rows = vec![0u8; w * h];
    for y in 0..h {
        blur_line(&src[y * w..(y + 1) * w], &mut rows[y * w..(y + 1) * w]);
    }
    let mut out = GrayImage::new(mask.width(), mask.height());
    let (mut column, mut blurred) = (vec![0u8; h], vec![0u8; h]);
    for x in 0..w {
        for y in 0..h {
            column[y] = rows[y * w + x];
        }
        blur_line(&column, &mut blurred);
        for y in 0..h {
            out.put_pixel(x as u32, y as u32, Luma([src[y * w + x].max(blurred[y])]));
        }
    }
    out
}

/// The answer (`bytes`, extension `ext`) at the input's size and, with a
/// mask, composited onto the original. Blocking and CPU-heavy.
pub fn finish(local: &Local, bytes: &[u8], ext: &'static str) -> Result<(Bytes, &'static str), PhotoError> {
    let answer = image::load_from_memory(bytes).map_err(PhotoError::Answer)?;
    let resized = if (answer.width(), answer.height()) == local.size {
        answer
    } else {
        answer.resize_exact(local.size.0, local.size.1, FilterType::Lanczos3)
    };
    // The format asked for (`-o`'s extension, `--format`), which the
    // answer came in: a mask's composite is exact outside the mask in PNG
    // and WebP (lossless here), close to it in JPEG.
    let format = ImageFormat::from_extension(ext).unwrap_or(ImageFormat::Png);
    let out = match &local.masked {
        Some((original, weights)) => composite(original, &resized, weights),
        None => resized,
    };
    let mut buf = Cursor::new(Vec::new());
    if format == ImageFormat::Jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, 92);
        DynamicImage::ImageRgb8(out.to_rgb8()).write_with_encoder(encoder).map_err(PhotoError::Encode)?;
    } else {
        out.write_to(&mut buf, format).map_err(PhotoError::Encode)?;
    }
    Ok((Bytes::from(buf.into_inner()), ext))
}

/// `original` where the weight is 0, `edited` where it is 255, blended
/// between.
fn composite(original: &DynamicImage, edited: &DynamicImage, weights: &GrayImage) -> DynamicImage {
    let blend = |o: &mut [u8], e: &[u8], w: u8| {
        if w == 0 {
            return;
        }
        let w = u32::from(w);
        for (a, b) in o.iter_mut().zip(e) {
            *a = ((u32::from(*a) * (255 - w) + u32::from(*b) * w + 127) / 255) as u8;
        }
    };
    match original {
        DynamicImage::ImageRgba8(o) => {
            let mut out = o.clone();
            let e = edited.to_rgba8();
            for ((p, q), w) in out.pixels_mut().zip(e.pixels()).zip(weights.pixels()) {
                blend(&mut p.0, &q.0, w.0[0]);
            }
            DynamicImage::ImageRgba8(out)
        }
        other => {
            let mut out = other.to_rgb8();
            let e = edited.to_rgb8();
            for ((p, q), w) in out.pixels_mut().zip(e.pixels()).zip(weights.pixels()) {
                blend(&mut p.0, &q.0, w.0[0]);
            }
            DynamicImage::ImageRgb8(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feathering_reaches_exactly_radius_pixels_out() {
        let mask = GrayImage::from_fn(40, 40, |x, y| {
            Luma([if (10..20).contains(&x) && (10..20).contains(&y) { 255 } else { 0 }])
        });
        let f = feather(&mask, 3);
        assert_eq!(f.get_pixel(15, 15).0[0], 255, "inside stays edited");
        assert!(f.get_pixel(7, 15).0[0] > 0 && f.get_pixel(22, 15).0[0] > 0, "3 px out blends");
        assert_eq!(f.get_pixel(6, 15).0[0], 0, "4 px out is the original's");
        assert_eq!(f.get_pixel(23, 23).0[0], 0);
        assert_eq!(feather(&mask, 0), mask);
    }
}
