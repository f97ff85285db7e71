//! `remove-bg`'s finishing, done locally on the service's answer (no
//! extra request): crop to the subject's box (its pixels with any
//! opacity) plus a margin, the mask alone as greyscale, or the cut-out
//! flattened onto a colour or an image; then encoded as asked (PNG,
//! lossless WebP, JPEG at quality 92).

use std::io::Cursor;

use bytes::Bytes;
use image::{DynamicImage, GrayImage, ImageFormat, Rgb, RgbImage, RgbaImage};

use crate::settings::cutout::{Background, CutFormat, CutOut, Margin};

/// Why a cut-out cannot be finished.
#[derive(Debug, thiserror::Error)]
pub enum CutOutError {
    #[error("the answer is not an image this can read: {0}")]
    Answer(image::ImageError),
    #[error("the background image {path} cannot be read: {source}")]
    Background { path: String, source: image::ImageError },
    #[error("the cut-out cannot be encoded: {0}")]
    Encode(image::ImageError),
}

/// The finished cut-out's bytes and extension.
pub fn finish(answer: &[u8], o: &CutOut) -> Result<(Bytes, &'static str), CutOutError> {
    let mut img = image::load_from_memory(answer).map_err(CutOutError::Answer)?.into_rgba8();
    if o.crop_to_subject {
        img = crop(&img, o.margin.unwrap_or_default());
    }
    let out = if o.mask_only {
        DynamicImage::ImageLuma8(GrayImage::from_fn(img.width(), img.height(), |x, y| {
            image::Luma([img.get_pixel(x, y).0[3]])
        }))
    } else {
        match &o.background {
            Some(bg) => DynamicImage::ImageRgb8(flatten(&img, bg)?),
            None => DynamicImage::ImageRgba8(img),
        }
    };
    let format = match o.format {
        Some(CutFormat::Jpeg) => ImageFormat::Jpeg,
        Some(CutFormat::Webp) => ImageFormat::WebP,
        Some(CutFormat::Png) | None => ImageFormat::Png,
    };
    // JPEG has no alpha: only an upscale's conversion gets here with one
    // (a cut-out to JPEG needs a background, checked before sending).
    let out = if format == ImageFormat::Jpeg && out.color().has_alpha() {
        DynamicImage::ImageRgb8(out.to_rgb8())
    } else {
        out
    };
    let mut bytes = Cursor::new(Vec::new());
    if format == ImageFormat::Jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 92);
        out.write_with_encoder(encoder).map_err(CutOutError::Encode)?;
    } else {
        out.write_to(&mut bytes, format).map_err(CutOutError::Encode)?;
    }
    Ok((Bytes::from(bytes.into_inner()), o.extension()))
}

/// The box of the pixels with any opacity, widened by `margin` and kept
/// inside the image; the whole image when nothing is opaque.
pub fn subject_box(img: &RgbaImage, margin: Margin) -> (u32, u32, u32, u32) {
    let (w, h) = img.dimensions();
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if p.0[3] > 0 {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    if x0 > x1 {
        return (0, 0, w, h);
    }
    let side = (x1 - x0 + 1).max(y1 - y0 + 1);
    let m = match margin {
        Margin::Px(px) => px,
        Margin::Percent(p) => (side as f32 * p / 100.0).round() as u32,
    };
    let (left, top) = (x0.saturating_sub(m), y0.saturating_sub(m));
    let (right, bottom) = ((x1 + 1).saturating_add(m).min(w), (y1 + 1).saturating_add(m).min(h));
    (left, top, right - left, bottom - top)
}

fn crop(img: &RgbaImage, margin: Margin) -> RgbaImage {
    let (x, y, w, h) = subject_box(img, margin);
    image::imageops::crop_imm(img, x, y, w, h).to_image()
}

/// The cut-out over `bg`: alpha blending, per channel.
fn flatten(img: &RgbaImage, bg: &Background) -> Result<RgbImage, CutOutError> {
    let (w, h) = img.dimensions();
    let under: RgbImage = match bg {
        Background::Colour(c) => RgbImage::from_pixel(w, h, Rgb(*c)),
        Background::Image(path) => {
            let read = image::open(path)
                .map_err(|source| CutOutError::Background { path: path.display().to_string(), source })?;
            read.resize_to_fill(w, h, image::imageops::FilterType::Triangle).into_rgb8()
        }
    };
    Ok(RgbImage::from_fn(w, h, |x, y| {
        let p = img.get_pixel(x, y).0;
        let b = under.get_pixel(x, y).0;
        let a = u32::from(p[3]);
        let mix = |i: usize| ((u32::from(p[i]) * a + u32::from(b[i]) * (255 - a) + 127) / 255) as u8;
        Rgb([mix(0), mix(1), mix(2)])
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_is_the_opaque_pixels_plus_the_margin_inside_the_image() {
        let img = RgbaImage::from_fn(100, 80, |x, y| {
            image::Rgba([0, 0, 0, if (20..40).contains(&x) && (30..50).contains(&y) { 255 } else { 0 }])
        });
        assert_eq!(subject_box(&img, Margin::Px(0)), (20, 30, 20, 20));
        assert_eq!(subject_box(&img, Margin::Px(5)), (15, 25, 30, 30));
        assert_eq!(subject_box(&img, Margin::Percent(50.0)), (10, 20, 40, 40));
        assert_eq!(subject_box(&img, Margin::Px(1000)), (0, 0, 100, 80));
        assert_eq!(subject_box(&RgbaImage::new(4, 4), Margin::Px(1)), (0, 0, 4, 4));
    }
}
