//! The small preview an agent asks for with `preview: true`: the result
//! decoded, shrunk to 256 px on its long side, and encoded as PNG (when it
//! has transparency) or JPEG, in base64 for an image content block.

use std::io::Cursor;

use base64::Engine;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat};

/// The long side of a preview, in pixels.
pub const PREVIEW_SIDE: u32 = 256;

/// A preview, ready for an image content block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub base64: String,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Why no preview could be made (the result itself is written all the same).
#[derive(Debug, thiserror::Error)]
#[error("no preview: {0}")]
pub struct PreviewError(#[from] image::ImageError);

/// A preview of an image's bytes. Decoding runs under the `image` crate's
/// default memory limits. Blocking: run it off the async threads.
pub fn make(bytes: &[u8]) -> Result<Preview, PreviewError> {
    let image = image::load_from_memory(bytes)?;
    let thumb = if image.width().max(image.height()) > PREVIEW_SIDE {
        image.thumbnail(PREVIEW_SIDE, PREVIEW_SIDE)
    } else {
        image
    };
    let mut out = Cursor::new(Vec::new());
    let mime = if thumb.color().has_alpha() {
        thumb.write_to(&mut out, ImageFormat::Png)?;
        "image/png"
    } else {
        let rgb = DynamicImage::ImageRgb8(thumb.to_rgb8());
        rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 80))?;
        "image/jpeg"
    };
    Ok(Preview {
        base64: base64::engine::general_purpose::STANDARD.encode(out.into_inner()),
        mime,
        width: thumb.width(),
        height: thumb.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn decode(p: &Preview) -> DynamicImage {
        let bytes = base64::engine::general_purpose::STANDARD.decode(&p.base64).unwrap();
        image::load_from_memory(&bytes).unwrap()
    }

    #[test]
    fn a_large_opaque_image_becomes_a_small_jpeg_of_the_same_shape() {
        let p = make(&venice_mock::fixtures::png(1024, 576)).unwrap();
        assert_eq!((p.mime, p.width, p.height), ("image/jpeg", 256, 144));
        assert_eq!(decode(&p).width(), 256);
    }

    #[test]
    fn transparency_is_kept_as_png() {
        let rgba = image::RgbaImage::from_pixel(300, 600, image::Rgba([0, 0, 0, 0]));
        let mut bytes = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(rgba).write_to(&mut bytes, ImageFormat::Png).unwrap();
        let p = make(bytes.get_ref()).unwrap();
        assert_eq!((p.mime, p.width, p.height), ("image/png", 128, 256));
        assert!(decode(&p).color().has_alpha());
    }

    #[test]
    fn bytes_that_are_not_an_image_are_an_error_not_a_panic() {
        assert!(make(b"not an image").is_err());
        assert!(make(&[]).is_err());
    }
}
