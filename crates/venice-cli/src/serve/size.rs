//! OpenAI's `size` (`WxH`) as Venice asks for it: the nearest aspect ratio
//! the model takes (compared on a log scale, so 3:2 and 2:3 are as far from
//! 1:1) and the nearest resolution tier (`1K`, `2K`, `4K`) by area. `auto` leaves both to the model.
//! A generation model sized by width and height gets [`pixels`]: the same
//! shape within its largest side, in multiples of its divisor.

use venice_image::{AspectRatio, MAX_GENERATE_SIDE};

/// The aspect ratio and tier nearest `width`x`height`, among `ratios` and
/// `tiers` (the model's; every ratio and no tier when the model is unknown).
pub fn nearest(
    width: u32,
    height: u32,
    ratios: &[String],
    tiers: &[String],
) -> (AspectRatio, Option<String>) {
    let wanted = (f64::from(width) / f64::from(height)).ln();
    let candidates: Vec<AspectRatio> = if ratios.is_empty() {
        AspectRatio::ALL.to_vec()
    } else {
        ratios.iter().filter_map(|r| r.parse().ok()).collect()
    };
    let ratio = candidates
        .into_iter()
        .filter_map(|r| value(r).map(|v| (r, (v.ln() - wanted).abs())))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(AspectRatio::Auto, |(r, _)| r);
    // The side of a square of the same area: 1536x1024 is nearer 1K than 2K.
    let side = (f64::from(width) * f64::from(height)).sqrt();
    let tier = tiers
        .iter()
        .filter_map(|t| tier_pixels(t).map(|px| (t, (px.ln() - side.ln()).abs())))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(t, _)| t.clone());
    (ratio, tier)
}

/// `width`x`height` for a model sized in pixels: scaled down (never up) so
/// that the longer side is at most [`MAX_GENERATE_SIDE`], each side rounded
/// to the nearest multiple of `divisor` (at least one of it).
pub fn pixels(width: u32, height: u32, divisor: Option<u32>) -> (u32, u32) {
    let scale = (f64::from(MAX_GENERATE_SIDE) / f64::from(width.max(height).max(1))).min(1.0);
    let d = divisor.unwrap_or(1).clamp(1, MAX_GENERATE_SIDE);
    let largest = MAX_GENERATE_SIDE / d * d;
    let fit = |side: u32| {
        let multiples = (f64::from(side) * scale / f64::from(d)).round().max(1.0);
        // Within 1..=MAX_GENERATE_SIDE / d: the cast cannot truncate.
        ((multiples as u32) * d).min(largest)
    };
    (fit(width), fit(height))
}

/// Width over height of a ratio; none for `auto`.
fn value(r: AspectRatio) -> Option<f64> {
    let (w, h) = r.as_str().split_once(':')?;
    Some(w.parse::<f64>().ok()? / h.parse::<f64>().ok()?)
}

/// The side of a tier's square images.
fn tier_pixels(tier: &str) -> Option<f64> {
    match tier {
        "1K" => Some(1024.0),
        "2K" => Some(2048.0),
        "4K" => Some(4096.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn openai_sizes_find_their_ratios_and_tiers() {
        let tiers = strings(&["1K", "2K", "4K"]);
        assert_eq!(nearest(1536, 1024, &[], &tiers), (AspectRatio::Landscape3x2, Some("1K".into())));
        assert_eq!(nearest(1024, 1536, &[], &tiers).0, AspectRatio::Portrait2x3);
        assert_eq!(nearest(1024, 1024, &[], &[]), (AspectRatio::Square, None));
        assert_eq!(nearest(4096, 2304, &[], &tiers), (AspectRatio::Landscape16x9, Some("4K".into())));
    }

    #[test]
    fn pixel_sizes_keep_their_shape_within_the_models_bounds() {
        assert_eq!(pixels(1024, 1024, Some(8)), (1024, 1024));
        assert_eq!(pixels(1536, 1024, Some(16)), (1280, 848));
        assert_eq!(pixels(16384, 1, Some(64)), (1280, 64));
        assert_eq!(pixels(500, 300, None), (500, 300));
    }

    #[test]
    fn only_what_the_model_takes_is_chosen() {
        let (r, t) = nearest(1536, 1024, &strings(&["1:1", "16:9"]), &strings(&["1K"]));
        assert_eq!((r, t.as_deref()), (AspectRatio::Landscape16x9, Some("1K")));
    }
}
