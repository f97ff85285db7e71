//! The upscale operation's own rules, applied locally before anything is
//! sent: the scale ([`Scale`]: 2 or 4, nothing else representable), the
//! creativity range, the output limit and the scale the service will really
//! use ([`ScalePrediction`]), and the upscaler's prices from
//! `GET /models?type=upscale` ([`UpscaleModel`]).
//!
//! The service's rule: the output may have at most
//! [`MAX_UPSCALE_PIXELS`](crate::MAX_UPSCALE_PIXELS). At scale 4 an input
//! whose 4x output would be larger is upscaled by 2 instead (and charged as
//! 2x); an input whose 2x output would be larger is refused.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{InvalidInput, Rule};
use crate::limits::{CREATIVITY_RANGE, MAX_UPSCALE_INPUT_PIXELS, MAX_UPSCALE_PIXELS};
use crate::request::catalogue::{Cost, Price};
use crate::request::options::UnknownValue;
use crate::support::human::thousands;

/// How many times wider and higher an upscaled image is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scale {
    /// Twice as wide and high (the service's default).
    #[default]
    X2,
    /// Four times as wide and high, when the output stays within the limit.
    X4,
}

impl Scale {
    /// Both scales.
    pub const ALL: &'static [Self] = &[Self::X2, Self::X4];

    /// The factor: 2 or 4.
    pub fn factor(self) -> u32 {
        match self {
            Self::X2 => 2,
            Self::X4 => 4,
        }
    }

    /// The pricing key: `2x` or `4x`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::X2 => "2x",
            Self::X4 => "4x",
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scale {
    type Err = UnknownValue;
    /// `2`, `4`, `2x`, `4x` (any case, `x2` and `×` too).
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.trim_start_matches(['x', '×']).trim_end_matches(['x', '×']);
        match t {
            "2" => Ok(Self::X2),
            "4" => Ok(Self::X4),
            _ => Err(UnknownValue { value: s.trim().to_owned(), what: "a scale", expected: &["2", "4"] }),
        }
    }
}

impl Serialize for Scale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.factor())
    }
}

impl From<Scale> for venice_raw::types::UpscaleScale {
    fn from(s: Scale) -> Self {
        match s {
            Scale::X2 => Self::try_from(2).unwrap_or_else(|_| unreachable!("2 is a valid scale")),
            Scale::X4 => Self::try_from(4).unwrap_or_else(|_| unreachable!("4 is a valid scale")),
        }
    }
}

#[cfg(feature = "clap")]
impl clap::ValueEnum for Scale {
    fn value_variants<'a>() -> &'a [Self] {
        Self::ALL
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let (value, alias) = match self {
            Self::X2 => ("2", "2x"),
            Self::X4 => ("4", "4x"),
        };
        Some(clap::builder::PossibleValue::new(value).alias(alias))
    }
}

/// The scale the service will use for an input, and the output's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ScalePrediction {
    /// The scale asked for (2 when none was).
    pub asked_scale: u32,
    /// The scale the service will use, and charge for.
    pub effective_scale: u32,
    /// Width and height of the result.
    pub output_dimensions: (u32, u32),
    /// Why the scale was lowered, when it was.
    pub note: Option<String>,
}

impl ScalePrediction {
    /// The scale used, as a [`Scale`].
    pub fn effective(&self) -> Scale {
        if self.effective_scale == 4 { Scale::X4 } else { Scale::X2 }
    }
}

impl fmt::Display for ScalePrediction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, h) = self.output_dimensions;
        write!(f, "scale: {}x, output {w}x{h}", self.effective_scale)?;
        if let Some(n) = &self.note {
            write!(f, " ({n})")?;
        }
        Ok(())
    }
}

/// The scale the service uses for a `width`x`height` input when `asked` is
/// asked: 4 only when the 4x output fits, else 2 when that fits; an input
/// too large even for 2x is refused, with the numbers and what to do.
pub(crate) fn predict(
    field: &str,
    origin: &str,
    asked: Scale,
    (width, height): (u32, u32),
) -> Result<ScalePrediction, InvalidInput> {
    let pixels = u64::from(width) * u64::from(height);
    let fits = |s: Scale| pixels * u64::from(s.factor() * s.factor()) <= MAX_UPSCALE_PIXELS;
    let effective = if asked == Scale::X4 && fits(Scale::X4) {
        Scale::X4
    } else if fits(Scale::X2) {
        Scale::X2
    } else {
        return Err(InvalidInput::new(
            field,
            Rule::TooManyPixels,
            format!(
                "{origin} is {width}x{height} ({} pixels); upscaled even by 2 it would be {} pixels, over the {} an upscale may give: downscale it to at most {} pixels (2048x2048, say), or pass --fit",
                thousands(pixels),
                thousands(pixels * 4),
                thousands(MAX_UPSCALE_PIXELS),
                thousands(MAX_UPSCALE_INPUT_PIXELS)
            ),
        ));
    };
    let note = (effective != asked).then(|| {
        format!(
            "4x asked, lowered to 2x by the service: 4x would give {} pixels, over its limit of {}; charged as 2x",
            thousands(pixels * 16),
            thousands(MAX_UPSCALE_PIXELS)
        )
    });
    let f = effective.factor();
    Ok(ScalePrediction {
        asked_scale: asked.factor(),
        effective_scale: f,
        output_dimensions: (width.saturating_mul(f), height.saturating_mul(f)),
        note,
    })
}

/// `creativity` within [`CREATIVITY_RANGE`]; NaN and infinities refused.
/// [`Client::prepare_upscale`](crate::Client::prepare_upscale) applies it;
/// a caller with many inputs can check once, up front, with
/// [`UpscaleRequest::check_creativity`](crate::UpscaleRequest::check_creativity).
pub(crate) fn check_creativity(creativity: Option<f64>) -> Result<(), InvalidInput> {
    match creativity {
        Some(c) if !CREATIVITY_RANGE.contains(&c) => Err(InvalidInput::new(
            "creativity",
            Rule::OutOfRange,
            format!(
                "{c} is outside {} to {}; the service takes a creativity in that range (0 stays closest to the source, 0.01 is its default)",
                CREATIVITY_RANGE.start(),
                CREATIVITY_RANGE.end()
            ),
        )),
        _ => Ok(()),
    }
}

/// The upscaler, as `GET /models?type=upscale` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpscaleModel {
    /// Its id (`upscaler`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Price per scale, keyed `2x` and `4x` (`model_spec.pricing.upscale`).
    pub prices: BTreeMap<String, Price>,
}

impl UpscaleModel {
    /// The price of one upscale by `scale`, when listed.
    pub fn price(&self, scale: Scale) -> Option<Price> {
        self.prices.get(scale.as_str()).copied()
    }

    /// The estimated cost of one upscale used at `scale`.
    pub(crate) fn cost(&self, scale: Scale, prediction: Option<&ScalePrediction>) -> Option<Cost> {
        let price = self.price(scale)?;
        let basis = match prediction {
            Some(p) if p.note.is_some() => format!("{scale} upscale, lowered from 4x"),
            Some(_) => format!("{scale} upscale"),
            None => format!("{scale} upscale, or less if the service lowers the scale"),
        };
        Some(Cost { usd: price.usd, basis })
    }
}

/// Reads the upscale models of a model list; other types are skipped, and
/// an upscale model whose prices cannot be read is skipped with a warning.
pub(crate) fn upscale_models(list: &venice_raw::types::ModelList) -> Vec<UpscaleModel> {
    let mut models = Vec::new();
    for m in list.data.iter().filter(|m| m.type_ == "upscale") {
        let spec = &m.model_spec;
        let prices =
            spec.pricing.get("upscale").cloned().map(serde_json::from_value::<BTreeMap<String, Price>>);
        match prices {
            Some(Ok(prices)) => models.push(UpscaleModel {
                id: m.id.clone(),
                name: spec.name.clone().unwrap_or_else(|| m.id.clone()),
                prices,
            }),
            other => tracing::warn!(
                model = %m.id,
                problem = ?other.map(|r| r.err().map(|e| e.to_string())),
                "skipping an upscale model whose prices cannot be read"
            ),
        }
    }
    models.sort_by(|a, b| a.id.cmp(&b.id));
    models
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_parse_from_numbers_and_names_and_nothing_else() {
        for (text, scale) in
            [("2", Scale::X2), ("4", Scale::X4), ("2x", Scale::X2), ("4X", Scale::X4), ("x4", Scale::X4)]
        {
            assert_eq!(text.parse::<Scale>().unwrap(), scale, "{text}");
        }
        for bad in ["3", "8", "", "2.5", "4xx4", "two"] {
            let e = bad.parse::<Scale>().unwrap_err();
            assert!(e.to_string().contains("use 2, 4"), "{bad}: {e}");
        }
        assert_eq!(serde_json::to_string(&Scale::X4).unwrap(), "4");
        assert_eq!(*venice_raw::types::UpscaleScale::from(Scale::X4), 4);
    }

    #[test]
    fn the_scale_is_lowered_exactly_where_the_service_lowers_it() {
        let p = predict("image", "a", Scale::X4, (1024, 1024)).unwrap();
        assert_eq!((p.effective_scale, p.output_dimensions, p.note.is_none()), (4, (4096, 4096), true));
        let p = predict("image", "a", Scale::X4, (1025, 1024)).unwrap();
        assert_eq!((p.effective_scale, p.output_dimensions), (2, (2050, 2048)));
        assert!(p.note.as_deref().unwrap().starts_with("4x asked, lowered to 2x"), "{p}");
        let p = predict("image", "a", Scale::X2, (2048, 2048)).unwrap();
        assert_eq!(p.effective_scale, 2, "exactly fits at 2x");
        for asked in [Scale::X2, Scale::X4] {
            let e = predict("image", "big.png", asked, (2049, 2048)).unwrap_err();
            assert_eq!(e.rule, Rule::TooManyPixels);
            assert!(e.message.contains("2049x2048 (4,196,352 pixels)"), "{}", e.message);
            assert!(e.message.contains("16,777,216") && e.message.contains("--fit"), "{}", e.message);
        }
    }

    #[test]
    fn creativity_is_held_to_its_range() {
        for ok in [None, Some(0.0), Some(0.01), Some(0.02)] {
            assert!(check_creativity(ok).is_ok(), "{ok:?}");
        }
        for bad in [-0.001, 0.021, 1.0, f64::NAN, f64::INFINITY] {
            let e = check_creativity(Some(bad)).unwrap_err();
            assert_eq!((e.field.as_str(), e.rule), ("creativity", Rule::OutOfRange), "{bad}");
            assert!(e.message.contains("outside 0 to 0.02"), "{}", e.message);
        }
    }
}
