//! Pictures drawn from a prompt, for generation: the same prompt, seed and
//! variant always give the same pixels, another gives other ones, so a test
//! can tell outputs apart and see that a rerun drew nothing new.

use image::{DynamicImage, Rgb, RgbImage};
use sha2::{Digest, Sha256};

use super::imaging::{OutputFormat, encode};

/// A `size` picture for `prompt`, `seed` and `variant` (0-based): a
/// diagonal blend of two colours taken from their hash, crossed by stripes
/// whose spacing comes from it too, encoded as `format`.
pub fn drawn(prompt: &str, seed: i64, variant: u32, size: (u32, u32), format: OutputFormat) -> Vec<u8> {
    let mut hash = Sha256::new();
    hash.update(prompt.as_bytes());
    hash.update(seed.to_le_bytes());
    hash.update(variant.to_le_bytes());
    let h = hash.finalize();
    let (from, to) = ([h[0], h[1], h[2]], [h[3], h[4], h[5]]);
    let stripe = 8 + u32::from(h[6] % 24);
    let (w, h_px) = (size.0.max(1), size.1.max(1));
    let span = u64::from(w) + u64::from(h_px);
    let img = RgbImage::from_fn(w, h_px, |x, y| {
        let t = (u64::from(x) + u64::from(y)) * 255 / span;
        let mix = |a: u8, b: u8| ((u64::from(a) * (255 - t) + u64::from(b) * t) / 255) as u8;
        let mut px = [mix(from[0], to[0]), mix(from[1], to[1]), mix(from[2], to[2])];
        if (x / stripe + y / stripe) % 2 == 0 {
            px = px.map(|c| c / 2 + 64);
        }
        Rgb(px)
    });
    encode(DynamicImage::ImageRgb8(img), format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_prompt_seed_and_variant_draw_the_same_picture() {
        let a = drawn("a lighthouse", 7, 0, (64, 48), OutputFormat::Png);
        assert_eq!(a, drawn("a lighthouse", 7, 0, (64, 48), OutputFormat::Png));
        assert_ne!(a, drawn("a lighthouse", 7, 1, (64, 48), OutputFormat::Png));
        assert_ne!(a, drawn("a lighthouse", 8, 0, (64, 48), OutputFormat::Png));
        assert_ne!(a, drawn("a harbour", 7, 0, (64, 48), OutputFormat::Png));
        let img = image::load_from_memory(&a).unwrap();
        assert_eq!((img.width(), img.height()), (64, 48));
    }
}
