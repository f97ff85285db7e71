//! Real, encoded test images for tests and benchmarks: a subject on a plain
//! background, in each format the service takes.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A `width`x`height` picture: a red disc on a light grey background, with a
/// gradient so that it does not compress to nothing.
pub fn picture(width: u32, height: u32) -> RgbImage {
    let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
    let r = width.min(height) as f32 / 4.0;
    RgbImage::from_fn(width, height, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        if dx * dx + dy * dy < r * r { Rgb([200, 30 + (x % 16) as u8, 30]) } else { Rgb([240, 240, 240]) }
    })
}

fn encode(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encoding in memory cannot fail");
    out.into_inner()
}

/// [`picture`] as PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    encode(DynamicImage::ImageRgb8(picture(width, height)), ImageFormat::Png)
}

/// [`picture`] as JPEG (quality 75).
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode(DynamicImage::ImageRgb8(picture(width, height)), ImageFormat::Jpeg)
}

/// [`picture`] as lossless WebP.
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    encode(
        DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(picture(width, height)).into_rgba8()),
        ImageFormat::WebP,
    )
}

/// [`picture`] as a one-frame GIF.
pub fn gif(width: u32, height: u32) -> Vec<u8> {
    encode(
        DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(picture(width, height)).into_rgba8()),
        ImageFormat::Gif,
    )
}

/// A mask layer: opaque white on the left half, transparent elsewhere (PNG).
pub fn half_mask(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 { image::Rgba([255, 255, 255, 255]) } else { image::Rgba([0, 0, 0, 0]) }
    });
    encode(DynamicImage::ImageRgba8(img), ImageFormat::Png)
}

/// A real PNG whose header is rewritten to claim `width`x`height` (its CRC
/// fixed up): for anything that reads only the header, such as the pixel
/// bounds, without making a huge image.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = png(300, 300);
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = png_crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// CRC-32 (IEEE), as PNG chunks use.
fn png_crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
