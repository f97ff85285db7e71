//! The emulator's image work: checking inputs the way the service does, and
//! producing real, visibly edited outputs.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Rgba, RgbaImage};

/// Fewest pixels an input may have.
pub const MIN_PIXELS: u64 = 65_536;
/// Most pixels an input may have.
pub const MAX_PIXELS: u64 = 33_177_600;
/// An input file must be smaller than this (25 MB, as binary megabytes).
pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;
/// Most pixels an upscaled output may have (4096 x 4096).
pub const MAX_UPSCALE_PIXELS: u64 = 16_777_216;

/// Why an input image is refused (each a 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// No bytes at all.
    Empty,
    /// 25 MB or more.
    FileTooLarge(usize),
    /// A format the service does not take (named), or none recognised.
    Unsupported(&'static str),
    /// The header or data cannot be decoded.
    Corrupt(String),
    /// Fewer than [`MIN_PIXELS`].
    TooSmall(u32, u32),
    /// More than [`MAX_PIXELS`].
    TooLarge(u32, u32),
}

impl ImageProblem {
    /// The error text of the 400 answer.
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "CORRUPTED_IMAGE: the image is empty".into(),
            Self::FileTooLarge(n) => {
                format!("FILE_TOO_LARGE: file size must be less than 25MB (got {n} bytes)")
            }
            Self::Unsupported(name) => {
                format!(
                    "UNSUPPORTED_IMAGE_FORMAT: {name} images are not supported; send PNG, JPEG, WebP or GIF"
                )
            }
            Self::Corrupt(why) => format!("CORRUPTED_IMAGE: the image could not be read ({why})"),
            Self::TooSmall(w, h) => format!(
                "IMAGE_TOO_SMALL: image dimensions must be at least {MIN_PIXELS} pixels (got {w}x{h} = {})",
                u64::from(*w) * u64::from(*h)
            ),
            Self::TooLarge(w, h) => format!(
                "IMAGE_TOO_LARGE: image dimensions must not exceed {MAX_PIXELS} pixels (got {w}x{h} = {})",
                u64::from(*w) * u64::from(*h)
            ),
        }
    }
}

/// The format an input's bytes announce, by magic number: what the
/// recording shows, including formats the service refuses.
pub fn sniff(bytes: &[u8]) -> &'static str {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => "png",
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "webp",
        [b'G', b'I', b'F', b'8', ..] => "gif",
        [b'B', b'M', ..] => "bmp",
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => "tiff",
        [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f', ..] => "avif",
        [_, _, _, _, b'f', b't', b'y', b'p', b'h', b'e', b'i', b'c', ..] => "heic",
        _ => "unknown",
    }
}

/// An input that passed the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    /// Its format.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Checks an input as the service does, reading only the header.
pub fn inspect(bytes: &[u8]) -> Result<Inspected, ImageProblem> {
    if bytes.is_empty() {
        return Err(ImageProblem::Empty);
    }
    if bytes.len() >= MAX_FILE_BYTES {
        return Err(ImageProblem::FileTooLarge(bytes.len()));
    }
    let format = match sniff(bytes) {
        "png" => ImageFormat::Png,
        "jpeg" => ImageFormat::Jpeg,
        "webp" => ImageFormat::WebP,
        "gif" => ImageFormat::Gif,
        other => return Err(ImageProblem::Unsupported(other)),
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| ImageProblem::Corrupt(e.to_string()))?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels < MIN_PIXELS {
        return Err(ImageProblem::TooSmall(width, height));
    }
    if pixels > MAX_PIXELS {
        return Err(ImageProblem::TooLarge(width, height));
    }
    Ok(Inspected { format, width, height })
}

/// Encodings the service answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// `image/png`.
    Png,
    /// `image/jpeg`.
    Jpeg,
    /// `image/webp` (lossless here).
    Webp,
}

impl OutputFormat {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }
}

/// Output size: the tier's long side (1K 1024, 2K 2048, 4K 4096) with the
/// asked ratio, or the input's ratio for `auto`, none, or `keep_shape`.
pub fn output_size(input: (u32, u32), aspect: Option<&str>, tier: &str, keep_shape: bool) -> (u32, u32) {
    let long = match tier {
        "2K" => 2048.0,
        "4K" => 4096.0,
        _ => 1024.0,
    };
    let input_ratio = f64::from(input.0.max(1)) / f64::from(input.1.max(1));
    let ratio = match aspect {
        Some(r) if !keep_shape && r != "auto" => r
            .split_once(':')
            .and_then(|(w, h)| Some(w.parse::<f64>().ok()? / h.parse::<f64>().ok()?))
            .unwrap_or(input_ratio),
        _ => input_ratio,
    };
    let (w, h) = if ratio >= 1.0 { (long, long / ratio) } else { (long * ratio, long) };
    ((w.round() as u32).max(1), (h.round() as u32).max(1))
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, ImageProblem> {
    image::load_from_memory(bytes).map_err(|e| ImageProblem::Corrupt(e.to_string()))
}

/// Nearest-neighbour scaling of packed pixels with `channels` bytes each:
/// integer index arithmetic and a column table, so it costs about one copy
/// per output pixel (`image`'s generic resize spends most of an edit in
/// float rounding).
fn nearest(src: &[u8], from: (u32, u32), to: (u32, u32), channels: usize) -> Vec<u8> {
    let (sw, sh) = (from.0 as usize, from.1 as usize);
    let (dw, dh) = (to.0 as usize, to.1 as usize);
    let columns: Vec<usize> = (0..dw).map(|x| x * sw / dw * channels).collect();
    let mut out = Vec::with_capacity(dw * dh * channels);
    for y in 0..dh {
        let row = &src[y * sh / dh * sw * channels..];
        for &c in &columns {
            out.extend_from_slice(&row[c..c + channels]);
        }
    }
    out
}

/// The image at exactly `size`, as RGBA (or RGB when it has no alpha).
fn fit(img: DynamicImage, size: (u32, u32)) -> DynamicImage {
    let from = (img.width(), img.height());
    if img.color().has_alpha() {
        let raw = nearest(img.into_rgba8().as_raw(), from, size, 4);
        DynamicImage::ImageRgba8(RgbaImage::from_raw(size.0, size.1, raw).expect("sized to fit"))
    } else {
        let raw = nearest(img.into_rgb8().as_raw(), from, size, 3);
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(size.0, size.1, raw).expect("sized to fit"))
    }
}

/// An edit: the input at the output size with its colours inverted.
pub fn edit(input: &[u8], size: (u32, u32), format: OutputFormat) -> Result<Vec<u8>, ImageProblem> {
    let img = decode(input)?;
    if img.color().has_alpha() {
        let mut img = fit(img, size).into_rgba8();
        for p in img.pixels_mut() {
            p.0 = [255 - p.0[0], 255 - p.0[1], 255 - p.0[2], p.0[3]];
        }
        Ok(encode(DynamicImage::ImageRgba8(img), format))
    } else {
        let mut img = fit(img, size).into_rgb8();
        for p in img.pixels_mut() {
            p.0 = [255 - p.0[0], 255 - p.0[1], 255 - p.0[2]];
        }
        Ok(encode(DynamicImage::ImageRgb8(img), format))
    }
}

/// A multi-edit: every layer drawn over the base at the output size, through
/// its alpha (layers without transparency at half strength).
pub fn composite(inputs: &[&[u8]], size: (u32, u32), format: OutputFormat) -> Result<Vec<u8>, ImageProblem> {
    let (base, layers) = inputs.split_first().ok_or(ImageProblem::Empty)?;
    let mut out = fit(decode(base)?, size).into_rgba8();
    for layer in layers {
        let layer = decode(layer)?;
        let opaque = !layer.color().has_alpha();
        let layer = fit(layer, size).into_rgba8();
        for (dst, src) in out.pixels_mut().zip(layer.pixels()) {
            let a = if opaque { 0.5 } else { f32::from(src.0[3]) / 255.0 };
            for c in 0..3 {
                let mixed = f32::from(src.0[c]) * a + f32::from(dst.0[c]) * (1.0 - a);
                dst.0[c] = mixed.round() as u8;
            }
        }
    }
    Ok(encode(DynamicImage::ImageRgba8(out), format))
}

/// An upscale: the input enlarged to `size` (nearest neighbour, so each
/// input pixel becomes a block of equal pixels), as PNG.
pub fn upscale(input: &[u8], size: (u32, u32)) -> Result<Vec<u8>, ImageProblem> {
    Ok(encode(fit(decode(input)?, size), OutputFormat::Png))
}

/// A cut-out: pixels connected to the border and close to the border colour
/// become transparent; everything else stays opaque. Always PNG.
pub fn remove_background(input: &[u8]) -> Result<Vec<u8>, ImageProblem> {
    let mut img = decode(input)?.into_rgba8();
    clear_border_region(&mut img);
    Ok(encode(DynamicImage::ImageRgba8(img), OutputFormat::Png))
}

fn close(a: &Rgba<u8>, b: &Rgba<u8>) -> bool {
    let d: i32 = (0..3).map(|c| (i32::from(a.0[c]) - i32::from(b.0[c])).abs()).sum();
    d <= 60
}

fn clear_border_region(img: &mut RgbaImage) {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return;
    }
    let reference = *img.get_pixel(0, 0);
    let mut seen = vec![false; w as usize * h as usize];
    let mut stack: Vec<(u32, u32)> = Vec::new();
    for x in 0..w {
        stack.push((x, 0));
        stack.push((x, h - 1));
    }
    for y in 0..h {
        stack.push((0, y));
        stack.push((w - 1, y));
    }
    for p in img.pixels_mut() {
        p.0[3] = 255;
    }
    while let Some((x, y)) = stack.pop() {
        let i = y as usize * w as usize + x as usize;
        if seen[i] || !close(img.get_pixel(x, y), &reference) {
            continue;
        }
        seen[i] = true;
        img.get_pixel_mut(x, y).0[3] = 0;
        if x > 0 {
            stack.push((x - 1, y));
        }
        if x + 1 < w {
            stack.push((x + 1, y));
        }
        if y > 0 {
            stack.push((x, y - 1));
        }
        if y + 1 < h {
            stack.push((x, y + 1));
        }
    }
}

/// An answer built without decoding the input (see
/// [`MockConfig::decode_pixels`](crate::MockConfig::decode_pixels)): a real
/// image of the right size; with `cut_out`, a transparent frame around an
/// opaque centre. Encoded once per size and format, then reused, so that
/// measuring a client measures the client.
pub fn synthetic(size: (u32, u32), format: OutputFormat, cut_out: bool) -> bytes::Bytes {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Key = ((u32, u32), OutputFormat, bool);
    static CACHE: OnceLock<Mutex<HashMap<Key, bytes::Bytes>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (size, format, cut_out);
    if let Some(hit) = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
        return hit.clone();
    }
    let (w, h) = size;
    let img = RgbaImage::from_fn(w, h, |x, y| {
        let border = x < w / 8 || y < h / 8 || x >= w - w / 8 || y >= h - h / 8;
        Rgba([90, 160, 200, if cut_out && border { 0 } else { 255 }])
    });
    let bytes = bytes::Bytes::from(encode(DynamicImage::ImageRgba8(img), format));
    cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key, bytes.clone());
    bytes
}

/// Encodes; JPEG drops the alpha channel.
pub fn encode(img: DynamicImage, format: OutputFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let result = match format {
        OutputFormat::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Sub,
            );
            img.write_with_encoder(encoder)
        }
        OutputFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            DynamicImage::ImageRgb8(img.into_rgb8()).write_with_encoder(encoder)
        }
        OutputFormat::Webp => {
            let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            img.write_with_encoder(encoder)
        }
    };
    result.expect("encoding an in-memory RGBA image cannot fail");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
        encode(DynamicImage::ImageRgba8(RgbaImage::from_fn(w, h, |x, y| Rgba(f(x, y)))), OutputFormat::Png)
    }

    #[test]
    fn inspect_enforces_the_pixel_bounds() {
        assert_eq!(inspect(&png(255, 255, |_, _| [0; 4])), Err(ImageProblem::TooSmall(255, 255)));
        let ok = inspect(&png(256, 256, |_, _| [0; 4])).unwrap();
        assert_eq!((ok.width, ok.height, ok.format), (256, 256, ImageFormat::Png));
    }

    #[test]
    fn inspect_refuses_empty_corrupt_and_foreign_inputs() {
        assert_eq!(inspect(b""), Err(ImageProblem::Empty));
        assert_eq!(inspect(b"hello, I am text"), Err(ImageProblem::Unsupported("unknown")));
        assert_eq!(inspect(b"BM\0\0\0\0\0\0"), Err(ImageProblem::Unsupported("bmp")));
        let truncated = &png(300, 300, |_, _| [1; 4])[..20];
        assert!(matches!(inspect(truncated), Err(ImageProblem::Corrupt(_))));
    }

    #[test]
    fn output_sizes_follow_tier_and_ratio() {
        assert_eq!(output_size((4000, 3000), Some("16:9"), "1K", false), (1024, 576));
        assert_eq!(output_size((4000, 3000), Some("9:16"), "2K", false), (1152, 2048));
        assert_eq!(output_size((4000, 3000), Some("auto"), "1K", false), (1024, 768));
        assert_eq!(output_size((4000, 3000), Some("1:1"), "1K", true), (1024, 768));
    }

    #[test]
    fn edit_inverts_and_resizes() {
        let input = png(400, 300, |_, _| [10, 20, 30, 255]);
        let out = edit(&input, (200, 100), OutputFormat::Png).unwrap();
        let img = image::load_from_memory(&out).unwrap().into_rgba8();
        assert_eq!(img.dimensions(), (200, 100));
        assert_eq!(img.get_pixel(50, 50).0, [245, 235, 225, 255]);
    }

    #[test]
    fn upscale_enlarges_each_pixel_into_a_block() {
        let input = png(256, 256, |x, _| if x < 128 { [255, 0, 0, 255] } else { [0, 0, 255, 128] });
        let out = image::load_from_memory(&upscale(&input, (512, 512)).unwrap()).unwrap().into_rgba8();
        assert_eq!(out.dimensions(), (512, 512));
        assert_eq!(out.get_pixel(255, 300).0, [255, 0, 0, 255]);
        assert_eq!(out.get_pixel(256, 300).0, [0, 0, 255, 128], "alpha is kept");
    }

    #[test]
    fn background_removal_clears_the_border_region_only() {
        // White background, red square in the middle.
        let input = png(300, 300, |x, y| {
            if (100..200).contains(&x) && (100..200).contains(&y) { [200, 0, 0, 255] } else { [255; 4] }
        });
        let out = image::load_from_memory(&remove_background(&input).unwrap()).unwrap().into_rgba8();
        assert_eq!(out.get_pixel(5, 5).0[3], 0);
        assert_eq!(out.get_pixel(150, 150).0, [200, 0, 0, 255]);
    }

    #[test]
    fn composite_draws_layers_through_their_alpha() {
        let base = png(300, 300, |_, _| [0, 0, 0, 255]);
        let mask = png(300, 300, |x, _| if x < 150 { [255, 255, 255, 255] } else { [255, 255, 255, 0] });
        let out = composite(&[&base, &mask], (300, 300), OutputFormat::Png).unwrap();
        let img = image::load_from_memory(&out).unwrap().into_rgba8();
        assert_eq!(img.get_pixel(10, 10).0, [255, 255, 255, 255]);
        assert_eq!(img.get_pixel(290, 10).0, [0, 0, 0, 255]);
    }
}
