//! Thumbnails for galleries: an image decoded with the `image` crate,
//! shrunk to fit a square (256 px on the long side by default) and written
//! as a small JPEG, so a gallery of hundreds of inputs stays a few MB.

use std::path::Path;

/// The long side of a gallery thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 256;

/// JPEG quality of thumbnails: small files, still clear at 256 px.
const QUALITY: u8 = 72;

/// Why a thumbnail could not be made (the gallery then shows none).
#[derive(Debug, thiserror::Error)]
pub enum ThumbError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot decode the image: {0}")]
    Decode(#[from] image::ImageError),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// A thumbnail of the image file at `from`, written to `to` as JPEG.
pub fn thumbnail_of_file(from: &Path, to: &Path, side: u32) -> Result<(), ThumbError> {
    let bytes = std::fs::read(from)
        .map_err(|source| ThumbError::Read { path: from.display().to_string(), source })?;
    thumbnail(&bytes, to, side)
}

/// A thumbnail of `bytes`, written to `to` as JPEG (transparency over white).
pub fn thumbnail(bytes: &[u8], to: &Path, side: u32) -> Result<(), ThumbError> {
    let image = image::load_from_memory(bytes)?;
    let small = image.thumbnail(side, side).to_rgba8();
    let mut flat = image::RgbImage::new(small.width(), small.height());
    for (x, y, p) in small.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        flat.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY).encode_image(&flat)?;
    venice_image::write_atomic(to, &out)
        .map_err(|source| ThumbError::Write { path: to.display().to_string(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thumbnail_fits_the_side_keeps_the_shape_and_is_small() {
        let dir = tempfile::tempdir().unwrap();
        let mut big = image::RgbaImage::new(1600, 800);
        for (x, y, p) in big.enumerate_pixels_mut() {
            *p = image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, if x < 800 { 255 } else { 0 }]);
        }
        let mut png = Vec::new();
        image::DynamicImage::ImageRgba8(big)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let to = dir.path().join("t.jpg");
        thumbnail(&png, &to, THUMB_SIDE).unwrap();
        let t = image::open(&to).unwrap();
        assert_eq!((t.width(), t.height()), (256, 128));
        assert!(std::fs::metadata(&to).unwrap().len() < 40_000);
    }

    #[test]
    fn what_is_not_an_image_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            thumbnail(b"not an image", &dir.path().join("t.jpg"), 64),
            Err(ThumbError::Decode(_))
        ));
        assert!(matches!(
            thumbnail_of_file(&dir.path().join("missing.png"), &dir.path().join("t.jpg"), 64),
            Err(ThumbError::Read { .. })
        ));
    }
}
