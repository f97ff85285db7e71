//! The upscale operation's own rules, applied once its fields and its image
//! have passed the common stages:
//!
//! - `scale` is 2 or 4 (default 2); any other number is refused by the
//!   field stage, although the schema's bounds alone (2 to 4) would let 3
//!   through: the service's own description of the field allows only 2
//!   and 4, and the emulator holds clients to that.
//! - `creativity` (default 0.01) is any number, or null for the default.
//!   The service clamps it into 0..=0.02 rather than refusing values
//!   outside (the schema gives it no bounds, only the clamp), so the
//!   emulator accepts any number too. Its output does not depend on the
//!   creativity, so there is nothing for it to clamp.
//! - The output may have at most [`MAX_UPSCALE_PIXELS`] pixels. At scale 4,
//!   an input whose 4x output would be larger is upscaled by 2 instead (and
//!   charged as 2x). When even the 2x output is larger, that is, for inputs
//!   over 4,194,304 pixels, the request is a 400 on `image`.
//! - The price is the catalogue's `upscale` price for the scale used.

use serde_json::{Map, Value};

use super::operation::Plan;
use crate::http::Fail;
use crate::pixels::imaging::{Inspected, MAX_UPSCALE_PIXELS};
use crate::state::State;

/// The scale used when none is asked for.
const DEFAULT_SCALE: u32 = 2;

/// Whether `scale` is one the service accepts.
pub(super) fn valid_scale(scale: f64) -> bool {
    scale == 2.0 || scale == 4.0
}

/// The asked scale (the field stage has checked it is 2 or 4).
fn asked_scale(fields: &Map<String, Value>) -> u32 {
    if fields.get("scale").and_then(Value::as_f64) == Some(4.0) { 4 } else { DEFAULT_SCALE }
}

/// The scale used for a `width`x`height` input when `asked` is asked: 4
/// only when the 4x output fits, else 2 when that fits, else a 400.
pub(super) fn effective_scale(asked: u32, (width, height): (u32, u32)) -> Result<u32, Fail> {
    let pixels = u64::from(width) * u64::from(height);
    let fits = |scale: u32| pixels * u64::from(scale * scale) <= MAX_UPSCALE_PIXELS;
    if asked == 4 && fits(4) {
        return Ok(4);
    }
    if fits(2) {
        return Ok(2);
    }
    Err(Fail::field(
        "image",
        format!(
            "IMAGE_TOO_LARGE: upscaling {width}x{height} even by 2 gives {} pixels; an upscaled image may have at most {MAX_UPSCALE_PIXELS}",
            pixels * 4
        ),
    ))
}

/// Plans an upscale: the scale used, the model's headers and the price.
pub(super) fn plan(
    state: &State,
    fields: &Map<String, Value>,
    inspected: &[Inspected],
) -> Result<Plan, Fail> {
    let input =
        inspected.first().map(|i| (i.width, i.height)).ok_or_else(|| Fail::field("image", "Required"))?;
    let scale = effective_scale(asked_scale(fields), input)?;
    let unavailable = || Fail::new(503, "The model is at capacity. Please try again later.");
    let upscaler = state.catalogue.upscaler().ok_or_else(unavailable)?;
    let price = upscaler.price(scale).ok_or_else(unavailable)?;
    Ok(Plan { rules: None, model: Some((upscaler.id, upscaler.name)), price, scale: Some(scale) })
}

#[cfg(test)]
mod tests {
    use image::ImageFormat;
    use serde_json::json;

    use super::*;
    use crate::config::MockConfig;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn png(width: u32, height: u32) -> Inspected {
        Inspected { format: ImageFormat::Png, width, height }
    }

    #[test]
    fn only_2_and_4_are_scales() {
        assert!(valid_scale(2.0) && valid_scale(4.0));
        assert!(!valid_scale(3.0) && !valid_scale(1.0) && !valid_scale(8.0) && !valid_scale(2.5));
    }

    #[test]
    fn scale_4_drops_to_2_when_the_4x_output_would_be_too_large() {
        assert_eq!(effective_scale(4, (1024, 1024)).unwrap(), 4, "exactly 16,777,216 pixels fits");
        assert_eq!(effective_scale(4, (1025, 1024)).unwrap(), 2);
        assert_eq!(effective_scale(2, (300, 300)).unwrap(), 2, "2 stays 2");
        assert_eq!(effective_scale(4, (2048, 2048)).unwrap(), 2, "exactly fits at 2x");
    }

    #[test]
    fn an_input_too_large_even_for_2x_is_a_400_on_image() {
        for asked in [2, 4] {
            let f = effective_scale(asked, (2049, 2048)).unwrap_err();
            assert_eq!(f.status.as_u16(), 400);
            assert!(
                f.message().starts_with("IMAGE_TOO_LARGE: upscaling 2049x2048 even by 2"),
                "{}",
                f.message()
            );
            assert!(f.body["details"]["image"].is_object());
        }
    }

    #[test]
    fn the_plan_prices_the_scale_used() {
        let s = State::new(MockConfig::default()).unwrap();
        let p = plan(&s, &fields(json!({"scale": 4})), &[png(300, 300)]).unwrap();
        assert_eq!((p.scale, p.price), (Some(4), 0.08));
        assert_eq!(p.model, Some(("upscaler".to_owned(), "Upscaler".to_owned())));
        let p = plan(&s, &fields(json!({"scale": 4})), &[png(1100, 1000)]).unwrap();
        assert_eq!((p.scale, p.price), (Some(2), 0.02), "lowered, and charged as 2x");
        let p = plan(&s, &fields(json!({})), &[png(300, 300)]).unwrap();
        assert_eq!((p.scale, p.price), (Some(2), 0.02), "2 by default");
    }
}
