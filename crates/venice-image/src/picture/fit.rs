//! Opt-in fitting: an image over the pixel or size limit is decoded, turned
//! upright (EXIF orientation), downscaled and re-encoded so that the service
//! takes it. What changed is reported, never silent. Built with the `fit`
//! feature (the `image` dependency); without it, `fit_off` stands in.

use std::io::Cursor;

use bytes::Bytes;
use image::{DynamicImage, ImageDecoder, ImageReader, imageops::FilterType};

use crate::error::{InvalidInput, Rule};
use crate::limits::{
    MAX_FILE_BYTES, MAX_FIT_ALLOC, MAX_FIT_PIXELS, MAX_FIT_SIDE, MAX_OUTPUT_SIDE, MAX_PIXELS,
};
use crate::picture::bounds::check_bounds;
use crate::picture::probe::{self, ImageFormat, ImageInfo};

pub use crate::picture::fit_report::FitReport;

fn encode(img: &DynamicImage, format: ImageFormat, quality: u8) -> image::ImageResult<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    match format {
        // 8 bits a channel: a 16-bit PNG is not what the service takes.
        ImageFormat::Png => {
            DynamicImage::ImageRgba8(img.to_rgba8()).write_to(&mut out, image::ImageFormat::Png)?
        }
        _ => return crate::picture::convert::jpeg(&img.to_rgb8(), quality, None),
    }
    Ok(out.into_inner())
}

/// Decodes at once, in the whole process.
const DECODES_AT_ONCE: usize = 2;

static DECODING: (std::sync::Mutex<usize>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// One of the [`DECODES_AT_ONCE`] turns, given back when dropped. Fitting
/// runs on blocking threads, so the wait blocks.
pub(crate) struct DecodeTurn;

impl DecodeTurn {
    pub(crate) fn take() -> Self {
        let (count, freed) = &DECODING;
        let mut n = count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *n >= DECODES_AT_ONCE {
            n = freed.wait(n).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *n += 1;
        Self
    }
}

impl Drop for DecodeTurn {
    fn drop(&mut self) {
        let (count, freed) = &DECODING;
        let mut n = count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *n = n.saturating_sub(1);
        freed.notify_one();
    }
}

/// The decoder's limits: no side over [`MAX_FIT_SIDE`], no more memory than
/// [`MAX_FIT_ALLOC`], whatever a header claims.
pub(crate) fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_FIT_SIDE);
    l.max_image_height = Some(MAX_FIT_SIDE);
    l.max_alloc = Some(MAX_FIT_ALLOC);
    l
}

/// The scale that brings `w`x`h` under the pixel limit and every side
/// under the encoders' limit.
fn first_scale(w: u32, h: u32, max_pixels: u64) -> f64 {
    let pixels = u64::from(w) * u64::from(h);
    let by_pixels =
        if pixels > max_pixels { (max_pixels as f64 / pixels as f64).sqrt() * 0.999 } else { 1.0 };
    let side = f64::from(w.max(h));
    let by_side = if side > f64::from(MAX_OUTPUT_SIDE) { f64::from(MAX_OUTPUT_SIDE) / side } else { 1.0 };
    by_pixels.min(by_side)
}

/// Fits `data` under the limits. Blocking and CPU-heavy: call it off the
/// async threads.
pub(crate) fn fit(
    field: &str,
    origin: &str,
    data: &[u8],
    info: &ImageInfo,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    fit_within(field, origin, data, info, MAX_PIXELS)
}

/// Fits `data` under the limits and under `max_pixels` (an upscale input
/// must be small enough for its 2x output). Blocking, like [`fit`].
pub(crate) fn fit_within(
    field: &str,
    origin: &str,
    data: &[u8],
    info: &ImageInfo,
    max_pixels: u64,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    let fail =
        |why: String| InvalidInput::new(field, Rule::CorruptImage, format!("cannot fit {origin}: {why}"));
    // A decode may take hundreds of megabytes: a batch of large inputs
    // decodes a few at a time, however many calls are prepared at once.
    let _turn = DecodeTurn::take();
    let format = match info.format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Webp => image::ImageFormat::WebP,
        ImageFormat::Gif => image::ImageFormat::Gif,
        other => return Err(fail(format!("{other} images cannot be decoded here"))),
    };
    if info.width > MAX_FIT_SIDE || info.height > MAX_FIT_SIDE || info.pixels() > MAX_FIT_PIXELS {
        return Err(InvalidInput::new(
            field,
            Rule::TooManyPixels,
            format!(
                "{origin} is {}x{}: too large to fit here (at most {MAX_FIT_SIDE} px a side and {} pixels); downscale it with an image editor",
                info.width,
                info.height,
                crate::support::human::thousands(MAX_FIT_PIXELS)
            ),
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(|e| fail(e.to_string()))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| fail(e.to_string()))?;
    let rotated = orientation != image::metadata::Orientation::NoTransforms;
    img.apply_orientation(orientation);

    let out_format = if img.color().has_alpha() { ImageFormat::Png } else { ImageFormat::Jpeg };
    let mut scale = first_scale(img.width(), img.height(), max_pixels.min(MAX_PIXELS));
    // Shrink until the encoded file is under the size limit too.
    for _ in 0..8 {
        let (w, h) = (
            ((f64::from(img.width()) * scale).floor() as u32).max(1),
            ((f64::from(img.height()) * scale).floor() as u32).max(1),
        );
        let resized = if scale < 1.0 { img.resize_exact(w, h, FilterType::Triangle) } else { img.clone() };
        let bytes = encode(&resized, out_format, 90).map_err(|e| fail(e.to_string()))?;
        if (bytes.len() as u64) < MAX_FILE_BYTES {
            let new_info = probe::probe_bytes(&bytes).map_err(|e| fail(e.to_string()))?;
            check_bounds(field, origin, &new_info, bytes.len() as u64)?;
            let report = FitReport {
                field: field.to_owned(),
                from: (info.width, info.height, data.len() as u64),
                to: (w, h, bytes.len() as u64),
                format: out_format.to_string(),
                rotated,
                converted: Vec::new(),
                lossless: false,
            };
            return Ok((Bytes::from(bytes), new_info, report));
        }
        scale *= 0.8;
    }
    Err(fail("it stays over 25 MB however far it is shrunk".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_claiming_a_huge_image_is_refused_without_decoding() {
        // A valid PNG header that claims 100,000 x 100,000 pixels, and nothing behind it.
        let data = venice_mock::fixtures::png_claiming(100_000, 100_000);
        let info = probe::probe_bytes(&data).unwrap();
        let e = fit("image", "huge.png", &data, &info).unwrap_err();
        assert_eq!(e.rule, Rule::TooManyPixels);
        assert!(e.message.contains("100000x100000"), "{}", e.message);
    }

    #[test]
    fn no_side_is_left_over_what_the_encoders_take() {
        assert!(first_scale(70_000, 400, MAX_PIXELS) * 70_000.0 <= f64::from(MAX_OUTPUT_SIDE));
        assert_eq!(first_scale(4000, 3000, MAX_PIXELS), 1.0);
        let s = first_scale(10_000, 10_000, MAX_PIXELS);
        assert!(s * s * 1e8 <= MAX_PIXELS as f64);
    }

    /// A 400x300 JPEG whose EXIF says "rotate 90 degrees clockwise to view".
    fn jpeg_with_orientation_6() -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(400, 300, |x, _| image::Rgb([if x < 200 { 255 } else { 0 }, 0, 0]));
        let mut jpeg = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img).write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
        let jpeg = jpeg.into_inner();
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&exif);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn fitting_turns_the_image_upright_and_reports_it() {
        let data = jpeg_with_orientation_6();
        let info = probe::probe_bytes(&data).unwrap();
        assert_eq!((info.width, info.height, info.orientation), (400, 300, Some(6)));
        let (bytes, new_info, report) = fit("image", "photo.jpg", &data, &info).unwrap();
        assert!(report.rotated);
        assert_eq!((new_info.width, new_info.height), (300, 400), "upright: the sides swap");
        let upright = image::load_from_memory(&bytes).unwrap().into_rgb8();
        // The red left half is now the top half.
        assert!(upright.get_pixel(150, 20).0[0] > 200 && upright.get_pixel(150, 380).0[0] < 60);
        assert!(report.to_string().ends_with("turned upright from its EXIF orientation"), "{report}");
    }
}
